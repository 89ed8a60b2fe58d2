// Security headers (helmet). HSTS and upgrade-insecure-requests only make sense over TLS.
import helmet from '@fastify/helmet'
import fp from 'fastify-plugin'
import helmetHeaders from 'helmet'
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface SecurityPluginOptions {
  tls: boolean
}

function helmetOptions (tls: boolean) {
  return {
    hsts: tls ? { maxAge: 31536000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      directives: { upgradeInsecureRequests: tls ? [] : null }
    },
    // With helmet's default no-referrer, Chromium sends `Origin: null` on same-origin form posts.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' as const }
  }
}

/**
 * The headers helmet puts on every answer, for the answers written straight to the socket without
 * Fastify (requests Node's HTTP parser refuses). Helmet's set does not depend on the request.
 */
export function securityHeaders (tls: boolean): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: unknown) => { headers[name] = String(value) },
    removeHeader: (name: string) => { delete headers[name] }
  }
  // Helmet only sets and removes headers; these two methods are all of the response it touches.
  helmetHeaders(helmetOptions(tls))({} as IncomingMessage, response as unknown as ServerResponse, () => {})
  return headers
}

export default fp<SecurityPluginOptions>(async (app, { tls }) => {
  await app.register(helmet, helmetOptions(tls))
}, { name: 'security' })
