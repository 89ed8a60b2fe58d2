// `npm run bench:profile [file.cpuprofile]`: where a `node --cpu-prof` profile's time went, by package
// and by function (self time), so an optimisation starts from a measurement. Reads the newest
// profile in bench/results/profiles/ (written by `npm run bench -- --profile`) unless given one.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

interface ProfileNode {
  id: number
  callFrame: { functionName: string, url: string, lineNumber: number }
  hitCount?: number
}

interface Profile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
}

const PROFILES = fileURLToPath(new URL('results/profiles/', import.meta.url))
const TOP = 40

function newestProfile (): string {
  const files = readdirSync(PROFILES).filter((file) => file.endsWith('.cpuprofile')).map((file) => join(PROFILES, file))
  if (files.length === 0) throw new Error(`no .cpuprofile in ${PROFILES}: run npm run bench -- --profile first`)
  return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0] as string
}

/** The package a frame belongs to (node_modules/<name> or <@scope/name>), the project's own file, or node's internals. */
function packageOf (url: string): string {
  const installed = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (installed !== null) return installed[1] as string
  if (url.startsWith('node:')) return 'node (JavaScript)'
  if (url === '') return 'native, GC and idle'
  const project = /\/(src|dist)\/(.*)$/.exec(url)
  return project === null ? url : `project ${project[2]}`
}

function table (title: string, totals: Map<string, number>, all: number): string {
  const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, TOP)
  return [`\n${title}`, ...rows.map(([name, hits]) => `${(100 * hits / all).toFixed(1).padStart(5)} %  ${name}`)].join('\n')
}

const file = process.argv[2] ?? newestProfile()
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byPackage = new Map<string, number>()
const byFunction = new Map<string, number>()
let busy = 0
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0
  const { functionName, url, lineNumber } = node.callFrame
  // The idle loop is waiting, not work; leave it out so the shares are of the time spent working.
  if (hits === 0 || functionName === '(idle)') continue
  busy += hits
  const where = packageOf(url)
  byPackage.set(where, (byPackage.get(where) ?? 0) + hits)
  const name = `${functionName || '(anonymous)'}  ${where}${url === '' ? '' : `:${lineNumber + 1}`}`
  byFunction.set(name, (byFunction.get(name) ?? 0) + hits)
}
console.log(`${file}: ${busy} samples of work over ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`)
console.log(table('Self time by package', byPackage, busy))
console.log(table(`Self time by function (top ${TOP})`, byFunction, busy))
