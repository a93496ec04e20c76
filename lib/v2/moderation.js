'use strict'

// Force mute of the 2.x surface: one stream, all streams, and its end.

const { argumentError } = require('./errors.js')
const { NOTHING, run, takeCallback } = require('./outcome.js')
const { call } = require('./state.js')

function checkSession(sessionId) {
  if (!sessionId || typeof sessionId !== 'string') {
    throw argumentError('Invalid arguments -- must provide a sessionId string.')
  }
}

/** forceMuteStream(sessionId, streamId[, callback]). */
function forceMuteStream(sessionId, streamId, callback) {
  return run(
    callback,
    () => {
      checkSession(sessionId)
      if (!streamId || typeof streamId !== 'string')
        throw argumentError('Invalid arguments -- streamId must be a string.')
      return call(this, 'forceMuteStream', { sessionId, streamId })
    },
    NOTHING,
  )
}

/** forceMuteAll(sessionId[, { excludedStreamIds }][, callback]). */
function forceMuteAll(sessionId, ...args) {
  const [[options], callback] = takeCallback(args)
  return run(
    callback,
    () => {
      checkSession(sessionId)
      const excludedStreamIds = options?.excludedStreamIds
      if (excludedStreamIds && !Array.isArray(excludedStreamIds)) {
        throw argumentError('Invalid arguments -- excludedStreamIds must be array.')
      }
      return call(this, 'forceMuteAll', { sessionId, excludedStreamIds: excludedStreamIds || undefined })
    },
    NOTHING,
  )
}

/** disableForceMute(sessionId[, callback]). */
function disableForceMute(sessionId, callback) {
  return run(
    callback,
    () => {
      checkSession(sessionId)
      return call(this, 'disableForceMute', { sessionId })
    },
    NOTHING,
  )
}

module.exports = { forceMuteStream, forceMuteAll, disableForceMute }
