// The account page in Chromium without JavaScript: sign up, rename, change the password, end sessions, delete, with the server's errors by the fields.
import type { Page } from 'playwright-core'
import { TEST_PASSWORD } from '../sessions/client.js'
import { logInAs, pageTest, PHONE, scrollsSideways } from './browser.js'

/** Submits a form by its button and waits for the page the server answers with. */
async function submit (page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: button }).click()])
}

pageTest('without JavaScript: sign up, then rename and change the password on the account page, errors by the fields', { javaScriptEnabled: false },
  async (t, { page, expectProblem }) => {
    expectProblem(/HTTP 409: POST \/account\/name/)
    expectProblem(/HTTP 403: POST \/account\/password/)
    expectProblem(/status of 40[39]/)
    await page.goto('/')
    await page.getByLabel('Name', { exact: true }).fill('Grace')
    await page.getByLabel(/^Password/).fill(TEST_PASSWORD)
    await submit(page, 'Register')
    await page.goto('/')
    await page.getByLabel('Name', { exact: true }).fill('Ada')
    await page.getByLabel(/^Password/).fill(TEST_PASSWORD)
    await submit(page, 'Register')
    t.match(await page.locator('#account').textContent(), 'Ada님 안녕하세요', 'signed up and logged in, without JavaScript')

    await Promise.all([page.waitForURL('**/account'), page.locator('#account a.greeting').click()])
    t.equal(await page.locator('h1').textContent(), 'Your account', 'the greeting leads to the account page')
    await page.getByLabel('Name', { exact: true }).fill('grace')
    await submit(page, 'Rename')
    t.match(await page.locator('#name-error').textContent(), /The name "grace" is taken/, 'the server\'s message next to the name')
    t.equal(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), 'true')
    t.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'grace', 'what was typed is kept')
    await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace')
    await submit(page, 'Rename')
    t.equal(await page.getByRole('status').textContent(), 'Your name was changed.')
    t.match(await page.locator('#account').textContent(), 'Ada Lovelace님 안녕하세요')

    await page.getByLabel('Current password').fill('not my password')
    await page.getByLabel(/^New password/).fill('a new passphrase 7')
    await submit(page, 'Change password')
    t.match(await page.locator('#current-password-error').textContent(), /not your current password/, 'next to the current password')
    await page.getByLabel('Current password').fill(TEST_PASSWORD)
    await page.getByLabel(/^New password/).fill('a new passphrase 7')
    await submit(page, 'Change password')
    t.equal(await page.getByRole('status').textContent(), 'Your password was changed; every other session has ended.')
    const login = await page.request.post('/login', { data: { name: 'Ada Lovelace', password: 'a new passphrase 7' } })
    t.equal(login.status(), 200, 'the new password logs in')
  })

pageTest('the sessions list: end another session, log out everywhere else, then delete the account', { javaScriptEnabled: false },
  async (t, { page, app, screenshot }) => {
    await logInAs({ page, app }, 'Ada')
    // Two more logins from other clients.
    for (const userAgent of ['Phone/1.0', 'Tablet/2.0']) {
      await app.inject({ method: 'POST', url: '/login', headers: { 'user-agent': userAgent }, payload: { name: 'Ada', password: TEST_PASSWORD } })
    }
    await page.goto('/account')
    const items = page.locator('#sessions li')
    t.equal(await items.count(), 3, 'three sessions')
    t.equal(await items.filter({ hasText: '(this session)' }).count(), 1, 'one of them is this one')
    await screenshot('account-desktop')

    await Promise.all([page.waitForEvent('load'), items.filter({ hasText: 'Phone/1.0' }).getByRole('button', { name: 'End' }).click()])
    t.equal(await page.getByRole('status').textContent(), 'That session has ended.')
    t.equal(await items.count(), 2)
    t.equal(await items.filter({ hasText: 'Phone/1.0' }).count(), 0, 'the phone is gone from the list')

    await submit(page, 'Log out everywhere else')
    t.equal(await page.getByRole('status').textContent(), 'Every other session has ended.')
    t.equal(await items.count(), 1, 'only this session is left')

    await page.setViewportSize(PHONE)
    t.notOk(await scrollsSideways(page), 'the account page fits a phone')
    await screenshot('account-phone')

    // The box must be ticked first: the browser says so and sends nothing.
    await page.getByRole('button', { name: 'Delete my account' }).click()
    t.equal(await page.evaluate('document.querySelector("#confirm-delete").validity.valueMissing'), true, 'the box is required')
    t.equal((await app.usersRepository.list({ limit: 10 })).users.length, 1, 'nothing is deleted without it')
    await page.getByLabel('I understand that this deletes my account for good').check()
    await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByRole('button', { name: 'Delete my account' }).click()])
    t.equal(await page.locator('#account a[href="/login"]').count(), 1, 'logged out')
    t.same((await app.usersRepository.list({ limit: 10 })).users, [], 'the account is gone')
  })
