// Real TLS clients for the TLS tests: a test CA per test file, listening apps, HTTP/2 streams and HTTPS/1.1 requests.
import { readFileSync } from 'node:fs'
import { connect as http2Connect, type ClientHttp2Session, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2'
import { request as httpsRequest, type RequestOptions } from 'node:https'
import type { ConnectionOptions, TLSSocket } from 'node:tls'
import type { Test } from 'tap'
import { testCertificates, tlsEnv } from './certificates.js'
import { buildTestApp } from './helper.js'

export const certificates = testCertificates()
export const ca = readFileSync(certificates.ca)

/** An app with TLS on (plus env) listening on a free port; its https:// origin. */
export async function listen (t: Test, env: Record<string, string>): Promise<URL> {
  const app = await buildTestApp(t, tlsEnv(certificates, env))
  return new URL(await app.listen({ host: '127.0.0.1', port: 0 }))
}

export async function h2Session (t: Test, origin: URL): Promise<ClientHttp2Session> {
  const session = http2Connect(origin, { ca })
  t.teardown(() => session.close())
  await new Promise((resolve, reject) => session.once('remoteSettings', resolve).once('error', reject))
  return session
}

export interface Answer { status: number, headers: IncomingHttpHeaders, body: string }

export async function h2Request (session: ClientHttp2Session, headers: OutgoingHttpHeaders, body?: string): Promise<Answer> {
  const stream = session.request(headers)
  stream.end(body)
  return await new Promise((resolve, reject) => {
    let answer: IncomingHttpHeaders = {}
    let text = ''
    stream.on('response', (received) => { answer = received })
    stream.on('data', (chunk: Buffer) => { text += chunk.toString() })
    stream.on('end', () => resolve({ status: Number(answer[':status']), headers: answer, body: text }))
    stream.on('error', reject)
  })
}

export interface HttpsOptions {
  method?: string
  headers?: OutgoingHttpHeaders
  body?: string
  /** What the client offers by ALPN; nothing when left out. */
  ALPNProtocols?: string[]
}

/** One request over a new HTTP/1.1 TLS connection. */
export async function httpsFetch (origin: URL, path: string, { method, headers, body, ALPNProtocols }: HttpsOptions = {}): Promise<Answer & { alpn: string | false, httpVersion: string }> {
  // The https client hands its TLS options to tls.connect, though its types leave ALPNProtocols out.
  const options: RequestOptions & Pick<ConnectionOptions, 'ALPNProtocols'> = { ca, agent: false, ALPNProtocols, method, headers }
  return await new Promise((resolve, reject) => {
    const req = httpsRequest(new URL(path, origin), options, (res) => {
      const alpn = (res.socket as TLSSocket).alpnProtocol ?? false
      let text = ''
      res.on('data', (chunk: Buffer) => { text += chunk.toString() })
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: text,
        alpn,
        httpVersion: res.httpVersion
      }))
    })
    req.on('error', reject)
    req.end(body)
  })
}
