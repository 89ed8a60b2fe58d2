// The users page in Chromium with JavaScript off: the list and its pages, sign up, a refused login, rename, delete and logout, all by plain forms.
import type { Page } from 'playwright-core'
import { seedUser, TEST_PASSWORD } from '../sessions/client.js'
import { pageTest, PHONE } from './browser.js'

/** Follows a link or submits a form by its button and waits for the page the server answers with. */
async function press (page: Page, role: 'button' | 'link', name: string | RegExp): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole(role, { name, exact: typeof name === 'string' }).click()])
}

async function names (page: Page): Promise<string[]> {
  return await page.locator('#users li .name').allTextContents()
}

const noScript = { javaScriptEnabled: false }

pageTest('without JavaScript the list is there, 50 a page, with its count, Next and Previous', noScript, async (t, { page, app, screenshot }) => {
  for (let n = 1; n <= 120; n++) await seedUser(app, `User ${String(n).padStart(3, '0')}`)
  await page.goto('/')
  t.equal((await names(page)).length, 50, 'the first 50, rendered by the server')
  t.equal(await page.locator('#page-info').textContent(), 'Page 1 of 3 · 120 users')
  t.equal(await page.getByRole('link', { name: 'Previous' }).count(), 0, 'no way back from the first page')
  await press(page, 'link', 'Next')
  t.equal(new URL(page.url()).search, '?page=2')
  t.equal((await names(page))[0], 'User 051')
  await press(page, 'link', 'Next')
  t.same((await names(page)).length, 20, 'the last page')
  t.equal(await page.locator('#page-info').textContent(), 'Page 3 of 3 · 120 users')
  t.equal(await page.getByRole('link', { name: 'Next' }).count(), 0, 'no page after the last')
  await press(page, 'link', 'Previous')
  t.equal((await names(page))[0], 'User 051')
  await page.setViewportSize(PHONE)
  await screenshot('home-no-script-phone')
})

pageTest('without JavaScript: sign up, rename (a blank name refused in plain words), delete the account', noScript, async (t, { page, app, expectProblem }) => {
  expectProblem(/HTTP 400: POST \/users\/2\/edit/)
  expectProblem(/status of 400/)
  await seedUser(app, 'Grace')
  await page.goto('/')
  await page.getByLabel('Name', { exact: true }).fill('Ada')
  await page.getByLabel(/^Password/).fill(TEST_PASSWORD)
  await press(page, 'button', 'Register')
  t.equal(await page.getByRole('status').textContent(), 'Welcome! Your account is made and you are logged in.')
  t.match(await page.locator('#account').textContent(), 'Ada님 안녕하세요')
  t.same(await names(page), ['Grace', 'Ada'], 'listed')
  t.equal(await page.locator('#users li', { hasText: 'Grace' }).getByRole('link').count(), 0, 'nothing to change on another user\'s row')

  await press(page, 'link', 'Edit Ada')
  const field = page.getByRole('textbox', { name: 'New name for Ada' })
  t.equal(await field.inputValue(), 'Ada', 'the row is a form with the name')
  await page.locator('#users input[name="name"]:focus').waitFor()
  t.pass('with the focus in the field')
  await field.fill('   ')
  await press(page, 'button', 'Save')
  t.equal(await page.locator('#edit-error-2').textContent(), 'Enter a name of 1 to 100 characters.', 'the message in plain words, next to the field')
  t.equal(await field.inputValue(), '   ', 'what was typed is kept')
  t.equal(await field.getAttribute('aria-invalid'), 'true')
  await field.fill('Ada Lovelace')
  await press(page, 'button', 'Save')
  t.equal(await page.getByRole('status').textContent(), 'The name was changed.')
  t.same(await names(page), ['Grace', 'Ada Lovelace'])

  await press(page, 'link', 'Edit Ada Lovelace')
  await press(page, 'link', 'Cancel')
  t.same(await names(page), ['Grace', 'Ada Lovelace'], 'Cancel leaves the name')

  await press(page, 'link', 'Delete Ada Lovelace')
  t.equal(await page.locator('#users .question').textContent(), 'Delete Ada Lovelace? This cannot be undone.', 'asked first')
  await press(page, 'link', 'Keep')
  t.same(await names(page), ['Grace', 'Ada Lovelace'], 'Keep keeps')
  await press(page, 'link', 'Delete Ada Lovelace')
  await press(page, 'button', 'Delete Ada Lovelace')
  t.equal(await page.getByRole('status').textContent(), 'Your account was deleted and you are logged out.')
  t.same(await names(page), ['Grace'])
  t.equal(await page.locator('#account a[href="/login"]').count(), 1, 'logged out')
})

pageTest('without JavaScript: a blank name at login is explained next to the field, what was typed kept; then login and logout', noScript, async (t, { page, app, expectProblem }) => {
  expectProblem(/HTTP 400: POST \/login/)
  expectProblem(/status of 400/)
  await seedUser(app, 'Ada')
  await page.goto('/login')
  await page.getByLabel('Name', { exact: true }).fill('  ')
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD)
  await press(page, 'button', 'Log in')
  t.equal(await page.locator('#login-name-error').textContent(), 'Enter a name of 1 to 100 characters.')
  t.equal(await page.getByLabel('Name', { exact: true }).inputValue(), '  ', 'what was typed is kept')
  t.equal(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), 'true')
  t.same(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents(), ['Home', 'About', 'Login'], 'with the navigation')

  await page.getByLabel('Name', { exact: true }).fill('Ada')
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD)
  await press(page, 'button', 'Log in')
  t.match(await page.locator('#account').textContent(), 'Ada님 안녕하세요')
  await page.goto('/about')
  t.match(await page.locator('#account').textContent(), 'Ada님 안녕하세요', 'the about page greets too')
  await press(page, 'button', 'Logout')
  t.equal(await page.locator('#account a[href="/login"]').count(), 1)
})
