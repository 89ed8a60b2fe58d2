// Answers about a person's session are never kept by a cache: each carries Cache-Control: no-store.
import { test } from 'tap'
import { buildTestApp } from '../../helper.js'
import { logout, readSession, SESSION_COOKIE, seedUser, TEST_PASSWORD } from '../../sessions/client.js'

test('login, the session, logout and their errors carry Cache-Control: no-store', async (t) => {
  const app = await buildTestApp(t)
  await seedUser(app, 'Ada')
  const loggedIn = await app.inject({ method: 'POST', url: '/login', payload: { name: 'Ada', password: TEST_PASSWORD } })
  t.equal(loggedIn.statusCode, 200)
  t.equal(loggedIn.headers['cache-control'], 'no-store', 'the JSON login answer names the user')
  const cookie = loggedIn.cookies.find((each) => each.name === SESSION_COOKIE)!.value

  const session = await readSession(app, cookie)
  t.equal(session.json().user.name, 'Ada')
  t.equal(session.headers['cache-control'], 'no-store', 'GET /session names the user')

  const out = await logout(app, cookie)
  t.equal(out.statusCode, 204)
  t.equal(out.headers['cache-control'], 'no-store')

  const ended = await readSession(app, cookie)
  t.equal(ended.statusCode, 401)
  t.equal(ended.headers['cache-control'], 'no-store', 'a 401 is not cached either')
})
