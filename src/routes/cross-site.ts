// Refuses requests that log in or out when another site makes a browser send them (CSRF, login
// CSRF): Sec-Fetch-Site first, then Origin; origins in CORS_ORIGINS are let through. Used by /login, /logout and /cookie/login.
import type { FastifyRequest } from 'fastify'

/**
 * Browsers say where a request comes from in Sec-Fetch-Site; it is trusted first because Chromium
 * sends `Origin: null` on same-origin posts under a strict Referrer-Policy. `same-site` (a sibling
 * subdomain) is another origin and is refused too. Without either header the client is not a
 * browser acting for another site (curl, a server), so there is nothing to protect.
 */
function isCrossOrigin (request: FastifyRequest): boolean {
  const origin = request.headers.origin
  // Listing an origin in CORS_ORIGINS is trusting its pages with the user's cookies.
  if (origin !== undefined && request.server.trustedOrigins.has(origin)) return false
  const site = request.headers['sec-fetch-site']
  if (site !== undefined) return site !== 'same-origin' && site !== 'none'
  if (origin === undefined) return false
  try {
    // URL normalises case and default ports on both sides.
    return new URL(origin).origin !== new URL(`${request.protocol}://${request.host}`).origin
  } catch {
    return true
  }
}

export async function refuseCrossOrigin (request: FastifyRequest): Promise<void> {
  if (isCrossOrigin(request)) throw request.server.httpErrors.forbidden('Cross-site requests to this route are refused')
}
