// The yardstick: raw node:http (or node:http2 with TLS) doing the least work each benchmark scenario needs, nothing else.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import SQLite from 'better-sqlite3'

type Request = IncomingMessage | Http2ServerRequest
type Response = ServerResponse | Http2ServerResponse

interface UserRow { id: number, name: string, role: string, created_at: string, updated_at: string }
/** Since accounts exist, a session names its user by id, as the service's does; the user's row says who that is now. */
interface SessionData { userId: number, expiresAt: string }

const STATIC_ROOT = fileURLToPath(new URL('../static/', import.meta.url))
const CONTENT_TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8' }
const SESSION_COOKIE = 'sessionId'
const SESSION_TTL_MS = 300_000

const [file, secret] = process.argv.slice(2)
if (file === undefined || secret === undefined) throw new Error('usage: baseline.ts <sqlite file> <cookie secret>')
// The same pragmas the service sets, so both read and write the file the same way.
const database = new SQLite(file)
database.pragma('journal_mode = WAL')
database.pragma('busy_timeout = 5000')
database.pragma('synchronous = NORMAL')
// A table of its own: the service's sessions table is the service's business and may change shape.
database.exec('create table if not exists baseline_sessions (id text primary key, data text not null, expires_at text not null)')
const listUsers = database.prepare<[number, number], UserRow>('select * from users order by id limit ? offset ?')
const findUser = database.prepare<[number], UserRow>('select * from users where id = ?')
const findUserByName = database.prepare<[string], UserRow>('select * from users where name_key = ?')
// A rename keeps what the service keeps with it: the unique name key and the version (its ETag).
const renameUser = database.prepare<[string, string, string, number], UserRow>('update users set name = ?, name_key = ?, updated_at = ?, version = version + 1 where id = ? returning *')
const insertSession = database.prepare<[string, string, string]>('insert into baseline_sessions (id, data, expires_at) values (?, ?, ?)')
const findSession = database.prepare<[string, string], { data: string }>('select data from baseline_sessions where id = ? and expires_at > ?')

// The pages are their template inside the shared layout, as the service renders them.
const template = (file: string) => readFileSync(join(STATIC_ROOT, 'templates', file), 'utf8')
const inLayout = (file: string) => template('layout.html').replace('{{main}}', template(file))
// The users page split at its slots once, as the service does; a slot not filled here is left empty.
const pageParts = inLayout('index.html').split(/\{\{(\w+)\}\}/)
const fillPage = (slots: Record<string, string>) => pageParts.map((part, index) => index % 2 === 0 ? part : slots[part] ?? '').join('')
const HOME_PAGE_SIZE = 50
const countUsers = database.prepare<[], { total: number }>('select count(*) as total from users')

function toUser (row: UserRow) {
  return { id: row.id, name: row.name, role: row.role, createdAt: row.created_at, updatedAt: row.updated_at }
}

function send (response: Response, status: number, type: string, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), ...headers })
  response.end(text)
}

function sendJson (response: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body), headers)
}

function sendError (response: Response, status: number, error: string, message: string): void {
  sendJson(response, status, { statusCode: status, error, message })
}

/** Integer query value within [min, max], the fallback when absent, NaN when invalid. */
function integerParameter (value: string | null, fallback: number, min: number, max: number): number {
  if (value === null) return fallback
  const number = Number(value)
  return Number.isInteger(number) && number >= min && number <= max ? number : NaN
}

/** The cookie signature @fastify/cookie uses: value.base64(HMAC-SHA256), no padding. */
function sign (value: string): string {
  return `${value}.${createHmac('sha256', secret as string).update(value).digest('base64').replace(/=+$/, '')}`
}

function unsign (signed: string): string | undefined {
  const value = signed.slice(0, signed.lastIndexOf('.'))
  const expected = Buffer.from(sign(value))
  const actual = Buffer.from(signed)
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? value : undefined
}

