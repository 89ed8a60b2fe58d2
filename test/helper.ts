// Builds the app the way server.ts does, with test defaults, and closes it when the test ends.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'
import { buildApp } from '../src/app.js'
import { type Config, loadConfig } from '../src/config.js'

export const TEST_SECRET = 'a-test-secret-that-is-at-least-32-characters-long'

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))

export function testConfig (env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0', SESSION_SECRET: TEST_SECRET, ...env })
}

export async function buildTestApp (t: Test, env: Record<string, string> = {}) {
  const app = await buildApp(testConfig(env), { logger: false })
  t.teardown(() => app.close())
  return app
}

export interface ServerProcess {
  child: ChildProcess
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string
  /** The base URL from the "Server listening at" log line. */
  url: string
}

/** Runs `src/server.ts` (TypeScript through tsx) as a user would run the service; one process unless env sets WORKERS. */
export function runServer (env: Record<string, string>): { child: ChildProcess, output: () => string } {
  const child = spawn(process.execPath, ['--import=tsx', 'src/server.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', WORKERS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  return { child, output: () => output }
}

/** Starts the server on a free port and waits until it listens; killed when the test ends. */
export async function startServer (t: Test, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = runServer({ HOST: '127.0.0.1', PORT: '0', DATABASE_URL: 'sqlite::memory:', RATE_LIMIT_MAX: '0', ...env })
  t.teardown(() => { if (server.child.exitCode === null) server.child.kill('SIGKILL') })
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /listening at (\S+?)"/.exec(server.output())
      if (match?.[1] !== undefined) resolve(match[1])
    }
    server.child.stdout?.on('data', check)
    server.child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${server.output()}`)))
  })
  return { ...server, url }
}

/** Waits for a process to exit and gives its exit code and signal. */
export async function exitOf (child: ChildProcess): Promise<{ code: number | null, signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode }
  const [code, signal] = await once(child, 'exit') as [number | null, NodeJS.Signals | null]
  return { code, signal }
}
