// The one error shape every route answers with, and the response schemas routes list for it.
import { STATUS_CODES } from 'node:http'
import Type from 'typebox'

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
  409: 'Conflicts with the data as it is',
  413: 'The body is larger than the limit',
  415: 'The body is not in a format this route takes',
  429: 'Too many requests; Retry-After says when to try again',
  503: 'A service this route needs is not available; Retry-After says when to try again'
}

/** A route's OpenAPI `security`: the session cookie (scheme `session`, declared by the openapi plugin). */
export const SESSION_SECURITY = [{ session: [] }]

/** Seconds a client should wait before retrying when a service the route needs is down. */
export const RETRY_AFTER_SECONDS = '5'

/** Response schemas for the given error statuses, for a route's `response` map. */
export function errorResponses (...statusCodes: number[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(statusCodes.map((statusCode) =>
    [statusCode, { ...ErrorResponse, description: ERROR_DESCRIPTIONS[statusCode] ?? STATUS_CODES[statusCode] }]))
}
