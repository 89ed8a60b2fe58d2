// Starts a real cluster (primary + workers on a temp SQLite file), reads its JSON log, and drives client load against it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Test } from 'tap'
import { type RawAnswer, rawRequest, runServer, TEST_SECRET } from '../helper.js'
import { TEST_PASSWORD } from '../sessions/client.js'

export interface LogLine {
  msg: string
  pid: number
  name?: string
  workerPid?: number
  code?: number | null
  signal?: string | null
  /** On a request's lines. */
  method?: string
  url?: string
}

export type ClusterProcess = ReturnType<typeof runServer> & {
  /** Every complete JSON line logged so far, by the primary and the workers. */
  log: () => LogLine[]
  /** Waits until `count` lines match, and returns them. */
  waitForLog: (match: (line: LogLine) => boolean, count?: number) => Promise<LogLine[]>
}

export function tempDatabaseUrl (t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'users-cluster-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return `sqlite:${join(dir, 'app.db')}`
}

/** Runs the service with WORKERS=2 and everything else from env; killed when the test ends. */
export function runCluster (t: Test, env: Record<string, string> = {}): ClusterProcess {
  const server = runServer({
    WORKERS: '2',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: tempDatabaseUrl(t),
    RATE_LIMIT_MAX: '0',
    SESSION_SECRET: TEST_SECRET,
    ...env
  })
  // Workers whose primary is gone exit by themselves (node's cluster does that on disconnect).
  t.teardown(() => { if (server.child.exitCode === null) server.child.kill('SIGKILL') })
  const linesOf = (output: string) => output.split('\n')
    .filter((line) => line.startsWith('{') && line.endsWith('}'))
    .map((line) => JSON.parse(line) as LogLine)
  const log = () => linesOf(server.output())
  const waitForLog = async (match: (line: LogLine) => boolean, count = 1) => server.waitForOutput((output) => {
    const found = linesOf(output).filter(match)
    return found.length >= count ? found : undefined
  })
  return { ...server, log, waitForLog }
}

export const isReady = (line: LogLine) => line.msg === 'worker ready'

/** Each worker start loads the whole app through tsx: on a busy 2-core machine that takes tens of seconds. */
export const CLUSTER_FILE_TIMEOUT_MS = 240_000

/** Starts a cluster and waits until both workers listen; gives its base URL and worker pids. */
export async function startCluster (t: Test, env: Record<string, string> = {}) {
  const cluster = runCluster(t, env)
  const ready = await cluster.waitForLog(isReady, 2)
  const listening = await cluster.waitForLog((line) => line.msg.startsWith('Server listening at '))
  const url = listening[0]!.msg.slice('Server listening at '.length)
  return { ...cluster, url, pids: ready.map((line) => line.workerPid!) }
}

/** One request on a new connection, so the primary may hand each one to a different worker; `cookie` is a `name=value` pair. */
export async function send (url: string, method: string, body?: unknown, cookie?: string): Promise<RawAnswer> {
  const { origin, pathname, search } = new URL(url)
  const headers = { ...(body !== undefined && { 'content-type': 'application/json' }), ...(cookie !== undefined && { cookie }) }
  return await rawRequest(origin, `${pathname}${search}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) })
}

/**
 * A load request still unanswered after this long counts as failed, and its client goes on: a
 * connection the primary accepted for a worker that was killed before it took it is never answered,
 * and fetch by itself would wait minutes for it.
 */
const LOAD_REQUEST_TIMEOUT_MS = 15_000

export interface LoadResult {
  /** Ids of users whose POST answered 201. */
  created: number[]
  /** Every request that failed or answered other than expected, with when it happened. */
  failures: Array<{ at: number, error: string }>
  /** When each successful request finished. */
  successes: number[]
}

/**
 * Clients that keep creating a user and reading it back over keep-alive connections (fetch),
 * as real clients do, until stopped. The pause keeps the load steady without starving the
 * workers that start meanwhile on a small machine.
 */
export function startLoad (t: Test, url: string, clients = 3, pauseMs = 5) {
  const result: LoadResult = { created: [], failures: [], successes: [] }
  const state = { running: true }
  const waiting: Array<{ count: number, resolve: () => void }> = []
  const succeeded = () => {
    result.successes.push(Date.now())
    for (const waiter of waiting.filter((each) => result.successes.length >= each.count)) {
      waiting.splice(waiting.indexOf(waiter), 1)
      waiter.resolve()
    }
  }
  /** Resolves once `more` requests have succeeded from now on. */
  const succeeds = async (more: number) => await new Promise<void>((resolve) => waiting.push({ count: result.successes.length + more, resolve }))
  const client = async (n: number) => {
    for (let i = 0; state.running; i++) {
      try {
        const created = await fetch(`${url}/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: `load ${n}-${i}`, password: TEST_PASSWORD }),
          signal: AbortSignal.timeout(LOAD_REQUEST_TIMEOUT_MS)
        })
        const user = await created.json() as { id: number }
        if (created.status !== 201) throw new Error(`POST answered ${created.status}`)
        result.created.push(user.id)
        succeeded()
        const read = await fetch(`${url}/users/${user.id}`, { signal: AbortSignal.timeout(LOAD_REQUEST_TIMEOUT_MS) })
        await read.arrayBuffer()
        if (read.status !== 200) throw new Error(`GET answered ${read.status}`)
        succeeded()
        await sleep(pauseMs)
      } catch (error) {
        result.failures.push({ at: Date.now(), error: String((error as Error).cause ?? error) })
        await sleep(20)
      }
    }
  }
  const clientsDone = Promise.all(Array.from({ length: clients }, async (_, n) => client(n)))
  const stop = async () => {
    state.running = false
    await clientsDone
    return result
  }
  // A test that fails half-way must not leave clients running.
  t.teardown(stop)
  return { result, stop, succeeds }
}

/** Every user in the database, page by page. */
export async function listAllUsers (url: string): Promise<Array<{ id: number, name: string }>> {
  const users: Array<{ id: number, name: string }> = []
  for (;;) {
    const page = await fetch(`${url}/users?limit=1000&offset=${users.length}`)
    const batch = await page.json() as Array<{ id: number, name: string }>
    users.push(...batch)
    if (batch.length < 1000) return users
  }
}
