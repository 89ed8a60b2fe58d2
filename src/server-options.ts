// buildServerOptions(config): the https/http2 options, timeouts and limits for Fastify's factory, with certificates checked first.
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Server as HttpServer } from 'node:http'
import { constants as http2Constants, type Http2SecureServer, type SecureServerOptions, type ServerHttp2Stream } from 'node:http2'
import type { ServerOptions as HttpsServerOptions } from 'node:https'
import type { Config } from './config.js'
import { StartupError } from './startup-error.js'

/**
 * Mozilla's "intermediate" guideline (https://ssl-config.mozilla.org/): TLS 1.2 and 1.3, and for
 * TLS 1.2 only ECDHE key exchange with AEAD ciphers. Node's default list also accepts CBC suites and
 * RSA key exchange (no forward secrecy), so the list is spelled out. The DHE suites of the guideline
 * are left out: Node disables them unless given DH parameters.
 */
export const TLS_SETTINGS = {
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.3',
  ciphers: [
    'TLS_AES_128_GCM_SHA256',
    'TLS_AES_256_GCM_SHA384',
    'TLS_CHACHA20_POLY1305_SHA256',
    'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
    'ECDHE-RSA-CHACHA20-POLY1305'
  ].join(':'),
  ecdhCurve: 'X25519:prime256v1:secp384r1',
  // Every suite left is strong, so Mozilla lets the client choose; but audits (testssl.sh) rate a
  // server without its own order HIGH, and the order above is as good for every client.
  honorCipherOrder: true
} as const satisfies HttpsServerOptions

/** Streams one HTTP/2 connection may have open at once; bounds the work a single client can queue. */
export const HTTP2_MAX_CONCURRENT_STREAMS = 100
/** Megabytes nghttp2 may buffer for one HTTP/2 session before it refuses new streams (Node's default is 10). */
export const HTTP2_MAX_SESSION_MEMORY = 4
/** How often Node looks for requests past HEADERS_TIMEOUT or REQUEST_TIMEOUT at most (its default is 30 s). */
const MAX_CONNECTIONS_CHECKING_INTERVAL_MS = 1000

export type ServerLimits = Pick<Config, 'HTTP2' | 'HEADERS_TIMEOUT' | 'REQUEST_TIMEOUT' | 'KEEP_ALIVE_TIMEOUT' | 'MAX_CONNECTIONS' | 'MAX_HEADERS_COUNT'>

/** The timeouts Fastify's factory applies itself (to HTTP/1.1; for HTTP/2 only the last two). */
interface FactoryTimeouts {
  requestTimeout: number
  keepAliveTimeout: number
  connectionTimeout: number
  http2SessionTimeout: number
}

/** What Fastify's factory takes to choose the server: plain HTTP, HTTPS, or HTTP/2 over TLS. */
export type ServerOptions = FactoryTimeouts & (
  | { http2?: false, https?: undefined, http: { maxHeaderSize: number } }
  | { http2?: false, https: HttpsServerOptions }
  | { http2: true, https: SecureServerOptions })

export function buildServerOptions (config: Config): ServerOptions {
  const timeouts: FactoryTimeouts = {
    requestTimeout: config.REQUEST_TIMEOUT,
    keepAliveTimeout: config.KEEP_ALIVE_TIMEOUT,
    connectionTimeout: config.CONNECTION_TIMEOUT,
    // An HTTP/2 session with no frame for this long is idle, as a keep-alive connection would be.
    http2SessionTimeout: config.KEEP_ALIVE_TIMEOUT
  }
  if (config.TLS_CERT === undefined || config.TLS_KEY === undefined) return { ...timeouts, http: { maxHeaderSize: config.MAX_HEADER_SIZE } }
  const https = { ...TLS_SETTINGS, ...readCertificates(config.TLS_CERT, config.TLS_KEY, config.TLS_CA), maxHeaderSize: config.MAX_HEADER_SIZE }
  if (!config.HTTP2) return { ...timeouts, https }
  return {
    ...timeouts,
    http2: true,
    https: {
      ...https,
      allowHTTP1: true,
      maxSessionMemory: HTTP2_MAX_SESSION_MEMORY,
      peerMaxConcurrentStreams: HTTP2_MAX_CONCURRENT_STREAMS,
      maxHeaderListPairs: config.MAX_HEADERS_COUNT,
      settings: { maxConcurrentStreams: HTTP2_MAX_CONCURRENT_STREAMS, maxHeaderListSize: config.MAX_HEADER_SIZE }
    }
  }
}

