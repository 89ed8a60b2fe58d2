// The users page, enhanced: the server renders the list and every form works without scripts; with this script
// it registers, renames and deletes users through the /users API and turns pages without reloading.
// The server says who is looking (data-viewer-*), so Edit and Delete appear only where they would work.
const viewer = document.querySelector('main').dataset
const list = document.querySelector('#users')
const empty = document.querySelector('#empty')
const form = document.querySelector('#register')
const nameInput = document.querySelector('#name')
const passwordInput = document.querySelector('#password')
const passwordError = document.querySelector('#password-error')
const registerButton = form.querySelector('button[type="submit"]')
const formError = document.querySelector('#form-error')
const listError = document.querySelector('#list-error')
const status = document.querySelector('#status')
const pages = document.querySelector('#pages')
const pageInfo = document.querySelector('#page-info')

const PAGE_SIZE = 50
const pageUrl = (number) => `/users?limit=${PAGE_SIZE}&offset=${(number - 1) * PAGE_SIZE}`
/** The page on show (the server's at first, then a URL the API's Link header gave), its number, and its neighbours. */
const startPage = Number(pages.dataset.page) || 1
const paging = {
  url: pageUrl(startPage),
  number: startPage,
  links: {
    prev: startPage > 1 ? pageUrl(startPage - 1) : undefined,
    // The server links the next page only when there is one.
    next: pages.querySelector('a[rel="next"]') === null ? undefined : pageUrl(startPage + 1)
  }
}

/** Previous and Next as buttons that turn the page in place, on either side of the count, instead of the server's links. */
function pageButton (id, label, place) {
  const button = document.createElement('button')
  button.type = 'button'
  button.id = id
  button.textContent = label
  pages.querySelector(`#${id}`)?.remove()
  place(button)
  return button
}
const previousPage = pageButton('previous-page', 'Previous', (button) => pageInfo.before(button))
const nextPage = pageButton('next-page', 'Next', (button) => pageInfo.after(button))

/**
 * Calls the API and gives the answer and its JSON body; throws an Error whose message is meant for
 * the person using the page, with the status as `status`.
 */
async function send (method, url, body, headers = {}) {
  let response
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
  } catch {
    throw new Error('The server cannot be reached. Check your connection and try again.')
  }
  // A 5xx says nothing the person can act on, and a proxy's may not even be JSON.
  if (response.status >= 500) throw new Error(`The server had a problem (${response.status}). Please try again in a moment.`)
  const data = response.status === 204 ? undefined : await response.json().catch(() => undefined)
  if (!response.ok) throw Object.assign(new Error(data?.message ?? `The request was refused (${response.status}).`), { status: response.status, code: data?.code })
  return { response, data }
}

const api = async (method, url, body) => (await send(method, url, body)).data

/** The URLs of a Link header (RFC 8288) by relation. */
function linksOf (header) {
  const links = {}
  for (const [, url, rel] of (header ?? '').matchAll(/<([^>]*)>;\s*rel="([^"]+)"/g)) links[rel] = url
  return links
}

/** Runs an action with its button disabled and saying so, so nothing is sent twice. */
async function whileBusy (button, progress, action) {
  const content = [...button.childNodes]
  button.disabled = true
  button.setAttribute('aria-busy', 'true')
  button.textContent = progress
  try {
    return await action()
  } finally {
    button.disabled = false
    button.removeAttribute('aria-busy')
    button.replaceChildren(...content)
  }
}

/** A button whose accessible name also says which user it acts on ("Edit Ada"). */
function rowButton (label, user, onClick, className = label.toLowerCase()) {
  const button = document.createElement('button')
  button.type = 'button'
  button.className = className
  const target = document.createElement('span')
  target.className = 'visually-hidden'
  target.textContent = ` ${user.name}`
  button.append(label, target)
  button.addEventListener('click', () => onClick(button))
  return button
}

/**
 * The API's message in the page's words: a field that breaks its rule gets the rule the server put on
 * the field (data-rule, the sentence a form post gets too); "body.password is …" reads "This password is …".
 */
function humanMessage (failure, input) {
  if (failure.code === 'FST_ERR_VALIDATION' && input?.dataset.rule) return input.dataset.rule
  return failure.message.replace(/^body\.(\w+) /, (_, field) => `This ${field} `)
}

function showError (element, input, message) {
  element.textContent = message
  input?.setAttribute('aria-invalid', String(message !== ''))
}

