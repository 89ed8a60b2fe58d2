// Login (and its page), the current session, the user's sessions and logout (/login, /session, /sessions, /logout).
import formbody from '@fastify/formbody'
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import Type from 'typebox'
import { requireUser, signedIn } from '../../plugins/accounts.js'
import { prefersHtml } from '../../plugins/errors.js'
import { routeRateLimit } from '../../plugins/rate-limit.js'
import { sessionSupport } from '../../plugins/session.js'
import { errorResponse, errorResponses } from '../../schemas/errors.js'
import { CacheControl, ref, SESSION_OPTIONAL, SESSION_REQUIRED, withHeaders } from '../../schemas/openapi.js'
import { SessionSummary } from '../../schemas/sessions.js'
import { Credentials, type User } from '../../schemas/users.js'
import { ignoreBodies } from '../bodyless.js'
import { refuseCrossOrigin } from '../cross-site.js'
import { renderPage } from '../pages/layout.js'
import { compileTemplate, errorSlots, HtmlPage, isFormPost, sendPage, showFormErrors, type FieldErrors, typedName } from '../pages/template.js'
import { HandleParams, IgnoredBody, LoginRedirect, LogoutRedirect, SessionInfo, SetSessionCookieHeaders } from './schemas.js'

export interface SessionRoutesOptions {
  /** POST /login attempts per minute per client address; 0 = only the global limit. */
  loginRateLimit: number
}

const tags = ['sessions']
/** Both bodies /login and /logout take: a page's form and a client's JSON. */
const consumes = ['application/json', 'application/x-www-form-urlencoded']
/** What the onRequest hook below sets on every answer that gets past the session store. */
const noStore = { 'Cache-Control': CacheControl }

const sessions: FastifyPluginAsyncTypebox<SessionRoutesOptions> = async (app, { loginRateLimit }) => {
  // Forms are accepted only here and on the pages: the users API keeps answering 415 to them.
  await app.register(formbody)
  await app.register(sessionSupport)
  app.addSchema(SessionInfo)
  const { accounts } = app
  // Every answer here is about one person's session: no shared or browser cache may keep it.
  app.addHook('onRequest', async (_request, reply) => { reply.header('cache-control', 'no-store') })

  const loginForm = compileTemplate('login.html')
  async function loginPage (request: FastifyRequest, errors: FieldErrors = {}): Promise<string> {
    return renderPage({
      title: 'Login',
      description: 'Log in to the users service with your name and password.',
      current: 'login',
      user: await accounts.current(request),
      main: loginForm({ name: typedName(request), ...errorSlots(errors) })
    })
  }
  // A refused form login (wrong password, bad field, rate limit, another site) gets the login page with the message.
  showFormErrors(app, loginPage, { password: 'Enter your password.' })

  app.get('/login', {
    schema: {
      hide: true,
      summary: 'The login page',
      description: 'static/templates/login.html in the shared layout: name and password, posted to POST /login.',
      response: { 200: HtmlPage, ...errorResponses(503) }
    }
  }, async (request, reply) => sendPage(reply, await loginPage(request)))

  function describe (request: FastifyRequest, { id, name, role }: User): SessionInfo {
    const end = request.session.end
    return { user: { id, name, role }, expiresAt: end.toISOString() }
  }

  app.post('/login', {
    schema: {
      operationId: 'login',
      tags,
      summary: 'Log in',
      description: 'Starts a new session for the name and password, always under a new session id. A wrong password and an ' +
        'unknown name get the same 401. A form post (application/x-www-form-urlencoded) is answered 303 to the users page, ' +
        'or the login page with the message when refused; JSON with the session.',
      consumes,
      body: ref(Credentials),
      response: {
        ...withHeaders(noStore, {
          200: ref(SessionInfo, { description: 'Logged in; the session cookie is set', headers: SetSessionCookieHeaders }),
          303: LoginRedirect,
          401: errorResponse(401, { description: 'Wrong name or password (the same answer for both)' }),
          ...errorResponses(400, 403, 413, 415, 429)
        }),
        ...errorResponses(503)
      }
    },
    config: routeRateLimit(loginRateLimit),
    onRequest: refuseCrossOrigin
  }, async (request, reply) => {
    const user = await accounts.authenticate(request.body.name, request.body.password)
    if (user === undefined) throw app.httpErrors.unauthorized('Wrong name or password')
    await accounts.logIn(request, user)
    if (isFormPost(request)) return reply.redirect('/', 303)
    return describe(request, user)
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
    },
    // Who is logged in and until when: always far under the compression threshold.
    compress: false
  }, async (request) => {
    const user = await accounts.current(request)
    if (user === undefined) throw app.httpErrors.unauthorized('Not logged in, or the session has ended')
    return describe(request, user)
  })

  app.get('/sessions', {
    schema: {
      operationId: 'listSessions',
      tags,
      summary: 'The user\'s sessions',
      description: 'Every live session of the logged-in user, newest login first, each named by an opaque handle (never its id).',
      security: SESSION_REQUIRED,
      response: {
        ...withHeaders(noStore, { 200: Type.Array(SessionSummary, { description: 'The live sessions' }), ...errorResponses(401, 429) }),
        ...errorResponses(503)
      }
    },
    preValidation: requireUser
  }, async (request) => accounts.sessions(signedIn(request), request.session.id))

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
      if (isFormPost(request) || prefersHtml(request)) return reply.redirect('/', 303)
      return reply.code(204).send(null)
    })

    const ended = {
      ...withHeaders(noStore, { 204: Type.Null({ description: 'Ended' }), ...errorResponses(401, 403, 429) }),
      ...errorResponses(503)
    }
    bodyless.delete('/sessions/:handle', {
      schema: {
        operationId: 'endSession',
        tags,
        summary: 'End one session',
        description: 'Ends the logged-in user\'s session with this handle (the current one too: that is a logout). Any body is ignored.',
        security: SESSION_REQUIRED,
        params: HandleParams,
        body: IgnoredBody,
        response: { ...ended, 400: errorResponse(400), 404: errorResponse(404, { description: 'The user has no live session with this handle' }) }
      },
      onRequest: refuseCrossOrigin,
      preValidation: requireUser
    }, async (request, reply) => {
      const current = await accounts.endSession(signedIn(request), request.params.handle, request.session.id)
      if (current) await request.session.destroy()
      return reply.code(204).send(null)
    })

    bodyless.delete('/sessions', {
      schema: {
        operationId: 'endOtherSessions',
        tags,
        summary: 'End the other sessions',
        description: 'Ends every session of the logged-in user except this one ("log out everywhere else"). Any body is ignored.',
        security: SESSION_REQUIRED,
        body: IgnoredBody,
        response: ended
      },
      onRequest: refuseCrossOrigin,
      preValidation: requireUser
    }, async (request, reply) => {
      await accounts.endOtherSessions(signedIn(request), request.session.id)
      return reply.code(204).send(null)
    })
  })
}

export default sessions
