// Accounts: registration rules, login by name and password, and who may change or delete whom.
import { spawn } from 'node:child_process'
import { test, type Test } from 'tap'
import type { App } from '../../../src/app.js'
import { makeAdmin } from '../../../src/user-admin.js'
import { tempDatabaseUrl } from '../../cluster/cluster-process.js'
import { buildTestApp, exitOf, PROJECT_ROOT, serverEnvironment, type SessionStoreEnv, testEachDatabase, testEachSessionStore } from '../../helper.js'
import { login, readSession, register, SESSION_COOKIE, TEST_PASSWORD } from '../../sessions/client.js'

/** A request with a session cookie (or none). */
async function as (app: App, cookie: string | undefined, method: 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  return await app.inject({ method, url, payload, cookies: cookie === undefined ? {} : { [SESSION_COOKIE]: cookie } })
}

async function attemptLogin (app: App, name: string, password: string) {
  return await app.inject({ method: 'POST', url: '/login', payload: { name, password } })
}

/** Makes the user an admin the one way there is: directly in the app's database, as the script does. */
async function promote (app: App, name: string): Promise<void> {
  await app.usersRepository.promote(name)
}

testEachDatabase('registration: the user without any password field, 409 for a name taken ignoring case, NFC and spaces', async (t, env) => {
  const app = await buildTestApp(t, env)
  const created = await app.inject({ method: 'POST', url: '/users', payload: { name: '  Ada  ', password: TEST_PASSWORD } })
  t.equal(created.statusCode, 201)
  const user = created.json()
  t.same(Object.keys(user).sort(), ['createdAt', 'id', 'name', 'role', 'updatedAt'], 'no password or hash in the answer')
  t.match(user, { name: 'Ada', role: 'user' })
  t.equal(created.headers.location, `/users/${user.id}`)
  t.notMatch(created.body, /scrypt|passphrase/)
  t.notMatch((await app.inject({ url: '/users' })).body, /scrypt|passphrase/, 'nor in the list')

  for (const taken of ['ada', 'ADA', ' Ada ']) {
    const response = await app.inject({ method: 'POST', url: '/users', payload: { name: taken, password: TEST_PASSWORD } })
    t.equal(response.statusCode, 409, taken)
    t.match(response.json(), { statusCode: 409, error: 'Conflict', message: /taken/ })
  }
  // é as one code point (NFC) and as e + combining accent (NFD) are one name.
  const zoe = await app.inject({ method: 'POST', url: '/users', payload: { name: 'Zo\u00e9', password: TEST_PASSWORD } })
  t.equal(zoe.statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: '/users', payload: { name: 'ZOE\u0301', password: TEST_PASSWORD } })).statusCode, 409, 'NFD spelling of the same name')
  t.equal((await app.inject({ method: 'POST', url: '/users', payload: { name: 'Straße', password: TEST_PASSWORD } })).statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: '/users', payload: { name: 'STRASSE', password: TEST_PASSWORD } })).statusCode, 409, 'ß and SS')
  t.equal((await app.inject({ url: '/users' })).json().length, 3, 'no duplicate was written')

  const cookie = await login(t, app, 'Zoé')
  const renamed = await as(app, cookie, 'PUT', `/users/${zoe.json().id}`, { name: 'aDa' })
  t.equal(renamed.statusCode, 409, 'a rename to a taken name is 409 too')
})

testEachDatabase('passwords: 8 to 128 characters of any kind, common ones refused with a clear 400', async (t, env) => {
  const app = await buildTestApp(t, env)
  const bad: Array<[unknown, RegExp]> = [
    ['short12', /body\.password must be 8 to 128 characters/],
    ['x'.repeat(129), /body\.password must be 8 to 128 characters/],
    [12345678, /body\.password must be string/],
    ['password', /common passwords/],
    ['Password1', /common passwords/],
    ['QWERTYUIOP', /common passwords/]
  ]
  for (const [password, message] of bad) {
    const response = await app.inject({ method: 'POST', url: '/users', payload: { name: 'Ada', password } })
    t.equal(response.statusCode, 400, String(password))
    t.match(response.json().message, message)
  }
  t.equal((await app.inject({ url: '/users' })).json().length, 0, 'nothing was written')
  t.equal((await app.inject({ method: 'POST', url: '/users', payload: { name: 'Ada' } })).statusCode, 400, 'a password is required')

  const good = ['        ', 'x'.repeat(128), '🔑🔑🔑🔑🔑🔑🔑🔑', '비밀번호는 길다', 'a b c d e']
  for (const [index, password] of good.entries()) {
    const name = `user ${index}`
    t.equal((await app.inject({ method: 'POST', url: '/users', payload: { name, password } })).statusCode, 201, JSON.stringify(password))
    t.equal((await attemptLogin(app, name, password)).statusCode, 200, `${JSON.stringify(password)} logs in`)
  }
})

