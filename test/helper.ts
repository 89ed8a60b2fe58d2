// Builds the app the way server.ts does, with test defaults, and closes it when the test ends.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { type IncomingHttpHeaders, request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { type Clock, install } from '@sinonjs/fake-timers'
import pg from 'pg'
import { createClient } from 'redis'
import { test, type Test } from 'tap'
import { buildApp } from '../src/app.js'
import { type Config, loadConfig } from '../src/config.js'

export const TEST_SECRET = 'a-test-secret-that-is-at-least-32-characters-long'

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))

/**
 * Load shedding by event-loop delay is off unless a test turns it on: on this shared 2-core machine
 * (load averages of 20 are common) a process is really starved of CPU for seconds at a time, and a
 * test about something else must not get the 503s that a starved process rightly answers.
 */
const NO_EVENT_LOOP_SHEDDING = { MAX_EVENT_LOOP_DELAY: '0' }

/**
 * scrypt with N=2^10 (1 MiB, about a millisecond) instead of production's 2^17 (128 MiB), so the suite
 * can log in thousands of times; test/plugins/passwords.test.ts proves the production parameters.
 */
export const TEST_HASH_COST = '10'

/** The cheap cost where the service allows it: a test that runs it as development or production gets the real one. */
function cheapHashes (env: Record<string, string>): Record<string, string> {
  return (env.NODE_ENV ?? 'test') === 'test' ? { PASSWORD_HASH_COST: TEST_HASH_COST } : {}
}

export function testConfig (env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'sqlite::memory:',
    WORKERS: '1',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '0',
    SESSION_SECRET: TEST_SECRET,
    ...NO_EVENT_LOOP_SHEDDING,
    ...cheapHashes(env),
    ...env
  })
}

export async function buildTestApp (t: Test, env: Record<string, string> = {}) {
  const app = await buildApp(testConfig(env), { logger: false })
  t.teardown(() => app.close())
  return app
}

export interface LogRecord { level: number, msg: string, reqId?: string, [field: string]: unknown }

/** An app that logs at LOG_LEVEL (default info) into memory: its JSON lines as written, and parsed. */
export async function buildLoggedApp (t: Test, env: Record<string, string> = {}) {
  const log = captureLog()
  const app = await buildApp(testConfig({ LOG_LEVEL: 'info', ...env }), { logger: { stream: log.stream } })
  t.teardown(() => app.close())
  return { app, ...log }
}

/** The value of one series in Prometheus text, or undefined. */
export function sample (text: string, series: string): number | undefined {
  const line = text.split('\n').find((each) => each.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

/** The PostgreSQL the tests use (trust auth); each test gets a schema of its own in it. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Every suite that touches the database runs on both; PostgreSQL being unreachable fails those runs. */
export const TEST_DATABASES = ['sqlite', 'postgres'] as const
export type TestDatabase = typeof TEST_DATABASES[number]

/** Runs one statement on the test PostgreSQL over a connection of its own, outside any app. */
export async function queryTestPostgres<Row extends pg.QueryResultRow> (text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 10_000 })
  await client.connect()
  try {
    return (await client.query<Row>(text, values)).rows
  } finally {
    await client.end()
  }
}

/** A fresh, empty PostgreSQL schema, dropped when the test ends; the URL selects it by search_path. */
export async function postgresSchemaUrl (t: Test): Promise<string> {
  const schema = `test_${process.pid}_${randomBytes(6).toString('hex')}`
  await queryTestPostgres(`create schema ${schema}`)
  t.teardown(() => queryTestPostgres(`drop schema ${schema} cascade`))
  const url = new URL(TEST_POSTGRES_URL)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return url.href
}

/** An empty database of that kind for one test. */
export async function testDatabaseUrl (t: Test, database: TestDatabase): Promise<string> {
  return database === 'sqlite' ? 'sqlite::memory:' : postgresSchemaUrl(t)
}

/** Registers the test once per database, each run with an empty database of its own. */
export function testEachDatabase (name: string, fn: (t: Test, env: { DATABASE_URL: string }) => Promise<void>): void {
  for (const database of TEST_DATABASES) {
    test(`${name} [${database}]`, async (t) => fn(t, { DATABASE_URL: await testDatabaseUrl(t, database) }))
  }
}

