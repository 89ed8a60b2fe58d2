// Every page: a field's message (the server's, next to it) goes away as soon as what is typed would pass the field's rules.
function messageOf (field) {
  const ids = (field.getAttribute('aria-describedby') ?? '').split(/\s+/)
  return ids.map((id) => document.getElementById(id)).find((element) => element?.classList.contains('error'))
}

/** The field's own rules (required, minlength, maxlength), and a name that is more than spaces. */
function isValid (field) {
  return field.checkValidity() && (field.type === 'password' || !field.required || field.value.trim() !== '')
}

document.addEventListener('input', (event) => {
  const field = event.target
  if (field.tagName !== 'INPUT' || field.getAttribute('aria-invalid') !== 'true' || !isValid(field)) return
  field.setAttribute('aria-invalid', 'false')
  const message = messageOf(field)
  if (message !== undefined) message.textContent = ''
})
