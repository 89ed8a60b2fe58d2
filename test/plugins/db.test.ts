// The db plugin on a bare Fastify instance: it opens, migrates, decorates and closes the database.
import Fastify from 'fastify'
import { test } from 'tap'
import dbPlugin from '../../src/plugins/db.js'
import { startupFailureLine } from '../helper.js'

test('decorates db and pingDatabase on a migrated database, and destroys it when the app closes', async (t) => {
  const app = Fastify()
  await app.register(dbPlugin, { url: 'sqlite::memory:', poolSize: 1, migrate: true })
  await app.ready()
  await app.pingDatabase()
  t.same(await app.db.selectFrom('users').selectAll().execute(), [], 'the users table exists')
  await app.close()
  await t.rejects(app.db.selectFrom('users').selectAll().execute(), 'the database is closed with the app')
})

test('without migrate it leaves the schema to whoever migrates (the cluster primary)', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(dbPlugin, { url: 'sqlite::memory:', poolSize: 1, migrate: false })
  await app.ready()
  await t.rejects(app.db.selectFrom('users').selectAll().execute(), /no such table/)
})

test('a database that cannot be opened fails the registration with one line naming it', async (t) => {
  const line = await startupFailureLine(t, { PORT: '0', DATABASE_URL: 'sqlite:/etc/hostname/app.db' })
  t.match(line, /^Cannot connect to SQLite/)
})
