// What a body may be: JSON (forms only where a route registers @fastify/formbody); text/plain is a 415.
import fp from 'fastify-plugin'

function isJson (text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

export default fp(async (app) => {
  app.removeContentTypeParser('text/plain')
  // Fastify's own JSON parser refuses `__proto__` keys (prototype poisoning) but calls that body
  // "not valid JSON". It is valid JSON, so the answer says which key is refused instead.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error, value) => {
      if ((error as { code?: string } | null)?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' && isJson(body as string)) {
        return done(app.httpErrors.badRequest('body must not have a "__proto__" key, nor a "constructor" with a "prototype"'), undefined)
      }
      done(error, value)
    })
  })
}, { name: 'body', dependencies: ['@fastify/sensible'] })
