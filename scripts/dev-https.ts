// npm run dev:https: a local CA and a localhost certificate under data/certs/ (made once), then `npm run dev` over TLS and HTTP/2.
import { spawn } from 'node:child_process'
import { ensureLocalCertificates } from './certificates.js'

const certificates = ensureLocalCertificates('data/certs')
process.stdout.write(`${certificates.created ? 'Created' : 'Using'} ${certificates.cert}, signed by the local test CA ${certificates.ca}; ` +
  'trust that CA in your browser or pass it to clients (curl --cacert) to avoid certificate warnings.\n')

const dev = spawn('npm', ['run', 'dev'], {
  stdio: 'inherit',
  env: { ...process.env, TLS_CERT: certificates.cert, TLS_KEY: certificates.key, HTTP2: process.env.HTTP2 ?? 'true' }
})
// The dev server handles the signal itself and stops gracefully; this process just waits for it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.kill(signal))
dev.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 0)))
