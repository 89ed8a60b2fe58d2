// The error handler: one shape for every error, { statusCode, error, message, code?, requestId }; 5xx details stay in the log.
import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import Router from 'find-my-way'
import { isDatabaseUnavailable } from '../db/index.js'
import { RETRY_AFTER_SECONDS } from '../schemas/errors.js'
import { SessionStoreUnavailableError } from '../sessions/store.js'
import { OverloadedError } from './load-shedding.js'

function sendError (reply: FastifyReply, statusCode: number, message: string, code?: string): FastifyReply {
  return reply.code(statusCode).type('application/json; charset=utf-8')
    .send({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, code, requestId: reply.request.id })
}

/**
 * True when the connection closed before the request was complete (the client hung up, or the
 * request timeout cut it off; the body stream fails with "aborted"): nothing is wrong with the
 * service, and there is nobody left to answer.
 */
function isClientAbort (request: FastifyRequest): boolean {
  return request.raw.destroyed && !request.raw.complete
}

/** What to log and answer when a service the route needs is down, or undefined for any other error. */
function describeOutage (error: Error): { logLine: string, message: string } | undefined {
  if (isDatabaseUnavailable(error)) return { logLine: 'the database is unavailable', message: 'Service Unavailable: the database is not available; try again shortly' }
  if (error instanceof SessionStoreUnavailableError) return { logLine: 'request failed', message: error.message }
  return undefined
}

const BODY_TYPES = ['application/json', 'application/x-www-form-urlencoded']

/** A 415 that says what the route takes (a `curl -d` without a content type meets it first). */
function describeMediaTypes (request: FastifyRequest): string {
  // request.server is the route's own plugin context, so a route that registered formbody takes forms.
  const taken = BODY_TYPES.filter((type) => request.server.hasContentTypeParser(type))
  return `Unsupported Media Type: this route takes a body of type ${taken.join(' or ')}`
}

/** True for a client (a browser) that would rather have HTML than JSON. */
export function prefersHtml (request: FastifyRequest): boolean {
  return request.accepts().type(['json', 'html']) === 'html'
}

export interface ErrorsPluginOptions {
  /** The HTML 404 page for a request; the pages render it, with the visitor's account area. */
  notFoundPage: (request: FastifyRequest) => Promise<string>
}

export default fp<ErrorsPluginOptions>(async (app, { notFoundPage }) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // A path that escapes static/ is answered like any missing page: its existence is not confirmed.
    if (error.code === 'FST_STATIC_FORBIDDEN_PATH') return reply.callNotFound()
    if (isClientAbort(request)) {
      request.log.info({ code: error.code, reason: error.message }, 'the connection closed before the request was complete')
      return sendError(reply, 400, 'Bad Request: the request was not complete', error.code)
    }
    // Refused on purpose, with Retry-After set; the load-shedding plugin logs when shedding starts and stops.
    if (error instanceof OverloadedError) return sendError(reply, 503, error.message, error.code)
    // A database or session store being away is no bug of the route: it answers 503 and the client retries.
    const outage = describeOutage(error)
    if (outage !== undefined) {
      request.log.error({ err: error }, outage.logLine)
      reply.header('retry-after', RETRY_AFTER_SECONDS)
      return sendError(reply, 503, outage.message)
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
    // The reason only: a validation error carries the body it refused (a password, say) and the stack says nothing.
    request.log.info({ code: error.code, reason: error.message }, 'request refused')
    const message = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? describeMediaTypes(request) : error.message
    return sendError(reply, statusCode, message, error.code)
  })

  // The methods of every route path (Fastify's own router, find-my-way, matching the same patterns),
  // so a known path asked with a method it lacks is a 405 naming the allowed ones, not a 404.
  // Wildcard routes (static files) are left out: a file that is not there is still a 404.
  const knownPaths = Router()
  const methodsOf = new Map<string, Set<string>>()
  app.addHook('onRoute', ({ url, method }) => {
    if (url.includes('*')) return
    let methods = methodsOf.get(url)
    if (methods === undefined) {
      methods = new Set()
      methodsOf.set(url, methods)
      knownPaths.on('GET', url, () => {}, methods)
    }
    for (const each of [method].flat()) methods.add(each)
  })

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?', 1)[0]!
    const allowed = knownPaths.find('GET', path)?.store as Set<string> | undefined
    if (allowed !== undefined && !allowed.has(request.method)) {
      const allow = [...allowed].join(', ')
      return sendError(reply.header('allow', allow), 405, `${request.method} is not allowed on ${path}; this path takes ${allow}`)
    }
    if (prefersHtml(request)) return reply.code(404).type('text/html; charset=utf-8').send(await notFoundPage(request))
    return sendError(reply, 404, `Route ${request.method}:${request.url} not found`, 'FST_ERR_NOT_FOUND')
  })
}, { name: 'errors', dependencies: ['@fastify/accepts'] })
