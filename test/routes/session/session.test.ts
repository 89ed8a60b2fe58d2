import { createClient } from 'redis'
import type { App } from '../../../src/app.js'
import { buildTestApp, fakeClock, type SessionStoreEnv, testEachDatabase, testEachSessionStore } from '../../helper.js'
import { login, logout, readSession, register, SESSION_COOKIE, sessionIdOf, TEST_PASSWORD } from '../../sessions/client.js'

const form = { 'content-type': 'application/x-www-form-urlencoded' }

/** How many sessions the run's store holds, counted in the store itself. */
async function storedSessions (app: App, env: SessionStoreEnv): Promise<number> {
  if (env.REDIS_KEY_PREFIX === undefined) return (await app.db.selectFrom('sessions').select('id').execute()).length
  const redis = await createClient({ url: env.REDIS_URL }).connect()
  try {
    // Users' session indexes (`<prefix>user:<id>`) are not sessions.
    return (await redis.keys(`${env.REDIS_KEY_PREFIX}*`)).filter((key) => !key.startsWith(`${env.REDIS_KEY_PREFIX}user:`)).length
  } finally {
    await redis.close()
  }
}

testEachSessionStore('JSON login answers the session and sets an HttpOnly, SameSite=Lax cookie', async (t, env) => {
  const app = await buildTestApp(t, { ...env, SESSION_TTL: '300' })
  const user = await register(t, app, 'Ada Lovelace')
  const before = Date.now()
  const response = await app.inject({ method: 'POST', url: '/login', payload: { name: '  Ada Lovelace ', password: TEST_PASSWORD } })
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.same(body.user, { id: user.id, name: 'Ada Lovelace', role: 'user' }, 'the user, found by the trimmed name')
  const expiresAt = Date.parse(body.expiresAt)
  t.ok(expiresAt >= before + 299_000 && expiresAt <= Date.now() + 300_000, 'expires SESSION_TTL from now')

  const cookie = response.cookies.find((each) => each.name === SESSION_COOKIE)
  t.ok(cookie, 'a session cookie')
  t.match(cookie, { httpOnly: true, sameSite: 'Lax', path: '/' })
  t.notOk(cookie?.secure, 'not Secure over plain HTTP, or the browser would never send it')

  const session = await readSession(app, String(cookie?.value))
  t.equal(session.statusCode, 200)
  t.same(session.json().user, { id: user.id, name: 'Ada Lovelace', role: 'user' })
})

testEachSessionStore('a form login answers 303 to the users page with the session cookie', async (t, env) => {
  const app = await buildTestApp(t, env)
  await register(t, app, '한글 ;=%', 'pass word ;=% 한글')
  const response = await app.inject({ method: 'POST', url: '/login', headers: form, payload: 'name=%ED%95%9C%EA%B8%80+%3B%3D%25&password=pass+word+%3B%3D%25+%ED%95%9C%EA%B8%80' })
  t.equal(response.statusCode, 303)
  t.equal(response.headers.location, '/')
  const cookie = response.cookies.find((each) => each.name === SESSION_COOKIE)
  const session = await readSession(app, String(cookie?.value))
  t.equal(session.json().user.name, '한글 ;=%', 'the form values arrive decoded')
})

testEachSessionStore('a bad name or password is a 400 and starts no session; other bodies are 415', async (t, env) => {
  const app = await buildTestApp(t, { ...env, LOGIN_RATE_LIMIT_MAX: '0' })
  const password = TEST_PASSWORD
  const bad: unknown[] = [{ name: '', password }, { name: '   ', password }, { name: 'x'.repeat(101), password }, { name: 42, password }, {},
    { name: 'Ada', password, admin: true }, { name: 'Ada' }, { name: 'Ada', password: '' }, { name: 'Ada', password: 42 }]
  for (const payload of bad) {
    const response = await app.inject({ method: 'POST', url: '/login', payload: payload as object })
    t.equal(response.statusCode, 400, JSON.stringify(payload))
    t.equal(response.cookies.length, 0, `${JSON.stringify(payload)}: no cookie`)
  }
  t.equal((await app.inject({ method: 'POST', url: '/login', headers: form, payload: 'name=&password=x' })).statusCode, 400, 'empty form name')
  t.equal((await app.inject({ method: 'POST', url: '/login', headers: form, payload: 'name=a&name=b&password=x' })).statusCode, 400, 'repeated form name')
  t.equal((await app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'text/plain' }, payload: 'Ada' })).statusCode, 415)
  await register(t, app, 'x'.repeat(100))
  t.equal((await app.inject({ method: 'POST', url: '/login', payload: { name: 'x'.repeat(100), password } })).statusCode, 200, '100 characters are fine')
})

