// npm run dev:https: a local CA and a localhost certificate under data/certs/ (made once), then `npm run dev` over TLS and HTTP/2.
import { spawn } from 'node:child_process'
import { ensureLocalCertificates } from './certificates.js'

const certificates = ensureLocalCertificates('data/certs')
process.stdout.write(`${certificates.created ? 'Created' : 'Using'} ${certificates.cert}, signed by the local test CA ${certificates.ca}; ` +
  'trust that CA in your browser or pass it to clients (curl --cacert) to avoid certificate warnings.\n')

// Its own process group, so a signal reaches every process of `npm run dev` (npm's shell does not pass signals on).
const dev = spawn('npm', ['run', 'dev'], {
  detached: true,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, TLS_CERT: certificates.cert, TLS_KEY: certificates.key, HTTP2: process.env.HTTP2 ?? 'true' }
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.kill(-dev.pid!, signal))
dev.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 0)))
