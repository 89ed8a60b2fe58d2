// A database made before accounts existed migrates without losing a row; colliding names are kept and logged.
import { Kysely, Migrator } from 'kysely'
import { test } from 'tap'
import { buildApp } from '../../src/app.js'
import { createDialect, databaseKind, migrationTableSchema } from '../../src/db/dialect.js'
import { migrateToLatest } from '../../src/db/index.js'
import { buildMigrations } from '../../src/db/migrations.js'
import type { Database } from '../../src/db/schema.js'
import { makeAdmin } from '../../src/user-admin.js'
import { tempDatabaseUrl } from '../cluster/cluster-process.js'
import { postgresSchemaUrl, TEST_DATABASES, testConfig } from '../helper.js'
import { login, readSession, SESSION_COOKIE, TEST_PASSWORD } from '../sessions/client.js'

/** The rows of the release before accounts: names that collide ignoring case among them. */
const OLD_USERS = ['Ada', 'Grace', 'ada', 'GRACE ', 'Zo\u00e9', 'Zoe\u0301']

for (const database of TEST_DATABASES) {
  test(`the accounts migration keeps every user, gives none a password, and names the colliding ones [${database}]`, async (t) => {
    const url = database === 'sqlite' ? tempDatabaseUrl(t) : await postgresSchemaUrl(t)
    const warnings: Array<{ details: object, message: string }> = []
    const log = { warn: (details: object, message: string) => { warnings.push({ details, message }) } }

    // The database as the previous release left it: migrations 001 and 002, users, and a session of that time.
    const db = new Kysely<Database>({ dialect: createDialect(url, { poolSize: 1, logger: log }) })
    t.teardown(() => db.destroy())
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => buildMigrations(databaseKind(url), log) },
      migrationTableSchema: await migrationTableSchema(db, databaseKind(url))
    })
    t.equal((await migrator.migrateTo('002_create_sessions')).error, undefined)
    const old = db as unknown as Kysely<{ users: { name: string, created_at: string, updated_at: string }, sessions: { id: string, data: string, expires_at: string } }>
    const time = '2026-01-02T03:04:05.000Z'
    for (const name of OLD_USERS) await old.insertInto('users').values({ name, created_at: time, updated_at: time }).execute()
    const future = new Date(Date.now() + 3_600_000).toISOString()
    await old.insertInto('sessions').values({ id: 'old-session', data: JSON.stringify({ cookie: { expires: future }, name: 'Ada' }), expires_at: future }).execute()
    const before = await db.selectFrom('users').select(['id', 'name']).orderBy('id').execute()

    t.same(await migrateToLatest(db, url, log), ['003_accounts', '004_user_versions'])
    const after = await db.selectFrom('users').select(['id', 'name', 'role', 'password_hash', 'version']).orderBy('id').execute()
    t.same(after.map(({ id, name }) => ({ id, name })), before, 'every row keeps its id and name')
    t.ok(after.every((row) => row.role === 'user' && row.password_hash === null), 'all are users without a password')
    t.ok(after.every((row) => row.version === 1), 'and version 1, the first ETag each will have')
    t.equal(warnings.length, 1, 'one warning')
    t.match(warnings[0]?.message, /3 user names are the same as an older user's ignoring case/)
    const ids = Object.fromEntries(before.map(({ id, name }) => [name, id]))
    t.same((warnings[0]?.details as { collisions: unknown }).collisions, [
      { id: ids.ada, name: 'ada', sameAs: ids.Ada },
      { id: ids['GRACE '], name: 'GRACE ', sameAs: ids.Grace },
      { id: ids['Zoe\u0301'], name: 'Zoe\u0301', sameAs: ids['Zo\u00e9'] }
    ], 'the log names each colliding user and the one it repeats')

    const app = await buildApp(testConfig({ DATABASE_URL: url, LOGIN_RATE_LIMIT_MAX: '0' }), { logger: false })
    t.teardown(() => app.close())
    t.equal((await app.inject({ url: '/users' })).json().length, OLD_USERS.length, 'the API lists them all')
    t.equal((await app.inject({ method: 'POST', url: '/login', payload: { name: 'Ada', password: TEST_PASSWORD } })).statusCode, 401,
      'a user from before cannot log in')
    t.equal((await app.inject({ url: '/session', cookies: { [SESSION_COOKIE]: app.signCookie('old-session') } })).statusCode, 401,
      'a session from before, which holds only a name, is no login')
    t.equal((await app.inject({ method: 'POST', url: '/users', payload: { name: 'ADA', password: TEST_PASSWORD } })).statusCode, 409,
      'an old name still counts as taken')

    // An admin sets the old user's password; then the user can log in, and an admin can rename a colliding user.
    await app.inject({ method: 'POST', url: '/users', payload: { name: 'Root', password: TEST_PASSWORD } })
    if (database === 'postgres') await makeAdmin(['Root'], { NODE_ENV: 'test', DATABASE_URL: url, WORKERS: '1' })
    else await app.usersRepository.promote('Root')
    const root = await login(t, app, 'Root')
    const reset = await app.inject({ method: 'PATCH', url: `/users/${ids.Ada}`, payload: { password: 'set by the admin' }, cookies: { [SESSION_COOKIE]: root } })
    t.equal(reset.statusCode, 200)
    const ada = await login(t, app, 'Ada', undefined, 'set by the admin')
    t.equal((await readSession(app, ada)).json().user.id, ids.Ada, 'the first Ada logs in')
    const renamed = await app.inject({ method: 'PUT', url: `/users/${ids.ada}`, payload: { name: 'ada two' }, cookies: { [SESSION_COOKIE]: root } })
    t.equal(renamed.statusCode, 200, 'the colliding one is renamed')
    t.equal((await app.inject({ method: 'PUT', url: `/users/${ids['GRACE ']}`, payload: { name: 'grace' }, cookies: { [SESSION_COOKIE]: root } })).statusCode, 409,
      'and cannot be renamed to the name it collided with')
  })
}