testEachSessionStore('/users still refuses form bodies with 415', async (t, env) => {
  const app = await buildTestApp(t, env)
  const response = await app.inject({ method: 'POST', url: '/users', headers: form, payload: `name=Ada&password=${TEST_PASSWORD}` })
  t.equal(response.statusCode, 415)
})

testEachSessionStore('GET /session is 401 without a live session: none, tampered, foreign secret, unknown id', async (t, env) => {
  const app = await buildTestApp(t, env)
  t.equal((await app.inject({ url: '/session' })).statusCode, 401, 'no cookie')
  const cookie = await login(t, app, 'Ada')
  const flipped = cookie.slice(0, 5) + (cookie[5] === 'a' ? 'b' : 'a') + cookie.slice(6)
  const other = await buildTestApp(t, { ...env, SESSION_SECRET: 'another-secret-that-is-at-least-32-characters' })
  const foreign = await login(t, other, 'Ada')
  const cases = { tampered: flipped, 'signed with another secret': foreign, unsigned: sessionIdOf(cookie), 'unknown id': app.signCookie('no-such-session') }
  for (const [label, value] of Object.entries(cases)) {
    const response = await readSession(app, value)
    t.equal(response.statusCode, 401, label)
    t.match(response.json(), { statusCode: 401, error: 'Unauthorized' }, label)
    t.match(response.headers['set-cookie'], /^sessionId=; Max-Age=0; Path=\/; .*HttpOnly; SameSite=Lax$/, `${label}: the useless cookie is cleared`)
  }
  t.equal((await readSession(app, cookie)).statusCode, 200, 'the real cookie still works')
})

testEachSessionStore('anonymous visitors cost no store write and get no cookie', async (t, env) => {
  const app = await buildTestApp(t, env)
  for (const url of ['/', '/session', '/login', '/users']) {
    const response = await app.inject({ url })
    t.notOk(response.headers['set-cookie'], `${url}: no cookie`)
  }
  t.equal(await storedSessions(app, env), 0, 'no stored session')
  await login(t, app, 'Ada')
  t.equal(await storedSessions(app, env), 1, 'a login is counted, so the zero above means something')
})

testEachSessionStore('logout deletes the session from the store, clears the cookie, and the old cookie is 401', async (t, env) => {
  const app = await buildTestApp(t, env)
  const cookie = await login(t, app, 'Ada')
  t.ok(await app.sessionStore.get(sessionIdOf(cookie)), 'the session is in the store')

  const response = await logout(app, cookie)
  t.equal(response.statusCode, 204, 'an API client gets 204')
  t.equal(response.body, '')
  const cleared = response.cookies.find((each) => each.name === SESSION_COOKIE)
  t.equal(cleared?.value, '', 'the cookie is cleared')
  t.equal(cleared?.maxAge, 0)
  t.equal(await app.sessionStore.get(sessionIdOf(cookie)), undefined, 'the session is gone from the store')
  t.equal((await readSession(app, cookie)).statusCode, 401, 'replaying the old cookie fails')
})

