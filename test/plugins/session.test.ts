// The session plugin on a bare Fastify instance: the store it picks, its bounds, and its lifetimes.
import Fastify from 'fastify'
import { test, type Test } from 'tap'
import { loadConfig } from '../../src/config.js'
import dbPlugin from '../../src/plugins/db.js'
import sessionPlugin from '../../src/plugins/session.js'
import { redisKeyPrefix, TEST_REDIS_URL } from '../helper.js'

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
