// GET /: the users page with its account area (greeting and logout form, or the login link) filled in on the server.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { errorResponses } from '../../plugins/errors.js'
import { STATIC_ROOT } from '../../plugins/static.js'

const START = '<!-- account -->'
const END = '<!-- /account -->'

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character)
}

/** Splits the page around its account area once, so each request only joins strings. */
function loadTemplate (file: string): [before: string, after: string] {
  const html = readFileSync(file, 'utf8')
  const start = html.indexOf(START)
  const end = html.indexOf(END, start)
  if (start === -1 || end === -1) throw new Error(`${file} has no account area (${START} … ${END})`)
  return [html.slice(0, start), html.slice(end + END.length)]
}

export function accountArea (name: string | undefined): string {
  if (name === undefined) return '<a href="/login">Login</a>'
  // A plain form, so logging out works without JavaScript.
  return `<span class="greeting">${escapeHtml(name)}님 안녕하세요</span> ` +
    '<form class="logout" action="/logout" method="post"><button type="submit">Logout</button></form>'
}

const home: FastifyPluginAsyncTypebox = async (app) => {
  const [before, after] = loadTemplate(join(STATIC_ROOT, 'index.html'))

  app.get('/', {
    schema: {
      hide: true,
      summary: 'The users page',
      description: 'static/index.html with the greeting and logout form for a logged-in visitor, the login link otherwise.',
      response: { 200: Type.String({ description: 'The page (text/html)' }), ...errorResponses(503) }
    }
  }, async (request, reply) => {
    // The page differs per visitor, so no cache may keep it.
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8')
    return before + accountArea(request.session.name) + after
  })
}

export default home
