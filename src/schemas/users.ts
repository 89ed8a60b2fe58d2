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

/**
 * What makes two names the same: NFC normalisation, trimming and case (upper then lower case,
 * so e.g. ß and SS, or final and medial sigma, meet). The stored name keeps what the user typed.
 */
export function nameKey (name: string): string {
  return name.normalize('NFC').trim().toUpperCase().toLowerCase()
}

export const UserName = Type.String({
  ...NAME_RULE,
  description: 'The user\'s name, 1 to 100 characters after leading and trailing spaces are trimmed; control characters are refused',
  examples: ['Ada Lovelace']
})

export const Password = Type.String({
  minLength: 8,
  maxLength: 128,
  errorMessage: 'must be 8 to 128 characters',
  description: '8 to 128 characters of any kind (spaces and emoji too); a common password is refused',
  writeOnly: true
})

/** What a login compares: any non-empty text, so a login never says which rule a guess breaks. */
export const LoginPassword = Type.String({ minLength: 1, maxLength: 1024, description: 'The account\'s password', writeOnly: true })

export const Role = Type.Enum(['user', 'admin'], { description: 'admin may change every user; only `npm run user:admin` makes one' })

export const User = Type.Object({
  id: Type.Integer({ minimum: 1, description: 'Assigned by the server' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  role: Role,
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

const Cursor = (description: string) => Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_INTEGER, description }))

/** At most one of after, before and offset picks where a page starts; none is the first page. */
export const ListUsersQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: DEFAULT_PAGE_SIZE, description: 'How many users to return, 1 to 1000' })),
  after: Cursor('The page starts after this user id (keyset pagination: the Link header\'s rel="next" uses it, and no user is skipped or repeated while others are added or deleted)'),
  before: Cursor('The page ends before this user id (the Link header\'s rel="prev")'),
  offset: Cursor(`How many users to skip, 0 to ${MAX_INTEGER} (a page by position; prefer after, which inserts and deletes between pages cannot shift)`)
}, { additionalProperties: false })
export type ListUsersQuery = Static<typeof ListUsersQuery>

/** What the repository reads for a page: the query with its default limit. */
export type PageRequest = ListUsersQuery & { limit: number }

export const Registration = Type.Object({ name: UserName, password: Password }, { $id: 'Registration', additionalProperties: false })
export type Registration = Static<typeof Registration>

export const Credentials = Type.Object({ name: UserName, password: LoginPassword }, { $id: 'Credentials', additionalProperties: false })
export type Credentials = Static<typeof Credentials>

export const UserInput = Type.Object({ name: UserName }, { $id: 'UserInput', additionalProperties: false })
export type UserInput = Static<typeof UserInput>

export const UserPatch = Type.Object({
  name: Type.Optional(UserName),
  password: Type.Optional(Password),
  currentPassword: Type.Optional({ ...LoginPassword, description: 'Needed to change one\'s own password; an admin resetting another user\'s password leaves it out' })
}, { $id: 'UserPatch', additionalProperties: false })
export type UserPatch = Static<typeof UserPatch>

export const UserNotFound = errorResponse(404, { description: 'No user has this id' })
