// Request limits per client address (@fastify/rate-limit): RATE_LIMIT_MAX for every route, 0 = off.
import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'

export interface RateLimitPluginOptions {
  /** Requests per minute per address on every route; 0 turns the global limit off. */
  max: number
}

export const RATE_LIMIT_WINDOW = '1 minute'

/** A route's `config.rateLimit` for its own limit per minute, or nothing (the global limit) when 0. */
export function routeRateLimit (max: number) {
  return max > 0 ? { rateLimit: { max, timeWindow: RATE_LIMIT_WINDOW } } : {}
}

export default fp<RateLimitPluginOptions>(async (app, { max }) => {
  // Even with the global limit off the plugin stays registered, so routes can still have their own.
  await app.register(rateLimit, { global: max > 0, max, timeWindow: RATE_LIMIT_WINDOW })
}, { name: 'rate-limit' })
