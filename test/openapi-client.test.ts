// The contract as clients see it: the committed openapi.json and client types are what the routes
// produce, the typed client (test/openapi-client/client.ts) type-checks against types generated from
// the live document, and every operation it calls answers over a real port as those types say.
import { execFile } from 'node:child_process'
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { test } from 'tap'
import { documentText, OPENAPI_FILES, typesText } from '../scripts/openapi-files.js'
import { usersServiceClient } from './openapi-client/client.js'
import { buildTestApp, PROJECT_ROOT } from './helper.js'

const LOGIN_LIMIT = 4
const password = 'a client passphrase'
const RUN_NPM_OPENAPI = 'differs from what the routes produce: run `npm run openapi` and commit the result (review the diff: it is a contract change)'

/** The session cookie of an answer that set one, as a client sends it back. */
function sessionCookieOf (response: Response): string | undefined {
  return response.headers.getSetCookie().find((cookie) => cookie.startsWith('sessionId='))?.split(';', 1)[0]
}

const OUTPUT = join(PROJECT_ROOT, 'test-output', 'openapi-client')
const resolve = createRequire(import.meta.url).resolve

/** Runs a tool's Node.js script; its output, and whether it exited 0. */
async function runTool (script: string, args: string[]): Promise<{ ok: boolean, output: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [resolve(script), ...args], { cwd: OUTPUT })
    return { ok: true, output: stdout }
  } catch (error) {
    const failed = error as { message: string, stdout?: string, stderr?: string }
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message }
  }
}

/** Type-checks the committed client against the given types with tsc, as a client project would; tsc's errors, if any. */
async function typeCheckClient (types: string): Promise<string> {
  await writeFile(join(OUTPUT, 'openapi.d.ts'), types)
  await copyFile(join(PROJECT_ROOT, 'test', 'openapi-client', 'client.ts'), join(OUTPUT, 'client.ts'))
  // The project's compiler options, on these two files only (node_modules resolves from the project).
  await writeFile(join(OUTPUT, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: [], files: ['client.ts', 'openapi.d.ts'] }))
  const { ok, output } = await runTool('typescript/bin/tsc', ['-p', 'tsconfig.json'])
  return ok ? '' : output
}

/** Redocly's findings on the document, with the project's redocly.yaml (the recommended rules). */
async function lintDocument (document: object): Promise<{ totals: { errors: number }, problems: Array<{ ruleId: string, location: Array<{ pointer: string }> }> }> {
  await writeFile(join(OUTPUT, 'openapi.json'), documentText(document))
  const { output } = await runTool('@redocly/cli/bin/cli.js', ['lint', '--format=json', `--config=${join(PROJECT_ROOT, 'redocly.yaml')}`, 'openapi.json'])
  return JSON.parse(output)
}

