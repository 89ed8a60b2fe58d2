// HTTPS and HTTP/2 over real sockets: ALPN, the API and static files over h2, refused protocols and ciphers, HSTS.
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls'
import { test } from 'tap'
import { HTTP2_MAX_CONCURRENT_STREAMS } from '../src/server-options.js'
import { buildTestApp } from './helper.js'
import { ca, h2Request, h2Session, httpsFetch, listen } from './tls-client.js'
import { TEST_PASSWORD } from './sessions/client.js'

/** A bare TLS handshake with the given client limits: the negotiated protocol and cipher, or the error. */
async function handshake (origin: URL, options: ConnectionOptions): Promise<{ protocol: string | null, cipher: string } | Error> {
  return await new Promise((resolve) => {
    const socket = tlsConnect({ host: origin.hostname, port: Number(origin.port), ca, servername: 'localhost', ...options }, () => {
      resolve({ protocol: socket.getProtocol(), cipher: socket.getCipher().name })
      socket.end()
    })
    socket.on('error', resolve)
  })
}

test('HTTP2=true: ALPN picks h2 for an HTTP/2 client and http/1.1 for an HTTP/1.1 client', async (t) => {
  const origin = await listen(t, { HTTP2: 'true' })
  t.equal(origin.protocol, 'https:')

  const session = await h2Session(t, origin)
  t.equal(session.alpnProtocol, 'h2')
  t.equal(session.remoteSettings.maxConcurrentStreams, HTTP2_MAX_CONCURRENT_STREAMS, 'a bounded number of streams is advertised')
  t.ok(HTTP2_MAX_CONCURRENT_STREAMS <= 100)
  const live = await h2Request(session, { ':path': '/health/live' })
  t.equal(live.status, 200)
  t.match(live.headers['strict-transport-security'], /max-age=31536000/)

  const http1 = await httpsFetch(origin, '/health/live', { ALPNProtocols: ['http/1.1'] })
  t.equal(http1.status, 200)
  t.equal(http1.alpn, 'http/1.1')
  t.equal(http1.httpVersion, '1.1')
  t.match(http1.headers['strict-transport-security'], /max-age=31536000/)

  const noAlpn = await httpsFetch(origin, '/health/live')
  t.equal(noAlpn.alpn, false, 'a client may offer no ALPN at all')
  t.equal(noAlpn.status, 200)
  t.equal(noAlpn.httpVersion, '1.1', 'and still gets HTTP/1.1')
})

test('the users API and static files with 304 work over HTTP/2', async (t) => {
  const session = await h2Session(t, await listen(t, { HTTP2: 'true' }))

  const created = await h2Request(session, { ':method': 'POST', ':path': '/users', 'content-type': 'application/json' }, JSON.stringify({ name: 'Ada', password: TEST_PASSWORD }))
  t.equal(created.status, 201)
  const user = JSON.parse(created.body)
  t.equal(user.name, 'Ada')
  t.equal(created.headers.location, `/users/${user.id}`)
  const read = await h2Request(session, { ':path': `/users/${user.id}` })
  t.equal(read.status, 200)
  t.same(JSON.parse(read.body), user)
  const invalid = await h2Request(session, { ':method': 'POST', ':path': '/users', 'content-type': 'application/json' }, '{"name": 42}')
  t.equal(invalid.status, 400, 'validation errors keep their status over h2')

  const css = await h2Request(session, { ':path': '/app.css' })
  t.equal(css.status, 200)
  t.match(css.headers['content-type'], /^text\/css/)
  t.ok(css.body.length > 0)
  const etag = css.headers.etag
  t.type(etag, 'string')
  const revalidated = await h2Request(session, { ':path': '/app.css', 'if-none-match': String(etag) })
  t.equal(revalidated.status, 304)
  t.equal(revalidated.body, '')
})

test('HTTPS without HTTP2 serves HTTP/1.1 with HSTS for at least a year', async (t) => {
  const origin = await listen(t, {})
  const answer = await httpsFetch(origin, '/users')
  t.equal(answer.status, 200)
  t.equal(answer.httpVersion, '1.1')
  const maxAge = Number(/max-age=(\d+)/.exec(String(answer.headers['strict-transport-security']))?.[1])
  t.ok(maxAge >= 31536000, `HSTS max-age ${maxAge} is at least one year`)
})

test('plain HTTP sends no Strict-Transport-Security', async (t) => {
  const app = await buildTestApp(t)
  const answer = await app.inject({ url: '/health/live' })
  t.equal(answer.statusCode, 200)
  t.equal(answer.headers['strict-transport-security'], undefined)
})

test('TLS 1.1, CBC suites and suites without ECDHE are refused; TLS 1.3 and ECDHE with AES-GCM are accepted', async (t) => {
  const origin = await listen(t, { HTTP2: 'true' })

  // The client must really offer TLS 1.1 (OpenSSL 3 refuses it below security level 0), so that the refusal is the server's.
  const tls11 = await handshake(origin, { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' })
  t.type(tls11, Error)
  t.match((tls11 as NodeJS.ErrnoException).code, /ALERT_PROTOCOL_VERSION/, 'the server answers TLS 1.1 with a protocol_version alert')

  for (const cipher of ['ECDHE-RSA-AES128-SHA256', 'ECDHE-RSA-AES256-SHA', 'AES128-GCM-SHA256', 'AES256-SHA256']) {
    const refused = await handshake(origin, { maxVersion: 'TLSv1.2', ciphers: cipher })
    t.type(refused, Error, `${cipher} is refused`)
    t.match((refused as NodeJS.ErrnoException).code, /ALERT_HANDSHAKE_FAILURE/, `the server refuses ${cipher}`)
  }

  t.same(await handshake(origin, { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' }), { protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' })
  t.match(await handshake(origin, {}), { protocol: 'TLSv1.3' })
})

test('a client that does not trust the test CA is refused the connection', async (t) => {
  const origin = await listen(t, {})
  const untrusting = await handshake(origin, { ca: undefined })
  t.type(untrusting, Error)
  t.match((untrusting as NodeJS.ErrnoException).code, /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED/)
})
