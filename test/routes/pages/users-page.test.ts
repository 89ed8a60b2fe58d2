// The users page without JavaScript, as inject sees it: the list on the server, its pages, and the rename and delete forms.
import { test } from 'tap'
import type { App } from '../../../src/app.js'
import { buildTestApp } from '../../helper.js'
import { login, readSession, SESSION_COOKIE, seedUser, TEST_PASSWORD } from '../../sessions/client.js'

/** A form post as a browser sends it: a urlencoded body and Sec-Fetch-Site same-origin. */
async function post (app: App, url: string, fields: Record<string, string>, cookie?: string, site = 'same-origin') {
  return await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': site },
    payload: new URLSearchParams(fields).toString(),
    cookies: cookie === undefined ? {} : { [SESSION_COOKIE]: cookie }
  })
}

async function page (app: App, url: string, cookie?: string) {
  return await app.inject({ url, cookies: cookie === undefined ? {} : { [SESSION_COOKIE]: cookie } })
}

function names (html: string): string[] {
  return [...html.matchAll(/<span class="name">([^<]*)<\/span>/g)].map((match) => match[1]!)
}

function element (html: string, id: string): string {
  return new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? ''
}

test('GET / lists the users on the server, 50 a page, with the count and links to the other pages', async (t) => {
  const app = await buildTestApp(t)
  const empty = await page(app, '/')
  t.equal(empty.statusCode, 200)
  t.match(empty.body, /<p id="empty">No users yet. Sign up above to be the first.<\/p>/, 'an empty list says what to do')
  t.match(empty.body, /<nav id="pages"[^>]* hidden>/, 'and shows no paging')

  for (let n = 1; n <= 120; n++) await seedUser(app, `User ${String(n).padStart(3, '0')}`)
  const first = await page(app, '/')
  t.equal(names(first.body).length, 50)
  t.equal(names(first.body)[0], 'User 001')
  t.equal(element(first.body, 'page-info'), 'Page 1 of 3 · 120 users')
  t.match(first.body, /<span class="button" id="previous-page" aria-disabled="true">Previous<\/span>/, 'no page before the first')
  t.match(first.body, /<a class="button" id="next-page" rel="next" href="\/\?page=2">Next<\/a>/)
  t.match(first.body, /<p id="empty" hidden>/)

  const second = await page(app, '/?page=2')
  t.equal(names(second.body)[0], 'User 051')
  t.match(second.body, /id="previous-page" rel="prev" href="\/">Previous/)
  t.match(second.body, /id="next-page" rel="next" href="\/\?page=3">Next/)
  const last = await page(app, '/?page=3')
  t.same(names(last.body).length, 20)
  t.match(last.body, /<span class="button" id="next-page" aria-disabled="true">Next<\/span>/)
  t.equal(element((await page(app, '/?page=99')).body, 'page-info'), 'Page 3 of 3 · 120 users', 'past the end: the last page')
  t.equal((await page(app, '/?page=0')).statusCode, 400)
  t.equal((await page(app, '/?page=x')).statusCode, 400)
  const tracked = await page(app, '/?page=2&utm_source=newsletter')
  t.equal(tracked.statusCode, 200, 'a parameter the page does not know (a campaign\'s) is ignored')
  t.equal(names(tracked.body)[0], 'User 051')
})

test('names are escaped everywhere on the page, in the list and in its forms', async (t) => {
  const app = await buildTestApp(t)
  const cookie = await login(t, app, '<script>alert(1)</script>')
  const html = (await page(app, '/?edit=1', cookie)).body
  t.notMatch(html, '<script>alert', 'no markup from a name')
  t.match(html, 'data-name="&lt;script&gt;alert(1)&lt;/script&gt;"')
  t.match(html, 'aria-label="New name for &lt;script&gt;alert(1)&lt;/script&gt;" value="&lt;script&gt;alert(1)&lt;/script&gt;"')
  t.match((await page(app, '/?delete=1', cookie)).body, '<span class="question">Delete &lt;script&gt;alert(1)&lt;/script&gt;? This cannot be undone.</span>')
  const refused = await post(app, '/users/1/edit', { name: '"><script>x</script>'.repeat(10) }, cookie)
  t.equal(refused.statusCode, 400)
  t.notMatch(refused.body, '<script>x', 'what was typed comes back escaped')
})

