// GET /cookie: the plain cookie, the text and JSON answers, and the cookie routes' OpenAPI entries.
import { test } from 'tap'
import { buildTestApp } from '../../helper.js'

test('GET /cookie sets mycookie=test and answers Hello Cookie as text', async (t) => {
  const app = await buildTestApp(t)
  const response = await app.inject({ url: '/cookie' })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'text/plain; charset=utf-8')
  t.equal(response.body, 'Hello Cookie')
  t.equal(response.headers['set-cookie'], 'mycookie=test; Path=/; HttpOnly; SameSite=Lax')
  t.match(response.headers.vary, /Accept/, 'caches keep the text and JSON answers apart')
})

test('GET /cookie with Accept: application/json echoes the cookies it received', async (t) => {
  const app = await buildTestApp(t)
  const response = await app.inject({
    url: '/cookie',
    headers: { accept: 'application/json', cookie: 'mycookie=test; theme=dark; note=a%3Bb%20c' }
  })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^application\/json/)
  t.same(response.json(), { message: 'Hello Cookie', received: { mycookie: 'test', theme: 'dark', note: 'a;b c' } })
  t.equal(response.cookies.find((cookie) => cookie.name === 'mycookie')?.value, 'test', 'the JSON answer sets the cookie too')

  const none = await app.inject({ url: '/cookie', headers: { accept: 'application/json' } })
  t.same(none.json(), { message: 'Hello Cookie', received: {} })

  const browser = await app.inject({ url: '/cookie', headers: { accept: 'text/html,*/*;q=0.8' } })
  t.equal(browser.body, 'Hello Cookie', 'a client that does not ask for JSON gets the text')
})

test('GET /cookie refuses unknown query parameters like the other routes', async (t) => {
  const app = await buildTestApp(t)
  const response = await app.inject({ url: '/cookie?x=1' })
  t.equal(response.statusCode, 400)
  t.match(response.json(), { statusCode: 400, error: 'Bad Request' })
})

test('the cookie routes are documented in OpenAPI under the cookies tag', async (t) => {
  const app = await buildTestApp(t)
  const document = (await app.inject({ url: '/openapi.json' })).json()
  t.ok(document.tags.some((tag: { name: string }) => tag.name === 'cookies'), 'the tag is described')
  const expected: Record<string, string[]> = {
    '/cookie': ['200', '400', '429'],
    '/cookie/login': ['302', '400', '403', '429'],
    '/cookie/hello': ['200', '400', '429']
  }
  for (const [path, statuses] of Object.entries(expected)) {
    const operation = document.paths[path]?.get
    t.same(operation?.tags, ['cookies'], `${path} is tagged`)
    t.ok(operation?.summary && operation?.description, `${path} has a summary and a description`)
    t.same(Object.keys(operation?.responses ?? {}).sort(), statuses, `${path} documents every status`)
  }
  t.same(Object.keys(document.paths['/cookie'].get.responses['200'].content).sort(), ['application/json', 'text/plain'])
  t.same(Object.keys(document.paths['/cookie/hello'].get.responses['200'].content).sort(), ['text/html', 'text/plain'])
  t.match(document.paths['/cookie/login'].get.parameters, [{ in: 'query', name: 'name', required: true }])
  t.ok(document.paths['/cookie/login'].get.responses['302'].headers['Set-Cookie'], 'the 302 documents its Set-Cookie')
})
