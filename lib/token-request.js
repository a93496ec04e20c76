'use strict'

const { tokenRequestWire } = require('./options-wire.js')

// How a token request crosses into the native signer. The common request,
// a session ID string and options that are only the session's aliases,
// `role`, `connection_data` and `expire_time` as own strings or numbers,
// crosses as typed arguments (no string to build and parse); anything else
// as one string in the wire form (options-wire.js), so every rule, escape
// and order stays in Rust either way.

/** Whether `options` fits the typed arguments; fills `common` with them. */
function readCommon(options, common) {
  common.role = undefined
  common.data = undefined
  common.expire = undefined
  common.expireFirst = false
  // for...in with hasOwn lists the keys Object.keys lists, without building an array.
  for (const key in options) {
    const value = options[key]
    if (value === undefined) continue
    if (typeof value !== 'string' && typeof value !== 'number') return false
    switch (key) {
      case 'session_id':
      case 'sessionId':
      case 'session':
        break
      case 'role':
        common.role = value
        break
      case 'connection_data':
        common.data = value
        break
      case 'expire_time':
        common.expire = value
        // The token keeps the caller's order of these two.
        common.expireFirst = common.data === undefined
        break
      default:
        return false
    }
    if (!Object.hasOwn(options, key)) return false
  }
  return true
}

// Reused: the signer is synchronous and nothing in between can re-enter it.
const common = { role: undefined, data: undefined, expire: undefined, expireFirst: false }

/**
 * The signer keeps the session of its last successful `common` call, so
 * that the same session (apps sign many tokens for one) crosses as
 * `undefined` instead of being read and compared again.
 */
function signCommon(signer, sessionId, { role, data, expire, expireFirst }) {
  if (sessionId === signer.session) return signer.common(undefined, role, data, expire, expireFirst)
  signer.session = undefined
  const token = signer.common(sessionId, role, data, expire, expireFirst)
  signer.session = sessionId
  return token
}

const NO_OPTIONS = { role: undefined, data: undefined, expire: undefined, expireFirst: false }

/**
 * A token from `signer` (binding.tokenSigner) for `sessionId` and `options`.
 * An option whose getter has effects may be read twice when the request
 * turns out not to fit the typed arguments.
 */
function signTokenRequest(signer, sessionId, options) {
  if (typeof sessionId === 'string') {
    if (options == null) return signCommon(signer, sessionId, NO_OPTIONS)
    if (readCommon(options, common)) return signCommon(signer, sessionId, common)
  }
  return signer.wire(tokenRequestWire(sessionId, options))
}

module.exports = { signTokenRequest }
