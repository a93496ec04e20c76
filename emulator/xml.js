'use strict'

/** @type {Record<string, string>} */
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/**
 * @param {string | number} value
 * @returns {string} the value with & < > " ' replaced by entities
 */
function escapeXml(value) {
  return String(value).replace(/[&<>"']/g, (char) => ENTITIES[char])
}

/**
 * @param {string} name
 * @param {Record<string, string | number>} attributes
 * @returns {string} an empty element such as <video id="a" length="5"/>
 */
function emptyElement(name, attributes) {
  const pairs = Object.entries(attributes).map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
  return `<${name}${pairs.join('')}/>`
}

/**
 * The answer to POST /hl/session/create, in the shape recorded from the real server.
 * @param {{ sessionId: string, apiKey: string, createDt: string }} session
 * @returns {string}
 */
function sessionsXml({ sessionId, apiKey, createDt }) {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sessions><Session>' +
    `<session_id>${escapeXml(sessionId)}</session_id>` +
    `<partner_id>${escapeXml(apiKey)}</partner_id>` +
    `<create_dt>${escapeXml(createDt)}</create_dt>` +
    '</Session></sessions>'
  )
}

/**
 * @param {import('./state/archives-v1.js').Archive} archive
 * @returns {string} the manifest XML listing every video and timeline event
 */
function manifestXml(archive) {
  const videos = archive.videos.map((video) => `    ${emptyElement('video', video)}\n`)
  const events = archive.timeline.map((event) => `    ${emptyElement('event', event)}\n`)
  return (
    `<manifest archiveid="${escapeXml(archive.archiveId)}" title="${escapeXml(archive.title)}">\n` +
    `  <resources>\n${videos.join('')}  </resources>\n` +
    `  <timeline>\n${events.join('')}  </timeline>\n` +
    '</manifest>\n'
  )
}

/**
 * @param {number} code the HTTP status, repeated in the body
 * @param {string} kind the child element, e.g. "forbidden" or "notFound"
 * @param {string} message
 * @returns {string}
 */
function errorsXml(code, kind, message) {
  return `<Errors><error code="${code}">${emptyElement(kind, { message })}</error></Errors>`
}

/**
 * The error document of POST /session/create for clients that do not accept JSON.
 * @param {number} code the HTTP status, repeated in the body
 * @param {string} message
 * @returns {string}
 */
function errorPayloadXml(code, message) {
  return `<errorPayload><code>${code}</code><message>${escapeXml(message)}</message></errorPayload>`
}

module.exports = { sessionsXml, manifestXml, errorsXml, errorPayloadXml }
