// buildServerOptions(config): the https/http2 options Fastify's factory needs, with certificates checked first.
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { SecureServerOptions } from 'node:http2'
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

/** What Fastify's factory takes to choose the server: plain HTTP, HTTPS, or HTTP/2 over TLS. */
export type ServerOptions =
  | { http2?: false, https?: undefined }
  | { http2?: false, https: HttpsServerOptions }
  | { http2: true, https: SecureServerOptions }

export function buildServerOptions (config: Config): ServerOptions {
  if (config.TLS_CERT === undefined || config.TLS_KEY === undefined) return {}
  const https = { ...TLS_SETTINGS, ...readCertificates(config.TLS_CERT, config.TLS_KEY, config.TLS_CA) }
  if (!config.HTTP2) return { https }
  return {
    http2: true,
    https: { ...https, allowHTTP1: true, settings: { maxConcurrentStreams: HTTP2_MAX_CONCURRENT_STREAMS } }
  }
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
