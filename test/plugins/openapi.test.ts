import { Validator } from '@seriousme/openapi-schema-validator'
import { test, type Test } from 'tap'
import { buildTestApp } from '../helper.js'

interface Response { headers?: Record<string, unknown>, content?: Record<string, { schema?: unknown }> }
interface Operation {
  operationId?: string
  summary?: string
  description?: string
  tags?: string[]
  security?: unknown[]
  requestBody?: { required?: boolean, content: Record<string, { schema?: unknown }> }
  responses?: Record<string, Response>
}

async function openapiDocument (t: Test) {
  const app = await buildTestApp(t)
  return (await app.inject({ url: '/openapi.json' })).json()
}

function operationsOf (document: { paths: Record<string, Record<string, Operation>> }): Array<[string, Operation]> {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]): [string, Operation] => [`${method.toUpperCase()} ${path}`, operation]))
}

const component = (name: string) => ({ $ref: `#/components/schemas/${name}` })

test('GET /openapi.json is a valid OpenAPI 3.1 document of every API route', async (t) => {
  const app = await buildTestApp(t)
  const response = await app.inject({ url: '/openapi.json' })
  t.equal(response.statusCode, 200)
  const document = response.json()
  t.equal(document.openapi, '3.1.0')

  const validator = new Validator()
  const result = await validator.validate(document)
  t.same(result.errors, undefined, 'no validation errors')
  t.equal(result.valid, true)

  const paths = document.paths as Record<string, Record<string, Operation>>
  t.match(Object.keys(paths).sort(), ['/cookie', '/cookie/hello', '/cookie/login', '/health/live', '/health/ready', '/login', '/logout', '/session', '/sessions', '/sessions/{handle}', '/users', '/users/{id}'])
  t.notOk(Object.keys(paths).some((path) => path.includes('*') || path === '/openapi.json'), 'static and doc routes are hidden')

  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      t.ok(operation.summary, `${method} ${path} has a summary`)
      t.ok(operation.description, `${method} ${path} has a description`)
      t.ok(operation.tags?.length, `${method} ${path} has tags`)
      t.ok(Object.keys(operation.responses ?? {}).length > 0, `${method} ${path} documents its responses`)
    }
  }
  t.match(Object.keys(paths['/users']?.post?.responses ?? {}), ['201', '400', '403', '409', '413', '415'])
  t.match(Object.keys(paths['/users/{id}']?.delete?.responses ?? {}), ['204', '400', '401', '403', '404', '409'])
})

test('every operation has a unique camelCase operationId, the name a generated client gives it', async (t) => {
  const operations = operationsOf(await openapiDocument(t))
  for (const [name, operation] of operations) t.match(operation.operationId, /^[a-z][a-zA-Z]+$/, `${name} has an operationId`)
  const ids = operations.map(([, operation]) => operation.operationId)
  t.equal(new Set(ids).size, ids.length, 'no two operations share one')
  t.match(Object.fromEntries(operations.map(([name, operation]) => [name, operation.operationId])), {
    'GET /users': 'listUsers',
    'POST /users': 'createUser',
    'GET /users/{id}': 'getUser',
    'POST /login': 'login',
    'GET /session': 'getSession',
    'POST /logout': 'logout'
  })
})

test('shared types are named components that bodies and responses refer to', async (t) => {
  const document = await openapiDocument(t)
  t.match(Object.keys(document.components.schemas).sort(), ['Credentials', 'ErrorResponse', 'Registration', 'Session', 'User', 'UserInput', 'UserList', 'UserPatch'])
  t.same(document.components.schemas.UserList.items, component('User'), 'a component refers to another')
  t.match(document.components.schemas.ErrorResponse.properties, { requestId: { type: 'string' } }, 'an error may carry the request id')
  const users = document.paths['/users']
  t.same(users.get.responses['200'].content['application/json'].schema, component('UserList'))
  t.same(users.post.requestBody.content['application/json'].schema, component('Registration'))
  t.same(users.post.responses['201'].content['application/json'].schema, component('User'))
  for (const [name, operation] of operationsOf(document)) {
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      if (Number(status) >= 400) t.same(response.content?.['application/json']?.schema, component('ErrorResponse'), `${name} ${status} is an ErrorResponse`)
    }
  }
})

