import { test } from 'tap'
import { buildTestApp } from '../../helper.js'
import { login, readSession, SESSION_COOKIE } from '../../sessions/client.js'

function accountArea (html: string): string {
  return /<div id="account">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? ''
}

test('the users page shows the login link to a visitor', async (t) => {
  const app = await buildTestApp(t)
  const response = await app.inject({ url: '/' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/html; charset=utf-8/)
  t.equal(response.headers['cache-control'], 'no-store', 'the page differs per visitor')
  t.match(accountArea(response.body), /<a href="\/login">Login<\/a>/)
  t.notMatch(response.body, /안녕하세요|action="\/logout"/)
  t.match(response.body, /<form id="register"/, 'the rest of the page is intact')
})

test('a logged-in visitor is greeted by name, escaped, with a logout form', async (t) => {
  const app = await buildTestApp(t)
  const cookie = await login(t, app, '<script>alert("x")</script> & Ada')
  const response = await app.inject({ url: '/', cookies: { [SESSION_COOKIE]: cookie } })
  t.equal(response.headers['cache-control'], 'no-store')
  const area = accountArea(response.body)
  t.match(area, '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Ada님 안녕하세요')
  t.notMatch(response.body, '<script>alert', 'the name cannot inject markup')
  t.match(area, /<form[^>]*action="\/logout"[^>]*method="post"[^>]*>\s*<button type="submit">/, 'logging out works without JavaScript')
  t.notMatch(area, /href="\/login"/)

  // The logout form posts as a browser does: a form body, Sec-Fetch-Site same-origin.
  const out = await app.inject({
    method: 'POST',
    url: '/logout',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    cookies: { [SESSION_COOKIE]: cookie }
  })
  t.equal(out.statusCode, 303)
  t.equal((await readSession(app, cookie)).statusCode, 401)
  t.match(accountArea((await app.inject({ url: '/', cookies: { [SESSION_COOKIE]: cookie } })).body), /href="\/login"/)
})

test('the login form is still served at GET /login and posts name to /login', async (t) => {
  const app = await buildTestApp(t)
  const response = await app.inject({ url: '/login' })
  t.equal(response.statusCode, 200)
  t.match(response.body, /<form id="login" action="\/login" method="post">/)
  t.match(response.body, /name="name"/)
  t.equal((await app.inject({ method: 'HEAD', url: '/' })).statusCode, 200, 'HEAD / works')
})
