// TypeBox schemas of a user's sessions as GET /sessions and the account page show them.
import Type, { type Static } from 'typebox'

/** Random, 128 bits in base64url: never the session id, and nothing a cookie can be made from. */
export const Handle = Type.String({ pattern: '^[A-Za-z0-9_-]{22}$', description: 'Names one session of the user; not its id, and no cookie can be made from it' })

export const SessionSummary = Type.Object({
  handle: Handle,
  createdAt: Type.String({ format: 'date-time', description: 'When the user logged in' }),
  lastSeenAt: Type.String({ format: 'date-time', description: 'When the session was last used' }),
  userAgent: Type.String({ description: 'The browser or client that logged in (its User-Agent, at most 200 characters)' }),
  address: Type.String({ description: 'The client address of the login' }),
  current: Type.Boolean({ description: 'True for the session this request came with' })
}, { title: 'SessionSummary' })
export type SessionSummary = Static<typeof SessionSummary>
