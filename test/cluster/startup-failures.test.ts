// Start-up failures in a cluster end with one line and exit code 1: in the primary at once, in workers after a few retries.
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import t, { test } from 'tap'
import { exitOf } from '../helper.js'
import { CLUSTER_FILE_TIMEOUT_MS, isReady, runCluster } from './cluster-process.js'

t.setTimeout(CLUSTER_FILE_TIMEOUT_MS)

test('a crash loop (the port is taken) stops the cluster with one line and exit code 1', async (t) => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => blocker.close())
  const { port } = blocker.address() as { port: number }

  const cluster = runCluster(t, { PORT: String(port) })
  const { code } = await exitOf(cluster.child)
  t.equal(code, 1)
  const lines = cluster.output().split('\n').filter((line) => line.startsWith('Cluster stopped'))
  t.equal(lines.length, 1, 'one line explains it')
  t.match(lines[0], /failed at start-up: Cannot listen on 127\.0\.0\.1:\d+: the address is already in use \(EADDRINUSE\)/)
  const failed = cluster.log().filter((line) => line.msg === 'worker exited before it was ready')
  t.ok(failed.length >= 5, `the primary retried before giving up (${failed.length} failed starts)`)
  t.notOk(cluster.log().some(isReady), 'no worker ever listened')
})

test('the primary stops with one line when the database cannot be opened, before forking', async (t) => {
  const notADirectory = join(t.testdir(), 'file')
  writeFileSync(notADirectory, '')
  const cluster = runCluster(t, { DATABASE_URL: `sqlite:${notADirectory}/app.db` })
  const { code } = await exitOf(cluster.child)
  t.equal(code, 1)
  t.match(cluster.output(), /^Cannot connect to SQLite .*\/file\/app\.db: .+\n$/m)
  t.notMatch(cluster.output(), /^\s+at /m, 'no stack trace')
  t.notOk(cluster.log().some((line) => line.msg === 'worker started'), 'no worker was forked')
})

test('an in-memory database cannot be shared by workers: one line, exit code 1', async (t) => {
  const cluster = runCluster(t, { DATABASE_URL: 'sqlite::memory:' })
  const { code } = await exitOf(cluster.child)
  t.equal(code, 1)
  t.match(cluster.output(), /Invalid configuration: DATABASE_URL=sqlite::memory: cannot be shared by 2 workers/)
})
