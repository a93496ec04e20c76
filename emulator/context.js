'use strict'

const { Clock } = require('./clock.js')
const { Faults } = require('./faults.js')
const { LegacyArchives } = require('./state/archives-v1.js')
const { Credentials } = require('./state/credentials.js')
const { Sessions } = require('./state/sessions.js')

/**
 * @typedef {{ method: string, path: string, headers: import('node:http').IncomingHttpHeaders, body: string }} RecordedRequest
 * @typedef {{
 *   url: string,
 *   clock: Clock,
 *   credentials: Credentials,
 *   sessions: Sessions,
 *   legacyArchives: LegacyArchives,
 *   faults: Faults,
 *   requests: RecordedRequest[],
 * }} Context
 */

/**
 * Everything an emulator knows, shared by its routes and its test hooks.
 * @returns {Context}
 */
function createContext() {
  return {
    url: '',
    clock: new Clock(),
    credentials: new Credentials(),
    sessions: new Sessions(),
    legacyArchives: new LegacyArchives(),
    faults: new Faults(),
    requests: [],
  }
}

module.exports = { createContext }
