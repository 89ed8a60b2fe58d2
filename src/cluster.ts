// Cluster primary: migrate once, fork WORKERS workers on one port, replace dead ones with backoff, stop and restart them gracefully.
import cluster from 'node:cluster'
import pino, { type Logger } from 'pino'
import type { Config } from './config.js'
import { clusterMetricsSource } from './cluster-metrics.js'
import { migrateToLatest, openDatabase } from './db/index.js'
import { startMetricsServer } from './metrics-server.js'
import { buildServerOptions } from './server-options.js'
import { StartupError } from './startup-error.js'

/** What a worker tells the primary about its life; the primary stops workers with SIGTERM, and asks them for metrics. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'startup-error', message: string }

/** The first replacement waits this long; each further failure doubles it up to the maximum. */
export const FIRST_RESTART_DELAY_MS = 100
export const MAX_RESTART_DELAY_MS = 10_000
/** A worker that served this long before dying was healthy: the backoff starts over. */
export const STABLE_UPTIME_MS = 10_000
/** This many workers in a row dying before they listen, with none serving, is a crash loop. */
export const CRASH_LOOP_STARTS = 5

/** The part of a `node:cluster` worker the primary uses. */
export interface PrimaryWorker {
  readonly process: { readonly pid?: number | undefined, kill: (signal: NodeJS.Signals) => unknown }
  on: (event: 'message', listener: (message: unknown) => void) => unknown
  once: (event: 'exit', listener: (code: number | null, signal: string | null) => void) => unknown
}

/** Processes and time, injected so that tests need neither real workers nor a real clock. */
export interface PrimaryHost<Timer = unknown> {
  fork: () => PrimaryWorker
  now: () => number
  setTimeout: (callback: () => void, ms: number) => Timer
  clearTimeout: (timer: Timer) => void
}

export interface PrimaryOptions<Timer> {
  workers: number
  shutdownGrace: number
  log: Logger
  host: PrimaryHost<Timer>
}

interface WorkerState {
  readyAt?: number
  /** The primary asked it to stop, so its exit is no failure. */
  stopping: boolean
  startupError?: string
  /** Resolves true once it listens, false if it exits first. */
  ready: Promise<boolean>
  exited: Promise<void>
}

/** Only these: a worker also sends metrics reports, which are not about its life. */
function isWorkerMessage (message: unknown): message is WorkerMessage {
  const type = (message as { type?: unknown } | null)?.type
  return type === 'ready' || type === 'startup-error'
}

/** The wait before the replacement that follows this many failures in a row. */
export function restartDelay (failures: number): number {
  return Math.min(FIRST_RESTART_DELAY_MS * 2 ** (failures - 1), MAX_RESTART_DELAY_MS)
}

/**
 * The primary's state: its workers, the restart backoff, crash-loop detection and the rolling
 * restart. `finished` settles with the process exit code, or with a StartupError on a crash loop.
 */
export class Primary<Timer = unknown> {
  readonly workers = new Map<PrimaryWorker, WorkerState>()
  readonly finished: Promise<number | StartupError>
  /** Failures since the last stable worker: the backoff exponent. */
  failures = 0
  /** Workers in a row that died before they were ready. */
  startupFailures = 0
  stopping = false
  restarting = false
  readonly #pendingForks = new Set<Timer>()
  #lastStartupError: string | undefined
  #finish: (outcome: number | StartupError) => void = () => {}
  readonly #options: PrimaryOptions<Timer>