test('Edit and Delete only on the rows the viewer may change; ?edit and ?delete turn the row into a form', async (t) => {
  const app = await buildTestApp(t)
  await seedUser(app, 'Grace')
  const cookie = await login(t, app, 'Ada')
  const visitor = await page(app, '/?edit=1')
  t.notMatch(visitor.body, /<form class="edit-form"|class="button edit"/, 'a visitor gets neither links nor forms')
  const own = (await page(app, '/', cookie)).body
  t.match(own, /<a class="button edit" href="\/\?edit=2">Edit<span class="visually-hidden"> Ada<\/span><\/a>/)
  t.match(own, /<a class="button danger delete" href="\/\?delete=2#user-2">Delete<span class="visually-hidden"> Ada<\/span><\/a>/)
  t.notMatch(own, 'edit=1', 'nothing on Grace\'s row')
  t.notMatch((await page(app, '/?edit=1', cookie)).body, 'action="/users/1/edit"', 'no form for another user\'s row')
  const editing = (await page(app, '/?edit=2', cookie)).body
  t.match(editing, /<form class="edit-form" action="\/users\/2\/edit" method="post"><input name="name" aria-label="New name for Ada" value="Ada" required maxlength="100"/)
  t.match(editing, '<input type="hidden" name="version" value="1">')
  t.match((await page(app, '/?delete=2', cookie)).body, /<form class="confirm-delete" action="\/users\/2\/delete" method="post">.*<button type="submit" class="danger">Delete/)
})

test('POST /users/:id/edit renames and answers 303 to the page it came from, or the page with the row still in edit', async (t) => {
  const app = await buildTestApp(t)
  const grace = await login(t, app, 'Grace')
  const cookie = await login(t, app, 'Ada')

  const renamed = await post(app, '/users/2/edit', { name: 'Ada Lovelace', version: '1', page: '2' }, cookie)
  t.equal(renamed.statusCode, 303)
  t.equal(renamed.headers.location, '/?page=2&done=renamed')
  t.equal((await app.usersRepository.find(2))?.name, 'Ada Lovelace')
  const done = (await page(app, '/?done=renamed', cookie)).body
  t.match(done, '<p id="status" class="status" role="status">The name was changed.</p>')
  t.match(done, '<title>The name was changed. — Users</title>', 'said first in the title, which a screen reader reads out on load')

  const blank = await post(app, '/users/2/edit', { name: '   ' }, cookie)
  t.equal(blank.statusCode, 400)
  t.equal(element(blank.body, 'edit-error-2'), 'Enter a name of 1 to 100 characters.', 'in plain words, next to the field')
  t.match(blank.body, /aria-label="New name for Ada Lovelace" value=" {3}"[^>]*aria-invalid="true"/, 'what was typed is kept')
  t.equal(element(blank.body, 'form-error'), '', 'the sign-up form is left alone')

  const taken = await post(app, '/users/2/edit', { name: 'GRACE' }, cookie)
  t.equal(taken.statusCode, 409)
  t.match(element(taken.body, 'edit-error-2'), /The name &quot;GRACE&quot; is taken/)

  const stale = await post(app, '/users/2/edit', { name: 'Ada King', version: '1' }, cookie)
  t.equal(stale.statusCode, 412, 'made from an older version')
  t.match(element(stale.body, 'edit-error-2'), 'Someone else renamed this user to “Ada Lovelace” while you were editing.')
  t.match(stale.body, '<input type="hidden" name="version" value="2">', 'saving again replaces it knowingly')

  const others = await post(app, '/users/1/edit', { name: 'Mallory' }, cookie)
  t.equal(others.statusCode, 403)
  t.equal(element(others.body, 'list-error'), 'Only the user or an admin may change this user')
  t.equal((await app.usersRepository.find(1))?.name, 'Grace', 'Grace is untouched')
  const anonymous = await post(app, '/users/2/edit', { name: 'Eve' })
  t.equal(anonymous.statusCode, 401)
  t.match(anonymous.headers['content-type'], /^text\/html/)
  t.match(element(anonymous.body, 'list-error'), /Log in first/)
  t.equal((await post(app, '/users/2/edit', { name: 'Eve' }, cookie, 'cross-site')).statusCode, 403, 'not from another site')
  const oddPage = await post(app, '/users/2/edit', { name: 'Eve', page: '-1' }, cookie)
  t.equal(oddPage.statusCode, 400)
  t.equal(element(oddPage.body, 'list-error'), 'This form is out of date; reload the page and try again.')
  t.equal((await post(app, '/users/99/edit', { name: 'Eve' }, grace)).statusCode, 403, 'someone else\'s id, even one that does not exist')
  // Ada's row is on page 1; a form posted from page 2 (which has no such row) still says why.
  for (let n = 1; n <= 50; n++) await seedUser(app, `User ${n}`)
  const elsewhere = await post(app, '/users/2/edit', { name: 'GRACE', page: '2' }, cookie)
  t.equal(elsewhere.statusCode, 409)
  t.match(element(elsewhere.body, 'list-error'), /The name &quot;GRACE&quot; is taken/, 'above the list, when the row is not on the page')
  // Only the body is what was typed: a query cannot put words into a posted form's page.
  const planted = await post(app, '/users/2/edit?name=PLANTED', { name: ' ' }, cookie)
  t.equal(planted.statusCode, 400)
  t.notMatch(planted.body, 'PLANTED', 'the query is not shown')
  t.equal((await app.usersRepository.find(2))?.name, 'Ada Lovelace')
})

