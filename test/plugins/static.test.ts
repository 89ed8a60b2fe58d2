import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, constants as zlib, gunzipSync } from 'node:zlib'
import Fastify from 'fastify'
import { type Test, test } from 'tap'
import staticPlugin, { STATIC_ROOT } from '../../src/plugins/static.js'
import { buildTestApp, rawRequest } from '../helper.js'

/** A raw request over a real socket, so the path reaches the server exactly as written. */
const rawGet = async (base: string, path: string) => rawRequest(base, path)

test('pages are served with their content type', async (t) => {
  const app = await buildTestApp(t)
  const home = await app.inject({ url: '/' })
  t.equal(home.statusCode, 200)
  t.match(home.headers['content-type'], /^text\/html/)
  t.match(home.body, /<form id="register"/)
  t.match(home.body, /src="\/users.js"/)

  const about = await app.inject({ url: '/about' })
  t.equal(about.statusCode, 200)
  t.match(about.body, /<h1>About<\/h1>/)

  const script = await app.inject({ url: '/users.js' })
  t.match(script.headers['content-type'], /javascript/)
  t.notMatch(script.body, /https?:\/\//, 'the page loads nothing from another host')
  t.match((await app.inject({ url: '/app.css' })).headers['content-type'], /^text\/css/)
})

test('static files revalidate with ETag and Last-Modified, and answer HEAD', async (t) => {
  const app = await buildTestApp(t)
  const first = await app.inject({ url: '/app.css' })
  const etag = first.headers.etag
  t.type(etag, 'string')
  t.type(first.headers['last-modified'], 'string')

  const byEtag = await app.inject({ url: '/app.css', headers: { 'if-none-match': String(etag) } })
  t.equal(byEtag.statusCode, 304)
  t.equal(byEtag.body, '')
  const byDate = await app.inject({ url: '/app.css', headers: { 'if-modified-since': String(first.headers['last-modified']) } })
  t.equal(byDate.statusCode, 304)
  const changed = await app.inject({ url: '/app.css', headers: { 'if-none-match': '"something-else"' } })
  t.equal(changed.statusCode, 200)

  const head = await app.inject({ method: 'HEAD', url: '/app.css' })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
  t.equal(head.headers['content-length'], first.headers['content-length'])
})

test('nothing outside static/ and no dotfile is ever served', async (t) => {
  const app = await buildTestApp(t)
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const attempts = [
    '/../package.json', '/%2e%2e/package.json', '/%2E%2E/%2E%2E/package.json', '/static/../src/app.ts',
    '/..%2fpackage.json', '/%2e%2e%2fpackage.json', '/....//package.json', '//etc/passwd', '/%2fetc%2fpasswd',
    '/.gitignore', '/.env', '/%2egitignore', '/users.js%00.html', '/..\\package.json'
  ]
  for (const path of attempts) {
    const response = await rawGet(base, path)
    t.ok(response.status === 404 || response.status === 400, `${path} is refused (${response.status})`)
    t.notMatch(response.body, /"dependencies"|root:x:|buildApp/, `${path} leaks nothing`)
  }
})

test('an unknown path is a JSON 404, or the HTML page for a browser', async (t) => {
  const app = await buildTestApp(t)
  const api = await app.inject({ url: '/no/such/thing' })
  t.equal(api.statusCode, 404)
  t.match(api.json(), { statusCode: 404, error: 'Not Found' })

  const page = await app.inject({ url: '/no/such/thing', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } })
  t.equal(page.statusCode, 404)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.body, /Page not found/)
})

test('page templates are not public files', async (t) => {
  const app = await buildTestApp(t)
  for (const url of ['/index.html', '/index', '/404.html', '/cookie-login.html', '/templates/index.html', '/templates/404.html', '/templates/', '/templates', '/%74emplates/index.html']) {
    const response = await app.inject({ url })
    t.equal(response.statusCode, 404, url)
    t.notMatch(response.body, /<!-- account -->/, `${url}: no raw template`)
  }
  const page = await app.inject({ url: '/nowhere', headers: { accept: 'text/html' } })
  t.equal(page.statusCode, 404)
  t.match(page.body, /There is nothing at this address/, 'the 404 page is still the template')
})

