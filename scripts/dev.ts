// npm run dev: one server process, restarted when a file under src/ or static/ changes, its
// JSON log lines made readable by pino-pretty. `tsx watch | pino-pretty` did this, but a
// start-up mistake (a bad variable, a busy port) left it waiting for a change and the pipe
// hid the exit code; here a server that stops by itself before any change ends the command
// with its exit code. After a change, a failed restart waits for the next change.
import { spawn, type ChildProcess } from 'node:child_process'
import { watch } from 'node:fs'
import PinoPretty from 'pino-pretty'

const WATCHED = ['src', 'static']
const SETTLE_MS = 100

const pretty = PinoPretty({ colorize: process.stdout.isTTY })
let server: ChildProcess
let changed = false
let restarting = false
let stopping = false
let pending: NodeJS.Timeout | undefined

function start (): void {
  server = spawn(process.execPath, ['--import=tsx', 'src/server.ts'], {
    env: { ...process.env, WORKERS: '1' },
    stdio: ['inherit', 'pipe', 'inherit']
  })
  server.stdout!.pipe(pretty, { end: false })
  server.on('exit', (code, signal) => {
    if (restarting) {
      restarting = false
      start()
    } else if (stopping || !changed) {
      stop(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1))
    } else {
      process.stderr.write('The server stopped; waiting for a change to restart it.\n')
    }
  })
}

function running (): boolean {
  return server.exitCode === null && server.signalCode === null
}

function restart (): void {
  changed = true
  clearTimeout(pending)
  pending = setTimeout(() => {
    if (!running()) return start()
    restarting = true
    server.kill('SIGTERM')
  }, SETTLE_MS)
}

const watchers = WATCHED.map((folder) => watch(folder, { recursive: true }, restart))

function stop (code: number): void {
  for (const watcher of watchers) watcher.close()
  clearTimeout(pending)
  process.exitCode = code
  pretty.end()
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopping = true
    if (running()) server.kill(signal)
    else stop(0)
  })
}
start()