testEachSessionStore('logout answers 303 to a form post or a browser, 204 otherwise; any body is fine', async (t, env) => {
  const app = await buildTestApp(t, env)
  const byForm = await app.inject({ method: 'POST', url: '/logout', headers: form, cookies: { [SESSION_COOKIE]: await login(t, app, 'A') } })
  t.equal(byForm.statusCode, 303)
  t.equal(byForm.headers.location, '/')
  const byBrowser = await app.inject({ method: 'POST', url: '/logout', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } })
  t.equal(byBrowser.statusCode, 303)
  const byJson = await app.inject({ method: 'POST', url: '/logout', payload: {}, cookies: { [SESSION_COOKIE]: await login(t, app, 'B') } })
  t.equal(byJson.statusCode, 204)
  const anonymous = await app.inject({ method: 'POST', url: '/logout' })
  t.equal(anonymous.statusCode, 204, 'logging out without a session is harmless')
})

testEachSessionStore('login always issues a new session id and drops the one the client had (fixation)', async (t, env) => {
  const app = await buildTestApp(t, env)
  // An attacker plants their own live session id in the victim's browser...
  const planted = await login(t, app, 'mallory')
  const victim = await login(t, app, 'victim', planted)
  t.not(sessionIdOf(victim), sessionIdOf(planted), 'the victim gets a new id')
  t.equal(await app.sessionStore.get(sessionIdOf(planted)), undefined, 'the planted session is gone from the store')
  t.equal((await readSession(app, planted)).statusCode, 401, 'the attacker\'s copy is useless')
  t.equal((await readSession(app, victim)).json().user.name, 'victim')

  // ...or an id of their choosing that the server never issued.
  const chosen = app.signCookie('attacker-chosen-session-id')
  const fresh = await login(t, app, 'victim', chosen)
  t.not(sessionIdOf(fresh), 'attacker-chosen-session-id', 'a client-sent id is never adopted')
  t.equal(await app.sessionStore.get('attacker-chosen-session-id'), undefined)
})

testEachSessionStore('a session dies SESSION_TTL seconds after its last use', async (t, env) => {
  const app = await buildTestApp(t, { ...env, SESSION_TTL: '60' })
  const clock = fakeClock(t)
  const cookie = await login(t, app, 'Ada')
  clock.tick(59_000)
  t.equal((await readSession(app, cookie)).statusCode, 200, 'alive just before SESSION_TTL')
  clock.tick(60_001)
  const expired = await readSession(app, cookie)
  t.equal(expired.statusCode, 401, 'expired SESSION_TTL after the last use')
  t.equal(await app.sessionStore.get(sessionIdOf(cookie)), undefined, 'an expired session is never returned')
})

testEachSessionStore('each use pushes the idle expiry back', async (t, env) => {
  const app = await buildTestApp(t, { ...env, SESSION_TTL: '60' })
  const clock = fakeClock(t)
  const cookie = await login(t, app, 'Ada')
  let expiresAt = 0
  // Four uses 40 seconds apart outlive a 60-second TTL only if each use renews it.
  for (let use = 0; use < 4; use++) {
    clock.tick(40_000)
    const response = await readSession(app, cookie)
    t.equal(response.statusCode, 200, `use ${use + 1}`)
    const next = Date.parse(response.json().expiresAt)
    t.ok(next > expiresAt, 'the expiry moves forward')
    expiresAt = next
    t.match(response.headers['set-cookie'], /Expires=/, 'the cookie is renewed too')
  }
})

