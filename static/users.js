// The users page: lists, registers, renames and deletes users through the /users API.
const list = document.querySelector('#users')
const empty = document.querySelector('#empty')
const form = document.querySelector('#register')
const nameInput = document.querySelector('#name')
const formError = document.querySelector('#form-error')
const listError = document.querySelector('#list-error')

/** Calls the API; throws an Error carrying the server's message when the answer is not 2xx. */
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
  if (response.status === 204) return undefined
  const data = await response.json().catch(() => undefined)
  if (!response.ok) throw new Error(data?.message ?? `The server answered ${response.status}.`)
  return data
}

/** Runs an action with its button disabled, so it cannot be sent twice. */
async function busy (button, action) {
  button.disabled = true
  button.setAttribute('aria-busy', 'true')
  try {
    return await action()
  } finally {
    button.disabled = false
    button.removeAttribute('aria-busy')
  }
}

function button (label, onClick) {
  const element = document.createElement('button')
  element.type = 'button'
  element.textContent = label
  element.addEventListener('click', () => onClick(element))
  return element
}

function startEditing (item, user) {
  const input = document.createElement('input')
  input.value = user.name
  input.setAttribute('aria-label', `New name for ${user.name}`)
  item.querySelector('.name').replaceWith(input)
  input.focus()
  input.select()
  input.addEventListener('keydown', async (event) => {
    if (event.key === 'Escape') return refresh()
    if (event.key !== 'Enter') return
    event.preventDefault()
    input.disabled = true
    try {
      await api('PATCH', `/users/${user.id}`, { name: input.value })
      await refresh()
    } catch (error) {
      input.disabled = false
      input.focus()
      listError.textContent = error.message
    }
  })
}

function renderUser (user) {
  const item = document.createElement('li')
  item.dataset.id = String(user.id)
  const name = document.createElement('span')
  name.className = 'name'
  name.textContent = user.name
  item.append(
    name,
    button('Edit', () => startEditing(item, user)),
    button('Delete', (element) => {
      if (!window.confirm(`Delete ${user.name}?`)) return
      return busy(element, async () => {
        try {
          await api('DELETE', `/users/${user.id}`)
          await refresh()
        } catch (error) {
          listError.textContent = error.message
        }
      })
    })
  )
  return item
}

async function refresh () {
  try {
    const users = await api('GET', '/users?limit=1000')
    list.replaceChildren(...users.map(renderUser))
    empty.hidden = users.length > 0
    listError.textContent = ''
  } catch (error) {
    listError.textContent = error.message
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault()
  const submit = form.querySelector('button[type="submit"]')
  if (submit.disabled) return
  return busy(submit, async () => {
    try {
      await api('POST', '/users', { name: nameInput.value })
      form.reset()
      formError.textContent = ''
      await refresh()
    } catch (error) {
      formError.textContent = error.message
    }
  })
})

refresh()
