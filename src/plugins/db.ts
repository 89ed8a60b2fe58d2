// The database, decorated as `db` for the repositories, closed when the app closes.
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import { type Database, migrateToLatest, openDatabase } from '../db/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>
  }
}

export interface DbPluginOptions {
  url: string
  /** False where another process (the cluster primary) has already migrated. */
  migrate: boolean
}

export default fp<DbPluginOptions>(async (app, { url, migrate }) => {
  const db = openDatabase(url)
  app.addHook('onClose', async () => db.destroy())
  if (migrate) await migrateToLatest(db, url)
  app.decorate('db', db)
}, { name: 'db' })
