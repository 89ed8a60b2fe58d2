// The users list of the home page, rendered on the server: a page of rows, one of them perhaps in edit or asking to delete, and the paging links.
import { mayChange } from '../../plugins/accounts.js'
import type { VersionedUser } from '../../plugins/users-repository.js'
import type { User } from '../../schemas/users.js'
import { escapeHtml } from './template.js'

export const PAGE_SIZE = 50

/** What the list shows: which page, and which row (if any) is a form. */
export interface ListState {
  page: number
  pages: number
  total: number
  viewer: User | undefined
  /** The row in edit, what is in its field (already escaped), and the message next to it. */
  edit?: { id: number, typed?: string, error?: string }
  /** The row asking whether to delete. */
  confirmDelete?: number
}

/** The home page's URL for a page of the list, with more query parameters (already URL-safe). */
export function homeUrl (page: number, more = ''): string {
  const query = [page > 1 ? `page=${page}` : '', more].filter((part) => part !== '').join('&')
  return query === '' ? '/' : `/?${query}`
}

/** "Page 2 of 21 · 1,005 users", as users.js writes it too. */
export function pageInfo (page: number, pages: number, total: number): string {
  return `Page ${page} of ${pages} · ${total.toLocaleString('en')} ${total === 1 ? 'user' : 'users'}`
}

/** A link styled as a button, whose accessible name also says which user it acts on ("Edit Ada"). */
function rowLink (label: string, className: string, href: string, name: string): string {
  return `<a class="button ${className}" href="${escapeHtml(href)}">${label}<span class="visually-hidden"> ${name}</span></a>`
}

function pageField (page: number): string {
  return `<input type="hidden" name="page" value="${page}">`
}

function editRow (user: VersionedUser, state: ListState, name: string): string {
  const { typed, error } = state.edit ?? {}
  const errorId = `edit-error-${user.id}`
  return `<form class="edit-form" action="/users/${user.id}/edit" method="post">` +
    `<input name="name" aria-label="New name for ${name}" value="${typed ?? name}" required maxlength="100" autocomplete="off" ` +
    `aria-describedby="${errorId}" autofocus${error === undefined ? '' : ' aria-invalid="true"'}>` +
    `<input type="hidden" name="version" value="${user.version}">${pageField(state.page)}` +
    '<button type="submit" class="primary">Save</button>' +
    `<a class="button" href="${escapeHtml(homeUrl(state.page))}#user-${user.id}">Cancel</a>` +
    `<p id="${errorId}" class="error" role="alert">${error ?? ''}</p></form>`
}

function confirmRow (user: VersionedUser, state: ListState, name: string): string {
  return `<form class="confirm-delete" action="/users/${user.id}/delete" method="post">` +
    `<span class="question">Delete ${name}? This cannot be undone.</span>${pageField(state.page)}` +
    `<button type="submit" class="danger">Delete<span class="visually-hidden"> ${name}</span></button>` +
    `<a class="button" href="${escapeHtml(homeUrl(state.page))}#user-${user.id}">Keep</a></form>`
}

function row (user: VersionedUser, state: ListState): string {
  const name = escapeHtml(user.name)
  const open = `<li id="user-${user.id}" data-id="${user.id}" data-name="${name}">`
  if (!mayChange(state.viewer, user.id)) return `${open}<span class="name">${name}</span></li>`
  if (state.edit?.id === user.id) return `${open}${editRow(user, state, name)}</li>`
  if (state.confirmDelete === user.id) return `${open}${confirmRow(user, state, name)}</li>`
  return `${open}<span class="name">${name}</span>` +
    // No fragment: Chromium ignores autofocus (the edit field's) on a URL with one; the focused field is scrolled to anyway.
    rowLink('Edit', 'edit', homeUrl(state.page, `edit=${user.id}`), name) +
    rowLink('Delete', 'danger delete', `${homeUrl(state.page, `delete=${user.id}`)}#user-${user.id}`, name) + '</li>'
}

/** A paging link, or a disabled stand-in where there is no page that way. */
function pageLink (label: string, id: string, rel: string, page: number | undefined): string {
  if (page === undefined) return `<span class="button" id="${id}" aria-disabled="true">${label}</span>`
  return `<a class="button" id="${id}" rel="${rel}" href="${escapeHtml(homeUrl(page))}">${label}</a>`
}

/** The slots of index.html that show the list. */
export function listSlots (users: VersionedUser[], state: ListState): Record<string, string> {
  const { page, pages, total } = state
  return {
    rows: users.map((user) => row(user, state)).join(''),
    emptyHidden: total > 0 ? ' hidden' : '',
    pagesHidden: total > 0 ? '' : ' hidden',
    page: String(page),
    total: String(total),
    pageInfo: pageInfo(page, pages, total),
    // One page needs no way to another.
    previous: pages > 1 ? pageLink('Previous', 'previous-page', 'prev', page > 1 ? page - 1 : undefined) : '',
    next: pages > 1 ? pageLink('Next', 'next-page', 'next', page < pages ? page + 1 : undefined) : ''
  }
}
