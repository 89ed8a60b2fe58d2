// TypeBox schemas of the session API.
import Type, { type Static } from 'typebox'

export const SessionInfo = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, description: 'Who is logged in' }),
  expiresAt: Type.String({ format: 'date-time', description: 'When the session ends unless it is used again (never after its absolute lifetime)' })
}, { title: 'Session' })
export type SessionInfo = Static<typeof SessionInfo>

export const Redirect = Type.Null({ description: 'Done; the Location header points to the users page' })
