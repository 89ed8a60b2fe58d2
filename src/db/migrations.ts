// Versioned migrations, applied in name order at start-up. Never edit one that has shipped: add a new one.
import type { Kysely, Migration } from 'kysely'
import { columnTypes, type DatabaseKind } from './dialect.js'

export function buildMigrations (kind: DatabaseKind): Record<string, Migration> {
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
    }
  }
}
