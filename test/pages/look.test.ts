// How the pages look and read: Korean text and fonts, /cookie/hello as a page, the favicon, the account area everywhere,
// light and dark colours with enough contrast, main and destructive buttons, messages that clear.
import type { Page } from 'playwright-core'
import { seedUser, TEST_PASSWORD } from '../sessions/client.js'
import { DESKTOP, logInAs, pageTest, PHONE } from './browser.js'

const KOREAN_FACES = ['Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans KR', 'Nanum Gothic']

/** A computed style property of the first element matching selector. */
async function styleOf (page: Page, selector: string, property: string): Promise<string> {
  // A string expression: the page's DOM types are not part of this project's TypeScript lib.
  return String(await page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)}))[${JSON.stringify(property)}]`))
}

/** WCAG relative luminance of a computed `rgb(r, g, b)` colour. */
function luminance (color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).map(Number).map((channel) => {
    const c = channel / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

function contrast (a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

pageTest('the Korean greeting is marked lang="ko" and set in a Korean font', {}, async (t, { page, app, screenshot }) => {
  await logInAs({ page, app }, '홍길동')
  for (const path of ['/', '/about', '/account']) {
    await page.goto(path)
    const greeting = page.locator('#account .greeting')
    t.equal(await greeting.textContent(), '홍길동님 안녕하세요', `${path}: the greeting`)
    t.equal(await greeting.getAttribute('lang'), 'ko', `${path}: marked as Korean`)
    const font = await styleOf(page, '#account .greeting', 'fontFamily')
    t.ok(KOREAN_FACES.some((face) => font.includes(face)), `${path}: its font stack names Korean faces (${font})`)
  }
  t.ok(await page.evaluate('document.fonts.check("16px \\"Nanum Gothic\\"", "안녕")'), 'a Korean face is there to draw it')
  await screenshot('korean-greeting-desktop')
})

pageTest('/cookie/hello is an HTML page in a browser and stays text/plain for other clients', {}, async (t, { page, url, screenshot }) => {
  await page.goto('/cookie/hello')
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Cookie login', 'without a cookie: the login form in the layout')
  t.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 1)
  await page.getByLabel('Name', { exact: true }).fill('홍길동')
  // The form posts to the page it is on, so the URL alone cannot tell the new page has loaded.
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Log in' }).click()])
  t.equal(await page.title(), 'Cookie greeting · Users')
  t.equal(await page.locator('html').getAttribute('lang'), 'en')
  const greeting = page.locator('main [lang="ko"]')
  t.equal(await greeting.textContent(), '홍길동님 안녕하세요', 'the greeting, marked as Korean')
  t.same(await page.evaluate('[...document.styleSheets].map(sheet => new URL(sheet.href).pathname)'), ['/app.css'], 'the shared stylesheet')
  t.match(await page.locator('meta[name="description"]').getAttribute('content'), /greeting/)
  await screenshot('cookie-hello-desktop')

  // Any client that does not ask for HTML: the contract's plain text, byte for byte.
  const cookie = (await page.context().cookies()).find((each) => each.name === 'name')!
  const plain = await fetch(new URL('/cookie/hello', url), { headers: { cookie: `name=${cookie.value}` } })
  t.equal(plain.headers.get('content-type'), 'text/plain; charset=utf-8')
  t.equal(await plain.text(), '홍길동님 안녕하세요')
})

pageTest('every page has its icon and description; the icon file answers for what is not a page', {}, async (t, { page, app }) => {
  await logInAs({ page, app }, 'Ada')
  for (const path of ['/', '/about', '/login', '/account', '/cookie/hello']) {
    await page.goto(path)
    t.match(await page.locator('link[rel="icon"]').getAttribute('href'), /^data:image\/svg\+xml,/, `${path}: an icon, in the page`)
    t.ok(((await page.locator('meta[name="description"]').getAttribute('content')) ?? '').length > 20, `${path}: a description`)
  }
  // What is not a page (the plain-text greeting, JSON) gets the browser's default /favicon.ico, which is there.
  const icon = await page.request.get('/favicon.ico')
  t.equal(icon.status(), 200)
  t.equal(icon.headers()['content-type'], 'image/x-icon')
})

pageTest('the about page and the 404 page show the logged-in user\'s account area', {}, async (t, { page, app, expectProblem }) => {
  expectProblem(/HTTP 404: GET \/no-such-page/)
  expectProblem(/status of 404/)
  await logInAs({ page, app }, 'Ada')
  await page.goto('/about')
  t.match(await page.locator('#account').textContent(), 'Ada님 안녕하세요', 'greeted on /about')
  t.equal(await page.locator('#account a[href="/login"]').count(), 0, 'no Login link for a logged-in user')
  t.equal(await page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]').textContent(), 'About')
  await page.goto('/no-such-page')
  t.match(await page.locator('#account').textContent(), 'Ada님 안녕하세요', 'greeted on the 404 page')
})

for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
  pageTest(`dark mode at ${size} size: dark page colours, readable text and links, screenshots`, { viewport }, async (t, { page, app, screenshot }) => {
    await page.emulateMedia({ colorScheme: 'dark' })
    await seedUser(app, 'Grace Hopper')
    await logInAs({ page, app }, 'Ada Lovelace')
    for (const path of ['/', '/about', '/login', '/account']) {
      await page.goto(path)
      const background = await styleOf(page, 'body', 'backgroundColor')
      t.ok(luminance(background) < 0.05, `${path}: a dark background (${background})`)
      t.ok(contrast(await styleOf(page, 'body', 'color'), background) >= 7, `${path}: text contrast at least 7:1`)
      t.ok(contrast(await styleOf(page, 'main a, nav a', 'color'), background) >= 4.5, `${path}: link contrast at least 4.5:1`)
      await screenshot(`${path === '/' ? 'home' : path.slice(1)}-dark-${size}`)
    }
  })
}

pageTest('light mode: explicit colours with enough contrast; the main action stands out, destructive ones warn', {}, async (t, { page, app }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await logInAs({ page, app }, 'Ada')
  await page.goto('/')
  const background = await styleOf(page, 'body', 'backgroundColor')
  t.equal(background, 'rgb(255, 255, 255)', 'a white page')
  t.ok(contrast(await styleOf(page, 'body', 'color'), background) >= 7, 'text contrast')
  t.ok(contrast(await styleOf(page, 'nav a', 'color'), background) >= 4.5, 'link contrast')
  const register = await styleOf(page, '#register button', 'backgroundColor')
  t.equal(register, 'rgb(29, 78, 216)', 'Register is filled with the accent colour')
  t.ok(contrast(await styleOf(page, '#register button', 'color'), register) >= 4.5, 'its label is readable')
  t.equal(await styleOf(page, '#users .delete', 'color'), 'rgb(185, 28, 28)', 'Delete is red')
  t.equal(await styleOf(page, '#users .edit', 'color'), await styleOf(page, 'body', 'color'), 'Edit is not')
  await page.goto('/account')
  t.equal(await styleOf(page, '#delete-account button', 'color'), 'rgb(185, 28, 28)', 'Delete my account is red')
  t.equal(await styleOf(page, '#sessions button', 'color'), 'rgb(185, 28, 28)', 'ending a session is too')
  t.equal(await styleOf(page, '#rename button', 'backgroundColor'), 'rgb(29, 78, 216)', 'Rename is the main action')
})

pageTest('a message by a field goes away once the field is valid', {}, async (t, { page, app, expectProblem }) => {
  expectProblem(/HTTP 400: POST \/login/)
  expectProblem(/status of 400/)
  await seedUser(app, 'Ada')
  await page.goto('/login')
  const name = page.getByLabel('Name', { exact: true })
  await name.fill('   ')
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD)
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Log in' }).click()])
  const message = page.locator('#login-name-error')
  t.equal(await message.textContent(), 'Enter a name of 1 to 100 characters.')
  await name.press('End')
  await page.keyboard.type(' ')
  t.equal(await message.textContent(), 'Enter a name of 1 to 100 characters.', 'more spaces are still no name')
  await page.keyboard.type('A')
  t.equal(await message.textContent(), '', 'a real name clears it')
  t.equal(await name.getAttribute('aria-invalid'), 'false')
})
