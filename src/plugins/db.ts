// The database, decorated as `db` for the repositories, closed when the app closes.
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import { type Database, migrateToLatest, openDatabase, pingDatabase } from '../db/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>
    /** Resolves when the database answers; for readiness checks. */
    pingDatabase: () => Promise<void>
  }
}

export interface DbPluginOptions {
  url: string
  /** PostgreSQL connections per process (DATABASE_POOL_SIZE). */
  poolSize: number
  /** False where another process (the cluster primary) has already migrated. */
  migrate: boolean
}

export default fp<DbPluginOptions>(async (app, { url, poolSize, migrate }) => {
  const db = await openDatabase(url, { poolSize, logger: app.log })
  app.addHook('onClose', async () => db.destroy())
  if (migrate) {
    const applied = await migrateToLatest(db, url, app.log).catch(async (error: unknown) => {
      await db.destroy()
      throw error
    })
    // At debug: a start-up that fails after migrating must still print only its one line.
    if (applied.length > 0) app.log.debug({ migrations: applied }, 'database migrated')
  }
  app.decorate('db', db)
  app.decorate('pingDatabase', async () => pingDatabase(db))
}, { name: 'db' })
