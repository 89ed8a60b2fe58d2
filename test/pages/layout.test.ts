// Every page at phone and desktop size: one stylesheet, one navigation, keyboard focus, screenshots.
import { stat } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { DESKTOP, focusOutline, pageTest, PHONE, scrollsSideways, tabTo } from './browser.js'
import { seedUser } from '../sessions/client.js'

const PAGES = [
  { path: '/', shot: 'home', title: 'Users', current: 'Home' },
  { path: '/about', shot: 'about', title: 'About', current: 'About' },
  { path: '/login', shot: 'login', title: 'Login', current: 'Login' }
]

/** Where the main navigation's links lead (their labels may change with the login state). */
async function navTargets (page: Page): Promise<Array<string | null>> {
  const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').all()
  return await Promise.all(links.map((link) => link.getAttribute('href')))
}

for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
  pageTest(`every page at ${size} size: shared stylesheet and navigation, readable, screenshot`, { viewport }, async (t, { page, app, screenshot }) => {
    await seedUser(app, 'Ada Lovelace')
    await seedUser(app, 'Grace Hopper')
    for (const { path, shot, title, current } of PAGES) {
      await page.goto(path)
      await page.getByRole('heading', { level: 1, name: title }).waitFor()
      if (path === '/') await page.locator('#users li').first().waitFor()

      t.same(await navTargets(page), ['/', '/about', '/login'], `${path}: the one navigation`)
      const nav = page.getByRole('navigation', { name: 'Main' })
      t.equal(await nav.locator('[aria-current="page"]').textContent(), current, `${path}: marks the current page`)
      t.same(await page.evaluate('[...document.styleSheets].map(sheet => new URL(sheet.href).pathname)'), ['/app.css'],
        `${path}: uses the shared stylesheet, and only it`)
      t.notOk(await scrollsSideways(page), `${path}: nothing is wider than the window`)
      const bodyFont = await page.evaluate('parseFloat(getComputedStyle(document.body).fontSize)')
      t.ok(Number(bodyFont) >= 16, `${path}: text is at least 16px`)
      const file = await screenshot(`${shot}-${size}`)
      t.ok((await stat(file)).size > 1000, `${path}: screenshot saved as ${file}`)
    }
  })
}

pageTest('the not-found page has the navigation too', {}, async (t, { page, expectProblem }) => {
  expectProblem(/HTTP 404: GET \/no-such-page/)
  expectProblem(/status of 404/)
  const response = await page.goto('/no-such-page')
  t.equal(response?.status(), 404)
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor()
  t.same(await navTargets(page), ['/', '/about', '/login'])
})

pageTest('the keyboard reaches the navigation and the login form, with a visible focus', {}, async (t, { page }) => {
  await page.goto('/about')
  await page.keyboard.press('Tab')
  t.equal(await page.locator('a:focus').textContent(), 'Home', 'Tab starts at the navigation')
  t.equal(await focusOutline(page), '3px solid', 'the focused link is outlined')
  await tabTo(page, 'nav a[href="/login"]')
  await page.keyboard.press('Enter')
  await page.waitForURL('**/login')

  await tabTo(page, '#login-name')
  t.equal(await page.getByLabel('Name', { exact: true }).getAttribute('id'), 'login-name', 'the field has a label')
  await page.keyboard.press('Tab')
  t.equal(await page.getByLabel('Password', { exact: true }).getAttribute('id'), 'login-password', 'Tab reaches the password, which has a label')
  t.equal(await page.locator('#login-password:focus').count(), 1)
  await page.keyboard.press('Tab')
  t.equal(await page.locator('button:focus').textContent(), 'Log in', 'Tab reaches a real button')
  t.equal(await focusOutline(page), '3px solid', 'the focused button is outlined')
})
