// The users page in Chromium: register, edit, delete, failures, and the same with the keyboard alone.
import type { Locator, Page, Request } from 'playwright-core'
import { focusOutline, logInAs, pageTest, PHONE, scrollsSideways, stopApp, tabTo } from './browser.js'
import { seedUser, TEST_PASSWORD } from '../sessions/client.js'

/** What the page says for a refused name: the API's rule in the words a form post gets too. */
const NAME_RULE = 'Enter a name of 1 to 100 characters.'

function isUsersApi (request: Request, method: string): boolean {
  return request.method() === method && new URL(request.url()).pathname.startsWith('/users')
}

/** Counts the requests the page sends with this method to /users… */
function countRequests (page: Page, method: string): () => number {
  let count = 0
  page.on('request', (request) => { if (isUsersApi(request, method)) count++ })
  return () => count
}

/** Opens the users page (the server renders the list) and waits until the script has enhanced it. */
async function openUsers (page: Page): Promise<void> {
  await page.goto('/')
  await page.locator('button#next-page').waitFor({ state: 'attached' })
}

function row (page: Page, name: string) {
  return page.locator('#users li').filter({ has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) })
}

/** Answers the next window.confirm; gives back its question. */
async function answerConfirm (page: Page, accept: boolean): Promise<string> {
  const dialog = await page.waitForEvent('dialog')
  await (accept ? dialog.accept() : dialog.dismiss())
  return dialog.message()
}

/** Fills the sign-up form (name and password) without sending it. */
async function fillSignUp (page: Page, name: string, password = TEST_PASSWORD): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel(/^Password/).fill(password)
}

/** Types a new name into a row's edit field and saves it with Enter. */
async function saveName (input: Locator, name: string): Promise<void> {
  await input.fill(name)
  await input.press('Enter')
}

async function names (page: Page): Promise<string[]> {
  return await page.locator('#users li .name').allTextContents()
}

pageTest('register: the new user is listed without a reload', {}, async (t, { page }) => {
  await openUsers(page)
  t.ok(await page.getByText('No users yet.').isVisible(), 'an empty list says so')
  await page.evaluate('window.notReloaded = true')

  await fillSignUp(page, 'Ada Lovelace')
  await page.getByRole('button', { name: 'Register' }).click()
  await row(page, 'Ada Lovelace').waitFor()

  t.same(await names(page), ['Ada Lovelace'])
  t.equal(await page.getByRole('status').textContent(), 'Registered Ada Lovelace. Log in to change it.')
  t.equal(await page.getByLabel('Name', { exact: true }).inputValue(), '', 'the field is cleared for the next name')
  t.equal(await page.getByLabel(/^Password/).inputValue(), '', 'and so is the password')
  t.equal(await row(page, 'Ada Lovelace').getByRole('button').count(), 0, 'a visitor gets no Edit or Delete')
  t.notOk(await page.getByText('No users yet.').isVisible(), 'the empty-list note is gone')
  t.equal(await page.evaluate('window.notReloaded'), true, 'the page was not reloaded')
})

pageTest('register: an empty or too long name shows the server\'s message next to the form', {}, async (t, { page, expectProblem }) => {
  expectProblem(/HTTP 400: POST \/users/)
  expectProblem(/status of 400/)
  const posts = countRequests(page, 'POST')
  await openUsers(page)
  const input = page.getByLabel('Name', { exact: true })
  const error = page.locator('#form-error')
  await page.getByLabel(/^Password/).fill(TEST_PASSWORD)

  await page.getByRole('button', { name: 'Register' }).click()
  await error.filter({ hasText: NAME_RULE }).waitFor()
  t.equal(await error.textContent(), NAME_RULE, 'the empty name is sent and the server explains why not')
  t.equal(await input.getAttribute('aria-invalid'), 'true')

  await input.fill('x'.repeat(101))
  // The message is the same as before, so wait for the second answer itself.
  const answered = page.waitForResponse((response) => isUsersApi(response.request(), 'POST'))
  await page.getByRole('button', { name: 'Register' }).click()
  await answered
  await error.filter({ hasText: NAME_RULE }).waitFor()
  t.equal(await input.inputValue(), 'x'.repeat(101), 'the field keeps what was typed, to correct it')
  t.equal(posts(), 2, 'neither name was blocked by the browser')
  t.same(await names(page), [], 'nothing was registered')

  await input.fill('Grace')
  await page.getByLabel(/^Password/).fill('password')
  await page.getByRole('button', { name: 'Register' }).click()
  const passwordError = page.locator('#password-error')
  await passwordError.filter({ hasText: 'common passwords' }).waitFor()
  t.equal(await error.textContent(), '', 'a password problem is shown by the password, not the name')
  await page.getByLabel(/^Password/).fill(TEST_PASSWORD)
  await page.getByRole('button', { name: 'Register' }).click()
  await row(page, 'Grace').waitFor()
  t.equal(await passwordError.textContent(), '')
  t.equal(await error.textContent(), '', 'the message goes away once a name is accepted')
  t.equal(await input.getAttribute('aria-invalid'), 'false')
})

