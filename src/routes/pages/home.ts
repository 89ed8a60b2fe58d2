// GET / (the users page with its account area and sign-up form filled in on the server) and POST /signup.
import formbody from '@fastify/formbody'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import Type from 'typebox'
import { sessionSupport } from '../../plugins/session.js'
import { errorResponses } from '../../schemas/errors.js'
import { ref } from '../../schemas/openapi.js'
import { Registration, type User } from '../../schemas/users.js'
import { refuseCrossOrigin } from '../cross-site.js'
import { compileTemplate, errorSlots, escapeHtml, type FieldErrors, PageRedirect, sendPage, showFormErrors, typedName } from './template.js'

const HtmlPage = Type.String({ description: 'The page (text/html)' })

export function accountArea (user: User | undefined): string {
  if (user === undefined) return '<a href="/login">Login</a>'
  // A plain form, so logging out works without JavaScript; the greeting leads to the account page.
  return `<a href="/account" class="greeting">${escapeHtml(user.name)}님 안녕하세요</a> ` +
    '<form class="logout" action="/logout" method="post"><button type="submit">Logout</button></form>'
}

const home: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(formbody)
  await app.register(sessionSupport)
  const { accounts } = app
  const usersPage = compileTemplate('index.html')

  async function renderUsers (request: FastifyRequest, errors: FieldErrors = {}): Promise<string> {
    const user = await accounts.current(request)
    return usersPage({
      account: accountArea(user),
      viewerId: user === undefined ? '' : String(user.id),
      viewerRole: user?.role ?? '',
      name: typedName(request),
      ...errorSlots(errors)
    })
  }
  showFormErrors(app, renderUsers)

  app.get('/', {
    schema: {
      hide: true,
      summary: 'The users page',
      description: 'static/templates/index.html with the greeting and logout form for a logged-in visitor, the login link otherwise.',
      response: { 200: HtmlPage, ...errorResponses(503) }
    }
  }, async (request, reply) => sendPage(reply, await renderUsers(request)))

  app.post('/signup', {
    schema: {
      hide: true,
      summary: 'Sign up from the users page',
      description: 'The sign-up form without JavaScript: registers the account, logs it in and answers 303 to the users page; ' +
        'a refused form gets the page again with the message next to the field.',
      body: ref(Registration),
      response: { 303: PageRedirect, 400: HtmlPage, 403: HtmlPage, 409: HtmlPage, ...errorResponses(503) }
    },
    onRequest: refuseCrossOrigin
  }, async (request, reply) => {
    const user = await accounts.register(request.body.name, request.body.password)
    await accounts.logIn(request, user)
    return reply.redirect('/', 303)
  })
}

export default home
