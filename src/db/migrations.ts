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
    }
  }
}
