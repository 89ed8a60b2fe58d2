// Assets from static/: never a file outside it, never a dotfile, never a page template.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'

export const STATIC_ROOT = fileURLToPath(new URL('../../static/', import.meta.url))
const TEMPLATES = 'templates'

/** A page template from static/templates/, read once at start-up by the route that fills it in. */
export function readTemplate (file: string): string {
  return readFileSync(new URL(`../../static/${TEMPLATES}/${file}`, import.meta.url), 'utf8')
}

export default fp(async (app) => {
  await app.register(fastifyStatic, {
    root: STATIC_ROOT,
    dotfiles: 'ignore',
    // Templates are served by their routes, filled in; as raw files they would show e.g. "Login" to a logged-in user.
    allowedPath: (pathName) => !pathName.startsWith(`/${TEMPLATES}/`) && pathName !== `/${TEMPLATES}`,
    // /about serves about.html.
    extensions: ['html'],
    index: false,
    cacheControl: true,
    maxAge: 0,
    etag: true,
    lastModified: true
  })
}, { name: 'static' })
