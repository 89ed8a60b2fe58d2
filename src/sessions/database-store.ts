// Sessions in the `sessions` table of the users database, so every process on the host shares them.
import type { Kysely } from 'kysely'
import { compileOnce } from '../db/compiled-query.js'
import { type Database, pingDatabase } from '../db/index.js'
import type { SessionBackend, SessionData } from './store.js'

export interface DatabaseStoreOptions {
  /** Where the database is, for log lines. */
  description: string
  /** Milliseconds between sweeps of expired rows. */
  sweepIntervalMs: number
  /** After each periodic sweep, with how many expired rows it deleted. */
  onSwept: (deleted: number) => void
  onSweepError: (error: unknown) => void
}

export interface DatabaseSessionBackend extends SessionBackend {
  /** Deletes every expired row; resolves to how many. */
  sweep (): Promise<number>
}

export function createDatabaseStore (db: Kysely<Database>, { description, sweepIntervalMs, onSwept, onSweepError }: DatabaseStoreOptions): DatabaseSessionBackend {
  const now = () => new Date().toISOString()
  // Every request with a session cookie runs it.
  const findLive = compileOnce(db, (session: { id: string, now: string }) =>
    db.selectFrom('sessions').select('data').where('id', '=', session.id).where('expires_at', '>', session.now))

  async function sweep (): Promise<number> {
    const result = await db.deleteFrom('sessions').where('expires_at', '<=', now()).executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  // Expired rows are never read (see get); the sweep only keeps the table from growing.
  const timer = setInterval(() => { sweep().then(onSwept, onSweepError) }, sweepIntervalMs)
  timer.unref()

  return {
    description: `database ${description}`,

    async get (id) {
      const [row] = await findLive({ id, now: now() })
      return row && JSON.parse(row.data) as SessionData
    },

    async set (id, data, expiresAt) {
      const values = { data: JSON.stringify(data), expires_at: expiresAt.toISOString(), user_id: data.userId ?? null }
      await db.insertInto('sessions').values({ id, ...values })
        .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
        .execute()
    },

    async renew (id, data, expiresAt) {
      const result = await db.updateTable('sessions').set({ data: JSON.stringify(data), expires_at: expiresAt.toISOString() })
        .where('id', '=', id).where('expires_at', '>', now())
        .executeTakeFirst()
      return result.numUpdatedRows > 0n
    },

    async destroy (id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute()
    },

    async listByUser (userId) {
      const rows = await db.selectFrom('sessions').select(['id', 'data'])
        .where('user_id', '=', userId).where('expires_at', '>', now())
        .execute()
      return rows.map(({ id, data }) => ({ id, data: JSON.parse(data) as SessionData }))
    },

    async destroyByUser (userId, keepId) {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId)
      if (keepId !== undefined) query = query.where('id', '<>', keepId)
      const result = await query.executeTakeFirst()
      return Number(result.numDeletedRows)
    },

    ping: async () => pingDatabase(db),
    sweep,

    async close () {
      clearInterval(timer)
    }
  }
}
