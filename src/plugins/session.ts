// Server-side sessions: the store chosen from config, and @fastify/session for the scopes that need a session.
import fastifySession from '@fastify/session'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.js'
import { describeDatabase } from '../db/dialect.js'
import { COOKIE_ATTRIBUTES } from './cookie.js'
import { createDatabaseStore } from '../sessions/database-store.js'
import { openRedisStore } from '../sessions/redis-store.js'
import { guardStore, type SessionBackend, toFastifySessionStore } from '../sessions/store.js'

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
 * Loads the session for the routes of the scope that registers it. Only those routes touch the
 * store, so the users API and static files keep working while the store is down.
 */
export const sessionSupport = fp(async (scope) => {
  const { idleMs, maxMs } = scope.sessionLifetime
  await scope.register(fastifySession, {
    cookieName: SESSION_COOKIE,
    // The app-wide cookie signer, so there is one secret to manage.
    secret: { sign: (value) => scope.signCookie(value), unsign: (value) => scope.unsignCookie(value) },
    store: toFastifySessionStore(scope.sessionStore, maxMs),
    cookie: { ...COOKIE_ATTRIBUTES, maxAge: idleMs },
    // Anonymous visitors cost no store write; every use of a live session pushes its idle expiry.
    saveUninitialized: false,
    rolling: true
  })
}, { name: 'session-support', dependencies: ['session', '@fastify/cookie'] })
