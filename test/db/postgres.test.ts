import { once } from 'node:events'
import { connect, createServer, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import { type Test, test } from 'tap'
import { buildApp } from '../../src/app.js'
import { migrateToLatest, openDatabase } from '../../src/db/index.js'
import { migrationDatabase } from '../../src/db/dialect.js'
import { buildMigrations } from '../../src/db/migrations.js'
import { buildTestApp, postgresSchemaUrl, queryTestPostgres, startupFailureLine, TEST_POSTGRES_URL, testConfig } from '../helper.js'
import { TEST_PASSWORD } from '../sessions/client.js'

const MIGRATIONS = Object.keys(buildMigrations('postgres', { warn: () => {} })).sort()

/** A logger that fails the test if a pooled connection breaks, which nothing here should cause. */
function strictLogger (t: Test) {
  return { warn: (_details: unknown, message: string) => { t.fail(message) } }
}

type ProxyMode = 'forward' | 'drop' | 'hang'

/**
 * A TCP proxy in front of the test PostgreSQL that a test can cut and restore, so the shared server
 * itself is never stopped. `drop` closes every connection and each new one at once (a restart);
 * `hang` accepts connections and never answers (a dead network path).
 */
async function startPostgresProxy (t: Test) {
  const target = new URL(TEST_POSTGRES_URL)
  const sockets = new Set<Socket>()
  let mode: ProxyMode = 'forward'
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    // Resets are what cutting the proxy is for; the other side of the pair is closed with it.
    socket.on('error', () => socket.destroy())
  }
  const server = createServer((client) => {
    track(client)
    if (mode === 'drop') return client.destroy()
    if (mode === 'hang') return
    const upstream = connect(Number(target.port || 5432), target.hostname)
    track(upstream)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.pipe(upstream).pipe(client)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => {
    for (const socket of sockets) socket.destroy()
    server.close()
  })
  return {
    port: (server.address() as { port: number }).port,
    set (next: ProxyMode) {
      mode = next
      for (const socket of sockets) socket.destroy()
    }
  }
}

/** A URL to a fresh schema of the test PostgreSQL, reached through the proxy. */
async function proxiedSchemaUrl (t: Test, port: number): Promise<string> {
  const url = new URL(await postgresSchemaUrl(t))
  url.port = String(port)
  return url.href
}

test('hosts that start at once on a fresh schema: exactly one applies each migration, none fails', async (t) => {
  const url = await postgresSchemaUrl(t)
  const hosts = await Promise.all(Array.from({ length: 6 }, () => openDatabase(url, { poolSize: 1, logger: strictLogger(t) })))
  t.teardown(() => Promise.all(hosts.map((db) => db.destroy())))

  const applied = await Promise.all(hosts.map((db) => migrateToLatest(db, url, strictLogger(t))))
  t.same(applied.flat().sort(), MIGRATIONS, 'each migration was applied by exactly one host')
  t.equal(applied.filter((names) => names.length > 0).length, 1, 'one host applied them all')
  const recorded = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(hosts[0]!)
  t.same(recorded.rows.map((row) => row.name), MIGRATIONS, 'each migration is recorded once')
})

test('two schemas in one database each get their own tables and migration records', async (t) => {
  for (const name of ['first', 'second']) {
    const url = await postgresSchemaUrl(t)
    const db = await openDatabase(url, { poolSize: 1, logger: strictLogger(t) })
    t.teardown(() => db.destroy())
    t.same(await migrateToLatest(db, url, strictLogger(t)), MIGRATIONS, `${name} schema: migrated from scratch`)
    await sql`select id from users`.execute(db)
  }
})

test('migrations look only at their own schema, so another schema dropped meanwhile cannot fail them', async (t) => {
  const other = await postgresSchemaUrl(t)
  const otherDb = await openDatabase(other, { poolSize: 1, logger: strictLogger(t) })
  t.teardown(() => otherDb.destroy())
  await migrateToLatest(otherDb, other, strictLogger(t))

  const url = await postgresSchemaUrl(t)
  const db = await openDatabase(url, { poolSize: 1, logger: strictLogger(t) })
  t.teardown(() => db.destroy())
  const migration = migrationDatabase(db, url, strictLogger(t))
  t.teardown(migration.close)
  const current = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
  t.same(await migration.db.introspection.getTables(), [], 'the fresh schema has no tables, whatever the other one holds')
  await migrateToLatest(db, url, strictLogger(t))
  const tables = await migration.db.introspection.getTables()
  t.ok(tables.length > 0 && tables.every((table) => table.schema === current), 'after migrating: only its own tables')
  t.ok(tables.some((table) => table.name === 'kysely_migration'), 'the migration table among them')
})

test('app queries run under a statement timeout, migrations on a connection without one', async (t) => {
  const url = await postgresSchemaUrl(t)
  const db = await openDatabase(url, { poolSize: 1, logger: strictLogger(t) })
  t.teardown(() => db.destroy())
  const migration = migrationDatabase(db, url, strictLogger(t))
  t.teardown(migration.close)
  const show = sql<{ statement_timeout: string }>`show statement_timeout`
  t.equal((await show.execute(db)).rows[0]?.statement_timeout, '10s', 'requests')
  t.equal((await show.execute(migration.db)).rows[0]?.statement_timeout, '0', 'migrations')
})

test('timestamps are timestamptz columns and come back as the ISO strings the app wrote', async (t) => {
  const app = await buildTestApp(t, { DATABASE_URL: await postgresSchemaUrl(t) })
  const created = (await app.inject({ method: 'POST', url: '/users', payload: { name: 'Ada', password: TEST_PASSWORD } })).json()
  t.match(created.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  const { rows } = await sql<{ type: string, epoch: string }>`
    select pg_typeof(created_at)::text as type, extract(epoch from created_at)::text as epoch from users`.execute(app.db)
  t.equal(rows[0]?.type, 'timestamp with time zone')
  t.equal(Number(rows[0]?.epoch) * 1000, Date.parse(created.createdAt), 'the stored instant is the one returned')
})

test('the pool holds at most DATABASE_POOL_SIZE connections and closes them with the app', async (t) => {
  const app = await buildApp(testConfig({ DATABASE_URL: await postgresSchemaUrl(t), DATABASE_POOL_SIZE: '2' }), { logger: false })
  const results = await Promise.all(Array.from({ length: 6 }, () =>
    sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.2)`.execute(app.db)))
  const pids = [...new Set(results.map(({ rows }) => rows[0]?.pid))]
  t.equal(pids.length, 2, 'six concurrent queries shared two connections')

  await app.close()
  let open = pids.length
  for (let attempt = 0; attempt < 100 && open > 0; attempt++) {
    await sleep(100)
    open = (await queryTestPostgres<{ open: number }>('select count(*)::int as open from pg_stat_activity where pid = any($1)', [pids]))[0]?.open ?? 0
  }
  t.equal(open, 0, 'the connections are gone after close')
})

const startupFailure = async (t: Test, url: string) => startupFailureLine(t, { PORT: '0', DATABASE_URL: url })

test('an unreachable PostgreSQL at start-up: exit 1 and one line naming it and where, without the password', async (t) => {
  const line = await startupFailure(t, 'postgres://postgres:hunter2-secret@127.0.0.1:1/test')
  t.match(line, /^Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/test: .*ECONNREFUSED/)
  t.notMatch(line, /hunter2/, 'the password stays out')
})

test('a PostgreSQL that never answers: start-up gives up after the connect timeout with one line', async (t) => {
  const proxy = await startPostgresProxy(t)
  proxy.set('hang')
  const line = await startupFailure(t, `postgres://postgres@127.0.0.1:${proxy.port}/test`)
  t.match(line, new RegExp(`^Cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${proxy.port}/test: .*timeout`))
})

test('PostgreSQL going away: ready and user requests answer 503 with Retry-After, never hang, and recover by themselves', async (t) => {
  const proxy = await startPostgresProxy(t)
  const app = await buildTestApp(t, { DATABASE_URL: await proxiedSchemaUrl(t, proxy.port) })
  const user = (await app.inject({ method: 'POST', url: '/users', payload: { name: 'Before', password: TEST_PASSWORD } })).json()

  const requests = [
    { method: 'GET', url: '/users' },
    { method: 'GET', url: `/users/${user.id}` },
    { method: 'POST', url: '/users', payload: { name: 'During', password: TEST_PASSWORD } },
    { method: 'POST', url: '/login', payload: { name: 'Before', password: TEST_PASSWORD } }
  ] as const
  for (const mode of ['drop', 'hang'] as const) {
    proxy.set(mode)
    // At once, as clients would send them: each waits for a connection of its own.
    const [ready, ...responses] = await Promise.all([{ url: '/health/ready' }, ...requests].map((request) => app.inject(request)))
    t.equal(ready?.statusCode, 503, `${mode}: not ready`)
    for (const [index, request] of requests.entries()) {
      const response = responses[index]!
      const label = `${mode}: ${request.method} ${request.url}`
      t.equal(response.statusCode, 503, label)
      t.equal(response.headers['retry-after'], '5', `${label}: Retry-After`)
      t.match(response.json(), { statusCode: 503, error: 'Service Unavailable', message: /database is not available/ }, label)
      t.notMatch(response.body, /ECONN|terminated|timeout|\.ts/, `${label}: no internals`)
    }
  }

  proxy.set('forward')
  t.equal((await app.inject({ url: '/health/ready' })).statusCode, 200, 'ready again')
  t.same((await app.inject({ url: `/users/${user.id}` })).json(), user, 'the data is still there')
  t.equal((await app.inject({ method: 'POST', url: '/users', payload: { name: 'After', password: TEST_PASSWORD } })).statusCode, 201)
  t.same((await app.inject({ url: '/users' })).json().map((u: { name: string }) => u.name), ['Before', 'After'],
    'nothing was written while the database was away')
})
