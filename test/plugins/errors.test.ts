// The error handler on a bare Fastify instance: one JSON shape, masked 5xx, 503 for outages, 404/405.
import accepts from '@fastify/accepts'
import sensible from '@fastify/sensible'
import Fastify from 'fastify'
import { Kysely, sql } from 'kysely'
import { test, type Test } from 'tap'
import { createDialect } from '../../src/db/dialect.js'
import errorsPlugin from '../../src/plugins/errors.js'
import { SessionStoreUnavailableError } from '../../src/sessions/store.js'

async function bareApp (t: Test) {
  const logged: Array<{ level: number, msg: string }> = []
  const app = Fastify({ logger: { level: 'info', stream: { write: (line: string) => { logged.push(JSON.parse(line)) } } } })
  await app.register(sensible)
  await app.register(accepts)
  await app.register(errorsPlugin, { notFoundPage: async () => '<h1>Page not found</h1>' })
  t.teardown(() => app.close())
  return { app, logged }
}

test('an error that is not made to be shown is a 500 with a generic message; the details go to the log', async (t) => {
  const { app, logged } = await bareApp(t)
  app.get('/boom', async () => { throw new Error('secret internals at /srv/app.ts:12') })
  const response = await app.inject({ url: '/boom' })
  t.equal(response.statusCode, 500)
  // requestId: Fastify's own first id on this bare instance.
  t.same(response.json(), { statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error: something went wrong on our side', requestId: 'req-1' })
  t.notMatch(response.body, /secret|\.ts/, 'nothing of the error reaches the client')
  t.ok(logged.some((line) => line.level === 50 && line.msg === 'request failed'), 'logged at error level')
})

test('an error made to be shown keeps its status and message, 5xx included; a 5xx not made to be shown is masked', async (t) => {
  const { app } = await bareApp(t)
  app.get('/conflict', async () => { throw app.httpErrors.conflict('that name is taken') })
  app.get('/shown', async () => { throw app.httpErrors.createError(502, 'the upstream answered nonsense', { expose: true }) })
  app.get('/hidden', async () => { throw app.httpErrors.badGateway('upstream 10.0.0.7 said: stack dump') })
  t.match((await app.inject({ url: '/conflict' })).json(), { statusCode: 409, error: 'Conflict', message: 'that name is taken' })
  t.match((await app.inject({ url: '/shown' })).json(), { statusCode: 502, error: 'Bad Gateway', message: 'the upstream answered nonsense' })
  t.match((await app.inject({ url: '/hidden' })).json(), { statusCode: 502, error: 'Bad Gateway', message: 'Bad Gateway: something went wrong on our side' })
})

test('a database or session store outage is a 503 with Retry-After and no internals', async (t) => {
  const { app } = await bareApp(t)
  // A real driver error: nothing listens on port 1.
  const down = new Kysely({ dialect: createDialect('postgres://postgres@127.0.0.1:1/test', { poolSize: 1, logger: { warn: () => {} } }) })
  t.teardown(() => down.destroy())
  app.get('/database', async () => sql`select 1`.execute(down))
  app.get('/store', async () => { throw new SessionStoreUnavailableError(new Error('connect ECONNREFUSED 127.0.0.1:6379')) })
  for (const url of ['/database', '/store']) {
    const response = await app.inject({ url })
    t.equal(response.statusCode, 503, url)
    t.match(response.headers['retry-after'], /^\d+$/, `${url}: Retry-After`)
    t.match(response.json(), { statusCode: 503, error: 'Service Unavailable', message: /not available/ }, url)
    t.notMatch(response.body, /ECONNREFUSED|127\.0\.0\.1/, `${url}: no internals`)
  }
})

test('validation errors are 400 with Fastify\'s code; unknown paths 404; a known path with another method 405', async (t) => {
  const { app } = await bareApp(t)
  app.post('/things', { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, async () => ({}))
  const invalid = await app.inject({ method: 'POST', url: '/things', payload: {} })
  t.match(invalid.json(), { statusCode: 400, error: 'Bad Request', code: 'FST_ERR_VALIDATION', message: /name/ })
  t.match((await app.inject({ url: '/nowhere' })).json(), { statusCode: 404, code: 'FST_ERR_NOT_FOUND' })
  const wrongMethod = await app.inject({ method: 'DELETE', url: '/things' })
  t.equal(wrongMethod.statusCode, 405)
  t.equal(wrongMethod.headers.allow, 'POST')
})
