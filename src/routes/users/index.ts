// The users REST API: /users and /users/:id.
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { errorResponses } from '../../schemas/errors.js'
import { Location, ref } from '../../schemas/openapi.js'
import { ignoreBodies } from '../bodyless.js'
import { DEFAULT_PAGE_SIZE, ListUsersQuery, User, UserInput, UserList, UserNotFound, UserParams, UserPatch } from '../../schemas/users.js'

const tags = ['users']
const bodyErrors = errorResponses(400, 413, 415, 503)

const users: FastifyPluginAsyncTypebox = async (app) => {
  const repository = app.usersRepository

  function notFound (id: number): Error {
    return app.httpErrors.notFound(`User ${id} not found`)
  }

  function found (user: User | undefined, id: number): User {
    if (user === undefined) throw notFound(id)
    return user
  }

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
      description: 'Creates a user from a trimmed name; the new user\'s URL is in the Location header.',
      body: ref(UserInput),
      response: { 201: ref(User, { description: 'The new user', headers: { Location } }), ...bodyErrors }
    }
  }, async (request, reply) => {
    const user = await repository.create(request.body.name.trim())
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
  }, async (request) => found(await repository.find(request.params.id), request.params.id))

  app.put('/:id', {
    schema: {
      operationId: 'replaceUser',
      tags,
      summary: 'Replace a user',
      description: 'Sets every writable field of the user.',
      params: UserParams,
      body: ref(UserInput),
      response: { 200: ref(User, { description: 'The user' }), 404: UserNotFound, ...bodyErrors }
    }
  }, async (request) => {
    const { id } = request.params
    return found(await repository.rename(id, request.body.name.trim()), id)
  })

  app.patch('/:id', {
    schema: {
      operationId: 'updateUser',
      tags,
      summary: 'Change a user',
      description: 'Sets the fields given in the body and leaves the others as they are.',
      params: UserParams,
      body: ref(UserPatch),
      response: { 200: ref(User, { description: 'The user' }), 404: UserNotFound, ...bodyErrors }
    }
  }, async (request) => {
    const { id } = request.params
    const { name } = request.body
    return found(await (name === undefined ? repository.find(id) : repository.rename(id, name.trim())), id)
  })

  await app.register(async (scope) => {
    const bodyless = ignoreBodies(scope).withTypeProvider<TypeBoxTypeProvider>()
    bodyless.delete('/:id', {
      schema: {
        operationId: 'deleteUser',
        tags,
        summary: 'Delete a user',
        description: 'Removes the user for good. Any body is ignored.',
        params: UserParams,
        response: { 204: Type.Null({ description: 'Deleted' }), 404: UserNotFound, ...errorResponses(400, 503) }
      }
    }, async (request, reply) => {
      if (!await repository.remove(request.params.id)) throw notFound(request.params.id)
      return reply.code(204).send(null)
    })
  })
}

export default users
