import { spawn, type ChildProcess } from 'node:child_process'
import { createClient } from 'redis'
import { test, type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { tempDatabaseUrl } from '../cluster/cluster-process.js'
import { captureLog, type CapturedLog, exitOf, fakeClock, redisKeyPrefix, startupFailureLine, TEST_REDIS_URL, testConfig } from '../helper.js'
import { freePort, login, logout, readSession, SESSION_COOKIE, sessionIdOf, TEST_PASSWORD } from './client.js'

async function buildRedisApp (t: Test, redisUrl: string, keyPrefix: string, env: Record<string, string> = {}, log?: CapturedLog) {
  const app = await buildApp(testConfig({ REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix, ...env }), { logger: log === undefined ? false : { level: 'info', stream: log.stream } })
  t.teardown(() => app.close())
  return app
}

/** A Redis of the test's own, without persistence, on a port it chooses; it announces expired keys. */
async function startRedis (t: Test, port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--notify-keyspace-events', 'Ex'], { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)))
  })
  return child
}

test('two app instances share sessions through Redis, and keys expire with the session', async (t) => {
  const prefix = redisKeyPrefix(t)
  const redis = createClient({ url: TEST_REDIS_URL })
  redis.on('error', () => {})
  await redis.connect()
  t.teardown(() => redis.destroy())

  // One users database, as every host has: a session names a user that each app must find.
  const DATABASE_URL = tempDatabaseUrl(t)
  const a = await buildRedisApp(t, TEST_REDIS_URL, prefix, { SESSION_TTL: '120', DATABASE_URL })
  const b = await buildRedisApp(t, TEST_REDIS_URL, prefix, { SESSION_TTL: '120', DATABASE_URL })
  const cookie = await login(t, a, 'Ada')
  const key = `${prefix}${sessionIdOf(cookie)}`
  t.equal(await redis.exists(key), 1, 'the session is a key under the prefix')
  const ttl = await redis.ttl(key)
  t.ok(ttl > 0 && ttl <= 120, `the key expires with the session (TTL ${ttl} s)`)

  const onB = await readSession(b, cookie)
  t.equal(onB.statusCode, 200, 'a login on A is seen on B')
  t.equal(onB.json().user.name, 'Ada')
  t.equal((await b.inject({ url: '/health/ready' })).statusCode, 200, 'ready checks Redis')

  const again = await login(t, b, 'Grace', cookie)
  t.equal(await redis.exists(key), 0, 'a new login removes the old session key')
  /** The user index (sorted set) that lists the session, if any. */
  const indexListing = async (sessionId: string) => {
    for (const index of await redis.keys(`${prefix}user:*`)) if (await redis.zScore(index, sessionId) !== null) return index
    return undefined
  }
  t.ok(await indexListing(sessionIdOf(again)), 'the session is in its user\'s index')
  t.equal((await logout(b, again)).statusCode, 204, 'logout on B')
  t.equal(await redis.exists(`${prefix}${sessionIdOf(again)}`), 0, 'the key is deleted')
  t.equal(await indexListing(sessionIdOf(again)), undefined, 'and the session leaves its user\'s index at once')
  t.equal((await readSession(a, again)).statusCode, 401, 'and A no longer accepts the cookie')
})

