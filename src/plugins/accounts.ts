// The account rules (register, log in, who may change whom, passwords, ending sessions), shared by the API and the page forms.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isCommonPassword } from './passwords.js'
import { randomBytes } from 'node:crypto'
import { type ExpectedVersions, LastAdminError, NameTakenError, StaleVersionError, type VersionedUser } from './users-repository.js'
import type { SessionSummary } from '../schemas/sessions.js'
import type { User } from '../schemas/users.js'
import type { StoredSession } from '../sessions/store.js'

declare module 'fastify' {
  interface FastifyInstance {
    accounts: Accounts
  }
  interface FastifyRequest {
    /** The logged-in user, once `requireUser` has run; null before. */
    user: VersionedUser | null
  }
}

/** At most this much of a User-Agent is kept: it only helps the user recognise a session. */
const USER_AGENT_LENGTH = 200

function summarize ({ id, data }: StoredSession, currentId: string | undefined): SessionSummary {
  const iso = (ms: number | undefined) => new Date(ms ?? 0).toISOString()
  return {
    handle: data.handle ?? '',
    createdAt: iso(data.loginAt),
    lastSeenAt: iso(data.lastSeenAt ?? data.loginAt),
    userAgent: data.userAgent ?? '',
    address: data.address ?? '',
    current: id === currentId
  }
}

/** The body field an error is about, so a page can show the message next to that field. */
export type Field = 'name' | 'password' | 'currentPassword' | 'handle'

/** What PUT and PATCH /users/:id may change. */
export interface UserChange {
  name?: string | undefined
  password?: string | undefined
  /** Required when users change their own password. */
  currentPassword?: string | undefined
}

