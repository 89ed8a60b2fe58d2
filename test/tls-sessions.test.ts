// Sessions and cookies over real TLS sockets: login, session and logout over HTTP/2 and the HTTP/1.1 fallback, Secure cookies.
import type { ClientHttp2Session, IncomingHttpHeaders } from 'node:http2'
import { test } from 'tap'
import { SESSION_COOKIE } from '../src/plugins/session.js'
import { NAME_COOKIE } from '../src/routes/cookie/name-cookie.js'
import { h2Request, h2Session, httpsFetch, listen } from './tls-client.js'
import { TEST_PASSWORD } from './sessions/client.js'

const json = { 'content-type': 'application/json' }

/** The named cookie of a response: its value and its attributes (names lower-cased, flags true). */
function cookieOf (headers: IncomingHttpHeaders, name: string): { value: string, attributes: Record<string, string | true> } | undefined {
  const header = headers['set-cookie']?.find((each) => each.startsWith(`${name}=`))
  if (header === undefined) return undefined
  const [pair = '', ...parts] = header.split(';').map((part) => part.trim())
  const attributes = Object.fromEntries(parts.map((part): [string, string | true] => {
    const index = part.indexOf('=')
    return index === -1 ? [part.toLowerCase(), true] : [part.slice(0, index).toLowerCase(), part.slice(index + 1)]
  }))
  return { value: pair.slice(name.length + 1), attributes }
}

/** Registers the account over h2 (a taken name is fine: it is the same account). */
async function h2Register (session: ClientHttp2Session, origin: URL, name: string): Promise<void> {
  const answer = await h2Request(session, { ':method': 'POST', ':path': '/users', origin: origin.origin, ...json }, JSON.stringify({ name, password: TEST_PASSWORD }))
  if (answer.status !== 201 && answer.status !== 409) throw new Error(`POST /users answered ${answer.status}`)
}

async function h2Login (session: ClientHttp2Session, origin: URL, name: string) {
  await h2Register(session, origin, name)
  // What a browser sends on a same-origin fetch; over h2 the host comes only as :authority.
  const answer = await h2Request(session, { ':method': 'POST', ':path': '/login', origin: origin.origin, ...json }, JSON.stringify({ name, password: TEST_PASSWORD }))
  return { answer, cookie: cookieOf(answer.headers, SESSION_COOKIE) }
}

test('over HTTP/2: login, the session on the same connection, logout, and the session is gone', async (t) => {
  const origin = await listen(t, { HTTP2: 'true' })
  const session = await h2Session(t, origin)
  t.equal(session.alpnProtocol, 'h2')

  const { answer, cookie } = await h2Login(session, origin, 'Ada')
  t.equal(answer.status, 200, 'a same-origin login over h2 passes the cross-site check')
  t.equal(JSON.parse(answer.body).user.name, 'Ada')
  t.ok(cookie, 'a session cookie')
  t.match(cookie?.attributes, { secure: true, httponly: true, samesite: 'Lax', path: '/' }, 'Secure, HttpOnly and SameSite=Lax over TLS')

  const sessionCookie = `${SESSION_COOKIE}=${cookie?.value}`
  const current = await h2Request(session, { ':path': '/session', cookie: sessionCookie })
  t.equal(current.status, 200)
  t.equal(JSON.parse(current.body).user.name, 'Ada')
  // HTTP/2 lets a client send each cookie in a header field of its own (RFC 9113 §8.2.3), as browsers may.
  const crumbs = await h2Request(session, { ':path': '/session', cookie: ['theme=dark', sessionCookie] })
  t.equal(crumbs.status, 200, 'the session cookie is found among split cookie fields')
  const page = await h2Request(session, { ':path': '/', cookie: sessionCookie })
  t.match(page.body, 'Ada님 안녕하세요', 'the users page greets over h2')

  const logout = await h2Request(session, { ':method': 'POST', ':path': '/logout', origin: origin.origin, cookie: sessionCookie })
  t.equal(logout.status, 204)
  t.match(cookieOf(logout.headers, SESSION_COOKIE)?.attributes, { secure: true, expires: /1970/ }, 'the cookie is cleared, still Secure')
  t.equal((await h2Request(session, { ':path': '/session', cookie: sessionCookie })).status, 401, 'the old cookie no longer opens a session')
})