  constructor (options: PrimaryOptions<Timer>) {
    this.#options = options
    this.finished = new Promise((resolve) => { this.#finish = resolve })
  }

  start (): void {
    this.#options.log.info({ workers: this.#options.workers }, 'primary started')
    for (let i = 0; i < this.#options.workers; i++) this.#fork()
  }

  get pendingForks (): number {
    return this.#pendingForks.size
  }

  /** The pids of the workers that listen. */
  readyPids (): Set<number> {
    const pids = new Set<number>()
    for (const [worker, state] of this.workers) if (state.readyAt !== undefined && worker.process.pid !== undefined) pids.add(worker.process.pid)
    return pids
  }

  #fork (): WorkerState {
    const { host, log } = this.#options
    const worker = host.fork()
    const pid = worker.process.pid
    let markReady: (ready: boolean) => void = () => {}
    let markExited: () => void = () => {}
    const state: WorkerState = {
      stopping: false,
      ready: new Promise((resolve) => { markReady = resolve }),
      exited: new Promise((resolve) => { markExited = resolve })
    }
    this.workers.set(worker, state)
    log.info({ workerPid: pid }, 'worker started')
    worker.on('message', (message: unknown) => {
      if (!isWorkerMessage(message)) return
      if (message.type === 'startup-error') {
        state.startupError = message.message
        return
      }
      state.readyAt = host.now()
      this.startupFailures = 0
      log.info({ workerPid: pid }, 'worker ready')
      markReady(true)
    })
    worker.once('exit', (code, signal) => {
      markReady(false)
      this.#onExit(worker, state, code, signal)
      markExited()
    })
    return state
  }

  #onExit (worker: PrimaryWorker, state: WorkerState, code: number | null, signal: string | null): void {
    const { host, log } = this.#options
    this.workers.delete(worker)
    const details = { workerPid: worker.process.pid, code, signal }
    if (this.stopping || state.stopping) {
      log.info(details, 'worker exited')
      return
    }
    log.error({ ...details, error: state.startupError }, state.readyAt === undefined ? 'worker exited before it was ready' : 'worker exited unexpectedly')
    if (state.readyAt === undefined) {
      this.startupFailures += 1
      this.#lastStartupError = state.startupError ?? this.#lastStartupError
    }
    const serving = [...this.workers.values()].some((other) => other.readyAt !== undefined)
    if (this.startupFailures >= CRASH_LOOP_STARTS && !serving) {
      const reason = this.#lastStartupError ?? 'see the errors above'
      const error = new StartupError(`Cluster stopped: ${this.startupFailures} workers in a row failed at start-up: ${reason}`)
      this.#stopAll().then(() => this.#finish(error))
      return
    }
    if (state.readyAt !== undefined && host.now() - state.readyAt >= STABLE_UPTIME_MS) this.failures = 0
    this.failures += 1
    // Keep WORKERS running; a rolling restart may already have started the replacement.
    if (this.workers.size + this.#pendingForks.size >= this.#options.workers) return
    const delay = restartDelay(this.failures)
    log.warn({ delay }, 'replacing the worker')
    const timer = host.setTimeout(() => {
      this.#pendingForks.delete(timer)
      this.#fork()
    }, delay)
    this.#pendingForks.add(timer)
  }

  /** Resolves true when the worker stopped by itself, false when it had to be killed. */
  async #stopWorker (worker: PrimaryWorker, state: WorkerState): Promise<boolean> {
    const { host, log, shutdownGrace } = this.#options
    state.stopping = true
    let killed = false
    const timer = host.setTimeout(() => {
      killed = true
      log.error({ workerPid: worker.process.pid, grace: shutdownGrace }, 'worker did not stop within SHUTDOWN_GRACE; killing it')
      worker.process.kill('SIGKILL')
    }, shutdownGrace)
    // A signal, not a message: a worker still starting has no listener yet and simply dies, which is right.
    worker.process.kill('SIGTERM')
    await state.exited
    host.clearTimeout(timer)
    return !killed
  }

  async #stopAll (): Promise<boolean> {
    this.stopping = true
    for (const timer of this.#pendingForks) this.#options.host.clearTimeout(timer)
    this.#pendingForks.clear()
    const results = await Promise.all([...this.workers].map(([worker, state]) => this.#stopWorker(worker, state)))
    return results.every(Boolean)
  }

  async rollingRestart (): Promise<void> {
    const { log } = this.#options
    if (this.restarting || this.stopping) return
    this.restarting = true
    log.info({ workers: this.workers.size }, 'rolling restart: replacing the workers one at a time')
    for (const [old, oldState] of [...this.workers]) {
      if (this.stopping) break
      if (!this.workers.has(old)) continue
      const replacement = this.#fork()
      if (!await replacement.ready) {
        log.error('rolling restart stopped: the new worker failed at start-up, the old workers keep serving')
        this.restarting = false
        return
      }
      // The old worker may have died meanwhile; its replacement is the one just started.
      if (this.workers.has(old)) await this.#stopWorker(old, oldState)
    }
    this.restarting = false
    if (!this.stopping) log.info('rolling restart done')
  }

  /** A stop signal: workers finish their requests; `finished` gets 0, or 1 if one had to be killed. */
  stop (signal: NodeJS.Signals): void {
    if (this.stopping) return
    this.#options.log.info({ signal }, 'stopping: workers finish their requests and exit')
    this.#stopAll().then((clean) => this.#finish(clean ? 0 : 1))
  }
}

async function migrateOnce (url: string, log: Logger): Promise<void> {
  const db = await openDatabase(url, { poolSize: 1, logger: log })
  try {
    await migrateToLatest(db, url, log)
  } finally {
    await db.destroy()
  }
}

const processHost: PrimaryHost<NodeJS.Timeout> = {
  fork: () => cluster.fork(),
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (timer) => clearTimeout(timer)
}

/**
 * Runs until the service stops. Resolves with the process exit code: 0 after a clean stop,
 * 1 when a worker had to be killed after SHUTDOWN_GRACE. Rejects with a StartupError when the
 * primary cannot start or the workers are in a crash loop.
 */
export async function runPrimary (config: Config, log: Logger = pino({ level: config.LOG_LEVEL, name: 'primary' })): Promise<number> {
  // Certificate mistakes stop the primary with one line instead of a crash loop of workers.
  buildServerOptions(config)
  await migrateOnce(config.DATABASE_URL, log)

  const primary = new Primary({ workers: config.WORKERS, shutdownGrace: config.SHUTDOWN_GRACE, log, host: processHost })
  // The primary answers every scrape with the sum over its workers; bound before forking, so a busy port stops it at once.
  const metrics = config.METRICS_PORT === undefined
    ? undefined
    : await startMetricsServer(config.METRICS_HOST, config.METRICS_PORT, clusterMetricsSource(() => primary.readyPids()), log)
  const onStopSignal = (signal: NodeJS.Signals) => primary.stop(signal)
  process.on('SIGTERM', onStopSignal)
  process.on('SIGINT', onStopSignal)
  process.on('SIGHUP', () => {
    primary.rollingRestart().catch((error: unknown) => log.error({ err: error }, 'rolling restart failed'))
  })
  primary.start()

  const outcome = await primary.finished
  await metrics?.close()
  if (outcome instanceof StartupError) throw outcome
  log.info({ code: outcome }, 'primary stopped')
  return outcome
}
