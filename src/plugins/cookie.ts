// @fastify/cookie for the whole app, signing with the session secret.
import cookie from '@fastify/cookie'
import fp from 'fastify-plugin'

export interface CookiePluginOptions {
  secret: string
}

export default fp<CookiePluginOptions>(async (app, { secret }) => {
  await app.register(cookie, { secret, hook: 'onRequest' })
}, { name: 'cookie' })
