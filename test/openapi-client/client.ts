// A client of the service as another team would write it: openapi-fetch over the types openapi-typescript
// generates from the OpenAPI document, nothing from src/. One function per operation; a contract change
// that breaks it fails the type check of test/openapi-client.test.ts.
import createClient from 'openapi-fetch'
import type { components, paths } from './openapi.js'

export type User = components['schemas']['User']
export type UserInput = components['schemas']['UserInput']
export type Registration = components['schemas']['Registration']
export type Credentials = components['schemas']['Credentials']
export type UserPatch = components['schemas']['UserPatch']
export type Session = components['schemas']['Session']
export type ErrorResponse = components['schemas']['ErrorResponse']

/** The session cookie as the client keeps it (`sessionId=…`), sent as the sessionCookie scheme says. */
type SessionCookie = string

const asCookie = (cookie: SessionCookie | undefined) => cookie === undefined ? {} : { cookie }

function formBody (body: Record<string, string>): string {
  return new URLSearchParams(body).toString()
}

export function usersServiceClient (baseUrl: string) {
  const client = createClient<paths>({ baseUrl })
  // A redirect is an answer of the service (303 after a form login), not something to follow.
  const noRedirect = { redirect: 'manual' } as const
  return {
    listUsers: (query: { limit?: number, offset?: number } = {}) => client.GET('/users', { params: { query } }),
    createUser: (body: Registration) => client.POST('/users', { body }),
    getUser: (id: number) => client.GET('/users/{id}', { params: { path: { id } } }),
    replaceUser: (id: number, body: UserInput, cookie?: SessionCookie) => client.PUT('/users/{id}', { params: { path: { id } }, body, headers: asCookie(cookie) }),
    updateUser: (id: number, body: UserPatch, cookie?: SessionCookie) => client.PATCH('/users/{id}', { params: { path: { id } }, body, headers: asCookie(cookie) }),
    deleteUser: (id: number, cookie?: SessionCookie) => client.DELETE('/users/{id}', { params: { path: { id } }, headers: asCookie(cookie) }),

    login: (body: Credentials) => client.POST('/login', { body }),
    loginWithForm: (body: Credentials) => client.POST('/login', {
      body,
      bodySerializer: formBody,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      ...noRedirect
    }),
    getSession: (cookie?: SessionCookie) => client.GET('/session', { headers: asCookie(cookie) }),
    logout: (cookie?: SessionCookie) => client.POST('/logout', { headers: asCookie(cookie) }),
    listSessions: (cookie?: SessionCookie) => client.GET('/sessions', { headers: asCookie(cookie) }),
    endSession: (handle: string, cookie?: SessionCookie) => client.DELETE('/sessions/{handle}', { params: { path: { handle } }, headers: asCookie(cookie) }),
    endOtherSessions: (cookie?: SessionCookie) => client.DELETE('/sessions', { headers: asCookie(cookie) }),

    setPlainCookie: () => client.GET('/cookie', { headers: { accept: 'application/json' } }),
    cookieLogin: (name: string) => client.GET('/cookie/login', { params: { query: { name } }, ...noRedirect }),
    cookieHello: (cookie?: string) => client.GET('/cookie/hello', { headers: asCookie(cookie), parseAs: 'text' }),

    checkLiveness: () => client.GET('/health/live'),
    checkReadiness: () => client.GET('/health/ready')
  }
}

export type UsersServiceClient = ReturnType<typeof usersServiceClient>
