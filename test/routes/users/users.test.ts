import { buildTestApp, testEachDatabase } from '../../helper.js'
import { login, SESSION_COOKIE, TEST_PASSWORD } from '../../sessions/client.js'

const json = { 'content-type': 'application/json' }
const password = TEST_PASSWORD

testEachDatabase('a user goes through create, read, list, replace, patch and delete', async (t, env) => {
  const app = await buildTestApp(t, env)

  const created = await app.inject({ method: 'POST', url: '/users', headers: json, payload: { name: '  Ada  ', password } })
  t.equal(created.statusCode, 201)
  const user = created.json()
  t.match(user, { id: Number, name: 'Ada', role: 'user', createdAt: String, updatedAt: String })
  // Changes need the user's session.
  const headers = { ...json, cookie: `${SESSION_COOKIE}=${await login(t, app, 'Ada')}` }
  t.equal(created.headers.location, `/users/${user.id}`)
  t.ok(!Number.isNaN(Date.parse(user.createdAt)), 'createdAt is a date-time')

  const read = await app.inject({ url: `/users/${user.id}` })
  t.equal(read.statusCode, 200)
  t.same(read.json(), user)

  const listed = await app.inject({ url: '/users' })
  t.same(listed.json(), [user])

  const replaced = await app.inject({ method: 'PUT', url: `/users/${user.id}`, headers, payload: { name: 'Grace' } })
  t.equal(replaced.statusCode, 200)
  t.equal(replaced.json().name, 'Grace')
  t.equal(replaced.json().createdAt, user.createdAt)

  const patched = await app.inject({ method: 'PATCH', url: `/users/${user.id}`, headers, payload: { name: 'Hopper' } })
  t.equal(patched.statusCode, 200)
  t.equal(patched.json().name, 'Hopper')

  const unchanged = await app.inject({ method: 'PATCH', url: `/users/${user.id}`, headers, payload: {} })
  t.equal(unchanged.statusCode, 200)
  t.equal(unchanged.json().name, 'Hopper')

  const deleted = await app.inject({ method: 'DELETE', url: `/users/${user.id}`, headers: { cookie: headers.cookie } })
  t.equal(deleted.statusCode, 204)
  t.equal(deleted.body, '')

  const gone = await app.inject({ url: `/users/${user.id}` })
  t.equal(gone.statusCode, 404)
  t.match(gone.json(), { statusCode: 404, error: 'Not Found', message: `User ${user.id} not found` })
})

testEachDatabase('a missing id is a 404 JSON error on every method (for an admin, who may change any user)', async (t, env) => {
  const app = await buildTestApp(t, env)
  const cookie = await login(t, app, 'Root')
  await app.usersRepository.promote('Root')
  for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
    const hasBody = method === 'PUT' || method === 'PATCH'
    const response = await app.inject({ method, url: '/users/4242', cookies: { [SESSION_COOKIE]: cookie }, ...(hasBody && { headers: json, payload: { name: 'x' } }) })
    t.equal(response.statusCode, 404, method)
    t.match(response.headers['content-type'], /^application\/json/)
    t.equal(response.json().error, 'Not Found')
  }
})

testEachDatabase('the list is ordered by id and paginated with limit and offset', async (t, env) => {
  const app = await buildTestApp(t, env)
  for (const name of ['a', 'b', 'c', 'd', 'e']) {
    await app.inject({ method: 'POST', url: '/users', headers: json, payload: { name, password } })
  }
  const all = (await app.inject({ url: '/users' })).json()
  t.same(all.map((user: { name: string }) => user.name), ['a', 'b', 'c', 'd', 'e'])
  t.ok(all.every((user: { id: number }, index: number) => index === 0 || user.id > all[index - 1].id), 'ordered by id')

  const page = (await app.inject({ url: '/users?limit=2&offset=1' })).json()
  t.same(page.map((user: { name: string }) => user.name), ['b', 'c'])

  t.same((await app.inject({ url: '/users?limit=&offset=' })).json(), all, 'empty values mean "not given": the defaults apply')
  const past = ['offset=2147483648', 'offset=9223372036854775808', 'offset=1e308', 'limit=1e2', 'limit=01', 'limit=%2B5', 'offset=%201']
  for (const query of ['limit=0', 'limit=1001', 'limit=abc', 'offset=-1', 'unknown=1', ...past]) {
    const response = await app.inject({ url: `/users?${query}` })
    t.equal(response.statusCode, 400, query)
    t.match(response.json().message, /querystring/, `${query}: the message names the query string`)
  }
  t.equal((await app.inject({ url: '/users?limit=1000' })).statusCode, 200)
})