pageTest('register: a double click sends one request, and the button shows progress meanwhile', {}, async (t, { page }) => {
  await openUsers(page)
  const posts = countRequests(page, 'POST')
  let release = () => {}
  const held = new Promise<void>((resolve) => { release = resolve })
  // Holds the POST so the second click surely lands while the first request is running.
  await page.route((url) => url.pathname === '/users', async (route) => {
    if (route.request().method() === 'POST') await held
    await route.continue()
  })

  await fillSignUp(page, 'Ada')
  const button = page.locator('#register button')
  await button.dblclick()
  await page.keyboard.press('Enter')
  await page.locator('#register button:disabled').waitFor()
  t.equal(await button.textContent(), 'Registering…', 'the button says the request is running')
  t.equal(await button.isDisabled(), true, 'and cannot be pressed again')

  release()
  await row(page, 'Ada').waitFor()
  await page.locator('#register button:enabled').waitFor()
  t.equal(await button.textContent(), 'Register')
  t.equal(posts(), 1, 'exactly one POST was sent')
  t.same(await names(page), ['Ada'], 'Ada is listed once')
})

pageTest('edit: Enter saves the new name, Escape cancels', {}, async (t, { page, app }) => {
  await seedUser(app, 'Ada')
  // An admin may edit every row.
  await logInAs({ page, app }, 'Alan', { admin: true })
  const patches = countRequests(page, 'PATCH')
  await openUsers(page)

  await page.getByRole('button', { name: 'Edit Ada' }).click()
  const input = page.getByRole('textbox', { name: 'New name for Ada' })
  t.equal(await input.inputValue(), 'Ada', 'the field starts with the current name')
  t.equal(await page.locator('#users input:focus').count(), 1, 'and has the focus')
  await saveName(input, 'Ada Lovelace')
  await row(page, 'Ada Lovelace').waitFor()
  t.same(await names(page), ['Ada Lovelace', 'Alan'], 'the list shows the new name in place')
  t.equal(await page.getByRole('status').textContent(), 'Renamed Ada to Ada Lovelace.')
  t.equal(await page.locator('#users input').count(), 0, 'the field is gone')
  t.equal((await app.usersRepository.list({ limit: 10 })).users[0]?.name, 'Ada Lovelace', 'the server has it')

  await page.getByRole('button', { name: 'Edit Alan' }).click()
  await page.getByRole('textbox', { name: 'New name for Alan' }).fill('Nobody')
  await page.getByRole('textbox', { name: 'New name for Alan' }).press('Escape')
  await row(page, 'Alan').waitFor()
  t.same(await names(page), ['Ada Lovelace', 'Alan'], 'Escape leaves the name as it was')
  t.equal(await page.locator('#users .edit:focus').textContent(), 'Edit Alan', 'the focus is back on its Edit button')

  await page.getByRole('button', { name: 'Edit Alan' }).click()
  await page.getByRole('button', { name: 'Cancel' }).click()
  await row(page, 'Alan').waitFor()
  t.equal(patches(), 1, 'only the saved edit was sent')
})

pageTest('edit: a row the server opened in edit (/?edit=<id>) stays in edit once the script runs, and saves', {}, async (t, { page, app }) => {
  await logInAs({ page, app }, 'Ada')
  const patches = countRequests(page, 'PATCH')
  const [ada] = (await app.usersRepository.list({ limit: 1 })).users
  await page.goto(`/?edit=${ada!.id}`)
  await page.locator('button#next-page').waitFor({ state: 'attached' })
  const input = page.getByRole('textbox', { name: 'New name for Ada' })
  t.equal(await input.inputValue(), 'Ada', 'the script\'s edit field, with the name')
  t.equal(await page.locator('#users form').count(), 1, 'one form: the server\'s was replaced by the script\'s')
  await saveName(input, 'Ada Lovelace')
  await row(page, 'Ada Lovelace').waitFor()
  t.equal(patches(), 1, 'saved by the script, with PATCH')
  t.equal((await app.usersRepository.find(ada!.id))?.name, 'Ada Lovelace', 'the server has it')
})

