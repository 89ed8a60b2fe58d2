import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Test, test } from 'tap'
import { openDatabase, migrateToLatest } from '../../src/db/index.js'
import { createDatabaseStore } from '../../src/sessions/database-store.js'
import type { SessionData } from '../../src/sessions/store.js'
import { buildTestApp, fakeClock, postgresSchemaUrl, TEST_DATABASES, type TestDatabase } from '../helper.js'
import { login, logout, readSession } from './client.js'

function sessionData (expires: Date): SessionData {
  return { cookie: { expires }, userId: 1 }
}

/** One database two apps can open: a SQLite file, or a PostgreSQL schema. */
async function sharedDatabaseUrl (t: Test, database: TestDatabase): Promise<string> {
  if (database === 'postgres') return postgresSchemaUrl(t)
  const dir = mkdtempSync(join(tmpdir(), 'sessions-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return `sqlite:${join(dir, 'app.db')}`
}

for (const database of TEST_DATABASES) {
  test(`two app instances on one database share sessions like two workers [${database}]`, async (t) => {
    const env = { DATABASE_URL: await sharedDatabaseUrl(t, database) }
    const a = await buildTestApp(t, env)
    const b = await buildTestApp(t, env)

    const cookie = await login(t, a, 'Ada')
    const onB = await readSession(b, cookie)
    t.equal(onB.statusCode, 200, 'a login on A is seen on B')
    t.equal(onB.json().user.name, 'Ada')
    t.equal((await logout(b, cookie)).statusCode, 204, 'logout on B')
    t.equal((await readSession(a, cookie)).statusCode, 401, 'and A no longer accepts the cookie')
  })
}

test('expired rows are never returned and the sweep deletes them, until the store closes', async (t) => {
  const url = 'sqlite::memory:'
  const logger = { warn: () => {} }
  const db = await openDatabase(url, { poolSize: 1, logger })
  t.teardown(() => db.destroy())
  await migrateToLatest(db, url, logger)
  const sweepErrors: unknown[] = []
  const clock = fakeClock(t, ['Date', 'setInterval', 'clearInterval'])
  let swept = (deleted: number) => { t.fail(`an unexpected sweep deleted ${deleted}`) }
  const store = createDatabaseStore(db, { description: url, sweepIntervalMs: 60_000, onSwept: (deleted) => swept(deleted), onSweepError: (error) => sweepErrors.push(error) })
  const past = new Date(Date.now() - 1000)
  const future = new Date(Date.now() + 3_600_000)

  await store.set('old', sessionData(past), past)
  await store.set('live', sessionData(future), future)
  t.equal(await store.get('old'), undefined, 'an expired row is not returned')
  t.match(await store.get('live'), { userId: 1 })

  await store.set('live', { ...sessionData(future), userId: 2 }, future)
  t.match(await store.get('live'), { userId: 2 }, 'set replaces a session')

  const ids = async () => (await db.selectFrom('sessions').select('id').orderBy('id').execute()).map((row) => row.id)
  t.same(await ids(), ['live', 'old'], 'the expired row is still there before a sweep')
  const sweep = new Promise<number>((resolve) => { swept = resolve })
  clock.tick(60_000)
  t.equal(await sweep, 1, 'a sweep runs every sweepIntervalMs')
  t.same(await ids(), ['live'], 'the periodic sweep deleted the expired row')

  await store.close()
  t.equal(clock.countTimers(), 0, 'no sweep runs after close')
  await store.set('old', sessionData(past), past)
  t.equal(await store.sweep(), 1, 'sweep reports what it deleted')
  await store.destroy('live')
  t.same(await ids(), [])
  t.same(sweepErrors, [])
})

test('readiness includes the session store', async (t) => {
  const app = await buildTestApp(t)
  t.equal((await app.inject({ url: '/health/ready' })).statusCode, 200)
})
