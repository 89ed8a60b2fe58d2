import { request } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from 'tap'
import { exitOf, startServer } from './helper.js'
import { TEST_PASSWORD } from './sessions/client.js'

test('SIGTERM lets an in-flight request finish, then exits 0', async (t) => {
  const server = await startServer(t)
  const { hostname, port } = new URL(server.url)
  const body = JSON.stringify({ name: 'in flight', password: TEST_PASSWORD })

  // A request whose body arrives slowly is in flight when the signal comes.
  const response = new Promise<{ status: number, body: string }>((resolve, reject) => {
    const req = request({ hostname, port, method: 'POST', path: '/users', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => { text += chunk.toString() })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.write(body.slice(0, 5))
    setTimeout(() => {
      server.child.kill('SIGTERM')
      setTimeout(() => req.end(body.slice(5)), 500)
    }, 200)
  })

  const answered = await response
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
  await sleep(50)
  await t.rejects(fetch(`${server.url}/health/live`), 'nothing listens any more')
})
