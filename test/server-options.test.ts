// buildServerOptions: the TLS settings it gives Fastify, and the one-line start-up error for each certificate mistake.
import { generateKeyPairSync, X509Certificate } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'tap'
import { buildServerOptions, HTTP2_MAX_CONCURRENT_STREAMS, HTTP2_MAX_SESSION_MEMORY, TLS_SETTINGS } from '../src/server-options.js'
import { StartupError } from '../src/startup-error.js'
import { testCertificates, tlsEnv } from './certificates.js'
import { startupFailureLine, testConfig } from './helper.js'

const certificates = testCertificates()

test('without TLS the options leave Fastify on plain HTTP, with the timeouts and header size from the config', async (t) => {
  const options = buildServerOptions(testConfig({ REQUEST_TIMEOUT: '20000', KEEP_ALIVE_TIMEOUT: '4000', CONNECTION_TIMEOUT: '30000', MAX_HEADER_SIZE: '8192' }))
  t.same(options, { requestTimeout: 20000, keepAliveTimeout: 4000, connectionTimeout: 30000, http2SessionTimeout: 4000, http: { maxHeaderSize: 8192 } })
  t.notOk(options.https)
})

test('the defaults bound every wait well under a minute and cap connections', async (t) => {
  const config = testConfig()
  t.ok(config.HEADERS_TIMEOUT <= 10_000, 'headers within a few seconds')
  t.ok(config.REQUEST_TIMEOUT < 60_000, 'a whole request well under a minute')
  t.ok(config.MAX_CONNECTIONS > 0 && config.MAX_HEADERS_COUNT > 0)
})

test('TLS 1.2 suites are all ECDHE with an AEAD cipher', async (t) => {
  t.equal(TLS_SETTINGS.minVersion, 'TLSv1.2')
  const tls12 = TLS_SETTINGS.ciphers.split(':').filter((suite) => !suite.startsWith('TLS_'))
  t.ok(tls12.length > 0)
  for (const suite of tls12) t.match(suite, /^ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/)
})

test('HTTP2=true gives HTTP/2 over TLS with HTTP/1.1 fallback and bounded streams', async (t) => {
  const options = buildServerOptions(testConfig(tlsEnv(certificates, { HTTP2: 'true' })))
  t.equal(options.http2, true)
  t.match(options.https, {
    allowHTTP1: true,
    minVersion: 'TLSv1.2',
    maxSessionMemory: HTTP2_MAX_SESSION_MEMORY,
    maxHeaderListPairs: 100,
    settings: { maxConcurrentStreams: HTTP2_MAX_CONCURRENT_STREAMS, maxHeaderListSize: 16_384 }
  })
  t.match(options, { http2SessionTimeout: 72_000, connectionTimeout: 60_000 })
  t.ok(HTTP2_MAX_CONCURRENT_STREAMS <= 100)
  t.same(options.https?.cert, readFileSync(certificates.cert))
  const withCa = buildServerOptions(testConfig(tlsEnv(certificates, { TLS_CA: ` ${certificates.ca} , ${certificates.ca}` })))
  t.equal((withCa.https?.ca as Buffer[]).length, 2, 'TLS_CA takes a comma-separated list')
})

const file = (name: string, content: string | Buffer) => {
  const path = join(certificates.dir, name)
  writeFileSync(path, content)
  return path
}
const missing = join(certificates.dir, 'missing.crt')
const der = file('der.crt', new X509Certificate(readFileSync(certificates.cert)).raw)
const otherKey = file('other.key', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }))
const encryptedKey = file('encrypted.key', generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' },
  publicKeyEncoding: { type: 'spki', format: 'pem' }
}).privateKey)

const mistakes: Array<[Record<string, string>, string]> = [
  [{ TLS_CERT: missing }, `Cannot use TLS_CERT file ${missing}: no such file (ENOENT)`],
  [{ TLS_CERT: der }, `Cannot use TLS_CERT file ${der}: not a PEM certificate (expected "-----BEGIN CERTIFICATE-----")`],
  [{ TLS_CERT: certificates.dir }, `Cannot use TLS_CERT file ${certificates.dir}: it is a directory, not a file (EISDIR)`],
  [{ TLS_KEY: certificates.cert }, `Cannot use TLS_KEY file ${certificates.cert}: not a PEM private key (expected "-----BEGIN PRIVATE KEY-----")`],
  [{ TLS_KEY: otherKey }, `Cannot use TLS_KEY file ${otherKey}: it is not the private key of the certificate in TLS_CERT file ${certificates.cert}`],
  [{ TLS_KEY: encryptedKey }, `Cannot use TLS_KEY file ${encryptedKey}: the key is encrypted; give an unencrypted PEM private key`],
  [{ TLS_CA: `${certificates.ca},${missing}` }, `Cannot use TLS_CA file ${missing}: no such file (ENOENT)`],
  [{ TLS_CA: certificates.key }, `Cannot use TLS_CA file ${certificates.key}: not a PEM certificate (expected "-----BEGIN CERTIFICATE-----")`]
]

test('each certificate mistake is a StartupError naming the variable, the file and the problem', async (t) => {
  for (const [env, expected] of mistakes) {
    t.throws(() => buildServerOptions(testConfig(tlsEnv(certificates, env))), new StartupError(expected), expected)
  }
})

test('the server started with a certificate mistake exits 1 after printing that one line', async (t) => {
  // A few of the mistakes end to end (each spawn compiles the app); server.ts prints every StartupError the same way.
  const spawned = mistakes.filter(([env]) => env.TLS_CERT === missing || env.TLS_KEY === otherKey || env.TLS_KEY === encryptedKey)
  t.equal(spawned.length, 3)
  await Promise.all(spawned.map(async ([env, expected]) => {
    t.equal(await startupFailureLine(t, { PORT: '0', DATABASE_URL: 'sqlite::memory:', ...tlsEnv(certificates, env) }, expected), expected)
  }))
})
