// The users page: lists, registers, renames and deletes users through the /users API, without reloading.
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

/** Calls the API; throws an Error whose message is meant for the person using the page. */
async function api (method, url, body) {
  let response
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
  } catch {
    throw new Error('The server cannot be reached. Check your connection and try again.')
  }
  // A 5xx says nothing the person can act on, and a proxy's may not even be JSON.
  if (response.status >= 500) throw new Error(`The server had a problem (${response.status}). Please try again in a moment.`)
  if (response.status === 204) return undefined
  const data = await response.json().catch(() => undefined)
  if (!response.ok) throw new Error(data?.message ?? `The request was refused (${response.status}).`)
  return data
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
function rowButton (label, user, onClick) {
  const button = document.createElement('button')
  button.type = 'button'
  button.className = label.toLowerCase()
  const target = document.createElement('span')
  target.className = 'visually-hidden'
  target.textContent = ` ${user.name}`
  button.append(label, target)
  button.addEventListener('click', () => onClick(button))
  return button
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

function startEditing (item, user) {
  const editForm = document.createElement('form')
  const input = document.createElement('input')
  input.name = 'name'
  input.value = user.name
  input.autocomplete = 'off'
  input.setAttribute('aria-label', `New name for ${user.name}`)
  const save = document.createElement('button')
  save.type = 'submit'
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

  const stopEditing = () => {
    item.replaceWith(renderUser(user))
    focusRow(user.id, '.edit')
  }
  cancel.addEventListener('click', stopEditing)
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
        const updated = await api('PATCH', `/users/${user.id}`, { name: input.value })
        status.textContent = `Renamed ${user.name} to ${updated.name}.`
        await refresh()
        focusRow(user.id, '.edit')
      } catch (failure) {
        showError(error, input, failure.message)
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
      rowButton('Delete', user, (button) => deleteUser(item, user, button))
    )
  }
  return item
}

async function refresh () {
  list.setAttribute('aria-busy', 'true')
  try {
    const users = await api('GET', '/users?limit=1000')
    list.replaceChildren(...users.map(renderUser))
    empty.textContent = 'No users yet.'
    empty.hidden = users.length > 0
    listError.textContent = ''
  } catch (failure) {
    empty.hidden = true
    listError.textContent = `The list could not be loaded: ${failure.message}`
  } finally {
    list.removeAttribute('aria-busy')
  }
}

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
      const aboutPassword = /password/i.test(failure.message)
      showError(formError, nameInput, aboutPassword ? '' : failure.message)
      showError(passwordError, passwordInput, aboutPassword ? failure.message : '')
    }
    // A disabled button loses focus; the name field is where a keyboard user goes on.
    nameInput.focus()
  })
})

refresh()
