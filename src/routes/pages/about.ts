// GET /about: what the service is, in the shared layout; outside the session scopes, so a visitor costs no session work.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../../schemas/errors.js'
import { renderPage, visitor } from './layout.js'
import { compileTemplate, HtmlPage, sendPage } from './template.js'

const about: FastifyPluginAsyncTypebox = async (app) => {
  const main = compileTemplate('about.html')({})
  const page = (user: Awaited<ReturnType<typeof visitor>>) => renderPage({
    title: 'About',
    description: 'What the users service is, and what each of its pages does.',
    current: 'about',
    user,
    main
  })
  // Most visits are anonymous: their page is made once.
  const anonymous = page(undefined)

  app.get('/about', {
    schema: {
      hide: true,
      summary: 'The about page',
      description: 'static/templates/about.html in the shared layout, with the visitor\'s account area (the session is only read).',
      response: { 200: HtmlPage, ...errorResponses(503) }
    }
  }, async (request, reply) => {
    const user = await visitor(request)
    return sendPage(reply, user === undefined ? anonymous : page(user))
  })
}

export default about
