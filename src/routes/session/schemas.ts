// TypeBox schemas of the session API.
import Type, { type Static } from 'typebox'
import { Handle } from '../../schemas/sessions.js'
import { Role } from '../../schemas/users.js'

export const SessionUser = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  role: Role
}, { description: 'Who is logged in' })

export const SessionInfo = Type.Object({
  user: SessionUser,
  expiresAt: Type.String({ format: 'date-time', description: 'When the session ends unless it is used again (never after its absolute lifetime)' })
}, { title: 'Session' })
export type SessionInfo = Static<typeof SessionInfo>

export const HandleParams = Type.Object({ handle: Handle })

export const Redirect = Type.Null({ description: 'Done; the Location header points to the users page' })
