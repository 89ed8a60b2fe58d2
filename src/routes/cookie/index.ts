// The cookie lecture, done safely: /cookie, /cookie/login (a signed name cookie) and /cookie/hello.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { COOKIE_ATTRIBUTES } from '../../plugins/cookie.js'
import { prefersHtml } from '../../plugins/errors.js'
import { refuseCrossOrigin } from '../cross-site.js'
import { renderPage, visitor } from '../pages/layout.js'
import { compileTemplate, errorSlots, escapeHtml, type FieldErrors, sendPage, showFormErrors, typedName } from '../pages/template.js'
import { NAME_COOKIE, decodeNameCookie, encodeNameCookie } from './name-cookie.js'
import { cookieResponses, helloResponses, LoginQuery, loginResponses, NoQuery } from './schemas.js'

export interface CookieRoutesOptions {
  /** SESSION_TTL: seconds the name cookie is accepted after login. */
  ttl: number
}

const tags = ['cookies']
// The greeting and the form share one URL and depend on the cookie: no cache may keep either.
const NO_STORE = 'no-store'

const cookieRoutes: FastifyPluginAsyncTypebox<CookieRoutesOptions> = async (app, { ttl }) => {
  const loginForm = compileTemplate('cookie-login.html')
  const helloPage = compileTemplate('cookie-hello.html')

  async function loginPage (request: FastifyRequest, errors: FieldErrors = {}): Promise<string> {
    return renderPage({
      title: 'Cookie login',
      description: 'Give a name to be greeted by, kept in a signed cookie instead of a session.',
      user: await visitor(request),
      main: loginForm({ name: typedName(request), ...errorSlots(errors) })
    })
  }

  // The login form is a GET form: a browser that sent a refused name gets the form back, the message by the field
  // and what was typed kept; other clients keep the JSON error.
  showFormErrors(app, loginPage, {}, (request) => request.routeOptions.url === '/cookie/login' && prefersHtml(request))

  app.get('/', {
    schema: {
      operationId: 'setPlainCookie',
      tags,
      summary: 'Set a plain cookie',
      description: 'Sets `mycookie=test` and answers `Hello Cookie`; with `Accept: application/json`, ' +
        'answers JSON that also echoes the cookies the request carried under `received`.',
      querystring: NoQuery,
      response: cookieResponses
    }
  }, async (request, reply) => {
    reply.setCookie('mycookie', 'test', COOKIE_ATTRIBUTES).header('vary', 'Accept')
    if (request.accepts().type(['text/plain', 'application/json']) === 'application/json') {
      // Parsed cookies are always strings; the index type only admits that a name may be absent.
      const received = request.cookies as Record<string, string>
      return reply.type('application/json; charset=utf-8').send({ message: 'Hello Cookie', received })
    }
    return reply.type('text/plain; charset=utf-8').send('Hello Cookie')
  })

  app.get('/login', {
    schema: {
      operationId: 'cookieLogin',
      tags,
      summary: 'Log in with a signed cookie',
      description: 'Sets a signed `name` cookie (HttpOnly, SameSite=Lax, Path=/, Secure over TLS) that lives ' +
        'SESSION_TTL seconds, and redirects to /cookie/hello. The name is trimmed; control characters are refused. ' +
        'A link or form on another site is refused (403), so no site can log a visitor in under a name it chose. ' +
        'A browser (a client that prefers text/html) whose name is refused gets the login form back as HTML, with the message.',
      querystring: LoginQuery,
      response: loginResponses
    },
    onRequest: refuseCrossOrigin
  }, async (request, reply) => {
    const issuedAt = Date.now()
    reply.setCookie(NAME_COOKIE, encodeNameCookie(request.query.name.trim(), issuedAt), {
      ...COOKIE_ATTRIBUTES, signed: true, maxAge: ttl, expires: new Date(issuedAt + ttl * 1000)
    })
    return reply.redirect('/cookie/hello', 302)
  })

  app.get('/hello', {
    schema: {
      operationId: 'cookieHello',
      tags,
      summary: 'Greet the cookie\'s name',
      description: 'With a valid signed `name` cookie younger than SESSION_TTL: `<name>님 안녕하세요` as text/plain; a client that ' +
        'prefers text/html (a browser) gets the greeting as an HTML page instead (content negotiation, `Vary: Accept`). ' +
        'Otherwise (absent, altered, signed with another secret, too old) the login form, and a bad cookie is cleared.',
      querystring: NoQuery,
      response: helloResponses
    }
  }, async (request, reply) => {
    reply.header('cache-control', NO_STORE)
    const raw = request.cookies[NAME_COOKIE]
    const verified = raw === undefined ? undefined : request.unsignCookie(raw)
    const name = verified?.valid === true && verified.value !== null
      ? decodeNameCookie(verified.value, Date.now(), ttl)
      : undefined
    if (name !== undefined) {
      // The contract's text/plain greeting, unless a browser asks for a page.
      reply.header('vary', 'Accept')
      if (request.accepts().type(['text/plain', 'text/html']) !== 'text/html') return reply.type('text/plain; charset=utf-8').send(`${name}님 안녕하세요`)
      return sendPage(reply, renderPage({
        title: 'Cookie greeting',
        description: 'The greeting for the name in your signed cookie.',
        user: await visitor(request),
        main: helloPage({ greeting: `${escapeHtml(name)}님 안녕하세요`, ttl: String(ttl) })
      }))
    }
    if (raw !== undefined) reply.clearCookie(NAME_COOKIE, COOKIE_ATTRIBUTES)
    return sendPage(reply, await loginPage(request))
  })
}

export default cookieRoutes
