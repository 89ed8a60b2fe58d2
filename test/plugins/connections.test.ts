// Timeouts and limits with real sockets: stalled bodies, header trickles, idle connections, the connection cap, HTTP/2.
import { once } from 'node:events'
import { connect, type Socket } from 'node:net'
import { constants as http2Constants } from 'node:http2'
import { test, type Test } from 'tap'
import { tlsEnv } from '../certificates.js'
import { buildTestApp, exitOf, startServer } from '../helper.js'
import { certificates, h2Request, h2Session } from '../tls-client.js'

async function listen (t: Test, env: Record<string, string>): Promise<number> {
  const app = await buildTestApp(t, env)
  return Number(new URL(await app.listen({ host: '127.0.0.1', port: 0 })).port)
}

/** A raw connection that records what the server sends and settles when the server closes it. */
async function rawConnection (port: number) {
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  let received = ''
  socket.on('data', (chunk: Buffer) => { received += chunk.toString() })
  socket.on('error', () => {})
  const closed = once(socket, 'close').then(() => received)
  return { socket, closed, received: () => received }
}

test('a request whose body stalls is answered 408 and its connection closed', async (t) => {
  const port = await listen(t, { HEADERS_TIMEOUT: '500', REQUEST_TIMEOUT: '1000' })
  const client = await rawConnection(port)
  client.socket.write('POST /users HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"name":"')
  const answer = await client.closed
  t.match(answer, /^HTTP\/1\.1 408 /, 'the server gave up on it')
})

test('headers sent a byte at a time are cut off at HEADERS_TIMEOUT', async (t) => {
  const port = await listen(t, { HEADERS_TIMEOUT: '500', REQUEST_TIMEOUT: '1000' })
  const client = await rawConnection(port)
  // A slowloris client: one more byte of an endless header every 50 ms, for as long as the server lets it.
  client.socket.write('GET /health/live HTTP/1.1\r\nhost: localhost\r\nx-slow: ')
  let sent = 0
  const trickle = setInterval(() => { if (!client.socket.destroyed) client.socket.write('a'); sent++ }, 50)
  t.teardown(() => clearInterval(trickle))
  const answer = await client.closed
  clearInterval(trickle)
  t.match(answer, /^HTTP\/1\.1 408 /)
  t.notMatch(answer, /200 OK/, 'the request was never served')
  t.ok(sent > 0, 'bytes kept coming until the server closed the connection')
})

test('an idle keep-alive connection is closed after KEEP_ALIVE_TIMEOUT', async (t) => {
  const port = await listen(t, { KEEP_ALIVE_TIMEOUT: '300' })
  const client = await rawConnection(port)
  client.socket.write('GET /health/live HTTP/1.1\r\nhost: localhost\r\n\r\n')
  const answer = await client.closed
  t.match(answer, /^HTTP\/1\.1 200 OK/, 'the request was served')
  t.match(answer, /keep-alive: timeout=\d+/i, 'the server said it keeps the connection a while')
})

test('past MAX_CONNECTIONS a new connection is closed at once; the others are served', async (t) => {
  const port = await listen(t, { MAX_CONNECTIONS: '2', HEADERS_TIMEOUT: '60000', REQUEST_TIMEOUT: '60000' })
  const held = [await rawConnection(port), await rawConnection(port)]
  const refused = await rawConnection(port)
  t.equal(await refused.closed, '', 'the third connection is dropped without an answer')
  held[0]!.socket.write('GET /health/live HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n')
  t.match(await held[0]!.closed, /^HTTP\/1\.1 200 OK/)
  held[1]!.socket.destroy()
})

test('a normal client is served while 500 slow clients hold connections', async (t) => {
  const port = await listen(t, { HEADERS_TIMEOUT: '60000', REQUEST_TIMEOUT: '60000' })
  const slow: Socket[] = []
  for (let i = 0; i < 500; i++) {
    const { socket } = await rawConnection(port)
    socket.write('GET /users HTTP/1.1\r\nhost: localhost\r\nx-slow: ')
    slow.push(socket)
  }
  t.teardown(() => { for (const socket of slow) socket.destroy() })
  for (let i = 0; i < 5; i++) {
    const response = await fetch(`http://127.0.0.1:${port}/health/live`)
    t.equal(response.status, 200, `request ${i + 1} served`)
  }
  t.equal(slow.filter((socket) => socket.destroyed).length, 0, 'the slow clients are all still connected')
})

test('an HTTP/2 stream whose body stalls is reset at REQUEST_TIMEOUT; the session goes on', async (t) => {
  const app = await buildTestApp(t, tlsEnv(certificates, { HTTP2: 'true', HEADERS_TIMEOUT: '500', REQUEST_TIMEOUT: '1000' }))
  const origin = new URL(await app.listen({ host: '127.0.0.1', port: 0 }))
  const session = await h2Session(t, origin)
  const stream = session.request({ ':method': 'POST', ':path': '/users', 'content-type': 'application/json', 'content-length': '100' })
  stream.write('{"name":"')
  stream.on('error', () => {})
  await once(stream, 'close')
  t.equal(stream.rstCode, http2Constants.NGHTTP2_CANCEL, 'reset by the server')
  const next = await h2Request(session, { ':path': '/health/live' })
  t.equal(next.status, 200, 'the session still serves')
})

test('an idle HTTP/2 client does not hold up a graceful stop', async (t) => {
  // Without closing its sessions, the server would wait for this one until SHUTDOWN_GRACE and exit 1.
  const server = await startServer(t, tlsEnv(certificates, { HTTP2: 'true', KEEP_ALIVE_TIMEOUT: '120000', SHUTDOWN_GRACE: '30000' }))
  const session = await h2Session(t, new URL(server.url))
  t.equal((await h2Request(session, { ':path': '/health/live' })).status, 200)
  const goaway = once(session, 'goaway')
  server.child.kill('SIGTERM')
  await goaway
  t.pass('the server told the idle client it is going away')
  const { code } = await exitOf(server.child)
  t.equal(code, 0, 'a clean stop, not the grace timeout')
  t.notMatch(server.output(), /killed by timeout/)
})
