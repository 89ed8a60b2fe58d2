// `npm run dev` ends with a non-zero status on a start-up mistake instead of waiting for a change.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { once } from 'node:events'
import { test } from 'tap'
import { PROJECT_ROOT } from './helper.js'

async function runDev (env: Record<string, string>): Promise<{ code: number | null, stderr: string }> {
  const child = spawn('npm', ['run', '--silent', 'dev'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:', ...env },
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const [code] = await once(child, 'exit') as [number | null]
  return { code, stderr }
}

test('a bad variable ends npm run dev with exit code 1 and the one line', async (t) => {
  const { code, stderr } = await runDev({ PORT: 'abc' })
  t.equal(code, 1)
  t.equal(stderr, 'Invalid configuration: PORT="abc" is not allowed; expected a port number from 0 to 65535 (0 = any free port)\n')
})

test('a busy port ends npm run dev with exit code 1', async (t) => {
  const busy = createServer()
  busy.listen(0, '127.0.0.1')
  await once(busy, 'listening')
  t.teardown(() => busy.close())
  const { port } = busy.address() as { port: number }
  const { code, stderr } = await runDev({ PORT: String(port) })
  t.equal(code, 1)
  t.match(stderr, new RegExp(`^Cannot listen on 127\\.0\\.0\\.1:${port}: the address is already in use \\(EADDRINUSE\\); choose another PORT\\n$`))
})
