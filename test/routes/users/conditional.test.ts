// Conditional requests on users: ETag and Last-Modified, 304 for If-None-Match, 412 for a stale If-Match.
import { test } from 'tap'
import type { App } from '../../../src/app.js'
import { buildTestApp, testEachDatabase } from '../../helper.js'
import { login, SESSION_COOKIE } from '../../sessions/client.js'
import { h2Request, h2Session, listen } from '../../tls-client.js'

/** Ada's account and session cookie, and her user's URL. */
async function ada (t: Parameters<typeof login>[0], app: App) {
  const cookie = await login(t, app, 'Ada')
  const { id } = (await app.inject({ url: '/users?limit=1' })).json()[0]
  return { cookie, url: `/users/${id}`, cookies: { [SESSION_COOKIE]: cookie } }
}

testEachDatabase('GET /users/:id sends a strong ETag and Last-Modified; If-None-Match with it is 304 with no body, HEAD too', async (t, env) => {
  const app = await buildTestApp(t, env)
  const { url } = await ada(t, app)
  const first = await app.inject({ url })
  t.equal(first.statusCode, 200)
  const etag = String(first.headers.etag)
  t.match(etag, /^"[^"]+"$/, 'a strong tag')
  t.equal(first.headers['last-modified'], new Date(first.json().updatedAt).toUTCString())
  t.equal(first.headers['cache-control'], 'no-cache', 'clients keep it and revalidate')

  for (const [label, header] of [['the tag', etag], ['its weak form', `W/${etag}`], ['a list with it', `"other", ${etag}`], ['*', '*']]) {
    const again = await app.inject({ url, headers: { 'if-none-match': header } })
    t.equal(again.statusCode, 304, `${label}: 304`)
    t.equal(again.body, '', `${label}: no body`)
    t.equal(again.headers.etag, etag, `${label}: the validator again`)
  }
  t.equal((await app.inject({ url, headers: { 'if-none-match': '"another"' } })).statusCode, 200, 'another tag: the user')
  const head = await app.inject({ method: 'HEAD', url, headers: { 'if-none-match': etag } })
  t.equal(head.statusCode, 304, 'HEAD revalidates too')
  const headFull = await app.inject({ method: 'HEAD', url })
  t.equal(headFull.statusCode, 200)
  t.equal(headFull.headers.etag, etag, 'HEAD carries the validators')
  t.equal(headFull.body, '')
})

testEachDatabase('every change gives a new ETag, sent with the write\'s answer; the old tag no longer matches', async (t, env) => {
  const app = await buildTestApp(t, env)
  const { url, cookies } = await ada(t, app)
  const before = String((await app.inject({ url })).headers.etag)
  const renamed = await app.inject({ method: 'PATCH', url, cookies, payload: { name: 'Ada L.' } })
  t.equal(renamed.statusCode, 200)
  const after = String(renamed.headers.etag)
  t.not(after, before, 'a new tag')
  t.ok(renamed.headers['last-modified'])
  t.equal((await app.inject({ url })).headers.etag, after, 'the write answered the tag a read now gives')
  t.equal((await app.inject({ url, headers: { 'if-none-match': before } })).statusCode, 200, 'the old tag fetches the new user')
  const put = await app.inject({ method: 'PUT', url, cookies, payload: { name: 'Ada Lovelace' } })
  t.not(put.headers.etag, after, 'PUT too')
})

