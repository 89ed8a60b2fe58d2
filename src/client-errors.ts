// Answers to requests refused before any route or hook sees them: by Node's HTTP parser (not HTTP,
// too slow, headers too large) or by Fastify's router (a URL that does not decode). They get the
// error shape and the security headers of every other answer.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { REQUEST_ID_HEADER } from './plugins/request-log.js'

const ANSWERS: Record<string, { statusCode: number, message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { statusCode: 408, message: 'The request did not arrive in time' },
  HPE_HEADER_OVERFLOW: { statusCode: 431, message: 'The request line and headers are larger than the server accepts' }
}
const MALFORMED = { statusCode: 400, message: 'The request is not valid HTTP' }

/** Fastify's `clientErrorHandler`, answering with the given (security) headers. */
export function clientErrorHandler (headers: Record<string, string>) {
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return
    const { statusCode, message } = ANSWERS[error.code ?? ''] ?? MALFORMED
    const reason = STATUS_CODES[statusCode]
    const body = JSON.stringify({ statusCode, error: reason, message })
    if (socket.writable) {
      socket.write(`HTTP/1.1 ${statusCode} ${reason}\r\n${head}Content-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
    }
    socket.destroy(error)
  }
}

/**
 * Fastify's `frameworkErrors`: the error shape, with the security headers and the request id that the
 * onRequest hooks (which never ran) would have set. Sent as a body, since such an error would reach
 * Fastify's own error handler, not ours.
 */
export function frameworkErrorHandler (headers: Record<string, string>) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const statusCode = error.statusCode ?? 400
    reply.headers(headers).header(REQUEST_ID_HEADER, request.id).code(statusCode)
      .send({ statusCode, error: STATUS_CODES[statusCode], message: error.message, code: error.code, requestId: request.id })
  }
}
