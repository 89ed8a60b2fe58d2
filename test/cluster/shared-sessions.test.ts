// A session created through one worker is valid on every other: sessions live in the shared store.
import t, { test } from 'tap'
import { request } from 'node:http'
import { CLUSTER_FILE_TIMEOUT_MS, send, startCluster } from './cluster-process.js'
import { TEST_PASSWORD } from '../sessions/client.js'

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

/** Logs in with JSON and gives the `sessionId=…` pair. */
async function logIn (url: string, password = TEST_PASSWORD): Promise<string> {
  const login = await fetch(`${url}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ada', password }) })
  if (login.status !== 200) throw new Error(`login answered ${login.status}`)
  return login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
}

/** GET /session over 12 new connections, which the primary spreads over the workers. */
async function readEverywhere (url: string, cookie: string): Promise<number[]> {
  const reads = []
  for (let i = 0; i < 12; i++) reads.push(await readSession(url, cookie))
  return reads
}

test('a login through one worker is a live session on the others, and a logout ends it on all', async (t) => {
  const cluster = await startCluster(t)
  t.equal((await send(`${cluster.url}/users`, 'POST', { name: 'Ada', password: TEST_PASSWORD })).status, 201)
  const cookie = await logIn(cluster.url)
  t.match(cookie, /^sessionId=/)

  t.same(await readEverywhere(cluster.url, cookie), Array(12).fill(200), 'every worker knows the session')
  const servedBy = new Set(cluster.log().filter((line) => line.msg === 'request completed' && line.url === '/session').map((line) => line.pid))
  t.same([...servedBy].sort(), [...cluster.pids].sort(), 'both workers answered')

  const logout = await fetch(`${cluster.url}/logout`, { method: 'POST', headers: { cookie } })
  t.equal(logout.status, 204)
  const after = []
  for (let i = 0; i < 6; i++) after.push(await readSession(cluster.url, cookie))
  t.same(after, Array(6).fill(401), 'no worker accepts it after logout')
})

test('a password changed through one worker ends the user\'s other sessions on every worker', async (t) => {
  const cluster = await startCluster(t)
  const created = await send(`${cluster.url}/users`, 'POST', { name: 'Ada', password: TEST_PASSWORD })
  const { id } = JSON.parse(created.body) as { id: number }
  const here = await logIn(cluster.url)
  const elsewhere = await logIn(cluster.url)
  t.same(await readEverywhere(cluster.url, elsewhere), Array(12).fill(200), 'the other session is live on every worker')

  const changed = await send(`${cluster.url}/users/${id}`, 'PATCH', { currentPassword: TEST_PASSWORD, password: 'a brand new passphrase' }, here)
  t.equal(changed.status, 200)
  t.same(await readEverywhere(cluster.url, elsewhere), Array(12).fill(401), 'no worker accepts the other session any more')
  t.same(await readEverywhere(cluster.url, here), Array(12).fill(200), 'the session that changed it lives on everywhere')
  const servedBy = new Set(cluster.log().filter((line) => line.msg === 'request completed' && line.url === '/session').map((line) => line.pid))
  t.same([...servedBy].sort(), [...cluster.pids].sort(), 'both workers answered')
  await logIn(cluster.url, 'a brand new passphrase')
})
