// A scrape of the cluster's METRICS_PORT is answered by the primary with the sum over the workers.
import { once } from 'node:events'
import { createServer } from 'node:net'
import t, { test } from 'tap'
import { exitOf, sample } from '../helper.js'
import { CLUSTER_FILE_TIMEOUT_MS, runCluster, send, startCluster } from './cluster-process.js'

t.setTimeout(CLUSTER_FILE_TIMEOUT_MS)

test('requests are summed over the workers; memory, event loop and dependencies are per worker', async (t) => {
  const cluster = await startCluster(t, { METRICS_PORT: '0' })
  const [line] = await cluster.waitForLog((each) => each.msg.startsWith('Metrics at '))
  t.equal(line!.name, 'primary', 'the primary listens for scrapes')
  const metricsUrl = line!.msg.slice('Metrics at '.length)

  // One connection per request, so the primary spreads them over both workers.
  for (let i = 0; i < 20; i++) t.equal((await send(`${cluster.url}/health/live`, 'GET')).status, 200)
  const servedBy = new Set(cluster.log().filter((each) => each.msg === 'request completed' && each.url === '/health/live').map((each) => each.pid))
  t.equal(servedBy.size, 2, 'both workers served some')

  const text = await (await fetch(metricsUrl)).text()
  t.equal(sample(text, 'http_requests_total{method="GET",route="/health/live",status_class="2xx"}'), 20, 'the sum over both workers')
  t.equal(sample(text, 'http_request_duration_seconds_count{method="GET",route="/health/live",status_class="2xx"}'), 20)
  t.equal(sample(text, 'cluster_workers_ready'), 2)
  t.equal(sample(text, 'cluster_workers_scraped'), 2)
  for (const pid of cluster.pids) {
    t.type(sample(text, `process_resident_memory_bytes{worker="${pid}"}`), 'number', `memory of worker ${pid}`)
    t.type(sample(text, `nodejs_eventloop_lag_p99_seconds{worker="${pid}"}`), 'number', `event loop of worker ${pid}`)
    t.equal(sample(text, `dependency_up{worker="${pid}",dependency="database"}`), 1, `worker ${pid} reaches the database`)
  }
  t.equal((await send(`${cluster.url}/metrics`, 'GET')).status, 404, 'not on the public port')
})

test('a busy METRICS_PORT stops the primary with one line before any worker starts', async (t) => {
  const blocker = createServer().listen(0, '127.0.0.1')
  await once(blocker, 'listening')
  t.teardown(() => blocker.close())
  const { port } = blocker.address() as { port: number }
  const cluster = runCluster(t, { METRICS_PORT: String(port) })
  t.equal((await exitOf(cluster.child)).code, 1)
  t.equal(cluster.output(), `Cannot listen on 127.0.0.1:${port} for METRICS_PORT: the address is already in use (EADDRINUSE); choose another METRICS_PORT\n`)
})
