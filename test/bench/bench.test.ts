// `npm run bench -- --quick` end to end: every scenario runs and the JSON report has its shape (no timing is judged).
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t, { test } from 'tap'
import { PROJECT_ROOT } from '../helper.js'

const SCENARIOS = [
  'GET /users/:id, warn', 'GET /users/:id, info', 'GET /users?limit=100, warn', 'GET /about, warn',
  'GET /session (live session), warn', 'PATCH /users/:id, warn', 'GET / (with a session), warn', 'GET /app.css, warn',
  'GET /users/:id over HTTP/2 + TLS, warn', 'cluster: GET /users/:id, info'
]

/** The quick bench starts a dozen servers; beside the rest of the suite on two cores it can take minutes. */
const BENCH_TIMEOUT_MS = 600_000
t.setTimeout(BENCH_TIMEOUT_MS)

const number = (value: unknown) => typeof value === 'number' && Number.isFinite(value)

test('the quick bench measures every scenario against the baseline and writes the JSON report', { timeout: BENCH_TIMEOUT_MS }, async (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'users-bench-test-'))
  t.teardown(() => rmSync(directory, { recursive: true, force: true }))
  const out = join(directory, 'latest.json')
  // From source, so the test needs no build; three rounds of a few hundred requests each.
  const { stdout } = await promisify(execFile)(process.execPath, ['--import=tsx', 'bench/run.ts', '--quick', '--source', `--out=${out}`], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR },
    maxBuffer: 16 * 2 ** 20
  })
  t.match(stdout, /\| scenario \| node:http µs\/req \| service µs\/req \| ratio \|/, 'prints the table')

  const report = JSON.parse(readFileSync(out, 'utf8'))
  t.equal(report.quick, true)
  t.equal(report.failures, 0, 'no errors, timeouts or unexpected non-2xx answers')
  t.ok(report.settings.rounds >= 3, 'at least three rounds')
  t.same(report.scenarios.map((scenario: { name: string }) => scenario.name), SCENARIOS)
  for (const scenario of report.scenarios) {
    if (scenario.skipped !== undefined) {
      t.match(scenario.skipped, /h2load/, `${scenario.name}: skipped only for want of h2load`)
      continue
    }
    for (const side of [scenario.a, scenario.b]) {
      t.equal(side.rounds.length, report.settings.rounds, `${scenario.name} on ${side.label}: every round`)
      t.ok(number(side.requestsPerSecond), `${scenario.name} on ${side.label}: req/s`)
      if (scenario.compare === 'cpu') t.ok(number(side.cpuUsPerRequest), `${scenario.name} on ${side.label}: CPU µs per request`)
    }
    t.ok(number(scenario.ratio), `${scenario.name}: a ratio`)
    t.ok(scenario.target === null || typeof scenario.met === 'boolean', `${scenario.name}: judged against its target`)
  }
  t.ok(number(report.memory.servicePeakMiB) && number(report.memory.baselinePeakMiB) && typeof report.memory.met === 'boolean', 'peak RSS of both')
})
