// Server-side sessions: the store chosen from config, and the request's session for the scopes that need one.
import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { describeDatabase } from '../db/dialect.js'
import { COOKIE_ATTRIBUTES } from './cookie.js'
import { createDatabaseStore } from '../sessions/database-store.js'
import { openRedisStore } from '../sessions/redis-store.js'
import { guardStore, type SessionBackend, type SessionData, sessionEnd } from '../sessions/store.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Where sessions live (the database or Redis; nothing else needs to know which), every call bounded in time. */
    sessionStore: SessionBackend
    /** How long a session lives: idle (renewed on use) and at most from login. */
    sessionLifetime: { idleMs: number, maxMs: number }
  }
  interface FastifyRequest {
    /** The request's session, on the routes of a scope that registers sessionSupport (set by its onRequest hook). */
    session: Session
  }
}

export const SESSION_COOKIE = 'sessionId'

/** How long a request (or a readiness check) waits for the store before it gets a 503. */
const STORE_TIMEOUT_MS = 2000
const REDIS_CONNECT_TIMEOUT_MS = 5000
const MAX_SWEEP_INTERVAL_MS = 60_000
/** A use renews the idle expiry once it would move by more than SESSION_TTL / this. */
const RENEWAL_FRACTION = 10
/** Random bytes in a session id: 192 bits, 32 characters of base64url. */
const SESSION_ID_BYTES = 24

export interface SessionPluginOptions {
  config: Pick<Config, 'DATABASE_URL' | 'REDIS_URL' | 'REDIS_KEY_PREFIX' | 'SESSION_TTL' | 'SESSION_MAX_AGE'>
}

/** The one place that decides which store runs. */
async function openSessionStore (app: FastifyInstance, { config }: SessionPluginOptions): Promise<SessionBackend> {
  if (config.REDIS_URL !== undefined) {
    return await openRedisStore({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, connectTimeoutMs: REDIS_CONNECT_TIMEOUT_MS, log: app.log })
  }
  return createDatabaseStore(app.db, {
    description: describeDatabase(config.DATABASE_URL),
    sweepIntervalMs: Math.min(config.SESSION_TTL * 1000, MAX_SWEEP_INTERVAL_MS),
    onSwept: (deleted) => { if (deleted > 0) app.log.debug(`deleted ${deleted} expired sessions`) },
    onSweepError: (error) => app.log.warn({ err: error }, 'sweeping expired sessions failed')
  })
}

export default fp<SessionPluginOptions>(async (app, options) => {
  const store = guardStore(await openSessionStore(app, options), STORE_TIMEOUT_MS)
  app.addHook('onClose', async () => store.close())
  app.log.debug(`sessions are kept in ${store.description}`)
  app.decorate('sessionStore', store)
  app.decorate('sessionLifetime', { idleMs: options.config.SESSION_TTL * 1000, maxMs: options.config.SESSION_MAX_AGE * 1000 })
}, { name: 'session', dependencies: ['db'] })

/**
 * The session the request's cookie names, when its signature holds and the store has it live. It is
 * only read, never renewed; one found past its end (a store that keeps it longer, such as a Redis key
 * whose TTL has not run out) is deleted then and there.
 */
export async function liveSession (request: FastifyRequest): Promise<{ id: string, data: SessionData } | undefined> {
  const cookie = request.cookies[SESSION_COOKIE]
  if (cookie === undefined) return undefined
  const unsigned = request.unsignCookie(cookie)
  if (!unsigned.valid || unsigned.value === null) return undefined
  const { sessionStore: store, sessionLifetime: lifetime } = request.server
  const data = await store.get(unsigned.value)
  if (data === undefined) return undefined
  const end = sessionEnd(data, lifetime.maxMs)
  if (end === undefined || end.getTime() <= Date.now()) {
    await store.destroy(unsigned.value)
    return undefined
  }
  return { id: unsigned.value, data }
}

/** What every request's session needs to know: where sessions are kept, and for how long. */
interface SessionContext {
  store: SessionBackend
  lifetime: { idleMs: number, maxMs: number }
}

/**
 * A request's session: the one its cookie names, or a new, empty one that nothing stores until a
 * login fills it. It is saved as the answer goes out only when that is needed: after a login, or
 * when a use moves the idle expiry by more than a tenth of SESSION_TTL.
 */
export class Session {
  #id: string | undefined
  #data: SessionData
  /** What the answer must do in the store: write the session (a login), push its expiry back (a use), or nothing. */
  #write: 'store' | 'renew' | undefined

  constructor (id: string | undefined, data: SessionData, private readonly context: SessionContext) {
    this.#id = id
    this.#data = data
  }

  /** The session's id in the store; undefined until a login stores it, and after it ends. */
  get id (): string | undefined {
    return this.#id
  }

  /** What the store keeps for it. */
  get data (): SessionData {
    return this.#data
  }

