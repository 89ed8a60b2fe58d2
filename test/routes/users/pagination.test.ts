// Pages of users: Link (first, next, prev), X-Total-Count, keyset walks under concurrent writes, and the list's ETag.
import type { Test } from 'tap'
import type { App } from '../../../src/app.js'
import { buildTestApp, testEachDatabase } from '../../helper.js'
import { seedUser } from '../../sessions/client.js'

/** The URLs of a Link header by relation. */
function linksOf (header: unknown): Record<string, string> {
  const links: Record<string, string> = {}
  for (const match of String(header ?? '').matchAll(/<([^>]*)>;\s*rel="([^"]+)"/g)) links[match[2]!] = match[1]!
  return links
}

async function seed (app: App, count: number): Promise<number[]> {
  const ids: number[] = []
  for (let n = 0; n < count; n++) ids.push((await seedUser(app, `User ${n}`)).id)
  return ids
}

async function page (app: App, url: string) {
  const response = await app.inject({ url })
  const ids = (response.json() as Array<{ id: number }>).map((user) => user.id)
  return { response, ids, links: linksOf(response.headers.link), total: Number(response.headers['x-total-count']) }
}

testEachDatabase('Link walks the list forward and back by id, with first, and X-Total-Count counts every user', async (t, env) => {
  const app = await buildTestApp(t, env)
  const ids = await seed(app, 7)
  const first = await page(app, '/users?limit=3')
  t.same(first.ids, ids.slice(0, 3))
  t.equal(first.total, 7)
  t.same(first.links, { first: '/users?limit=3', next: `/users?after=${ids[2]}&limit=3` }, 'the first page has no prev')
  const second = await page(app, first.links.next!)
  t.same(second.ids, ids.slice(3, 6))
  t.same(second.links, { first: '/users?limit=3', next: `/users?after=${ids[5]}&limit=3`, prev: `/users?before=${ids[3]}&limit=3` })
  const last = await page(app, second.links.next!)
  t.same(last.ids, ids.slice(6), 'the last page')
  t.notOk(last.links.next, 'and no next')
  const back = await page(app, last.links.prev!)
  t.same(back.ids, ids.slice(3, 6), 'prev goes back a page')
  t.same((await page(app, back.links.prev!)).ids, ids.slice(0, 3), 'to the start')
  t.same((await page(app, '/users?limit=100')).links, { first: '/users?limit=100' }, 'one page: only first')
})

testEachDatabase('offset keeps working, with offset links', async (t, env) => {
  const app = await buildTestApp(t, env)
  const ids = await seed(app, 5)
  const middle = await page(app, '/users?limit=2&offset=2')
  t.same(middle.ids, ids.slice(2, 4))
  t.same(middle.links, { first: '/users?limit=2', next: '/users?offset=4&limit=2', prev: '/users?offset=0&limit=2' })
  t.equal((await app.inject({ url: '/users?after=1&offset=2' })).statusCode, 400, 'one way of picking the start at a time')
  t.match((await app.inject({ url: '/users?after=1&before=3' })).json().message, /at most one of after, before and offset/)
})

/** Follows rel="next" from the first page, running `between` after each page; gives every id seen, in order. */
async function walk (app: App, limit: number, between: (pageNumber: number) => Promise<void>): Promise<number[]> {
  const seen: number[] = []
  let url: string | undefined = `/users?limit=${limit}`
  for (let pageNumber = 0; url !== undefined; pageNumber++) {
    const current = await page(app, url)
    seen.push(...current.ids)
    await between(pageNumber)
    url = current.links.next
  }
  return seen
}

async function deleteUser (t: Test, app: App, id: number) {
  t.equal((await app.usersRepository.remove(id)), true)
}

testEachDatabase('walking by Link while users are added and deleted between pages skips and repeats nobody', async (t, env) => {
  const app = await buildTestApp(t, env)
  const start = await seed(app, 60)
  const deleted = new Set<number>()
  let added = 0
  const seen = await walk(app, 10, async (pageNumber) => {
    // Between pages: delete one user already seen and one not seen yet, and add two at the end.
    for (const id of [start[pageNumber * 10], start[pageNumber * 10 + 15]]) {
      if (id !== undefined && !deleted.has(id)) {
        deleted.add(id)
        await deleteUser(t, app, id)
      }
    }
    for (let n = 0; n < 2 && added < 20; n++) await seedUser(app, `Late ${added++}`)
  })
  t.equal(new Set(seen).size, seen.length, 'no user is repeated')
  const survivors = start.filter((id) => !deleted.has(id) || seen.includes(id))
  t.same(survivors.filter((id) => !seen.includes(id)), [], 'every user there from start to end was seen')
  t.same(seen, [...seen].sort((a, b) => a - b), 'in id order')
})

testEachDatabase('the list has an ETag: If-None-Match with it is 304 until a user on the page changes', async (t, env) => {
  const app = await buildTestApp(t, env)
  const ids = await seed(app, 3)
  const etag = String((await app.inject({ url: '/users' })).headers.etag)
  t.match(etag, /^"[^"]+"$/)
  t.equal((await app.inject({ url: '/users', headers: { 'if-none-match': etag } })).statusCode, 304)
  t.equal((await app.inject({ method: 'HEAD', url: '/users', headers: { 'if-none-match': etag } })).statusCode, 304, 'HEAD too')
  await app.usersRepository.update(ids[1]!, { name: 'Renamed' })
  t.equal((await app.inject({ url: '/users', headers: { 'if-none-match': etag } })).statusCode, 200, 'a rename changes the page')
  const renamedTag = String((await app.inject({ url: '/users' })).headers.etag)
  await seedUser(app, 'Newcomer')
  t.not((await app.inject({ url: '/users' })).headers.etag, renamedTag, 'so does a new user')
})
