import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { test } from 'tap'
import { buildApp } from '../../src/app.js'
import { testConfig } from '../helper.js'

test('users survive a rebuilt app on the same SQLite file, and migrations run once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'users-db-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const config = testConfig({ DATABASE_URL: `sqlite:${join(dir, 'nested', 'app.db')}` })

  const first = await buildApp(config, { logger: false })
  const created = await first.inject({ method: 'POST', url: '/users', payload: { name: 'Persisted' } })
  t.equal(created.statusCode, 201)
  await first.close()

  const second = await buildApp(config, { logger: false })
  t.teardown(() => second.close())
  const read = await second.inject({ url: `/users/${created.json().id}` })
  t.equal(read.statusCode, 200)
  t.equal(read.json().name, 'Persisted')
  const migrations = await sql<{ name: string }>`select name from kysely_migration`.execute(second.db)
  t.same(migrations.rows.map((row) => row.name), ['001_create_users', '002_create_sessions'], 'each migration is recorded once')
})

test('two apps on one file see each other\'s writes at once (WAL, as two workers would)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'users-db-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const config = testConfig({ DATABASE_URL: `sqlite:${join(dir, 'app.db')}` })
  const a = await buildApp(config, { logger: false })
  const b = await buildApp(config, { logger: false })
  t.teardown(async () => { await a.close(); await b.close() })

  const writes = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    (i % 2 === 0 ? a : b).inject({ method: 'POST', url: '/users', payload: { name: `user ${i}` } })))
  t.ok(writes.every((response) => response.statusCode === 201), 'every write was acknowledged')
  const ids = new Set(writes.map((response) => response.json().id))
  t.equal(ids.size, 20, 'ids are distinct')
  t.equal((await a.inject({ url: '/users' })).json().length, 20)
  t.equal((await b.inject({ url: '/users' })).json().length, 20)
})
