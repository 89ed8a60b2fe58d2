// HTTP_REDIRECT_PORT: 308 to the same path and query on the HTTPS port, closing with the server, and a busy port.
import { readFileSync } from 'node:fs'
import { request, type IncomingMessage } from 'node:http'
import { get as httpsGet } from 'node:https'
import { createServer } from 'node:net'
import { once } from 'node:events'
import { Writable } from 'node:stream'
import { test } from 'tap'
import { buildApp } from '../../src/app.js'
import { httpsLocation } from '../../src/plugins/https-redirect.js'
import { testCertificates, tlsEnv } from '../certificates.js'
import { exitOf, startServer, startupFailureLine, testConfig } from '../helper.js'

const certificates = testCertificates()

async function send (url: URL, method: string, headers: Record<string, string> = {}): Promise<IncomingMessage> {
  return await new Promise((resolve, reject) => {
    request(url, { method, headers, agent: false }, (res) => { res.resume(); resolve(res) }).on('error', reject).end()
  })
}

test('the redirect listener answers 308 to the HTTPS port with the same path and query, and stops with the server', async (t) => {
  const server = await startServer(t, tlsEnv(certificates, { HTTP_REDIRECT_PORT: '0', HTTP2: 'true' }))
  const https = new URL(server.url)
  t.equal(https.protocol, 'https:')
  const logged = /Redirecting plain HTTP to HTTPS from (http:\/\/\S+?)"/.exec(server.output())?.[1]
  t.type(logged, 'string', 'the redirect URL is logged')
  const plain = new URL(String(logged))
  t.not(plain.port, https.port)

  const path = '/users/7?limit=5&name=a%20b'
  for (const method of ['GET', 'POST', 'DELETE']) {
    const answer = await send(new URL(path, plain), method, { host: `localhost:${plain.port}` })
    t.equal(answer.statusCode, 308, `${method} is redirected with 308, keeping its method`)
    t.equal(answer.headers.location, `https://localhost:${https.port}${path}`)
  }
  const ipv6 = await send(new URL('/about', plain), 'GET', { host: `[::1]:${plain.port}` })
  t.equal(ipv6.headers.location, `https://[::1]:${https.port}/about`)

  // The Location really leads to the service.
  const followed = await new Promise<IncomingMessage>((resolve, reject) => {
    httpsGet(`https://localhost:${https.port}/health/live`, { ca: readFileSync(certificates.ca), agent: false }, (res) => { res.resume(); resolve(res) }).on('error', reject)
  })
  t.equal(followed.statusCode, 200)

  server.child.kill('SIGTERM')
  t.equal((await exitOf(server.child)).code, 0, 'the redirect listener does not hold up a graceful stop')
})

test('closing the app closes the redirect listener', async (t) => {
  let logs = ''
  const stream = new Writable({ write (chunk: Buffer, _encoding, done) { logs += chunk.toString(); done() } })
  const app = await buildApp(testConfig(tlsEnv(certificates, { HTTP_REDIRECT_PORT: '0', LOG_LEVEL: 'info' })), { logger: { level: 'info', stream } })
  t.teardown(() => app.close())
  await app.listen({ host: '127.0.0.1', port: 0 })
  const plain = new URL(String(/from (http:\/\/\S+?)"/.exec(logs)?.[1]))
  t.equal((await send(plain, 'GET', { host: 'localhost' })).statusCode, 308)
  await app.close()
  await t.rejects(send(plain, 'GET'), { code: 'ECONNREFUSED' }, 'nothing listens on the redirect port any more')
})

test('a busy HTTP_REDIRECT_PORT stops start-up with one line', async (t) => {
  const blocker = createServer().listen(0, '127.0.0.1')
  await once(blocker, 'listening')
  t.teardown(() => blocker.close())
  const port = (blocker.address() as { port: number }).port
  const line = await startupFailureLine(t, { HOST: '127.0.0.1', PORT: '0', DATABASE_URL: 'sqlite::memory:', ...tlsEnv(certificates, { HTTP_REDIRECT_PORT: String(port) }) })
  t.equal(line, `Cannot listen on 127.0.0.1:${port} for HTTP_REDIRECT_PORT: the address is already in use (EADDRINUSE); choose another HTTP_REDIRECT_PORT`)
})

test('httpsLocation keeps the host name, replaces the port and refuses an unusable Host', async (t) => {
  const at = (host: string | undefined, url: string) => ({ headers: { host }, url }) as IncomingMessage
  t.equal(httpsLocation(at('example.com', '/a?b=c'), 443), 'https://example.com/a?b=c', 'the default port is left out')
  t.equal(httpsLocation(at('example.com:80', '/'), 8443), 'https://example.com:8443/')
  t.equal(httpsLocation(at('example.com', 'http://example.com/x'), 8443), 'https://example.com:8443/', 'an absolute-form target has no path to keep')
  t.equal(httpsLocation(at(undefined, '/'), 8443), undefined)
  t.equal(httpsLocation(at('bad host', '/'), 8443), undefined)
})
