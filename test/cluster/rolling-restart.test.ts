// SIGHUP to the primary replaces the workers one at a time while clients see no failed request.
import t, { test } from 'tap'
import { CLUSTER_FILE_TIMEOUT_MS, isReady, startCluster, startLoad } from './cluster-process.js'

t.setTimeout(CLUSTER_FILE_TIMEOUT_MS)

test('SIGHUP under steady load: the workers are replaced one at a time with no failed request', async (t) => {
  const cluster = await startCluster(t)
  const load = startLoad(t, cluster.url)
  await load.succeeds(20)

  cluster.child.kill('SIGHUP')
  await cluster.waitForLog((line) => line.msg === 'rolling restart done')
  // The new workers serve too, not only the last old one to go.
  await load.succeeds(20)
  const result = await load.stop()

  t.same(result.failures, [], 'no request failed')
  t.ok(result.successes.length > 20, `the load kept running (${result.successes.length} requests)`)
  const ready = cluster.log().filter(isReady).map((line) => line.workerPid!)
  const replacements = ready.filter((pid) => !cluster.pids.includes(pid))
  t.equal(replacements.length, 2, 'two new workers')
  const exited = cluster.log().filter((line) => line.msg === 'worker exited')
  t.same(exited.map((line) => line.workerPid).sort(), [...cluster.pids].sort(), 'the old workers stopped')
  t.same(exited.map((line) => line.code), [0, 0], 'gracefully')
  const order = cluster.log().filter((line) => isReady(line) || line.msg === 'worker exited').map((line) => line.msg)
  t.same(order.slice(2), ['worker ready', 'worker exited', 'worker ready', 'worker exited'], 'each new worker listened before an old one stopped')

  const check = await fetch(`${cluster.url}/users/${result.created.at(-1)}`)
  t.equal(check.status, 200, 'the new workers serve the data')
})