test('POST /users/:id/delete deletes and answers 303; one\'s own account also logs out', async (t) => {
  const app = await buildTestApp(t)
  await seedUser(app, 'Grace')
  const admin = await login(t, app, 'Alan')
  await app.usersRepository.promote('Alan')
  const cookie = await login(t, app, 'Ada')

  const refused = await post(app, '/users/1/delete', {}, cookie)
  t.equal(refused.statusCode, 403)
  t.equal(element(refused.body, 'list-error'), 'Only the user or an admin may change this user')
  const byAdmin = await post(app, '/users/1/delete', { page: '1' }, admin)
  t.equal(byAdmin.statusCode, 303)
  t.equal(byAdmin.headers.location, '/?done=deleted')
  t.equal(await app.usersRepository.find(1), undefined)
  const lastAdmin = await post(app, '/users/2/delete', {}, admin)
  t.equal(lastAdmin.statusCode, 409)
  t.match(element(lastAdmin.body, 'list-error'), /last admin/)

  const own = await post(app, '/users/3/delete', {}, cookie)
  t.equal(own.statusCode, 303)
  t.equal(own.headers.location, '/?done=account-deleted')
  t.equal((await readSession(app, cookie)).statusCode, 401, 'logged out')
  t.match((await page(app, '/?done=account-deleted')).body, 'Your account was deleted and you are logged out.')
})