testEachSessionStore('login: impersonation by name fails; wrong password and unknown name get the same 401', async (t, env) => {
  const app = await buildTestApp(t, env)
  const ada = await register(t, app, 'Ada')
  const wrong = await attemptLogin(app, 'Ada', 'not the password')
  const unknown = await attemptLogin(app, 'Nobody', 'not the password')
  for (const response of [wrong, unknown]) {
    t.equal(response.statusCode, 401)
    t.equal(response.cookies.length, 0, 'no session')
  }
  const { requestId: _wrongId, ...wrongAnswer } = wrong.json()
  const { requestId: _unknownId, ...unknownAnswer } = unknown.json()
  t.same(wrongAnswer, unknownAnswer, 'the same answer (but for the request id): nothing tells whether the name exists')
  t.equal(wrong.json().message, 'Wrong name or password')

  const before = app.passwords.stats.computed
  await attemptLogin(app, 'Nobody', 'not the password')
  t.equal(app.passwords.stats.computed, before + 1, 'an unknown name still costs a hash')

  const right = await attemptLogin(app, ' ada ', TEST_PASSWORD)
  t.equal(right.statusCode, 200, 'the name as uniqueness sees it')
  t.same(right.json().user, { id: ada.id, name: 'Ada', role: 'user' })
  const cookie = right.cookies.find((each) => each.name === SESSION_COOKIE)!.value
  const session = (await readSession(app, cookie)).json()
  t.same(session.user, { id: ada.id, name: 'Ada', role: 'user' }, 'the session holds the user')
  t.same(Object.keys(session).sort(), ['expiresAt', 'user'])

  const renamed = await as(app, cookie, 'PATCH', `/users/${ada.id}`, { name: 'Ada L.' })
  t.equal(renamed.statusCode, 200)
  t.equal((await readSession(app, cookie)).json().user.name, 'Ada L.', 'the session follows the user, not a copied name')
})

testEachSessionStore('ownership: 401 without a session, 403 for another user, the owner may rename and delete', async (t, env) => {
  const app = await buildTestApp(t, env)
  const ada = await register(t, app, 'Ada')
  const grace = await register(t, app, 'Grace')
  const adaCookie = await login(t, app, 'Ada')
  const graceCookie = await login(t, app, 'Grace')

  for (const [method, payload] of [['PUT', { name: 'x' }], ['PATCH', { name: 'x' }], ['DELETE', undefined]] as const) {
    const anonymous = await as(app, undefined, method, `/users/${ada.id}`, payload)
    t.equal(anonymous.statusCode, 401, `${method} without a session`)
    t.match(anonymous.json(), { statusCode: 401, error: 'Unauthorized' })
    const other = await as(app, graceCookie, method, `/users/${ada.id}`, payload)
    t.equal(other.statusCode, 403, `${method} with another user's session`)
    t.match(other.json(), { statusCode: 403, error: 'Forbidden' })
  }
  t.equal((await as(app, undefined, 'PUT', `/users/${ada.id}`, { name: 42 })).statusCode, 401, '401 comes before the body is judged')
  t.equal((await as(app, graceCookie, 'PATCH', `/users/${ada.id}`, { password: 'a new password 1' })).statusCode, 403, 'no password change for another user')
  t.equal((await app.inject({ url: `/users/${ada.id}` })).json().name, 'Ada', 'Ada is unchanged')

  const renamed = await as(app, adaCookie, 'PUT', `/users/${ada.id}`, { name: 'Ada Lovelace' })
  t.equal(renamed.statusCode, 200)
  t.equal(renamed.json().name, 'Ada Lovelace')

  const deleted = await as(app, graceCookie, 'DELETE', `/users/${grace.id}`)
  t.equal(deleted.statusCode, 204, 'Grace deletes her own account')
  t.equal((await app.inject({ url: `/users/${grace.id}` })).statusCode, 404)
  t.equal((await readSession(app, graceCookie)).statusCode, 401, 'and her session ended with it')
  t.equal((await attemptLogin(app, 'Grace', TEST_PASSWORD)).statusCode, 401, 'she cannot log in any more')
})

