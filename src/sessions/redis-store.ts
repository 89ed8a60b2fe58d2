// Sessions in Redis (connect-redis over the redis client), shared by every process and host.
import { RedisStore } from 'connect-redis'
import { createClient } from 'redis'
import { StartupError } from '../startup-error.js'
import type { SessionBackend, SessionData, StoredSession } from './store.js'

/** Redis could not be reached at start-up; the message names where, without credentials. */
export class RedisUnavailableError extends StartupError {
  override name = 'RedisUnavailableError'
}

export interface RedisStoreOptions {
  url: string
  /** Prepended to every key, so several services (or tests) can share one Redis. */
  keyPrefix: string
  /** Milliseconds to wait for a connection before a command or the start-up fails. */
  connectTimeoutMs: number
  /** Logs the first error after the connection was good, and the recovery. */
  log: { warn: (context: object, message: string) => void, info: (message: string) => void }
}

/**
 * Adds a session to its user's index (a sorted set of session ids scored by expiry), drops the
 * members that have expired, and makes the index itself expire with its last session, so no key
 * outlives the sessions it lists.
 */
const INDEX_SESSION = `
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then redis.call('PEXPIREAT', KEYS[1], last[2]) end
return 1`

/** Where Redis is, for messages: scheme, host, port and database, never the password. */
function describeRedis (url: string): string {
  const parsed = new URL(url)
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`
}

export async function openRedisStore ({ url, keyPrefix, connectTimeoutMs, log }: RedisStoreOptions): Promise<SessionBackend> {
  const where = describeRedis(url)
  let started = false
  let healthy = true
  const client = createClient({
    url,
    // While the connection is down, commands fail at once (the request gets a 503) instead of queueing.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: connectTimeoutMs,
      // At start-up a failure is final (the service cannot start); later, keep trying, at most every 2 s.
      reconnectStrategy: (retries, cause) => started ? Math.min(100 * 2 ** retries, 2000) : cause
    }
  })
  // Without an 'error' listener a lost connection would crash the process.
  client.on('error', (error: Error) => {
    if (started && healthy) log.warn({ err: error }, `Redis ${where} is unavailable; sessions answer 503 until it is back`)
    healthy = false
  })
  client.on('ready', () => {
    if (started && !healthy) log.info(`Redis ${where} is available again`)
    healthy = true
  })

  try {
    await client.connect()
  } catch (error) {
    throw new RedisUnavailableError(`Redis ${where} could not be reached: ${(error as Error).message}`, { cause: error })
  }
  started = true

  const store = new RedisStore({ client, prefix: keyPrefix })
  // Session ids never contain a colon, so no session key can be taken for an index.
  const indexKey = (userId: number) => `${keyPrefix}user:${userId}`

  /** Lists the session in its user's index (a session nobody logged into is in none). */
  async function index (id: string, data: SessionData, expiresAt: Date): Promise<void> {
    if (data.userId === undefined) return
    await client.eval(INDEX_SESSION, { keys: [indexKey(data.userId)], arguments: [id, String(expiresAt.getTime()), String(Date.now())] })
  }

  /** The index's live members whose sessions still exist; members whose session is gone are dropped. */
  async function listByUser (userId: number): Promise<StoredSession[]> {
    const ids = await client.zRangeByScore(indexKey(userId), Date.now(), '+inf')
    if (ids.length === 0) return []
    const values = await client.mGet(ids.map((id) => `${keyPrefix}${id}`))
    const gone = ids.filter((_id, index) => values[index] === null)
    if (gone.length > 0) await client.zRem(indexKey(userId), gone)
    return ids.flatMap((id, index) => {
      const value = values[index]
      return typeof value === 'string' ? [{ id, data: JSON.parse(value) as SessionData }] : []
    })
  }

  return {
    description: `Redis ${where}`,
    // connect-redis parses what it stored, which is a session.
    get: async (id) => (await store.get(id) as SessionData | null) ?? undefined,
    // connect-redis sets the key's TTL from data.cookie.expires, which is expiresAt.
    set: async (id, data, expiresAt) => {
      await Promise.all([store.set(id, data), index(id, data, expiresAt)])
    },
    // The key is written only if it is still there (XX), as connect-redis writes it: JSON, expiring with the session.
    async renew (id, data, expiresAt) {
      const written = await client.set(`${keyPrefix}${id}`, JSON.stringify(data), { condition: 'XX', expiration: { type: 'PXAT', value: expiresAt.getTime() } })
      if (written === null) return false
      await index(id, data, expiresAt)
      return true
    },
    // A logout also leaves its user's index at once, rather than at the next listing or at expiry.
    async destroy (id) {
      const data = await store.get(id) as SessionData | null
      await Promise.all([store.destroy(id), data?.userId === undefined ? undefined : client.zRem(indexKey(data.userId), id)])
    },
    listByUser,
    async destroyByUser (userId, keepId) {
      const ids = (await client.zRange(indexKey(userId), 0, -1)).filter((id) => id !== keepId)
      if (ids.length === 0) return 0
      const [deleted] = await Promise.all([client.del(ids.map((id) => `${keyPrefix}${id}`)), client.zRem(indexKey(userId), ids)])
      return deleted
    },
    ping: async () => { await client.ping() },
    close: async () => { client.destroy() }
  }
}
