// Entry point: read the config, then run the cluster primary, a cluster worker, or a single process.
import cluster from 'node:cluster'
import closeWithGrace from 'close-with-grace'
import pino from 'pino'
import { buildApp } from './app.js'
import { runPrimary } from './cluster.js'
import { reportReady, reportStartupError, STOPPING_MESSAGE, stopOnSigterm } from './cluster-worker.js'
import { loadConfig } from './config.js'
import { describeListenError, StartupError } from './startup-error.js'

/** Mistakes a user can fix get one line and exit code 1, not a stack trace. */
function explainStartupError (error: unknown, config?: { HOST: string, PORT: number }): string | undefined {
  if (error instanceof StartupError) return error.message
  return config === undefined ? undefined : describeListenError(error, config.HOST, config.PORT, 'PORT')
}

async function main (): Promise<void> {
  let config
  try {
    config = loadConfig()
    if (cluster.isPrimary && config.WORKERS > 1) {
      process.exitCode = await runPrimary(config)
      return
    }
    // Log lines are written to stdout asynchronously, so a slow reader of the log never stalls requests;
    // what is still buffered is written out synchronously once the app is closed (and by pino at exit).
    const logStream = pino.destination({ sync: false })
    const flushLog = () => logStream.flushSync()
    // The primary has migrated already; workers must not race on it.
    const app = await buildApp(config, { migrate: cluster.isPrimary, clusterWorker: cluster.isWorker, logger: { stream: logStream } })
    if (cluster.isWorker) {
      stopOnSigterm(app, config.SHUTDOWN_GRACE, flushLog)
    } else {
      closeWithGrace({ delay: config.SHUTDOWN_GRACE, logger: app.log }, async ({ err }) => {
        if (err !== undefined) app.log.error({ err }, 'stopping after an error')
        else app.log.info(STOPPING_MESSAGE)
        await app.close()
        flushLog()
      })
    }
    await app.listen({ host: config.HOST, port: config.PORT })
    if (cluster.isWorker) await reportReady()
  } catch (error) {
    const line = explainStartupError(error, config)
    if (line === undefined) throw error
    // In a worker the primary prints the line once, for the whole cluster.
    if (cluster.isWorker) await reportStartupError(line)
    else process.stderr.write(`${line}\n`)
    process.exit(1)
  }
}

await main()