testEachSessionStore('a password change needs the current password and ends the user\'s other sessions', async (t, env) => {
  const app = await buildTestApp(t, env)
  const ada = await register(t, app, 'Ada')
  // Ada on three devices, and another user.
  const [here, phone, laptop] = await Promise.all([1, 2, 3].map(async () => login(t, app, 'Ada')))
  const grace = await login(t, app, 'Grace')

  const missing = await as(app, here!, 'PATCH', `/users/${ada.id}`, { password: 'a new password 1' })
  t.equal(missing.statusCode, 400)
  t.match(missing.json().message, /currentPassword is needed/)
  const wrong = await as(app, here!, 'PATCH', `/users/${ada.id}`, { password: 'a new password 1', currentPassword: 'a wrong one' })
  t.equal(wrong.statusCode, 403)
  t.match(wrong.json().message, /not your current password/)
  t.equal((await readSession(app, phone!)).statusCode, 200, 'a refused change ends nothing')
  const both = await as(app, here!, 'PATCH', `/users/${ada.id}`, { name: 'grace', password: 'a new password 1', currentPassword: TEST_PASSWORD })
  t.equal(both.statusCode, 409, 'a rename and a password change together: the taken name refuses both')
  const commonWithName = await as(app, here!, 'PATCH', `/users/${ada.id}`, { name: 'Ada L.', password: 'baseball', currentPassword: TEST_PASSWORD })
  t.equal(commonWithName.statusCode, 400, 'and a refused password refuses the rename')
  t.equal((await app.inject({ url: `/users/${ada.id}` })).json().name, 'Ada', 'the name is unchanged')
  t.equal((await readSession(app, phone!)).statusCode, 200, 'nothing ended')
  t.equal((await attemptLogin(app, 'Ada', TEST_PASSWORD)).statusCode, 200, 'the password is unchanged')

  const changed = await as(app, here!, 'PATCH', `/users/${ada.id}`, { password: 'a new password 1', currentPassword: TEST_PASSWORD })
  t.equal(changed.statusCode, 200)
  t.notMatch(changed.body, /password/i, 'the answer is the user, without the password')
  t.equal((await readSession(app, here!)).statusCode, 200, 'the session that changed it lives on')
  t.equal((await readSession(app, phone!)).statusCode, 401, 'the other sessions end')
  t.equal((await readSession(app, laptop!)).statusCode, 401)
  t.equal((await readSession(app, grace)).statusCode, 200, 'another user\'s session is untouched')
  t.equal((await attemptLogin(app, 'Ada', TEST_PASSWORD)).statusCode, 401, 'the old password no longer works')
  t.equal((await attemptLogin(app, 'Ada', 'a new password 1')).statusCode, 200, 'the new one does')
  const common = await as(app, here!, 'PATCH', `/users/${ada.id}`, { password: 'baseball', currentPassword: 'a new password 1' })
  t.equal(common.statusCode, 400, 'a common password is refused here too')
})

async function adminAndUser (t: Test, env: SessionStoreEnv) {
  const app = await buildTestApp(t, env)
  const root = await register(t, app, 'Root')
  await promote(app, 'Root')
  const ada = await register(t, app, 'Ada')
  return { app, root, ada, rootCookie: await login(t, app, 'Root'), adaCookie: await login(t, app, 'Ada') }
}

