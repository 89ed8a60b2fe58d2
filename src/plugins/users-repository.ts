// SQL for users; routes reach the database only through the decorated usersRepository.
import fp from 'fastify-plugin'
import type { Kysely, Selectable } from 'kysely'
import { compileOnce } from '../db/compiled-query.js'
import type { Database } from '../db/index.js'
import type { UsersTable } from '../db/schema.js'
import type { User } from '../schemas/users.js'

function toUser (row: Selectable<UsersTable>): User {
  return { id: row.id, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at }
}

export function createUsersRepository (db: Kysely<Database>) {
  // The hot reads and the rename, compiled once.
  const listPage = compileOnce(db, (page: { limit: number, offset: number }) =>
    db.selectFrom('users').selectAll().orderBy('id').limit(page.limit).offset(page.offset))
  const findById = compileOnce(db, (user: { id: number }) => db.selectFrom('users').selectAll().where('id', '=', user.id))
  const renameById = compileOnce(db, (user: { id: number, name: string, now: string }) =>
    db.updateTable('users').set({ name: user.name, updated_at: user.now }).where('id', '=', user.id).returningAll())

  return {
    async list (limit: number, offset: number): Promise<User[]> {
      return (await listPage({ limit, offset })).map(toUser)
    },

    async find (id: number): Promise<User | undefined> {
      const [row] = await findById({ id })
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
      const [row] = await renameById({ id, name, now: new Date().toISOString() })
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
