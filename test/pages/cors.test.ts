// Chromium's own preflights: a page of an origin in CORS_ORIGINS calls the API with cookies; another origin cannot.
import { once } from 'node:events'
import { createServer } from 'node:http'
import t from 'tap'
import { seedUser, TEST_PASSWORD } from '../sessions/client.js'
import { pageTest } from './browser.js'

/** A site of its own (another port is another origin) serving one empty page. */
async function otherOrigin (): Promise<string> {
  const server = createServer((request, response) => {
    response.writeHead(request.url === '/' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' })
    // No favicon request: the page's only requests are the ones the test makes.
    response.end('<!doctype html><title>other origin</title><link rel="icon" href="data:,">')
  }).listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => { server.closeAllConnections(); server.close() })
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`
}

const listed = await otherOrigin()
const unlisted = await otherOrigin()

/** Logs in as Ada with JSON (a preflighted request) and reads the session, from the page's origin. */
const loginAndRead = (api: string) => `(async () => {
  const login = await fetch('${api}/login', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ada', password: '${TEST_PASSWORD}' }) })
  const session = await fetch('${api}/session', { credentials: 'include' })
  return { login: login.status, session: session.status, body: await session.json() }
})()`

pageTest('a page of a listed origin logs in and reads its session through CORS with credentials', { env: { CORS_ORIGINS: listed } }, async (t, { page, app, url }) => {
  await seedUser(app, 'Ada')
  await page.goto(listed)
  const preflights: string[] = []
  page.on('request', (request) => { if (request.method() === 'OPTIONS') preflights.push(new URL(request.url()).pathname) })
  const result = await page.evaluate(loginAndRead(url)) as { login: number, session: number, body: { user: { name: string } } }
  t.equal(result.login, 200, 'the login answer is readable')
  t.equal(result.session, 200, 'the session cookie came back with the next call')
  t.equal(result.body.user.name, 'Ada')
})

pageTest('a page of an origin not listed cannot read the API', { env: { CORS_ORIGINS: listed } }, async (t, { page, url, expectProblem }) => {
  expectProblem(/blocked by CORS policy/)
  expectProblem(/Failed to load resource: net::ERR_FAILED/)
  expectProblem(/request failed: (POST|OPTIONS) \/login/)
  await page.goto(unlisted)
  const outcome = await page.evaluate(`${loginAndRead(url)}.then(() => 'read', (error) => error.name)`)
  t.equal(outcome, 'TypeError', 'the browser refuses the answer')
})
