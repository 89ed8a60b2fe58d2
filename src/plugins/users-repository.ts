// SQL for users; routes reach the database only through the decorated usersRepository.
import fp from 'fastify-plugin'
import type { Kysely, Selectable } from 'kysely'
import { sql } from 'kysely'
import { compileOnce } from '../db/compiled-query.js'
import type { Database } from '../db/index.js'
import { isUniqueViolation } from '../db/dialect.js'
import type { UsersTable } from '../db/schema.js'
import { nameKey, type User } from '../schemas/users.js'

function toUser (row: Selectable<UsersTable>): User {
  return { id: row.id, name: row.name, role: row.role, createdAt: row.created_at, updatedAt: row.updated_at }
}

/** A name another user has (ignoring case, after NFC and trimming). */
export class NameTakenError extends Error {
  override name = 'NameTakenError'
}

/** The change would leave no admin. */
export class LastAdminError extends Error {
  override name = 'LastAdminError'
}

/** Runs a write that sets a name; a unique-index violation becomes a NameTakenError. */
async function naming<T> (name: string, write: Promise<T>): Promise<T> {
  try {
    return await write
  } catch (error) {
    if (isUniqueViolation(error)) throw new NameTakenError(`The name "${name}" is taken`, { cause: error })
    throw error
  }
}

export function createUsersRepository (db: Kysely<Database>) {
  const now = () => new Date().toISOString()
  // The hot reads and the rename, compiled once.
  const listPage = compileOnce(db, (page: { limit: number, offset: number }) =>
    db.selectFrom('users').selectAll().orderBy('id').limit(page.limit).offset(page.offset))
  const findById = compileOnce(db, (user: { id: number }) => db.selectFrom('users').selectAll().where('id', '=', user.id))
  const renameById = compileOnce(db, (user: { id: number, name: string, key: string, now: string }) =>
    db.updateTable('users').set({ name: user.name, name_key: user.key, updated_at: user.now }).where('id', '=', user.id).returningAll())

  return {
    async list (limit: number, offset: number): Promise<User[]> {
      return (await listPage({ limit, offset })).map(toUser)
    },

    async find (id: number): Promise<User | undefined> {
      const [row] = await findById({ id })
      return row && toUser(row)
    },

    /** The user with this name (as uniqueness sees it) and the password hash, for a login. */
    async findCredentials (name: string): Promise<{ user: User, passwordHash: string | null } | undefined> {
      const row = await db.selectFrom('users').selectAll().where('name_key', '=', nameKey(name)).executeTakeFirst()
      return row && { user: toUser(row), passwordHash: row.password_hash }
    },

    async passwordHash (id: number): Promise<string | null | undefined> {
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst()
      return row?.password_hash
    },

    /** Throws NameTakenError when the name is taken. */
    async create (name: string, passwordHash: string): Promise<User> {
      const time = now()
      const row = await naming(name, db.insertInto('users')
        .values({ name, name_key: nameKey(name), password_hash: passwordHash, created_at: time, updated_at: time })
        .returningAll()
        .executeTakeFirstOrThrow())
      return toUser(row)
    },

    /** Throws NameTakenError when another user has the name. */
    async rename (id: number, name: string): Promise<User | undefined> {
      const [row] = await naming(name, renameById({ id, name, key: nameKey(name), now: now() }))
      return row && toUser(row)
    },

    /**
     * Replaces the hash; `expected` (when given) must still be the stored one, so a rehash never undoes
     * a password change. updatedAt stays: it dates the user as the API shows it, which has no password.
     */
    async setPasswordHash (id: number, passwordHash: string, expected?: string): Promise<boolean> {
      let update = db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id)
      if (expected !== undefined) update = update.where('password_hash', '=', expected)
      const result = await update.executeTakeFirst()
      return result.numUpdatedRows > 0n
    },

    /** Makes the user with this name an admin; undefined when there is none. */
    async promote (name: string): Promise<{ user: User, changed: boolean } | undefined> {
      const found = await db.selectFrom('users').selectAll().where('name_key', '=', nameKey(name)).executeTakeFirst()
      if (found === undefined) return undefined
      if (found.role === 'admin') return { user: toUser(found), changed: false }
      const row = await db.updateTable('users').set({ role: 'admin', updated_at: now() })
        .where('id', '=', found.id).returningAll().executeTakeFirstOrThrow()
      return { user: toUser(row), changed: true }
    },

    /**
     * Deletes the user; throws LastAdminError for the only admin. One statement, so the check and the
     * delete see the same rows.
     */
    async remove (id: number): Promise<boolean> {
      const result = await db.deleteFrom('users')
        .where('id', '=', id)
        .where((where) => where.or([
          where('role', '<>', 'admin'),
          where(sql<number>`(select count(*) from users where role = 'admin')`, '>', 1)
        ]))
        .executeTakeFirst()
      if (result.numDeletedRows > 0n) return true
      if ((await this.find(id))?.role === 'admin') throw new LastAdminError('The last admin cannot be removed; make another user an admin first')
      return false
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
