// Cluster primary: migrate once, fork WORKERS workers on one port, replace dead ones with backoff, stop and restart them gracefully.
import cluster, { type Worker } from 'node:cluster'
import { once } from 'node:events'
import pino, { type Logger } from 'pino'
import type { Config } from './config.js'
import { migrateToLatest, openDatabase } from './db/index.js'
import { buildServerOptions } from './server-options.js'
import { StartupError } from './startup-error.js'

/** What a worker tells the primary; the primary talks to workers with SIGTERM only. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'startup-error', message: string }

/** The first replacement waits this long; each further failure doubles it up to the maximum. */
const FIRST_RESTART_DELAY_MS = 100
const MAX_RESTART_DELAY_MS = 10_000
/** A worker that served this long before dying was healthy: the backoff starts over. */
const STABLE_UPTIME_MS = 10_000
/** This many workers in a row dying before they listen, with none serving, is a crash loop. */
const CRASH_LOOP_STARTS = 5

interface WorkerState {
  readyAt?: number
  /** The primary asked it to stop, so its exit is no failure. */
  stopping: boolean
  startupError?: string
  /** Resolves true once it listens, false if it exits first. */
  ready: Promise<boolean>
}

function isWorkerMessage (message: unknown): message is WorkerMessage {
  return typeof message === 'object' && message !== null && 'type' in message
}

async function migrateOnce (url: string, log: Logger): Promise<void> {
  const db = await openDatabase(url, { poolSize: 1, logger: log })
  try {
    await migrateToLatest(db, url, log)
  } finally {
    await db.destroy()
  }
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

  const workers = new Map<Worker, WorkerState>()
  const pendingForks = new Set<NodeJS.Timeout>()
  let failures = 0
  let startupFailures = 0
  let lastStartupError: string | undefined
  let stopping = false
  let restarting = false
  let finish: (outcome: number | StartupError) => void = () => {}
  const finished = new Promise<number | StartupError>((resolve) => { finish = resolve })

  function fork (): [Worker, WorkerState] {
    const worker = cluster.fork()
    const pid = worker.process.pid
    let markReady: (ready: boolean) => void = () => {}
    const state: WorkerState = { stopping: false, ready: new Promise((resolve) => { markReady = resolve }) }
    workers.set(worker, state)
    log.info({ workerPid: pid }, 'worker started')
    worker.on('message', (message: unknown) => {
      if (!isWorkerMessage(message)) return
      if (message.type === 'startup-error') {
        state.startupError = message.message
        return
      }
      state.readyAt = Date.now()
      startupFailures = 0
      log.info({ workerPid: pid }, 'worker ready')
      markReady(true)
    })
    worker.once('exit', (code, signal) => {
      markReady(false)
      onExit(worker, state, code, signal)
    })
    return [worker, state]
  }

  function onExit (worker: Worker, state: WorkerState, code: number | null, signal: string | null): void {
    workers.delete(worker)
    const details = { workerPid: worker.process.pid, code, signal }
    if (stopping || state.stopping) {
      log.info(details, 'worker exited')
      return
    }
    log.error({ ...details, error: state.startupError }, state.readyAt === undefined ? 'worker exited before it was ready' : 'worker exited unexpectedly')
    if (state.readyAt === undefined) {
      startupFailures += 1
      lastStartupError = state.startupError ?? lastStartupError
    }
    const serving = [...workers.values()].some((other) => other.readyAt !== undefined)
    if (startupFailures >= CRASH_LOOP_STARTS && !serving) {
      const reason = lastStartupError ?? 'see the errors above'
      stopAll().then(() => finish(new StartupError(`Cluster stopped: ${startupFailures} workers in a row failed at start-up: ${reason}`)))
      return
    }
    if (state.readyAt !== undefined && Date.now() - state.readyAt >= STABLE_UPTIME_MS) failures = 0
    failures += 1
    // Keep WORKERS running; a rolling restart may already have started the replacement.
    if (workers.size + pendingForks.size >= config.WORKERS) return
    const delay = Math.min(FIRST_RESTART_DELAY_MS * 2 ** (failures - 1), MAX_RESTART_DELAY_MS)
    log.warn({ delay }, 'replacing the worker')
    const timer = setTimeout(() => {
      pendingForks.delete(timer)
      fork()
    }, delay)
    pendingForks.add(timer)
  }

  /** Resolves true when the worker stopped by itself, false when it had to be killed. */
  async function stopWorker (worker: Worker, state: WorkerState): Promise<boolean> {
    state.stopping = true
    const exited = once(worker, 'exit')
    let killed = false
    const timer = setTimeout(() => {
      killed = true
      log.error({ workerPid: worker.process.pid, grace: config.SHUTDOWN_GRACE }, 'worker did not stop within SHUTDOWN_GRACE; killing it')
      worker.process.kill('SIGKILL')
    }, config.SHUTDOWN_GRACE)
    // A signal, not a message: a worker still starting has no listener yet and simply dies, which is right.
    worker.process.kill('SIGTERM')
    await exited
    clearTimeout(timer)
    return !killed
  }

  async function stopAll (): Promise<boolean> {
    stopping = true
    for (const timer of pendingForks) clearTimeout(timer)
    pendingForks.clear()
    const results = await Promise.all([...workers].map(([worker, state]) => stopWorker(worker, state)))
    return results.every(Boolean)
  }

  async function rollingRestart (): Promise<void> {
    if (restarting || stopping) return
    restarting = true
    log.info({ workers: workers.size }, 'rolling restart: replacing the workers one at a time')
    for (const [old, oldState] of [...workers]) {
      if (stopping) break
      if (!workers.has(old)) continue
      const [, replacement] = fork()
      if (!await replacement.ready) {
        log.error('rolling restart stopped: the new worker failed at start-up, the old workers keep serving')
        restarting = false
        return
      }
      // The old worker may have died meanwhile; its replacement is the one just started.
      if (workers.has(old)) await stopWorker(old, oldState)
    }
    restarting = false
    if (!stopping) log.info('rolling restart done')
  }

  const onStopSignal = (signal: NodeJS.Signals) => {
    if (stopping) return
    log.info({ signal }, 'stopping: workers finish their requests and exit')
    stopAll().then((clean) => finish(clean ? 0 : 1))
  }
  process.on('SIGTERM', onStopSignal)
  process.on('SIGINT', onStopSignal)
  process.on('SIGHUP', () => {
    rollingRestart().catch((error: unknown) => log.error({ err: error }, 'rolling restart failed'))
  })

  log.info({ workers: config.WORKERS }, 'primary started')
  for (let i = 0; i < config.WORKERS; i++) fork()

  const outcome = await finished
  if (outcome instanceof StartupError) throw outcome
  log.info({ code: outcome }, 'primary stopped')
  return outcome
}
