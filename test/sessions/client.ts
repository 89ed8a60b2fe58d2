// Session steps shared by the session tests: log in, read the session, log out, as a client would.
import { createServer } from 'node:net'
import { once } from 'node:events'
import type { Test } from 'tap'
import type { App } from '../../src/app.js'
import { SESSION_COOKIE } from '../../src/plugins/session.js'

export { SESSION_COOKIE }

/** The password of every account the tests make unless they choose one. */
export const TEST_PASSWORD = 'a long test passphrase 42'

/** Registers the account (unless the name is taken already) and gives the user. */
export async function register (t: Test, app: App, name: string, password = TEST_PASSWORD): Promise<{ id: number, name: string, role: string }> {
  const response = await app.inject({ method: 'POST', url: '/users', payload: { name, password } })
  if (response.statusCode === 409) return (await app.usersRepository.findCredentials(name))!.user
  t.equal(response.statusCode, 201, `register ${name}`)
  return response.json()
}

/** Makes the account straight in the repository, sending no request (for tests that count requests). */
export async function seedUser (app: App, name: string, password = TEST_PASSWORD) {
  return await app.usersRepository.create(name, await app.passwords.hash(password))
}

/** Logs in with JSON, registering the account first when there is none, and gives the new session cookie's value. */
export async function login (t: Test, app: App, name: string, cookie?: string, password = TEST_PASSWORD): Promise<string> {
  await register(t, app, name, password)
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    payload: { name, password },
    cookies: cookie === undefined ? {} : { [SESSION_COOKIE]: cookie }
  })
  t.equal(response.statusCode, 200, `login as ${name}`)
  const issued = response.cookies.find((each) => each.name === SESSION_COOKIE)
  if (issued === undefined) throw new Error('login set no session cookie')
  return issued.value
}

export async function readSession (app: App, cookie: string) {
  return await app.inject({ url: '/session', cookies: { [SESSION_COOKIE]: cookie } })
}

export async function logout (app: App, cookie: string) {
  return await app.inject({ method: 'POST', url: '/logout', cookies: { [SESSION_COOKIE]: cookie } })
}

/** The session id inside a signed cookie value (`<id>.<signature>`), as the store keys it. */
export function sessionIdOf (cookie: string): string {
  return cookie.slice(0, cookie.lastIndexOf('.'))
}

/** A TCP port that was free a moment ago, for a process the test starts itself. */
export async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}
