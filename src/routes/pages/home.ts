// GET /: the users page with its account area (greeting and logout form, or the login link) filled in on the server.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { sessionSupport } from '../../plugins/session.js'
import { readTemplate } from '../../plugins/static.js'
import { errorResponses } from '../../schemas/errors.js'
import type { User } from '../../schemas/users.js'

const START = '<!-- account -->'
const END = '<!-- /account -->'

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character)
}

/** Splits the page around its account area once, so each request only joins strings. */
function loadTemplate (file: string): [before: string, after: string] {
  const html = readTemplate(file)
  const start = html.indexOf(START)
  const end = html.indexOf(END, start)
  if (start === -1 || end === -1) throw new Error(`${file} has no account area (${START} … ${END})`)
  return [html.slice(0, start), html.slice(end + END.length)]
}

function accountArea (user: User | undefined): string {
  if (user === undefined) return '<a href="/login">Login</a>'
  // A plain form, so logging out works without JavaScript.
  return `<a href="/account" class="greeting">${escapeHtml(user.name)}님 안녕하세요</a> ` +
    '<form class="logout" action="/logout" method="post"><button type="submit">Logout</button></form>'
}

const home: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(sessionSupport)
  const [before, after] = loadTemplate('index.html')

  app.get('/', {
    schema: {
      hide: true,
      summary: 'The users page',
      description: 'static/templates/index.html with the greeting and logout form for a logged-in visitor, the login link otherwise.',
      response: { 200: Type.String({ description: 'The page (text/html)' }), ...errorResponses(503) }
    }
  }, async (request, reply) => {
    // The page differs per visitor, so no cache may keep it.
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8')
    return before + accountArea(await app.accounts.current(request)) + after
  })
}

export default home
