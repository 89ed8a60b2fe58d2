import { setTimeout, setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { test } from 'tap'
import type { App } from '../../src/app.js'
import { SAMPLE_INTERVAL_MS } from '../../src/plugins/load-shedding.js'
import { buildLoggedApp } from '../helper.js'

/** Asks until the answer's status is the one wanted; each request lets the event loop turn (and the sampler run). */
async function untilStatus (app: App, url: string, status: number) {
  // A bound, not a wait: on a starved machine recovery can take a few sampling intervals.
  const deadline = Date.now() + 60 * SAMPLE_INTERVAL_MS
  for (;;) {
    const response = await app.inject({ url })
    if (response.statusCode === status) return response
    if (Date.now() > deadline) throw new Error(`${url} still answers ${response.statusCode}, not ${status}`)
    await yieldToEventLoop()
  }
}

/** A real blocking loop: the event loop cannot turn until it ends, as under a CPU-bound overload. */
function blockEventLoop (ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end);
}

test('past MAX_EVENT_LOOP_DELAY every route answers 503 with Retry-After, ready is 503, live still 200; then it recovers', async (t) => {
  // The delay is a mean over a sampling interval of 10 ms samples, so one long block counts as about 1/50 of itself.
  const { app, records, waitForRecord } = await buildLoggedApp(t, { MAX_EVENT_LOOP_DELAY: '20' })
  await untilStatus(app, '/users', 200)

  // Longer than a sampling interval, so the sample taken right after it sees the whole delay.
  blockEventLoop(4 * SAMPLE_INTERVAL_MS)
  const shed = await untilStatus(app, '/users', 503)
  t.equal(shed.headers['retry-after'], '5')
  t.match(shed.json(), { statusCode: 503, code: 'OVERLOADED', message: /overloaded/, requestId: shed.headers['x-request-id'] })
  t.equal((await app.inject({ url: '/health/ready' })).statusCode, 503, 'not ready while shedding, so the load balancer moves traffic away')
  const live = await app.inject({ url: '/health/live' })
  t.equal(live.statusCode, 200, 'live keeps answering')
  t.equal((await app.inject({ url: '/no/such/path' })).statusCode, 503, 'unknown paths are shed too')

  await untilStatus(app, '/users', 200)
  t.equal((await app.inject({ url: '/health/ready' })).statusCode, 200, 'ready again')
  const lines = records()
  t.equal(lines.filter((line) => line.msg.startsWith('shedding load')).length, 1, 'one warning when shedding starts')
  t.match(lines.find((line) => line.msg.startsWith('shedding load')), { level: 40, pressure: 'eventLoopDelay' })
  // Written by the next recovery check, a sampling interval at most after the first 200.
  t.ok(await waitForRecord((line) => line.msg === 'load shedding stopped'), 'and a line when it stops')
  t.notOk(lines.some((line) => line.level >= 50), 'no error-level line for a refused request')
})

test('0 turns every threshold off', async (t) => {
  const { app } = await buildLoggedApp(t, { MAX_EVENT_LOOP_DELAY: '0', MAX_HEAP_BYTES: '0', MAX_RSS_BYTES: '0' })
  blockEventLoop(4 * SAMPLE_INTERVAL_MS)
  // Wait until the sampler has measured the delay, which was over the threshold of the test above.
  while (app.memoryUsage().eventLoopDelay < 20) await setTimeout(10)
  t.equal((await app.inject({ url: '/users' })).statusCode, 200)
  t.equal(app.isUnderPressure(), false)
})

test('a heap threshold below what is in use sheds at once', async (t) => {
  const { app } = await buildLoggedApp(t, { MAX_HEAP_BYTES: '1024', MAX_EVENT_LOOP_DELAY: '0' })
  const shed = await untilStatus(app, '/users', 503)
  t.match(shed.json(), { code: 'OVERLOADED' })
  t.equal((await app.inject({ url: '/health/live' })).statusCode, 200)
})
