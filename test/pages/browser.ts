// Headless Debian Chromium (playwright-core), one per test file, against the app on a free port.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type Page, type ViewportSize } from 'playwright-core'
import t, { type Test } from 'tap'
import { type App, buildApp } from '../../src/app.js'
import { PROJECT_ROOT, testConfig } from '../helper.js'
import { seedUser, TEST_PASSWORD } from '../sessions/client.js'

export const PHONE: ViewportSize = { width: 375, height: 667 }
export const DESKTOP: ViewportSize = { width: 1280, height: 800 }
export const SCREENSHOTS = join(PROJECT_ROOT, 'test-output', 'pages')

// Generous: other suites share this 2-core machine.
const TIMEOUT = 20_000

/** A host name Chromium resolves to 127.0.0.1 (--host-resolver-rules), to open pages by a name other than localhost. */
export const HOST_NAME = 'users-service.test'

export interface Visit {
  page: Page
  app: App
  /** The app's base URL, e.g. http://127.0.0.1:41234 */
  url: string
  /** Declares a console error or failed request this test provokes on purpose; it must then happen. */
  expectProblem: (pattern: RegExp) => void
  /** Saves a screenshot as test-output/pages/<name>.png and gives its path. */
  screenshot: (name: string) => Promise<string>
}

export interface VisitOptions {
  viewport?: ViewportSize
  javaScriptEnabled?: boolean
  /** Configuration of the app under test, on top of the test defaults. */
  env?: Record<string, string>
}

let browser: Promise<Browser> | undefined

/** The file's one browser, launched on first use and closed when the file's tests end. */
function sharedBrowser (): Promise<Browser> {
  if (browser === undefined) {
    browser = chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      timeout: 60_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--no-first-run', '--disable-sync', '--disable-quic', `--host-resolver-rules=MAP ${HOST_NAME} 127.0.0.1`]
    })
    const launched = browser
    t.teardown(async () => { await (await launched).close() })
  }
  return browser
}

function describeUrl (url: string): string {
  const { pathname, search } = new URL(url)
  return `${pathname}${search}`
}

/** Watches everything that goes wrong on the page: console errors, script errors, failed or 4xx/5xx requests. */
function watchProblems (page: Page): string[] {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? ''
    // The browser itself cancelled it, because the page navigated away (a form was posted) while a
    // fetch was in flight: nothing failed on either side, and which wins that race is chance.
    if (reason === 'net::ERR_ABORTED' && request.resourceType() === 'fetch') return
    problems.push(`request failed: ${request.method()} ${describeUrl(request.url())} ${reason}`)
  })
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${describeUrl(response.url())}`)
  })
  return problems
}

/**
 * Stops the app as a crash would, dropping open connections: Chromium keeps preconnected sockets
 * that carry no request yet, which a plain close() would wait for until Node's headers timeout.
 */
export async function stopApp (app: App): Promise<void> {
  const closed = app.close()
  app.server.closeAllConnections()
  await closed
}

/**
 * A tap test with a fresh app (empty in-memory database) and a fresh browser context. When the body
 * ends, the test fails on any console error or failed request it did not declare with expectProblem.
 */
export function pageTest (name: string, options: VisitOptions, body: (t: Test, visit: Visit) => Promise<void>): void {
  t.test(name, async (t) => {
    const app = await buildApp(testConfig(options.env), { logger: false })
    const url = await app.listen({ port: 0, host: '127.0.0.1' })
    t.teardown(() => stopApp(app))
    const context = await (await sharedBrowser()).newContext({
      viewport: options.viewport ?? DESKTOP,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      baseURL: url
    })
    t.teardown(() => context.close())
    context.setDefaultTimeout(TIMEOUT)
    // Every Content-Security-Policy violation becomes a console error, which fails the test like any other.
    await context.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => console.error(
      'CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline code')))`)
    const page = await context.newPage()
    const problems = watchProblems(page)
    const expected: RegExp[] = []
    const visit: Visit = {
      page,
      app,
      url,
      expectProblem: (pattern) => { expected.push(pattern) },
      screenshot: async (shot) => {
        await mkdir(SCREENSHOTS, { recursive: true })
        const path = join(SCREENSHOTS, `${shot}.png`)
        await page.screenshot({ path, fullPage: true })
        return path
      }
    }

    await body(t, visit)

    // Page events arrive in order over the one DevTools connection: a round trip flushes the earlier ones.
    if (!page.isClosed()) await page.evaluate('0')
    t.same(problems.filter((problem) => !expected.some((pattern) => pattern.test(problem))), [],
      'no console errors and no failed requests')
    for (const pattern of expected) t.ok(problems.some((problem) => pattern.test(problem)), `the expected problem ${pattern} happened`)
  })
}

/** Presses Tab until the element matching selector has the focus (at most `limit` times). */
export async function tabTo (page: Page, selector: string, limit = 20): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab')
    if (await page.locator(`${selector}:focus`).count() === 1) return
  }
  throw new Error(`${selector} never got the focus after ${limit} presses of Tab`)
}

/** The focused element's outline, e.g. `3px solid`: what app.css's :focus-visible rule draws. */
export async function focusOutline (page: Page): Promise<string> {
  // A string expression: the page's DOM types are not part of this project's TypeScript lib.
  return String(await page.evaluate('(s => s.outlineWidth + " " + s.outlineStyle)(getComputedStyle(document.activeElement))'))
}

/** True when the page is wider than its window (the person would have to scroll sideways). */
export async function scrollsSideways (page: Page): Promise<boolean> {
  return Boolean(await page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth'))
}

/**
 * Makes the account (an admin when asked) and logs the page's browser context in as it through the
 * API, whose cookies the context shares; the next page load shows the logged-in view.
 */
export async function logInAs (visit: Pick<Visit, 'page' | 'app'>, name: string, { admin = false } = {}): Promise<void> {
  await seedUser(visit.app, name)
  if (admin) await visit.app.usersRepository.promote(name)
  const response = await visit.page.request.post('/login', { data: { name, password: TEST_PASSWORD } })
  if (response.status() !== 200) throw new Error(`logging in as ${name} answered ${response.status()}`)
}
