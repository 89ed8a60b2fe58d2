// A cluster worker's side: tell the primary when it listens or cannot start, and stop gracefully on SIGTERM.
import cluster from 'node:cluster'
import { Server } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { App } from './app.js'
import type { WorkerMessage } from './cluster.js'

/** Logged when a stop begins, in a worker or a single process: requests in flight still finish. */
export const STOPPING_MESSAGE = 'stopping: finishing in-flight requests'

/** Longest wait for keep-alive connections to leave by themselves before the rest are closed. */
const KEEP_ALIVE_DRAIN_MS = 1000

async function tellPrimary (message: WorkerMessage): Promise<void> {
  await new Promise<void>((resolve) => {
    if (process.send === undefined) resolve()
    else process.send(message, undefined, undefined, () => resolve())
  })
}

export const reportReady = async () => tellPrimary({ type: 'ready' })
export const reportStartupError = async (message: string) => tellPrimary({ type: 'startup-error', message })

/**
 * Stops in this order so that no request the primary hands over is dropped: stop accepting
 * (the primary sends new connections to the other workers), let keep-alive connections finish
 * with `Connection: close`, close the app (in-flight requests, then the database), and only then
 * leave the cluster. http's own close() destroys idle keep-alive connections at once, which races
 * clients about to send on them, so it comes last.
 */
export function stopOnSigterm (app: App, grace: number, flushLog: () => void): void {
  let stopping = false
  app.server.prependListener('request', (request, response) => {
    // HTTP/2 forbids the header; there the session's GOAWAY from app.close() does the same.
    if (stopping && request.httpVersionMajor !== 2) response.setHeader('connection', 'close')
  })
  process.on('SIGTERM', () => {
    if (stopping) return
    stopping = true
    stop(app, grace).finally(flushLog)
  })
  // A terminal's Ctrl-C or hang-up reaches the whole process group; the primary decides what they mean.
  process.on('SIGINT', () => {})
  process.on('SIGHUP', () => {})
}

async function stop (app: App, grace: number): Promise<void> {
  app.log.info(STOPPING_MESSAGE)
  const drained = new Promise<void>((resolve) => { Server.prototype.close.call(app.server, () => resolve()) })
  await Promise.race([drained, sleep(Math.min(KEEP_ALIVE_DRAIN_MS, grace / 2), undefined, { ref: false })])
  try {
    await app.close()
  } catch (error) {
    app.log.error({ err: error }, 'closing failed')
    process.exitCode = 1
  }
  cluster.worker?.disconnect()
}