/** After the list is redrawn, keeps keyboard focus where the person was working. */
function focusRow (id, selector) {
  const button = id === undefined ? null : list.querySelector(`li[data-id="${id}"] ${selector}`)
  const target = button ?? nameInput
  target.focus()
}

/** Closes the edit that is open, if any: one row is edited at a time, so no typing is lost to a redraw. */
let closeOpenEdit = () => {}
/** The row in edit, which a redraw of the list keeps as it is (with what was typed). */
let openEdit

/** The user as the server has it now, with its ETag; undefined when it cannot be read. */
async function fetchVersion (id) {
  try {
    const { response, data } = await send('GET', `/users/${id}`)
    return { etag: response.headers.get('etag'), user: data }
  } catch {
    return undefined
  }
}

function startEditing (item, user) {
  closeOpenEdit()
  // Read while the person types: the version being edited, which a save sends in If-Match so that
  // a change someone else saves meanwhile is not silently overwritten.
  let version = fetchVersion(user.id)
  const editForm = document.createElement('form')
  const input = document.createElement('input')
  input.name = 'name'
  input.value = user.name
  input.autocomplete = 'off'
  input.dataset.rule = nameInput.dataset.rule
  input.setAttribute('aria-label', `New name for ${user.name}`)
  const save = document.createElement('button')
  save.type = 'submit'
  save.className = 'primary'
  save.textContent = 'Save'
  const cancel = document.createElement('button')
  cancel.type = 'button'
  cancel.textContent = 'Cancel'
  const error = document.createElement('p')
  error.className = 'error'
  error.id = `edit-error-${user.id}`
  error.setAttribute('role', 'alert')
  input.setAttribute('aria-describedby', error.id)
  editForm.append(input, save, cancel, error)
  item.replaceChildren(editForm)
  input.focus()
  input.select()

  openEdit = { id: user.id, item }
  closeOpenEdit = () => {
    closeOpenEdit = () => {}
    openEdit = undefined
    item.replaceWith(renderUser(user))
  }
  const stopEditing = () => {
    closeOpenEdit()
    focusRow(user.id, '.edit')
  }
  // Not while a save is under way: its answer (or its refusal) belongs in this row.
  cancel.addEventListener('click', () => { if (!save.disabled) stopEditing() })
  editForm.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || save.disabled) return
    event.preventDefault()
    stopEditing()
  })
  editForm.addEventListener('submit', (event) => {
    event.preventDefault()
    if (save.disabled) return
    return whileBusy(save, 'Saving…', async () => {
      try {
        const known = await version
        const { data: updated } = await send('PATCH', `/users/${user.id}`, { name: input.value }, known === undefined ? {} : { 'if-match': known.etag })
        // Only this row's edit ends: another row may have been opened while the save was under way.
        if (openEdit?.item === item) {
          closeOpenEdit = () => {}
          openEdit = undefined
        }
        status.textContent = `Renamed ${user.name} to ${updated.name}.`
        await refresh()
        focusRow(user.id, '.edit')
      } catch (failure) {
        if (failure.status !== 412) {
          showError(error, input, humanMessage(failure, input))
          input.focus()
          return
        }
        // Someone else saved first. Show what they saved; saving again replaces it, on purpose now.
        version = fetchVersion(user.id)
        const current = (await version)?.user ?? user
        user = current
        showError(error, input, `Someone else renamed this user to “${current.name}” while you were editing. Save again to use your name instead, or take theirs.`)
        const theirs = document.createElement('button')
        theirs.type = 'button'
        theirs.className = 'take-theirs'
        theirs.textContent = `Use “${current.name}”`
        theirs.addEventListener('click', () => { input.value = current.name; theirs.remove(); showError(error, input, ''); input.focus() })
        editForm.querySelector('.take-theirs')?.remove()
        error.after(theirs)
        input.focus()
      }
    })
  })
}

async function deleteUser (item, user, button) {
  if (!window.confirm(`Delete ${user.name}? This cannot be undone.`)) return
  const neighbour = (item.nextElementSibling ?? item.previousElementSibling)?.dataset.id
  await whileBusy(button, 'Deleting…', async () => {
    try {
      await api('DELETE', `/users/${user.id}`)
      // Deleting one's own account ends the session: the page must show a visitor's view.
      if (viewer.viewerId === String(user.id)) return window.location.assign('/')
      status.textContent = `Deleted ${user.name}.`
      await refresh()
      focusRow(neighbour, '.delete')
    } catch (failure) {
      listError.textContent = `${user.name} was not deleted: ${failure.message}`
    }
  })
}

