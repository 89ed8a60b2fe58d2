// The users page with many users and with edits that cross: pages of 50 with Previous and Next, and If-Match.
import type { Page } from 'playwright-core'
import { logInAs, pageTest } from './browser.js'
import { login, SESSION_COOKIE, seedUser, TEST_PASSWORD } from '../sessions/client.js'

async function names (page: Page): Promise<string[]> {
  return await page.locator('#users li .name').allTextContents()
}

/** Waits until the list shows a page whose first name is `first`. */
async function pageStartingWith (page: Page, first: string): Promise<void> {
  await page.locator('#users li .name').first().filter({ hasText: new RegExp(`^${first}$`) }).waitFor()
}

pageTest('a directory of 1,005 users is browsable 50 at a time, with the total, Next and Previous', {}, async (t, { page, app }) => {
  for (let n = 1; n <= 1005; n++) await seedUser(app, `User ${String(n).padStart(4, '0')}`)
  await page.goto('/')
  await pageStartingWith(page, 'User 0001')
  t.equal((await names(page)).length, 50, 'the first 50')
  t.equal(await page.locator('#page-info').textContent(), 'Page 1 of 21 · 1,005 users')
  t.ok(await page.getByRole('button', { name: 'Previous' }).isDisabled(), 'no page before the first')

  const seen = new Set(await names(page))
  for (let number = 2; number <= 21; number++) {
    await page.getByRole('button', { name: 'Next' }).click()
    await pageStartingWith(page, `User ${String((number - 1) * 50 + 1).padStart(4, '0')}`)
    for (const name of await names(page)) seen.add(name)
  }
  t.equal(await page.locator('#page-info').textContent(), 'Page 21 of 21 · 1,005 users')
  t.same(await names(page), ['User 1001', 'User 1002', 'User 1003', 'User 1004', 'User 1005'], 'the last page')
  t.ok(await page.getByRole('button', { name: 'Next' }).isDisabled(), 'no page after the last')
  t.equal(seen.size, 1005, 'every user was on some page')

  await page.getByRole('button', { name: 'Previous' }).click()
  await pageStartingWith(page, 'User 0951')
  t.equal(await page.locator('#page-info').textContent(), 'Page 20 of 21 · 1,005 users', 'Previous goes back a page')
})

pageTest('saving an edit someone else overtook says so, offers their name, and a second save wins on purpose', {}, async (t, { page, app, expectProblem }) => {
  expectProblem(/HTTP 412: PATCH \/users\/1/)
  expectProblem(/status of 412/)
  await logInAs({ page, app }, 'Ada')
  await page.goto('/')
  await page.getByRole('button', { name: 'Edit Ada' }).click()
  const input = page.getByRole('textbox', { name: 'New name for Ada' })
  await input.fill('Ada Lovelace')

  // Meanwhile, in another tab, Ada renames herself.
  const otherTab = await login(t, app, 'Ada')
  const renamed = await app.inject({ method: 'PATCH', url: '/users/1', cookies: { [SESSION_COOKIE]: otherTab }, payload: { name: 'Ada King' } })
  t.equal(renamed.statusCode, 200)

  await input.press('Enter')
  const alert = page.locator('#users [role="alert"]')
  await alert.filter({ hasText: 'Someone else renamed this user to “Ada King”' }).waitFor()
  t.equal((await app.usersRepository.find(1))?.name, 'Ada King', 'nothing was overwritten')
  t.equal(await input.inputValue(), 'Ada Lovelace', 'what was typed is kept')
  t.equal(await page.getByRole('button', { name: 'Use “Ada King”' }).count(), 1, 'their name is offered')

  await input.press('Enter')
  await page.locator('#users li .name', { hasText: 'Ada Lovelace' }).waitFor()
  t.equal((await app.usersRepository.find(1))?.name, 'Ada Lovelace', 'the second save, made knowingly, wins')
})

pageTest('one row is edited at a time: opening another edit closes the first', {}, async (t, { page, app }) => {
  await seedUser(app, 'Grace')
  await logInAs({ page, app }, 'Alan', { admin: true })
  await page.goto('/')
  await page.getByRole('button', { name: 'Edit Grace' }).click()
  await page.getByRole('button', { name: 'Edit Alan' }).click()
  t.equal(await page.locator('#users input').count(), 1, 'only one field')
  t.equal(await page.getByRole('textbox', { name: 'New name for Alan' }).count(), 1, 'the one just opened')
  t.same(await names(page), ['Grace'], 'the other row is back to its name')
})

pageTest('what is typed in an open edit survives a redraw of the list, and only that row is in edit', {}, async (t, { page, app }) => {
  await seedUser(app, 'Grace')
  await logInAs({ page, app }, 'Alan', { admin: true })
  await page.goto('/')
  await page.getByRole('button', { name: 'Edit Grace' }).click()
  const input = page.getByRole('textbox', { name: 'New name for Grace' })
  await input.fill('Grace Hopper')

  // Registering someone redraws the list while Grace's row is in edit.
  await page.getByLabel('Name', { exact: true }).fill('Barbara')
  await page.getByLabel(/^Password/).fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Register' }).click()
  await page.locator('#users li .name', { hasText: 'Barbara' }).waitFor()
  t.equal(await input.inputValue(), 'Grace Hopper', 'the typed name is still there')
  t.equal(await page.locator('#users input').count(), 1, 'one row in edit')

  await page.getByRole('button', { name: 'Edit Barbara' }).click()
  t.equal(await page.locator('#users input').count(), 1, 'opening another edit closes the first')
  t.same(await names(page), ['Grace', 'Alan'], 'Grace is back to her saved name')
  await input.waitFor({ state: 'detached' })
  t.equal((await app.usersRepository.find(1))?.name, 'Grace', 'and nothing was saved')
})