test('the typed client against the live document and the app on a real port', async (t) => {
  const app = await buildTestApp(t, { LOGIN_RATE_LIMIT_MAX: String(LOGIN_LIMIT) })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const document = await (await fetch(`${base}/openapi.json`)).json() as object
  const types = await typesText(document)
  await mkdir(OUTPUT, { recursive: true })

  t.test('the committed document and types are what the routes produce', async (t) => {
    const committed = await readFile(join(PROJECT_ROOT, OPENAPI_FILES.document), 'utf8')
    t.equal(committed, documentText(document), `${OPENAPI_FILES.document} ${RUN_NPM_OPENAPI}`)
    t.equal(await readFile(join(PROJECT_ROOT, OPENAPI_FILES.types), 'utf8'), types, `${OPENAPI_FILES.types} ${RUN_NPM_OPENAPI}`)
  })

  t.test('the client type-checks against types generated from the live document', async (t) => {
    t.equal(await typeCheckClient(types), '', 'tsc accepts test/openapi-client/client.ts; an error here is a contract change that breaks clients')
  })

  t.test('Redocly\'s recommended rules find no error, and only the warnings the README accepts', async (t) => {
    const { totals, problems } = await lintDocument(document)
    t.equal(totals.errors, 0, 'no error')
    t.same(problems.map(({ ruleId, location }) => `${ruleId} ${location[0]?.pointer}`), [
      // The health checks take no input and are not rate-limited: there is no 4xx to document.
      'operation-4xx-response #/paths/~1health~1live/get/responses',
      'operation-4xx-response #/paths/~1health~1ready/get/responses',
      // A login by link is a redirect (302): there is no 2xx to document.
      'operation-2xx-response #/paths/~1cookie~1login/get/responses'
    ])
  })

  const client = usersServiceClient(base)

  t.test('health', async (t) => {
    t.same((await client.checkLiveness()).data, { status: 'ok' })
    t.same((await client.checkReadiness()).data, { status: 'ok' })
  })

  t.test('users: every operation, its answers and its errors', async (t) => {
    t.same((await client.listUsers()).data, [])
    const created = await client.createUser({ name: ' Ada ', password })
    t.equal(created.response.status, 201)
    const ada = created.data!
    t.match(ada, { id: Number, name: 'Ada', role: 'user', createdAt: String, updatedAt: String })
    t.equal(created.response.headers.get('location'), `/users/${ada.id}`, 'Location, as documented')
    t.equal((await client.createUser({ name: 'ADA', password })).response.status, 409, 'a taken name')

    t.same((await client.getUser(ada.id)).data, ada)
    t.same((await client.listUsers({ limit: 1, offset: 0 })).data, [ada])
    t.equal((await client.replaceUser(ada.id, { name: 'Grace' })).response.status, 401, 'a change needs the session')
    const cookie = sessionCookieOf((await client.login({ name: 'Ada', password })).response)
    t.match((await client.replaceUser(ada.id, { name: 'Grace' }, cookie)).data, { id: ada.id, name: 'Grace' })
    t.match((await client.updateUser(ada.id, {}, cookie)).data, { id: ada.id, name: 'Grace' }, 'an empty patch changes nothing')
    t.match((await client.updateUser(ada.id, { name: 'Ada' }, cookie)).data, { id: ada.id, name: 'Ada' })

    const invalid = await client.createUser({ name: '', password })
    t.equal(invalid.response.status, 400)
    t.match(invalid.error, { statusCode: 400, error: 'Bad Request', message: /body\.name/ }, 'an ErrorResponse')

    t.equal((await client.deleteUser(ada.id, cookie)).response.status, 204)
    const gone = await client.getUser(ada.id)
    t.equal(gone.response.status, 404)
    t.match(gone.error, { statusCode: 404, message: `User ${ada.id} not found` })
  })

  t.test('sessions: login by JSON and by form, the session, logout', async (t) => {
    t.equal((await client.createUser({ name: 'Ada', password })).response.status, 201)
    t.equal((await client.createUser({ name: 'Grace', password })).response.status, 201)
    const login = await client.login({ name: 'Ada', password })
    t.match(login.data, { user: { name: 'Ada', role: 'user' }, expiresAt: String })
    t.equal(login.response.headers.get('cache-control'), 'no-store')
    const cookie = sessionCookieOf(login.response)
    t.ok(cookie, 'the session cookie is set')

    t.match((await client.getSession(cookie)).data, { user: { name: 'Ada' } })
    const form = await client.loginWithForm({ name: 'Grace', password })
    t.equal(form.response.status, 303)
    t.equal(form.response.headers.get('location'), '/')
    t.ok(sessionCookieOf(form.response), 'a form login sets the cookie too')

    const sessions = await client.listSessions(cookie)
    t.match(sessions.data, [{ handle: String, current: true }], 'the session list, by handle')
    t.equal((await client.endOtherSessions(cookie)).response.status, 204)
    t.equal((await client.endSession('AAAAAAAAAAAAAAAAAAAAAA', cookie)).response.status, 404, 'a handle the user does not have')

    const out = await client.logout(cookie)
    t.equal(out.response.status, 204)
    const ended = await client.getSession(cookie)
    t.equal(ended.response.status, 401)
    t.match(ended.error, { statusCode: 401, error: 'Unauthorized' })
    t.equal((await client.logout()).response.status, 204, 'logout needs no session')
  })

  t.test('past the login limit: 429 with Retry-After and X-RateLimit-*', async (t) => {
    // The tests above logged in three times; this address has one attempt left.
    t.equal((await client.login({ name: 'Ada', password })).response.status, 200)
    const limited = await client.login({ name: 'Ada', password })
    t.equal(limited.response.status, 429)
    t.match(limited.error, { statusCode: 429, error: 'Too Many Requests' })
    for (const header of ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
      t.match(limited.response.headers.get(header), /^\d+$/, header)
    }
  })

  t.test('cookies', async (t) => {
    t.same((await client.setPlainCookie()).data, { message: 'Hello Cookie', received: {} })
    const login = await client.cookieLogin('홍길동')
    t.equal(login.response.status, 302)
    t.equal(login.response.headers.get('location'), '/cookie/hello')
    const cookie = login.response.headers.getSetCookie()[0]?.split(';', 1)[0]
    const hello = await client.cookieHello(cookie)
    t.equal(hello.data, '홍길동님 안녕하세요')
    t.equal(hello.response.headers.get('cache-control'), 'no-store')
  })
})