test('over HTTP/2 the cross-site check still refuses another origin', async (t) => {
  const origin = await listen(t, { HTTP2: 'true' })
  const session = await h2Session(t, origin)
  const elsewhere = await h2Request(session, { ':method': 'POST', ':path': '/login', origin: 'https://evil.example', ...json }, JSON.stringify({ name: 'Ada' }))
  t.equal(elsewhere.status, 403)
  t.equal(cookieOf(elsewhere.headers, SESSION_COOKIE), undefined, 'and starts no session')
  const otherPort = new URL(origin)
  otherPort.port = String(Number(origin.port) + 1)
  const sibling = await h2Request(session, { ':method': 'POST', ':path': '/login', origin: otherPort.origin, ...json }, JSON.stringify({ name: 'Ada' }))
  t.equal(sibling.status, 403, 'another port is another origin')
})

test('a form login over HTTP/2 answers 303 to the users page with a Secure session cookie', async (t) => {
  const origin = await listen(t, { HTTP2: 'true' })
  const session = await h2Session(t, origin)
  const form = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }
  await h2Register(session, origin, '한글')
  const answer = await h2Request(session, { ':method': 'POST', ':path': '/login', ...form }, `name=%ED%95%9C%EA%B8%80&password=${encodeURIComponent(TEST_PASSWORD)}`)
  t.equal(answer.status, 303)
  t.equal(answer.headers.location, '/')
  const cookie = cookieOf(answer.headers, SESSION_COOKIE)
  t.equal(cookie?.attributes.secure, true)
  const current = await h2Request(session, { ':path': '/session', cookie: `${SESSION_COOKIE}=${cookie?.value}` })
  t.equal(JSON.parse(current.body).user.name, '한글')
})

for (const [server, env] of [['HTTP/2 server', { HTTP2: 'true' }], ['HTTPS server', {}]] as const) {
  test(`the same login over HTTP/1.1 with TLS (${server}) sets a Secure cookie that opens the session`, async (t) => {
    const origin = await listen(t, env)
    const body = JSON.stringify({ name: 'Ada', password: TEST_PASSWORD })
    const registered = await httpsFetch(origin, '/users', { method: 'POST', headers: { origin: origin.origin, ...json }, body, ALPNProtocols: ['http/1.1'] })
    t.equal(registered.status, 201)
    const answer = await httpsFetch(origin, '/login', { method: 'POST', headers: { origin: origin.origin, ...json }, body, ALPNProtocols: ['http/1.1'] })
    t.equal(answer.httpVersion, '1.1')
    t.equal(answer.status, 200)
    const cookie = cookieOf(answer.headers, SESSION_COOKIE)
    t.match(cookie?.attributes, { secure: true, httponly: true, samesite: 'Lax' })
    const current = await httpsFetch(origin, '/session', { headers: { cookie: `${SESSION_COOKIE}=${cookie?.value}` } })
    t.equal(current.status, 200)
    t.equal(JSON.parse(current.body).user.name, 'Ada')
  })
}

test('the plain /cookie cookie is Secure over TLS too', async (t) => {
  const origin = await listen(t, { HTTP2: 'true' })
  const answer = await h2Request(await h2Session(t, origin), { ':path': '/cookie' })
  t.equal(answer.status, 200)
  t.match(cookieOf(answer.headers, 'mycookie'), { value: 'test', attributes: { secure: true, httponly: true, samesite: 'Lax', path: '/' } })
})

test('the signed /cookie/login cookie is Secure over TLS and greets over HTTP/2', async (t) => {
  const origin = await listen(t, { HTTP2: 'true' })
  const session = await h2Session(t, origin)
  const login = await h2Request(session, { ':path': '/cookie/login?name=Ada' })
  t.equal(login.status, 302)
  t.equal(login.headers.location, '/cookie/hello')
  const cookie = cookieOf(login.headers, NAME_COOKIE)
  t.match(cookie?.attributes, { secure: true, httponly: true, samesite: 'Lax', path: '/' })
  const hello = await h2Request(session, { ':path': '/cookie/hello', cookie: `${NAME_COOKIE}=${cookie?.value}` })
  t.equal(hello.status, 200)
  t.equal(hello.body, 'Ada님 안녕하세요')
})
