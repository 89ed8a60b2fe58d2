// What bodies the routes take: clear answers to a refused body, and no answer about a body a route never reads.
import { test } from 'tap'
import { buildTestApp } from '../helper.js'
import { login, readSession, SESSION_COOKIE } from '../sessions/client.js'

const json = { 'content-type': 'application/json' }

test('a __proto__ or constructor.prototype key is refused by name, not called invalid JSON', async (t) => {
  const app = await buildTestApp(t)
  for (const payload of ['{"name":"Ada","__proto__":{"admin":true}}', '{"name":"Ada","x":{"constructor":{"prototype":{"admin":true}}}}']) {
    const response = await app.inject({ method: 'POST', url: '/users', headers: json, payload })
    t.equal(response.statusCode, 400, payload)
    t.match(response.json(), { statusCode: 400, error: 'Bad Request', message: 'body must not have a "__proto__" key, nor a "constructor" with a "prototype"' })
  }
  t.match((await app.inject({ method: 'POST', url: '/users', headers: json, payload: '{"name":' })).json().message, /not valid JSON/, 'malformed JSON is still called so')
  t.same((await app.inject({ url: '/users' })).json(), [], 'nothing was written')
})

test('a 415 says which body types the route takes', async (t) => {
  const app = await buildTestApp(t)
  const users = await app.inject({ method: 'POST', url: '/users', headers: { 'content-type': 'text/plain' }, payload: 'Ada' })
  t.equal(users.statusCode, 415)
  t.equal(users.json().message, 'Unsupported Media Type: this route takes a body of type application/json')
  const loginForm = await app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'text/plain' }, payload: 'Ada' })
  t.equal(loginForm.statusCode, 415)
  t.equal(loginForm.json().message, 'Unsupported Media Type: this route takes a body of type application/json or application/x-www-form-urlencoded')
})

test('DELETE /users/:id and POST /logout ignore any body', async (t) => {
  const app = await buildTestApp(t)
  const bodies: Array<[Record<string, string>, string]> = [
    [{ 'content-type': 'text/plain' }, 'whatever'],
    [json, ''],
    [json, '{not json'],
    [{}, 'no type at all']
  ]
  for (const [headers, payload] of bodies) {
    const owner = await login(t, app, 'Owner')
    const { id } = (await app.inject({ url: '/session', cookies: { [SESSION_COOKIE]: owner } })).json().user
    const deleted = await app.inject({ method: 'DELETE', url: `/users/${id}`, headers, payload, cookies: { [SESSION_COOKIE]: owner } })
    t.equal(deleted.statusCode, 204, `DELETE with ${JSON.stringify(headers)} ${JSON.stringify(payload)}`)
    t.equal((await app.inject({ url: `/users/${id}` })).statusCode, 404, 'the user is gone')

    const cookie = await login(t, app, 'Ada')
    const out = await app.inject({ method: 'POST', url: '/logout', headers, payload, cookies: { [SESSION_COOKIE]: cookie } })
    t.equal(out.statusCode, 204, `logout with ${JSON.stringify(headers)} ${JSON.stringify(payload)}`)
    t.equal((await readSession(app, cookie)).statusCode, 401, 'the session has ended')
  }
})