  get userId (): number | undefined {
    return this.#data.userId
  }

  /** When the session ends, as the store and the cookie say (for one not stored yet, as they would say if it were now). */
  get end (): Date {
    return sessionEnd(this.#data, this.context.lifetime.maxMs) ?? this.#idleEnd()
  }

  /**
   * What the answer must write, handed out once: an error answer runs the onSend hooks again, and
   * must not repeat a write that failed, or that succeeded before a later step failed.
   */
  takeWrite (): 'store' | 'renew' | undefined {
    const write = this.#id === undefined ? undefined : this.#write
    this.#write = undefined
    return write
  }

  /** Pushes the idle expiry to SESSION_TTL from now when that moves the session's end by more than SESSION_TTL / RENEWAL_FRACTION. */
  renewIfMoved (): void {
    const { idleMs, maxMs } = this.context.lifetime
    const renewed = sessionEnd({ ...this.#data, cookie: { expires: this.#idleEnd() } }, maxMs) as Date
    if (renewed.getTime() - this.end.getTime() <= idleMs / RENEWAL_FRACTION) return
    this.#data.cookie.expires = renewed
    this.#write = 'renew'
  }

  /**
   * A login: the session starts over under a new id with these fields, so an id planted before the
   * login is worth nothing; the old one leaves the store.
   */
  async regenerate (fields: Omit<SessionData, 'cookie'>): Promise<void> {
    if (this.#id !== undefined) await this.context.store.destroy(this.#id)
    this.#data = { ...fields, cookie: { expires: this.#idleEnd() } }
    this.#data.cookie.expires = this.end
    this.#id = randomBytes(SESSION_ID_BYTES).toString('base64url')
    this.#write = 'store'
  }

  /** A logout: the session leaves the store, and the answer clears the cookie. */
  async destroy (): Promise<void> {
    if (this.#id !== undefined) await this.context.store.destroy(this.#id)
    this.#id = undefined
    this.#write = undefined
  }

  #idleEnd (): Date {
    return new Date(Date.now() + this.context.lifetime.idleMs)
  }
}

/**
 * Loads the session for the routes of the scope that registers it. Only those routes touch the
 * store, so the users API and static files keep working while the store is down.
 *
 * Our own rather than @fastify/session, whose work per request was most of the cost of the routes
 * that read a session (GET /session, PATCH /users/:id): it builds a session object and a cookie
 * object, hashes the session as loaded and again as sent to see whether it changed, and signs the id
 * again for every answer. Here a request costs the cookie's signature check and one store read; the
 * cookie is signed only when it is sent. The cookie (its name, its signature by @fastify/cookie with
 * the app's secret, its attributes) and the stored data are what @fastify/session had.
 */
export const sessionSupport = fp(async (scope) => {
  const context = { store: scope.sessionStore, lifetime: scope.sessionLifetime }
  /**
   * A renewal only if the store still has the session, so one that a logout or a password change
   * ended while this request was under way stays ended. The renewal is a courtesy: when the store
   * fails it, the session keeps the expiry it has and the answer goes out as it is.
   */
  async function renewed (request: FastifyRequest, id: string, data: SessionData, end: Date): Promise<boolean> {
    try {
      return await context.store.renew(id, data, end)
    } catch (error) {
      request.log.warn({ err: error }, 'the session could not be renewed; it keeps the expiry it has')
      return false
    }
  }
  // Null until the onRequest hook below sets it (the type says Session: only this scope's routes read
  // it, after that hook); requests outside the scopes that register sessionSupport have no such property.
  scope.decorateRequest('session', null as unknown as Session)
  scope.addHook('onRequest', async (request) => {
    const live = await liveSession(request)
    request.session = new Session(live?.id, live?.data ?? { cookie: {} }, context)
    if (live !== undefined) request.session.renewIfMoved()
  })
  scope.addHook('onSend', async (request, reply) => {
    // Null when the store failed before the session was loaded: the cookie is left as it is.
    const session = request.session as Session | null
    if (session === null) return
    const write = session.takeWrite()
    if (write !== undefined) {
      const id = session.id as string
      const end = session.end
      // A save happens on use (login, a request that renews the expiry), so its time is when the session was last seen.
      if (session.userId !== undefined) session.data.lastSeenAt = Date.now()
      if (write === 'store') await context.store.set(id, session.data, end)
      else if (!await renewed(request, id, session.data, end)) return
      reply.setCookie(SESSION_COOKIE, scope.signCookie(id), { ...COOKIE_ATTRIBUTES, expires: end })
    } else if (session.id === undefined && request.cookies[SESSION_COOKIE] !== undefined) {
      // A cookie that names no live session (forged, expired, logged out) is of no more use.
      reply.clearCookie(SESSION_COOKIE, COOKIE_ATTRIBUTES)
    }
  })
}, { name: 'session-support', dependencies: ['session', '@fastify/cookie'] })
