// One error shape for every route: { statusCode, error, message, code? }; 5xx details stay in the log.
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import Type from 'typebox'
import { isDatabaseUnavailable } from '../db/index.js'

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
  error: Type.String({ description: 'The HTTP reason phrase' }),
  message: Type.String({ description: 'What went wrong, for the person who sent the request' }),
  code: Type.Optional(Type.String({ description: 'A stable error code, when there is one' }))
}, { title: 'Error' })

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or breaks a rule of its schema; the message says which field and why',
  401: 'No live session',
  403: 'Refused, e.g. a form posted from another site',
  404: 'Not found',
  413: 'The body is larger than the limit',
  415: 'The body is not in a format this route takes',
  429: 'Too many requests; Retry-After says when to try again',
  503: 'A service this route needs is not available; Retry-After says when to try again'
}

/** Seconds a client should wait before retrying when a service the route needs is down. */
export const RETRY_AFTER_SECONDS = '5'

/** Response schemas for the given error statuses, for a route's `response` map. */
export function errorResponses (...statusCodes: number[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(statusCodes.map((statusCode) =>
    [statusCode, { ...ErrorResponse, description: ERROR_DESCRIPTIONS[statusCode] ?? STATUS_CODES[statusCode] }]))
}

function sendError (reply: FastifyReply, statusCode: number, message: string, code?: string): FastifyReply {
  return reply.code(statusCode).type('application/json; charset=utf-8')
    .send({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, code })
}

/** True for a client (a browser) that would rather have HTML than JSON. */
export function prefersHtml (request: FastifyRequest): boolean {
  return request.accepts().type(['json', 'html']) === 'html'
}

export default fp(async (app) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // A path that escapes static/ is answered like any missing page: its existence is not confirmed.
    if (error.code === 'FST_STATIC_FORBIDDEN_PATH') return reply.callNotFound()
    // The database being away is no bug of the route: every route answers 503 and the client retries.
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: error }, 'the database is unavailable')
      reply.header('retry-after', RETRY_AFTER_SECONDS)
      return sendError(reply, 503, 'Service Unavailable: the database is not available; try again shortly')
    }
    const statusCode = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500
    const headers = (error as FastifyError & { headers?: Record<string, string> }).headers
    if (headers !== undefined) reply.headers(headers)
    if (statusCode >= 500) {
      request.log.error({ err: error }, 'request failed')
      // Only errors made to be shown (http-errors' `expose`) keep their message; others may carry internals.
      const exposed = (error as FastifyError & { expose?: boolean }).expose === true
      return sendError(reply, statusCode, exposed ? error.message : `${STATUS_CODES[statusCode] ?? 'Server error'}: something went wrong on our side`)
    }
    request.log.info({ err: error }, 'request refused')
    return sendError(reply, statusCode, error.message, error.code)
  })

  app.setNotFoundHandler((request, reply) => {
    if (prefersHtml(request)) return reply.code(404).type('text/html; charset=utf-8').sendFile('404.html')
    return sendError(reply, 404, `Route ${request.method}:${request.url} not found`, 'FST_ERR_NOT_FOUND')
  })
}, { name: 'errors', dependencies: ['@fastify/static', '@fastify/accepts'] })
