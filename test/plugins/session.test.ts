// Renewing the idle expiry: a read of a session writes nothing until the expiry would move by more than SESSION_TTL / 10.
import { buildTestApp, testEachSessionStore } from '../helper.js'
import { login, readSession, sessionIdOf } from '../sessions/client.js'

const TTL_MS = 300_000

testEachSessionStore('a use renews the idle expiry only when that moves it by more than a tenth of SESSION_TTL', async (t, env) => {
  const app = await buildTestApp(t, { ...env, SESSION_TTL: String(TTL_MS / 1000) })
  const cookie = await login(t, app, 'Ada')
  const id = sessionIdOf(cookie)
  const saved = await app.sessionStore.get(id)
  if (saved === undefined) throw new Error('login stored no session')
  const savedExpiry = Date.parse(String(saved.cookie.expires))

  const read = await readSession(app, cookie)
  t.equal(read.statusCode, 200)
  t.equal(read.headers['set-cookie'], undefined, 'a use right after the last save sends no cookie')
  t.equal(Date.parse(read.json().expiresAt), savedExpiry, 'and answers the expiry the store has')
  t.same(await app.sessionStore.get(id), saved, 'which it did not write')

  // As if the last save were 60 s ago, more than a tenth of the 300 s TTL: the next use renews.
  const earlier = new Date(savedExpiry - 60_000)
  await app.sessionStore.set(id, { ...saved, cookie: { ...saved.cookie, expires: earlier } }, earlier)
  const before = Date.now()
  const renewed = await readSession(app, cookie)
  t.equal(renewed.statusCode, 200)
  t.match(renewed.headers['set-cookie'], /Expires=/, 'that use sends a new cookie')
  const expiresAt = Date.parse(renewed.json().expiresAt)
  t.ok(expiresAt >= before + TTL_MS, 'expiring SESSION_TTL after the use')
  t.equal(Date.parse(String((await app.sessionStore.get(id))?.cookie.expires)), expiresAt, 'as the store now says')
})