test('a byte range is answered 206 with Content-Range', async (t) => {
  const app = await buildTestApp(t)
  const whole = await app.inject({ url: '/app.css' })
  const part = await app.inject({ url: '/app.css', headers: { range: 'bytes=0-9' } })
  t.equal(part.statusCode, 206)
  t.equal(part.headers['content-range'], `bytes 0-9/${whole.body.length}`)
  t.equal(part.body, whole.body.slice(0, 10))
  t.equal(part.headers.etag, whole.headers.etag)
})

/** The static plugin alone, serving a temporary folder with one file. */
async function serveFolder (t: Test, reload: boolean) {
  const root = mkdtempSync(join(tmpdir(), 'users-static-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  const file = join(root, 'page.css')
  writeFileSync(file, 'body { color: red }')
  utimesSync(file, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'))
  const app = Fastify()
  await app.register(staticPlugin, { reload, root })
  t.teardown(() => app.close())
  return { app, file }
}

for (const reload of [true, false]) {
  test(`a file changed after start-up is ${reload ? 'served anew with new validators (development)' : 'served as it was read (production)'}`, async (t) => {
    const { app, file } = await serveFolder(t, reload)
    const before = await app.inject({ url: '/page.css' })
    t.equal(before.body, 'body { color: red }')
    writeFileSync(file, 'body { color: blue }')
    utimesSync(file, new Date('2026-02-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'))
    const after = await app.inject({ url: '/page.css', headers: { 'if-none-match': String(before.headers.etag) } })
    if (reload) {
      t.equal(after.statusCode, 200, 'the old ETag no longer matches')
      t.equal(after.body, 'body { color: blue }')
      t.equal(after.headers['last-modified'], 'Sun, 01 Feb 2026 00:00:00 GMT')
    } else {
      t.equal(after.statusCode, 304, 'still the copy read at start-up')
    }
  })
}

test('text assets are compressed once at start-up: br or gzip as the client prefers, with Vary; small ones and images as they are', async (t) => {
  const app = await buildTestApp(t)
  const css = readFileSync(join(STATIC_ROOT, 'app.css'))
  const plain = await app.inject({ url: '/app.css' })
  t.notOk(plain.headers['content-encoding'], 'no Accept-Encoding: the file as it is')
  t.equal(plain.headers.vary, 'Accept-Encoding')
  t.same(plain.rawPayload, css)

  const br = await app.inject({ url: '/app.css', headers: { 'accept-encoding': 'gzip, deflate, br' } })
  t.equal(br.headers['content-encoding'], 'br')
  t.same(brotliDecompressSync(br.rawPayload), css, 'the same file')
  // @fastify/compress would stream it at quality 4 on every request; these are the bytes made once, at the highest quality.
  t.same(br.rawPayload, brotliCompressSync(css, { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: css.length } }))
  t.equal(br.headers.etag, plain.headers.etag, 'the same validators, so revalidation works for either')

  const gzip = await app.inject({ url: '/app.css', headers: { 'accept-encoding': 'br;q=0.2, gzip' } })
  t.equal(gzip.headers['content-encoding'], 'gzip', 'the q-values decide')
  t.same(gunzipSync(gzip.rawPayload), css)
  t.notOk((await app.inject({ url: '/app.css', headers: { 'accept-encoding': 'identity, br;q=0.5' } })).headers['content-encoding'], 'identity when preferred')
  t.equal((await app.inject({ url: '/app.css', headers: { 'accept-encoding': 'br', 'if-none-match': String(plain.headers.etag) } })).statusCode, 304)
})
