import { once } from 'node:events'
import { connect } from 'node:net'
import { Kysely, sql } from 'kysely'
import { test } from 'tap'
import { createDialect, isDatabaseUnavailable } from '../../src/db/dialect.js'
import { freePort } from '../sessions/client.js'
import { buildLoggedApp, TEST_POSTGRES_URL, testEachDatabase } from '../helper.js'

const quiet = { warn: () => {} }

test('only errors raised by the PostgreSQL driver count as the database being away', async (t) => {
  for (const code of ['ECONNRESET', 'EPIPE', 'ECONNREFUSED', '57P01']) {
    t.notOk(isDatabaseUnavailable(Object.assign(new Error('aborted'), { code })), `a ${code} from elsewhere (a client's socket) is not`)
  }
  t.notOk(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), 'nor a look-alike message')

  const away = new Kysely({ dialect: createDialect(`postgres://postgres@127.0.0.1:${await freePort()}/test`, { poolSize: 1, logger: quiet }) })
  t.teardown(() => away.destroy())
  const refused = await sql`select 1`.execute(away).catch((error: unknown) => error)
  t.match(refused, { code: 'ECONNREFUSED' })
  t.ok(isDatabaseUnavailable(refused), 'the driver failing to connect is')

  const db = new Kysely({ dialect: createDialect(TEST_POSTGRES_URL, { poolSize: 1, logger: quiet }) })
  t.teardown(() => db.destroy())
  const mistake = await sql`select * from no_such_table`.execute(db).catch((error: unknown) => error)
  t.match(mistake, { code: '42P01' })
  t.notOk(isDatabaseUnavailable(mistake), 'a query mistake answered by PostgreSQL is not')
})

testEachDatabase('an upload the client abandons is logged at info, never as a database outage', async (t, env) => {
  const { app, records, waitForRecord } = await buildLoggedApp(t, env)
  const { port } = new URL(await app.listen({ host: '127.0.0.1', port: 0 }))
  for (let i = 0; i < 3; i++) {
    const received = once(app.server, 'request')
    const socket = connect(Number(port), '127.0.0.1')
    socket.write('POST /users HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"name":"')
    await received
    socket.destroy()
    await waitForRecord(() => records().filter((line) => line.msg === 'the connection closed before the request was complete').length > i)
  }
  const lines = records()
  t.notOk(lines.some((line) => line.level >= 40), 'no warning or error')
  t.notOk(lines.some((line) => /database/.test(line.msg)), 'no word of the database')
  t.equal(lines.filter((line) => line.msg === 'the connection closed before the request was complete' && line.level === 30).length, 3)
  await waitForRecord(() => records().filter((line) => line.msg.startsWith('request aborted')).length >= 3)
  t.match(records().find((line) => line.msg.startsWith('request aborted')), { level: 30, aborted: true, method: 'POST', route: '/users' }, 'the request line says it was aborted')
})
