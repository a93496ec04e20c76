'use strict'

const { javaDate, newSessionId } = require('../session-id.js')

/**
 * @typedef {'relayed' | 'routed'} MediaMode
 * @typedef {'manual' | 'always'} ArchiveMode
 * @typedef {{ apiKey: string, location: string | null, properties: Record<string, string>,
 *   mediaMode: MediaMode, archiveMode: ArchiveMode, e2ee: boolean, wire: 'legacy' | 'current' }} SessionSpec
 * @typedef {Readonly<SessionSpec & { sessionId: string, createDt: string }>} Session
 * @typedef {{ sessionId: string, apiKey: string, location: string | null, properties: Record<string, string>,
 *   readonly mediaMode: MediaMode, readonly archiveMode: ArchiveMode, readonly e2ee: boolean,
 *   readonly wire: 'legacy' | 'current' }} RecordedSession
 */

/** The sessions the emulator created, on either wire. */
class Sessions {
  /** @type {RecordedSession[]} every session created, oldest first, as tests see them */
  records = []
  /** @type {Map<string, Session>} */
  #byId = new Map()

  /**
   * @param {SessionSpec} spec
   * @param {number} now the emulator's clock, ms
   * @returns {Session}
   */
  create(spec, now) {
    const createDt = javaDate(new Date(now))
    const sessionId = newSessionId(spec.wire === 'legacy' ? '1_' : '2_', spec.apiKey, spec.location, createDt)
    const session = Object.freeze({ ...spec, properties: { ...spec.properties }, sessionId, createDt })
    this.#byId.set(sessionId, session)
    const { apiKey, location, properties, mediaMode, archiveMode, e2ee, wire } = session
    const record = { sessionId, apiKey, location, properties: { ...properties } }
    // Not enumerable: records keep deep-equalling the { sessionId, apiKey,
    // location, properties } shape that suites written for the 0.3.x wire expect.
    const hidden = (/** @type {unknown} */ value) => ({ value, enumerable: false })
    Object.defineProperties(record, {
      mediaMode: hidden(mediaMode),
      archiveMode: hidden(archiveMode),
      e2ee: hidden(e2ee),
      wire: hidden(wire),
    })
    this.records.push(/** @type {RecordedSession} */ (record))
    return session
  }

  /**
   * @param {string} apiKey
   * @param {string} sessionId
   * @returns {Session | undefined} the session when it exists and belongs to `apiKey`
   */
  owned(apiKey, sessionId) {
    const session = this.#byId.get(sessionId)
    return session?.apiKey === apiKey ? session : undefined
  }
}

module.exports = { Sessions }
