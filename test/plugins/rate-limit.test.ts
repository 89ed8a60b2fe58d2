import { test } from 'tap'
import { buildTestApp } from '../helper.js'
import { seedUser, TEST_PASSWORD } from '../sessions/client.js'

const ada = { name: 'Ada', password: TEST_PASSWORD }

test('every route answers 429 with Retry-After past RATE_LIMIT_MAX a minute', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: '3' })
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ url: '/users' })).statusCode, 200)
  const limited = await app.inject({ url: '/cookie' })
  t.equal(limited.statusCode, 429, 'the limit counts every route')
  t.match(limited.headers['retry-after'], /^\d+$/)
  t.match(limited.json(), { statusCode: 429, error: 'Too Many Requests', requestId: limited.headers['x-request-id'] })
  const other = await app.inject({ url: '/users', remoteAddress: '10.0.0.2' })
  t.equal(other.statusCode, 200, 'another address has its own count')
})

test('POST /login answers 429 with Retry-After past LOGIN_RATE_LIMIT_MAX a minute', async (t) => {
  const app = await buildTestApp(t, { LOGIN_RATE_LIMIT_MAX: '2' })
  await seedUser(app, 'Ada')
  for (let i = 0; i < 2; i++) {
    t.equal((await app.inject({ method: 'POST', url: '/login', payload: ada })).statusCode, 200)
  }
  const limited = await app.inject({ method: 'POST', url: '/login', payload: ada })
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['retry-after'], /^\d+$/)
  t.equal(limited.cookies.length, 0, 'no session')
  const bad = await app.inject({ method: 'POST', url: '/login', payload: { name: '' } })
  t.equal(bad.statusCode, 429, 'failed attempts count too: the limit comes before the body is read')
  t.equal((await app.inject({ url: '/users' })).statusCode, 200, 'other routes are not affected')
  t.equal((await app.inject({ method: 'POST', url: '/login', payload: ada, remoteAddress: '10.0.0.2' })).statusCode, 200, 'per address')
})

test('0 turns a limit off', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: '0', LOGIN_RATE_LIMIT_MAX: '0' })
  await seedUser(app, 'Ada')
  const statuses: number[] = []
  for (let i = 0; i < 30; i++) statuses.push((await app.inject({ method: 'POST', url: '/login', payload: ada })).statusCode)
  t.same(statuses, Array(30).fill(200), '30 logins in a row pass')
  t.notOk((await app.inject({ url: '/users' })).headers['x-ratelimit-limit'], 'no limit headers')
})

test('with the login limit off, POST /login still obeys the global limit', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: '2', LOGIN_RATE_LIMIT_MAX: '0' })
  await seedUser(app, 'Ada')
  for (let i = 0; i < 2; i++) t.equal((await app.inject({ method: 'POST', url: '/login', payload: ada })).statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/login', payload: ada })).statusCode, 429)
})

test('/health/live and /health/ready are never rate-limited, so a busy address cannot take a healthy host out of rotation', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: '2' })
  for (let i = 0; i < 2; i++) t.equal((await app.inject({ url: '/users' })).statusCode, 200)
  t.equal((await app.inject({ url: '/users' })).statusCode, 429, 'the address is over its limit')
  for (let i = 0; i < 5; i++) {
    const live = await app.inject({ url: '/health/live' })
    const ready = await app.inject({ url: '/health/ready' })
    t.same([live.statusCode, ready.statusCode], [200, 200], `health checks answer (${i + 1})`)
    t.notOk(live.headers['x-ratelimit-limit'], 'no limit on them')
  }
})
