// Every worker sees what any worker wrote: users live in the one shared database.
import t, { test } from 'tap'
import { CLUSTER_FILE_TIMEOUT_MS, send, startCluster } from './cluster-process.js'
import { TEST_PASSWORD } from '../sessions/client.js'

t.setTimeout(CLUSTER_FILE_TIMEOUT_MS)

test('users written through one worker are read through the others', async (t) => {
  const cluster = await startCluster(t)

  // One connection per request, so the primary spreads them over both workers.
  const written = []
  for (let i = 0; i < 12; i++) written.push(await send(`${cluster.url}/users`, 'POST', { name: `shared ${i}`, password: TEST_PASSWORD }))
  t.same(written.map((answer) => answer.status), Array(12).fill(201), 'every write answered 201')
  const users = written.map((answer) => JSON.parse(answer.body) as { id: number, name: string })

  for (const round of [1, 2]) {
    const reads = []
    for (const user of users) reads.push(await send(`${cluster.url}/users/${user.id}`, 'GET'))
    t.same(reads.map((answer) => answer.status), Array(12).fill(200), `round ${round}: every user is found`)
    t.same(reads.map((answer) => JSON.parse(answer.body).name), users.map((user) => user.name))
  }

  const servedBy = (method: string, prefix: string) => new Set(cluster.log()
    .filter((line) => line.msg === 'request completed' && line.method === method && line.url?.startsWith(prefix) === true)
    .map((line) => line.pid))
  t.same([...servedBy('POST', '/users')].sort(), [...cluster.pids].sort(), 'both workers took writes')
  t.same([...servedBy('GET', '/users/')].sort(), [...cluster.pids].sort(), 'both workers answered reads')
})
