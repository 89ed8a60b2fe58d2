// Table types as Kysely sees them; timestamps are ISO 8601 strings in UTC on both databases.
import type { ColumnType, Generated } from 'kysely'

export type Role = 'user' | 'admin'

export interface UsersTable {
  id: Generated<number>
  name: string
  /**
   * The name as uniqueness sees it (see nameKey), under a unique index. Rows that collided when
   * the accounts migration ran keep `<key>` + U+0000 + `<id>` until they are renamed.
   */
  name_key: string
  role: ColumnType<Role, Role | undefined, Role>
  /** A PHC-format scrypt hash; null for users made before passwords existed (they cannot log in). */
  password_hash: string | null
  /** 1 when the row is made, one more at every change: the user's ETag and If-Match compare it. */
  version: ColumnType<number, number | undefined, number>
  created_at: string
  updated_at: string
}

/** A server-side session: `data` is the session as JSON; a row past `expires_at` is dead. */
export interface SessionsTable {
  id: string
  data: string
  expires_at: string
  /** The logged-in user, so a user's sessions can be listed and ended; null before login. */
  user_id: number | null
}

export interface Database {
  users: UsersTable
  sessions: SessionsTable
}
