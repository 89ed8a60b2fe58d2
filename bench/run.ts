// `npm run bench`: CPU time per request of the service against a raw node:http baseline, measured A B A B, as a table and JSON.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { get as httpGet } from 'node:http'
import { get as httpsGet } from 'node:https'
import { createServer, type AddressInfo } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import autocannon from 'autocannon'
import { createLocalCertificates, type LocalCertificates } from '../scripts/certificates.js'

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))
const STARTUP_TIMEOUT_MS = 60_000
const SEED_USERS = 100
/** Linux counts process CPU time in clock ticks of 1/100 s (USER_HZ). */
const TICK_US = 10_000

const args = process.argv.slice(2)
const QUICK = args.includes('--quick')
/** --source runs src/server.ts through tsx instead of the build, so a test needs no build step. */
const FROM_SOURCE = args.includes('--source')
const OUT = args.find((arg) => arg.startsWith('--out='))?.slice('--out='.length) ?? join(PROJECT_ROOT, 'bench', 'results', 'latest.json')
/** --only='about|session' runs only the scenarios whose names contain one of these, to measure one change. */
const ONLY = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split('|')
const selected = (name: string) => ONLY === undefined || ONLY.some((part) => name.includes(part))
/** --profile runs each service process under `node --cpu-prof`; `npm run bench:profile` then says where its time went. */
const PROFILE_DIR = args.includes('--profile') ? join(PROJECT_ROOT, 'bench', 'results', 'profiles') : undefined

