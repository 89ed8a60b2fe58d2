// A session created through one worker is valid on every other: sessions live in the shared store.
import t, { test } from 'tap'
import { request } from 'node:http'
import { CLUSTER_FILE_TIMEOUT_MS, startCluster } from './cluster-process.js'

t.setTimeout(CLUSTER_FILE_TIMEOUT_MS)

/** GET /session on a new connection each time, so the primary spreads them over the workers. */
async function readSession (url: string, cookie: string): Promise<number> {
  return await new Promise((resolve, reject) => {
    const req = request(`${url}/session`, { agent: false, headers: { cookie } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end()
  })
}

test('a login through one worker is a live session on the others, and a logout ends it on all', async (t) => {
  const cluster = await startCluster(t)
  const login = await fetch(`${cluster.url}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ada' }) })
  t.equal(login.status, 200)
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
  t.match(cookie, /^sessionId=/)

  const reads = []
  for (let i = 0; i < 12; i++) reads.push(await readSession(cluster.url, cookie))
  t.same(reads, Array(12).fill(200), 'every worker knows the session')
  const servedBy = new Set(cluster.log().filter((line) => line.msg === 'request completed' && line.url === '/session').map((line) => line.pid))
  t.same([...servedBy].sort(), [...cluster.pids].sort(), 'both workers answered')

  const logout = await fetch(`${cluster.url}/logout`, { method: 'POST', headers: { cookie } })
  t.equal(logout.status, 204)
  const after = []
  for (let i = 0; i < 6; i++) after.push(await readSession(cluster.url, cookie))
  t.same(after, Array(6).fill(401), 'no worker accepts it after logout')
})
