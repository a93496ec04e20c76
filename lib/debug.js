'use strict'

// NODE_DEBUG=opentok: one line per REST call (method, path, status, time).
// Paths hold IDs only; no header, secret or token is ever logged.

const { debuglog } = require('node:util')

const debug = debuglog('opentok')

/** Logs a finished call from its native outcome, and `note` when given, if debugging is on. */
function logCall(outcome, startedAt, note) {
  if (!debug.enabled) return
  const { method, path, status, attempts } = outcome.trace
  const ms = (Number(process.hrtime.bigint() - startedAt) / 1e6).toFixed(1)
  const result = outcome.error ? `${status ?? '-'} ${outcome.error.code}` : String(status)
  // A second attempt follows a refusal that showed the client's clock is off.
  const notes = [note, outcome.trace.attempts > 1 ? 'sent again with the clock corrected' : undefined].filter(Boolean)
  if (notes.length === 0) debug('%s %s %s %s ms', method, path, result, ms)
  else debug('%s %s %s %s ms (%s)', method, path, result, ms, notes.join('; '))
}

module.exports = { logCall }
