// Versioned migrations, applied in name order at start-up. Never edit one that has shipped: add a new one.
import type { Kysely, Migration } from 'kysely'
import { nameKey } from '../schemas/users.js'
import { columnTypes, type DatabaseKind } from './dialect.js'
import type { Database } from './schema.js'

/** Where a migration reports what a person must look at. */
export interface MigrationLogger {
  warn: (details: object, message: string) => void
}

/** Joins a colliding row's key to its id: names cannot contain U+0001, so no new name can ever take it. */
const COLLISION_SEPARATOR = '\u0001'

/**
 * Fills users.name_key for rows made before names were unique ignoring case. The first row (lowest
 * id) of each colliding group keeps the key; the others get one of their own, stay as they are, and
 * are named in the log so an admin can rename them.
 */
async function fillNameKeys (db: Kysely<Database>, log: MigrationLogger): Promise<void> {
  const rows = await db.selectFrom('users').select(['id', 'name']).orderBy('id').execute()
  const owners = new Map<string, number>()
  const collisions: Array<{ id: number, name: string, sameAs: number }> = []
  for (const { id, name } of rows) {
    const key = nameKey(name)
    const owner = owners.get(key)
    if (owner === undefined) owners.set(key, id)
    else collisions.push({ id, name, sameAs: owner })
    await db.updateTable('users').set({ name_key: owner === undefined ? key : `${key}${COLLISION_SEPARATOR}${id}` }).where('id', '=', id).execute()
  }
  if (collisions.length > 0) {
    log.warn({ collisions }, `${collisions.length} user names are the same as an older user's ignoring case; every row is kept, rename these users (id, name, and the id of the user whose name it repeats)`)
  }
}

export function buildMigrations (kind: DatabaseKind, log: MigrationLogger): Record<string, Migration> {
  const types = columnTypes(kind)
  return {
    '001_create_users': {
      async up (db: Kysely<unknown>) {
        await db.schema.createTable('users')
          .addColumn('id', types.id, types.idConstraints)
          .addColumn('name', 'varchar(100)', (column) => column.notNull())
          .addColumn('created_at', types.timestamp, (column) => column.notNull())
          .addColumn('updated_at', types.timestamp, (column) => column.notNull())
          .execute()
      },
      async down (db: Kysely<unknown>) {
        await db.schema.dropTable('users').execute()
      }
    },
    '002_create_sessions': {
      async up (db: Kysely<unknown>) {
        await db.schema.createTable('sessions')
          .addColumn('id', 'varchar(128)', (column) => column.primaryKey())
          .addColumn('data', 'text', (column) => column.notNull())
          .addColumn('expires_at', types.timestamp, (column) => column.notNull())
          .execute()
        // The sweep deletes by expiry; without the index it would scan every session.
        await db.schema.createIndex('sessions_expires_at_index').on('sessions').column('expires_at').execute()
      },
      async down (db: Kysely<unknown>) {
        await db.schema.dropTable('sessions').execute()
      }
    },
    '003_accounts': {
      async up (db: Kysely<unknown>) {
        // Existing users keep their rows: no password (they cannot log in until an admin sets one), role user.
        await db.schema.alterTable('users').addColumn('name_key', 'varchar(400)', (column) => column.notNull().defaultTo('')).execute()
        await db.schema.alterTable('users').addColumn('role', 'varchar(5)', (column) => column.notNull().defaultTo('user')).execute()
        await db.schema.alterTable('users').addColumn('password_hash', 'varchar(200)').execute()
        await fillNameKeys(db as Kysely<Database>, log)
        await db.schema.createIndex('users_name_key_index').on('users').column('name_key').unique().execute()
        // Sessions of the old kind hold a name, no user id: they no longer count as logged in.
        await db.schema.alterTable('sessions').addColumn('user_id', 'integer').execute()
        await db.schema.createIndex('sessions_user_id_index').on('sessions').column('user_id').execute()
      },
      async down (db: Kysely<unknown>) {
        await db.schema.dropIndex('sessions_user_id_index').execute()
        await db.schema.alterTable('sessions').dropColumn('user_id').execute()
        await db.schema.dropIndex('users_name_key_index').execute()
        for (const column of ['password_hash', 'role', 'name_key']) await db.schema.alterTable('users').dropColumn(column).execute()
      }
    },
    '004_user_versions': {
      async up (db: Kysely<unknown>) {
        // Every change of a user counts it up: the ETag, and what a conditional write compares.
        await db.schema.alterTable('users').addColumn('version', 'integer', (column) => column.notNull().defaultTo(1)).execute()
      },
      async down (db: Kysely<unknown>) {
        await db.schema.alterTable('users').dropColumn('version').execute()
      }
    }
  }
}
