// The signed `name` cookie's value: the issue time travels with the name so the server can check the age itself.

export const NAME_COOKIE = 'name'

/**
 * `<issued ms>.<name as base64url>`: base64url keeps `;`, `=`, `%`, spaces and non-ASCII out of the
 * header entirely, and @fastify/cookie appends `.<signature>` to the whole string.
 */
export function encodeNameCookie (name: string, issuedAt: number): string {
  return `${issuedAt}.${Buffer.from(name, 'utf8').toString('base64url')}`
}

/** The name, or undefined when the (already verified) value is malformed or older than `ttlSeconds`. */
export function decodeNameCookie (value: string, now: number, ttlSeconds: number): string | undefined {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]+)$/.exec(value)
  if (match === null) return undefined
  const age = now - Number(match[1])
  if (age >= ttlSeconds * 1000) return undefined
  return Buffer.from(match[2] ?? '', 'base64url').toString('utf8')
}
