// The page forms without JavaScript, as inject sees them: sign-up, login, and the account page's forms with their errors.
import { test } from 'tap'
import type { App } from '../../../src/app.js'
import { buildTestApp } from '../../helper.js'
import { login, readSession, SESSION_COOKIE, TEST_PASSWORD } from '../../sessions/client.js'

/** A form post as a browser sends it: a urlencoded body and Sec-Fetch-Site same-origin. */
async function post (app: App, url: string, fields: Record<string, string>, cookie?: string) {
  return await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    payload: new URLSearchParams(fields).toString(),
    cookies: cookie === undefined ? {} : { [SESSION_COOKIE]: cookie }
  })
}

function cookieOf (response: { cookies: Array<{ name: string, value: string }> }): string {
  return response.cookies.find((each) => each.name === SESSION_COOKIE)!.value
}

/** The text of the element with this id (its inner HTML, which the tests keep simple). */
function element (html: string, id: string): string {
  return new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? ''
}

test('sign-up without JavaScript: the account is made and logged in, or the page comes back with the message by the field', async (t) => {
  const app = await buildTestApp(t, { LOGIN_RATE_LIMIT_MAX: '0' })
  const short = await post(app, '/signup', { name: 'Ada', password: 'short' })
  t.equal(short.statusCode, 400)
  t.match(short.headers['content-type'], /^text\/html/)
  t.equal(element(short.body, 'password-error'), 'Choose a password of 8 to 128 characters.', 'next to the password, in plain words')
  t.match(short.body, /id="name"[^>]*value="Ada"/, 'the typed name is kept')
  t.match(short.body, /id="password"[^>]*aria-invalid="true" autofocus/, 'the refused field is marked and takes the focus')
  t.notMatch(short.body, /value="short"/, 'a password is never written back into a page')

  const made = await post(app, '/signup', { name: 'Ada', password: TEST_PASSWORD })
  t.equal(made.statusCode, 303)
  t.equal(made.headers.location, '/?done=signed-up', 'back to the users page, which says what was done')
  t.equal((await readSession(app, cookieOf(made))).json().user.name, 'Ada', 'signed up and logged in')

  const taken = await post(app, '/signup', { name: 'ADA', password: TEST_PASSWORD })
  t.equal(taken.statusCode, 409)
  t.match(element(taken.body, 'form-error'), /The name &quot;ADA&quot; is taken/, 'next to the name')
  const common = await post(app, '/signup', { name: 'Grace', password: 'password1' })
  t.match(element(common.body, 'password-error'), /common passwords/)
  const crossSite = await app.inject({ method: 'POST', url: '/signup', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' }, payload: 'name=Eve&password=a+long+password' })
  t.equal(crossSite.statusCode, 403, 'not from another site')
})

test('the login page asks for name and password and shows a refused login\'s message', async (t) => {
  const app = await buildTestApp(t, { LOGIN_RATE_LIMIT_MAX: '0' })
  const page = await app.inject({ url: '/login' })
  t.equal(page.statusCode, 200)
  t.match(page.body, /<input id="login-name" name="name"/)
  t.match(page.body, /<input id="login-password" name="password" type="password"/)
  await login(t, app, 'Ada')
  const wrong = await post(app, '/login', { name: 'Ada', password: 'not it at all' })
  t.equal(wrong.statusCode, 401)
  t.equal(element(wrong.body, 'login-error'), 'Wrong name or password')
  t.match(wrong.body, /id="login-name"[^>]*value="Ada"/)
  t.equal(wrong.cookies.length, 0)
  const json = await app.inject({ method: 'POST', url: '/login', payload: { name: 'Ada', password: 'not it at all' } })
  t.equal(json.json().message, 'Wrong name or password', 'JSON clients still get JSON')
})

test('the account page: rename, change the password, end sessions, delete, each with the server\'s errors', async (t) => {
  const app = await buildTestApp(t, { LOGIN_RATE_LIMIT_MAX: '0' })
  t.equal((await app.inject({ url: '/account' })).headers.location, '/login', 'a visitor is sent to the login page')
  t.equal((await post(app, '/account/name', { name: 'x' })).headers.location, '/login')
  await login(t, app, 'Grace')
  const cookie = await login(t, app, 'Ada')
  const other = await login(t, app, 'Ada')

  const page = await app.inject({ url: '/account', cookies: { [SESSION_COOKIE]: cookie } })
  t.equal(page.statusCode, 200)
  t.equal(page.headers['cache-control'], 'no-store')
  t.equal((page.body.match(/name="handle"/g) ?? []).length, 2, 'both of Ada\'s sessions are listed')
  t.match(page.body, '(this session)')
  t.notMatch(page.body, cookie.slice(0, cookie.lastIndexOf('.')), 'no session id on the page')

  const taken = await post(app, '/account/name', { name: 'grace' }, cookie)
  t.equal(taken.statusCode, 409)
  t.match(element(taken.body, 'name-error'), /is taken/)
  t.match(taken.body, /id="new-name"[^>]*value="grace"/, 'what was typed is kept')
  const renamed = await post(app, '/account/name', { name: 'Ada Lovelace' }, cookie)
  t.equal(renamed.headers.location, '/account?done=renamed')
  t.match((await app.inject({ url: '/account?done=renamed', cookies: { [SESSION_COOKIE]: cookie } })).body, 'Your name was changed.')

  const wrong = await post(app, '/account/password', { currentPassword: 'wrong one!', password: 'a new password 1' }, cookie)
  t.equal(wrong.statusCode, 403)
  t.match(element(wrong.body, 'current-password-error'), /not your current password/)
  const short = await post(app, '/account/password', { currentPassword: TEST_PASSWORD, password: 'short' }, cookie)
  t.match(element(short.body, 'new-password-error'), /8 to 128 characters/)
  const changed = await post(app, '/account/password', { currentPassword: TEST_PASSWORD, password: 'a new password 1' }, cookie)
  t.equal(changed.headers.location, '/account?done=password')
  t.equal((await readSession(app, other)).statusCode, 401, 'the other session ended')

  const third = await login(t, app, 'Ada Lovelace', undefined, 'a new password 1')
  const handles = [...(await app.inject({ url: '/account', cookies: { [SESSION_COOKIE]: cookie } })).body.matchAll(/name="handle" value="([^"]+)"/g)].map((match) => match[1]!)
  t.equal(handles.length, 2)
  const bad = await post(app, '/account/sessions/end', { handle: 'AAAAAAAAAAAAAAAAAAAAAA' }, cookie)
  t.equal(bad.statusCode, 404)
  t.match(element(bad.body, 'sessions-error'), /no live session with this handle/)
  t.equal((await post(app, '/account/sessions/end-others', {}, cookie)).headers.location, '/account?done=ended-others')
  t.equal((await readSession(app, third)).statusCode, 401)

  const unconfirmed = await post(app, '/account/delete', {}, cookie)
  t.equal(unconfirmed.statusCode, 400, 'a delete without the ticked box is refused')
  t.equal(element(unconfirmed.body, 'confirm-error'), 'Tick the box to confirm that the account is to be deleted for good.')
  t.match(unconfirmed.body, /id="confirm-delete"[^>]*aria-invalid="true"/, 'the box is marked')
  t.equal((await readSession(app, cookie)).statusCode, 200, 'and the account and its session are still there')
  const deleted = await post(app, '/account/delete', { confirm: 'yes' }, cookie)
  t.equal(deleted.statusCode, 303)
  t.equal(deleted.headers.location, '/')
  t.equal((await readSession(app, cookie)).statusCode, 401)
  t.equal((await app.inject({ url: '/users' })).json().length, 1, 'only Grace is left')
})

test('the users page tells the script who is looking, so it offers Edit and Delete only where they would work', async (t) => {
  const app = await buildTestApp(t)
  t.match((await app.inject({ url: '/' })).body, '<main data-viewer-id="" data-viewer-role="">')
  const cookie = await login(t, app, 'Ada')
  const { id } = (await readSession(app, cookie)).json().user
  t.match((await app.inject({ url: '/', cookies: { [SESSION_COOKIE]: cookie } })).body, `<main data-viewer-id="${id}" data-viewer-role="user">`)
})
