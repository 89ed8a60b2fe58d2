// SQL for users; routes reach the database only through the decorated usersRepository.
import fp from 'fastify-plugin'
import type { Kysely, Selectable } from 'kysely'
import type { Database } from '../db/index.js'
import type { UsersTable } from '../db/schema.js'
import type { User } from '../schemas/users.js'

function toUser (row: Selectable<UsersTable>): User {
  return { id: row.id, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at }
}

export function createUsersRepository (db: Kysely<Database>) {
  return {
    async list (limit: number, offset: number): Promise<User[]> {
      const rows = await db.selectFrom('users').selectAll().orderBy('id').limit(limit).offset(offset).execute()
      return rows.map(toUser)
    },

    async find (id: number): Promise<User | undefined> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
      return row && toUser(row)
    },

    async create (name: string): Promise<User> {
      const now = new Date().toISOString()
      const row = await db.insertInto('users')
        .values({ name, created_at: now, updated_at: now })
        .returningAll()
        .executeTakeFirstOrThrow()
      return toUser(row)
    },

    async rename (id: number, name: string): Promise<User | undefined> {
      const row = await db.updateTable('users')
        .set({ name, updated_at: new Date().toISOString() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst()
      return row && toUser(row)
    },

    async remove (id: number): Promise<boolean> {
      const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst()
      return result.numDeletedRows > 0n
    }
  }
}

export type UsersRepository = ReturnType<typeof createUsersRepository>

declare module 'fastify' {
  interface FastifyInstance {
    usersRepository: UsersRepository
  }
}

export default fp(async (app) => {
  app.decorate('usersRepository', createUsersRepository(app.db))
}, { name: 'users-repository', dependencies: ['db'] })
