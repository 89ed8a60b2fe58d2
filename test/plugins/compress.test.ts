// Compression: large JSON and text answers in br or gzip as the client asks, small ones and 304s as they are.
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { test } from 'tap'
import { buildTestApp } from '../helper.js'
import { TEST_PASSWORD } from '../sessions/client.js'

async function appWithUsers (t: Parameters<typeof buildTestApp>[0], count: number) {
  const app = await buildTestApp(t)
  for (let n = 0; n < count; n++) await app.inject({ method: 'POST', url: '/users', payload: { name: `A user with a longish name ${n}`, password: TEST_PASSWORD } })
  return app
}

test('a large JSON answer is compressed with br or gzip per Accept-Encoding, with Vary', async (t) => {
  const app = await appWithUsers(t, 40)
  const plain = await app.inject({ url: '/users' })
  t.ok(plain.rawPayload.length > 1024, 'the list is over the threshold')
  t.notOk(plain.headers['content-encoding'], 'no Accept-Encoding: sent as it is')

  for (const [accept, encoding, decode] of [
    ['gzip, deflate, br', 'br', brotliDecompressSync],
    ['gzip', 'gzip', gunzipSync],
    ['br;q=0.1, gzip', 'gzip', gunzipSync]
  ] as const) {
    const response = await app.inject({ url: '/users', headers: { 'accept-encoding': accept } })
    t.equal(response.headers['content-encoding'], encoding, `${accept}: ${encoding}`)
    t.match(response.headers.vary, /accept-encoding/i, `${accept}: Vary`)
    t.ok(response.rawPayload.length < plain.rawPayload.length, `${accept}: smaller`)
    t.same(JSON.parse(decode(response.rawPayload).toString()), plain.json(), `${accept}: the same JSON`)
  }
  t.notOk((await app.inject({ url: '/users', headers: { 'accept-encoding': 'identity' } })).headers['content-encoding'], 'identity: as it is')
})

test('small answers are sent as they are', async (t) => {
  const app = await appWithUsers(t, 1)
  const response = await app.inject({ url: '/users/1', headers: { 'accept-encoding': 'br, gzip' } })
  t.equal(response.statusCode, 200)
  t.notOk(response.headers['content-encoding'], 'under 1 KiB: not worth it')
  t.equal(response.json().id, 1)
})

test('a gzip-compressed JSON body is read like a plain one; an unknown body encoding is 415', async (t) => {
  const app = await buildTestApp(t)
  const created = await app.inject({
    method: 'POST',
    url: '/users',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    payload: gzipSync(JSON.stringify({ name: 'Zipped', password: TEST_PASSWORD }))
  })
  t.equal(created.statusCode, 201)
  t.equal(created.json().name, 'Zipped')
  const unknown = await app.inject({ method: 'POST', url: '/users', headers: { 'content-type': 'application/json', 'content-encoding': 'xz' }, payload: '{}' })
  t.equal(unknown.statusCode, 415)
})
