// The Primary state object with a fake fork and a fake clock: backoff, crash loop, ready tracking, rolling restart.
import { EventEmitter } from 'node:events'
import pino from 'pino'
import { test } from 'tap'
import { CRASH_LOOP_STARTS, MAX_RESTART_DELAY_MS, Primary, type PrimaryWorker, restartDelay, STABLE_UPTIME_MS } from '../../src/cluster.js'
import { StartupError } from '../../src/startup-error.js'

class FakeWorker extends EventEmitter implements PrimaryWorker {
  readonly signals: NodeJS.Signals[] = []
  readonly process: PrimaryWorker['process']

  constructor (pid: number) {
    super()
    this.process = { pid, kill: (signal: NodeJS.Signals) => this.signals.push(signal) }
  }

  ready (): void { this.emit('message', { type: 'ready' }) }
  fail (message: string): void { this.emit('message', { type: 'startup-error', message }) }
  exit (code: number | null = 1, signal: string | null = null): void { this.emit('exit', code, signal) }
}

interface FakeTimer { at: number, ms: number, callback: () => void }

/** A fake host: forks FakeWorkers, and a clock that moves only when the test says so. */
function fakePrimary (workers = 2, shutdownGrace = 1000) {
  const forked: FakeWorker[] = []
  const timers = new Set<FakeTimer>()
  const logs: Array<{ msg: string, [key: string]: unknown }> = []
  let clock = 0
  const primary = new Primary<FakeTimer>({
    workers,
    shutdownGrace,
    log: pino({ level: 'debug' }, { write: (line: string) => { logs.push(JSON.parse(line)) } }),
    host: {
      fork: () => {
        const worker = new FakeWorker(forked.length + 1)
        forked.push(worker)
        return worker
      },
      now: () => clock,
      setTimeout: (callback, ms) => {
        const timer = { at: clock + ms, ms, callback }
        timers.add(timer)
        return timer
      },
      clearTimeout: (timer) => { timers.delete(timer) }
    }
  })
  /** Moves the clock on and runs the timers that are due. */
  const advance = (ms: number) => {
    clock += ms
    for (const timer of [...timers].filter((due) => due.at <= clock)) {
      timers.delete(timer)
      timer.callback()
    }
  }
  const messages = () => logs.map((line) => line.msg)
  return { primary, forked, timers, logs, messages, advance }
}

