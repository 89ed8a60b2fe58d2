// Security headers: helmet's, computed once at start-up. HSTS and upgrade-insecure-requests only make sense over TLS.
import type { IncomingMessage, ServerResponse } from 'node:http'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'

export interface SecurityPluginOptions {
  tls: boolean
}

/** The hash Chromium reports for Swagger UI's <style> element; test/pages/docs.test.ts fails if an upgrade changes it. */
const SWAGGER_UI_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"

function helmetOptions (tls: boolean): HelmetOptions {
  return {
    hsts: tls ? { maxAge: 31536000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      directives: {
        // Our pages and /docs load styles and fonts only from here: helmet's default `https:` and
        // 'unsafe-inline' would let injected markup pull in any host's styles. The one inline style
        // allowed, by its hash, is the <style> element Swagger UI's bundle adds to /docs.
        styleSrc: ["'self'", SWAGGER_UI_STYLE],
        fontSrc: ["'self'", 'data:'],
        // Over plain HTTP it would rewrite every asset URL to https, which nothing answers.
        upgradeInsecureRequests: tls ? [] : null
      }
    },
    // With helmet's default no-referrer, Chromium sends `Origin: null` on same-origin form posts.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' }
  }
}

/**
 * Helmet's exact header set, captured once by running its middleware on a response that records what
 * is set. @fastify/helmet called helmet(options) on every request, validating the options and parsing
 * the CSP again each time (about 7 % of the CPU of a GET /users/:id), though the set depends only on TLS.
 */
export function securityHeaders (tls: boolean): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {}
  const recorder = {
    setHeader: (name: string, value: string) => { headers[name.toLowerCase()] = value },
    // Helmet removes X-Powered-By, which Fastify never sets.
    removeHeader: () => {}
  }
  // The middleware reads nothing from the request, as no CSP directive is a function of it.
  helmet(helmetOptions(tls))({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined) throw error
  })
  return Object.freeze(headers)
}

export default fp<SecurityPluginOptions>(async (app, { tls }) => {
  const headers = securityHeaders(tls)
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers)
    done()
  })
}, { name: 'security' })
