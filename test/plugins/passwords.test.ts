// Password hashing at the production parameters: the stored format, rehash on login, and a login flood that stays bounded.
import { readFileSync } from 'node:fs'
import { test } from 'tap'
import { loadConfig } from '../../src/config.js'
import { createPasswords, HASH_CONCURRENCY, HASH_QUEUE_LIMIT, isCommonPassword } from '../../src/plugins/passwords.js'
import { buildTestApp, TEST_SECRET, testEachDatabase } from '../helper.js'
import { seedUser, TEST_PASSWORD } from '../sessions/client.js'

const PRODUCTION = { PASSWORD_HASH_COST: '17' }
const MiB = 1024 * 1024
/** What one scrypt hash takes at N=2^17, r=8: 128 * N * r bytes. */
const HASH_MEMORY = 128 * 2 ** 17 * 8

// First in the file, so the process's peak memory before it is not raised by the other tests.
test('a flood of 200 wrong logins at production cost keeps memory bounded and the process answering', async (t) => {
  const app = await buildTestApp(t, { ...PRODUCTION, LOGIN_RATE_LIMIT_MAX: '0' })
  const peakBefore = process.resourceUsage().maxRSS * 1024
  const flood = Array.from({ length: 200 }, async (_, i) =>
    app.inject({ method: 'POST', url: '/login', payload: { name: `nobody ${i}`, password: 'not a password' } }))
  const live = await app.inject({ url: '/health/live' })
  const answers = await Promise.all(flood)
  const peakGrowth = process.resourceUsage().maxRSS * 1024 - peakBefore

  t.equal(live.statusCode, 200, 'the process answers while the hashes run')
  const statuses = answers.map((answer) => answer.statusCode)
  t.same([...new Set(statuses)].sort(), [401, 503], 'each login is a 401 after its hash, or a quick 503 once the queue is full')
  t.equal(statuses.filter((status) => status === 401).length, HASH_CONCURRENCY + HASH_QUEUE_LIMIT, 'the running and queued ones were checked')
  const busy = answers.find((answer) => answer.statusCode === 503)!
  t.equal(busy.headers['retry-after'], '5')
  t.match(busy.json().message, /Too many password checks/)
  t.equal(app.passwords.stats.peakRunning, HASH_CONCURRENCY, `at most ${HASH_CONCURRENCY} hashes ran at once`)
  t.equal(app.passwords.stats.running, 0, 'and none is left running')
  t.ok(peakGrowth < (HASH_CONCURRENCY + 1) * HASH_MEMORY, `the peak memory grew by ${Math.round(peakGrowth / MiB)} MiB, less than ${HASH_CONCURRENCY + 1} hashes' worth`)
})

test('hashes are scrypt with OWASP parameters (N=2^17, r=8, p=1) stored beside the salt and key', async (t) => {
  const passwords = createPasswords(17, () => new Error('busy'))
  const hash = await passwords.hash(TEST_PASSWORD)
  t.match(hash, /^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
  t.not(await passwords.hash(TEST_PASSWORD), hash, 'a new salt every time')
  t.equal(await passwords.verify(TEST_PASSWORD, hash), true)
  t.equal(await passwords.verify('another password', hash), false)
  t.equal(await passwords.verify(TEST_PASSWORD, 'not a hash'), false, 'a malformed hash never matches')
  t.equal(passwords.isOutdated(hash), false)
  const cheap = createPasswords(10, () => new Error('busy'))
  t.equal(passwords.isOutdated(await cheap.hash(TEST_PASSWORD)), true, 'a cheaper hash is outdated')
  // One password typed with another keyboard's composition of é still matches (NFKC).
  t.equal(await cheap.verify('caf\u0065\u0301 au lait', await cheap.hash('caf\u00e9 au lait')), true)
})

test('the production cost is the default, and a cheaper one is refused outside NODE_ENV=test', async (t) => {
  const base = { DATABASE_URL: 'sqlite::memory:', WORKERS: '1', SESSION_SECRET: TEST_SECRET }
  t.equal(loadConfig({ ...base, NODE_ENV: 'production' }).PASSWORD_HASH_COST, 17)
  t.throws(() => loadConfig({ ...base, NODE_ENV: 'production', PASSWORD_HASH_COST: '12' }),
    { message: 'Invalid configuration: PASSWORD_HASH_COST=12 is allowed only with NODE_ENV=test; expected 17 to 20' })
  t.throws(() => loadConfig({ ...base, NODE_ENV: 'development', PASSWORD_HASH_COST: '16' }), /allowed only with NODE_ENV=test/)
  t.throws(() => loadConfig({ ...base, PASSWORD_HASH_COST: '21' }), /PASSWORD_HASH_COST="21" is not allowed/)
  t.equal(loadConfig({ ...base, NODE_ENV: 'production', PASSWORD_HASH_COST: '18' }).PASSWORD_HASH_COST, 18, 'a higher cost is fine')
  t.equal(loadConfig({ ...base, NODE_ENV: 'test', PASSWORD_HASH_COST: '10' }).PASSWORD_HASH_COST, 10)
})

testEachDatabase('a login with a hash made at older parameters replaces it with one at today\'s', async (t, env) => {
  const app = await buildTestApp(t, { ...env, ...PRODUCTION })
  const old = await createPasswords(10, () => new Error('busy')).hash(TEST_PASSWORD)
  const user = await seedUser(app, 'Ada')
  await app.usersRepository.update(user.id, { passwordHash: old })
  const before = (await app.inject({ url: `/users/${user.id}` })).json()

  const login = async (password: string) => (await app.inject({ method: 'POST', url: '/login', payload: { name: 'Ada', password } })).statusCode
  t.equal(await login('a wrong password'), 401)
  t.equal(await app.usersRepository.passwordHash(user.id), old, 'a failed login changes nothing')
  t.equal(await login(TEST_PASSWORD), 200)
  const rehashed = await app.usersRepository.passwordHash(user.id)
  t.match(rehashed, /^\$scrypt\$ln=17,r=8,p=1\$/, 'the stored hash now has the production parameters')
  t.equal(await login(TEST_PASSWORD), 200, 'and the password still works')
  t.equal(await app.usersRepository.passwordHash(user.id), rehashed, 'a current hash is left as it is')
  t.same((await app.inject({ url: `/users/${user.id}` })).json(), before, 'the user as the API shows it (updatedAt too) did not change')
})

test('the shipped list has at least 1,000 common passwords and is compared ignoring case', async (t) => {
  for (const password of ['password', 'PASSWORD', '12345678', 'iloveyou', 'qwertyuiop', 'sunshine']) t.ok(isCommonPassword(password), password)
  t.notOk(isCommonPassword(TEST_PASSWORD))
  const entries = readFileSync(new URL('../../resources/common-passwords.txt', import.meta.url), 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'))
  t.ok(entries.length >= 1000, `${entries.length} entries`)
  t.ok(entries.every((entry) => entry.length >= 8), 'only passwords the length rule lets through are worth listing')
})