function cookie (request: Request, name: string): string | undefined {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=')
    if (pair.slice(0, at).trim() === name) return decodeURIComponent(pair.slice(at + 1).trim())
  }
  return undefined
}

function liveSession (request: Request): SessionData | undefined {
  const signed = cookie(request, SESSION_COOKIE)
  const id = signed === undefined ? undefined : unsign(signed)
  const row = id === undefined ? undefined : findSession.get(id, new Date().toISOString())
  return row === undefined ? undefined : JSON.parse(row.data) as SessionData
}

/** The logged-in user: the session's user as the database has it now. */
function currentUser (request: Request): UserRow | undefined {
  const session = liveSession(request)
  return session === undefined ? undefined : findUser.get(session.userId)
}

/** The same key the service's unique index holds: NFC, trimmed, case folded. */
function nameKey (name: string): string {
  return name.normalize('NFC').trim().toUpperCase().toLowerCase()
}

async function readJson (request: Request): Promise<{ name?: unknown } | undefined> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name?: unknown }
  } catch {
    return undefined
  }
}

function validName (body: { name?: unknown } | undefined): string | undefined {
  const name = body?.name
  return typeof name === 'string' && name.trim().length >= 1 && name.trim().length <= 100 ? name.trim() : undefined
}

function getUsers (url: URL, response: Response): void {
  const limit = integerParameter(url.searchParams.get('limit'), 100, 1, 1000)
  const offset = integerParameter(url.searchParams.get('offset'), 0, 0, Number.MAX_SAFE_INTEGER)
  if (Number.isNaN(limit) || Number.isNaN(offset)) return sendError(response, 400, 'Bad Request', 'querystring is invalid')
  sendJson(response, 200, listUsers.all(limit, offset).map(toUser))
}

function getUser (id: number, response: Response): void {
  const row = findUser.get(id)
  if (row === undefined) return sendError(response, 404, 'Not Found', `User ${id} not found`)
  sendJson(response, 200, toUser(row))
}

/** A rename by the user or an admin, as the service allows it. */
async function patchUser (id: number, request: Request, response: Response): Promise<void> {
  const actor = currentUser(request)
  if (actor === undefined) return sendError(response, 401, 'Unauthorized', 'Not logged in')
  if (actor.id !== id && actor.role !== 'admin') return sendError(response, 403, 'Forbidden', 'Not yours to change')
  const name = validName(await readJson(request))
  if (name === undefined) return sendError(response, 400, 'Bad Request', 'body.name is invalid')
  const row = renameUser.get(name, nameKey(name), new Date().toISOString(), id)
  if (row === undefined) return sendError(response, 404, 'Not Found', `User ${id} not found`)
  sendJson(response, 200, toUser(row))
}

async function login (request: Request, response: Response): Promise<void> {
  const name = validName(await readJson(request))
  const user = name === undefined ? undefined : findUserByName.get(nameKey(name))
  if (user === undefined) return sendError(response, 401, 'Unauthorized', 'Wrong name or password')
  const id = randomBytes(24).toString('base64url')
  const session = { userId: user.id, expiresAt: new Date(Date.now() + SESSION_TTL_MS).toISOString() }
  insertSession.run(id, JSON.stringify(session), session.expiresAt)
  sendJson(response, 200, session, { 'set-cookie': `${SESSION_COOKIE}=${encodeURIComponent(sign(id))}; Path=/; HttpOnly; SameSite=Lax` })
}

function getSession (request: Request, response: Response): void {
  const session = liveSession(request)
  const user = session === undefined ? undefined : findUser.get(session.userId)
  if (session === undefined || user === undefined) return sendError(response, 401, 'Unauthorized', 'Not logged in')
  sendJson(response, 200, { user: { id: user.id, name: user.name, role: user.role }, expiresAt: session.expiresAt }, { 'cache-control': 'no-store' })
}

function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

