// The users REST API: /users and /users/:id. Reads are public; changes need the user's (or an admin's) session.
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type, { type Static } from 'typebox'
import { requireUser, signedIn, type UserChange } from '../../plugins/accounts.js'
import { sessionSupport } from '../../plugins/session.js'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { UserPage, UsersRepository, VersionedUser } from '../../plugins/users-repository.js'
import { errorResponse, errorResponses } from '../../schemas/errors.js'
import { Location, ref, type ResponseHeaders, SESSION_REQUIRED } from '../../schemas/openapi.js'
import { ignoreBodies } from '../bodyless.js'
import { expectedVersions, pageEtag, sendConditional, setValidators, userEtag } from '../conditional.js'
import { refuseCrossOrigin } from '../cross-site.js'
import { DEFAULT_PAGE_SIZE, ListUsersQuery, type PageRequest, Registration, User, UserInput, UserList, UserNotFound, UserParams, UserPatch } from '../../schemas/users.js'

const tags = ['users']
const NotModified = Type.Null({ description: 'Not modified: the tag in If-None-Match is current; the client\'s copy is good' })
const Stale = errorResponse(412, { description: 'Precondition failed: the user changed since the version in If-Match; nothing was changed' })
const ReadHeaders = Type.Object({
  'if-none-match': Type.Optional(Type.String({ description: 'ETags the client has: the current one gives 304 with no body' }))
})
const WriteHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The ETag the change is based on (or *): another version gives 412 and changes nothing' }))
})
/** The response headers of a read or a write, as documented. */
const validators: ResponseHeaders = {
  ETag: Type.String({ description: 'The version of the user (of a page: of its users), a strong entity tag' }),
  'Last-Modified': Type.String({ description: 'When the user last changed (HTTP date)' })
}
const pageHeaders: ResponseHeaders = {
  ETag: validators.ETag!,
  Link: Type.String({ description: 'RFC 8288 links to the first, next and previous pages (rel="first", "next", "prev")' }),
  'X-Total-Count': Type.Integer({ minimum: 0, description: 'How many users there are in all' })
}

/**
 * The Link header of a page (RFC 8288): first, and next and prev where there are users that way.
 * Keyset pages (after/before) link by id, so inserts and deletes between requests shift nothing;
 * offset pages link by offset.
 */
async function pageLinks ({ limit, after, before, offset }: PageRequest, { users, total, more }: UserPage, repository: UsersRepository): Promise<string> {
  const link = (rel: string, at: Record<string, number> = {}) => `</users?${new URLSearchParams({ ...at, limit: String(limit) } as Record<string, string>).toString()}>; rel="${rel}"`
  const links = [link('first')]
  const first = users[0]?.id
  const last = users.at(-1)?.id
  if (offset !== undefined) {
    if (offset + users.length < total) links.push(link('next', { offset: offset + users.length }))
    if (offset > 0) links.push(link('prev', { offset: Math.max(0, offset - limit) }))
    return links.join(', ')
  }
  const forward = before === undefined
  // Going forward, `more` says whether a next page exists; backward, whether a previous one does.
  const next = forward ? more : await repository.anyBeyond(last ?? before - 1, 'above')
  const prev = forward ? after !== undefined && await repository.anyBeyond(first ?? after + 1, 'below') : more
  if (next) links.push(link('next', { after: last ?? (before ?? 1) - 1 }))
  if (prev) links.push(link('prev', { before: first ?? (after ?? 0) + 1 }))
  return links.join(', ')
}
const bodyErrors = errorResponses(400, 413, 415, 503)
const NameTaken = errorResponse(409, { description: 'Another user has this name (compared ignoring case, after NFC normalisation and trimming)' })
/** What every change of a user may answer besides its own statuses. */
const ownerErrors = {
  ...errorResponses(401),
  403: errorResponse(403, { description: 'The session belongs to another user who is not an admin, or the request came from another site' }),
  404: UserNotFound
}
const owned = (operationId: string, summary: string, description: string) => ({
  operationId,
  tags,
  summary,
  description: `${description} Needs the session of the user or of an admin.`,
  security: SESSION_REQUIRED,
  params: UserParams
})

/**
 * For the routes that answer one user: such an answer (a name of at most 100 characters) is always
 * under the compression threshold, so @fastify/compress's three hooks would only cost time (about 6 %
 * of a GET /users/:id).
 */
const oneUser = { compress: false } as const

