// SQL for users; routes reach the database only through the decorated usersRepository.
import fp from 'fastify-plugin'
import type { Kysely, Selectable } from 'kysely'
import { sql } from 'kysely'
import { compileOnce } from '../db/compiled-query.js'
import type { Database } from '../db/index.js'
import { isUniqueViolation } from '../db/dialect.js'
import type { UsersTable } from '../db/schema.js'
import { nameKey, type PageRequest, type User } from '../schemas/users.js'

/**
 * A user with its version, which counts every change: the routes send it as the ETag, and a
 * conditional write (If-Match) compares it. The response schemas leave it out of the JSON.
 */
export type VersionedUser = User & { version: number }

function toUser (row: Selectable<UsersTable>): VersionedUser {
  return { id: row.id, name: row.name, role: row.role, createdAt: row.created_at, updatedAt: row.updated_at, version: row.version }
}

/** Versions a conditional write accepts (from If-Match); undefined writes whatever the version. */
export type ExpectedVersions = readonly number[] | undefined

/** The user exists, but not in a version the write expected: someone else changed it meanwhile. */
export class StaleVersionError extends Error {
  override name = 'StaleVersionError'

  constructor (id: number) {
    super(`User ${id} has changed since the version given in If-Match`)
  }

  /** Throws unless the user's version is one the write expects (none expected: any version does). */
  static check (user: VersionedUser, expected: ExpectedVersions): void {
    if (expected !== undefined && !expected.includes(user.version)) throw new StaleVersionError(user.id)
  }
}

/** What a user's update may set; only the given fields change. */
export interface UserChanges {
  name?: string | undefined
  passwordHash?: string | undefined
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
  // Each change counts the version up in the same statement as the change itself.
  const nextVersion = sql<number>`version + 1`
  /**
   * The IN list of the versions an If-Match accepts, padded with 0 (versions start at 1, so 0 matches
   * none) to a power of two: an If-Match with no usable tag gives [0], never an empty list, and one of
   * any length gives one of a few statement shapes.
   */
  function acceptable (expected: readonly number[]): number[] {
    const size = 2 ** Math.ceil(Math.log2(Math.max(expected.length, 1)))
    return [...expected, ...Array<number>(size - expected.length).fill(0)]
  }

  // The hot reads, compiled once. Ids start at 1, so `after: 0` is the first page.
  const pageForward = compileOnce(db, (page: { after: number, limit: number, offset: number }) =>
    db.selectFrom('users').selectAll().where('id', '>', page.after).orderBy('id').limit(page.limit).offset(page.offset))
  const pageBackward = compileOnce(db, (page: { before: number, limit: number }) =>
    db.selectFrom('users').selectAll().where('id', '<', page.before).orderBy('id', 'desc').limit(page.limit))
  const countAll = compileOnce(db, () => db.selectFrom('users').select((select) => select.fn.countAll<number | string>().as('total')))
  const findById = compileOnce(db, (user: { id: number }) => db.selectFrom('users').selectAll().where('id', '=', user.id))

  /**
   * The update of each shape of change (which fields it sets, and how many versions If-Match
   * accepts), compiled once like the hot reads: building and compiling it on every call was about
   * 5 % of the CPU of a PATCH. The version list is padded (see acceptable), so there are few shapes.
   */
  const updates = new Map<string, (params: Record<string, unknown>) => Promise<Array<Selectable<UsersTable>>>>()
  function updateOfShape (setsName: boolean, setsHash: boolean, versions: number | undefined) {
    const shape = `${setsName} ${setsHash} ${versions}`
    let update = updates.get(shape)
    if (update === undefined) {
      update = compileOnce(db, (params: Record<string, unknown>) => {
        let query = db.updateTable('users').set({ version: nextVersion }).where('id', '=', params.id as number)
        if (setsName) query = query.set({ name: params.name as string, name_key: params.nameKey as string, updated_at: params.time as string })
        if (setsHash) query = query.set({ password_hash: params.passwordHash as string })
        if (versions !== undefined) query = query.where('version', 'in', Array.from({ length: versions }, (_, index) => params[`v${index}`] as number))
        return query.returningAll()
      })
      updates.set(shape, update)
    }
    return update
  }

