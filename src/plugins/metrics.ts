// Prometheus metrics (prom-client): requests by route and status class, in flight, load shedding, dependency health, process.
import { performance } from 'node:perf_hooks'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { collectDefaultMetrics, Counter, Gauge, Histogram, type MetricObjectWithValues, type MetricValue, Registry } from 'prom-client'
import { startMetricsServer } from '../metrics-server.js'

/** What a worker answers when the primary asks for its metrics, and what the primary asks with. */
export interface MetricsRequest { type: 'metrics-request', id: number }
export interface MetricsReport { type: 'metrics-report', id: number, metrics: Array<MetricObjectWithValues<MetricValue<string>>> }

export function isMetricsRequest (message: unknown): message is MetricsRequest {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'metrics-request'
}

export interface MetricsPluginOptions {
  /** Where to listen (a single process); absent in a cluster worker, whose primary listens and asks it. */
  listen?: { host: string, port: number }
}

/** Seconds; from a fast cached read to a request that waited on a slow database. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

const statusClass = (statusCode: number) => `${Math.floor(statusCode / 100)}xx`

/**
 * The metrics of one process. Request metrics carry no worker label, so the primary's sum over the
 * workers is the service's; per-process ones (memory, event loop, dependencies, shedding) carry
 * `worker` (the pid), because a sum of heaps or a mean of event-loop delays would hide the one
 * worker in trouble.
 */
function createMetrics (app: FastifyInstance) {
  const registry = new Registry()
  const worker = String(process.pid)
  collectDefaultMetrics({ register: registry, labels: { worker } })
  const labelNames = ['method', 'route', 'status_class'] as const
  const requests = new Counter({ name: 'http_requests_total', help: 'Requests answered, by method, route pattern and status class', labelNames, registers: [registry] })
  const durations = new Histogram({ name: 'http_request_duration_seconds', help: 'Time from the request to the end of its response', labelNames, buckets: DURATION_BUCKETS, registers: [registry] })
  const inFlight = new Gauge({ name: 'http_requests_in_flight', help: 'Requests received and not yet answered', registers: [registry] })
  new Gauge({ // eslint-disable-line no-new -- registered by its constructor; read at each scrape
    name: 'load_shedding',
    help: '1 while the process answers 503 because it is overloaded',
    labelNames: ['worker'],
    registers: [registry],
    collect () { this.set({ worker }, app.isSheddingLoad() ? 1 : 0) }
  })
  // One ping per dependency per scrape, never per request (the session store's ping is bounded in time);
  // both gauges read the same round, as prom-client collects the metrics of a scrape at once.
  let round: Promise<Array<{ dependency: string, up: number, seconds: number }>> | undefined
  const pingDependencies = () => {
    round ??= Promise.all(Object.entries({ database: app.pingDatabase, session_store: app.sessionStore.ping }).map(async ([dependency, ping]) => {
      const start = performance.now()
      const up = await ping().then(() => 1, () => 0)
      return { dependency, up, seconds: (performance.now() - start) / 1000 }
    })).finally(() => { round = undefined })
    return round
  }
  const dependencyGauge = (name: string, help: string, value: (result: { up: number, seconds: number }) => number) => new Gauge({
    name,
    help,
    labelNames: ['worker', 'dependency'],
    registers: [registry],
    async collect () {
      for (const result of await pingDependencies()) this.set({ worker, dependency: result.dependency }, value(result))
    }
  })
  dependencyGauge('dependency_up', '1 when the dependency answered the ping of this scrape', (result) => result.up)
  dependencyGauge('dependency_ping_seconds', 'Time the ping of this scrape took to answer (or to fail)', (result) => result.seconds)
  return { registry, requests, durations, inFlight }
}

const inFlightSymbol = Symbol('inFlight')
type Tracked = FastifyRequest & { [inFlightSymbol]?: boolean }

export default fp<MetricsPluginOptions>(async (app, { listen }) => {
  const { registry, requests, durations, inFlight } = createMetrics(app)

  app.addHook('onRequest', (request: Tracked, _reply, done) => {
    request[inFlightSymbol] = true
    inFlight.inc()
    done()
  })
  const finished = (request: Tracked) => {
    if (request[inFlightSymbol] !== true) return
    request[inFlightSymbol] = false
    inFlight.dec()
  }
  app.addHook('onResponse', (request: Tracked, reply: FastifyReply, done) => {
    finished(request)
    // The route pattern, never the URL: one series per route, whatever ids or paths clients send.
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_class: statusClass(reply.statusCode) }
    requests.inc(labels)
    durations.observe(labels, reply.elapsedTime / 1000)
    done()
  })
  app.addHook('onRequestAbort', (request: Tracked, done) => {
    finished(request)
    done()
  })

  if (listen !== undefined) {
    app.addHook('onReady', async () => {
      const server = await startMetricsServer(listen.host, listen.port, { contentType: registry.contentType, metrics: () => registry.metrics() }, app.log)
      app.addHook('onClose', async () => server.close())
    })
    return
  }
  // In a cluster worker: the primary asks every ready worker and answers the scrape with the sum.
  const answer = (message: unknown) => {
    if (!isMetricsRequest(message)) return
    registry.getMetricsAsJSON().then((metrics) => {
      const report: MetricsReport = { type: 'metrics-report', id: message.id, metrics }
      process.send?.(report)
    }, (error: unknown) => app.log.error({ err: error }, 'collecting the metrics failed'))
  }
  process.on('message', answer)
  app.addHook('onClose', async () => { process.off('message', answer) })
}, { name: 'metrics', dependencies: ['db', 'session', 'load-shedding'] })