test('Redis drops the key when the session expires, and a session past its expiry is never served', async (t) => {
  const port = await freePort()
  const url = `redis://127.0.0.1:${port}`
  await startRedis(t, port)
  const events = createClient({ url })
  await events.connect()
  t.teardown(() => events.destroy())
  const expired: string[] = []
  let announced = () => {}
  const keysExpired = new Promise<void>((resolve) => { announced = resolve })
  // Two keys: the session, and its user's index of sessions, which must not outlive it.
  await events.subscribe('__keyevent@0__:expired', (key) => { expired.push(key); if (expired.length === 2) announced() })

  const app = await buildRedisApp(t, url, 'sess:', { SESSION_TTL: '1' })
  const cookie = await login(t, app, 'Ada')
  // Redis's own expiry runs on Redis's clock: wait for its announcement rather than a guess.
  await keysExpired
  t.ok(expired.includes(`sess:${sessionIdOf(cookie)}`), 'the session key expired by itself after SESSION_TTL')
  t.ok(expired.some((key) => /^sess:user:\d+$/.test(key)), 'and so did its user\'s index')
  t.equal((await readSession(app, cookie)).statusCode, 401)

  // Our own check: a session whose expiry has passed by the app's clock is refused even while Redis still has it.
  const long = await buildRedisApp(t, url, 'sess:', { SESSION_TTL: '60' })
  const live = await login(t, long, 'Ada')
  fakeClock(t).tick(61_000)
  t.equal((await readSession(long, live)).statusCode, 401, 'past its idle expiry')
})

test('when Redis stops, session requests get 503 with Retry-After at once; then it recovers by itself', async (t) => {
  const port = await freePort()
  const url = `redis://127.0.0.1:${port}`
  let redis = await startRedis(t, port)
  const log = captureLog()
  const app = await buildRedisApp(t, url, 'sess:', {}, log)
  const cookie = await login(t, app, 'Ada')

  // A Redis that accepts the connection but does not answer: the request still ends, with a 503.
  redis.kill('SIGSTOP')
  let started = Date.now()
  const frozen = await readSession(app, cookie)
  t.equal(frozen.statusCode, 503, 'a hung Redis gives 503')
  t.match(frozen.headers['retry-after'], /^\d+$/)
  t.ok(Date.now() - started < 15_000, 'bounded by the store timeout, no hang')
  t.equal((await app.inject({ url: '/health/ready' })).statusCode, 503, 'readiness does not hang either')
  redis.kill('SIGCONT')
  t.equal((await readSession(app, cookie)).statusCode, 200, 'answers again once Redis does')

  redis.kill('SIGKILL')
  await exitOf(redis)
  started = Date.now()
  const down = await readSession(app, cookie)
  t.equal(down.statusCode, 503, 'a dead Redis gives 503')
  t.match(down.headers['retry-after'], /^\d+$/)
  t.match(down.json(), { statusCode: 503, error: 'Service Unavailable' })
  t.ok(Date.now() - started < 15_000, 'at once: commands are not queued while offline')
  const loginDown = await app.inject({ method: 'POST', url: '/login', payload: { name: 'Ada', password: TEST_PASSWORD } })
  t.equal(loginDown.statusCode, 503, 'login too')
  t.equal((await app.inject({ url: '/health/ready' })).statusCode, 503, 'not ready')
  const users = await app.inject({ url: '/users', cookies: { [SESSION_COOKIE]: cookie } })
  t.equal(users.statusCode, 200, 'routes that need no session keep working')
  t.equal((await app.inject({ url: '/session' })).statusCode, 401, 'a visitor without a session needs no store')

  redis = await startRedis(t, port)
  await log.waitForRecord((line) => line.msg.includes('is available again'))
  t.equal((await app.inject({ url: '/health/ready' })).statusCode, 200, 'ready again after the restart')
  const fresh = await login(t, app, 'Ada')
  t.equal((await readSession(app, fresh)).statusCode, 200, 'sessions work again, in the same process')
  t.equal((await readSession(app, cookie)).statusCode, 401, 'the old session died with the unpersisted Redis')
})

test('an unreachable Redis at start-up stops the process with one line naming it, without credentials', async (t) => {
  const port = await freePort()
  const line = await startupFailureLine(t, { REDIS_URL: `redis://admin:hunter2secret@127.0.0.1:${port}/2`, PORT: '0', DATABASE_URL: 'sqlite::memory:', SESSION_SECRET: 'z'.repeat(32) })
  t.match(line, new RegExp(`^Redis redis://127\\.0\\.0\\.1:${port}/2 could not be reached`))
  t.notMatch(line, /hunter2secret|admin/, 'no credentials')
})
