'use strict'

// NODE_DEBUG=opentok: one line per REST call (method, path, status, time).
// Paths hold IDs only; no header, secret or token is ever logged.

const { debuglog } = require('node:util')

const debug = debuglog('opentok')

/** Logs a finished call from its native outcome, if debugging is on. */
function logCall(outcome, startedAt) {
  if (!debug.enabled) return
  const { method, path, status, attempts } = outcome.trace
  const ms = (Number(process.hrtime.bigint() - startedAt) / 1e6).toFixed(1)
  const result = outcome.error ? `${status ?? '-'} ${outcome.error.code}` : String(status)
  // A second attempt follows a refusal that showed the client's clock is off.
  const retried = attempts > 1 ? ' (sent again with the clock corrected)' : ''
  debug('%s %s %s %s ms%s', method, path, result, ms, retried)
}

module.exports = { logCall }
