import { test } from 'tap'
import { STOPPING_MESSAGE } from '../src/cluster-worker.js'
import { exitOf, requestInFlight, startServer } from './helper.js'
import { TEST_PASSWORD } from './sessions/client.js'

test('SIGTERM lets an in-flight request finish, then exits 0', async (t) => {
  const server = await startServer(t)
  // A request whose body arrives slowly is in flight when the signal comes.
  const inFlight = requestInFlight(server.url, '/users', JSON.stringify({ name: 'in flight', password: TEST_PASSWORD }))
  await inFlight.accepted
  server.child.kill('SIGTERM')
  await server.waitForOutput((output) => output.includes(STOPPING_MESSAGE) || undefined)
  inFlight.finish()

  const answered = await inFlight.answer
  t.equal(answered.status, 201, 'the in-flight request completed')
  t.equal(JSON.parse(answered.body).name, 'in flight')
  const { code, signal } = await exitOf(server.child)
  t.equal(code, 0, 'exit 0')
  t.equal(signal, null)
})

test('SIGINT stops an idle server with exit 0 and the listening socket is gone', async (t) => {
  const server = await startServer(t)
  server.child.kill('SIGINT')
  const { code } = await exitOf(server.child)
  t.equal(code, 0)
  await t.rejects(fetch(`${server.url}/health/live`), 'nothing listens any more')
})
