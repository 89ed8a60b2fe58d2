// Liveness and readiness for process managers and load balancers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { errorResponse } from '../../schemas/errors.js'

const Status = Type.Object({ status: Type.Literal('ok') })

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/live', {
    // A load balancer's checks must not be refused: a 429 or 503 here would take a healthy host out of rotation.
    config: { rateLimit: false, shedLoad: false },
    schema: {
      operationId: 'checkLiveness',
      tags: ['health'],
      summary: 'Liveness',
      description: 'Answers 200 while the process serves requests, even while it sheds load.',
      response: { 200: { ...Status, description: 'The process serves' } }
    }
  }, async () => ({ status: 'ok' as const }))

  app.get('/ready', {
    // Not rate-limited, but shed like any route: a process shedding load is not ready for more traffic.
    config: { rateLimit: false },
    schema: {
      operationId: 'checkReadiness',
      tags: ['health'],
      summary: 'Readiness',
      description: 'Answers 200 when the database and the session store (Redis, when configured) answer and the process is not shedding load, 503 otherwise.',
      response: {
        200: { ...Status, description: 'Every dependency answers' },
        // Not ready is the answer itself, not an outage of this route: no Retry-After.
        503: errorResponse(503, { description: 'The database or the session store does not answer, or the process is shedding load', headers: undefined })
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
