// Every app compiles the same route schemas: the compilers reuse what an earlier app compiled.
import { test } from 'tap'
import Type from 'typebox'
import { COMPONENT_SCHEMAS } from '../../src/schemas/components.js'
import { ref } from '../../src/schemas/openapi.js'
import { buildSerializer } from '../../src/schemas/serialization.js'
import { User } from '../../src/schemas/users.js'
import { buildValidator } from '../../src/schemas/validation.js'

/** The shared schemas as Fastify hands them to an app: a copy of its own, by $id. */
function sharedSchemas () {
  return Object.fromEntries(COMPONENT_SCHEMAS.map((schema) => [String((schema as { $id?: string }).$id), structuredClone(schema)]))
}

test('two apps with the same shared schemas get the same serializer and validator for a route schema', async (t) => {
  const route = { method: 'GET', url: '/users/:id', httpStatus: '200', schema: ref(User) }
  const first = buildSerializer(sharedSchemas())(route)
  t.equal(buildSerializer(sharedSchemas())({ ...route, schema: structuredClone(route.schema) }), first, 'one serializer')
  t.equal(first({ id: 1, name: 'Ada', role: 'user', createdAt: 'a', updatedAt: 'b', extra: true }), '{"id":1,"name":"Ada","role":"user","createdAt":"a","updatedAt":"b"}', 'it follows the $ref')
  t.not(buildSerializer({ ...sharedSchemas(), Other: Type.String({ $id: 'Other' }) })(route), first, 'other shared schemas, another serializer')

  const body = { schema: Type.Object({ name: Type.String() }), httpPart: 'body' }
  t.equal(buildValidator(sharedSchemas()), buildValidator(sharedSchemas()), 'one validator compiler')
  t.ok(buildValidator(sharedSchemas())(body), 'which compiles route schemas')
})
