// GET /cookie/login and /cookie/hello: the signed name cookie, its attributes, its age, and names that try to break headers.
import { sign } from '@fastify/cookie'
import { type Test, test } from 'tap'
import { encodeNameCookie } from '../../../src/routes/cookie/name-cookie.js'
import { buildTestApp, fakeClock, TEST_SECRET } from '../../helper.js'

type App = Awaited<ReturnType<typeof buildTestApp>>

const loginUrl = (name: string) => `/cookie/login?${new URLSearchParams({ name })}`

/** Logs in and gives the raw Set-Cookie header and the cookie's value as a browser would send it back. */
async function login (app: App, name: string, headers: Record<string, string> = {}) {
  const response = await app.inject({ url: loginUrl(name), headers })
  const header = String(response.headers['set-cookie'])
  return { response, header, value: header.slice(0, header.indexOf(';')).replace(/^name=/, '') }
}

/** The attributes of one Set-Cookie header, names lower-cased; a flag attribute maps to true. */
function attributesOf (header: string): Record<string, string | true> {
  const [, ...parts] = header.split(';').map((part) => part.trim())
  return Object.fromEntries(parts.map((part) => {
    const index = part.indexOf('=')
    return index === -1 ? [part.toLowerCase(), true] : [part.slice(0, index).toLowerCase(), part.slice(index + 1)]
  }))
}

async function hello (app: App, cookie?: string) {
  return app.inject({ url: '/cookie/hello', ...(cookie !== undefined && { headers: { cookie: `name=${cookie}` } }) })
}

function assertLoginForm (t: Test, response: Awaited<ReturnType<typeof hello>>, why: string) {
  t.equal(response.statusCode, 200, `${why}: 200`)
  t.equal(response.headers['content-type'], 'text/html; charset=utf-8', `${why}: HTML`)
  t.match(response.body, /<form[^>]*action="\/cookie\/login"[^>]*method="get"/, `${why}: the login form`)
  t.match(response.body, /<input[^>]*name="name"/, `${why}: with a name field`)
  t.notMatch(response.body, /안녕하세요/, `${why}: no greeting`)
}

test('login sets a signed, HttpOnly, SameSite=Lax cookie for SESSION_TTL and redirects 302 to /cookie/hello', async (t) => {
  const app = await buildTestApp(t, { SESSION_TTL: '120' })
  const before = Date.now()
  const { response, header, value } = await login(app, 'Ada')
  t.equal(response.statusCode, 302)
  t.equal(response.headers.location, '/cookie/hello')
  t.match(header, /^name=/)
  t.not(value, 'Ada', 'the name is not sent in the clear')
  t.ok(app.unsignCookie(decodeURIComponent(value)).valid, 'the value carries a valid signature')

  const attributes = attributesOf(header)
  t.equal(attributes.httponly, true)
  t.equal(attributes.samesite, 'Lax')
  t.equal(attributes.path, '/')
  t.equal(attributes['max-age'], '120')
  t.notOk(attributes.secure, 'no Secure over plain HTTP, or browsers would drop the cookie')
  const expires = Date.parse(String(attributes.expires))
  // Expires has one-second precision.
  t.ok(expires >= Math.floor(before / 1000) * 1000 + 120_000 && expires <= Date.now() + 120_000, 'Expires is SESSION_TTL from now')

  const greeted = await hello(app, value)
  t.equal(greeted.statusCode, 200)
  t.equal(greeted.headers['content-type'], 'text/plain; charset=utf-8')
  t.equal(greeted.body, 'Ada님 안녕하세요')
  t.equal(greeted.headers['cache-control'], 'no-store')
})

test('the cookie is Secure when the request came over TLS', async (t) => {
  // trustProxy lets a test say "this came over HTTPS" without a certificate; request.protocol decides either way.
  const app = await buildTestApp(t, { TRUST_PROXY: 'true' })
  const { header } = await login(app, 'Ada', { 'x-forwarded-proto': 'https' })
  t.equal(attributesOf(header).secure, true)
  t.equal(attributesOf(header).httponly, true)
})

test('without a valid cookie /cookie/hello shows the login form', async (t) => {
  const app = await buildTestApp(t)
  assertLoginForm(t, await hello(app), 'absent')
  t.notOk((await hello(app)).headers['set-cookie'], 'nothing to clear when no cookie came')

  const { value } = await login(app, 'Ada')
  const signed = decodeURIComponent(value)
  const dot = signed.lastIndexOf('.')
  const flip = (text: string, index: number) => text.slice(0, index) + (text[index] === 'A' ? 'B' : 'A') + text.slice(index + 1)
  assertLoginForm(t, await hello(app, encodeURIComponent(flip(signed, 0))), 'one byte of the issue time changed')
  assertLoginForm(t, await hello(app, encodeURIComponent(flip(signed, dot - 1))), 'one byte of the name changed')
  assertLoginForm(t, await hello(app, encodeURIComponent(flip(signed, dot + 1))), 'one byte of the signature changed')
  assertLoginForm(t, await hello(app, encodeURIComponent(signed.slice(0, dot))), 'signature removed')
  assertLoginForm(t, await hello(app, 'Ada'), 'a plain unsigned name')

  const foreign = sign(encodeNameCookie('Mallory', Date.now()), 'another-secret-that-is-also-32-characters-long')
  assertLoginForm(t, await hello(app, encodeURIComponent(foreign)), 'signed with another secret')
  assertLoginForm(t, await hello(app, encodeURIComponent(sign('Mallory', TEST_SECRET))), 'signed by us but not a name cookie')

  const refused = await hello(app, encodeURIComponent(flip(signed, dot + 1)))
  const cleared = attributesOf(String(refused.headers['set-cookie']))
  t.match(String(refused.headers['set-cookie']), /^name=;/, 'a bad cookie is cleared')
  t.equal(cleared.path, '/')
  t.ok(Date.parse(String(cleared.expires)) < Date.now(), 'cleared by an Expires in the past')

  t.equal((await hello(app, value)).body, 'Ada님 안녕하세요', 'the untouched cookie still works')
})

