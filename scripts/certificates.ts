// A local test CA and a server certificate signed by it, made with the openssl CLI, for dev:https, audit:tls and tests.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface LocalCertificates {
  /** The test CA's certificate: what a client (or a browser) must trust. */
  ca: string
  /** The server certificate (TLS_CERT) and its private key (TLS_KEY). */
  cert: string
  key: string
}

export function localCertificatePaths (dir: string): LocalCertificates {
  return { ca: join(dir, 'ca.crt'), cert: join(dir, 'localhost.crt'), key: join(dir, 'localhost.key') }
}

function openssl (args: string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('openssl was not found on PATH; install OpenSSL (Debian: apt-get install openssl)')
    throw new Error(`openssl ${args[0]} failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`)
  }
}

/**
 * Creates, in `dir`, a CA valid for ten years and a certificate for localhost, 127.0.0.1 and ::1
 * signed by it. RSA keys, so that tests can show the server refusing RSA key exchange and CBC
 * suites that Node would otherwise accept with such a certificate.
 */
export function createLocalCertificates (dir: string): LocalCertificates {
  mkdirSync(dir, { recursive: true })
  const paths = localCertificatePaths(dir)
  const caKey = join(dir, 'ca.key')
  const csr = join(dir, 'localhost.csr')
  const extensions = join(dir, 'localhost.ext')
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650',
    '-keyout', caKey, '-out', paths.ca, '-subj', '/CN=Users service local test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', paths.key, '-out', csr, '-subj', '/CN=localhost'])
  writeFileSync(extensions, [
    'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth'
  ].join('\n') + '\n')
  // 397 days: the longest validity browsers accept for a server certificate.
  openssl(['x509', '-req', '-in', csr, '-CA', paths.ca, '-CAkey', caKey, '-sha256', '-days', '397',
    '-set_serial', `0x${randomBytes(16).toString('hex')}`, '-extfile', extensions, '-out', paths.cert])
  chmodSync(caKey, 0o600)
  chmodSync(paths.key, 0o600)
  return paths
}

/** The certificates in `dir`, created the first time. */
export function ensureLocalCertificates (dir: string): LocalCertificates & { created: boolean } {
  const paths = localCertificatePaths(dir)
  const present = Object.values(paths).every((file) => existsSync(file))
  return { ...(present ? paths : createLocalCertificates(dir)), created: !present }
}
