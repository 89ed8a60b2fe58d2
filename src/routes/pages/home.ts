// GET / (the users page: the list, a page at a time, and the sign-up form, all rendered on the server),
// and the forms that work without JavaScript: POST /signup, /users/:id/edit and /users/:id/delete.
import formbody from '@fastify/formbody'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import Type from 'typebox'
import { requireUser, signedIn } from '../../plugins/accounts.js'
import { sessionSupport } from '../../plugins/session.js'
import { errorResponses } from '../../schemas/errors.js'
import { ref } from '../../schemas/openapi.js'
import { Registration, type User, UserName, UserParams } from '../../schemas/users.js'
import { refuseCrossOrigin } from '../cross-site.js'
import { renderPage } from './layout.js'
import { homeUrl, listSlots, PAGE_SIZE } from './users-list.js'
import { compileTemplate, errorSlots, escapeHtml, FIELD_RULES, type FieldErrors, HtmlPage, PageRedirect, sendPage, showFormErrors, typedName } from './template.js'

const Id = Type.Integer({ minimum: 1, maximum: 2147483647, description: 'A user id' })
const PageNumber = Type.Integer({ minimum: 1, maximum: 2147483647, description: 'The page of the list, 50 users a page (default 1)' })

/** What the page says after each form it redirects back from. */
const DONE = {
  'signed-up': 'Welcome! Your account is made and you are logged in.',
  renamed: 'The name was changed.',
  deleted: 'The user was deleted.',
  'account-deleted': 'Your account was deleted and you are logged out.'
}
type Done = keyof typeof DONE

const HomeQuery = Type.Object({
  page: Type.Optional(PageNumber),
  edit: Type.Optional({ ...Id, description: 'Shows this user\'s row as a rename form (without JavaScript)' }),
  delete: Type.Optional({ ...Id, description: 'Shows this user\'s row asking to confirm the delete (without JavaScript)' }),
  done: Type.Optional(Type.Enum(Object.keys(DONE) as Done[], { description: 'What the form before did, to say so' }))
// Other parameters (a campaign's utm_source, a click id) are ignored: a link to the page must not break on them.
})

/** A form field carrying the page the form was on, so the answer returns to it. */
const PageField = Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'The page of the list the form was on' }))
const RenameForm = Type.Object({
  name: UserName,
  version: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'The version the form was made from; a newer one is a conflict (412)' })),
  page: PageField
}, { additionalProperties: false })
const DeleteForm = Type.Object({ page: PageField }, { additionalProperties: false })

/** The page number a form post came from (the list is on that page again after it). */
function pageOf (request: FastifyRequest): number {
  const page = (request.body as { page?: unknown } | undefined)?.page
  return typeof page === 'string' && /^[1-9][0-9]{0,8}$/.test(page) ? Number(page) : 1
}

/** Where a form on the users page answers 303 to: the page it was on, with what it did. */
function backTo (page: number, done: Done): string {
  return homeUrl(page, `done=${done}`)
}