testEachDatabase('If-Match: a stale tag is 412 and changes nothing; the current tag or * writes; none writes as before', async (t, env) => {
  const app = await buildTestApp(t, env)
  const { url, cookies } = await ada(t, app)
  const stale = String((await app.inject({ url })).headers.etag)
  const current = String((await app.inject({ method: 'PATCH', url, cookies, payload: { name: 'Ada 2' } })).headers.etag)

  for (const [method, payload] of [['PUT', { name: 'Lost' }], ['PATCH', { name: 'Lost' }], ['PATCH', {}], ['DELETE', undefined]] as const) {
    const refused = await app.inject({ method, url, cookies, payload, headers: { 'if-match': stale } })
    t.equal(refused.statusCode, 412, `${method} ${JSON.stringify(payload)} with a stale tag`)
    t.match(refused.json(), { statusCode: 412, error: 'Precondition Failed', message: /changed since/ })
  }
  t.equal((await app.inject({ method: 'PUT', url, cookies, payload: { name: 'Lost' }, headers: { 'if-match': `W/${current}` } })).statusCode, 412,
    'a weak tag never matches for a write (strong comparison)')
  const unchanged = await app.inject({ url })
  t.equal(unchanged.json().name, 'Ada 2', 'nothing was changed')
  t.equal(unchanged.headers.etag, current, 'not even the version')

  const matched = await app.inject({ method: 'PUT', url, cookies, payload: { name: 'Ada 3' }, headers: { 'if-match': `"x", ${current}` } })
  t.equal(matched.statusCode, 200, 'the current tag (in a list) writes')
  const anyVersion = await app.inject({ method: 'PATCH', url, cookies, payload: { name: 'Ada 4' }, headers: { 'if-match': '*' } })
  t.equal(anyVersion.statusCode, 200, '* matches the existing user')
  t.equal((await app.inject({ method: 'PATCH', url, cookies, payload: { name: 'Ada 5' } })).statusCode, 200, 'without If-Match as before')
  // Lists of every length up to 9 tags, stale ones first: the current one is found wherever it is.
  for (let length = 1; length <= 9; length++) {
    const latest = String((await app.inject({ url })).headers.etag)
    const tags = [...Array.from({ length: length - 1 }, (_, index) => `"v${index + 100}"`), latest].join(', ')
    t.equal((await app.inject({ method: 'PATCH', url, cookies, payload: { name: `Ada ${length}` }, headers: { 'if-match': tags } })).statusCode, 200, `the current tag last of ${length}`)
    t.equal((await app.inject({ method: 'PATCH', url, cookies, payload: { name: 'Lost' }, headers: { 'if-match': tags } })).statusCode, 412, `then stale, last of ${length}`)
  }
  const gone = await app.inject({ method: 'DELETE', url, cookies, headers: { 'if-match': String((await app.inject({ url })).headers.etag) } })
  t.equal(gone.statusCode, 204, 'DELETE with the current tag')
})

testEachDatabase('50 concurrent PUTs with one tag: exactly one succeeds, the rest are 412', async (t, env) => {
  const app = await buildTestApp(t, { ...env, DATABASE_POOL_SIZE: '10' })
  const { url, cookies } = await ada(t, app)
  const etag = String((await app.inject({ url })).headers.etag)
  const answers = await Promise.all(Array.from({ length: 50 }, async (_, n) =>
    app.inject({ method: 'PUT', url, cookies, payload: { name: `Writer ${n}` }, headers: { 'if-match': etag } })))
  const statuses = answers.map((answer) => answer.statusCode)
  t.equal(statuses.filter((status) => status === 200).length, 1, 'one winner')
  t.equal(statuses.filter((status) => status === 412).length, 49, 'every other writer is told')
  const winner = answers.find((answer) => answer.statusCode === 200)!.json().name
  t.equal((await app.inject({ url })).json().name, winner, 'the stored name is the winner\'s')
})

test('over HTTP/2 the validators and the 304 work the same', async (t) => {
  const origin = await listen(t, { HTTP2: 'true' })
  const session = await h2Session(t, origin)
  const json = { 'content-type': 'application/json', origin: origin.origin }
  await h2Request(session, { ':method': 'POST', ':path': '/users', ...json }, JSON.stringify({ name: 'Ada', password: 'a long test passphrase 42' }))
  const first = await h2Request(session, { ':path': '/users/1' })
  t.equal(first.status, 200)
  t.match(first.headers.etag, /^"[^"]+"$/)
  const again = await h2Request(session, { ':path': '/users/1', 'if-none-match': String(first.headers.etag) })
  t.equal(again.status, 304)
  t.equal(again.body, '')
  const list = await h2Request(session, { ':path': '/users', 'if-none-match': String((await h2Request(session, { ':path': '/users' })).headers.etag) })
  t.equal(list.status, 304, 'the list revalidates too')
})
