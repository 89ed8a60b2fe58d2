// Everything that differs between SQLite and PostgreSQL lives here; the rest of the code is the same for both.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { type ColumnDefinitionBuilder, type Dialect, SqliteDialect } from 'kysely'

export type DatabaseKind = 'sqlite' | 'postgres'

export function databaseKind (url: string): DatabaseKind {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres'
}

/** Where the database is, for log lines and error messages, without credentials. */
export function describeDatabase (url: string): string {
  if (databaseKind(url) === 'sqlite') return url
  const parsed = new URL(url)
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`
}

export function createDialect (url: string): Dialect {
  const file = url.slice('sqlite:'.length)
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const database = new SQLite(file)
  // WAL lets readers and one writer in several processes share the file; the busy
  // timeout makes a second writer wait for the lock instead of failing at once.
  database.pragma('journal_mode = WAL')
  database.pragma('busy_timeout = 5000')
  database.pragma('synchronous = NORMAL')
  database.pragma('foreign_keys = ON')
  return new SqliteDialect({ database })
}

export function columnTypes (kind: DatabaseKind) {
  return {
    id: kind === 'sqlite' ? 'integer' : 'serial',
    idConstraints: (column: ColumnDefinitionBuilder) =>
      kind === 'sqlite' ? column.primaryKey().autoIncrement() : column.primaryKey(),
    timestamp: 'text'
  } as const
}
