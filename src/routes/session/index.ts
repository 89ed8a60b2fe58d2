// Login, the current session and logout (/login, /session, /logout).
import formbody from '@fastify/formbody'
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import Type from 'typebox'
import { COOKIE_ATTRIBUTES } from '../../plugins/cookie.js'
import { prefersHtml } from '../../plugins/errors.js'
import { routeRateLimit } from '../../plugins/rate-limit.js'
import { SESSION_COOKIE, sessionSupport } from '../../plugins/session.js'
import { errorResponses } from '../../schemas/errors.js'
import { CacheControl, ref, SESSION_OPTIONAL, SESSION_REQUIRED, withHeaders } from '../../schemas/openapi.js'
import { UserInput } from '../../schemas/users.js'
import { sessionEnd } from '../../sessions/store.js'
import { ignoreBodies } from '../bodyless.js'
import { refuseCrossOrigin } from '../cross-site.js'
import { IgnoredBody, LoginRedirect, LogoutRedirect, SessionInfo, SetSessionCookieHeaders } from './schemas.js'

export interface SessionRoutesOptions {
  /** POST /login attempts per minute per client address; 0 = only the global limit. */
  loginRateLimit: number
}

const tags = ['sessions']
/** Both bodies /login and /logout take: a page's form and a client's JSON. */
const consumes = ['application/json', 'application/x-www-form-urlencoded']
/** What the onRequest hook below sets on every answer that gets past the session store. */
const noStore = { 'Cache-Control': CacheControl }

function isFormPost (request: FastifyRequest): boolean {
  return request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') === true
}

const sessions: FastifyPluginAsyncTypebox<SessionRoutesOptions> = async (app, { loginRateLimit }) => {
  // Forms are accepted only here: the users API keeps answering 415 to them.
  await app.register(formbody)
  await app.register(sessionSupport)
  app.addSchema(SessionInfo)
  const { maxMs } = app.sessionLifetime
  // Every answer here is about one person's session: no shared or browser cache may keep it.
  app.addHook('onRequest', async (_request, reply) => { reply.header('cache-control', 'no-store') })

  function describe (request: FastifyRequest): SessionInfo | undefined {
    const { name } = request.session
    const end = sessionEnd(request.session, maxMs)
    return name === undefined || end === undefined ? undefined : { name, expiresAt: end.toISOString() }
  }

  app.post('/login', {
    schema: {
      operationId: 'login',
      tags,
      summary: 'Log in',
      description: 'Starts a new session for the name (1 to 100 characters after trimming), always under a new session id. ' +
        'A form post (application/x-www-form-urlencoded) is answered 303 to the users page; JSON with the session.',
      consumes,
      body: ref(UserInput),
      response: {
        ...withHeaders(noStore, {
          200: ref(SessionInfo, { description: 'Logged in; the session cookie is set', headers: SetSessionCookieHeaders }),
          303: LoginRedirect,
          ...errorResponses(400, 403, 413, 415, 429)
        }),
        ...errorResponses(503)
      }
    },
    config: routeRateLimit(loginRateLimit),
    onRequest: refuseCrossOrigin
  }, async (request, reply) => {
    // A new id at every login: an id planted before login (session fixation) is dropped from the store.
    await request.session.regenerate()
    request.session.set('name', request.body.name.trim())
    request.session.set('loginAt', Date.now())
    if (isFormPost(request)) return reply.redirect('/', 303)
    return describe(request)
  })

  app.get('/session', {
    schema: {
      operationId: 'getSession',
      tags,
      summary: 'The current session',
      description: 'Who is logged in and until when; using the session pushes its expiry back.',
      security: SESSION_REQUIRED,
      response: {
        ...withHeaders(noStore, { 200: ref(SessionInfo, { description: 'A live session' }), ...errorResponses(401, 429) }),
        ...errorResponses(503)
      }
    }
  }, async (request) => {
    const session = describe(request)
    if (session === undefined) throw app.httpErrors.unauthorized('Not logged in, or the session has ended')
    return session
  })

  await app.register(async (scope) => {
    const bodyless = ignoreBodies(scope).withTypeProvider<TypeBoxTypeProvider>()
    bodyless.post('/logout', {
      schema: {
        operationId: 'logout',
        tags,
        summary: 'Log out',
        description: 'Deletes the session from the store and clears the cookie. Any body is ignored. ' +
          'A form post or a client that prefers HTML is answered 303 to the users page; others 204.',
        security: SESSION_OPTIONAL,
        consumes,
        body: IgnoredBody,
        response: {
          ...withHeaders(noStore, {
            204: Type.Null({ description: 'Logged out; the session cookie is cleared' }),
            303: LogoutRedirect,
            ...errorResponses(403, 429)
          }),
          ...errorResponses(503)
        }
      },
      onRequest: refuseCrossOrigin
    }, async (request, reply) => {
      await request.session.destroy()
      reply.clearCookie(SESSION_COOKIE, COOKIE_ATTRIBUTES)
      if (isFormPost(request) || prefersHtml(request)) return reply.redirect('/', 303)
      return reply.code(204).send(null)
    })
  })
}

export default sessions
