import { once } from 'node:events'
import { createServer } from 'node:net'
import { test } from 'tap'
import { buildLoggedApp, exitOf, runServer, sample } from '../helper.js'

test('GET /metrics on METRICS_PORT: requests by route and status class, latency, in flight, dependencies, process', async (t) => {
  const { app, waitForRecord } = await buildLoggedApp(t, { METRICS_PORT: '0' })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const origin = String(/^Metrics at (\S+)\/metrics$/.exec((await waitForRecord((line) => line.msg.startsWith('Metrics at '))).msg)?.[1])
  t.match(origin, /^http:\/\/127\.0\.0\.1:\d+$/, 'on METRICS_HOST, 127.0.0.1 by default')

  for (let i = 0; i < 3; i++) await app.inject({ url: '/users/1' })
  await app.inject({ url: '/users/abc' })
  await app.inject({ url: '/no/such/path' })
  t.equal((await app.inject({ url: '/metrics' })).statusCode, 404, 'never on the public port')

  const response = await fetch(`${origin}/metrics`)
  t.equal(response.status, 200)
  t.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/)
  const text = await response.text()
  const pid = process.pid
  t.equal(sample(text, 'http_requests_total{method="GET",route="/users/:id",status_class="4xx"}'), 4, 'by route pattern, not by URL')
  t.equal(sample(text, 'http_requests_total{method="GET",route="unmatched",status_class="4xx"}'), 2, 'unknown paths share one series')
  t.equal(sample(text, 'http_request_duration_seconds_count{method="GET",route="/users/:id",status_class="4xx"}'), 4)
  t.ok(sample(text, 'http_request_duration_seconds_bucket{le="10",method="GET",route="/users/:id",status_class="4xx"}') === 4, 'a histogram')
  t.equal(sample(text, 'http_requests_in_flight'), 0)
  t.equal(sample(text, `load_shedding{worker="${pid}"}`), 0)
  t.equal(sample(text, `dependency_up{worker="${pid}",dependency="database"}`), 1)
  t.equal(sample(text, `dependency_up{worker="${pid}",dependency="session_store"}`), 1)
  t.type(sample(text, `dependency_ping_seconds{worker="${pid}",dependency="database"}`), 'number')
  for (const name of ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_p99_seconds']) {
    t.type(sample(text, `${name}{worker="${pid}"}`), 'number', `${name} per worker`)
  }
  t.notMatch(text, /metrics"/, 'the scrapes themselves are not counted as requests to the service')

  t.equal((await fetch(`${origin}/other`)).status, 404)
  const post = await fetch(`${origin}/metrics`, { method: 'POST' })
  t.equal(post.status, 405)
  t.equal(post.headers.get('allow'), 'GET, HEAD')

  await app.db.destroy()
  t.equal(sample(await (await fetch(`${origin}/metrics`)).text(), `dependency_up{worker="${pid}",dependency="database"}`), 0, 'a database that does not answer')
})

test('without METRICS_PORT nothing listens for metrics', async (t) => {
  const { app, records } = await buildLoggedApp(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  t.notOk(records().some((line) => line.msg.startsWith('Metrics at ')))
  t.equal((await app.inject({ url: '/metrics' })).statusCode, 404)
})

test('a busy METRICS_PORT stops start-up with one line', async (t) => {
  const blocker = createServer().listen(0, '127.0.0.1')
  await once(blocker, 'listening')
  t.teardown(() => blocker.close())
  const port = (blocker.address() as { port: number }).port
  const server = runServer({ HOST: '127.0.0.1', PORT: '0', DATABASE_URL: 'sqlite::memory:', METRICS_PORT: String(port) })
  t.equal((await exitOf(server.child)).code, 1)
  t.equal(server.output(), `Cannot listen on 127.0.0.1:${port} for METRICS_PORT: the address is already in use (EADDRINUSE); choose another METRICS_PORT\n`)
})
