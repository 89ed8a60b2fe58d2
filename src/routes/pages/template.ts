// Page templates with {{slot}} placeholders, and the error handler that answers a refused form with its page.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { readTemplate } from '../../plugins/static.js'
import { Location } from '../../schemas/openapi.js'

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character)
}

/** The answer to a page's form that worked: 303 to the next page. */
export const PageRedirect = Type.Null({ description: 'Done; Location points to the next page', headers: { Location } })

/** Values for a template's slots, already HTML (escape text with escapeHtml); a slot left out is empty. */
export type Slots = Record<string, string | undefined>

/** Splits the template at its slots once, so each request only joins strings. */
export function compileTemplate (file: string): (slots: Slots) => string {
  const parts = readTemplate(file).split(/\{\{(\w+)\}\}/)
  return (slots) => parts.map((part, index) => index % 2 === 0 ? part : slots[part] ?? '').join('')
}

/** Sends a page: it differs per visitor, so no cache may keep it. */
export function sendPage (reply: FastifyReply, html: string, statusCode = 200): FastifyReply {
  return reply.code(statusCode).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html)
}

export function isFormPost (request: FastifyRequest): boolean {
  return request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') === true
}

/** The form field an error is about: the one the accounts service named, or the one the schema check failed on. */
function fieldOf (error: FastifyError): string {
  const named = (error as FastifyError & { field?: string }).field
  if (named !== undefined) return named
  const [first] = error.validation ?? []
  const missing = first?.params?.missingProperty
  return typeof missing === 'string' ? missing : first?.instancePath.split('/')[1] || 'form'
}

/** The error messages a page shows, by field (`form` for the ones about no field), escaped. */
export type FieldErrors = Record<string, string>

/**
 * Answers a refused form post (any 4xx) with its page again, the server's message next to the field,
 * and the same status; anything else (or a render without a page) goes on to the app's error handler (JSON, 503 with Retry-After, …).
 */
export function showFormErrors (scope: FastifyInstance, render: (request: FastifyRequest, errors: FieldErrors) => Promise<string | undefined>): void {
  scope.setErrorHandler(async (error: FastifyError, request, reply) => {
    const statusCode = error.statusCode ?? 500
    if (statusCode >= 500 || !isFormPost(request)) throw error
    const page = await render(request, { [fieldOf(error)]: escapeHtml(error.message) })
    // No page to show it on (e.g. the account page without a session): the app's own answer.
    if (page === undefined) throw error
    return sendPage(reply, page, statusCode)
  })
}

/** A form's slots for the errors shown next to its fields: each message, and aria-invalid on the field. */
export function errorSlots (errors: FieldErrors): Slots {
  const slots: Slots = {}
  for (const [field, message] of Object.entries(errors)) {
    slots[`${field}Error`] = message
    slots[`${field}Invalid`] = ' aria-invalid="true"'
  }
  return slots
}

/** What the visitor typed in the name field, for the page that answers a refused form. */
export function typedName (request: FastifyRequest): string {
  const name = (request.body as { name?: unknown } | undefined)?.name
  return typeof name === 'string' ? escapeHtml(name) : ''
}
