// Compression of JSON and text answers (br or gzip, per Accept-Encoding) above a size threshold.
import compress from '@fastify/compress'
import fp from 'fastify-plugin'

/** Below this many bytes the headers and the work cost more than compression saves. */
export const COMPRESSION_THRESHOLD_BYTES = 1024

/** Methods whose body Fastify never reads, so their routes have nothing to decompress. */
const BODYLESS = new Set(['GET', 'HEAD'])

export default fp(async (app) => {
  // Before @fastify/compress's own onRoute hook: it would give every route a preParsing hook that
  // looks for a compressed body, GET and HEAD too (about 2 % of the CPU of a GET /users/:id).
  app.addHook('onRoute', (route) => {
    if ([route.method].flat().every((method) => BODYLESS.has(method))) route.decompress ??= false
  })
  await app.register(compress, {
    global: true,
    threshold: COMPRESSION_THRESHOLD_BYTES,
    // Brotli first where the client takes both: smaller for the same CPU at @fastify/compress's quality 4.
    encodings: ['br', 'gzip'],
    // Bodies sent compressed are decompressed as they are read, inside the same body limit.
    requestEncodings: ['br', 'gzip']
  })
}, { name: 'compress' })
