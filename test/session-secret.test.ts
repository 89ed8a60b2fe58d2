import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'tap'
import { resolveSessionSecret } from '../src/session-secret.js'
import { startupFailureLine, testConfig } from './helper.js'

test('production refuses to start without SESSION_SECRET: exit 1 and one line', async (t) => {
  const line = await startupFailureLine(t, { NODE_ENV: 'production', SESSION_SECRET: '', PORT: '0', DATABASE_URL: 'sqlite::memory:' })
  t.match(line, /^Invalid configuration: SESSION_SECRET is required when NODE_ENV=production/)
})

test('production refuses a SESSION_SECRET shorter than 32 characters', async (t) => {
  const line = await startupFailureLine(t, { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(31), PORT: '0', DATABASE_URL: 'sqlite::memory:' })
  t.equal(line, 'Invalid configuration: SESSION_SECRET (31 characters) is not allowed; expected at least 32 characters')
  t.notMatch(line, 'x'.repeat(31), 'the secret itself is never printed')
})

test('without SESSION_SECRET, development generates one once and every process reuses it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'secret-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'data', 'session-secret')
  const config = testConfig({ NODE_ENV: 'development', SESSION_SECRET: '' })
  const first = resolveSessionSecret(config, file)
  t.ok(first.length >= 32, 'long enough to sign cookies')
  t.equal(resolveSessionSecret(config, file), first, 'a restart (or another worker) gets the same secret')
  t.equal(statSync(file).mode & 0o777, 0o600, 'only the owner can read it')
  t.equal(resolveSessionSecret(testConfig({ SESSION_SECRET: 'y'.repeat(32) }), file), 'y'.repeat(32), 'SESSION_SECRET wins')
})
