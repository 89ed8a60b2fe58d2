// @fastify/cookie for the whole app, signing with the session secret; the attributes every cookie of ours has.
import cookie from '@fastify/cookie'
import fp from 'fastify-plugin'

export interface CookiePluginOptions {
  secret: string
}

/**
 * Every cookie the service sets: out of reach of scripts, not sent on cross-site subrequests, and
 * `Secure` whenever the request came over HTTPS (`request.protocol`, so behind a TLS proxy with TRUST_PROXY too).
 */
export const COOKIE_ATTRIBUTES = { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' } as const

export default fp<CookiePluginOptions>(async (app, { secret }) => {
  await app.register(cookie, { secret, hook: 'onRequest' })
}, { name: 'cookie' })
