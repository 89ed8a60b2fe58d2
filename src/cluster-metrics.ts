// The primary's answer to a scrape: every ready worker's metrics, summed by prom-client's AggregatorRegistry.
import cluster, { type Worker } from 'node:cluster'
import { AggregatorRegistry, Gauge, type MetricObjectWithValues, type MetricValue, Registry } from 'prom-client'
import type { MetricsSource } from './metrics-server.js'
import type { MetricsReport, MetricsRequest } from './plugins/metrics.js'

/** A worker that has not answered by then (its event loop is stuck) is left out of that scrape. */
export const WORKER_ANSWER_TIMEOUT_MS = 3000

type Metrics = Array<MetricObjectWithValues<MetricValue<string>>>

function isReport (message: unknown, id: number): message is MetricsReport {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'metrics-report' && (message as { id?: unknown }).id === id
}

/** Asks the workers and gives the reports that came back in time. */
async function askWorkers (workers: Worker[], id: number): Promise<Metrics[]> {
  const reports: Metrics[] = []
  if (workers.length === 0) return reports
  await new Promise<void>((resolve) => {
    const waiting = new Set(workers)
    const timer = setTimeout(() => { for (const worker of [...waiting]) settle(worker) }, WORKER_ANSWER_TIMEOUT_MS)
    const settle = (worker: Worker) => {
      waiting.delete(worker)
      if (waiting.size > 0) return
      clearTimeout(timer)
      cluster.off('message', onMessage)
      cluster.off('exit', settle)
      resolve()
    }
    const onMessage = (worker: Worker, message: unknown) => {
      if (!isReport(message, id)) return
      reports.push(message.metrics)
      settle(worker)
    }
    cluster.on('message', onMessage)
    cluster.on('exit', settle)
    const request: MetricsRequest = { type: 'metrics-request', id }
    for (const worker of workers) worker.send(request)
  })
  return reports
}

/** The scrape source of the primary; `readyPids` are the workers that listen (others cannot answer yet). */
export function clusterMetricsSource (readyPids: () => Set<number>): MetricsSource {
  const own = new Registry()
  const ready = new Gauge({ name: 'cluster_workers_ready', help: 'Workers listening for requests', registers: [own] })
  const answered = new Gauge({ name: 'cluster_workers_scraped', help: 'Workers whose metrics this scrape includes', registers: [own] })
  let nextId = 0
  return {
    contentType: own.contentType,
    metrics: async () => {
      const pids = readyPids()
      const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker?.process.pid !== undefined && pids.has(worker.process.pid))
      const reports = await askWorkers(workers, nextId++)
      ready.set(pids.size)
      answered.set(reports.length)
      return await AggregatorRegistry.aggregate([...reports, await own.getMetricsAsJSON()]).metrics()
    }
  }
}
