// SIGTERM to the primary stops the cluster gracefully, killing a worker still busy after SHUTDOWN_GRACE.
import t, { test } from 'tap'
import { STOPPING_MESSAGE } from '../../src/cluster-worker.js'
import { exitOf, requestInFlight } from '../helper.js'
import { CLUSTER_FILE_TIMEOUT_MS, startCluster } from './cluster-process.js'
import { TEST_PASSWORD } from '../sessions/client.js'

t.setTimeout(CLUSTER_FILE_TIMEOUT_MS)

const slowPost = (url: string, name: string) => requestInFlight(url, '/users', JSON.stringify({ name, password: TEST_PASSWORD }))

test('SIGTERM with a slow request in flight: it completes with 201, the workers exit 0, then the primary', async (t) => {
  const cluster = await startCluster(t)
  const slow = slowPost(cluster.url, 'in flight')
  await slow.accepted

  cluster.child.kill('SIGTERM')
  await cluster.waitForLog((line) => line.msg === STOPPING_MESSAGE, 2)
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
  await stuck.accepted

  cluster.child.kill('SIGTERM')
  const [killed] = await cluster.waitForLog((line) => line.msg === 'worker did not stop within SHUTDOWN_GRACE; killing it')
  const { code } = await exitOf(cluster.child)
  t.equal(code, 1, 'not a clean stop')
  const exits = cluster.log().filter((line) => line.msg === 'worker exited')
  t.same(exits.map((line) => line.signal).sort(), ['SIGKILL', null], 'the idle worker stopped by itself, the busy one was killed')
  t.equal(exits.find((line) => line.signal === 'SIGKILL')?.workerPid, killed!.workerPid, 'the worker killed is the one that did not stop by itself')
})
