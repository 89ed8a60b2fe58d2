// TypeBox schemas of the cookie routes.
import Type from 'typebox'
import { errorResponses } from '../../schemas/errors.js'
import { CacheControl } from '../../schemas/openapi.js'
import { NAME_RULE } from '../../schemas/users.js'

export const LoginQuery = Type.Object({
  name: Type.String({
    ...NAME_RULE,
    description: 'The name to greet, 1 to 100 characters after trimming; control characters are refused',
    examples: ['홍길동']
  })
}, { additionalProperties: false })

export const NoQuery = Type.Object({}, { additionalProperties: false, description: 'No query parameters' })

const CookieEcho = Type.Object({
  message: Type.Literal('Hello Cookie'),
  received: Type.Record(Type.String(), Type.String(), { description: 'Every cookie the request carried, by name' })
}, { title: 'CookieEcho' })

const plainText = (description: string) => ({ 'text/plain': { schema: Type.String({ description }) } })
const html = (description: string) => ({ 'text/html': { schema: Type.String({ description }) } })

export const cookieResponses = {
  200: {
    description: 'Hello Cookie; Set-Cookie: mycookie=test',
    content: { ...plainText('Hello Cookie'), 'application/json': { schema: CookieEcho } }
  },
  ...errorResponses(400)
}

export const loginResponses = {
  302: Type.Null({
    description: 'Logged in: go to /cookie/hello',
    headers: {
      Location: Type.Literal('/cookie/hello'),
      'Set-Cookie': Type.String({ description: 'The signed name cookie: HttpOnly; SameSite=Lax; Path=/; Max-Age=SESSION_TTL; Secure over TLS' })
    }
  }),
  ...errorResponses(400, 403)
}

export const helloResponses = {
  200: {
    description: 'The greeting for a valid, unexpired signed name cookie (text/plain, or an HTML page for a client that prefers text/html); otherwise the login form',
    headers: { 'Cache-Control': CacheControl },
    content: { ...plainText('<name>님 안녕하세요'), ...html('The greeting page (for a client that prefers text/html), or the login form, a GET to /cookie/login') }
  },
  ...errorResponses(400)
}