const home: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(formbody)
  await app.register(sessionSupport)
  const { accounts, usersRepository } = app
  const usersPage = compileTemplate('index.html')

  interface View { page: number, edit?: number, confirmDelete?: number, status?: string, errors?: FieldErrors }

  async function renderUsers (request: FastifyRequest, user: User | undefined, view: View): Promise<string> {
    const read = async (page: number) => await usersRepository.list({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
    let { users, total } = await read(view.page)
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
    // Past the last page (after deletes, or a typed URL): the last one.
    const page = Math.min(view.page, pages)
    if (page < view.page) ({ users, total } = await read(page))
    const errors = view.errors ?? {}
    const editing = request.routeOptions.url === '/users/:id/edit'
    // A refused rename keeps its row in edit, with what was typed and the message; the sign-up form is left alone.
    const edit = view.edit === undefined
      ? undefined
      : { id: view.edit, ...(editing && { typed: typedName(request), error: errors.name ?? errors.version }) }
    // A refused rename of a user who is not on this page (any more) says why above the list instead.
    const editShown = edit !== undefined && users.some((shown) => shown.id === edit.id)
    const signUp = request.routeOptions.url === '/signup' ? { name: typedName(request), ...errorSlots(errors) } : {}
    return renderPage({
      title: 'Users',
      outcome: view.status,
      description: 'The users of the service, 50 a page: sign up, and rename or delete your own account.',
      current: 'home',
      user,
      scripts: ['/users.js'],
      mainAttributes: ` data-viewer-id="${user === undefined ? '' : user.id}" data-viewer-role="${user?.role ?? ''}"`,
      main: usersPage({
        // The script words the API's refusals as the form posts' are.
        nameRule: escapeHtml(FIELD_RULES['name']!),
        passwordRule: escapeHtml(FIELD_RULES['password']!),
        status: view.status,
        // A rename's or delete's refusal about no field of its own (no right to, another site, an odd page number).
        listError: request.routeOptions.url === '/signup' ? '' : errors.form ?? errors.page ?? (editShown ? undefined : errors.name ?? errors.version ?? errors.id),
        ...signUp,
        ...listSlots(users, { page, pages, total, viewer: user, edit, confirmDelete: view.confirmDelete })
      })
    })
  }

  showFormErrors(app, async (request, errors) => {
    const { id } = (request.params ?? {}) as { id?: number }
    const view: View = { page: pageOf(request), errors }
    if (request.routeOptions.url === '/users/:id/edit' && id !== undefined) view.edit = id
    return await renderUsers(request, request.user ?? await accounts.current(request), view)
  })

  app.get('/', {
    schema: {
      hide: true,
      summary: 'The users page',
      description: 'static/templates/index.html in the shared layout: the sign-up form and the list, 50 users a page with ' +
        'Previous and Next links, Edit and Delete on the rows the viewer may change; the greeting and logout form for a logged-in visitor.',
      querystring: HomeQuery,
      response: { 200: HtmlPage, ...errorResponses(400, 503) }
    }
  }, async (request, reply) => {
    const { page = 1, edit, delete: confirmDelete, done } = request.query
    const status = done === undefined ? '' : DONE[done]
    return sendPage(reply, await renderUsers(request, await accounts.current(request), { page, edit, confirmDelete, status }))
  })

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
    return reply.redirect(backTo(1, 'signed-up'), 303)
  })

  const refused = { 400: HtmlPage, 401: HtmlPage, 403: HtmlPage, 404: HtmlPage, 409: HtmlPage, 412: HtmlPage, ...errorResponses(503) }

  app.post('/users/:id/edit', {
    schema: {
      hide: true,
      summary: 'Rename a user from the users page',
      description: 'The rename form of a row without JavaScript: the user or an admin; answers 303 to the page it was on. ' +
        'A refused form (a bad or taken name, someone else\'s change since the form was made, no right to) gets the page ' +
        'again with the row still in edit and the message next to the field.',
      params: UserParams,
      body: RenameForm,
      response: { 303: PageRedirect, ...refused }
    },
    onRequest: refuseCrossOrigin,
    preValidation: requireUser
  }, async (request, reply) => {
    const { id } = request.params
    const { name, version } = request.body
    try {
      await accounts.change(signedIn(request), id, { name }, request.session.id, version === undefined ? undefined : [Number(version)])
    } catch (error) {
      const current = (error as { statusCode?: number }).statusCode === 412 ? await usersRepository.find(id) : undefined
      if (current === undefined) throw error
      throw app.httpErrors.createError(412, `Someone else renamed this user to “${current.name}” while you were editing. ` +
        'Save again to use your name instead, or Cancel to keep theirs.', { field: 'name' })
    }
    return reply.redirect(backTo(pageOf(request), 'renamed'), 303)
  })

  app.post('/users/:id/delete', {
    schema: {
      hide: true,
      summary: 'Delete a user from the users page',
      description: 'The confirmed delete of a row without JavaScript: the user or an admin; answers 303 to the page it was on ' +
        '(deleting one\'s own account also logs out). A refused delete gets the page again with the message above the list.',
      params: UserParams,
      body: DeleteForm,
      response: { 303: PageRedirect, ...refused }
    },
    onRequest: refuseCrossOrigin,
    preValidation: requireUser
  }, async (request, reply) => {
    const actor = signedIn(request)
    await accounts.remove(actor, request.params.id)
    if (actor.id !== request.params.id) return reply.redirect(backTo(pageOf(request), 'deleted'), 303)
    await request.session.destroy()
    return reply.redirect(backTo(1, 'account-deleted'), 303)
  })
}

export default home
