import { test } from 'tap'
import { tlsEnv } from '../certificates.js'
import { buildLoggedApp, buildTestApp, TEST_SECRET } from '../helper.js'
import { login, logout, readSession, SESSION_COOKIE, sessionIdOf, TEST_PASSWORD } from '../sessions/client.js'
import { certificates, h2Request, h2Session } from '../tls-client.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

test('a valid incoming X-Request-Id is kept; a missing or invalid one is replaced by a new one', async (t) => {
  const app = await buildTestApp(t)
  const kept = await app.inject({ url: '/health/live', headers: { 'x-request-id': 'lb-1.2:abc_DEF-9' } })
  t.equal(kept.headers['x-request-id'], 'lb-1.2:abc_DEF-9')
  const longest = 'a'.repeat(128)
  t.equal((await app.inject({ url: '/health/live', headers: { 'x-request-id': longest } })).headers['x-request-id'], longest, '128 characters are allowed')

  const generated = new Set<string>()
  for (const given of [undefined, '', 'a'.repeat(129), 'has space', 'new\nline', 'semi;colon', 'ü']) {
    const response = await app.inject({ url: '/health/live', headers: given === undefined ? {} : { 'x-request-id': given } })
    const id = String(response.headers['x-request-id'])
    t.match(id, UUID, `${JSON.stringify(given)} is replaced`)
    generated.add(id)
  }
  t.equal(generated.size, 7, 'each generated id is new')
})

test('every answer carries X-Request-Id, and every JSON error has it as requestId', async (t) => {
  const app = await buildTestApp(t, { RATE_LIMIT_MAX: '3' })
  const answers = [
    await app.inject({ url: '/users' }),
    await app.inject({ url: '/no/such/path' }),
    await app.inject({ url: '/no/such/path', headers: { accept: 'text/html' } }),
    await app.inject({ method: 'DELETE', url: '/users' }),
    await app.inject({ method: 'POST', url: '/users', payload: '{"name":', headers: { 'content-type': 'application/json' } }),
    await app.inject({ url: '/users/abc' })
  ]
  t.same(answers.map((answer) => answer.statusCode), [200, 404, 404, 405, 429, 429], 'the rate limit answers too')
  for (const answer of answers) {
    const id = answer.headers['x-request-id']
    t.match(id, UUID, `${answer.statusCode} has an id`)
    if (answer.statusCode >= 400 && answer.headers['content-type']?.toString().startsWith('application/json') === true) {
      t.equal(answer.json().requestId, id, `the ${answer.statusCode} body names it`)
    }
  }
  const bad = await buildTestApp(t)
  const undecodable = await bad.inject({ url: '/users/%E0%A4%A', headers: { 'x-request-id': 'bad-url-1' } })
  t.equal(undecodable.statusCode, 400, 'a URL that does not decode, refused before any hook')
  t.equal(undecodable.headers['x-request-id'], 'bad-url-1')
  t.equal(undecodable.json().requestId, 'bad-url-1')
  const invalid = await bad.inject({ method: 'POST', url: '/users', payload: '{"name":', headers: { 'content-type': 'application/json', 'x-request-id': 'trace-400' } })
  t.match(invalid.json(), { statusCode: 400, requestId: 'trace-400' })
  t.equal(invalid.headers['x-request-id'], 'trace-400')
})

test('over HTTP/2 too', async (t) => {
  const app = await buildTestApp(t, tlsEnv(certificates, { HTTP2: 'true' }))
  const origin = new URL(await app.listen({ host: '127.0.0.1', port: 0 }))
  const session = await h2Session(t, origin)
  const kept = await h2Request(session, { ':path': '/health/live', 'x-request-id': 'h2-trace' })
  t.equal(kept.headers['x-request-id'], 'h2-trace')
  const missing = await h2Request(session, { ':path': '/missing' })
  t.equal(missing.status, 404)
  t.match(missing.headers['x-request-id'], UUID)
  t.equal(JSON.parse(missing.body).requestId, missing.headers['x-request-id'])
})

test('one line per request when it is done, with the fields an operator needs and nothing a client sent in secret', async (t) => {
  const { app, text, records } = await buildLoggedApp(t, { TRUST_PROXY: 'true' })
  const cookie = await login(t, app, 'Ada')
  t.equal((await readSession(app, cookie)).statusCode, 200)
  t.equal((await logout(app, cookie)).statusCode, 204)
  const failed = await app.inject({
    method: 'POST',
    url: '/users',
    headers: { authorization: 'Bearer token-xyz', cookie: `${SESSION_COOKIE}=${cookie}`, 'x-forwarded-for': '203.0.113.7', 'x-request-id': 'failed-1' },
    // Refused for the extra property, after the parser has read the password it carries.
    payload: { name: 'Bob', password: 'correct horse battery staple', admin: true }
  })
  t.equal(failed.statusCode, 400)

  const lines = records().filter((line) => line.msg === 'request completed')
  t.same(lines.map((line) => [line.method, line.route, line.statusCode]), [
    ['POST', '/users', 201], ['POST', '/login', 200], ['GET', '/session', 200], ['POST', '/logout', 204], ['POST', '/users', 400]
  ], 'one line each, in order (login() registers Ada first)')
  const last = lines[4]!
  t.match(last, { level: 30, reqId: 'failed-1', url: '/users', remoteAddress: '203.0.113.7', responseSize: Number(failed.headers['content-length']) })
  t.type(last.durationMs, 'number')
  t.notOk(records().some((line) => line.msg === 'incoming request'), 'no second line per request')

  const everything = text()
  for (const secret of [cookie, sessionIdOf(cookie), 'token-xyz', 'correct horse battery staple', TEST_PASSWORD, TEST_SECRET]) {
    t.notOk(everything.includes(secret), `the log never holds ${secret.slice(0, 12)}…`)
  }
  t.notMatch(everything, /set-cookie|"cookie"|authorization|"headers"/i, 'no headers at all')
})

test('request.log binds the request id when something logs through it, and writes nothing below the level', async (t) => {
  const { app, records } = await buildLoggedApp(t, { LOG_LEVEL: 'warn' })
  app.get('/log-test', async (request) => {
    request.log.info('not written at warn')
    request.log.warn({ detail: 1 }, 'written')
    request.log.child({ part: 'x' }).error('from a child')
    return { level: request.log.level }
  })
  const response = await app.inject({ url: '/log-test', headers: { 'x-request-id': 'log-1' } })
  t.same(response.json(), { level: 'warn' })
  const lines = records().filter((line) => line.reqId === 'log-1')
  t.match(lines, [{ level: 40, msg: 'written', detail: 1 }, { level: 50, msg: 'from a child', part: 'x' }])
  t.equal(lines.length, 2, 'nothing at info, and no request line at warn')
})