pageTest('edit: a save still under way does not close the edit opened meanwhile on another row', {}, async (t, { page, app }) => {
  await seedUser(app, 'Ada')
  await logInAs({ page, app }, 'Alan', { admin: true })
  await openUsers(page)
  // Ada's save waits until the test lets it go on.
  let release = () => {}
  const held = new Promise<void>((resolve) => { release = resolve })
  await page.route('**/users/*', async (route) => {
    if (route.request().method() === 'PATCH') await held
    await route.continue()
  })
  await page.getByRole('button', { name: 'Edit Ada' }).click()
  await saveName(page.getByRole('textbox', { name: 'New name for Ada' }), 'Ada Lovelace')
  await page.getByRole('button', { name: 'Edit Alan' }).click()
  await page.getByRole('textbox', { name: 'New name for Alan' }).fill('Alan Turing')
  release()
  await row(page, 'Ada Lovelace').waitFor()
  t.equal(await page.getByRole('textbox', { name: 'New name for Alan' }).inputValue(), 'Alan Turing', 'the other row is still in edit, with what was typed')
})

pageTest('edit: a refused name shows the server\'s message in the row and keeps editing', {}, async (t, { page, app, expectProblem }) => {
  expectProblem(/HTTP 400: PATCH \/users\/1/)
  expectProblem(/status of 400/)
  await logInAs({ page, app }, 'Ada')
  await openUsers(page)

  await page.getByRole('button', { name: 'Edit Ada' }).click()
  const input = page.getByRole('textbox', { name: 'New name for Ada' })
  await input.fill('   ')
  await input.press('Enter')
  await page.locator('#users [role="alert"]').filter({ hasText: NAME_RULE }).waitFor()
  t.equal(await input.inputValue(), '   ', 'still editing')
  t.equal(await page.locator('#users input:focus').count(), 1, 'with the focus in the field')
  await input.press('Escape')
  await row(page, 'Ada').waitFor()
})

pageTest('delete: asks first; dismissing keeps the user, accepting removes it; the last admin stays', {}, async (t, { page, app, expectProblem }) => {
  expectProblem(/HTTP 409: DELETE \/users\/2/)
  expectProblem(/status of 409/)
  await seedUser(app, 'Ada')
  await logInAs({ page, app }, 'Alan', { admin: true })
  const deletes = countRequests(page, 'DELETE')
  await openUsers(page)

  const [question] = await Promise.all([answerConfirm(page, false), page.getByRole('button', { name: 'Delete Ada' }).click()])
  t.equal(question, 'Delete Ada? This cannot be undone.', 'the person is asked')
  t.same(await names(page), ['Ada', 'Alan'], 'dismissed: Ada is still listed')
  t.equal(deletes(), 0, 'and nothing was sent')

  await Promise.all([answerConfirm(page, true), page.getByRole('button', { name: 'Delete Ada' }).click()])
  await row(page, 'Ada').waitFor({ state: 'detached' })
  t.same(await names(page), ['Alan'], 'accepted: Ada is gone from the list')
  t.equal(await page.getByRole('status').textContent(), 'Deleted Ada.')
  t.equal(deletes(), 1)
  t.equal(await app.usersRepository.find(1), undefined, 'and from the server')

  await Promise.all([answerConfirm(page, true), page.getByRole('button', { name: 'Delete Alan' }).click()])
  await page.locator('#list-error').filter({ hasText: 'last admin' }).waitFor()
  t.equal(await page.locator('#list-error').textContent(), 'Alan was not deleted: The last admin cannot be removed; make another user an admin first')
  t.same(await names(page), ['Alan'], 'the only admin is still there')
})

pageTest('a user sees Edit and Delete only on their own row', {}, async (t, { page, app }) => {
  await seedUser(app, 'Ada')
  await logInAs({ page, app }, 'Grace')
  await openUsers(page)
  t.equal(await row(page, 'Ada').getByRole('button').count(), 0, 'not on another user\'s row')
  t.same(await row(page, 'Grace').getByRole('button').allTextContents(), ['Edit Grace', 'Delete Grace'], 'on their own')
})

