// CORS for the API routes, for the browser origins CORS_ORIGINS lists; unset, the API is same-origin only.
import cors, { type FastifyCorsOptions } from '@fastify/cors'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Origins (scheme://host:port) whose pages may call the API with the user's cookies: they get
     * CORS headers, and the cross-site check lets their requests through. Empty unless configured.
     */
    trustedOrigins: ReadonlySet<string>
  }
}

export interface CorsPluginOptions {
  /** CORS_ORIGINS: comma-separated origins, already checked by the config schema. */
  origins?: string
}

/** The JSON API; pages, static files and the documentation stay same-origin. */
const API_PATH = /^\/(users|sessions?|login|logout)(\/|\?|$)/

/** Browsers cache a preflight this long (Chromium caps it at 2 hours). */
const PREFLIGHT_MAX_AGE_SECONDS = 600

const ALLOWED: FastifyCorsOptions = {
  origin: true,
  credentials: true,
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowedHeaders: ['Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id'],
  exposedHeaders: ['ETag', 'Last-Modified', 'Link', 'Location', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'X-Request-Id', 'X-Total-Count'],
  maxAge: PREFLIGHT_MAX_AGE_SECONDS
}

/** The origins as browsers send them in `Origin`: lower-case, without a default port. */
export function parseOrigins (list: string | undefined): Set<string> {
  if (list === undefined) return new Set()
  return new Set(list.split(',').map((each) => new URL(each.trim()).origin))
}

export default fp<CorsPluginOptions>(async (app, { origins }) => {
  const trusted = parseOrigins(origins)
  app.decorate('trustedOrigins', trusted)
  if (trusted.size === 0) return
  await app.register(cors, {
    // Decided per request: only API paths, and only for a listed origin; anything else gets no CORS header at all.
    delegator: (request, callback) => {
      const origin = request.headers.origin
      const allowed = origin !== undefined && trusted.has(origin) && API_PATH.test(request.url)
      callback(null, allowed ? ALLOWED : { origin: false })
    }
  })
}, { name: 'cors' })
