// The one layout every HTML page is rendered into: head (description, favicon, stylesheet), navigation with the account area, main.
import type { FastifyRequest } from 'fastify'
import { liveSession } from '../../plugins/session.js'
import type { User } from '../../schemas/users.js'
import { compileTemplate, escapeHtml } from './template.js'

/** The page the navigation marks as current. */
export type NavPage = 'home' | 'about' | 'login' | 'account'

const CURRENT = ' aria-current="page"'

/**
 * The end of the navigation bar: a login link for a visitor; for a logged-in user the Korean
 * greeting (marked lang="ko", so the Korean font stack applies) leading to the account page, and a
 * logout form that works without JavaScript.
 */
export function accountArea (user: User | undefined, current?: NavPage): string {
  if (user === undefined) return `<a href="/login"${current === 'login' ? CURRENT : ''}>Login</a>`
  return `<a href="/account" class="greeting" lang="ko"${current === 'account' ? CURRENT : ''}>${escapeHtml(user.name)}님 안녕하세요</a> ` +
    '<form class="logout" action="/logout" method="post"><button type="submit">Logout</button></form>'
}

export interface Page {
  /** Plain text; " · Users" is added. */
  title: string
  /** What the form before did (plain text): said first in the title, which a screen reader reads out when the page loads. */
  outcome?: string | undefined
  /** Plain text, for the description meta element. */
  description: string
  /** The page's own HTML, inside <main>. */
  main: string
  user: User | undefined
  current?: NavPage
  /** Same-origin module scripts the page adds to forms.js (the CSP allows no inline script). */
  scripts?: string[]
  /** Attributes of <main>, already HTML (e.g. ` data-viewer-id="1"`). */
  mainAttributes?: string
}

const layout = compileTemplate('layout.html')
const notFound = compileTemplate('404.html')({})

export function renderPage (page: Page): string {
  return layout({
    title: escapeHtml([page.outcome, page.current === 'home' ? page.title : `${page.title} · Users`].filter(Boolean).join(' — ')),
    description: escapeHtml(page.description),
    scripts: (page.scripts ?? []).map((src) => `\n  <script type="module" src="${src}"></script>`).join(''),
    homeCurrent: page.current === 'home' ? CURRENT : '',
    aboutCurrent: page.current === 'about' ? CURRENT : '',
    account: accountArea(page.user, page.current),
    mainAttributes: page.mainAttributes,
    main: page.main
  })
}

/**
 * The logged-in user, for a page served outside the scopes that load sessions (the 404 page, the
 * cookie pages): the session is only read, never renewed or saved, so these pages cost one store
 * read and no write (but for deleting a session found past its end, see liveSession). Undefined for
 * a visitor, or a session that is forged, expired or whose user is gone.
 */
export async function visitor (request: FastifyRequest): Promise<User | undefined> {
  const userId = (await liveSession(request))?.data.userId
  return userId === undefined ? undefined : await request.server.usersRepository.find(userId)
}

/** The 404 page, with the visitor's account area. */
export async function notFoundPage (request: FastifyRequest): Promise<string> {
  return renderPage({
    title: 'Not found',
    description: 'There is no page at this address.',
    main: notFound,
    user: await visitor(request)
  })
}