pageTest('a 5xx answer shows a message instead of failing silently', {}, async (t, { page, app, expectProblem }) => {
  expectProblem(/HTTP 500: GET \/users/)
  expectProblem(/HTTP 502: POST \/users/)
  expectProblem(/status of 50[02]/)
  // The server renders the first page; the script reads the next one from the API.
  for (let n = 1; n <= 51; n++) await seedUser(app, `User ${n}`)
  await page.route((url) => url.pathname === '/users', async (route) => {
    if (route.request().method() === 'GET') {
      await route.fulfill({ status: 500, json: { statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error: something went wrong on our side' } })
    } else {
      await route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad Gateway</h1>' })
    }
  })
  await page.goto('/')
  await page.getByRole('button', { name: 'Next' }).click()
  const listError = page.locator('#list-error')
  await listError.filter({ hasText: 'could not be loaded' }).waitFor()
  t.equal(await listError.textContent(), 'The list could not be loaded: The server had a problem (500). Please try again in a moment.')
  t.equal((await names(page)).length, 50, 'the page on show stays')

  await fillSignUp(page, 'Ada')
  await page.getByRole('button', { name: 'Register' }).click()
  const formError = page.locator('#form-error')
  await formError.filter({ hasText: '502' }).waitFor()
  t.equal(await formError.textContent(), 'The server had a problem (502). Please try again in a moment.')
  t.ok(await page.getByRole('button', { name: 'Register' }).isEnabled(), 'the button can be pressed again to retry')
  t.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Ada', 'what was typed is kept')
})

pageTest('a server that went away shows a message for register, edit and delete', {}, async (t, { page, app, expectProblem }) => {
  expectProblem(/request failed: POST \/users/)
  expectProblem(/request failed: PATCH \/users\/1/)
  expectProblem(/request failed: GET \/users\/1/)
  expectProblem(/request failed: DELETE \/users\/1/)
  expectProblem(/console error: .*net::ERR_/)
  await logInAs({ page, app }, 'Ada')
  await openUsers(page)
  await stopApp(app)
  const unreachable = 'The server cannot be reached. Check your connection and try again.'

  await fillSignUp(page, 'Alan')
  await page.getByRole('button', { name: 'Register' }).click()
  await page.locator('#form-error').filter({ hasText: unreachable }).waitFor()
  t.equal(await page.locator('#form-error').textContent(), unreachable, 'register says the server is unreachable')

  await page.getByRole('button', { name: 'Edit Ada' }).click()
  await saveName(page.getByRole('textbox', { name: 'New name for Ada' }), 'Ada Lovelace')
  await page.locator('#users [role="alert"]').filter({ hasText: unreachable }).waitFor()
  t.pass('edit says the server is unreachable, next to the field')
  await page.getByRole('button', { name: 'Cancel' }).click()

  await Promise.all([answerConfirm(page, true), page.getByRole('button', { name: 'Delete Ada' }).click()])
  await page.locator('#list-error').filter({ hasText: unreachable }).waitFor()
  t.equal(await page.locator('#list-error').textContent(), `Ada was not deleted: ${unreachable}`)
  t.same(await names(page), ['Ada'], 'Ada is still listed')
})

pageTest('everything works with the keyboard alone, with a visible focus', {}, async (t, { page, app }) => {
  await openUsers(page)
  await tabTo(page, '#name')
  t.equal(await focusOutline(page), '3px solid', 'the focused field is outlined')
  await page.keyboard.type('Grace')
  await page.keyboard.press('Tab')
  await page.keyboard.type(TEST_PASSWORD)
  await page.keyboard.press('Enter')
  await row(page, 'Grace').waitFor()
  t.equal(await page.locator('#name:focus').count(), 1, 'the focus goes back to the name field for the next one')

  // Grace logs in (the login page's own keyboard test is in login.test.ts) and changes her row.
  const login = await page.request.post('/login', { data: { name: 'Grace', password: TEST_PASSWORD } })
  t.equal(login.status(), 200)
  await openUsers(page)

  await tabTo(page, '#users .edit')
  t.equal(await focusOutline(page), '3px solid', 'the focused button is outlined')
  await page.keyboard.press('Enter')
  t.equal(await page.locator('#users input:focus').count(), 1, 'Enter on Edit puts the focus in the name field')
  await page.keyboard.press('End')
  await page.keyboard.type(' Hopper')
  await page.keyboard.press('Enter')
  await row(page, 'Grace Hopper').waitFor()
  t.equal(await page.locator('#users .edit:focus').textContent(), 'Edit Grace Hopper', 'the focus returns to the Edit button')

  await page.keyboard.press('Tab')
  t.equal(await page.locator('#users .delete:focus').textContent(), 'Delete Grace Hopper', 'Tab reaches Delete')
  await Promise.all([page.waitForURL('/'), answerConfirm(page, true), page.keyboard.press('Enter')])
  await page.getByText('No users yet.').waitFor()
  t.same(await names(page), [], 'her own account is gone')
  t.equal(await app.usersRepository.find(1), undefined)
  t.equal(await page.locator('#account a[href="/login"]').count(), 1, 'and she is logged out')
})

pageTest('a long list with long names fits a phone screen', { viewport: PHONE }, async (t, { page, app, screenshot }) => {
  await logInAs({ page, app }, 'W'.repeat(100), { admin: true })
  await seedUser(app, 'Ada Lovelace')
  await openUsers(page)
  t.notOk(await scrollsSideways(page), 'nothing is wider than the phone')
  const deleteButton = await page.getByRole('button', { name: /^Delete W+$/ }).boundingBox()
  t.ok(deleteButton !== null && deleteButton.x + deleteButton.width <= PHONE.width, 'the buttons stay on screen')

  await page.getByRole('button', { name: 'Edit Ada Lovelace' }).click()
  t.notOk(await scrollsSideways(page), 'editing in place fits too')
  await screenshot('home-editing-phone')
})
