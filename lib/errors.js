'use strict'

const { logCall } = require('./debug.js')

/**
 * A failed call to the OpenTok REST API. `code` says what kind of failure:
 * OPENTOK_AUTH, OPENTOK_NOT_FOUND, OPENTOK_SERVER, OPENTOK_BAD_RESPONSE,
 * OPENTOK_NETWORK or OPENTOK_TIMEOUT.
 */
class OpenTokError extends Error {
  constructor(message, { code, status, serverCode, serverMessage } = {}) {
    super(message)
    this.name = 'OpenTokError'
    this.code = code
    this.status = status
    this.serverCode = serverCode
    this.serverMessage = serverMessage
  }
}

function invalidArgType(name, expected, value) {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `type ${typeof value}`
  const err = new TypeError(`The "${name}" argument must be ${expected}, got ${got}`)
  err.code = 'ERR_INVALID_ARG_TYPE'
  return err
}

/** Resolves a native outcome `{ value, error }` to its value, or throws an OpenTokError. */
function unwrapOutcome(outcome) {
  if (outcome.error) {
    const { message, ...details } = outcome.error
    throw new OpenTokError(message, details)
  }
  return outcome.value
}

/**
 * Settles a native call's promise to its value or an OpenTokError, logging it
 * for NODE_DEBUG, with `note` (what the request left out) when given.
 */
function finishCall(nativePromise, note) {
  const startedAt = process.hrtime.bigint()
  return nativePromise.then((outcome) => {
    logCall(outcome, startedAt, note)
    return unwrapOutcome(outcome)
  })
}

module.exports = { OpenTokError, invalidArgType, finishCall }
