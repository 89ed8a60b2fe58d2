// /docs in Chromium over plain HTTP, opened by a host name: Swagger UI loads every asset and lists the operations.
import { HOST_NAME, pageTest } from './browser.js'

pageTest('/docs works over plain HTTP from a host name other than localhost, within the CSP', {}, async (t, { page, url, expectProblem }) => {
  // Chromium's notice that it ignores helmet's Cross-Origin-Opener-Policy on a plain-HTTP origin other than localhost.
  expectProblem(/Cross-Origin-Opener-Policy header has been ignored/)
  const docs = new URL('/docs', url)
  docs.hostname = HOST_NAME
  const assets: string[] = []
  page.on('request', (request) => { assets.push(request.url()) })
  await page.goto(docs.href)
  await page.locator('.opblock-summary', { hasText: '/users/{id}' }).first().waitFor()
  t.ok(await page.locator('.opblock').count() >= 10, 'the operations are listed')
  t.ok(await page.getByText('List users').isVisible(), 'with their summaries')
  t.same(assets.filter((asset) => !asset.startsWith(`http://${HOST_NAME}:`)), [], 'every asset came over plain HTTP from that host')
})
