// Routes that take no body (DELETE /users/:id, POST /logout) ignore whatever a client sends with
// them, rather than answering 415 or 400 about a body they never read.
import type { FastifyInstance } from 'fastify'

/** Makes the scope's only body parser one that drains the body and gives nothing; returns the scope. */
export function ignoreBodies (scope: FastifyInstance): FastifyInstance {
  scope.removeAllContentTypeParsers()
  scope.addContentTypeParser('*', (_request, payload, done) => {
    payload.on('error', done).on('end', () => done(null, undefined)).resume()
  })
  return scope
}
