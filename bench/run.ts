// `npm run bench`: loads the service and a raw node:http baseline with autocannon and prints req/s, ratios, p99 and memory.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))
const STARTUP_TIMEOUT_MS = 60_000
const SEED_USERS = 100

function setting (name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not ${process.env[name]}`)
  return value
}

const DURATION = setting('BENCH_DURATION', 5)
const WARMUP = setting('BENCH_WARMUP', 1)
const CONNECTIONS = setting('BENCH_CONNECTIONS', 50)
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info'

interface Scenario {
  name: string
  method: 'GET' | 'POST'
  path: string
  body?: string
}

const SCENARIOS: Scenario[] = [
  { name: 'GET /health/live', method: 'GET', path: '/health/live' },
  { name: 'GET /users?limit=10', method: 'GET', path: '/users?limit=10' },
  { name: 'GET /app.css', method: 'GET', path: '/app.css' },
  { name: 'POST /users', method: 'POST', path: '/users', body: JSON.stringify({ name: 'Bench User' }) }
]

interface Target {
  label: string
  child: ChildProcess
  url: string
  logFile: string
}

/** A port nothing listens on now, for a server to take. */
async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  await once(server, 'close')
  return port
}

/**
 * Starts a server on a free port, its output going to a file, as a production log would, rather
 * than through a pipe this process must drain while it is busy generating load. It is ready when
 * GET /health/live answers, whatever its log level.
 */
async function start (label: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<Target> {
  const url = `http://127.0.0.1:${await freePort()}`
  const fd = openSync(logFile, 'w')
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: { ...env, PORT: new URL(url).port }, stdio: ['ignore', fd, fd] })
  closeSync(fd)
  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break
    const ready = await fetch(`${url}/health/live`).then((response) => response.ok, () => false)
    if (ready) return { label, child, url, logFile }
    await sleep(100)
  }
  child.kill('SIGKILL')
  throw new Error(`${label} did not start:\n${readFileSync(logFile, 'utf8')}`)
}

async function stop (target: Target): Promise<void> {
  if (target.child.exitCode !== null || target.child.signalCode !== null) return
  const exited = once(target.child, 'exit')
  target.child.kill('SIGTERM')
  const timer = setTimeout(() => target.child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

async function seed (service: Target): Promise<void> {
  for (let i = 1; i <= SEED_USERS; i++) {
    const response = await fetch(`${service.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Each registration costs one production scrypt hash (about 0.3 s): seeding takes a while by design.
      body: JSON.stringify({ name: `Seed User ${i}`, password: 'a bench passphrase' })
    })
    if (response.status !== 201) throw new Error(`seeding answered ${response.status}: ${await response.text()}`)
  }
}

function load (target: Target, scenario: Scenario, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: target.url + scenario.path,
    method: scenario.method,
    connections: CONNECTIONS,
    duration,
    ...(scenario.body === undefined ? {} : { body: scenario.body, headers: { 'content-type': 'application/json' } })
  })
}

/** Resident and peak resident memory in MiB (Linux; undefined elsewhere). */
function memoryOf (child: ChildProcess): { rss: number, peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1])
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 }
  } catch {
    return undefined
  }
}

interface Row {
  scenario: Scenario
  baseline: autocannon.Result
  service: autocannon.Result
  serviceRss: number | undefined
}

function failuresOf (result: autocannon.Result): number {
  return result.errors + result.timeouts + result.non2xx
}

function formatTable (rows: Row[]): string {
  const lines = [
    '| scenario | node:http req/s | service req/s | ratio | node:http p99 ms | service p99 ms | service RSS MiB |',
    '|---|--:|--:|--:|--:|--:|--:|'
  ]
  for (const { scenario, baseline, service, serviceRss } of rows) {
    const ratio = service.requests.average / baseline.requests.average
    lines.push(`| ${scenario.name} | ${Math.round(baseline.requests.average)} | ${Math.round(service.requests.average)} | ${ratio.toFixed(2)} | ` +
      `${baseline.latency.p99} | ${service.latency.p99} | ${serviceRss?.toFixed(0) ?? 'n/a'} |`)
  }
  return lines.join('\n')
}

async function main (): Promise<number> {
  const busy = loadavg()[0] ?? 0
  const directory = mkdtempSync(join(tmpdir(), 'users-bench-'))
  const database = join(directory, 'bench.db')
  const targets: Target[] = []
  try {
    const base = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR }
    // One process (no cluster), production settings, the limiters off so they never answer 429.
    const service = await start('service', ['--import=tsx', 'src/server.ts'], {
      ...base,
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      HOST: '127.0.0.1',
      WORKERS: '1',
      DATABASE_URL: `sqlite:${database}`,
      LOG_LEVEL,
      RATE_LIMIT_MAX: '0',
      LOGIN_RATE_LIMIT_MAX: '0'
    }, join(directory, 'service.log'))
    targets.push(service)
    await seed(service)
    // Started after the service has migrated and seeded the file, so both read the same rows.
    const baseline = await start('node:http', ['--import=tsx', 'bench/baseline.ts', database], base, join(directory, 'baseline.log'))
    targets.push(baseline)

    const cpuList = cpus()
    console.log(`node ${process.version}, ${cpuList.length} CPU (${cpuList[0]?.model ?? 'unknown'}), ` +
      `${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per run, service LOG_LEVEL=${LOG_LEVEL}, ${SEED_USERS} seeded users`)

    const rows: Row[] = []
    for (const scenario of SCENARIOS) {
      const results = []
      for (const target of [baseline, service]) {
        process.stderr.write(`${scenario.name} on ${target.label}...\n`)
        await load(target, scenario, WARMUP)
        results.push(await load(target, scenario, DURATION))
      }
      const [baselineResult, serviceResult] = results as [autocannon.Result, autocannon.Result]
      rows.push({ scenario, baseline: baselineResult, service: serviceResult, serviceRss: memoryOf(service.child)?.rss })
    }

    console.log(`\n${formatTable(rows)}\n`)
    // Other work on the machine skews every number; say how busy it was before we added ours.
    console.log(`load average before the run ${busy.toFixed(1)} on ${cpuList.length} CPU${busy > 1 ? ': other work was running, numbers are unreliable' : ''}`)
    const memory = memoryOf(service.child)
    if (memory !== undefined) console.log(`service peak RSS ${memory.peak.toFixed(0)} MiB; node:http peak RSS ${memoryOf(baseline.child)?.peak.toFixed(0)} MiB`)
    console.log(`service log: ${(statSync(service.logFile).size / 2 ** 20).toFixed(1)} MiB written at LOG_LEVEL=${LOG_LEVEL}`)

    let failures = 0
    for (const row of rows) {
      for (const [label, result] of [['node:http', row.baseline], ['service', row.service]] as const) {
        const count = failuresOf(result)
        if (count > 0) console.error(`${row.scenario.name} on ${label}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`)
        failures += count
      }
    }
    return failures > 0 ? 1 : 0
  } finally {
    await Promise.all(targets.map(stop))
    rmSync(directory, { recursive: true, force: true })
  }
}

process.exitCode = await main()
