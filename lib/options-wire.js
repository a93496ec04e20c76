'use strict'

const { outOfRange } = require('./errors.js')

// Writes a token request in the one-string wire form that src/options_wire.rs
// reads (grammar there). One string crosses into Rust instead of an N-API
// call per option; all rules, escaping and ordering stay in Rust.

function scalar(value) {
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${value}`
    case 'number': {
      const text = `${value}`
      return `n${text.length}:${text}`
    }
    case 'bigint': {
      const text = `${value}`
      return `g${text.length}:${text}`
    }
    case 'boolean':
      return value ? 't' : 'f'
    case 'object':
      return value === null ? 'z' : 'e'
    default:
      return value === null ? 'z' : 'e'
  }
}

// A sparse array of huge length would otherwise run out of memory.
const MAX_LIST_ITEMS = 1_000_000

function list(key, values) {
  if (values.length > MAX_LIST_ITEMS) {
    throw outOfRange(key, `an array of at most ${MAX_LIST_ITEMS} items, got ${values.length}`)
  }
  let wire = `a${values.length}:`
  for (let i = 0; i < values.length; i++) wire += scalar(values[i])
  return wire
}

/**
 * @param {unknown} sessionId the session ID value (undefined or null: none)
 * @param {object | null | undefined} options own enumerable keys, in order; undefined values are skipped
 */
function tokenRequestWire(sessionId, options) {
  let wire = sessionId == null ? 'u' : scalar(sessionId)
  if (options == null) return wire
  const keys = Object.keys(options)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]
    const value = options[key]
    if (value === undefined || key === '__proto__') continue // the original's plain-object copy drops __proto__
    wire += `${key.length}:${key}${Array.isArray(value) ? list(key, value) : scalar(value)}`
  }
  return wire
}

module.exports = { tokenRequestWire }
