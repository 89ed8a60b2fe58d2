// Builds the app the way server.ts does, with test defaults, and closes it when the test ends.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { createClient } from 'redis'
import { test, type Test } from 'tap'
import { buildApp } from '../src/app.js'
import { type Config, loadConfig } from '../src/config.js'

export const TEST_SECRET = 'a-test-secret-that-is-at-least-32-characters-long'

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))

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
    ...cheapHashes(env),
    ...env
  })
}

export async function buildTestApp (t: Test, env: Record<string, string> = {}) {
  const app = await buildApp(testConfig(env), { logger: false })
  t.teardown(() => app.close())
  return app
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
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

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

export interface ServerProcess {
  child: ChildProcess
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string
  /** The base URL from the "Server listening at" log line. */
  url: string
}

/** Runs `src/server.ts` (TypeScript through tsx) as a user would run the service; one process unless env sets WORKERS. */
export function runServer (env: Record<string, string>): { child: ChildProcess, output: () => string } {
  const child = spawn(process.execPath, ['--import=tsx', 'src/server.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      WORKERS: '1',
      ...cheapHashes(env),
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  return { child, output: () => output }
}

/** Starts the server on a free port and waits until it listens; killed when the test ends. */
export async function startServer (t: Test, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = runServer({ HOST: '127.0.0.1', PORT: '0', DATABASE_URL: 'sqlite::memory:', RATE_LIMIT_MAX: '0', ...env })
  t.teardown(() => { if (server.child.exitCode === null) server.child.kill('SIGKILL') })
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /listening at (\S+?)"/.exec(server.output())
      if (match?.[1] !== undefined) resolve(match[1])
    }
    server.child.stdout?.on('data', check)
    server.child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${server.output()}`)))
  })
  return { ...server, url }
}

/** Waits for a process to exit and gives its exit code and signal. */
export async function exitOf (child: ChildProcess): Promise<{ code: number | null, signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode }
  const [code, signal] = await once(child, 'exit') as [number | null, NodeJS.Signals | null]
  return { code, signal }
}
