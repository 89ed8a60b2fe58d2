// /account: rename, change the password, see and end sessions, delete the account; plain forms that work without JavaScript.
import formbody from '@fastify/formbody'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import Type, { type TSchema } from 'typebox'
import { signedIn } from '../../plugins/accounts.js'
import { sessionSupport } from '../../plugins/session.js'
import { errorResponses } from '../../schemas/errors.js'
import { Handle, type SessionSummary } from '../../schemas/sessions.js'
import { LoginPassword, Password, type User, UserName } from '../../schemas/users.js'
import { refuseCrossOrigin } from '../cross-site.js'
import { renderPage } from './layout.js'
import { compileTemplate, errorSlots, escapeHtml, type FieldErrors, HtmlPage, PageRedirect, sendPage, showFormErrors, typedName } from './template.js'

const Query = Type.Object({ done: Type.Optional(Type.Enum(['renamed', 'password', 'ended', 'ended-others'])) }, { additionalProperties: false })
const NoFields = Type.Object({}, { additionalProperties: false })
/** The delete form's checkbox: a delete for good is asked for twice, with or without JavaScript. */
const DeleteConfirmation = Type.Object({
  confirm: Type.Literal('yes', { description: 'The ticked box "I understand that this deletes my account for good"' })
}, { additionalProperties: false })

/** What the page says after each change it redirects back from. */
const DONE: Record<string, string> = {
  renamed: 'Your name was changed.',
  password: 'Your password was changed; every other session has ended.',
  ended: 'That session has ended.',
  'ended-others': 'Every other session has ended.'
}

function sessionItem (session: SessionSummary): string {
  const device = `${escapeHtml(session.userAgent || 'An unknown client')} · ${escapeHtml(session.address)}`
  const times = `logged in <time datetime="${session.createdAt}">${session.createdAt.slice(0, 16).replace('T', ' ')} UTC</time>, ` +
    `last seen <time datetime="${session.lastSeenAt}">${session.lastSeenAt.slice(0, 16).replace('T', ' ')} UTC</time>`
  const label = session.current ? 'Log out' : 'End'
  return `<li><span class="device">${device}<br>${times}${session.current ? ' <strong>(this session)</strong>' : ''}</span>` +
    '<form action="/account/sessions/end" method="post">' +
    `<input type="hidden" name="handle" value="${session.handle}"><button type="submit" class="danger">${label}</button></form></li>`
}

/**
 * A page form route: hidden from the API document, refused from other sites, for the logged-in user
 * (a visitor without a session is sent to the login page), answered 303 back to the page.
 */
function formRoute<Body extends TSchema> (summary: string, description: string, body: Body) {
  return {
    schema: {
      hide: true,
      summary,
      description: `${description} Answers 303; a refused form gets the page again with the message next to the field.`,
      body,
      response: { 303: PageRedirect, 400: HtmlPage, 403: HtmlPage, 404: HtmlPage, 409: HtmlPage, ...errorResponses(503) }
    },
    onRequest: refuseCrossOrigin,
    preValidation: requireAccount
  }
}

/** Sets request.user, or sends a visitor without a live session to the login page. */
async function requireAccount (request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const user = await request.server.accounts.current(request)
  if (user === undefined) return reply.redirect('/login', 303)
  request.user = user
}

const account: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(formbody)
  await app.register(sessionSupport)
  const { accounts } = app
  const page = compileTemplate('account.html')

  async function render (request: FastifyRequest, user: User, errors: FieldErrors = {}, status = ''): Promise<string> {
    const sessions = await accounts.sessions(user, request.session.id)
    return renderPage({
      title: 'Your account',
      outcome: status,
      description: 'Your account: rename yourself, change your password, see and end your sessions, or delete the account.',
      current: 'account',
      user,
      main: page({
        userName: escapeHtml(user.name),
        roleNote: user.role === 'admin' ? ', an admin' : '',
        name: typedName(request) || escapeHtml(user.name),
        sessions: sessions.map(sessionItem).join(''),
        status,
        ...errorSlots(errors)
      })
    })
  }
  showFormErrors(app, async (request, errors) => {
    const user = request.user ?? await accounts.current(request)
    return user === undefined ? undefined : render(request, user, errors)
  })

  app.get('/account', {
    schema: {
      hide: true,
      summary: 'The account page',
      description: 'static/templates/account.html for the logged-in user; a visitor without a session is sent to the login page.',
      querystring: Query,
      response: { 200: HtmlPage, 303: PageRedirect, ...errorResponses(400, 503) }
    }
  }, async (request, reply) => {
    const user = await accounts.current(request)
    if (user === undefined) return reply.redirect('/login', 303)
    return sendPage(reply, await render(request, user, {}, DONE[request.query.done ?? ''] ?? ''))
  })

  app.post('/account/name', formRoute('Rename yourself', 'The rename form.', Type.Object({ name: UserName }, { additionalProperties: false })),
    async (request, reply) => {
      const user = signedIn(request)
      await accounts.change(user, user.id, { name: request.body.name }, request.session.id)
      return reply.redirect('/account?done=renamed', 303)
    })

  app.post('/account/password', formRoute('Change your password', 'The password form; every other session of the user ends.',
    Type.Object({ currentPassword: LoginPassword, password: Password }, { additionalProperties: false })),
  async (request, reply) => {
    const user = signedIn(request)
    await accounts.change(user, user.id, request.body, request.session.id)
    return reply.redirect('/account?done=password', 303)
  })

  app.post('/account/sessions/end', formRoute('End a session', 'One session of the list, by its handle; the current one is a logout.',
    Type.Object({ handle: Handle }, { additionalProperties: false })),
  async (request, reply) => {
    const current = await accounts.endSession(signedIn(request), request.body.handle, request.session.id)
    if (!current) return reply.redirect('/account?done=ended', 303)
    await request.session.destroy()
    return reply.redirect('/', 303)
  })

  app.post('/account/sessions/end-others', formRoute('Log out everywhere else', 'Ends every session of the user but this one.', NoFields),
    async (request, reply) => {
      await accounts.endOtherSessions(signedIn(request), request.session.id)
      return reply.redirect('/account?done=ended-others', 303)
    })

  app.post('/account/delete', formRoute('Delete your account', 'Deletes the account and ends all its sessions, once the box saying so is ticked.', DeleteConfirmation),
    async (request, reply) => {
      const user = signedIn(request)
      await accounts.remove(user, user.id)
      await request.session.destroy()
      return reply.redirect('/', 303)
    })
}

export default account
