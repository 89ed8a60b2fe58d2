import { setTimeout as sleep } from 'node:timers/promises'
import { buildTestApp, testEachDatabase } from '../helper.js'

/** Counts the queries that go through Kysely's executor. */
function countExecuted (app: Awaited<ReturnType<typeof buildTestApp>>): () => number {
  let calls = 0
  const execute = app.db.executeQuery.bind(app.db)
  app.db.executeQuery = async (...args) => {
    calls++
    return await execute(...args)
  }
  return () => calls
}

testEachDatabase('a hot read runs at once on SQLite, and through Kysely\'s pool on PostgreSQL', async (t, env) => {
  const app = await buildTestApp(t, env)
  await app.ready()
  const executed = countExecuted(app)
  t.equal(await app.usersRepository.find(1), undefined)
  t.equal(executed(), env.DATABASE_URL.startsWith('sqlite:') ? 0 : 1)
})

testEachDatabase('a hot read issued while a transaction is open never runs inside it', async (t, env) => {
  const app = await buildTestApp(t, env)
  await app.ready()
  const time = new Date().toISOString()
  let inserted: number | undefined
  let read: Promise<unknown> | undefined
  const rolledBack = await app.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('users')
      .values({ name: 'Uncommitted', name_key: 'uncommitted', password_hash: null, created_at: time, updated_at: time })
      .returning('id').executeTakeFirstOrThrow()
    inserted = row.id
    t.ok(await trx.selectFrom('users').select('id').where('id', '=', row.id).executeTakeFirst(), 'the transaction sees its own row')
    // On SQLite's one connection, a read that ran now would see the row the transaction has not committed.
    read = app.usersRepository.find(row.id)
    await sleep(50)
    throw new Error('roll back')
  }).catch((error: unknown) => error)
  t.match(rolledBack, { message: 'roll back' })
  t.equal(await read, undefined, `user ${inserted} was never committed, and the read did not see it`)
})