/** An admin may change everyone; a user only themself; a visitor nobody. */
function mayChange (user) {
  return viewer.viewerRole === 'admin' || viewer.viewerId === String(user.id)
}

function renderUser (user) {
  const item = document.createElement('li')
  item.dataset.id = String(user.id)
  const name = document.createElement('span')
  name.className = 'name'
  name.textContent = user.name
  item.append(name)
  if (mayChange(user)) {
    item.append(
      rowButton('Edit', user, () => startEditing(item, user)),
      rowButton('Delete', user, (button) => deleteUser(item, user, button), 'delete danger')
    )
  }
  return item
}

/** Shows the page at `url` (the current one by default), with Previous and Next where the server links them. */
async function refresh (url = paging.url) {
  list.setAttribute('aria-busy', 'true')
  try {
    const { response, data: users } = await send('GET', url)
    // A page emptied by deletes shows the one before it instead, if there is one.
    const links = linksOf(response.headers.get('link'))
    if (users.length === 0 && links.prev !== undefined && paging.number > 1) {
      paging.number--
      return await refresh(links.prev)
    }
    paging.url = url
    paging.links = links
    const total = Number(response.headers.get('x-total-count'))
    // A row in edit stays as it is, with what was typed, if its user is still on the page.
    const kept = users.some((user) => user.id === openEdit?.id) ? openEdit : undefined
    if (kept === undefined) {
      closeOpenEdit = () => {}
      openEdit = undefined
    }
    list.replaceChildren(...users.map((user) => user.id === kept?.id ? kept.item : renderUser(user)))
    empty.hidden = users.length > 0
    showPaging(total)
    listError.textContent = ''
  } catch (failure) {
    empty.hidden = true
    listError.textContent = `The list could not be loaded: ${failure.message}`
  } finally {
    list.removeAttribute('aria-busy')
  }
}

/** The count, and Previous and Next when there is more than one page. */
function showPaging (total) {
  const count = Math.max(1, Math.ceil(total / PAGE_SIZE))
  pages.hidden = total === 0
  pageInfo.textContent = `Page ${paging.number} of ${count} · ${total.toLocaleString('en')} ${total === 1 ? 'user' : 'users'}`
  previousPage.hidden = nextPage.hidden = count === 1
  previousPage.disabled = paging.links.prev === undefined
  nextPage.disabled = paging.links.next === undefined
}

// The script shows the server's message for a refused name, and keeps what was typed to correct it,
// rather than the browser blocking the form or cutting a long paste short.
form.noValidate = true
nameInput.removeAttribute('maxlength')

form.addEventListener('submit', (event) => {
  event.preventDefault()
  if (registerButton.disabled) return
  return whileBusy(registerButton, 'Registering…', async () => {
    try {
      const user = await api('POST', '/users', { name: nameInput.value, password: passwordInput.value })
      form.reset()
      showError(formError, nameInput, '')
      showError(passwordError, passwordInput, '')
      status.textContent = `Registered ${user.name}. Log in to change it.`
      await refresh()
    } catch (failure) {
      // The server names the field in its message; a taken name or any other refusal belongs to the name.
      const aboutPassword = /^body\.password\b/.test(failure.message)
      showError(formError, nameInput, aboutPassword ? '' : humanMessage(failure, nameInput))
      showError(passwordError, passwordInput, aboutPassword ? humanMessage(failure, passwordInput) : '')
    }
    // A disabled button loses focus; the name field is where a keyboard user goes on.
    nameInput.focus()
  })
})

function turnPage (rel, step) {
  const url = paging.links[rel]
  // A second click while the page loads would count twice.
  if (url === undefined || list.getAttribute('aria-busy') === 'true') return
  paging.number += step
  return refresh(url)
}
previousPage.addEventListener('click', () => turnPage('prev', -1))
nextPage.addEventListener('click', () => turnPage('next', 1))

// The server rendered the page's users: their rows get the script's buttons at once, with no second
// request. A row the server showed in edit (/?edit=<id>, or a refused rename) stays in edit, with what
// was typed and the server's message.
for (const item of [...list.children]) {
  const user = { id: Number(item.dataset.id), name: item.dataset.name }
  const row = renderUser(user)
  item.replaceWith(row)
  const typed = item.querySelector('.edit-form input[name="name"]')
  if (typed !== null && mayChange(user)) {
    startEditing(row, user)
    const input = row.querySelector('input[name="name"]')
    input.value = typed.value
    showError(row.querySelector('.error'), input, item.querySelector('.edit-form .error')?.textContent ?? '')
  }
}
showPaging(Number(pages.dataset.total))
