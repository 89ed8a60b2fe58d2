// Table types as Kysely sees them; timestamps are ISO 8601 strings in UTC on both databases.
import type { Generated } from 'kysely'

export interface UsersTable {
  id: Generated<number>
  name: string
  created_at: string
  updated_at: string
}

/** A server-side session: `data` is the session as JSON; a row past `expires_at` is dead. */
export interface SessionsTable {
  id: string
  data: string
  expires_at: string
}

export interface Database {
  users: UsersTable
  sessions: SessionsTable
}
