'use strict'

const binding = require('./load-binding.js')
const { tokenRequestWire } = require('./options-wire.js')

// How a token request crosses into the native signer. The common request,
// a session ID string and options that are only the session's aliases,
// `role`, `connection_data` and `expire_time` as own strings or numbers,
// crosses as typed arguments (no string to build and parse); anything else
// as one string in the wire form (options-wire.js), so every rule, escape
// and order stays in Rust either way.
//
// The signer keeps the session of its last successful `common` call, so
// that the same session (apps sign many tokens for one) crosses as
// `undefined` instead of being read and compared again.
//
// The native functions are shared by every signer (binding.tokenSigner
// gives each SDK object a `{ handle }`), so that the calls below each see
// one target, which V8 calls by its fast path.
const native = binding.tokenFunctions()

/** A token from the typed arguments; `signer.session` tracks what the signer keeps. */
function signCommon(signer, sessionId, role, data, expire, expireFirst) {
  if (sessionId === signer.session) return native.common(signer.handle, undefined, role, data, expire, expireFirst)
  signer.session = undefined
  const token = native.common(signer.handle, sessionId, role, data, expire, expireFirst)
  signer.session = sessionId
  return token
}

const ObjectPrototype = Object.prototype

/** Whether for...in lists a key of `object` (its own or inherited). */
function hasEnumerableKey(object) {
  for (const _ in object) return true
  return false
}

/** A token for a request already in the wire form. */
const signWire = (signer, wire) => native.wire(signer.handle, wire)

/** Whether `token` is the signer's SDK object's, correctly signed. */
const verifyToken = (signer, token) => native.verify(signer.handle, token)

/**
 * A token from `signer` (binding.tokenSigner) for `sessionId` and `options`.
 * An option whose getter has effects may be read twice when the request
 * turns out not to fit the typed arguments.
 */
function signTokenRequest(signer, sessionId, options) {
  if (typeof sessionId === 'string') {
    if (options == null) return signCommon(signer, sessionId, undefined, undefined, undefined, false)
    let role
    let data
    let expire
    let expireFirst = false
    let fits = true
    // for...in with hasOwn lists the keys Object.keys lists, without building
    // an array; for a plain object, while Object.prototype has no enumerable
    // key, for...in lists own keys only, and hasOwn is not needed.
    const plain = Object.getPrototypeOf(options) === ObjectPrototype && !hasEnumerableKey(ObjectPrototype)
    scan: for (const key in options) {
      const value = options[key]
      if (value === undefined) continue
      if ((typeof value !== 'string' && typeof value !== 'number') || (!plain && !Object.hasOwn(options, key))) {
        fits = false
        break
      }
      switch (key) {
        case 'session_id':
        case 'sessionId':
        case 'session':
          break
        case 'role':
          role = value
          break
        case 'connection_data':
          data = value
          break
        case 'expire_time':
          expire = value
          // The token keeps the caller's order of these two.
          expireFirst = data === undefined
          break
        default:
          fits = false
          break scan
      }
    }
    if (fits) return signCommon(signer, sessionId, role, data, expire, expireFirst)
  }
  return signWire(signer, tokenRequestWire(sessionId, options))
}

module.exports = { signTokenRequest, signWire, verifyToken }