function setting (name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not ${process.env[name]}`)
  return value
}

// A fixed number of requests per measurement: at ~50-150 µs each, 20 000 requests are 1-3 s of
// server CPU, 100-300 clock ticks, so the tick's granularity is under 1 %.
const REQUESTS = setting('BENCH_REQUESTS', QUICK ? 300 : 20_000)
const WARMUP = setting('BENCH_WARMUP', QUICK ? 100 : 3000)
const ROUNDS = setting('BENCH_ROUNDS', 3)
const CONNECTIONS = setting('BENCH_CONNECTIONS', 50)
/** The user the session scenarios log in as and PATCH writes to, so the session is the owner's. */
const BENCH_USER = { id: 7, name: 'Seed User 7' }
/** The password of every seeded user; seeding pays one production scrypt hash per user. */
const BENCH_PASSWORD = 'a bench passphrase'

type Protocol = 'http1' | 'h2'
type LogLevel = 'warn' | 'info'

interface Scenario {
  name: string
  method: 'GET' | 'PATCH'
  path: string
  body?: string
  /** Log in first and send the session cookie (each server its own session). */
  session: boolean
  logLevel: LogLevel
  protocol: Protocol
  /** The target for raw CPU/request ÷ service CPU/request; null where it sets none. */
  target: number | null
}

function scenario (name: string, path: string, options: Partial<Scenario> = {}): Scenario {
  return { name, method: 'GET', path, session: false, logLevel: 'warn', protocol: 'http1', target: null, ...options }
}

const SCENARIOS: Scenario[] = [
  scenario('GET /users/:id, warn', `/users/${BENCH_USER.id}`, { target: 0.8 }),
  scenario('GET /users/:id, info', `/users/${BENCH_USER.id}`, { logLevel: 'info', target: 0.65 }),
  scenario('GET /users?limit=100, warn', '/users?limit=100', { target: 0.85 }),
  scenario('GET /about, warn', '/about', { target: 0.8 }),
  scenario('GET /session (live session), warn', '/session', { session: true, target: 0.7 }),
  // A rename to the same name: every request writes, and the data stays as seeded. PATCH needs the
  // owner's session (the session is BENCH_USER's).
  scenario('PATCH /users/:id, warn', `/users/${BENCH_USER.id}`, { method: 'PATCH', body: JSON.stringify({ name: BENCH_USER.name }), session: true, target: 0.6 }),
  scenario('GET / (with a session), warn', '/', { session: true }),
  scenario('GET /app.css, warn', '/app.css'),
  scenario('GET /users/:id over HTTP/2 + TLS, warn', `/users/${BENCH_USER.id}`, { protocol: 'h2' })
]
const CLUSTER_TARGET = 1.5
const MEMORY_TARGET = 1.6

interface Server {
  label: string
  child: ChildProcess
  url: string
  logFile: string
}

/** One measurement: a fixed number of requests. */
interface Sample {
  cpuUsPerRequest: number | null
  requestsPerSecond: number
  p99Ms: number | null
}

interface Side extends Sample {
  label: string
  rounds: Sample[]
}

interface Result {
  name: string
  /** cpu: raw CPU/request ÷ service CPU/request; throughput: b req/s ÷ a req/s. */
  compare: 'cpu' | 'throughput'
  a: Side | null
  b: Side | null
  ratio: number | null
  target: number | null
  met: boolean | null
  skipped?: string
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

/** True when GET url answers 200 (over TLS trusting only our test CA). */
function answers (url: string, ca: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const request = url.startsWith('https:') ? httpsGet(url, { ca }) : httpGet(url)
    request.once('response', (response) => {
      response.resume()
      resolve(response.statusCode === 200)
    })
    request.once('error', () => resolve(false))
  })
}

function countOf (text: string, needle: string): number {
  return text.split(needle).length - 1
}

/**
 * Starts a server on a free port, its output going to a file as a production log would, rather than
 * through a pipe this process must drain while it generates load. Ready when GET /health/live
 * answers and, for a cluster, every worker has said it is ready.
 */
async function start (label: string, command: string[], env: NodeJS.ProcessEnv, logFile: string, options: { ca?: string, workers?: number } = {}): Promise<Server> {
  const port = await freePort()
  const url = `${options.ca === undefined ? 'http' : 'https'}://127.0.0.1:${port}`
  const fd = openSync(logFile, 'w')
  const child = spawn(process.execPath, command, { cwd: PROJECT_ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', fd, fd] })
  closeSync(fd)
  const ca = options.ca === undefined ? undefined : readFileSync(options.ca, 'utf8')
  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    const workersReady = options.workers === undefined || countOf(readFileSync(logFile, 'utf8'), '"worker ready"') >= options.workers
    if (workersReady && await answers(`${url}/health/live`, ca)) return { label, child, url, logFile }
    await sleep(100)
  }
  child.kill('SIGKILL')
  throw new Error(`${label} did not start:\n${readFileSync(logFile, 'utf8')}`)
}

async function stop (server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return
  const exited = once(server.child, 'exit')
  server.child.kill('SIGTERM')
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

/** The process's user + system CPU time so far, in µs (every thread: GC, logging, libuv). */
function cpuTimeUs (child: ChildProcess): number {
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8')
  // Fields after the command name, which may itself contain spaces: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_US
}

/**
 * Peak resident memory in MiB under load: VmHWM since `resetPeakMemory`, kept as the highest seen per
 * server. Logging in hashes a password with scrypt, which takes 128 MiB for the hash by design
 * (N = 2^17, r = 8) and gives it back at once; that is the price of the password, not of serving.
 */
const peakUnderLoad = new Map<Server, number>()

function resetPeakMemory (server: Server): void {
  // Writing 5 to clear_refs resets the process's VmHWM to its current RSS (Linux ≥ 4.0).
  writeFileSync(`/proc/${server.child.pid}/clear_refs`, '5')
}

function notePeakMemory (server: Server): void {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8')
  const peak = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) / 1024
  peakUnderLoad.set(server, Math.max(peak, peakUnderLoad.get(server) ?? 0))
}

async function seed (service: Server): Promise<void> {
  for (let i = 1; i <= SEED_USERS; i++) {
    const response = await fetch(`${service.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Each registration costs one production scrypt hash (about 0.3 s): seeding takes a while by design.
      body: JSON.stringify({ name: `Seed User ${i}`, password: BENCH_PASSWORD })
    })
    if (response.status !== 201) throw new Error(`seeding answered ${response.status}: ${await response.text()}`)
  }
}

/** Logs in as BENCH_USER and gives the session cookie (name=value) to send. */
async function logIn (server: Server): Promise<string> {
  const response = await fetch(`${server.url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: BENCH_USER.name, password: BENCH_PASSWORD })
  })
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0]
  if (response.status !== 200 || cookie === undefined) throw new Error(`${server.label}: POST /login answered ${response.status}: ${await response.text()}`)
  return cookie
}

class Failures {
  total = 0
  note (what: string, count: number): void {
    if (count === 0) return
    this.total += count
    console.error(`${what}: ${count} failed requests (errors, timeouts or non-2xx answers)`)
  }
}

interface Load {
  server: Server
  scenario: Scenario
  cookie: string | undefined
}

