// The OpenAPI 3.1 document, generated from the route schemas, and interactive docs at /docs.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import Type from 'typebox'

export default fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Users service',
        description: 'Users, cookies and sessions over HTTP, HTTPS and HTTP/2.',
        version: '1.0.0'
      },
      tags: [
        { name: 'users', description: 'Registered users' },
        { name: 'cookies', description: 'The cookie lecture: a plain cookie and a signed login cookie' },
        { name: 'sessions', description: 'Log in and out; server-side sessions behind an HttpOnly cookie' },
        { name: 'health', description: 'Liveness and readiness for load balancers' }
      ]
    }
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
