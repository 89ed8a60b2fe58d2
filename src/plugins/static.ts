// Assets from static/, served from memory: never a file outside it, never a dotfile, never a page template.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'
import { negotiate } from '@fastify/accept-negotiator'
import fastifyStatic from '@fastify/static'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import Type from 'typebox'
import { noneMatchHits } from '../entity-tags.js'
import { COMPRESSION_THRESHOLD_BYTES } from './compress.js'

export const STATIC_ROOT = fileURLToPath(new URL('../../static/', import.meta.url))
const TEMPLATES = 'templates'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2'
}

/** A page template from static/templates/, read once at start-up by the route that fills it in. */
export function readTemplate (file: string): string {
  return readFileSync(new URL(`../../static/${TEMPLATES}/${file}`, import.meta.url), 'utf8')
}

/** The content codings an asset is kept in besides its own bytes, in the order preferred. */
const ENCODINGS = ['br', 'gzip'] as const
type Encoding = typeof ENCODINGS[number]

/** Text is worth compressing; images and fonts are compressed already. */
const isCompressible = (contentType: string) => /^(text\/|application\/(javascript|json)|image\/svg)/.test(contentType)

/**
 * The asset compressed once, at the highest levels (a few milliseconds at start-up), instead of by
 * @fastify/compress on every request; none for a file too small to gain from it.
 */
function encode (body: Buffer, contentType: string): Partial<Record<Encoding, Buffer>> {
  if (!isCompressible(contentType) || body.length < COMPRESSION_THRESHOLD_BYTES) return {}
  return {
    br: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    gzip: gzipSync(body, { level: zlib.Z_BEST_COMPRESSION })
  }
}

interface Asset {
  file: string
  mtimeMs: number
  body: Buffer
  encoded: Partial<Record<Encoding, Buffer>>
  /** Sent with 200 and 304 alike; the validators as @fastify/send computed them, so browsers' copies stay valid. */
  headers: Record<string, string>
  contentType: string
  etag: string
  /** Last-Modified has whole seconds. */
  modifiedSeconds: number
}

function readAsset (file: string): Asset {
  const stat = statSync(file)
  const etag = `W/"${stat.size.toString(16)}-${stat.mtime.getTime().toString(16)}"`
  const body = readFileSync(file)
  const contentType = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
  const encoded = encode(body, contentType)
  return {
    file,
    mtimeMs: stat.mtimeMs,
    body,
    encoded,
    headers: {
      'accept-ranges': 'bytes',
      'cache-control': 'public, max-age=0',
      'last-modified': stat.mtime.toUTCString(),
      etag,
      // Caches keep the compressed and plain copies apart.
      ...(Object.keys(encoded).length > 0 && { vary: 'Accept-Encoding' })
    },
    contentType,
    etag,
    modifiedSeconds: Math.floor(stat.mtime.getTime() / 1000)
  }
}

/**
 * Every public file under static/ by its URL path (`about.html`, and `about` for an HTML file), read
 * at start-up. Only these names are ever served, so no URL, however encoded, reaches another file.
 */
function loadAssets (root: string): Map<string, Asset> {
  const assets = new Map<string, Asset>()
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = relative(root, join(entry.parentPath, entry.name)).split('\\').join('/')
    const hidden = path.split('/').some((part) => part.startsWith('.'))
    if (!entry.isFile() || hidden || path === TEMPLATES || path.startsWith(`${TEMPLATES}/`)) continue
    const asset = readAsset(join(root, path))
    assets.set(path, asset)
    // /about serves about.html.
    if (path.endsWith('.html')) assets.set(path.slice(0, -'.html'.length), asset)
  }
  return assets
}

/** What the `fresh` module (behind @fastify/send) decides: the client's copy is current, answer 304. */
function isFresh (request: FastifyRequest, asset: Asset): boolean {
  const { 'if-none-match': noneMatch, 'if-modified-since': modifiedSince, 'cache-control': cacheControl } = request.headers
  if (cacheControl !== undefined && /(?:^|,)\s*no-cache\s*(?:,|$)/.test(cacheControl)) return false
  if (noneMatch !== undefined) return noneMatchHits(noneMatch, asset.etag)
  return modifiedSince !== undefined && Date.parse(modifiedSince) >= asset.modifiedSeconds * 1000
}

export interface StaticPluginOptions {
  /** Re-read a file that changed since it was loaded (development: edit and reload the page). */
  reload: boolean
  /** The folder served; static/ unless a test says otherwise. */
  root?: string
}

export default fp<StaticPluginOptions>(async (app, { reload, root = STATIC_ROOT }) => {
  // Byte ranges (rare for files this small: resumed downloads) keep going through @fastify/static's send.
  await app.register(fastifyStatic, { root, serve: false, dotfiles: 'ignore', index: false, cacheControl: true, maxAge: 0, etag: true, lastModified: true })
  const assets = loadAssets(root)

  // From memory: @fastify/static's wildcard route read the directory, then stat-ed, opened and
  // streamed the file on every request.
  app.withTypeProvider<TypeBoxTypeProvider>().get('/*', {
    // Compressed here, once; @fastify/compress would do it again on every request.
    compress: false,
    schema: {
      hide: true,
      summary: 'A file from static/',
      description: 'Assets and pages by name, with ETag and Last-Modified; 304 on revalidation.',
      params: Type.Object({ '*': Type.String() })
    }
  }, async (request, reply) => {
    const name = request.params['*']
    let asset = assets.get(name)
    if (asset === undefined) return reply.callNotFound()
    if (reload && statSync(asset.file, { throwIfNoEntry: false })?.mtimeMs !== asset.mtimeMs) {
      asset = readAsset(asset.file)
      assets.set(name, asset)
    }
    if (request.headers.range !== undefined) return reply.sendFile(relative(root, asset.file))
    reply.headers(asset.headers)
    if (isFresh(request, asset)) return reply.code(304).send()
    reply.type(asset.contentType)
    const encodings = ENCODINGS.filter((encoding) => asset.encoded[encoding] !== undefined)
    // The client's preference by q-value, ours (br first) on a tie, as @fastify/compress decides;
    // identity stays a choice, and is all a client without Accept-Encoding gets.
    const chosen = encodings.length > 0 ? negotiate(request.headers['accept-encoding'] ?? '', [...encodings, 'identity']) : null
    const encoded = chosen === null ? undefined : asset.encoded[chosen as Encoding]
    if (encoded !== undefined) return reply.header('content-encoding', chosen).send(encoded)
    return reply.send(asset.body)
  })
}, { name: 'static' })