test('the server checks the age itself: a cookie older than SESSION_TTL fails even when a client kept it', async (t) => {
  const app = await buildTestApp(t, { SESSION_TTL: '300' })
  const now = Date.now()
  const young = sign(encodeNameCookie('Ada', now - 290_000), TEST_SECRET)
  t.equal((await hello(app, encodeURIComponent(young))).body, 'Ada님 안녕하세요', 'under SESSION_TTL: accepted')
  const old = sign(encodeNameCookie('Ada', now - 301_000), TEST_SECRET)
  assertLoginForm(t, await hello(app, encodeURIComponent(old)), 'validly signed but issued 301 s ago')
})

test('the login cookie expires after SESSION_TTL and a replay of it later fails', async (t) => {
  const app = await buildTestApp(t, { SESSION_TTL: '60' })
  const clock = fakeClock(t)
  const { header, value } = await login(app, 'Ada')
  t.equal(attributesOf(header)['max-age'], '60')
  clock.tick(59_000)
  t.equal((await hello(app, value)).body, 'Ada님 안녕하세요', 'still accepted before SESSION_TTL')
  clock.tick(2000)
  assertLoginForm(t, await hello(app, value), 'replayed after SESSION_TTL')
})

test('names with non-ASCII, ;, =, %, quotes and spaces round-trip without breaking the header', async (t) => {
  const app = await buildTestApp(t)
  const names = ['홍길동', 'a;b=c%20d', 'Ada Lovelace', '김 철수; Path=/evil', '"quoted", back\\slash', '👩‍💻 <b>x</b>', 'x'.repeat(100)]
  for (const name of names) {
    const { response, header, value } = await login(app, name)
    t.equal(response.statusCode, 302, `${name}: logged in`)
    t.match(header, /^[\x20-\x7e]+$/, `${name}: the header is printable ASCII`)
    // RFC 6265 cookie-octets: no space, quote, comma, semicolon or backslash a parser could split on.
    t.match(value, /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/, `${name}: the value is cookie-octets only`)
    t.same(Object.keys(attributesOf(header)).sort(), ['expires', 'httponly', 'max-age', 'path', 'samesite'], `${name}: no injected attribute`)
    t.equal((await hello(app, value)).body, `${name}님 안녕하세요`, `${name}: round-trips exactly`)
  }
  const padded = await login(app, '  Ada  ')
  t.equal((await hello(app, padded.value)).body, 'Ada님 안녕하세요', 'surrounding spaces are trimmed, as for users')
})

test('names with control characters, empty, too long or missing are refused with 400 and no cookie', async (t) => {
  const app = await buildTestApp(t)
  const refused = ['a\nb', 'a\r\nSet-Cookie: admin=1', 'tab\there', 'nul\u0000', 'del\u007f', 'nel\u0085', '', '   ', 'x'.repeat(101)]
  for (const name of refused) {
    const response = await app.inject({ url: loginUrl(name) })
    t.equal(response.statusCode, 400, JSON.stringify(name))
    t.match(response.json(), { statusCode: 400, error: 'Bad Request', message: /querystring\.name/ }, `${JSON.stringify(name)}: the message names the field`)
    t.notOk(response.headers['set-cookie'], `${JSON.stringify(name)}: no cookie`)
  }
  t.equal((await app.inject({ url: '/cookie/login' })).statusCode, 400, 'missing name')
  t.equal((await app.inject({ url: '/cookie/login?name=Ada&admin=1' })).statusCode, 400, 'an extra parameter')
})

test('over a real socket the headers are valid on the wire and the greeting arrives in UTF-8', async (t) => {
  const app = await buildTestApp(t)
  const base = await app.listen({ port: 0, host: '127.0.0.1' })

  const plain = await fetch(`${base}/cookie`)
  t.equal(await plain.text(), 'Hello Cookie')
  t.same(plain.headers.getSetCookie(), ['mycookie=test; Path=/; HttpOnly; SameSite=Lax'])

  for (const name of ['홍길동', 'a;b=c%20d', 'Ada Lovelace']) {
    const login = await fetch(`${base}${loginUrl(name)}`, { redirect: 'manual' })
    t.equal(login.status, 302, name)
    t.equal(login.headers.get('location'), '/cookie/hello')
    const [header, ...others] = login.headers.getSetCookie()
    t.equal(others.length, 0, `${name}: one Set-Cookie`)
    t.same(Object.keys(attributesOf(header ?? '')).sort(), ['expires', 'httponly', 'max-age', 'path', 'samesite'])
    const cookie = (header ?? '').slice(0, (header ?? '').indexOf(';'))
    const greeted = await fetch(new URL('/cookie/hello', base), { headers: { cookie } })
    t.equal(greeted.headers.get('content-type'), 'text/plain; charset=utf-8')
    t.equal(await greeted.text(), `${name}님 안녕하세요`, `${name}: round-trips over the wire`)
  }

  const form = await fetch(`${base}/cookie/hello`)
  t.equal(form.status, 200)
  t.match(await form.text(), /action="\/cookie\/login"/)
})