/**
 * The limits Fastify's factory does not set: on every server the header deadline, the header count
 * and the connection cap; on the HTTP/2 server (whose HTTP/1.1 fallback reads the same properties)
 * the HTTP/1.1 timeouts too, and for each HTTP/2 stream a deadline for its whole request, which
 * Node has only for HTTP/1.1.
 */
export function applyServerLimits (server: HttpServer | Http2SecureServer, limits: ServerLimits): void {
  const http1 = server as HttpServer
  http1.headersTimeout = limits.HEADERS_TIMEOUT
  http1.requestTimeout = limits.REQUEST_TIMEOUT
  http1.keepAliveTimeout = limits.KEEP_ALIVE_TIMEOUT
  http1.maxHeadersCount = limits.MAX_HEADERS_COUNT
  // Read when the server starts listening; Node's 30 s would let a stalled request live that much longer.
  Object.assign(server, { connectionsCheckingInterval: Math.min(MAX_CONNECTIONS_CHECKING_INTERVAL_MS, Math.ceil(limits.HEADERS_TIMEOUT / 2)) })
  server.maxConnections = limits.MAX_CONNECTIONS
  if (limits.HTTP2) {
    (server as Http2SecureServer).on('stream', (stream: ServerHttp2Stream) => limitStream(stream, limits.REQUEST_TIMEOUT))
  }
}

/** A stream whose body has not all arrived within the deadline is reset (RST_STREAM CANCEL), freeing its memory. */
function limitStream (stream: ServerHttp2Stream, timeoutMs: number): void {
  if (stream.endAfterHeaders) return
  const timer = setTimeout(() => stream.close(http2Constants.NGHTTP2_CANCEL), timeoutMs)
  const clear = () => clearTimeout(timer)
  // 'end' comes once the body parser has read the whole body; 'close' when the stream is gone either way.
  stream.once('end', clear)
  stream.once('close', clear)
}
/**
 * Reads and checks the PEM files now, so that a mistake stops start-up with one line naming the
 * variable, the file and the problem, rather than an OpenSSL error from deep inside listen().
 */
function readCertificates (certFile: string, keyFile: string, caList?: string) {
  const cert = readPem('TLS_CERT', certFile)
  const certificate = parseCertificate('TLS_CERT', certFile, cert)
  const key = readPem('TLS_KEY', keyFile)
  if (!certificate.checkPrivateKey(parsePrivateKey(keyFile, key))) {
    throw new StartupError(`Cannot use TLS_KEY file ${keyFile}: it is not the private key of the certificate in TLS_CERT file ${certFile}`)
  }
  const ca = caList?.split(',').map((file) => file.trim()).filter((file) => file !== '').map((file) => {
    const pem = readPem('TLS_CA', file)
    parseCertificate('TLS_CA', file, pem)
    return pem
  })
  return { cert, key, ...(ca === undefined ? {} : { ca }) }
}

function readPem (variable: string, file: string): Buffer {
  try {
    return readFileSync(file)
  } catch (error) {
    throw new StartupError(`Cannot use ${variable} file ${file}: ${describeReadError(error as NodeJS.ErrnoException)}`)
  }
}

function describeReadError (error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT': return 'no such file (ENOENT)'
    case 'EACCES': return 'permission denied (EACCES)'
    case 'EISDIR': return 'it is a directory, not a file (EISDIR)'
    default: return `cannot be read (${error.message})`
  }
}

function parseCertificate (variable: string, file: string, pem: Buffer): X509Certificate {
  const notPem = new StartupError(`Cannot use ${variable} file ${file}: not a PEM certificate (expected "-----BEGIN CERTIFICATE-----")`)
  // X509Certificate also takes DER, which TLS does not: insist on PEM.
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw notPem
  try {
    return new X509Certificate(pem)
  } catch {
    throw notPem
  }
}

function parsePrivateKey (file: string, pem: Buffer): KeyObject {
  try {
    // An empty passphrase: without one, OpenSSL would prompt on the terminal for an encrypted key.
    return createPrivateKey({ key: pem, passphrase: '' })
  } catch {
    // PKCS#8 says "BEGIN ENCRYPTED PRIVATE KEY", traditional PEM "Proc-Type: 4,ENCRYPTED".
    const problem = pem.includes('ENCRYPTED')
      ? 'the key is encrypted; give an unencrypted PEM private key'
      : 'not a PEM private key (expected "-----BEGIN PRIVATE KEY-----")'
    throw new StartupError(`Cannot use TLS_KEY file ${file}: ${problem}`)
  }
}
