// The yardstick: raw node:http doing the least work each benchmark scenario needs, nothing else.
import { createReadStream, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import SQLite from 'better-sqlite3'

interface UserRow { id: number, name: string, created_at: string, updated_at: string }

const STATIC_ROOT = fileURLToPath(new URL('../static/', import.meta.url))
const CONTENT_TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8' }

const file = process.argv[2]
if (file === undefined) throw new Error('usage: baseline.ts <sqlite file>')
// The same pragmas the service sets, so both read and write the file the same way.
const database = new SQLite(file)
database.pragma('journal_mode = WAL')
database.pragma('busy_timeout = 5000')
database.pragma('synchronous = NORMAL')
const listUsers = database.prepare<[number, number], UserRow>('select * from users order by id limit ? offset ?')
const insertUser = database.prepare<[string, string, string], UserRow>('insert into users (name, created_at, updated_at) values (?, ?, ?) returning *')

function toUser (row: UserRow) {
  return { id: row.id, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at }
}

function sendJson (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers })
  response.end(text)
}

function sendError (response: ServerResponse, status: number, error: string, message: string): void {
  sendJson(response, status, { statusCode: status, error, message })
}

/** Integer query value within [min, max], the fallback when absent, NaN when invalid. */
function integerParameter (value: string | null, fallback: number, min: number, max: number): number {
  if (value === null) return fallback
  const number = Number(value)
  return Number.isInteger(number) && number >= min && number <= max ? number : NaN
}

function getUsers (url: URL, response: ServerResponse): void {
  const limit = integerParameter(url.searchParams.get('limit'), 100, 1, 1000)
  const offset = integerParameter(url.searchParams.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER)
  if (Number.isNaN(limit) || Number.isNaN(offset)) return sendError(response, 400, 'Bad Request', 'querystring is invalid')
  sendJson(response, 200, listUsers.all(limit, offset).map(toUser))
}

async function postUser (request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.headers['content-type']?.startsWith('application/json') !== true) return sendError(response, 415, 'Unsupported Media Type', 'send JSON')
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  let body: unknown
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return sendError(response, 400, 'Bad Request', 'body is not valid JSON')
  }
  const name = (body as { name?: unknown } | null)?.name
  if (typeof name !== 'string' || name.trim().length < 1 || name.trim().length > 100) return sendError(response, 400, 'Bad Request', 'body.name is invalid')
  const now = new Date().toISOString()
  const user = toUser(insertUser.get(name.trim(), now, now) as UserRow)
  sendJson(response, 201, user, { location: `/users/${user.id}` })
}

/** One file straight from static/, with the validators a browser needs to revalidate it. */
function sendStatic (pathname: string, response: ServerResponse): void {
  const name = pathname.slice(1)
  if (name.includes('/') || name.includes('..') || name.startsWith('.')) return sendError(response, 404, 'Not Found', 'no such file')
  const path = join(STATIC_ROOT, name)
  const stat = statSync(path, { throwIfNoEntry: false })
  if (stat === undefined || !stat.isFile()) return sendError(response, 404, 'Not Found', 'no such file')
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
    'content-length': stat.size,
    etag: `W/"${stat.size.toString(16)}-${stat.mtimeMs.toString(16)}"`,
    'last-modified': stat.mtime.toUTCString()
  })
  createReadStream(path).pipe(response)
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost')
  if (request.method === 'GET' && url.pathname === '/health/live') return sendJson(response, 200, { status: 'ok' })
  if (request.method === 'GET' && url.pathname === '/users') return getUsers(url, response)
  if (request.method === 'POST' && url.pathname === '/users') {
    postUser(request, response).catch((error: unknown) => response.destroy(error as Error))
    return
  }
  if (request.method === 'GET') return sendStatic(url.pathname, response)
  sendError(response, 404, 'Not Found', 'no such route')
})

// The runner picks the port and waits for GET /health/live, as it does for the service.
server.listen(Number(process.env.PORT), '127.0.0.1')

process.once('SIGTERM', () => server.close(() => database.close()))
