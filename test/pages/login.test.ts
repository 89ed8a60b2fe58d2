// Login and logout in Chromium, with and without JavaScript: the home page greets, then offers login again.
import type { Page } from 'playwright-core'
import type { App } from '../../src/app.js'
import { seedUser, TEST_PASSWORD } from '../sessions/client.js'
import { DESKTOP, pageTest, PHONE, tabTo } from './browser.js'

const account = (page: Page) => page.locator('#account')
const loginLink = (page: Page) => account(page).locator('a[href="/login"]')

/** Makes the account, then logs in through the login page's form with the keyboard, as a person would. */
async function logIn (page: Page, app: App, name: string): Promise<void> {
  await seedUser(app, name)
  await page.goto('/login')
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD)
  const [answer] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/login'),
    page.keyboard.press('Enter')
  ])
  // Fails at once, with the status, rather than waiting out a navigation that will not come.
  if (answer.status() !== 303) throw new Error(`POST /login answered ${answer.status()}, not 303 to /`)
  await page.waitForURL((url) => url.pathname === '/')
}

async function sessionStatus (page: Page): Promise<number> {
  return (await page.request.get('/session')).status()
}

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript'
  pageTest(`login greets the user and logout offers login again, ${how}`, { javaScriptEnabled }, async (t, { page, app }) => {
    await page.goto('/')
    t.equal(await loginLink(page).count(), 1, 'a visitor is offered login')

    await logIn(page, app, 'Ada')
    await account(page).getByText('Ada님 안녕하세요').waitFor()
    t.match(await account(page).textContent(), 'Ada님 안녕하세요', 'after login the home page greets Ada')
    t.equal(await loginLink(page).count(), 0, 'and no longer offers login')
    const session = await page.request.get('/session')
    t.equal(session.status(), 200)
    t.match(await session.json(), { user: { name: 'Ada' } }, 'the browser holds Ada\'s session')

    const logout = account(page).locator('form[action="/logout"] button')
    await Promise.all([page.waitForURL((url) => url.pathname === '/'), logout.click()])
    await loginLink(page).waitFor()
    t.notMatch(await account(page).textContent(), '안녕하세요', 'after logout the greeting is gone')
    t.equal(await sessionStatus(page), 401, 'and so is the session')
  })
}

pageTest('logout works with the keyboard alone', {}, async (t, { page, app }) => {
  await logIn(page, app, 'Grace')
  await account(page).getByText('Grace님 안녕하세요').waitFor()
  await tabTo(page, '#account button')
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.keyboard.press('Enter')])
  await loginLink(page).waitFor()
  t.equal(await sessionStatus(page), 401, 'Enter on the logout button logs out')
})

for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
  pageTest(`the greeting fits the navigation at ${size} size`, { viewport }, async (t, { page, app, screenshot }) => {
    await logIn(page, app, 'Ada Lovelace')
    await account(page).getByText('Ada Lovelace님 안녕하세요').waitFor()
    const bar = await account(page).boundingBox()
    t.ok(bar !== null && bar.x >= 0 && bar.x + bar.width <= viewport.width, 'the greeting and logout button stay on screen')
    await screenshot(`home-logged-in-${size}`)
  })
}

for (const javaScriptEnabled of [true, false]) {
  const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript'
  pageTest(`a wrong password shows the server's message next to the form and keeps the name, ${how}`, { javaScriptEnabled }, async (t, { page, app, expectProblem }) => {
    expectProblem(/HTTP 401: POST \/login/)
    expectProblem(/status of 401/)
    await seedUser(app, 'Ada')
    await page.goto('/login')
    await page.getByLabel('Name', { exact: true }).fill('Ada')
    await page.getByLabel('Password', { exact: true }).fill('not the password')
    await Promise.all([page.waitForResponse((response) => new URL(response.url()).pathname === '/login'), page.keyboard.press('Enter')])
    const error = page.locator('#login-error')
    await error.filter({ hasText: 'Wrong name or password' }).waitFor()
    t.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Ada', 'the name is kept')
    t.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'the password is not')
    t.equal(await sessionStatus(page), 401, 'no session')
  })
}