async function autocannonLoad ({ server, scenario, cookie }: Load, amount: number): Promise<Omit<Sample, 'cpuUsPerRequest'> & { failed: number }> {
  const headers: Record<string, string> = {}
  if (scenario.body !== undefined) headers['content-type'] = 'application/json'
  if (cookie !== undefined) headers.cookie = cookie
  // autocannon ends a run at its next sample tick (every second by default), which would round the
  // duration of a fixed number of requests up to whole seconds.
  const result = await autocannon({ url: server.url + scenario.path, method: scenario.method, body: scenario.body, headers, connections: CONNECTIONS, amount, sampleInt: 10 })
  return {
    requestsPerSecond: result.requests.total / ((result.finish.getTime() - result.start.getTime()) / 1000),
    p99Ms: result.latency.p99,
    failed: result.errors + result.timeouts + result.non2xx
  }
}

/** h2load gives no percentiles, so an HTTP/2 sample has no p99. */
async function h2loadLoad ({ server, scenario }: Load, amount: number): Promise<Omit<Sample, 'cpuUsPerRequest'> & { failed: number }> {
  const { stdout } = await promisify(execFile)('h2load', ['-n', String(amount), '-c', '10', '-m', '10', server.url + scenario.path])
  const finished = /finished in ([\d.]+)(m?s), ([\d.]+) req\/s/.exec(stdout)
  const succeeded = /requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded/.exec(stdout)
  const ok = /status codes: (\d+) 2xx/.exec(stdout)
  if (finished === null || succeeded === null || ok === null) throw new Error(`unexpected h2load output:\n${stdout}`)
  return { requestsPerSecond: Number(finished[3]), p99Ms: null, failed: amount - Math.min(Number(succeeded[1]), Number(ok[1])) }
}

async function measure (load: Load, amount: number, failures: Failures, withCpu: boolean): Promise<Sample> {
  const before = withCpu ? cpuTimeUs(load.server.child) : 0
  const { failed, ...sample } = await (load.scenario.protocol === 'h2' ? h2loadLoad : autocannonLoad)(load, amount)
  const cpuUsPerRequest = withCpu ? (cpuTimeUs(load.server.child) - before) / amount : null
  failures.note(`${load.scenario.name} on ${load.server.label}`, failed)
  return { cpuUsPerRequest, ...sample }
}

function median (values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] as number : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

function summarize (label: string, rounds: Sample[]): Side {
  const of = (pick: (sample: Sample) => number | null) => {
    const values = rounds.map(pick).filter((value): value is number => value !== null)
    return values.length === 0 ? null : median(values)
  }
  return { label, cpuUsPerRequest: of((sample) => sample.cpuUsPerRequest), requestsPerSecond: of((sample) => sample.requestsPerSecond) ?? 0, p99Ms: of((sample) => sample.p99Ms), rounds }
}

/** Warms both up, then measures them in turn, A B A B, so drift on the machine hits both alike. */
async function alternate (loads: [Load, Load], failures: Failures, withCpu: boolean): Promise<[Side, Side]> {
  const samples: [Sample[], Sample[]] = [[], []]
  // The logins (and the seeding) before this are not load; memory is measured from here.
  for (const load of loads) resetPeakMemory(load.server)
  for (const load of loads) await measure(load, WARMUP, failures, false)
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, load] of loads.entries()) {
      process.stderr.write(`${load.scenario.name}: round ${round + 1}/${ROUNDS} on ${load.server.label}\n`)
      samples[index]?.push(await measure(load, REQUESTS, failures, withCpu))
    }
  }
  for (const load of loads) notePeakMemory(load.server)
  return [summarize(loads[0].server.label, samples[0]), summarize(loads[1].server.label, samples[1])]
}

function judge (ratio: number | null, target: number | null): boolean | null {
  return ratio === null || target === null ? null : ratio >= target
}

