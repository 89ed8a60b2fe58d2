import { test } from 'tap'
import { publishedDocument, standardSchema } from '../../src/schemas/document.js'

test('standardSchema drops every keyword JSON Schema and OpenAPI do not define, at any depth', async (t) => {
  const schema = {
    type: 'object',
    errorMessage: 'top',
    'x-internal': true,
    properties: {
      // Property names are data, not keywords: a property may be called anything.
      errorMessage: { type: 'string', errorMessage: 'nested', minLength: 1 },
      list: { type: 'array', items: { anyOf: [{ type: 'string', coerce: true }, { type: 'null', coerce: false }] } }
    }
  }
  t.same(standardSchema(schema), {
    type: 'object',
    'x-internal': true,
    properties: {
      errorMessage: { type: 'string', minLength: 1 },
      list: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'null' }] } }
    }
  })
  t.equal(schema.properties.errorMessage.errorMessage, 'nested', 'the input is left as it was: validation keeps reading it')
})

/** A document with the schema in every place a schema goes, and a route whose body is ignored. */
function documentWith (schema: object, ignoredBodyRequired: boolean) {
  return {
    openapi: '3.1.0',
    components: { schemas: { Name: schema } },
    paths: {
      '/a': {
        post: {
          'x-custom': 1,
          parameters: [{ in: 'query', name: 'q', schema }],
          requestBody: { required: true, content: { 'application/json': { schema } } },
          responses: { 200: { description: 'ok', headers: { Location: { schema } }, content: { 'text/plain': { schema } } } }
        }
      },
      '/b': { post: { requestBody: { required: ignoredBodyRequired, content: { 'application/json': { schema: { description: 'Ignored' } } } }, responses: {} } }
    }
  }
}

test('publishedDocument cleans the schemas of parameters, bodies, responses and headers, and only those', async (t) => {
  t.same(publishedDocument(documentWith({ type: 'string', errorMessage: 'x' }, true)), documentWith({ type: 'string' }, false),
    'and a body schema that accepts anything is an optional body')
})