testEachSessionStore('an admin may rename, reset the password of and delete any user, and is told apart in the session', async (t, env) => {
  const { app, ada, rootCookie, adaCookie } = await adminAndUser(t, env)
  t.equal((await readSession(app, rootCookie)).json().user.role, 'admin')

  const renamed = await as(app, rootCookie, 'PUT', `/users/${ada.id}`, { name: 'Ada by Root' })
  t.equal(renamed.statusCode, 200)
  const reset = await as(app, rootCookie, 'PATCH', `/users/${ada.id}`, { password: 'set by the admin' })
  t.equal(reset.statusCode, 200, 'no current password needed for another user')
  t.equal((await readSession(app, adaCookie)).statusCode, 401, 'a reset ends all of the user\'s sessions')
  t.equal((await readSession(app, rootCookie)).statusCode, 200, 'not the admin\'s')
  t.equal((await attemptLogin(app, 'Ada by Root', 'set by the admin')).statusCode, 200)

  t.equal((await as(app, rootCookie, 'PUT', '/users/4242', { name: 'x' })).statusCode, 404, 'an admin learns that a user is missing')
  const adaAgain = await login(t, app, 'Ada by Root', undefined, 'set by the admin')
  t.equal((await as(app, adaAgain, 'PUT', '/users/4242', { name: 'x' })).statusCode, 403, 'a user does not')
  t.equal((await as(app, rootCookie, 'DELETE', `/users/${ada.id}`)).statusCode, 204)
  t.equal((await readSession(app, adaAgain)).statusCode, 401, 'deleting ends all the user\'s sessions')
})

testEachDatabase('the last admin cannot be removed; another admin can be', async (t, env) => {
  const { app, root, rootCookie } = await adminAndUser(t, env)
  const last = await as(app, rootCookie, 'DELETE', `/users/${root.id}`)
  t.equal(last.statusCode, 409)
  t.match(last.json().message, /last admin/)
  t.equal((await app.inject({ url: `/users/${root.id}` })).statusCode, 200, 'still there')

  await register(t, app, 'Second')
  await promote(app, 'Second')
  t.equal((await as(app, rootCookie, 'DELETE', `/users/${root.id}`)).statusCode, 204, 'with another admin, it can go')
  const second = await login(t, app, 'Second')
  const secondId = (await readSession(app, second)).json().user.id
  t.equal((await as(app, second, 'DELETE', `/users/${secondId}`)).statusCode, 409, 'the new last admin stays')
})

test('npm run user:admin runs as a command: it says what it did, and exits 1 when it cannot', async (t) => {
  const DATABASE_URL = tempDatabaseUrl(t)
  const app = await buildTestApp(t, { DATABASE_URL })
  const ada = await register(t, app, 'Ada Lovelace')
  const run = async (...args: string[]) => {
    const child = spawn('npm', ['run', '--silent', 'user:admin', '--', ...args], { cwd: PROJECT_ROOT, env: serverEnvironment({ DATABASE_URL }) })
    let output = ''
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const { code } = await exitOf(child)
    return { code, output: output.trim() }
  }
  t.same(await run('Ada', 'Lovelace'), { code: 0, output: `Ada Lovelace (id ${ada.id}) is now an admin` })
  t.equal((await app.inject({ url: `/users/${ada.id}` })).json().role, 'admin', 'the app sees it at once')
  t.same(await run('Nobody'), { code: 1, output: `No user is named "Nobody" in SQLite ${DATABASE_URL.slice('sqlite:'.length)}; nothing changed` })
})

testEachDatabase('makeAdmin, the script\'s work: promotes by the name as uniqueness sees it, and only an existing user', async (t, env) => {
  const app = await buildTestApp(t, env)
  const ada = await register(t, app, 'Ada Lovelace')
  const environment = { NODE_ENV: 'test', DATABASE_URL: env.DATABASE_URL, WORKERS: '1' }
  if (env.DATABASE_URL === 'sqlite::memory:') {
    // An in-memory database is the app's own; the script's is another, where nobody is registered.
    await t.rejects(makeAdmin(['Ada', 'Lovelace'], environment), /No user is named "Ada Lovelace"/)
    return
  }
  t.equal(await makeAdmin(['ada', 'lovelace'], environment), `Ada Lovelace (id ${ada.id}) is now an admin`)
  t.equal((await app.inject({ url: `/users/${ada.id}` })).json().role, 'admin')
  t.equal(await makeAdmin(['Ada Lovelace'], environment), `Ada Lovelace (id ${ada.id}) is an admin already; nothing changed`)
  await t.rejects(makeAdmin(['Nobody'], environment), /No user is named "Nobody"/)
  await t.rejects(makeAdmin([], environment), /Usage: npm run user:admin -- <name>/)
  t.notOk((await app.inject({ method: 'POST', url: '/users', payload: { name: 'Eve', password: TEST_PASSWORD, role: 'admin' } })).statusCode === 201,
    'no registration can ask for the role')
})

