// A known path asked with a method it does not have is 405 with Allow; an unknown path stays 404.
import { test } from 'tap'
import { buildTestApp } from '../helper.js'

test('a known path with a method it lacks is 405, naming the allowed methods in Allow', async (t) => {
  const app = await buildTestApp(t)
  const cases: Array<[string, string, string]> = [
    ['DELETE', '/users', 'GET, HEAD, POST'],
    ['POST', '/users/5', 'GET, HEAD, PUT, PATCH, DELETE'],
    ['PUT', '/session', 'GET, HEAD'],
    ['GET', '/logout', 'POST'],
    ['PATCH', '/health/live', 'GET, HEAD']
  ]
  for (const [method, url, allow] of cases) {
    const response = await app.inject({ method: method as 'GET', url: `${url}?x=1` })
    t.equal(response.statusCode, 405, `${method} ${url}`)
    t.equal(response.headers.allow, allow, `${method} ${url}: Allow`)
    t.same(response.json(), {
      statusCode: 405,
      error: 'Method Not Allowed',
      message: `${method} is not allowed on ${url}; this path takes ${allow}`,
      requestId: response.headers['x-request-id']
    })
    t.ok(response.headers['x-content-type-options'], 'with the security headers')
  }
})

test('an unknown path, or a static file asked with another method, is still 404', async (t) => {
  const app = await buildTestApp(t)
  for (const [method, url] of [['GET', '/nope'], ['DELETE', '/about.html'], ['DELETE', '/users/5/extra']]) {
    const response = await app.inject({ method: method as 'GET', url })
    t.equal(response.statusCode, 404, `${method} ${url}`)
    t.notOk(response.headers.allow, 'no Allow header')
  }
})
