// Requests refused before routing (by Node's HTTP parser, or Fastify's router) never reach a route or
// a hook, yet their answers carry the error shape and the security headers every other answer has.
import { once } from 'node:events'
import { connect } from 'node:net'
import { test } from 'tap'
import { buildTestApp } from './helper.js'

/** Writes raw bytes to the server and reads the whole answer; the server closes the connection. */
async function rawExchange (port: number, request: string): Promise<{ status: number, headers: Record<string, string>, body: string }> {
  const socket = connect(port, '127.0.0.1')
  // The server may close before the whole request is written; the answer is what counts.
  socket.on('error', () => {})
  socket.end(request)
  let raw = ''
  socket.setEncoding('utf8').on('data', (chunk: string) => { raw += chunk })
  await once(socket, 'close')
  const [head = '', body = ''] = raw.split('\r\n\r\n')
  const [statusLine = '', ...lines] = head.split('\r\n')
  const headers = Object.fromEntries(lines.map((line) => {
    const colon = line.indexOf(':')
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]
  }))
  return { status: Number(statusLine.split(' ')[1]), headers, body }
}

test('a request that is not HTTP, or whose headers are too large, gets a JSON error with the security headers', async (t) => {
  const app = await buildTestApp(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const usual = (await app.inject({ url: '/health/live' })).headers
  const cases = [
    { request: 'GARBAGE\r\n\r\n', status: 400, error: 'Bad Request' },
    { request: `GET /users HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`, status: 431, error: 'Request Header Fields Too Large' },
    { request: `GET /${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`, status: 431, error: 'Request Header Fields Too Large' }
  ]
  for (const { request, status, error } of cases) {
    const answer = await rawExchange(port, request)
    t.equal(answer.status, status, `${status} for ${request.slice(0, 20)}…`)
    t.match(answer.headers['content-type'], /^application\/json/)
    t.match(JSON.parse(answer.body), { statusCode: status, error, message: String })
    for (const header of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-resource-policy']) {
      t.equal(answer.headers[header], usual[header], `${header} as on every answer`)
    }
  }
})

test('a URL that does not decode is a 400 in the error shape with the security headers', async (t) => {
  const app = await buildTestApp(t)
  const usual = (await app.inject({ url: '/health/live' })).headers
  const answer = await app.inject({ url: '/users/%E0%A4%A' })
  t.equal(answer.statusCode, 400)
  t.match(answer.json(), { statusCode: 400, error: 'Bad Request', code: 'FST_ERR_BAD_URL', message: /not a valid url component/ })
  for (const header of ['content-security-policy', 'x-content-type-options', 'x-frame-options']) {
    t.equal(answer.headers[header], usual[header], `${header} as on every answer`)
  }
})