test('form errors in plain words next to the field, what was typed kept; JSON clients keep their JSON errors', async (t) => {
  const app = await buildTestApp(t, { LOGIN_RATE_LIMIT_MAX: '0' })
  await seedUser(app, 'Ada')
  const blank = await post(app, '/login', { name: '   ', password: TEST_PASSWORD })
  t.equal(blank.statusCode, 400)
  t.equal(element(blank.body, 'login-name-error'), 'Enter a name of 1 to 100 characters.')
  t.match(blank.body, /id="login-name"[^>]*value=" {3}"[^>]*aria-invalid="true"/)
  const noPassword = await post(app, '/login', { name: 'Ada', password: '' })
  t.equal(element(noPassword.body, 'login-error'), 'Enter your password.', 'the login form words its own password rule')
  const json = await app.inject({ method: 'POST', url: '/login', payload: { name: '   ', password: TEST_PASSWORD } })
  t.equal(json.statusCode, 400)
  t.match(json.json(), { code: 'FST_ERR_VALIDATION', message: /^body\.name must be 1 to 100 characters/ }, 'the API\'s message is unchanged')

  const common = await post(app, '/signup', { name: 'Grace', password: 'password1' })
  t.equal(element(common.body, 'password-error'), 'This is one of the most common passwords, which anyone could guess; choose another.')
  const extra = await post(app, '/signup', { name: 'Grace', password: TEST_PASSWORD, admin: 'true' })
  t.equal(extra.statusCode, 400)
  t.equal(element(extra.body, 'register-error'), 'This form is out of date; reload the page and try again.')

  const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }
  const cookieLogin = await app.inject({ url: '/cookie/login?name=%20%20', headers: browser })
  t.equal(cookieLogin.statusCode, 400)
  t.match(cookieLogin.headers['content-type'], /^text\/html/)
  t.equal(element(cookieLogin.body, 'cookie-login-name-error'), 'Enter a name of 1 to 100 characters.')
  t.match(cookieLogin.body, /id="cookie-login-name"[^>]*value=" {2}"/)
  const apiLogin = await app.inject({ url: '/cookie/login?name=%20%20' })
  t.match(apiLogin.json(), { statusCode: 400, code: 'FST_ERR_VALIDATION' }, 'other clients keep the JSON error')
})

test('every page has the shared layout: a description, the favicon, the account area', async (t) => {
  const app = await buildTestApp(t)
  const cookie = await login(t, app, 'Ada & <Co>')
  const html = { accept: 'text/html' }
  const cookies = { [SESSION_COOKIE]: cookie }
  // The account page's own link is marked as the current page.
  const greeting = /<a href="\/account" class="greeting" lang="ko"( aria-current="page")?>Ada &amp; &lt;Co&gt;님 안녕하세요<\/a>/
  for (const url of ['/', '/about', '/login', '/account', '/cookie/hello', '/no-such-page']) {
    const response = await app.inject({ url, headers: html, cookies })
    t.match(response.body, /<meta name="description" content="[^"]{20,}">/, `${url}: a description`)
    t.match(response.body, '<link rel="icon" href="data:image/svg+xml,', `${url}: the favicon, in the page so it costs no request`)
    t.match(response.body, greeting, `${url}: the account area greets the user`)
    t.equal((response.body.match(/<nav aria-label="Main">/g) ?? []).length, 1, `${url}: one navigation`)
  }
  t.match((await app.inject({ url: '/about' })).body, '<a href="/login">Login</a>', 'a visitor is offered login')
  const icon = await app.inject({ url: '/favicon.ico' })
  t.equal(icon.statusCode, 200)
  t.equal(icon.headers['content-type'], 'image/x-icon')
  t.equal(icon.rawPayload.readUInt16LE(2), 1, 'a real icon file')
  t.equal((await app.inject({ url: '/about.html' })).statusCode, 404, 'the about page is no static file any more')
})

test('/cookie/hello: text/plain as before, an HTML page for a browser that asks for one', async (t) => {
  const app = await buildTestApp(t)
  const loggedIn = await app.inject({ url: '/cookie/login?name=%3Cb%3E%ED%99%8D%EA%B8%B8%EB%8F%99' })
  const cookie = loggedIn.cookies.find((each) => each.name === 'name')!
  const cookies = { name: cookie.value }
  const plain = await app.inject({ url: '/cookie/hello', cookies })
  t.equal(plain.headers['content-type'], 'text/plain; charset=utf-8')
  t.equal(plain.body, '<b>홍길동님 안녕하세요')
  t.match(plain.headers.vary, /Accept/)
  t.equal((await app.inject({ url: '/cookie/hello', cookies, headers: { accept: 'text/plain' } })).body, '<b>홍길동님 안녕하세요')
  const page = await app.inject({ url: '/cookie/hello', cookies, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.equal(page.headers['cache-control'], 'no-store')
  t.match(page.body, '<title>Cookie greeting · Users</title>')
  t.match(page.body, '<p class="greeting-large" lang="ko">&lt;b&gt;홍길동님 안녕하세요</p>', 'escaped, marked Korean')
  t.match(page.body, '<html lang="en">')
  t.match(page.body, '<link rel="stylesheet" href="/app.css">')
})