function formatTable (results: Result[]): string {
  const number = (value: number | null | undefined, digits = 0) => value === null || value === undefined ? 'n/a' : value.toFixed(digits)
  const lines = [
    '| scenario | node:http µs/req | service µs/req | ratio | target | node:http req/s | service req/s | node:http p99 ms | service p99 ms |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|'
  ]
  for (const result of results) {
    const { a, b } = result
    const target = result.target === null ? '' : `≥ ${result.target}${result.met === true ? ' met' : ' not met'}`
    if (result.skipped !== undefined) lines.push(`| ${result.name} | ${result.skipped} | | | | | | | |`)
    else if (result.compare === 'throughput') {
      lines.push(`| ${result.name} (req/s, ${a?.label} vs ${b?.label}) | | | ${number(result.ratio, 2)} | ${target} | ${number(a?.requestsPerSecond)} | ${number(b?.requestsPerSecond)} | ${number(a?.p99Ms)} | ${number(b?.p99Ms)} |`)
    } else {
      lines.push(`| ${result.name} | ${number(a?.cpuUsPerRequest)} | ${number(b?.cpuUsPerRequest)} | ${number(result.ratio, 2)} | ${target} | ` +
        `${number(a?.requestsPerSecond)} | ${number(b?.requestsPerSecond)} | ${number(a?.p99Ms)} | ${number(b?.p99Ms)} |`)
    }
  }
  return lines.join('\n')
}

async function hasH2load (): Promise<boolean> {
  return await promisify(execFile)('h2load', ['--version']).then(() => true, () => false)
}

