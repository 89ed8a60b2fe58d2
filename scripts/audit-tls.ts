// npm run audit:tls: runs testssl.sh against the server (TLS + HTTP/2, local test CA) and fails on HIGH or CRITICAL findings.
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { createLocalCertificates } from './certificates.js'

interface Finding { id: string, severity: string, finding: string }

/** Findings about the test certificate not being publicly trusted (no OCSP/CRL, a private CA): expected here. */
const TEST_CERTIFICATE_TRUST = /^cert_(chain_of_trust|trust|revocation|ocspURL|ocspStapling|crlDistributionPoints|mustStapleExtension)/
const SHOWN = /^(SSLv2|SSLv3|TLS1|TLS1_1|TLS1_2|TLS1_3|ALPN_HTTP2|ALPN|cipherlist_\w+|PFS|cipher_order|HSTS_time|cert_keySize|cert_chain_of_trust)$/

const command = ['testssl.sh', 'testssl'].find((name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).error === undefined)
if (command === undefined) {
  process.stderr.write('testssl.sh is not installed (Debian: apt-get install testssl.sh)\n')
  process.exit(1)
}

const dir = mkdtempSync(join(tmpdir(), 'audit-tls-'))
const certificates = createLocalCertificates(dir)
const server = spawn(process.execPath, ['--import=tsx', 'src/server.ts'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: 'sqlite::memory:',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    TLS_CERT: certificates.cert,
    TLS_KEY: certificates.key,
    HTTP2: 'true',
    // testssl.sh sends a few hundred HTTP requests; the audit is about TLS, not the rate limit.
    RATE_LIMIT_MAX: '0',
    LOG_LEVEL: 'info'
  }
})

try {
  const url = await listeningUrl()
  const report = join(dir, 'testssl.json')
  const target = new URL(url).host
  process.stdout.write(`Auditing ${url} with ${command} (takes a few minutes)\n`)
  const testssl = spawn(command, ['--quiet', '--color', '0', '--warnings', 'off', '--nodns', 'none',
    '--add-ca', certificates.ca, '--jsonfile', report, target], { stdio: 'inherit' })
  await once(testssl, 'exit')
  const findings = JSON.parse(readFileSync(report, 'utf8')) as Finding[]
  process.exitCode = summarize(findings) ? 0 : 1
} finally {
  server.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
}

async function listeningUrl (): Promise<string> {
  const output = server.stdout!
  for await (const line of createInterface({ input: output })) {
    const match = /listening at (https:\S+?)"/.exec(line)
    if (match?.[1] !== undefined) {
      // Keep draining the request logs, or the server would block writing them.
      output.resume()
      return match[1]
    }
  }
  throw new Error('the server exited before listening')
}

/** Prints the summary the README records; true when nothing HIGH or CRITICAL is left. */
function summarize (findings: Finding[]): boolean {
  const counts = new Map<string, number>()
  for (const { severity } of findings) counts.set(severity, (counts.get(severity) ?? 0) + 1)
  const severe = findings.filter(({ severity }) => severity === 'HIGH' || severity === 'CRITICAL')
  const excused = severe.filter(({ id }) => TEST_CERTIFICATE_TRUST.test(id))
  const failures = severe.filter((finding) => !excused.includes(finding))
  const line = ({ id, severity, finding }: Finding) => `  ${severity.padEnd(8)} ${id}: ${finding}`
  process.stdout.write([
    '',
    'audit:tls summary',
    `  findings by severity: ${[...counts].map(([severity, count]) => `${severity} ${count}`).join(', ')}`,
    ...findings.filter(({ id }) => SHOWN.test(id)).map(line),
    `HIGH/CRITICAL about the test certificate's trust (ignored): ${excused.length}`,
    ...excused.map(line),
    `HIGH/CRITICAL otherwise: ${failures.length}`,
    ...failures.map(line),
    failures.length === 0 ? 'PASS' : 'FAIL',
    ''
  ].join('\n'))
  return failures.length === 0
}
