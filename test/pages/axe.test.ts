// An accessibility audit of every page of ours with axe-core (the engine behind Lighthouse's
// accessibility score): no violation, logged out and logged in, in light and in dark mode, at phone
// and desktop sizes, with the forms in their error and edit states too.
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import type { Test } from 'tap'
import { DESKTOP, logInAs, pageTest, PHONE } from './browser.js'

/** axe-core's browser bundle, evaluated in the page over DevTools (which the pages' CSP does not govern). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
/** WCAG 2.1 A and AA, and axe's best practices (landmarks, one h1, …). */
const RULE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']

interface Violation { id: string, impact: string, help: string, nodes: Array<{ target: string[] }> }

/** The violations axe finds on the page as it is now, one line each. */
async function audit (page: Page): Promise<string[]> {
  if (!await page.evaluate('typeof axe !== "undefined"')) await page.evaluate(AXE_SOURCE)
  const { violations } = await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(RULE_TAGS)} } })`) as { violations: Violation[] }
  return violations.map(({ id, impact, help, nodes }) => `${id} (${impact}): ${help} at ${nodes.map((node) => node.target.join(' ')).join(', ')}`)
}

/** Audits each page in light and in dark mode. */
async function auditAll (t: Test, page: Page, paths: string[], who: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    for (const path of paths) {
      await page.goto(path)
      t.same(await audit(page), [], `${path}, ${who}, ${colorScheme}: no axe violation`)
    }
  }
}

for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
  pageTest(`axe finds no violation on any page, logged out and logged in (${size})`, { viewport }, async (t, { page, app, expectProblem }) => {
    expectProblem(/HTTP 404: GET \/no-such-page/)
    expectProblem(/status of 404/)
    await auditAll(t, page, ['/', '/about', '/login', '/cookie/hello', '/no-such-page'], 'a visitor')
    await logInAs({ page, app }, 'Ada')
    const own = (await app.inject({ url: '/users?limit=1' })).json()[0].id as number
    await auditAll(t, page, ['/', `/?edit=${own}`, `/?delete=${own}`, '/about', '/account', '/no-such-page'], 'logged in')
  })
}

pageTest('axe finds no violation on forms showing their errors', {}, async (t, { page, expectProblem }) => {
  expectProblem(/HTTP 400: POST \/users/)
  expectProblem(/HTTP 401: POST \/login/)
  expectProblem(/status of 400/)
  expectProblem(/status of 401/)
  await page.goto('/')
  // A name of spaces passes the browser's own `required` check and is refused by the server, next to the field.
  await page.getByLabel('Name', { exact: true }).fill('   ')
  await page.getByLabel(/^Password/).fill('a long enough passphrase')
  await page.getByRole('button', { name: 'Register', exact: true }).click()
  await page.locator('#form-error:not(:empty)').waitFor()
  t.same(await audit(page), [], 'the sign-up form with its error')

  // The login form is a plain form post, with JavaScript on too: the page answers with the message.
  await page.goto('/login')
  await page.getByLabel('Name', { exact: true }).fill('nobody here')
  await page.getByLabel('Password', { exact: true }).fill('not the password')
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Log in', exact: true }).click()])
  t.not(await page.locator('#login-error').textContent(), '', 'the refusal is shown')
  t.same(await audit(page), [], 'the login form after a wrong password')
})

pageTest('the audit does find a violation when a page has one', {}, async (t, { page }) => {
  await page.goto('/about')
  // An image without a text alternative: axe must name it.
  await page.evaluate('document.querySelector(\'main\').insertAdjacentHTML(\'beforeend\', \'<img src="/favicon.ico">\')')
  const found = await audit(page)
  t.ok(found.some((line) => line.startsWith('image-alt')), `image-alt is reported: ${found.join('; ')}`)
})
