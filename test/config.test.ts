import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'
import { serverEnvironment, startupFailureLine } from './helper.js'

test('defaults follow the contract', async (t) => {
  const config = loadConfig({})
  t.match(config, {
    HOST: '127.0.0.1',
    PORT: 8080,
    DATABASE_URL: 'sqlite:data/app.db',
    SESSION_TTL: 300,
    HTTP2: false,
    LOG_LEVEL: 'info',
    TRUST_PROXY: false,
    RATE_LIMIT_MAX: 1000,
    LOGIN_RATE_LIMIT_MAX: 10,
    METRICS_HOST: '127.0.0.1',
    MAX_EVENT_LOOP_DELAY: 1000,
    MAX_RSS_BYTES: 0,
    HEADERS_TIMEOUT: 5000,
    REQUEST_TIMEOUT: 30_000,
    KEEP_ALIVE_TIMEOUT: 72_000,
    CONNECTION_TIMEOUT: 60_000,
    MAX_CONNECTIONS: 4096,
    MAX_HEADER_SIZE: 16_384,
    MAX_HEADERS_COUNT: 100
  })
  t.equal(config.REDIS_URL, undefined)
  t.equal(config.METRICS_PORT, undefined, 'no metrics listener unless asked')
  t.ok(config.MAX_HEAP_BYTES > 0, 'the heap threshold defaults to most of V8\'s heap limit')
  t.ok(config.WORKERS >= 1)
})

test('values are converted to their types', async (t) => {
  const config = loadConfig({ PORT: '0', HTTP2: 'true', TLS_CERT: 'c.pem', TLS_KEY: 'k.pem', WORKERS: '3', RATE_LIMIT_MAX: '0', DATABASE_URL: 'postgres://u@127.0.0.1/test' })
  t.match(config, { PORT: 0, HTTP2: true, WORKERS: 3, RATE_LIMIT_MAX: 0 })
})

test('a wrong value names the variable, the value and what is allowed', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /^Invalid configuration: PORT="abc" .*port number from 0 to 65535/],
    [{ PORT: '70000' }, /PORT="70000"/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL="loud" .*fatal, error, warn, info, debug, trace, silent/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL="mysql:\/\/x" .*sqlite:<path>/],
    [{ HTTP2: 'yes' }, /HTTP2="yes" .*true or false/],
    [{ SESSION_TTL: '0' }, /SESSION_TTL="0"/],
    [{ WORKERS: '0' }, /WORKERS="0"/],
    [{ SESSION_SECRET: 'short' }, /^Invalid configuration: SESSION_SECRET \(5 characters\) is not allowed; expected at least 32 characters$/],
    [{ DATABASE_URL: 'mysql://admin:hunter2@db/x' }, /DATABASE_URL="mysql:\/\/admin:\*\*\*@db\/x" /],
    [{ REDIS_URL: 'http://:hunter2@cache' }, /REDIS_URL="http:\/\/:\*\*\*@cache" /],
    [{ NODE_ENV: 'production' }, /SESSION_SECRET is required when NODE_ENV=production/],
    [{ TLS_CERT: 'cert.pem' }, /TLS_CERT and TLS_KEY must be set together/],
    [{ HTTP2: 'true' }, /HTTP2 needs TLS_CERT and TLS_KEY/],
    [{ DATABASE_URL: 'sqlite::memory:', WORKERS: '3' }, /DATABASE_URL=sqlite::memory: cannot be shared by 3 workers/],
    [{ METRICS_PORT: 'x' }, /^Invalid configuration: METRICS_PORT="x" .*port number from 0 to 65535 for the Prometheus \/metrics listener/],
    [{ PORT: '9000', METRICS_PORT: '9000' }, /METRICS_PORT=9000 is also PORT/],
    [{ MAX_EVENT_LOOP_DELAY: '-1' }, /MAX_EVENT_LOOP_DELAY="-1" .*0 = off/],
    [{ MAX_HEAP_BYTES: 'lots' }, /MAX_HEAP_BYTES="lots" .*bytes of V8 heap/],
    [{ REQUEST_TIMEOUT: '0' }, /REQUEST_TIMEOUT="0" .*milliseconds, at least 1/],
    [{ HEADERS_TIMEOUT: '40000' }, /HEADERS_TIMEOUT=40000 is more than REQUEST_TIMEOUT=30000/],
    [{ MAX_CONNECTIONS: '0' }, /MAX_CONNECTIONS="0" .*per process, at least 1/],
    [{ MAX_HEADERS_COUNT: '3' }, /MAX_HEADERS_COUNT="3" .*4 to 2000/],
    [{ MAX_HEADER_SIZE: '100' }, /MAX_HEADER_SIZE="100" .*at least 1024/]
  ]
  for (const [env, message] of cases) {
    t.throws(() => loadConfig(env), ConfigError, JSON.stringify(env))
    try {
      loadConfig(env)
    } catch (error) {
      t.match((error as Error).message, message, JSON.stringify(env))
      t.notMatch((error as Error).message, /hunter2|short/, `${JSON.stringify(env)}: no secret or password in the line`)
    }
  }
})

test('a config error stops the process with exit 1 and one line, no stack trace', async (t) => {
  for (const [env, name] of [[{ PORT: 'abc' }, 'PORT'], [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL']] as const) {
    t.match(await startupFailureLine(t, env, name), new RegExp(`^Invalid configuration: ${name}=`))
  }
})

test('ENV_FILE names the file of variables; one that does not exist is a configuration error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'env-file-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'service.env')
  writeFileSync(file, 'PORT=from-the-file\n')
  t.match(await startupFailureLine(t, { ENV_FILE: file }, 'read'), /^Invalid configuration: PORT="from-the-file" is not allowed/, 'the file was read')
  t.equal(await startupFailureLine(t, { ENV_FILE: join(dir, 'missing.env') }, 'missing'),
    `Invalid configuration: ENV_FILE=${JSON.stringify(join(dir, 'missing.env'))} is not allowed; expected the path of an existing file`)
})

test('a spawned test server sees only the variables the test gives, never the developer\'s shell or .env', async (t) => {
  process.env.REDIS_URL = 'redis://developer-redis.invalid'
  t.teardown(() => { delete process.env.REDIS_URL })
  const env = serverEnvironment({ PORT: '0' })
  t.notOk('REDIS_URL' in env, 'a variable of the shell does not leak in')
  t.equal(env.ENV_FILE, '/dev/null', 'no .env file is read')
  t.equal(env.PORT, '0')
})

test('a port in use stops the process with exit 1 and one line', async (t) => {
  const blocker = createServer()
  blocker.listen(0, '127.0.0.1')
  await once(blocker, 'listening')
  t.teardown(() => blocker.close())
  const { port } = blocker.address() as { port: number }

  const line = await startupFailureLine(t, { PORT: String(port), DATABASE_URL: 'sqlite::memory:' })
  t.match(line, new RegExp(`127\\.0\\.0\\.1:${port}.*already in use \\(EADDRINUSE\\)`))
})
