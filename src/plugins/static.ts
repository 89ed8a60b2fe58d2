// Pages and assets from static/: never a file outside it, never a dotfile.
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'

export const STATIC_ROOT = fileURLToPath(new URL('../../static/', import.meta.url))

export default fp(async (app) => {
  await app.register(fastifyStatic, {
    root: STATIC_ROOT,
    dotfiles: 'ignore',
    // /about serves about.html, / serves index.html.
    extensions: ['html'],
    index: ['index.html'],
    cacheControl: true,
    maxAge: 0,
    etag: true,
    lastModified: true
  })
}, { name: 'static' })
