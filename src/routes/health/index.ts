// Liveness and readiness for process managers and load balancers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { errorResponse } from '../../schemas/errors.js'

const Status = Type.Object({ status: Type.Literal('ok') })

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/live', {
    schema: {
      operationId: 'checkLiveness',
      tags: ['health'],
      summary: 'Liveness',
      description: 'Answers 200 while the process serves requests.',
      response: { 200: { ...Status, description: 'The process serves' } }
    }
  }, async () => ({ status: 'ok' as const }))

  app.get('/ready', {
    schema: {
      operationId: 'checkReadiness',
      tags: ['health'],
      summary: 'Readiness',
      description: 'Answers 200 when the database and the session store (Redis, when configured) answer, 503 otherwise.',
      response: {
        200: { ...Status, description: 'Every dependency answers' },
        // Not ready is the answer itself, not an outage of this route: no Retry-After.
        503: errorResponse(503, { description: 'The database or the session store does not answer', headers: undefined })
      }
    }
  }, async (request) => {
    try {
      await app.pingDatabase()
    } catch (error) {
      request.log.warn({ err: error }, 'database is not ready')
      throw app.httpErrors.serviceUnavailable('The database does not answer')
    }
    try {
      await app.sessionStore.ping()
    } catch (error) {
      request.log.warn({ err: error }, 'session store is not ready')
      throw app.httpErrors.serviceUnavailable('The session store does not answer')
    }
    return { status: 'ok' as const }
  })
}

export default health