/** CI's Redis; tests that use it fail (they do not skip) when it cannot be reached. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A key prefix of the test's own in the shared Redis; its keys are deleted when the test ends. */
export function redisKeyPrefix (t: Test): string {
  const prefix = `test:${process.pid}:${randomBytes(6).toString('hex')}:`
  t.teardown(async () => {
    const redis = await createClient({ url: TEST_REDIS_URL }).connect()
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*` })) if (keys.length > 0) await redis.del(keys)
    await redis.close()
  })
  return prefix
}

/** The environment of one store run; REDIS_KEY_PREFIX is set exactly when sessions live in Redis. */
export interface SessionStoreEnv { DATABASE_URL: string, [name: string]: string }

/** Registers the test once per session store: the database store on each database, and Redis (users on SQLite). */
export function testEachSessionStore (name: string, fn: (t: Test, env: SessionStoreEnv) => Promise<void>): void {
  testEachDatabase(name, fn)
  test(`${name} [redis]`, async (t) => fn(t, { DATABASE_URL: 'sqlite::memory:', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: redisKeyPrefix(t) }))
}

/**
 * The whole environment of a spawned server: what the test gives, on top of test defaults and the
 * few variables a process needs to run. Nothing else of the developer's shell or `.env` gets in.
 */
export function serverEnvironment (env: Record<string, string>): Record<string, string> {
  const inherited: Record<string, string> = {}
  for (const name of ['PATH', 'HOME', 'TMPDIR']) {
    const value = process.env[name]
    if (value !== undefined) inherited[name] = value
  }
  return { ...inherited, ENV_FILE: '/dev/null', NODE_ENV: 'test', LOG_LEVEL: 'info', WORKERS: '1', ...NO_EVENT_LOOP_SHEDDING, ...cheapHashes(env), ...env }
}

export interface SpawnedServer {
  child: ChildProcess
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string
  /**
   * Resolves as soon as the output so far passes `check` (at once if it already does), with what
   * `check` returned; rejects if the process exits first.
   */
  waitForOutput: <T>(check: (output: string) => T | undefined) => Promise<T>
}

/** Runs `src/server.ts` (TypeScript through tsx) as a user would run the service; one process unless env sets WORKERS. */
export function runServer (env: Record<string, string>): SpawnedServer {
  const child = spawn(process.execPath, ['--import=tsx', 'src/server.ts'], {
    cwd: PROJECT_ROOT,
    env: serverEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const waitForOutput = async <T>(check: (output: string) => T | undefined) => await new Promise<T>((resolve, reject) => {
    const settle = () => {
      const found = check(output)
      if (found === undefined) return false
      child.stdout?.off('data', settle)
      child.stderr?.off('data', settle)
      child.off('exit', exited)
      resolve(found)
      return true
    }
    const exited = (code: number | null) => { if (!settle()) reject(new Error(`server exited with ${code}: ${output}`)) }
    if (settle()) return
    // Added after runServer's own listeners, so `output` already holds the chunk.
    child.stdout?.on('data', settle)
    child.stderr?.on('data', settle)
    child.once('exit', exited)
  })
  return { child, output: () => output, waitForOutput }
}

export interface ServerProcess extends SpawnedServer {
  /** The base URL from the "Server listening at" log line. */
  url: string
}

/** Starts the server on a free port and waits until it listens; killed when the test ends. */
export async function startServer (t: Test, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = runServer({ HOST: '127.0.0.1', PORT: '0', DATABASE_URL: 'sqlite::memory:', RATE_LIMIT_MAX: '0', ...env })
  t.teardown(() => { if (server.child.exitCode === null) server.child.kill('SIGKILL') })
  const url = await server.waitForOutput((output) => /listening at (\S+?)"/.exec(output)?.[1])
  return { ...server, url }
}

/** Waits for a process to exit and gives its exit code and signal. */
export async function exitOf (child: ChildProcess): Promise<{ code: number | null, signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode }
  const [code, signal] = await once(child, 'exit') as [number | null, NodeJS.Signals | null]
  return { code, signal }
}

/**
 * Runs the server with a mistake in `env` and checks how it stops: exit code 1 and exactly one
 * line of output, with no stack trace. Gives that line.
 */
export async function startupFailureLine (t: Test, env: Record<string, string>, label = 'start-up failure'): Promise<string> {
  const server = runServer(env)
  t.teardown(() => { if (server.child.exitCode === null) server.child.kill('SIGKILL') })
  // 'close', not 'exit': by then everything the process wrote has been read.
  const [code] = await once(server.child, 'close') as [number | null]
  t.equal(code, 1, `${label}: exit code 1`)
  const lines = server.output().trim().split('\n')
  t.equal(lines.length, 1, `${label}: one line`)
  t.notMatch(server.output(), /^\s+at /m, `${label}: no stack trace`)
  return lines[0] ?? ''
}

export interface RawAnswer { status: number, headers: IncomingHttpHeaders, body: string }

/** Opens a request on a new connection of its own (no keep-alive pool), the path sent exactly as written. */
function openRequest (base: string, path: string, method: string, headers: Record<string, string>) {
  const { hostname, port } = new URL(base)
  const req = request({ hostname, port, path, method, agent: false, headers })
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    req.on('response', (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => { text += chunk.toString() })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
    })
    req.on('error', reject)
  })
  return { req, answer }
}

const lengthOf = (body: string) => ({ 'content-length': String(Buffer.byteLength(body)) })

/**
 * One request over a connection of its own: for paths that must reach the server exactly as
 * written (traversal tests), and so a cluster's primary may hand each request to another worker.
 */
export async function rawRequest (base: string, path: string, { method = 'GET', headers = {}, body }: { method?: string, headers?: Record<string, string>, body?: string } = {}): Promise<RawAnswer> {
  const { req, answer } = openRequest(base, path, method, { ...(body === undefined ? {} : lengthOf(body)), ...headers })
  req.end(body)
  return await answer
}

/**
 * A JSON POST whose body is sent only in part, so it is in flight until `finish()`. It announces
 * itself with `Expect: 100-continue`: `accepted` resolves once the server has read its headers.
 */
export function requestInFlight (base: string, path: string, body: string) {
  const { req, answer } = openRequest(base, path, 'POST', { 'content-type': 'application/json', ...lengthOf(body), expect: '100-continue' })
  const accepted = once(req, 'continue').then(() => { req.write(body.slice(0, 5)) })
  req.flushHeaders()
  return { answer, accepted, finish: () => { req.end(body.slice(5)) } }
}

/**
 * Replaces Date with a clock the test moves by hand, for expiry rules; restored when the test ends.
 * Only Date by default: timers, sockets and the stores' time-outs keep real time.
 */
export function fakeClock (t: Test, toFake: Array<'Date' | 'setInterval' | 'clearInterval'> = ['Date']): Clock {
  const clock = install({ toFake, now: Date.now() })
  t.teardown(() => clock.uninstall())
  return clock
}

export interface CapturedLog {
  /** Where the logger writes: pino's destination for buildApp's `logger.stream`. */
  stream: { write: (line: string) => void }
  /** Everything logged so far, as written. */
  text: () => string
  /** Every line logged so far, parsed. */
  records: () => LogRecord[]
  /** Resolves with the first line that matches, logged so far or later: the log line is the event. */
  waitForRecord: (match: (line: LogRecord) => boolean) => Promise<LogRecord>
}

/** A log in memory whose lines a test can read, and wait for as they are written. */
export function captureLog (): CapturedLog {
  let text = ''
  const records = () => text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as LogRecord)
  const waiting = new Set<() => boolean>()
  const write = (line: string) => {
    text += line
    for (const check of [...waiting]) if (check()) waiting.delete(check)
  }
  const waitForRecord = async (match: (line: LogRecord) => boolean) => await new Promise<LogRecord>((resolve) => {
    const check = () => {
      const found = records().find(match)
      if (found !== undefined) resolve(found)
      return found !== undefined
    }
    if (!check()) waiting.add(check)
  })
  return { stream: { write }, text: () => text, records, waitForRecord }
}
