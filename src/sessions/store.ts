// The session store interface every backend implements, and the one adapter @fastify/session talks to.
import { httpErrors } from '@fastify/sensible'
import type { SessionStore as FastifySessionStore } from '@fastify/session'
import type { Session } from 'fastify'

declare module 'fastify' {
  interface Session {
    /** The logged-in user's name; absent for a session nobody has logged into. */
    name?: string
    /** When the user logged in (ms since the epoch); the absolute lifetime counts from here. */
    loginAt?: number
  }
}

/** What a store keeps for a session: @fastify/session's cookie plus our fields, as JSON. */
export type SessionData = Session

/** A place to keep sessions that every process of the service shares. */
export interface SessionBackend {
  /** Where the sessions live, without credentials, for log lines. */
  readonly description: string
  /** The session, or undefined when there is none or it has expired. */
  get (id: string): Promise<SessionData | undefined>
  /** Keeps the session until `expiresAt`, which is also `data.cookie.expires`. */
  set (id: string, data: SessionData, expiresAt: Date): Promise<void>
  destroy (id: string): Promise<void>
  /** Resolves when the store answers; for readiness checks. */
  ping (): Promise<void>
  close (): Promise<void>
}

export interface SessionStoreOptions {
  /** Milliseconds a session lives at most after login, however much it is used. */
  maxAgeMs: number
  /** Milliseconds a store call may take before the request gets a 503 instead of waiting. */
  timeoutMs: number
}

/** Seconds a client should wait before retrying when the store is down. */
export const RETRY_AFTER_SECONDS = 5

function unavailable (cause: unknown): Error {
  return httpErrors.createError(503, 'The session store is not available', {
    headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    cause
  })
}

async function bounded<T> (operation: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the session store did not answer within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    return await Promise.race([operation, timeout])
  } catch (error) {
    throw unavailable(error)
  } finally {
    clearTimeout(timer)
  }
}

export function expiryOf (data: SessionData): Date | undefined {
  const expires = data.cookie.expires
  return expires === undefined || expires === null ? undefined : new Date(expires)
}

/** The moment a session dies: idle expiry or the absolute lifetime from login, whichever is first. */
export function sessionEnd (data: SessionData, maxAgeMs: number): Date | undefined {
  const idle = expiryOf(data)
  if (data.loginAt === undefined) return idle
  const absolute = new Date(data.loginAt + maxAgeMs)
  return idle === undefined || absolute < idle ? absolute : idle
}

/**
 * @fastify/session's callback store over any backend. Every call is bounded in time and a failure
 * becomes a 503 with Retry-After, so no request hangs on a dead store. A session past its idle or
 * absolute expiry is deleted and reported missing, and a saved session's cookie expiry is capped at
 * its absolute end, so the browser cookie, the database row and the Redis key all die together.
 */
export function toFastifySessionStore (backend: SessionBackend, { maxAgeMs, timeoutMs }: SessionStoreOptions): FastifySessionStore {
  async function get (id: string): Promise<SessionData | null> {
    const data = await bounded(backend.get(id), timeoutMs)
    if (data === undefined) return null
    const end = sessionEnd(data, maxAgeMs)
    if (end !== undefined && end.getTime() <= Date.now()) {
      await bounded(backend.destroy(id), timeoutMs)
      return null
    }
    return data
  }

  async function set (id: string, data: SessionData): Promise<void> {
    const end = sessionEnd(data, maxAgeMs) ?? new Date(Date.now() + maxAgeMs)
    data.cookie.expires = end
    await bounded(backend.set(id, data, end), timeoutMs)
  }

  return {
    get: (id, callback) => { get(id).then((data) => callback(null, data), callback) },
    set: (id, data, callback) => { set(id, data).then(() => callback(), callback) },
    destroy: (id, callback) => { bounded(backend.destroy(id), timeoutMs).then(() => callback(), callback) }
  }
}
