// The primary replaces a worker killed under load without losing an acknowledged write.
import t, { test } from 'tap'
import { CLUSTER_FILE_TIMEOUT_MS, isReady, listAllUsers, startCluster, startLoad } from './cluster-process.js'

t.setTimeout(CLUSTER_FILE_TIMEOUT_MS)

test('kill -9 of a worker under write load: every 201 is stored, the service keeps answering, a new worker starts', async (t) => {
  const cluster = await startCluster(t)
  const victim = cluster.pids[0]!
  const load = startLoad(t, cluster.url)
  await load.succeeds(20)

  process.kill(victim, 'SIGKILL')
  const [exit] = await cluster.waitForLog((line) => line.msg === 'worker exited unexpectedly' && line.workerPid === victim)
  t.equal(exit!.signal, 'SIGKILL', 'the primary logs the exit with its signal')
  const killedAt = Date.now()
  const [replacement] = await cluster.waitForLog((line) => isReady(line) && !cluster.pids.includes(line.workerPid!))
  t.ok(replacement!.workerPid, `a new worker ${replacement!.workerPid} replaced ${victim}`)
  await load.succeeds(20)
  const result = await load.stop()

  t.ok(result.successes.filter((at) => at > killedAt).length >= 20, 'requests kept succeeding after the kill')
  const stored = new Set((await listAllUsers(cluster.url)).map((user) => user.id))
  const lost = result.created.filter((id) => !stored.has(id))
  t.same(lost, [], `all ${result.created.length} acknowledged writes are stored`)
  t.ok(result.created.length > 0, 'the load wrote users')
})