testEachSessionStore('a session ends SESSION_MAX_AGE seconds after login, however much it is used', async (t, env) => {
  const app = await buildTestApp(t, { ...env, SESSION_TTL: '60', SESSION_MAX_AGE: '120' })
  await register(t, app, 'Ada')
  const clock = fakeClock(t)
  const loginAt = Date.now()
  const response = await app.inject({ method: 'POST', url: '/login', payload: { name: 'Ada', password: TEST_PASSWORD } })
  const cookie = String(response.cookies.find((each) => each.name === SESSION_COOKIE)?.value)
  t.equal(Date.parse(response.json().expiresAt), loginAt + 60_000, 'expiresAt is SESSION_TTL away at first')
  // Used every 30 s, it never idles out; it still ends 120 s after login.
  for (let use = 1; use <= 3; use++) {
    clock.tick(30_000)
    const read = await readSession(app, cookie)
    t.equal(read.statusCode, 200, `in use after ${use * 30} s`)
    t.ok(Date.parse(read.json().expiresAt) <= loginAt + 120_000, 'expiresAt is capped at the absolute lifetime')
  }
  const capped = await readSession(app, cookie)
  const cookieExpiry = capped.cookies.find((each) => each.name === SESSION_COOKIE)?.expires
  t.ok(cookieExpiry === undefined || cookieExpiry.getTime() <= loginAt + 120_000, 'so is the cookie\'s Expires')
  clock.tick(30_001)
  t.equal((await readSession(app, cookie)).statusCode, 401, 'over 120 s after login despite the use')
})

testEachSessionStore('the cookie is Secure behind a TLS-terminating proxy when TRUST_PROXY is on', async (t, env) => {
  const proxied = { 'x-forwarded-proto': 'https' }
  const trusting = await buildTestApp(t, { ...env, TRUST_PROXY: 'true' })
  await register(t, trusting, 'Ada')
  const secure = await trusting.inject({ method: 'POST', url: '/login', headers: proxied, payload: { name: 'Ada', password: TEST_PASSWORD } })
  t.equal(secure.cookies[0]?.secure, true, 'Secure when the proxy says https')
  const cookie = String(secure.cookies[0]?.value)
  t.equal((await trusting.inject({ url: '/session', headers: proxied, cookies: { [SESSION_COOKIE]: cookie } })).statusCode, 200)

  const direct = await buildTestApp(t, env)
  await register(t, direct, 'Ada')
  const plain = await direct.inject({ method: 'POST', url: '/login', headers: proxied, payload: { name: 'Ada', password: TEST_PASSWORD } })
  t.notOk(plain.cookies[0]?.secure, 'a forwarded header from an untrusted client changes nothing')
})

// The Redis store's outage is tested with a Redis of its own, which the test can stop: test/sessions/redis-store.test.ts.
testEachDatabase('a session request gets 503 with Retry-After when the store fails, and no hang', async (t, env) => {
  const app = await buildTestApp(t, env)
  const cookie = await login(t, app, 'Ada')
  await app.db.destroy()
  const response = await readSession(app, cookie)
  t.equal(response.statusCode, 503)
  t.match(response.headers['retry-after'], /^\d+$/)
  t.match(response.json(), { statusCode: 503, error: 'Service Unavailable' })
  t.notMatch(response.body, /destroyed|at .*\.ts/, 'no internals leak')
  t.equal(response.headers['set-cookie'], undefined, 'the cookie is kept: the session may be fine once the store is back')
})

testEachSessionStore('the OpenAPI document describes the JSON forms of login, session and logout', async (t, env) => {
  const app = await buildTestApp(t, env)
  const { paths, tags, components } = (await app.inject({ url: '/openapi.json' })).json()
  t.ok(tags.some((tag: { name: string }) => tag.name === 'sessions'))
  const loginOperation = paths['/login'].post
  t.same(loginOperation.tags, ['sessions'])
  for (const type of ['application/json', 'application/x-www-form-urlencoded']) {
    t.same(loginOperation.requestBody.content[type].schema, { $ref: '#/components/schemas/Credentials' }, `login takes ${type}`)
  }
  t.same(loginOperation.responses['200'].content['application/json'].schema, { $ref: '#/components/schemas/Session' })
  t.ok(components.schemas.Session.properties.expiresAt)
  t.ok(components.schemas.Credentials.properties.password, 'a name and a password')
  for (const status of ['303', '400', '401', '403', '429']) t.ok(loginOperation.responses[status], `login ${status}`)
  t.ok(paths['/session'].get.responses['401'])
  t.ok(paths['/logout'].post.responses['204'])
  t.notOk(paths['/'], 'the page is not part of the API')
})
