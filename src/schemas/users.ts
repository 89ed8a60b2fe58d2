// TypeBox schemas of users; the route and repository types come from these.
import Type, { type Static } from 'typebox'
import { errorResponse } from './errors.js'
import { ref } from './openapi.js'

// Trimmed length 1..100: a non-space, up to 98 more characters, a closing non-space.
const TRIMMED_NAME = '\\s*\\S(?:[\\s\\S]{0,98}\\S)?\\s*'
const NO_CONTROL_CHARACTER = '(?![\\s\\S]*\\p{Cc})'

/**
 * One rule for every name (users, login, the cookie greeting): 1 to 100 characters after
 * trimming, and one line of text, so no greeting or log line can be split by a newline or tab.
 */
export const NAME_RULE = {
  pattern: `^${NO_CONTROL_CHARACTER}${TRIMMED_NAME}$`,
  errorMessage: 'must be 1 to 100 characters after trimming spaces, without control characters (newline, tab, …)'
}

export const UserName = Type.String({
  ...NAME_RULE,
  description: 'The user\'s name, 1 to 100 characters after leading and trailing spaces are trimmed; control characters are refused',
  examples: ['Ada Lovelace']
})

export const User = Type.Object({
  id: Type.Integer({ minimum: 1, description: 'Assigned by the server' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' })
}, { $id: 'User', title: 'User' })
export type User = Static<typeof User>

export const UserList = Type.Array(ref(User), { $id: 'UserList', description: 'Users ordered by id' })

/** Ids and offsets fit the 32-bit integers both databases index; past it is a 400. */
const MAX_INTEGER = 2147483647

export const UserParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: MAX_INTEGER, description: 'The user id, in decimal digits' })
})

export const DEFAULT_PAGE_SIZE = 100

export const ListUsersQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: DEFAULT_PAGE_SIZE, description: 'How many users to return, 1 to 1000' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_INTEGER, default: 0, description: `How many users to skip, 0 to ${MAX_INTEGER}` }))
}, { additionalProperties: false })

export const UserInput = Type.Object({ name: UserName }, { $id: 'UserInput', additionalProperties: false })
export type UserInput = Static<typeof UserInput>

export const UserPatch = Type.Object({ name: Type.Optional(UserName) }, { $id: 'UserPatch', additionalProperties: false })
export type UserPatch = Static<typeof UserPatch>

export const UserNotFound = errorResponse(404, { description: 'No user has this id' })
