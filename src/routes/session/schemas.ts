// TypeBox schemas of the session API.
import Type, { type Static } from 'typebox'
import { Location } from '../../schemas/openapi.js'
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
}, { $id: 'Session', title: 'Session' })
export type SessionInfo = Static<typeof SessionInfo>

const SetSessionCookie = Type.String({ description: 'The session cookie `sessionId`: HttpOnly; SameSite=Lax; Path=/; Secure over TLS' })
const ClearSessionCookie = Type.String({ description: 'Clears the session cookie `sessionId`' })

/** The header of an answer that starts a session. */
export const SetSessionCookieHeaders = { 'Set-Cookie': SetSessionCookie }

export const LoginRedirect = Type.Null({ description: 'Logged in; Location points to the users page', headers: { Location, ...SetSessionCookieHeaders } })

export const LogoutRedirect = Type.Null({ description: 'Logged out; Location points to the users page', headers: { Location, 'Set-Cookie': ClearSessionCookie } })

export const IgnoredBody = Type.Unknown({ description: 'Ignored: any body, or none' })

export const HandleParams = Type.Object({ handle: Handle })
