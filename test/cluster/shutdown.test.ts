// SIGTERM to the primary stops the cluster gracefully, killing a worker still busy after SHUTDOWN_GRACE.
import { type ClientRequest, request } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { test } from 'tap'
import { exitOf } from '../helper.js'
import { type Answer, CLUSTER_FILE_TIMEOUT_MS, startCluster } from './cluster-process.js'
import { TEST_PASSWORD } from '../sessions/client.js'

t.setTimeout(CLUSTER_FILE_TIMEOUT_MS)

/** A POST /users whose body is only partly sent: a request in flight until `finish` is called. */
function slowPost (url: string, name: string) {
  const body = JSON.stringify({ name, password: TEST_PASSWORD })
  let req: ClientRequest | undefined
  const answer = new Promise<Answer>((resolve, reject) => {
    req = request(`${url}/users`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => { text += chunk.toString() })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('error', reject)
    req.write(body.slice(0, 5))
  })
  return { answer, finish: () => req?.end(body.slice(5)) }
}

test('SIGTERM with a slow request in flight: it completes with 201, the workers exit 0, then the primary', async (t) => {
  const cluster = await startCluster(t)
  const slow = slowPost(cluster.url, 'in flight')
  await cluster.waitForLog((line) => line.msg === 'incoming request' && line.req?.method === 'POST')

  cluster.child.kill('SIGTERM')
  await cluster.waitForLog((line) => line.msg === 'stopping: finishing in-flight requests', 2)
  await sleep(300)
  slow.finish()

  const answered = await slow.answer
  t.equal(answered.status, 201, 'the in-flight request completed')
  t.equal(JSON.parse(answered.body).name, 'in flight')
  const { code, signal } = await exitOf(cluster.child)
  t.equal(code, 0, 'the primary exits 0')
  t.equal(signal, null)
  const exits = cluster.log().filter((line) => line.msg === 'worker exited')
  t.same(exits.map((line) => line.code), [0, 0], 'both workers exited by themselves with 0')
  t.notMatch(cluster.output(), /killing it/)
})

test('SIGTERM: a worker still busy after SHUTDOWN_GRACE is killed, that is logged, and the primary exits 1', async (t) => {
  const cluster = await startCluster(t, { SHUTDOWN_GRACE: '2000' })
  const stuck = slowPost(cluster.url, 'never finished')
  stuck.answer.catch(() => {})
  const [incoming] = await cluster.waitForLog((line) => line.msg === 'incoming request' && line.req?.method === 'POST')

  cluster.child.kill('SIGTERM')
  const [killed] = await cluster.waitForLog((line) => line.msg === 'worker did not stop within SHUTDOWN_GRACE; killing it')
  t.equal(killed!.workerPid, incoming!.pid, 'the worker holding the request is the one killed')
  const { code } = await exitOf(cluster.child)
  t.equal(code, 1, 'not a clean stop')
  const exits = cluster.log().filter((line) => line.msg === 'worker exited')
  t.same(exits.map((line) => line.signal).sort(), ['SIGKILL', null], 'the idle worker stopped by itself, the busy one was killed')
})