/** The home page's first page of users, as the service lists them: a row each, Edit and Delete on the viewer's own. */
function getHome (request: Request, response: Response): void {
  const viewer = currentUser(request)?.name
  const account = viewer === undefined ? '<a href="/login">Login</a>' : `<span class="greeting" lang="ko">${escapeHtml(viewer)}님 안녕하세요</span>`
  const rows = listUsers.all(HOME_PAGE_SIZE, 0).map(({ id, name }) => {
    const own = name === viewer
      ? `<a class="button edit" href="/?edit=${id}">Edit</a><a class="button danger delete" href="/?delete=${id}#user-${id}">Delete</a>`
      : ''
    return `<li id="user-${id}" data-id="${id}" data-name="${escapeHtml(name)}"><span class="name">${escapeHtml(name)}</span>${own}</li>`
  }).join('')
  const total = countUsers.get()?.total ?? 0
  const pageInfo = `Page 1 of ${Math.max(1, Math.ceil(total / HOME_PAGE_SIZE))} · ${total.toLocaleString('en')} users`
  send(response, 200, 'text/html; charset=utf-8', fillPage({ account, rows, pageInfo, total: String(total) }), { 'cache-control': 'no-store' })
}

/** The about page, for a visitor (the scenario sends no cookie). */
const aboutPage = inLayout('about.html').replace('{{account}}', '<a href="/login">Login</a>').replace(/\{\{\w+\}\}/g, '')

/** One file straight from static/, with the validators a browser needs to revalidate it. */
function sendStatic (pathname: string, response: Response): void {
  const name = pathname.slice(1)
  if (name.includes('/') || name.includes('..') || name.startsWith('.')) return sendError(response, 404, 'Not Found', 'no such file')
  const path = join(STATIC_ROOT, extname(name) === '' ? `${name}.html` : name)
  const stat = statSync(path, { throwIfNoEntry: false })
  if (stat === undefined || !stat.isFile()) return sendError(response, 404, 'Not Found', 'no such file')
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'content-length': stat.size,
    etag: `W/"${stat.size.toString(16)}-${stat.mtimeMs.toString(16)}"`,
    'last-modified': stat.mtime.toUTCString()
  })
  createReadStream(path).pipe(response)
}

function route (request: Request, response: Response): void | Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost')
  const { method } = request
  const userId = /^\/users\/(\d+)$/.exec(url.pathname)?.[1]
  if (method === 'GET' && url.pathname === '/health/live') return sendJson(response, 200, { status: 'ok' })
  if (method === 'GET' && url.pathname === '/users') return getUsers(url, response)
  if (method === 'GET' && userId !== undefined) return getUser(Number(userId), response)
  if (method === 'PATCH' && userId !== undefined) return patchUser(Number(userId), request, response)
  if (method === 'POST' && url.pathname === '/login') return login(request, response)
  if (method === 'GET' && url.pathname === '/session') return getSession(request, response)
  if (method === 'GET' && url.pathname === '/') return getHome(request, response)
  if (method === 'GET' && url.pathname === '/about') return send(response, 200, 'text/html; charset=utf-8', aboutPage, { 'cache-control': 'no-store' })
  if (method === 'GET') return sendStatic(url.pathname, response)
  sendError(response, 404, 'Not Found', 'no such route')
}

function handle (request: Request, response: Response): void {
  Promise.resolve(route(request, response)).catch((error: unknown) => response.destroy(error as Error))
}

// With TLS_CERT and TLS_KEY: HTTP/2 with HTTP/1.1 fallback, as the service's HTTP2=true.
const server = process.env.TLS_CERT === undefined || process.env.TLS_KEY === undefined
  ? createServer(handle)
  : createSecureServer({ cert: readFileSync(process.env.TLS_CERT), key: readFileSync(process.env.TLS_KEY), allowHTTP1: true }, handle)

// The runner picks the port and waits for GET /health/live, as it does for the service.
server.listen(Number(process.env.PORT), '127.0.0.1')

// Stopped between measurements: nothing to finish, and HTTP/2 sessions would hold a graceful close open.
process.once('SIGTERM', () => {
  database.close()
  process.exit(0)
})
