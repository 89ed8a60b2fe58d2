// Page templates with {{slot}} placeholders, and the error handler that answers a refused form with its page, in plain words.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import Type from 'typebox'
import { readTemplate } from '../../plugins/static.js'
import { Location } from '../../schemas/openapi.js'

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character)
}

export const HtmlPage = Type.String({ description: 'The page (text/html)' })

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

/** What a person reads when a field breaks its rule, whatever the schema's wording for API clients. */
export const FIELD_RULES: Readonly<Record<string, string>> = {
  name: 'Enter a name of 1 to 100 characters.',
  password: 'Choose a password of 8 to 128 characters.',
  currentPassword: 'Enter your current password.',
  version: 'This form is out of date; reload the page and try again.',
  page: 'This form is out of date; reload the page and try again.',
  handle: 'That session is not in the list any more; reload the page.',
  confirm: 'Tick the box to confirm that the account is to be deleted for good.',
  form: 'This form is out of date; reload the page and try again.'
}

/** The accounts service's refusals of a field (`body.<field> …`, for API clients), as a person would say them. */
const FIELD_REFUSALS: ReadonlyArray<[RegExp, string]> = [
  [/common passwords/, 'This is one of the most common passwords, which anyone could guess; choose another.'],
  [/is not your current password/, 'That is not your current password.'],
  [/is needed/, 'Enter your current password.']
]

function humanMessage (error: FastifyError, field: string, rules: Readonly<Record<string, string>>): string {
  if (error.validation !== undefined) return rules[field] ?? FIELD_RULES[field] ?? FIELD_RULES['form']!
  const refusal = /^body\.\w+ (.*)$/.exec(error.message)?.[1]
  if (refusal === undefined) return error.message
  return FIELD_REFUSALS.find(([pattern]) => pattern.test(refusal))?.[1] ?? `${refusal[0]?.toUpperCase()}${refusal.slice(1)}`
}

/**
 * Answers a refused form (any 4xx) with its page again, a message in plain words next to the field
 * (`rules` words a form's own fields, e.g. the login's password), and the same status; anything else
 * (or a render without a page) goes on to the app's error handler (JSON, 503 with Retry-After, …).
 * A form is a urlencoded POST unless `fromForm` says otherwise (e.g. for a GET form).
 */
export function showFormErrors (scope: FastifyInstance, render: (request: FastifyRequest, errors: FieldErrors) => Promise<string | undefined>,
  rules: Readonly<Record<string, string>> = {}, fromForm: (request: FastifyRequest) => boolean = isFormPost): void {
  scope.setErrorHandler(async (error: FastifyError, request, reply) => {
    const statusCode = error.statusCode ?? 500
    if (statusCode >= 500 || !fromForm(request)) throw error
    const field = fieldOf(error)
    const page = await render(request, { [field]: escapeHtml(humanMessage(error, field, rules)) })
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
    // The refused field takes the focus, so the keyboard and the screen reader start at the message.
    slots[`${field}Invalid`] = ' aria-invalid="true" autofocus'
  }
  return slots
}

/**
 * What the visitor typed in the name field, for the page that answers a refused form: from the body
 * of a POST, from the query of a GET form only (so no link can put words into a posted form's page).
 */
export function typedName (request: FastifyRequest): string {
  const fields = request.method === 'GET' ? request.query : request.body
  const name = (fields as { name?: unknown } | undefined)?.name
  return typeof name === 'string' ? escapeHtml(name) : ''
}
