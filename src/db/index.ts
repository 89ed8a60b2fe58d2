// Opens the database named by DATABASE_URL and brings its schema up to date.
import { Kysely, Migrator, sql } from 'kysely'
import { createDialect, databaseKind, describeDatabase } from './dialect.js'
import { buildMigrations } from './migrations.js'
import { StartupError } from '../startup-error.js'
import type { Database } from './schema.js'

export type { Database } from './schema.js'

/** The database could not be reached or migrated; the message names which and where. */
export class DatabaseError extends StartupError {
  override name = 'DatabaseError'
}

export function openDatabase (url: string): Kysely<Database> {
  try {
    return new Kysely<Database>({ dialect: createDialect(url) })
  } catch (error) {
    throw new DatabaseError(`Database ${describeDatabase(url)} could not be opened: ${(error as Error).message}`, { cause: error })
  }
}

export async function migrateToLatest (db: Kysely<Database>, url: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => buildMigrations(databaseKind(url)) }
  })
  const { error } = await migrator.migrateToLatest()
  if (error !== undefined) {
    throw new DatabaseError(`Database ${describeDatabase(url)} could not be migrated: ${(error as Error).message}`, { cause: error })
  }
}

export async function pingDatabase (db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db)
}
