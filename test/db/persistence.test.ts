import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { type Test, test } from 'tap'
import { buildApp } from '../../src/app.js'
import { databaseKind } from '../../src/db/dialect.js'
import { buildMigrations } from '../../src/db/migrations.js'
import { postgresSchemaUrl, TEST_DATABASES, type TestDatabase, testConfig } from '../helper.js'
import { TEST_PASSWORD } from '../sessions/client.js'

/** A database that outlives one app: a SQLite file in a nested directory, or a PostgreSQL schema. */
async function lastingDatabaseUrl (t: Test, database: TestDatabase): Promise<string> {
  if (database === 'postgres') return postgresSchemaUrl(t)
  const dir = mkdtempSync(join(tmpdir(), 'users-db-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return `sqlite:${join(dir, 'nested', 'app.db')}`
}

for (const database of TEST_DATABASES) {
  test(`users survive a rebuilt app on the same database, and migrations run once [${database}]`, async (t) => {
    const config = testConfig({ DATABASE_URL: await lastingDatabaseUrl(t, database) })

    const first = await buildApp(config, { logger: false })
    const created = await first.inject({ method: 'POST', url: '/users', payload: { name: 'Persisted', password: TEST_PASSWORD } })
    t.equal(created.statusCode, 201)
    await first.close()

    const second = await buildApp(config, { logger: false })
    t.teardown(() => second.close())
    const read = await second.inject({ url: `/users/${created.json().id}` })
    t.equal(read.statusCode, 200)
    t.same(read.json(), created.json(), 'the same user, timestamps included')
    const migrations = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(second.db)
    t.same(migrations.rows.map((row) => row.name), Object.keys(buildMigrations(databaseKind(config.DATABASE_URL), { warn: () => {} })).sort(),
      'each migration is recorded once')
  })

  test(`two apps on one database see each other's writes at once, as two workers would [${database}]`, async (t) => {
    const config = testConfig({ DATABASE_URL: await lastingDatabaseUrl(t, database) })
    const a = await buildApp(config, { logger: false })
    const b = await buildApp(config, { logger: false })
    t.teardown(async () => { await a.close(); await b.close() })

    const writes = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      (i % 2 === 0 ? a : b).inject({ method: 'POST', url: '/users', payload: { name: `user ${i}`, password: TEST_PASSWORD } })))
    t.ok(writes.every((response) => response.statusCode === 201), 'every write was acknowledged')
    const ids = new Set(writes.map((response) => response.json().id))
    t.equal(ids.size, 20, 'ids are distinct')
    t.equal((await a.inject({ url: '/users' })).json().length, 20)
    t.equal((await b.inject({ url: '/users' })).json().length, 20)
  })
}
