'use strict'

// NODE_DEBUG=opentok: one line per REST call (method, path, status, time).
// Paths hold IDs only; no header, secret or token is ever logged.

const { debuglog } = require('node:util')

const debug = debuglog('opentok')

/** Logs a finished call from its native outcome, if debugging is on. */
function logCall(outcome, startedAt) {
  if (!debug.enabled) return
  const { method, path, status } = outcome.trace
  const ms = (Number(process.hrtime.bigint() - startedAt) / 1e6).toFixed(1)
  const result = outcome.error ? `${status ?? '-'} ${outcome.error.code}` : String(status)
  debug('%s %s %s %s ms', method, path, result, ms)
}

module.exports = { logCall }
