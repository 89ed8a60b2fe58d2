// The OpenAPI 3.1 document, generated from the route schemas, and interactive docs at /docs.
// How a route describes itself is in src/schemas/openapi.ts.
import swagger, { type SwaggerTransform } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import Type from 'typebox'
import { publishedDocument } from '../schemas/document.js'
import { errorResponse } from '../schemas/errors.js'
import { SESSION_SCHEME } from '../schemas/openapi.js'
import { SESSION_COOKIE } from './session.js'

/**
 * Every route is rate-limited (RATE_LIMIT_MAX, or its own limit) unless it opts out, so every
 * operation can answer 429: the document says so without each route listing it.
 */
const documentRateLimit: SwaggerTransform = ({ schema, url, route }) => {
  // Fastify types a route's response map as unknown: it may be any object of schemas by status.
  const response = (schema?.response ?? {}) as Record<string, unknown>
  if (schema === undefined || route.config?.rateLimit === false || response[429] !== undefined) return { schema, url }
  return { schema: { ...schema, response: { ...response, 429: errorResponse(429) } }, url }
}

/** The header of every answer (src/plugins/request-log.ts), documented on every response. */
const REQUEST_ID_HEADER = {
  'X-Request-Id': {
    description: 'The id of this request in the service\'s log: the client\'s own X-Request-Id when valid (1 to 128 of A-Z a-z 0-9 . _ : -), else a new one',
    schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' }
  }
}

interface Operation { responses?: Record<string, { headers?: Record<string, unknown> }> }

function documentRequestId<Document extends object> (document: Document): Document {
  const { paths = {} } = document as { paths?: Record<string, Record<string, Operation>> }
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      for (const response of Object.values(operation.responses ?? {})) response.headers = { ...response.headers, ...REQUEST_ID_HEADER }
    }
  }
  return document
}

export default fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Users service',
        description: 'Users, cookies and sessions over HTTP, HTTPS and HTTP/2.',
        version: '1.0.0',
        license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' }
      },
      servers: [
        { url: '/', description: 'The server this document is served by' },
        { url: 'http://127.0.0.1:8080', description: 'npm run dev with the default HOST and PORT' }
      ],
      tags: [
        { name: 'users', description: 'Registered users' },
        { name: 'cookies', description: 'The cookie lecture: a plain cookie and a signed login cookie' },
        { name: 'sessions', description: 'Log in and out; server-side sessions behind an HttpOnly cookie' },
        { name: 'health', description: 'Liveness and readiness for load balancers' }
      ],
      components: {
        securitySchemes: {
          [SESSION_SCHEME]: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'The session cookie that POST /login sets (HttpOnly: a browser sends it by itself)'
          }
        }
      },
      // Operations are public unless they say otherwise (`security` in the route schema).
      security: []
    },
    // A component is named by its `$id` (User, ErrorResponse), not swagger's default `def-0`, `def-1`.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? json.$id : `def-${i}`
    },
    transform: documentRateLimit,
    transformObject: (document) => documentRequestId(publishedDocument('openapiObject' in document ? document.openapiObject : document.swaggerObject))
  })
  // No staticCSP: the docs get the service's own Content-Security-Policy (the security plugin), which
  // allows what they load; Swagger UI's would add upgrade-insecure-requests over plain HTTP too.
  await app.register(swaggerUi, { routePrefix: '/docs' })

  app.get('/openapi.json', {
    schema: {
      hide: true,
      summary: 'The OpenAPI document',
      description: 'This API described in OpenAPI 3.1.',
      response: { 200: Type.Object({}, { additionalProperties: true }) }
    }
  }, async () => app.swagger())
}, { name: 'openapi' })
