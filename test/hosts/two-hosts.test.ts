// Two hosts, each a cluster started as a user would start it, sharing one PostgreSQL and one Redis; either one unreachable fails the test.
import { setTimeout as sleep } from 'node:timers/promises'
import { createClient } from 'redis'
import t, { test } from 'tap'
import { CLUSTER_FILE_TIMEOUT_MS, send, startCluster } from '../cluster/cluster-process.js'
import { postgresSchemaUrl, redisKeyPrefix, TEST_REDIS_URL } from '../helper.js'
import { TEST_PASSWORD } from '../sessions/client.js'

t.setTimeout(CLUSTER_FILE_TIMEOUT_MS)

const json = { 'content-type': 'application/json' }

/** Logs in with JSON and gives the `sessionId=…` pair to send back. */
async function logIn (url: string, name: string): Promise<string> {
  const login = await fetch(`${url}/login`, { method: 'POST', headers: json, body: JSON.stringify({ name, password: TEST_PASSWORD }) })
  if (login.status !== 200) throw new Error(`login answered ${login.status}`)
  return login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
}

/** Registers a user as a client would: a 503 (too many password hashes at once) is retried after Retry-After. */
async function registerRetrying (url: string, name: string) {
  for (;;) {
    const answer = await send(`${url}/users`, 'POST', { name, password: TEST_PASSWORD })
    if (answer.status !== 503) return answer
    // The server says when; a fixed pause would only guess.
    await sleep(Number(answer.headers?.['retry-after']) * 1000)
  }
}

test('users and sessions are shared by two hosts', async (t) => {
  const prefix = redisKeyPrefix(t)
  const redis = await createClient({ url: TEST_REDIS_URL }).connect()
  t.teardown(() => redis.close())
  const env = { DATABASE_URL: await postgresSchemaUrl(t), REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix }
  // Both start at once: the migration lock lets exactly one apply the migrations.
  const [a, b] = await Promise.all([startCluster(t, env), startCluster(t, env)])
  t.not(a.url, b.url, 'two hosts on two ports')

  await t.test('a user created on A is read, changed and deleted on B', async (t) => {
    const created = await send(`${a.url}/users`, 'POST', { name: 'Ada', password: TEST_PASSWORD })
    t.equal(created.status, 201)
    const { id } = JSON.parse(created.body) as { id: number }
    const read = await send(`${b.url}/users/${id}`, 'GET')
    t.equal(read.status, 200)
    t.equal(JSON.parse(read.body).name, 'Ada')
    const cookie = await logIn(a.url, 'Ada')
    t.equal((await send(`${b.url}/users/${id}`, 'PATCH', { name: 'Grace' }, cookie)).status, 200, 'a login on A changes the user on B')
    t.equal(JSON.parse((await send(`${a.url}/users/${id}`, 'GET')).body).name, 'Grace', 'A sees the change')
    t.equal((await send(`${b.url}/users/${id}`, 'DELETE', undefined, cookie)).status, 204)
    t.equal((await send(`${a.url}/users/${id}`, 'GET')).status, 404, 'A sees the delete')
  })

  await t.test('a login on A is a session on B; a logout on B is a 401 on A', async (t) => {
    t.equal((await send(`${a.url}/users`, 'POST', { name: '홍길동', password: TEST_PASSWORD })).status, 201)
    const cookie = await logIn(a.url, '홍길동')
    const onB = await fetch(`${b.url}/session`, { headers: { cookie } })
    t.equal(onB.status, 200)
    t.equal((await onB.json() as { user: { name: string } }).user.name, '홍길동')
    t.equal((await redis.keys(`${prefix}*`)).length, 2, 'the session and its user\'s index live in Redis')
    t.equal((await fetch(`${b.url}/logout`, { method: 'POST', headers: { cookie } })).status, 204)
    t.equal((await fetch(`${a.url}/session`, { headers: { cookie } })).status, 401)
    t.equal((await fetch(`${b.url}/session`, { headers: { cookie } })).status, 401)
    t.same((await redis.keys(`${prefix}*`)).filter((key) => !key.startsWith(`${prefix}user:`)), [], 'the logout removed it from Redis')
  })

  await t.test('concurrent writes to both hosts get distinct ids and none is lost', async (t) => {
    const writes = await Promise.all(Array.from({ length: 100 }, async (_, i) =>
      registerRetrying(i % 2 === 0 ? a.url : b.url, `concurrent ${i}`)))
    t.same(writes.map((answer) => answer.status), Array(100).fill(201), 'every write answered 201')
    const ids = writes.map((answer) => (JSON.parse(answer.body) as { id: number }).id)
    t.equal(new Set(ids).size, 100, 'ids are distinct')
    for (const host of [a, b]) {
      // The users of the earlier subtests are listed too.
      const listed = (JSON.parse((await send(`${host.url}/users?limit=1000`, 'GET')).body) as Array<{ id: number, name: string }>)
        .filter((user) => user.name.startsWith('concurrent '))
      t.same(listed.map((user) => user.id).sort((x, y) => x - y), [...ids].sort((x, y) => x - y), `${host.url} lists every write`)
    }
  })
})
