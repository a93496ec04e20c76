'use strict'

// signal and forceDisconnect of the 2.x surface.

const { ForceDisconnectError, SignalError, argumentError } = require('./errors.js')
const { NOTHING, run } = require('./outcome.js')
const { call } = require('./state.js')

const NOT_FOUND = 'Session or Connection not found'

/** signal(sessionId, connectionId | null, { type, data }[, callback]): to one connection, or to all. */
function signal(sessionId, connectionId, payload, callback) {
  return run(
    callback,
    () => {
      const isPayload = payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      if (!sessionId || typeof sessionId !== 'string' || !isPayload) {
        throw argumentError('No sessionId or payload given to signal')
      }
      const params = { sessionId, connectionId: connectionId || undefined, payload }
      return call(this, 'signal', params, { 404: [SignalError, NOT_FOUND] })
    },
    NOTHING,
  )
}

/** forceDisconnect(sessionId, connectionId[, callback]). */
function forceDisconnect(sessionId, connectionId, callback) {
  return run(
    callback,
    () => {
      if (!sessionId || typeof sessionId !== 'string' || !connectionId || typeof connectionId !== 'string') {
        throw argumentError('No sessionId or connectionId given to forceDisconnect')
      }
      return call(this, 'forceDisconnect', { sessionId, connectionId }, { 404: [ForceDisconnectError, NOT_FOUND] })
    },
    NOTHING,
  )
}

module.exports = { signal, forceDisconnect }