const users: FastifyPluginAsyncTypebox = async (app) => {
  const { usersRepository: repository, accounts } = app

  // Public reads and registration never touch the session store.
  app.get('/', {
    schema: {
      operationId: 'listUsers',
      tags,
      summary: 'List users',
      description: 'Users ordered by id, a page at a time. Walk the list with the Link header\'s rel="next" (keyset: `after=<id>`), ' +
        'which skips and repeats no user while others are added or deleted; X-Total-Count says how many there are.',
      querystring: ListUsersQuery,
      headers: ReadHeaders,
      response: { 200: ref(UserList, { description: 'A page of users', headers: pageHeaders }), 304: NotModified, ...errorResponses(400, 503) }
    }
  }, async (request, reply) => {
    const { query } = request
    const starts = (['after', 'before', 'offset'] as const).filter((name) => query[name] !== undefined)
    if (starts.length > 1) throw app.httpErrors.badRequest(`querystring must have at most one of after, before and offset; it has ${starts.join(' and ')}`)
    const pageRequest = { ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE }
    const page = await repository.list(pageRequest)
    const links = await pageLinks(pageRequest, page, repository)
    reply.header('link', links).header('x-total-count', page.total)
    return sendConditional(request, reply, pageEtag(page.users, page.total, links), page.users)
  })

  app.post('/', {
    schema: {
      operationId: 'createUser',
      tags,
      summary: 'Register a user',
      description: 'Creates an account (role user) from a trimmed name and a password; the new user\'s URL is in the Location header. ' +
        'It does not log in: POST /login does.',
      body: ref(Registration),
      response: { 201: ref(User, { description: 'The new user', headers: { Location } }), 409: NameTaken, ...errorResponses(403), ...bodyErrors }
    },
    onRequest: refuseCrossOrigin
  }, async (request, reply) => {
    const user = await accounts.register(request.body.name, request.body.password)
    return reply.code(201).header('location', `/users/${user.id}`).send(user)
  })

  app.get('/:id', {
    schema: {
      operationId: 'getUser',
      tags,
      summary: 'Get a user',
      description: 'One user by id, with its ETag: send it back in If-None-Match to get 304 while it is unchanged, and in If-Match to change it only if nobody else has.',
      params: UserParams,
      headers: ReadHeaders,
      response: { 200: ref(User, { description: 'The user', headers: validators }), 304: NotModified, 404: UserNotFound, ...errorResponses(400, 503) }
    },
    ...oneUser
  }, async (request, reply) => {
    const user = await repository.find(request.params.id)
    if (user === undefined) throw app.httpErrors.notFound(`User ${request.params.id} not found`)
    return sendConditional(request, reply, userEtag(user), user, user.updatedAt)
  })

  await app.register(async (scope) => {
    // Every change is cookie-authenticated: refused when another site makes the browser send it (before the
    // store is asked), then 401 without a session, before the body is judged.
    scope.addHook('onRequest', refuseCrossOrigin)
    await scope.register(sessionSupport)
    scope.addHook('preValidation', requireUser)
    const owner = scope.withTypeProvider<TypeBoxTypeProvider>()

    /** PUT and PATCH alike: the body's change, checked against If-Match in the same write, answered with the new validators. */
    async function answerChange (request: FastifyRequest<{ Params: Static<typeof UserParams>, Body: UserChange }>, reply: FastifyReply): Promise<VersionedUser> {
      const user = await accounts.change(signedIn(request), request.params.id, request.body, request.session.id, expectedVersions(request))
      // The new validators, for the client's next conditional request.
      setValidators(reply, userEtag(user), user.updatedAt)
      return user
    }

    const changed = { 200: ref(User, { description: 'The user as changed, with its new ETag', headers: validators }), 409: NameTaken, 412: Stale, ...ownerErrors, ...bodyErrors }

    owner.put('/:id', {
      schema: {
        ...owned('replaceUser', 'Replace a user', 'Sets every writable field of the user: the name.'),
        headers: WriteHeaders,
        body: ref(UserInput),
        response: changed
      },
      ...oneUser
    }, answerChange)

    owner.patch('/:id', {
      schema: {
        ...owned('updateUser', 'Change a user', 'Sets the fields given in the body and leaves the others as they are. ' +
          'A new password needs currentPassword when users change their own (an admin resets another\'s without it), ' +
          'and ends every other session of the user.'),
        headers: WriteHeaders,
        body: ref(UserPatch),
        response: changed
      },
      ...oneUser
    }, answerChange)

    await owner.register(async (child) => {
      const bodyless = ignoreBodies(child).withTypeProvider<TypeBoxTypeProvider>()
      bodyless.delete('/:id', {
        schema: {
          ...owned('deleteUser', 'Delete a user', 'Removes the account for good and ends all its sessions; the last admin cannot be removed. Any body is ignored.'),
          headers: WriteHeaders,
          response: {
            204: Type.Null({ description: 'Deleted' }),
            409: errorResponse(409, { description: 'The user is the last admin' }),
            412: Stale,
            ...ownerErrors,
            ...errorResponses(400, 503)
          }
        }
      }, async (request, reply) => {
        const actor = signedIn(request)
        await accounts.remove(actor, request.params.id, expectedVersions(request))
        if (actor.id === request.params.id) await request.session.destroy()
        return reply.code(204).send(null)
      })
    })
  })
}

export default users