test('the document carries only standard keywords; validation still uses its own', async (t) => {
  const document = await openapiDocument(t)
  t.notMatch(JSON.stringify(document), /"errorMessage"/, 'errorMessage is not published')
  t.ok(document.components.schemas.UserInput.properties.name.pattern, 'the rule itself is')
  const app = await buildTestApp(t)
  const refused = await app.inject({ method: 'POST', url: '/users', payload: { name: ' ', password: 'a long enough one' } })
  t.match(refused.json().message, /body\.name must be 1 to 100 characters after trimming/, 'the message still comes from errorMessage')
})

test('servers, license, the session cookie as a security scheme, and who needs it', async (t) => {
  const document = await openapiDocument(t)
  t.match(document.servers, [{ url: '/' }])
  t.match(document.info.license, { name: String, identifier: String })
  t.same(document.components.securitySchemes.sessionCookie, {
    type: 'apiKey', in: 'cookie', name: 'sessionId', description: String(document.components.securitySchemes.sessionCookie.description)
  })
  t.same(document.security, [], 'public unless an operation says otherwise')
  t.same(document.paths['/session'].get.security, [{ sessionCookie: [] }], 'GET /session needs the session')
  t.same(document.paths['/logout'].post.security, [{ sessionCookie: [] }, {}], 'logout uses it when there is one')
  t.notOk(document.paths['/login'].post.security, 'login does not')
})

test('the headers the service sends are documented', async (t) => {
  const document = await openapiDocument(t)
  const operations = operationsOf(document)
  // The health checks are never rate-limited, so they document no 429.
  for (const [name, operation] of operations.filter(([path]) => !path.startsWith('GET /health/'))) {
    t.match(operation.responses?.['429']?.headers, { 'Retry-After': {}, 'X-RateLimit-Limit': {}, 'X-RateLimit-Remaining': {}, 'X-RateLimit-Reset': {} }, `${name} may answer 429`)
  }
  t.notOk(document.paths['/health/live'].get.responses['429'], 'GET /health/live never answers 429')
  t.notOk(document.paths['/health/ready'].get.responses['429'], 'GET /health/ready never answers 429')
  for (const [name, operation] of operations.filter(([path]) => path !== 'GET /health/ready')) {
    if (operation.responses?.['503'] !== undefined) t.ok(operation.responses['503'].headers?.['Retry-After'], `${name} 503 says Retry-After`)
  }
  t.notOk(document.paths['/health/ready'].get.responses['503'].headers['Retry-After'], 'not ready is no outage: no Retry-After')
  t.ok(document.paths['/users'].post.responses['201'].headers.Location, '201 says Location')
  for (const [path, method] of [['/login', 'post'], ['/session', 'get'], ['/logout', 'post']] as const) {
    const [success] = Object.values(document.paths[path][method].responses as Record<string, Response>)
    t.ok(success?.headers?.['Cache-Control'], `${method.toUpperCase()} ${path} says Cache-Control`)
  }
})

test('/login and /logout take a form or JSON; a logout body is optional', async (t) => {
  const { paths } = await openapiDocument(t)
  const types = ['application/json', 'application/x-www-form-urlencoded']
  t.same(Object.keys(paths['/login'].post.requestBody.content), types)
  t.equal(paths['/login'].post.requestBody.required, true)
  t.same(Object.keys(paths['/logout'].post.requestBody.content), types)
  t.equal(paths['/logout'].post.requestBody.required, false, 'any body is ignored, so none is needed')
})

test('every answer of every operation documents X-Request-Id, as the service sends it on all', async (t) => {
  const { paths } = await openapiDocument(t)
  let count = 0
  for (const [path, operations] of Object.entries(paths as Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        count++
        if (response.headers?.['X-Request-Id'] === undefined) t.fail(`${method.toUpperCase()} ${path} ${status} lacks X-Request-Id`)
      }
    }
  }
  t.ok(count > 50, `${count} answers checked`)
})

test('GET /docs serves the interactive documentation', async (t) => {
  const app = await buildTestApp(t)
  const response = await app.inject({ url: '/docs/' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/html/)
  t.match(response.body, /swagger-ui/i)
})
