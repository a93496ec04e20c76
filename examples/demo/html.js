'use strict'

// HTML with every interpolated value escaped: html`<p>${text}</p>` escapes
// `text`; a value that is itself html`...` (or an array of them) is kept as is.

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

class Html {
  constructor(markup) {
    this.markup = markup
  }

  toString() {
    return this.markup
  }
}

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ENTITIES[c])

function render(value) {
  if (value instanceof Html) return value.markup
  if (Array.isArray(value)) return value.map(render).join('')
  if (value === undefined || value === null || value === false) return ''
  return escapeHtml(value)
}

/** Markup written in this code (never user input), kept as is. */
const raw = (markup) => new Html(String(markup))

function html(strings, ...values) {
  let markup = strings[0]
  values.forEach((value, i) => {
    markup += render(value) + strings[i + 1]
  })
  return new Html(markup)
}

module.exports = { html, raw, escapeHtml }
