import { buildTestApp, testEachDatabase } from '../../helper.js'

testEachDatabase('live answers 200 and ready checks the database', async (t, env) => {
  const app = await buildTestApp(t, env)
  const live = await app.inject({ url: '/health/live' })
  t.equal(live.statusCode, 200)
  t.same(live.json(), { status: 'ok' })

  const ready = await app.inject({ url: '/health/ready' })
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ok' })

  await app.db.destroy()
  const down = await app.inject({ url: '/health/ready' })
  t.equal(down.statusCode, 503)
  t.match(down.json(), { statusCode: 503, error: 'Service Unavailable' })
  t.notMatch(down.body, /at .*\.ts|driver has already been destroyed/, 'no internals leak')
})
