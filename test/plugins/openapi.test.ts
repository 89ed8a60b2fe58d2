import { Validator } from '@seriousme/openapi-schema-validator'
import { test } from 'tap'
import { buildTestApp } from '../helper.js'

interface Operation { summary?: string, description?: string, tags?: string[], responses?: Record<string, unknown> }

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

test('GET /docs serves the interactive documentation', async (t) => {
  const app = await buildTestApp(t)
  const response = await app.inject({ url: '/docs/' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/html/)
  t.match(response.body, /swagger-ui/i)
})
