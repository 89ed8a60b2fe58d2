import { test } from 'tap'
import { buildTestApp } from '../helper.js'
import { login, readSession, SESSION_COOKIE, seedUser, TEST_PASSWORD } from '../sessions/client.js'

const host = 'app.example:8080'

// Each route that starts or ends a login, as a browser would request it.
const loginRoutes = [
  { method: 'POST', url: '/login', payload: { name: 'Ada', password: TEST_PASSWORD } },
  { method: 'POST', url: '/logout', payload: { name: 'Ada' } },
  { method: 'GET', url: '/cookie/login?name=Mallory' }
] as const

test('login and logout refuse requests another site makes a browser send', async (t) => {
  const app = await buildTestApp(t)
  const refused: Array<Record<string, string>> = [
    { 'sec-fetch-site': 'cross-site' },
    { 'sec-fetch-site': 'same-site' },
    // Sec-Fetch-Site is trusted first: an Origin that matches does not rescue a cross-site request.
    { 'sec-fetch-site': 'cross-site', origin: `http://${host}` },
    { origin: 'https://evil.example' },
    { origin: `https://${host}` },
    { origin: 'null' },
    { origin: 'not a url' }
  ]
  for (const headers of refused) {
    for (const route of loginRoutes) {
      const response = await app.inject({ ...route, headers: { host, ...headers } })
      t.equal(response.statusCode, 403, `${route.url} ${JSON.stringify(headers)}`)
      t.match(response.json(), { statusCode: 403, error: 'Forbidden' })
      t.equal(response.cookies.length, 0, 'no session is started')
    }
  }
})

test('same-origin browsers and clients without those headers pass', async (t) => {
  const app = await buildTestApp(t, { LOGIN_RATE_LIMIT_MAX: '0' })
  await seedUser(app, 'Ada')
  const allowed: Array<Record<string, string>> = [
    {},
    { 'sec-fetch-site': 'same-origin' },
    { 'sec-fetch-site': 'none' },
    // Chromium under a strict Referrer-Policy sends Origin: null on a same-origin post.
    { 'sec-fetch-site': 'same-origin', origin: 'null' },
    { origin: `http://${host}` },
    { origin: 'http://APP.example:8080' }
  ]
  for (const headers of allowed) {
    const response = await app.inject({ method: 'POST', url: '/login', headers: { host, ...headers }, payload: { name: 'Ada', password: TEST_PASSWORD } })
    t.equal(response.statusCode, 200, `login ${JSON.stringify(headers)}`)
    const cookieLogin = await app.inject({ method: 'GET', url: '/cookie/login?name=Ada', headers: { host, ...headers } })
    t.equal(cookieLogin.statusCode, 302, `cookie login ${JSON.stringify(headers)}`)
  }
  const cookie = await login(t, app, 'Ada')
  const out = await app.inject({ method: 'POST', url: '/logout', headers: { host, origin: `http://${host}` }, cookies: { [SESSION_COOKIE]: cookie } })
  t.equal(out.statusCode, 204)
  t.equal((await readSession(app, cookie)).statusCode, 401)
})

test('a refused logout leaves the session alone', async (t) => {
  const app = await buildTestApp(t)
  const cookie = await login(t, app, 'Ada')
  const response = await app.inject({ method: 'POST', url: '/logout', headers: { 'sec-fetch-site': 'cross-site' }, cookies: { [SESSION_COOKIE]: cookie } })
  t.equal(response.statusCode, 403)
  t.equal((await readSession(app, cookie)).statusCode, 200)
})
