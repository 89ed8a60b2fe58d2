// The OpenAPI 3.1 document, generated from the route schemas, and interactive docs at /docs.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import Type from 'typebox'
import { SESSION_COOKIE } from './session.js'

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
      ],
      components: {
        securitySchemes: {
          // Routes name it with `security: SESSION_SECURITY`; POST /login sets the cookie.
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The signed session cookie that POST /login sets' }
        }
      }
    }
  })
  // staticCSP: the docs page sends its own Content-Security-Policy that allows what it needs.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })

  app.get('/openapi.json', {
    schema: {
      hide: true,
      summary: 'The OpenAPI document',
      description: 'This API described in OpenAPI 3.1.',
      response: { 200: Type.Object({}, { additionalProperties: true }) }
    }
  }, async () => app.swagger())
}, { name: 'openapi' })
