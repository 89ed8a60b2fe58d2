// Server-side sessions: the store chosen from config, and @fastify/session for the scopes that need a session.
import fastifySession from '@fastify/session'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { describeDatabase } from '../db/dialect.js'
import { COOKIE_ATTRIBUTES } from './cookie.js'
import { createDatabaseStore } from '../sessions/database-store.js'
import { openRedisStore } from '../sessions/redis-store.js'
import { guardStore, type SessionBackend, sessionEnd, toFastifySessionStore } from '../sessions/store.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Where sessions live (the database or Redis; nothing else needs to know which), every call bounded in time. */
    sessionStore: SessionBackend
    /** How long a session lives: idle (renewed on use) and at most from login. */
    sessionLifetime: { idleMs: number, maxMs: number }
  }
}

export const SESSION_COOKIE = 'sessionId'

/** How long a request (or a readiness check) waits for the store before it gets a 503. */
const STORE_TIMEOUT_MS = 2000
const REDIS_CONNECT_TIMEOUT_MS = 5000
const MAX_SWEEP_INTERVAL_MS = 60_000
/** A use renews the idle expiry once it would move by more than SESSION_TTL / this. */
const RENEWAL_FRACTION = 10

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

/** The expiry the session has in the store; undefined for a session that is not stored yet. */
function storedExpiry (request: FastifyRequest): Date | undefined {
  // @fastify/session's cookie keeps the loaded expiry as originalExpires, which its types do not declare.
  return (request.session?.cookie as { originalExpires?: Date } | undefined)?.originalExpires
}

/**
 * Loads the session for the routes of the scope that registers it. Only those routes touch the
 * store, so the users API and static files keep working while the store is down.
 *
 * @fastify/session's `rolling` would save the session and send a new cookie on every request that
 * reads it: a read would cost a store write. Instead a use renews the idle expiry (store write and
 * Set-Cookie) only when that moves it by more than a tenth of SESSION_TTL; otherwise the session keeps
 * the expiry it has in the store, which is also what the answer and the cookie say.
 */
export const sessionSupport = fp(async (scope) => {
  const { idleMs, maxMs } = scope.sessionLifetime
  const threshold = idleMs / RENEWAL_FRACTION
  // Loaded sessions whose idle expiry moves; a session the handler replaced (login) is not among them.
  const renewing = new WeakSet<object>()
  // Before @fastify/session's own onSend, which then sends the cookie of a session saved here. A
  // changed session it saves itself.
  scope.addHook('onSend', async (request) => {
    if (request.session !== null && renewing.has(request.session) && !request.session.isModified()) await request.session.save()
  })
  await scope.register(fastifySession, {
    cookieName: SESSION_COOKIE,
    // The app-wide cookie signer, so there is one secret to manage.
    secret: { sign: (value) => scope.signCookie(value), unsign: (value) => scope.unsignCookie(value) },
    store: toFastifySessionStore(scope.sessionStore, maxMs),
    cookie: { ...COOKIE_ATTRIBUTES, maxAge: idleMs },
    // Anonymous visitors cost no store write; the idle expiry is renewed by the hooks here.
    saveUninitialized: false,
    rolling: false
  })
  // After @fastify/session has loaded the session, with its idle expiry pushed to now + SESSION_TTL.
  scope.addHook('onRequest', async (request) => {
    const stored = storedExpiry(request)
    const renewed = stored === undefined ? undefined : sessionEnd(request.session, maxMs)
    if (stored === undefined || renewed === undefined) return
    if (renewed.getTime() - stored.getTime() > threshold) renewing.add(request.session)
    else request.session.cookie.expires = stored
  })
}, { name: 'session-support', dependencies: ['session', '@fastify/cookie'] })
