// The session plugin: on a bare Fastify instance, the store it picks, its bounds and its lifetimes; in the app, when a use renews the idle expiry.
import Fastify from 'fastify'
import { test, type Test } from 'tap'
import { loadConfig } from '../../src/config.js'
import dbPlugin from '../../src/plugins/db.js'
import sessionPlugin from '../../src/plugins/session.js'
import { buildTestApp, redisKeyPrefix, type SessionStoreEnv, TEST_REDIS_URL, testEachSessionStore } from '../helper.js'
import { SessionStoreUnavailableError } from '../../src/sessions/store.js'
import { login, readSession, register, sessionIdOf, TEST_PASSWORD } from '../sessions/client.js'

async function bareApp (t: Test, env: Record<string, string>) {
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', WORKERS: '1', SESSION_TTL: '120', SESSION_MAX_AGE: '3600', ...env })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(dbPlugin, { url: config.DATABASE_URL, poolSize: 1, migrate: true })
  await app.register(sessionPlugin, { config })
  await app.ready()
  return app
}

const data = (expires: Date) => ({ cookie: { originalMaxAge: 120_000, expires }, name: 'Ada' })

for (const [label, env, where] of [
  ['database', {}, /^database SQLite/],
  ['redis', { REDIS_URL: TEST_REDIS_URL }, /^Redis redis:\/\/127\.0\.0\.1:6379/]
] as const) {
  test(`decorates a working ${label} store and the lifetimes from the config`, async (t) => {
    const app = await bareApp(t, label === 'redis' ? { ...env, REDIS_KEY_PREFIX: redisKeyPrefix(t) } : env)
    t.match(app.sessionStore.description, where, 'the store the config asks for')
    t.same(app.sessionLifetime, { idleMs: 120_000, maxMs: 3_600_000 })
    const expires = new Date(Date.now() + 60_000)
    await app.sessionStore.set('s1', data(expires), expires)
    t.match(await app.sessionStore.get('s1'), { name: 'Ada' })
    await app.sessionStore.destroy('s1')
    t.equal(await app.sessionStore.get('s1'), undefined)
    await app.sessionStore.ping()
  })
}

test('the database store answers with SessionStoreUnavailableError once the database is gone', async (t) => {
  const app = await bareApp(t, {})
  await app.db.destroy()
  await t.rejects(app.sessionStore.get('s1'), { name: 'SessionStoreUnavailableError', message: /not available/ })
})

const TTL_MS = 300_000

/** An app with a SESSION_TTL of TTL_MS and Ada logged in: her cookie, its session id and what the store has. */
async function loggedIn (t: Test, env: SessionStoreEnv) {
  const app = await buildTestApp(t, { ...env, SESSION_TTL: String(TTL_MS / 1000) })
  const cookie = await login(t, app, 'Ada')
  const id = sessionIdOf(cookie)
  const saved = await app.sessionStore.get(id)
  if (saved === undefined) throw new Error('login stored no session')
  /** As if the last save were 60 s ago, more than a tenth of the TTL: the next use renews. */
  const renewalDue = async () => {
    const earlier = new Date(Date.parse(String(saved.cookie.expires)) - 60_000)
    await app.sessionStore.set(id, { ...saved, cookie: { expires: earlier } }, earlier)
  }
  return { app, cookie, id, saved, renewalDue }
}

testEachSessionStore('a use renews the idle expiry only when that moves it by more than a tenth of SESSION_TTL', async (t, env) => {
  const { app, cookie, id, saved, renewalDue } = await loggedIn(t, env)
  const savedExpiry = Date.parse(String(saved.cookie.expires))

  const read = await readSession(app, cookie)
  t.equal(read.statusCode, 200)
  t.equal(read.headers['set-cookie'], undefined, 'a use right after the last save sends no cookie')
  t.equal(Date.parse(read.json().expiresAt), savedExpiry, 'and answers the expiry the store has')
  t.same(await app.sessionStore.get(id), saved, 'which it did not write')

  await renewalDue()
  const before = Date.now()
  const renewed = await readSession(app, cookie)
  t.equal(renewed.statusCode, 200)
  t.match(renewed.headers['set-cookie'], /Expires=/, 'that use sends a new cookie')
  const expiresAt = Date.parse(renewed.json().expiresAt)
  t.ok(expiresAt >= before + TTL_MS, 'expiring SESSION_TTL after the use')
  t.equal(Date.parse(String((await app.sessionStore.get(id))?.cookie.expires)), expiresAt, 'as the store now says')
})

testEachSessionStore('a use that renews never brings back a session a logout ended while it was under way', async (t, env) => {
  const { app, cookie, id, saved, renewalDue } = await loggedIn(t, env)
  await renewalDue()

  // The logout (another request) lands right after this request has loaded the session.
  const { get } = app.sessionStore
  app.sessionStore.get = async (sessionId) => {
    const data = await get(sessionId)
    await app.sessionStore.destroy(sessionId)
    return data
  }
  const use = await readSession(app, cookie)
  app.sessionStore.get = get
  t.equal(use.statusCode, 200, 'the request itself was served with the session it loaded')
  t.equal(use.headers['set-cookie'], undefined, 'and sends no renewed cookie')
  t.equal(await app.sessionStore.get(id), undefined, 'the session stays ended')
  t.equal((await readSession(app, cookie)).statusCode, 401)
  t.equal(await app.sessionStore.renew(id, saved, new Date(Date.now() + TTL_MS)), false, 'renew answers false for a session that is gone')
})

testEachSessionStore('a login whose session cannot be stored answers 503 after one try', async (t, env) => {
  const app = await buildTestApp(t, env)
  await register(t, app, 'Ada')
  let writes = 0
  app.sessionStore.set = async () => {
    writes++
    throw new SessionStoreUnavailableError(new Error('the store is down'))
  }
  const response = await app.inject({ method: 'POST', url: '/login', payload: { name: 'Ada', password: TEST_PASSWORD } })
  t.equal(response.statusCode, 503)
  t.equal(response.headers['set-cookie'], undefined, 'no cookie for a session that was not stored')
  // The error answer runs the onSend hooks again; the write must not be repeated there.
  t.equal(writes, 1, 'the store was asked once')
})
