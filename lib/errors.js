'use strict'

// Every error the JS side builds: argument errors (the wording the Rust
// core's own argument errors share: `The "x" argument must be ..., got ...`)
// and OpenTokError, the one class of a failed REST call.

/**
 * A failed call to the OpenTok REST API. `code` says what kind of failure:
 * OPENTOK_AUTH, OPENTOK_NOT_FOUND, OPENTOK_REQUEST, OPENTOK_SERVER,
 * OPENTOK_BAD_RESPONSE, OPENTOK_NETWORK or OPENTOK_TIMEOUT.
 */
class OpenTokError extends Error {
  constructor(message, { code, status, serverCode, serverMessage, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause })
    this.name = 'OpenTokError'
    this.code = code
    this.status = status
    this.serverCode = serverCode
    this.serverMessage = serverMessage
  }
}

/** What a value is, as argument errors say it. */
function describe(value) {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `type ${typeof value}`
}

/** A TypeError with code ERR_INVALID_ARG_TYPE: `name` is not `expected`. */
function invalidArgType(name, expected, value) {
  const err = new TypeError(`The "${name}" argument must be ${expected}, got ${describe(value)}`)
  err.code = 'ERR_INVALID_ARG_TYPE'
  return err
}

/** A RangeError with code ERR_OUT_OF_RANGE: `name` breaks `rule`. */
function outOfRange(name, rule) {
  const err = new RangeError(`The value of "${name}" is out of range: ${rule}`)
  err.code = 'ERR_OUT_OF_RANGE'
  return err
}

/** The OpenTokError of a native call's failure `{ code, message, status, serverCode, serverMessage }`. */
function fromNativeFailure({ message, ...details }) {
  return new OpenTokError(message, details)
}

module.exports = { OpenTokError, invalidArgType, outOfRange, fromNativeFailure }
