// Opens the database named by DATABASE_URL and brings its schema up to date.
import { Kysely, Migrator, sql } from 'kysely'
import { createDialect, type DatabaseLogger, databaseKind, describeDatabase, type DialectOptions, migrationDatabase, migrationTableSchema, registerImmediateRunner } from './dialect.js'
import { buildMigrations, type MigrationLogger } from './migrations.js'
import { StartupError } from '../startup-error.js'
import type { Database } from './schema.js'

export type { Database } from './schema.js'
export { isDatabaseUnavailable } from './dialect.js'

/** The database could not be reached or migrated; the message names which and where. */
class DatabaseError extends StartupError {
  override name = 'DatabaseError'
}

/** Why the database could not be opened, in words that point at the fix. */
export function reason (error: unknown): string {
  // A connection refused on every address of a name (e.g. localhost) is an AggregateError with an empty message.
  const { message, code } = error as Error & { code?: string }
  // better-sqlite3 built for another Node.js: the database is fine, the native module is not.
  if (code === 'ERR_DLOPEN_FAILED' || /did not self-register|NODE_MODULE_VERSION/.test(message ?? '')) {
    return `the native module better-sqlite3 was built for another Node.js version than this one (${process.version}); ` +
      `run "npm rebuild better-sqlite3" (${message.split('\n', 1)[0]})`
  }
  return message || code || String(error)
}

/** Opens the database and checks that it answers, so an unreachable one stops start-up with one line. */
export async function openDatabase (url: string, options: DialectOptions): Promise<Kysely<Database>> {
  let db: Kysely<Database> | undefined
  try {
    const dialect = createDialect(url, options)
    db = new Kysely<Database>({ dialect })
    registerImmediateRunner(db, dialect)
    await pingDatabase(db)
    return db
  } catch (error) {
    await db?.destroy()
    throw new DatabaseError(`Cannot connect to ${describeDatabase(url)}: ${reason(error)}`, { cause: error })
  }
}

/**
 * Applies pending migrations and names the ones it applied. On PostgreSQL Kysely holds an
 * advisory lock meanwhile, so when several hosts start at once exactly one applies each migration;
 * the others wait on a connection without timeouts, then find nothing left to do.
 */
export async function migrateToLatest (db: Kysely<Database>, url: string, logger: DatabaseLogger & MigrationLogger): Promise<string[]> {
  const kind = databaseKind(url)
  const migration = migrationDatabase(db, url, logger)
  try {
    const migrator = new Migrator({
      db: migration.db,
      provider: { getMigrations: async () => buildMigrations(kind, logger) },
      migrationTableSchema: await migrationTableSchema(migration.db, kind)
    })
    const { error, results = [] } = await migrator.migrateToLatest()
    if (error !== undefined) throw error
    return results.filter((result) => result.status === 'Success').map((result) => result.migrationName)
  } catch (error) {
    throw new DatabaseError(`Cannot migrate ${describeDatabase(url)}: ${reason(error)}`, { cause: error })
  } finally {
    await migration.close()
  }
}

export async function pingDatabase (db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db)
}
