// The one error shape every route answers with, and the response schemas routes list for it.
import { STATUS_CODES } from 'node:http'
import Type from 'typebox'
import { RATE_LIMIT_HEADERS, ref, RETRY_AFTER_HEADERS, type RefOptions, type ResponseHeaders } from './openapi.js'

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
  error: Type.String({ description: 'The HTTP reason phrase' }),
  message: Type.String({ description: 'What went wrong, for the person who sent the request' }),
  code: Type.Optional(Type.String({ description: 'A stable error code, when there is one' })),
  requestId: Type.Optional(Type.String({ description: 'The id of the request, to find it in the service\'s log' }))
}, { $id: 'ErrorResponse', title: 'Error', description: 'The body of every JSON error' })

const ERRORS: Record<number, { description: string, headers?: ResponseHeaders }> = {
  400: { description: 'The request is malformed or breaks a rule of its schema; the message says which field and why' },
  401: { description: 'No live session' },
  403: { description: 'Refused, e.g. a form posted from another site' },
  404: { description: 'Not found' },
  409: { description: 'Conflicts with the data as it is' },
  413: { description: 'The body is larger than the limit' },
  415: { description: 'The body is not in a format this route takes' },
  429: { description: 'Too many requests from this address; Retry-After says when to try again', headers: RATE_LIMIT_HEADERS },
  503: { description: 'A service this route needs is not available, or the server is overloaded; Retry-After says when to try again', headers: RETRY_AFTER_HEADERS }
}

/** Seconds a client should wait before retrying when a service the route needs is down. */
export const RETRY_AFTER_SECONDS = '5'

/** The response schema of one error status: its usual description and headers, or the ones given. */
export function errorResponse (statusCode: number, options: RefOptions = {}) {
  const usual = ERRORS[statusCode]
  return ref(ErrorResponse, { description: usual?.description ?? STATUS_CODES[statusCode], headers: usual?.headers, ...options })
}

/** Response schemas for the given error statuses, for a route's `response` map. */
export function errorResponses (...statusCodes: number[]): Record<number, ReturnType<typeof errorResponse>> {
  return Object.fromEntries(statusCodes.map((statusCode) => [statusCode, errorResponse(statusCode)]))
}
