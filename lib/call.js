'use strict'

const binding = require('./load-binding.js')
const { logCall } = require('./debug.js')
const { fromNativeFailure, invalidArgType } = require('./errors.js')

/**
 * Runs REST call `operation` of the native SDK state `native` against
 * `apiUrl`. `params` crosses as JSON, and the answer comes back as JSON.
 * Bad parameters throw synchronously; the promise resolves to the answer (the
 * outcome crosses as one JSON text) or
 * rejects with an OpenTokError, and the call is logged for NODE_DEBUG, with
 * `note` (what the request left out) when given.
 */
function runCall(native, operation, apiUrl, params, note) {
  if (typeof apiUrl !== 'string') throw invalidArgType('api_url', 'a string', apiUrl)
  const startedAt = process.hrtime.bigint()
  return binding.restCall(native, operation, apiUrl, JSON.stringify(params)).then((text) => {
    const outcome = JSON.parse(text)
    logCall(outcome, startedAt, note)
    if (outcome.error) throw fromNativeFailure(outcome.error)
    return outcome.value
  })
}

module.exports = { runCall }
