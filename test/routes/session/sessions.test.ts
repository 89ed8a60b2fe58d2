// GET /sessions, DELETE /sessions/:handle and DELETE /sessions on every store: opaque handles, never a session id.
import { createClient } from 'redis'
import { buildTestApp, testEachSessionStore } from '../../helper.js'
import type { App } from '../../../src/app.js'
import { login, readSession, SESSION_COOKIE, sessionIdOf } from '../../sessions/client.js'

async function listSessions (app: App, cookie: string) {
  return await app.inject({ url: '/sessions', cookies: { [SESSION_COOKIE]: cookie } })
}

async function end (app: App, cookie: string, url: string, headers: Record<string, string> = {}) {
  return await app.inject({ method: 'DELETE', url, headers, cookies: { [SESSION_COOKIE]: cookie } })
}

async function loginFrom (app: App, userAgent: string, remoteAddress: string) {
  const response = await app.inject({ method: 'POST', url: '/login', headers: { 'user-agent': userAgent }, remoteAddress, payload: { name: 'Ada', password: 'a long test passphrase 42' } })
  return response.cookies.find((each) => each.name === SESSION_COOKIE)!.value
}

testEachSessionStore('GET /sessions lists the caller\'s live sessions by opaque handle, never by id', async (t, env) => {
  const app = await buildTestApp(t, env)
  const first = await login(t, app, 'Ada')
  const phone = await loginFrom(app, 'Phone Browser/1.0', '10.0.0.7')
  const laptop = await loginFrom(app, 'x'.repeat(300), '10.0.0.8')
  await login(t, app, 'Grace')

  const response = await listSessions(app, phone)
  t.equal(response.statusCode, 200)
  t.equal(response.headers['cache-control'], 'no-store')
  const sessions = response.json() as Array<{ handle: string, createdAt: string, lastSeenAt: string, userAgent: string, address: string, current: boolean }>
  t.equal(sessions.length, 3, 'Ada\'s three sessions, not Grace\'s')
  t.same(sessions.map((each) => each.current), [false, true, false], 'newest login first; the phone\'s is the current one')
  t.match(sessions[1], { userAgent: 'Phone Browser/1.0', address: '10.0.0.7', handle: /^[A-Za-z0-9_-]{22}$/ })
  t.equal(sessions[0]?.userAgent, 'x'.repeat(200), 'a long User-Agent is cut')
  t.ok(sessions.every((each) => Date.parse(each.lastSeenAt) >= Date.parse(each.createdAt)), 'last seen at or after login')

  const ids = [first, phone, laptop].map(sessionIdOf)
  for (const id of ids) {
    t.notMatch(response.body, id, 'no session id in the list')
    t.notMatch(response.body, encodeURIComponent(id))
  }
  for (const { handle } of sessions) {
    t.equal((await readSession(app, handle)).statusCode, 401, 'a handle used as a cookie is nobody\'s session')
    t.equal((await readSession(app, app.signCookie(handle))).statusCode, 401, 'not even signed')
  }
  t.equal((await app.inject({ url: '/sessions' })).statusCode, 401, 'without a session')
})

testEachSessionStore('DELETE /sessions/:handle ends that session; DELETE /sessions ends all but the current one', async (t, env) => {
  const app = await buildTestApp(t, env)
  // Logged in one after another, so the list (newest first) is laptop, phone, here.
  const sessions: string[] = []
  for (let i = 0; i < 3; i++) sessions.push(await login(t, app, 'Ada'))
  const [here, phone, laptop] = sessions as [string, string, string]
  const grace = await login(t, app, 'Grace')
  const graceHandle = (await listSessions(app, grace)).json()[0].handle
  const handles = (await listSessions(app, here)).json().map((each: { handle: string }) => each.handle)
  const [laptopHandle, phoneHandle] = handles as [string, string, string]

  t.equal((await end(app, here, `/sessions/${graceHandle}`)).statusCode, 404, 'another user\'s handle is not yours to end')
  t.equal((await readSession(app, grace)).statusCode, 200)
  t.equal((await end(app, here, '/sessions/not-a-handle')).statusCode, 400)
  t.equal((await end(app, here, `/sessions/${phoneHandle}`, { 'sec-fetch-site': 'cross-site' })).statusCode, 403, 'not from another site')
  t.equal((await end(app, here, `/sessions/${phoneHandle}`)).statusCode, 204)
  t.equal((await readSession(app, phone)).statusCode, 401, 'the phone is logged out')
  t.equal((await readSession(app, laptop)).statusCode, 200, 'the laptop is not')
  t.equal((await end(app, here, `/sessions/${phoneHandle}`)).statusCode, 404, 'an ended handle is gone')
  t.same((await listSessions(app, here)).json().map((each: { handle: string }) => each.handle), [laptopHandle, handles[2]])

  const another = await login(t, app, 'Ada')
  t.equal((await end(app, here, '/sessions', { 'sec-fetch-site': 'cross-site' })).statusCode, 403)
  t.equal((await end(app, here, '/sessions')).statusCode, 204)
  t.equal((await readSession(app, laptop)).statusCode, 401, 'every other session ends')
  t.equal((await readSession(app, another)).statusCode, 401)
  t.equal((await readSession(app, here)).statusCode, 200, 'the current one lives on')
  t.equal((await listSessions(app, here)).json().length, 1)
  t.equal((await readSession(app, grace)).statusCode, 200, 'another user\'s sessions are untouched')

  const own = (await listSessions(app, here)).json()[0].handle
  const out = await end(app, here, `/sessions/${own}`)
  t.equal(out.statusCode, 204, 'ending the current session is a logout')
  t.equal(out.cookies.find((each) => each.name === SESSION_COOKIE)?.value, '', 'its cookie is cleared')
  t.equal((await readSession(app, here)).statusCode, 401)
  t.equal(await app.sessionStore.get(sessionIdOf(here)), undefined, 'and it is not saved again on the way out')
})

testEachSessionStore('a logged-out session leaves the list, and the Redis index expires with the sessions', async (t, env) => {
  const app = await buildTestApp(t, { ...env, SESSION_TTL: '60' })
  const kept = await login(t, app, 'Ada')
  const gone = await login(t, app, 'Ada')
  await app.inject({ method: 'POST', url: '/logout', cookies: { [SESSION_COOKIE]: gone } })
  const listed = (await listSessions(app, kept)).json()
  t.equal(listed.length, 1, 'only the live session')
  t.equal(listed[0].current, true)
  if (env.REDIS_KEY_PREFIX === undefined) return

  const redis = await createClient({ url: env.REDIS_URL }).connect()
  t.teardown(() => redis.close())
  const userId = (await readSession(app, kept)).json().user.id
  const index = `${env.REDIS_KEY_PREFIX}user:${userId}`
  t.same(await redis.zRange(index, 0, -1), [sessionIdOf(kept)], 'the index holds the live session only')
  const indexTtl = await redis.pTTL(index)
  const sessionTtl = await redis.pTTL(`${env.REDIS_KEY_PREFIX}${sessionIdOf(kept)}`)
  t.ok(indexTtl > 0 && indexTtl <= 60_000, 'the index expires')
  t.ok(Math.abs(indexTtl - sessionTtl) < 2000, 'with its last session')
  await app.inject({ method: 'DELETE', url: `/users/${userId}`, cookies: { [SESSION_COOKIE]: kept } })
  t.equal(await redis.exists(`${env.REDIS_KEY_PREFIX}${sessionIdOf(kept)}`), 0, 'deleting the user ends the session')
  t.same(await redis.keys(`${env.REDIS_KEY_PREFIX}*`), [], 'and leaves no key behind')
})
