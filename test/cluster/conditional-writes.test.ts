// Optimistic concurrency across workers: 50 PUTs with one ETag, spread over two workers, exactly one wins.
import { request } from 'node:http'
import t, { test } from 'tap'
import { CLUSTER_FILE_TIMEOUT_MS, startCluster } from './cluster-process.js'

t.setTimeout(CLUSTER_FILE_TIMEOUT_MS)

/** A PUT on a connection of its own, so the primary hands each one to a worker in turn. */
async function put (url: string, headers: Record<string, string>, body: string): Promise<number> {
  return await new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
}

test('50 concurrent PUTs with one If-Match on two workers: exactly one 200, 49 412', async (t) => {
  const cluster = await startCluster(t)
  const json = { 'content-type': 'application/json' }
  const account = JSON.stringify({ name: 'Ada', password: 'a long test passphrase 42' })
  const created = await fetch(`${cluster.url}/users`, { method: 'POST', headers: json, body: account })
  t.equal(created.status, 201)
  const { id } = await created.json() as { id: number }
  const login = await fetch(`${cluster.url}/login`, { method: 'POST', headers: json, body: account })
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
  const etag = String((await fetch(`${cluster.url}/users/${id}`)).headers.get('etag'))

  const statuses = await Promise.all(Array.from({ length: 50 }, async (_, n) =>
    put(`${cluster.url}/users/${id}`, { cookie, 'if-match': etag }, JSON.stringify({ name: `Writer ${n}` }))))
  t.equal(statuses.filter((status) => status === 200).length, 1, 'one winner')
  t.equal(statuses.filter((status) => status === 412).length, 49, 'every other writer gets 412')
  // Each worker writes its request lines asynchronously, after the answer: wait for all 50.
  const putLines = await cluster.waitForLog((line) => JSON.stringify(line).includes('"PUT"'), 50)
  const servedBy = new Set(putLines.map((line) => line.pid))
  t.same([...servedBy].sort(), [...cluster.pids].sort(), 'both workers took PUTs')
})
