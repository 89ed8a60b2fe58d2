// The session store interface every backend implements, the data a session keeps, and when it ends.

/**
 * What a store keeps for a session, as JSON. `cookie.expires` is the moment the session ends (a Date
 * in memory, ISO text once stored): the shape @fastify/session stored, so sessions saved before it
 * was replaced survive an upgrade, and connect-redis sets the key's TTL from it.
 */
export interface SessionData {
  cookie: { expires?: Date | string | null }
  /** The logged-in user's id; absent for a session nobody has logged into. */
  userId?: number
  /** When the user logged in (ms since the epoch); the absolute lifetime counts from here. */
  loginAt?: number
  /**
   * Names the session in GET /sessions and DELETE /sessions/:handle: random, unrelated to the
   * session id, so a listed handle can never be turned into a cookie.
   */
  handle?: string
  /** The User-Agent and client address of the login, to help the user recognise the session. */
  userAgent?: string
  address?: string
  /** When the session was last saved (ms since the epoch), i.e. last used, give or take the save throttle. */
  lastSeenAt?: number
}

export interface StoredSession { id: string, data: SessionData }

/** A place to keep sessions that every process of the service shares. */
export interface SessionBackend {
  /** Where the sessions live, without credentials, for log lines. */
  readonly description: string
  /** The session, or undefined when there is none or it has expired. */
  get (id: string): Promise<SessionData | undefined>
  /** Keeps the session until `expiresAt`, which is also `data.cookie.expires`. */
  set (id: string, data: SessionData, expiresAt: Date): Promise<void>
  /**
   * Like set, but only for a session the store still has: false, and nothing written, when it is
   * gone (a logout or a password change ended it while a request that uses it was under way).
   */
  renew (id: string, data: SessionData, expiresAt: Date): Promise<boolean>
  destroy (id: string): Promise<void>
  /** The user's live sessions with their ids. */
  listByUser (userId: number): Promise<StoredSession[]>
  /** Ends every session of the user except `keepId`; resolves to how many ended. */
  destroyByUser (userId: number, keepId?: string): Promise<number>
  /** Resolves when the store answers; for readiness checks. */
  ping (): Promise<void>
  close (): Promise<void>
}

/** The store is down or too slow; the error handler answers 503 with Retry-After. */
export class SessionStoreUnavailableError extends Error {
  override name = 'SessionStoreUnavailableError'

  constructor (cause: unknown) {
    super('The session store is not available; try again shortly', { cause })
  }
}

async function bounded<T> (operation: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the session store did not answer within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    return await Promise.race([operation, timeout])
  } catch (error) {
    throw new SessionStoreUnavailableError(error)
  } finally {
    clearTimeout(timer)
  }
}

function expiryOf (data: SessionData): Date | undefined {
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
 * The backend with every call bounded in time and every failure turned into a
 * SessionStoreUnavailableError, so no request (nor a readiness check) hangs on a dead or frozen store.
 */
export function guardStore (backend: SessionBackend, timeoutMs: number): SessionBackend {
  return {
    description: backend.description,
    get: async (id) => bounded(backend.get(id), timeoutMs),
    set: async (id, data, expiresAt) => bounded(backend.set(id, data, expiresAt), timeoutMs),
    renew: async (id, data, expiresAt) => bounded(backend.renew(id, data, expiresAt), timeoutMs),
    destroy: async (id) => bounded(backend.destroy(id), timeoutMs),
    listByUser: async (userId) => bounded(backend.listByUser(userId), timeoutMs),
    destroyByUser: async (userId, keepId) => bounded(backend.destroyByUser(userId, keepId), timeoutMs),
    ping: async () => bounded(backend.ping(), timeoutMs),
    close: async () => backend.close()
  }
}
