// The users REST API: /users and /users/:id. Reads are public; changes need the user's (or an admin's) session.
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { endCurrentSession, requireUser, signedIn } from '../../plugins/accounts.js'
import { sessionSupport } from '../../plugins/session.js'
import { errorResponse, errorResponses } from '../../schemas/errors.js'
import { Location, ref, SESSION_REQUIRED } from '../../schemas/openapi.js'
import { ignoreBodies } from '../bodyless.js'
import { refuseCrossOrigin } from '../cross-site.js'
import { DEFAULT_PAGE_SIZE, ListUsersQuery, Registration, User, UserInput, UserList, UserNotFound, UserParams, UserPatch } from '../../schemas/users.js'

const tags = ['users']
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

const users: FastifyPluginAsyncTypebox = async (app) => {
  const { usersRepository: repository, accounts } = app

  // Public reads and registration never touch the session store.
  app.get('/', {
    schema: {
      operationId: 'listUsers',
      tags,
      summary: 'List users',
      description: 'Users ordered by id, a page at a time.',
      querystring: ListUsersQuery,
      response: { 200: ref(UserList, { description: 'A page of users' }), ...errorResponses(400, 503) }
    }
  }, async (request) => repository.list(request.query.limit ?? DEFAULT_PAGE_SIZE, request.query.offset ?? 0))

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
      description: 'One user by id.',
      params: UserParams,
      response: { 200: ref(User, { description: 'The user' }), 404: UserNotFound, ...errorResponses(400, 503) }
    }
  }, async (request) => {
    const user = await repository.find(request.params.id)
    if (user === undefined) throw app.httpErrors.notFound(`User ${request.params.id} not found`)
    return user
  })

  await app.register(async (scope) => {
    // Every change is cookie-authenticated: refused when another site makes the browser send it (before the
    // store is asked), then 401 without a session, before the body is judged.
    scope.addHook('onRequest', refuseCrossOrigin)
    await scope.register(sessionSupport)
    scope.addHook('preValidation', requireUser)
    const owner = scope.withTypeProvider<TypeBoxTypeProvider>()

    owner.put('/:id', {
      schema: {
        ...owned('replaceUser', 'Replace a user', 'Sets every writable field of the user: the name.'),
        body: ref(UserInput),
        response: { 200: ref(User, { description: 'The user' }), 409: NameTaken, ...ownerErrors, ...bodyErrors }
      }
    }, async (request) => accounts.rename(signedIn(request), request.params.id, request.body.name))

    owner.patch('/:id', {
      schema: {
        ...owned('updateUser', 'Change a user', 'Sets the fields given in the body and leaves the others as they are. ' +
          'A new password needs currentPassword when users change their own (an admin resets another\'s without it), ' +
          'and ends every other session of the user.'),
        body: ref(UserPatch),
        response: { 200: ref(User, { description: 'The user' }), 409: NameTaken, ...ownerErrors, ...bodyErrors }
      }
    }, async (request) => {
      const actor = signedIn(request)
      const { id } = request.params
      const { name, password, currentPassword } = request.body
      const changePassword = password === undefined ? undefined : await accounts.preparePasswordChange(actor, id, { password, currentPassword }, request.session.sessionId)
      const user = name === undefined ? await accounts.target(actor, id) : await accounts.rename(actor, id, name)
      await changePassword?.()
      return user
    })

    await owner.register(async (child) => {
      const bodyless = ignoreBodies(child).withTypeProvider<TypeBoxTypeProvider>()
      bodyless.delete('/:id', {
        schema: {
          ...owned('deleteUser', 'Delete a user', 'Removes the account for good and ends all its sessions; the last admin cannot be removed. Any body is ignored.'),
          response: {
            204: Type.Null({ description: 'Deleted' }),
            409: errorResponse(409, { description: 'The user is the last admin' }),
            ...ownerErrors,
            ...errorResponses(400, 503)
          }
        }
      }, async (request, reply) => {
        const actor = signedIn(request)
        await accounts.remove(actor, request.params.id)
        if (actor.id === request.params.id) await endCurrentSession(request, reply)
        return reply.code(204).send(null)
      })
    })
  })
}

export default users