async function main (): Promise<number> {
  const busy = loadavg()[0] ?? 0
  const directory = mkdtempSync(join(tmpdir(), 'users-bench-'))
  const database = join(directory, 'bench.db')
  const secret = randomBytes(32).toString('hex')
  const servers: Server[] = []
  const failures = new Failures()
  const h2load = await hasH2load()
  try {
    const base = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR }
    const profiling = PROFILE_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`]
    const entry = [...profiling, ...(FROM_SOURCE ? ['--import=tsx', 'src/server.ts'] : ['dist/server.js'])]
    let certificates: LocalCertificates | undefined
    const tls = (protocol: Protocol) => {
      if (protocol === 'http1') return { env: {}, ca: undefined }
      certificates ??= createLocalCertificates(join(directory, 'tls'))
      return { env: { TLS_CERT: certificates.cert, TLS_KEY: certificates.key }, ca: certificates.ca }
    }

    const running = new Map<string, Server>()
    /** The one name of each server, by which it is started once and found again. */
    const serviceKey = (logLevel: LogLevel, protocol: Protocol, workers = 1) => `service ${logLevel} ${protocol} ${workers}`
    const baselineKey = (protocol: Protocol) => `baseline ${protocol}`
    async function started (key: string, launch: () => Promise<Server>): Promise<Server> {
      const known = running.get(key)
      if (known !== undefined) return known
      const server = await launch()
      running.set(key, server)
      servers.push(server)
      return server
    }
    // Production settings, the limiters off so they never answer 429 or 503; one process unless workers says otherwise.
    const service = (logLevel: LogLevel, protocol: Protocol, workers = 1) => started(serviceKey(logLevel, protocol, workers), async () => {
      const { env, ca } = tls(protocol)
      return await start(workers === 1 ? 'service' : `service WORKERS=${workers}`, entry, {
        ...base,
        ...env,
        ...(protocol === 'h2' && { HTTP2: 'true' }),
        NODE_ENV: 'production',
        SESSION_SECRET: secret,
        HOST: '127.0.0.1',
        WORKERS: String(workers),
        DATABASE_URL: `sqlite:${database}`,
        LOG_LEVEL: logLevel,
        RATE_LIMIT_MAX: '0',
        LOGIN_RATE_LIMIT_MAX: '0',
        // This shared machine can stall a process for seconds: shedding would measure 503s, not the work.
        MAX_EVENT_LOOP_DELAY: '0'
      }, join(directory, `service-${logLevel}-${protocol}-${workers}.log`), { ca, workers: workers > 1 ? workers : undefined })
    })
    const baseline = (protocol: Protocol) => started(baselineKey(protocol), async () => {
      const { env, ca } = tls(protocol)
      return await start('node:http', ['--import=tsx', 'bench/baseline.ts', database, secret], { ...base, ...env }, join(directory, `baseline-${protocol}.log`), { ca })
    })

    // The service migrates and seeds the file before the baseline opens it, so both read the same rows.
    await seed(await service('warn', 'http1'))
    await baseline('http1')

    const cpuList = cpus()
    console.log(`node ${process.version}, ${cpuList.length} CPU (${cpuList[0]?.model ?? 'unknown'}), ${CONNECTIONS} connections, ` +
      `${ROUNDS} rounds of ${REQUESTS} requests each (after ${WARMUP} to warm up), ${SEED_USERS} seeded users${QUICK ? ', --quick' : ''}`)

    const results: Result[] = []
    for (const scenario of SCENARIOS.filter((each) => selected(each.name))) {
      const common = { name: scenario.name, compare: 'cpu' as const, target: scenario.target }
      if (scenario.protocol === 'h2' && !h2load) {
        console.error(`${scenario.name}: skipped, h2load is not installed (Debian: apt-get install nghttp2-client)`)
        results.push({ ...common, a: null, b: null, ratio: null, met: null, skipped: 'skipped: h2load not installed (apt-get install nghttp2-client)' })
        continue
      }
      const raw = await baseline(scenario.protocol)
      const ours = await service(scenario.logLevel, scenario.protocol)
      const [a, b] = await alternate([
        { server: raw, scenario, cookie: scenario.session ? await logIn(raw) : undefined },
        { server: ours, scenario, cookie: scenario.session ? await logIn(ours) : undefined }
      ], failures, true)
      const ratio = a.cpuUsPerRequest === null || b.cpuUsPerRequest === null ? null : a.cpuUsPerRequest / b.cpuUsPerRequest
      results.push({ ...common, a, b, ratio, met: judge(ratio, scenario.target) })
    }

    // A cluster's CPU is spread over processes, so it is compared by throughput. At info, the
    // default, because the primary says when each worker is ready at that level.
    const clusterScenario = scenario('cluster: GET /users/:id, info', `/users/${BENCH_USER.id}`, { logLevel: 'info' })
    if (selected(clusterScenario.name)) await compareWorkers(clusterScenario)
    async function compareWorkers (clusterScenario: Scenario): Promise<void> {
      const [one, two] = await alternate([
        { server: await service('info', 'http1'), scenario: clusterScenario, cookie: undefined },
        { server: await service('info', 'http1', 2), scenario: clusterScenario, cookie: undefined }
      ], failures, false)
      const clusterRatio = two.requestsPerSecond / one.requestsPerSecond
      results.push({ name: clusterScenario.name, compare: 'throughput', a: { ...one, label: 'WORKERS=1' }, b: { ...two, label: 'WORKERS=2' }, ratio: clusterRatio, target: CLUSTER_TARGET, met: judge(clusterRatio, CLUSTER_TARGET) })
    }

    // The single-process service at warn and the HTTP/1.1 baseline: both serve most of the scenarios.
    const measuredPeak = (key: string) => { const server = running.get(key); return server === undefined ? undefined : peakUnderLoad.get(server) }
    const servicePeak = measuredPeak(serviceKey('warn', 'http1'))
    const baselinePeak = measuredPeak(baselineKey('http1'))
    const memory = servicePeak === undefined || baselinePeak === undefined
      ? null
      : { servicePeakMiB: servicePeak, baselinePeakMiB: baselinePeak, ratio: servicePeak / baselinePeak, target: MEMORY_TARGET, met: servicePeak / baselinePeak <= MEMORY_TARGET }

    console.log(`\n${formatTable(results)}\n`)
    console.log(memory === null
      ? 'peak RSS: not measured (no scenario of --only ran both the service at warn and node:http over HTTP/1.1)'
      : `peak RSS under load: service ${memory.servicePeakMiB.toFixed(0)} MiB, node:http ${memory.baselinePeakMiB.toFixed(0)} MiB, ${memory.ratio.toFixed(2)}× (target ≤ ${MEMORY_TARGET}×${memory.met ? ', met' : ', not met'})`)
    // Other work on the machine skews req/s and p99 much more than CPU per request; say how busy it was.
    console.log(`load average before the run ${busy.toFixed(1)} on ${cpuList.length} CPU${busy > 1 ? ': other work was running, req/s and p99 are unreliable' : ''}`)

    const report = {
      generatedAt: new Date().toISOString(),
      node: process.version,
      cpus: cpuList.length,
      loadAverageBefore: busy,
      quick: QUICK,
      settings: { requests: REQUESTS, warmup: WARMUP, rounds: ROUNDS, connections: CONNECTIONS, seededUsers: SEED_USERS },
      scenarios: results,
      memory,
      failures: failures.total
    }
    mkdirSync(dirname(OUT), { recursive: true })
    writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`)
    console.log(`written to ${OUT}`)
    return failures.total > 0 ? 1 : 0
  } finally {
    await Promise.all(servers.map(stop))
    rmSync(directory, { recursive: true, force: true })
  }
}

process.exitCode = await main()