testEachSessionStore('the cross-site check covers every cookie-authenticated change of a user', async (t, env) => {
  const app = await buildTestApp(t, env)
  const ada = await register(t, app, 'Ada')
  const cookie = await login(t, app, 'Ada')
  for (const [method, payload] of [['PUT', { name: 'x' }], ['PATCH', { name: 'x' }], ['DELETE', undefined]] as const) {
    const response = await app.inject({ method, url: `/users/${ada.id}`, payload, headers: { 'sec-fetch-site': 'cross-site' }, cookies: { [SESSION_COOKIE]: cookie } })
    t.equal(response.statusCode, 403, method)
  }
  const registered = await app.inject({ method: 'POST', url: '/users', payload: { name: 'Eve', password: TEST_PASSWORD }, headers: { origin: 'https://evil.example' } })
  t.equal(registered.statusCode, 403, 'nor can another site register accounts through a visitor')
  t.equal((await app.inject({ url: `/users/${ada.id}` })).json().name, 'Ada', 'nothing changed')
  t.equal((await readSession(app, cookie)).statusCode, 200)
})

testEachDatabase('public reads never touch the session store', async (t, env) => {
  const app = await buildTestApp(t, env)
  const ada = await register(t, app, 'Ada')
  const cookie = await login(t, app, 'Ada')
  const calls: string[] = []
  for (const method of ['get', 'set', 'destroy'] as const) {
    const original = app.sessionStore[method] as (...args: unknown[]) => Promise<unknown>
    Object.assign(app.sessionStore, { [method]: async (...args: unknown[]) => { calls.push(method); return original(...args) } })
  }
  for (const url of ['/users', `/users/${ada.id}`]) {
    t.equal((await app.inject({ url, cookies: { [SESSION_COOKIE]: cookie } })).statusCode, 200, url)
  }
  t.same(calls, [], 'GET /users and GET /users/:id with a session cookie did not read or write the store')
  t.equal((await readSession(app, cookie)).statusCode, 200)
  t.ok(calls.includes('get'), 'the spy sees the store being used, so the empty list above means something')
})

testEachDatabase('the OpenAPI document describes the accounts: 401/403/409 answers and the session cookie scheme', async (t, env) => {
  const app = await buildTestApp(t, env)
  const { paths, components } = (await app.inject({ url: '/openapi.json' })).json()
  t.match(components.securitySchemes.sessionCookie, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE })
  for (const method of ['put', 'patch', 'delete']) {
    const operation = paths['/users/{id}'][method]
    t.same(operation.security, [{ sessionCookie: [] }], `${method} /users/{id} needs the session`)
    for (const status of ['401', '403', '404', '409']) t.ok(operation.responses[status], `${method} /users/{id} ${status}`)
  }
  t.ok(paths['/users'].post.responses['409'], 'registration documents a taken name')
  t.same(paths['/users'].post.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/Registration' })
  t.ok(components.schemas.Registration.properties.password, 'and asks for a password')
  t.notOk(paths['/users'].get.security, 'the list is public')
  t.notOk(paths['/users/{id}'].get.security)
  for (const [path, method] of [['/session', 'get'], ['/sessions', 'get'], ['/sessions', 'delete'], ['/sessions/{handle}', 'delete']] as const) {
    t.same(paths[path][method].security, [{ sessionCookie: [] }], `${method} ${path}`)
    t.ok(paths[path][method].responses['401'], `${method} ${path} 401`)
  }
  t.notMatch(JSON.stringify(paths['/sessions'].get.responses['200']), /sessionId|"id"/, 'a listed session has a handle, no id')
})