  /** After a conditional write that changed nothing: stale when the user is there, undefined when not. */
  async function missingOrStale (id: number, expected: ExpectedVersions): Promise<undefined> {
    if (expected !== undefined && (await findById({ id })).length > 0) {
      throw new StaleVersionError(id)
    }
    return undefined
  }

  return {
    /**
     * A page of users in id order, starting after (or ending before) an id, or at an offset; see
     * schemas/users.ts. One row more than the page is read, to know whether more follow.
     */
    async list ({ limit, after = 0, before, offset = 0 }: PageRequest): Promise<UserPage> {
      const rows = before === undefined
        ? await pageForward({ after, limit: limit + 1, offset })
        : (await pageBackward({ before, limit: limit + 1 }))
      const more = rows.length > limit
      const users = rows.slice(0, limit).map(toUser)
      if (before !== undefined) users.reverse()
      const [{ total } = { total: 0 }] = await countAll({})
      return { users, total: Number(total), more }
    },

    /** True when some user has an id above `id` (below it, with `below`). */
    async anyBeyond (id: number, direction: 'above' | 'below'): Promise<boolean> {
      const row = await db.selectFrom('users').select('id').where('id', direction === 'above' ? '>' : '<', id).limit(1).executeTakeFirst()
      return row !== undefined
    },

    async find (id: number): Promise<VersionedUser | undefined> {
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

    /**
     * Changes the given fields in one statement that also checks the version when `expected` is
     * given, so of two writers holding the same version exactly one succeeds. Undefined when there is
     * no such user; throws StaleVersionError for another version, NameTakenError for a taken name.
     */
    async update (id: number, { name, passwordHash }: UserChanges, expected?: ExpectedVersions): Promise<VersionedUser | undefined> {
      const versions = expected === undefined ? undefined : acceptable(expected)
      const update = updateOfShape(name !== undefined, passwordHash !== undefined, versions?.length)
      const params: Record<string, unknown> = { id, passwordHash }
      // updatedAt dates the user as the API shows it, which has no password.
      if (name !== undefined) Object.assign(params, { name, nameKey: nameKey(name), time: now() })
      versions?.forEach((version, index) => { params[`v${index}`] = version })
      const [row] = await naming(name ?? '', update(params))
      return row === undefined ? await missingOrStale(id, expected) : toUser(row)
    },

    /** Replaces the hash if it is still `expected`, so a rehash at login never undoes a password change. */
    async rehashPassword (id: number, passwordHash: string, expected: string): Promise<boolean> {
      const result = await db.updateTable('users').set({ password_hash: passwordHash, version: nextVersion })
        .where('id', '=', id).where('password_hash', '=', expected).executeTakeFirst()
      return result.numUpdatedRows > 0n
    },

    /** Makes the user with this name an admin; undefined when there is none. */
    async promote (name: string): Promise<{ user: User, changed: boolean } | undefined> {
      const found = await db.selectFrom('users').selectAll().where('name_key', '=', nameKey(name)).executeTakeFirst()
      if (found === undefined) return undefined
      if (found.role === 'admin') return { user: toUser(found), changed: false }
      const row = await db.updateTable('users').set({ role: 'admin', updated_at: now(), version: nextVersion })
        .where('id', '=', found.id).returningAll().executeTakeFirstOrThrow()
      return { user: toUser(row), changed: true }
    },

    /**
     * Deletes the user; throws LastAdminError for the only admin and StaleVersionError when the
     * version is not one of `expected`. One statement, so the checks and the delete see the same rows.
     */
    async remove (id: number, expected?: ExpectedVersions): Promise<boolean> {
      let query = db.deleteFrom('users')
        .where('id', '=', id)
        .where((where) => where.or([
          where('role', '<>', 'admin'),
          where(sql<number>`(select count(*) from users where role = 'admin')`, '>', 1)
        ]))
      if (expected !== undefined) query = query.where('version', 'in', acceptable(expected))
      const result = await query.executeTakeFirst()
      if (result.numDeletedRows > 0n) return true
      const left = await this.find(id)
      if (left === undefined) return false
      StaleVersionError.check(left, expected)
      throw new LastAdminError('The last admin cannot be removed; make another user an admin first')
    }
  }
}

/** A page of users, how many users there are in all, and whether more follow in the page's direction. */
export interface UserPage {
  users: VersionedUser[]
  total: number
  more: boolean
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