/** Lets the promise chains inside Primary run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

test('restartDelay doubles from 100 ms up to the maximum', async (t) => {
  t.same([1, 2, 3, 4, 5, 6, 7, 8].map(restartDelay), [100, 200, 400, 800, 1600, 3200, 6400, 10_000])
  t.equal(restartDelay(30), MAX_RESTART_DELAY_MS)
})

test('start forks WORKERS workers; ready tracking marks the worker and resets the start-up failures', async (t) => {
  const { primary, forked, logs, messages } = fakePrimary(2)
  primary.start()
  t.same(messages(), ['primary started', 'worker started', 'worker started'])
  t.equal(primary.workers.size, 2)

  forked[0]!.exit()
  t.equal(primary.startupFailures, 1, 'an exit before ready counts as a start-up failure')
  forked[1]!.emit('message', 'not a worker message')
  t.equal(primary.workers.get(forked[1]!)!.readyAt, undefined, 'foreign messages are ignored')
  forked[1]!.ready()
  t.equal(primary.workers.get(forked[1]!)!.readyAt, 0, 'readyAt is the injected clock')
  t.equal(primary.startupFailures, 0, 'a ready worker resets the start-up failures')
  t.match(logs.at(-1), { msg: 'worker ready', workerPid: 2 })
})

test('replacements back off exponentially, and a worker that served STABLE_UPTIME_MS resets the backoff', async (t) => {
  const { primary, forked, timers, logs, advance } = fakePrimary(1)
  primary.start()
  forked[0]!.ready()

  const delays: number[] = []
  for (let i = 0; i < 4; i++) {
    forked.at(-1)!.exit(null, 'SIGKILL')
    const [timer] = [...timers]
    delays.push(timer!.ms)
    t.equal(primary.workers.size, 0, 'no worker until the delay passed')
    advance(timer!.ms)
    forked.at(-1)!.ready()
  }
  t.same(delays, [100, 200, 400, 800])
  t.equal(forked.length, 5, 'each delay ends with a fork')
  t.match(logs.filter((line) => line.msg === 'worker exited unexpectedly')[0], { workerPid: 1, code: null, signal: 'SIGKILL' })

  advance(STABLE_UPTIME_MS)
  forked.at(-1)!.exit()
  t.equal(primary.failures, 1, 'a stable worker resets the backoff')
  t.same([...timers].map((timer) => timer.ms), [100])
})

test('no replacement is scheduled while WORKERS are running or pending', async (t) => {
  const { primary, forked, timers } = fakePrimary(2)
  primary.start()
  forked[0]!.ready()
  forked[1]!.ready()
  forked[0]!.exit()
  forked[1]!.exit()
  t.equal(timers.size, 2, 'one replacement each')
  t.equal(primary.pendingForks, 2)
})

test('CRASH_LOOP_STARTS workers in a row failing at start-up, with none serving, stop the cluster', async (t) => {
  const { primary, forked, advance, messages } = fakePrimary(2)
  primary.start()
  forked[1]!.fail('port in use')
  for (let i = 0; i < CRASH_LOOP_STARTS - 1; i++) {
    forked.at(-1)!.exit()
    advance(MAX_RESTART_DELAY_MS)
  }
  t.notOk(primary.stopping, `${CRASH_LOOP_STARTS - 1} failures are no crash loop`)
  forked.at(-1)!.exit()
  t.ok(primary.stopping)
  const survivor = [...primary.workers.keys()] as FakeWorker[]
  t.equal(survivor.length, 1)
  t.same(survivor[0]!.signals, ['SIGTERM'], 'the remaining worker is asked to stop')
  survivor[0]!.exit(0)
  const outcome = await primary.finished
  t.type(outcome, StartupError)
  t.equal((outcome as StartupError).message, `Cluster stopped: ${CRASH_LOOP_STARTS} workers in a row failed at start-up: port in use`)
  t.equal(messages().at(-1), 'worker exited', 'the stopped worker exits without a failure')
})

test('start-up failures while another worker serves are no crash loop', async (t) => {
  const { primary, forked, advance } = fakePrimary(2)
  primary.start()
  forked[0]!.ready()
  for (let i = 0; i < CRASH_LOOP_STARTS + 1; i++) {
    forked.at(-1)!.exit()
    advance(MAX_RESTART_DELAY_MS)
  }
  t.notOk(primary.stopping)
  t.equal(primary.workers.size, 2)
})

test('a rolling restart replaces the workers one at a time, each after its replacement is ready', async (t) => {
  const { primary, forked, messages } = fakePrimary(2)
  primary.start()
  const [first, second] = forked as [FakeWorker, FakeWorker]
  first.ready()
  second.ready()

  const restart = primary.rollingRestart()
  t.equal(forked.length, 3, 'one replacement forked')
  t.same(first.signals, [], 'the old worker serves until its replacement is ready')
  forked[2]!.ready()
  await settle()
  t.same(first.signals, ['SIGTERM'])
  t.equal(forked.length, 3, 'the next replacement waits for the old worker to exit')
  first.exit(0)
  await settle()
  t.equal(forked.length, 4)
  forked[3]!.ready()
  await settle()
  t.same(second.signals, ['SIGTERM'])
  second.exit(0)
  await restart

  t.same([...primary.workers.keys()], [forked[2], forked[3]])
  t.notOk(primary.restarting)
  t.equal(primary.failures, 0, 'stopped workers are no failures')
  t.same(messages().slice(3), [
    'worker ready', 'worker ready',
    'rolling restart: replacing the workers one at a time',
    'worker started', 'worker ready', 'worker exited',
    'worker started', 'worker ready', 'worker exited',
    'rolling restart done'
  ])
})

test('a rolling restart stops when the new worker fails at start-up; the old workers keep serving', async (t) => {
  const { primary, forked, messages } = fakePrimary(2)
  primary.start()
  forked[0]!.ready()
  forked[1]!.ready()
  const restart = primary.rollingRestart()
  await primary.rollingRestart()
  t.equal(forked.length, 3, 'a second restart while one runs does nothing')
  forked[2]!.exit()
  await restart
  t.same(forked[0]!.signals, [])
  t.equal(messages().at(-1), 'rolling restart stopped: the new worker failed at start-up, the old workers keep serving')
  t.notOk(primary.restarting)
})

test('stop asks every worker to exit; one that outlives the grace period is killed and the code is 1', async (t) => {
  const { primary, forked, advance, messages } = fakePrimary(2, 500)
  primary.start()
  forked[0]!.ready()
  forked[1]!.ready()
  primary.stop('SIGTERM')
  primary.stop('SIGINT')
  t.same(forked.map((worker) => worker.signals), [['SIGTERM'], ['SIGTERM']], 'a second signal changes nothing')
  forked[0]!.exit(0)
  advance(500)
  t.same(forked[1]!.signals, ['SIGTERM', 'SIGKILL'])
  forked[1]!.exit(null, 'SIGKILL')
  t.equal(await primary.finished, 1)
  t.ok(messages().includes('worker did not stop within SHUTDOWN_GRACE; killing it'))
})

test('a clean stop finishes with 0 and cancels pending replacements', async (t) => {
  const { primary, forked, timers } = fakePrimary(1)
  primary.start()
  forked[0]!.ready()
  forked[0]!.exit()
  t.equal(timers.size, 1)
  primary.stop('SIGTERM')
  t.equal(timers.size, 0)
  t.equal(await primary.finished, 0)
})
