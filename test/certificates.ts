// A throwaway test CA and localhost certificate for one test file, removed when the file's tests end.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { t } from 'tap'
import { createLocalCertificates, type LocalCertificates } from '../scripts/certificates.js'

export function testCertificates (): LocalCertificates & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'users-service-tls-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return { ...createLocalCertificates(dir), dir }
}

/** The environment that turns TLS on with these certificates. */
export function tlsEnv (certificates: LocalCertificates, env: Record<string, string> = {}): Record<string, string> {
  return { TLS_CERT: certificates.cert, TLS_KEY: certificates.key, ...env }
}