testEachDatabase('bad bodies are 400 with a message naming the field, never coerced or stripped', async (t, env) => {
  const app = await buildTestApp(t, env)
  // Each body as POST /users (name and password) and PUT /users/:id (name only) would take it.
  const cases: Array<[string, object | string, RegExp]> = [
    ['wrong type', { name: 42 }, /body\.name must be string/],
    ['extra property', { name: 'Ada', admin: true }, /additional property "admin"/],
    ['empty name', { name: '' }, /body\.name must be 1 to 100 characters/],
    ['only spaces', { name: '   ' }, /body\.name must be 1 to 100 characters/],
    ['101 characters', { name: 'x'.repeat(101) }, /body\.name must be 1 to 100 characters/],
    ['a newline', { name: 'a\nb' }, /body\.name .*without control characters/],
    ['a tab', { name: 'Ada\t' }, /body\.name .*without control characters/],
    ['missing name', {}, /body must have required property 'name'/],
    ['an array', [{ name: 'Ada' }], /body must be object/],
    ['malformed JSON', '{"name": "Ada"', /not valid JSON/],
    ['null', 'null', /body must be object/]
  ]
  const cookie = await login(t, app, 'Root')
  const id = (await app.inject({ url: '/users' })).json()[0].id
  for (const [label, body, message] of cases) {
    const withPassword = typeof body === 'string' || Array.isArray(body) ? body : JSON.stringify({ ...body, password })
    const requests = [['POST', '/users', withPassword], ['PUT', `/users/${id}`, typeof body === 'string' ? body : JSON.stringify(body)]] as const
    for (const [method, url, payload] of requests) {
      const response = await app.inject({ method, url, headers: json, payload: typeof payload === 'string' ? payload : JSON.stringify(payload), cookies: { [SESSION_COOKIE]: cookie } })
      t.equal(response.statusCode, 400, `${method} ${label}`)
      t.match(response.json(), { statusCode: 400, error: 'Bad Request', message }, `${method} ${label}`)
    }
  }
  const patch = await app.inject({ method: 'PATCH', url: `/users/${id}`, headers: json, payload: { name: 7 }, cookies: { [SESSION_COOKIE]: cookie } })
  t.equal(patch.statusCode, 400)
  t.same((await app.inject({ url: '/users' })).json().map((user: { name: string }) => user.name), ['Root'], 'nothing was written')
})

testEachDatabase('one name rule everywhere: a control character is refused by POST /users, /login and /cookie/login', async (t, env) => {
  const app = await buildTestApp(t, env)
  for (const name of ['a\nb', 'a\r\nb', 'tab\there', 'nul\u0000', 'nel\u0085']) {
    const requests = [
      { method: 'POST', url: '/users', headers: json, payload: JSON.stringify({ name, password }) },
      { method: 'POST', url: '/login', headers: json, payload: JSON.stringify({ name, password }) },
      { method: 'GET', url: `/cookie/login?name=${encodeURIComponent(name)}` }
    ] as const
    for (const request of requests) {
      const response = await app.inject(request)
      t.equal(response.statusCode, 400, `${request.url} ${JSON.stringify(name)}`)
      t.match(response.json().message, /without control characters/)
    }
  }
  t.same((await app.inject({ url: '/users' })).json(), [], 'nothing was written')
})

testEachDatabase('a name of 100 characters after trimming is accepted', async (t, env) => {
  const app = await buildTestApp(t, env)
  const name = 'é'.repeat(100)
  const response = await app.inject({ method: 'POST', url: '/users', headers: json, payload: { name: `  ${name}   `, password } })
  t.equal(response.statusCode, 201)
  t.equal(response.json().name, name)
})

testEachDatabase('a body that is not JSON is 415, one over the limit is 413', async (t, env) => {
  const app = await buildTestApp(t, env)
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
    const response = await app.inject({ method: 'POST', url: '/users', headers: { 'content-type': type }, payload: 'name=Ada' })
    t.equal(response.statusCode, 415, type)
    t.equal(response.json().statusCode, 415)
  }
  const huge = await app.inject({ method: 'POST', url: '/users', headers: json, payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), password }) })
  t.equal(huge.statusCode, 413)
  t.equal(huge.json().statusCode, 413)
})

testEachDatabase('a bad id is 400', async (t, env) => {
  const app = await buildTestApp(t, env)
  await app.inject({ method: 'POST', url: '/users', headers: json, payload: { name: 'Ada', password } })
  for (const id of ['abc', '0', '-1', '1.5', '99999999999', '2147483648', '01', '1e0', '0x1', '%2B1', '%201', '1'.repeat(101)]) {
    const response = await app.inject({ url: `/users/${id}` })
    t.equal(response.statusCode, 400, id)
    t.match(response.json().message, /params\.id/)
  }
  t.match((await app.inject({ url: '/users/01' })).json().message, /decimal digits/, 'the message says how to write an id')
  t.equal((await app.inject({ url: '/users/1' })).statusCode, 200, 'the same user by its canonical id')
})