function createAccounts (app: FastifyInstance) {
  const { usersRepository: repository, passwords, sessionStore, httpErrors } = app

  function fieldError (statusCode: number, field: Field, message: string): Error {
    return httpErrors.createError(statusCode, message, { field })
  }

  function refuseCommon (password: string): void {
    if (isCommonPassword(password)) throw fieldError(400, 'password', 'body.password is one of the most common passwords; choose another')
  }

  /** Runs a write that sets a name, answering 409 when another user has it. */
  async function naming<T> (write: Promise<T>): Promise<T> {
    try {
      return await write
    } catch (error) {
      if (error instanceof NameTakenError) throw fieldError(409, 'name', `${error.message}; choose another`)
      throw error
    }
  }

  /** Runs a conditional write, answering 412 when the user changed since the version in If-Match. */
  async function preconditioned<T> (write: () => Promise<T> | T): Promise<T> {
    try {
      return await write()
    } catch (error) {
      if (error instanceof StaleVersionError) throw httpErrors.preconditionFailed(`${error.message}; fetch it again`)
      throw error
    }
  }

  /** The target user, or 403 when the actor may not change it (404 for an admin when there is none). */
  async function target (actor: VersionedUser, id: number): Promise<VersionedUser> {
    if (!mayChange(actor, id)) throw httpErrors.forbidden('Only the user or an admin may change this user')
    // The actor was read from the database for this request: no second read of the same row.
    if (actor.id === id) return actor
    const user = await repository.find(id)
    if (user === undefined) throw httpErrors.notFound(`User ${id} not found`)
    return user
  }

  return {
    target,

    /** Creates an account; 400 for a common password, 409 for a taken name. */
    async register (name: string, password: string): Promise<User> {
      refuseCommon(password)
      return naming(repository.create(name.trim(), await passwords.hash(password)))
    },

    /**
     * The user with this name and password, or undefined. An unknown name, or a user without a
     * password, costs a hash too, so the answer takes as long as a wrong password's. A hash made
     * with older parameters is replaced by one with today's.
     */
    async authenticate (name: string, password: string): Promise<User | undefined> {
      const found = await repository.findCredentials(name.trim())
      if (found?.passwordHash == null) {
        await passwords.waste(password)
        return undefined
      }
      const { user, passwordHash } = found
      if (!await passwords.verify(password, passwordHash)) return undefined
      if (passwords.isOutdated(passwordHash)) await repository.rehashPassword(user.id, await passwords.hash(password), passwordHash)
      return user
    },

    /** Starts a new session for the user (a new id: a planted one is dropped from the store), with what GET /sessions shows. */
    async logIn (request: FastifyRequest, user: User): Promise<void> {
      await request.session.regenerate({
        userId: user.id,
        loginAt: Date.now(),
        handle: randomBytes(16).toString('base64url'),
        userAgent: (request.headers['user-agent'] ?? '').slice(0, USER_AGENT_LENGTH),
        address: request.ip
      })
    },

    /** The user's live sessions, newest login first. */
    async sessions (user: User, currentId: string | undefined): Promise<SessionSummary[]> {
      const stored = await sessionStore.listByUser(user.id)
      return stored.filter(({ data }) => data.handle !== undefined)
        .map((each) => summarize(each, currentId))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    },

    /** Ends the user's session with this handle; 404 when the user has none. Resolves to true when it was the current one. */
    async endSession (user: User, handle: string, currentId: string | undefined): Promise<boolean> {
      const found = (await sessionStore.listByUser(user.id)).find(({ data }) => data.handle === handle)
      if (found === undefined) throw fieldError(404, 'handle', 'You have no live session with this handle')
      await sessionStore.destroy(found.id)
      return found.id === currentId
    },

    /** Ends every session of the user but the current one ("log out everywhere else"). */
    async endOtherSessions (user: User, currentId: string | undefined): Promise<number> {
      return sessionStore.destroyByUser(user.id, currentId)
    },

    /** The logged-in user of the request's session, or undefined (no session, or the user is gone). */
    async current (request: FastifyRequest): Promise<VersionedUser | undefined> {
      const { userId } = request.session
      return userId === undefined ? undefined : await repository.find(userId)
    },

    /** The logged-in user, or 401. */
    async require (request: FastifyRequest): Promise<VersionedUser> {
      const user = await this.current(request)
      if (user === undefined) throw httpErrors.unauthorized('Log in first: no live session')
      return user
    },

    /**
     * Renames the user and/or sets a new password, in one write that checks `expected` (If-Match)
     * at the same time. A new password ends the user's other sessions (all of them when an admin
     * resets another user's); users changing their own must give the current one.
     */
    async change (actor: VersionedUser, id: number, { name, password, currentPassword }: UserChange, currentSessionId: string | undefined, expected?: ExpectedVersions): Promise<VersionedUser> {
      const found = await target(actor, id)
      if (name === undefined && password === undefined) {
        await preconditioned(() => StaleVersionError.check(found, expected))
        return found
      }
      const own = actor.id === id
      let passwordHash: string | undefined
      if (password !== undefined) {
        refuseCommon(password)
        if (own) {
          if (currentPassword === undefined) throw fieldError(400, 'currentPassword', 'body.currentPassword is needed to change your own password')
          const stored = await repository.passwordHash(id)
          if (stored == null || !await passwords.verify(currentPassword, stored)) {
            throw fieldError(403, 'currentPassword', 'body.currentPassword is not your current password')
          }
        }
        passwordHash = await passwords.hash(password)
      }
      const user = await preconditioned(async () => await naming(repository.update(id, { name: name?.trim(), passwordHash }, expected)))
      if (user === undefined) throw httpErrors.notFound(`User ${id} not found`)
      if (password !== undefined) await sessionStore.destroyByUser(id, own ? currentSessionId : undefined)
      return user
    },

    /** Deletes the account and ends all its sessions; 409 for the last admin, 412 for a stale If-Match. */
    async remove (actor: VersionedUser, id: number, expected?: ExpectedVersions): Promise<void> {
      await target(actor, id)
      try {
        if (!await preconditioned(async () => await repository.remove(id, expected))) throw httpErrors.notFound(`User ${id} not found`)
      } catch (error) {
        if (error instanceof LastAdminError) throw httpErrors.conflict(error.message)
        throw error
      }
      await sessionStore.destroyByUser(id)
    }
  }
}

export type Accounts = ReturnType<typeof createAccounts>

/** A route's preValidation hook: 401 without a logged-in user (before the body is judged), else sets request.user. */
export async function requireUser (request: FastifyRequest): Promise<void> {
  request.user = await request.server.accounts.require(request)
}

/** Who may change (rename, delete) a user: the user, or an admin. The pages ask it too, to offer only what would work. */
export function mayChange (actor: User | undefined, id: number): boolean {
  return actor !== undefined && (actor.id === id || actor.role === 'admin')
}

/** The user that requireUser found; a route that forgot the hook fails loudly instead of acting for nobody. */
export function signedIn (request: FastifyRequest): VersionedUser {
  if (request.user === null) throw new Error(`${request.routeOptions.url ?? request.url} needs the requireUser hook`)
  return request.user
}

export default fp(async (app) => {
  app.decorate('accounts', createAccounts(app))
  app.decorateRequest('user', null)
}, { name: 'accounts', dependencies: ['users-repository', 'passwords', 'session', '@fastify/sensible'] })
