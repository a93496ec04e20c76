'use strict'

const { RESOLUTIONS } = require('./state/archives-v2.js')

/**
 * @typedef {import('./context.js').Context} Context
 * @typedef {import('./state/sessions.js').Session} Session
 */

/**
 * A client joins a session. The first client of a session whose archive mode
 * is "always" starts its archive, as the service does, named and sized by the
 * archiveName and archiveResolution properties the session was created with.
 * @param {Context} ctx
 * @param {Session} session
 * @param {string} role
 * @param {string} data
 * @returns {string} the connection ID
 */
function join(ctx, session, role, data) {
  const { sessionId, apiKey, archiveMode, e2ee, properties } = session
  const connection = ctx.clients.connect({ sessionId, apiKey, role, data })
  const first = ctx.clients.countIn(sessionId) === 1
  const recording = ctx.archives.recording(sessionId).some((archive) => archive.multiArchiveTag === null)
  if (archiveMode === 'always' && !e2ee && first && !recording) {
    const { archiveName = null, archiveResolution = '' } = properties
    const resolution = RESOLUTIONS.includes(archiveResolution) ? archiveResolution : '640x480'
    const options = { sessionId, name: archiveName, hasAudio: true, hasVideo: true, resolution }
    ctx.archives.start(
      apiKey,
      { ...options, outputMode: 'composed', layout: { type: 'bestFit' }, streamMode: 'auto', multiArchiveTag: null },
      ctx.clock.now(),
    )
  }
  return connection.connectionId
}

/**
 * A client leaves, by itself or forced: its streams go, archives included.
 * @param {Context} ctx
 * @param {string} connectionId
 */
function leave(ctx, connectionId) {
  ctx.archives.dropStreams(ctx.clients.disconnect(connectionId))
}

module.exports = { join, leave }
