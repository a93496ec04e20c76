'use strict'

const { Clock } = require('./clock.js')
const { Faults } = require('./faults.js')
const { ROUTES } = require('./routes/index.js')
const { LegacyArchives } = require('./state/archives-v1.js')
const { Archives } = require('./state/archives-v2.js')
const { Clients } = require('./state/clients.js')
const { Credentials } = require('./state/credentials.js')
const { Sessions } = require('./state/sessions.js')

/**
 * @typedef {{ method: string, path: string, headers: import('node:http').IncomingHttpHeaders, body: string }} RecordedRequest
 * @typedef {{ sessionId: string, connectionId: string | null, type: string | null, data: string }} RecordedSignal
 * @typedef {{ sessionId: string, connectionId: string }} RecordedDisconnect
 * @typedef {{ sessionId: string, streamId: string | null, active: boolean, excludedStreamIds: string[] }} RecordedMute
 * @typedef {{
 *   url: string,
 *   clock: Clock,
 *   credentials: Credentials,
 *   sessions: Sessions,
 *   legacyArchives: LegacyArchives,
 *   archives: Archives,
 *   clients: Clients,
 *   faults: Faults,
 *   requests: RecordedRequest[],
 *   signals: RecordedSignal[],
 *   disconnects: RecordedDisconnect[],
 *   mutes: RecordedMute[],
 * }} Context
 */

/**
 * Everything an emulator knows, shared by its routes and its test hooks.
 * @param {{ clockSkewMs: number, archiveReadyMs: number }} options
 * @returns {Context}
 */
function createContext({ clockSkewMs, archiveReadyMs }) {
  return {
    url: '',
    clock: new Clock(clockSkewMs),
    credentials: new Credentials(),
    sessions: new Sessions(),
    legacyArchives: new LegacyArchives(),
    archives: new Archives(archiveReadyMs),
    clients: new Clients(),
    faults: new Faults(ROUTES.map((route) => route.name)),
    requests: [],
    signals: [],
    disconnects: [],
    mutes: [],
  }
}

module.exports = { createContext }
