// CORS on real sockets: preflights and answers for the origins CORS_ORIGINS lists, nothing for any other.
import { test, type Test } from 'tap'
import { loadConfig } from '../../src/config.js'
import { buildTestApp, rawRequest } from '../helper.js'

const APP_ORIGIN = 'https://app.example.com'

async function listening (t: Test, env: Record<string, string> = {}) {
  const app = await buildTestApp(t, env)
  return await app.listen({ port: 0, host: '127.0.0.1' })
}

const preflight = (base: string, path: string, origin: string) => rawRequest(base, path, {
  method: 'OPTIONS',
  headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'content-type,if-match' }
})

test('a listed origin gets a cached preflight with credentials, and its answers expose the API headers', async (t) => {
  const base = await listening(t, { CORS_ORIGINS: `${APP_ORIGIN}, http://localhost:5173` })
  const answer = await preflight(base, '/users/1', APP_ORIGIN)
  t.equal(answer.status, 204)
  t.equal(answer.headers['access-control-allow-origin'], APP_ORIGIN, 'the origin itself, never *')
  t.equal(answer.headers['access-control-allow-credentials'], 'true')
  t.match(answer.headers['access-control-allow-methods'], /PATCH/)
  t.match(answer.headers['access-control-allow-headers'], /If-Match/i)
  t.equal(answer.headers['access-control-max-age'], '600', 'browsers may cache the preflight')
  t.match(answer.headers.vary, /Origin/, 'caches keep answers for different origins apart')

  const list = await rawRequest(base, '/users', { headers: { origin: 'http://localhost:5173' } })
  t.equal(list.status, 200)
  t.equal(list.headers['access-control-allow-origin'], 'http://localhost:5173', 'the second listed origin too')
  const exposed = String(list.headers['access-control-expose-headers']).split(/\s*,\s*/)
  for (const header of ['ETag', 'Link', 'Location', 'X-Request-Id']) t.ok(exposed.includes(header), `${header} is readable by the page`)
})

test('an origin not listed, a page outside the API, or no CORS_ORIGINS at all: no CORS header', async (t) => {
  const base = await listening(t, { CORS_ORIGINS: APP_ORIGIN })
  const cases = [
    ['an unlisted origin', await preflight(base, '/users/1', 'https://evil.example')],
    ['a lookalike origin', await preflight(base, '/users/1', 'https://app.example.com.evil.example')],
    ['a page', await rawRequest(base, '/about', { headers: { origin: APP_ORIGIN } })],
    ['the documentation', await rawRequest(base, '/openapi.json', { headers: { origin: APP_ORIGIN } })],
    ['same origin only', await preflight(await listening(t), '/users/1', APP_ORIGIN)]
  ] as const
  for (const [label, answer] of cases) {
    t.notOk(answer.headers['access-control-allow-origin'], `${label}: no Access-Control-Allow-Origin`)
    t.notOk(answer.headers['access-control-allow-credentials'], `${label}: no credentials`)
  }
})

test('the cross-site check lets a listed origin log in and refuses any other', async (t) => {
  const base = await listening(t, { CORS_ORIGINS: APP_ORIGIN })
  const login = (origin: string) => rawRequest(base, '/login', {
    method: 'POST',
    headers: { origin, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Ada' })
  })
  t.not((await login(APP_ORIGIN)).status, 403, 'a listed origin is not refused as cross-site')
  t.equal((await login('https://evil.example')).status, 403, 'another site is')
})

test('CORS_ORIGINS must be origins: a path or another scheme is a configuration error naming it', async (t) => {
  for (const value of ['https://app.example.com/path', 'ftp://app.example.com', '*', 'https://a.example,']) {
    t.throws(() => loadConfig({ CORS_ORIGINS: value }), /^Invalid configuration: CORS_ORIGINS=/, value)
  }
})
