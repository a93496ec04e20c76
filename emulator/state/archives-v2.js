'use strict'

const { createHash, randomUUID } = require('node:crypto')
const { MP4, ZIP } = require('../media-files.js')

/**
 * @typedef {'started' | 'stopped' | 'available' | 'deleted'} ArchiveStatus
 * @typedef {{ type: string, stylesheet?: string, screenshareType?: string }} Layout
 * @typedef {{ streamId: string, hasAudio: boolean, hasVideo: boolean }} ArchivedStream
 * @typedef {{ sessionId: string, name: string | null, hasAudio: boolean, hasVideo: boolean,
 *   outputMode: 'composed' | 'individual', resolution: string | null, layout: Layout,
 *   streamMode: 'auto' | 'manual', multiArchiveTag: string | null }} ArchiveOptions
 * @typedef {ArchiveOptions & { id: string, apiKey: string, status: ArchiveStatus, reason: string,
 *   streams: ArchivedStream[], createdAt: number, updatedAt: number, stoppedAt: number | null }} Archive
 */

// What an archive can be.
const OUTPUT_MODES = /** @type {const} */ (['composed', 'individual'])
const RESOLUTIONS = ['640x480', '480x640', '1280x720', '720x1280', '1920x1080', '1080x1920']
const STREAM_MODES = /** @type {const} */ (['auto', 'manual'])
const LAYOUT_TYPES = ['bestFit', 'pip', 'verticalPresentation', 'horizontalPresentation', 'focus', 'custom']
const SCREENSHARE_TYPES = ['bestFit', 'pip', 'verticalPresentation', 'horizontalPresentation']

/**
 * @typedef {{ name: string, contentType: string, body: Buffer, sha256: string }} ArchiveFile
 * @type {(name: string, contentType: string, body: Buffer) => ArchiveFile}
 */
const file = (name, contentType, body) => ({
  name,
  contentType,
  body,
  sha256: createHash('sha256').update(body).digest('hex'),
})
// The file each output mode downloads as.
const FILES = {
  composed: file('archive.mp4', 'video/mp4', MP4),
  individual: file('archive.zip', 'application/zip', ZIP),
}

/**
 * The archives recorded through the v2 API. A stopped archive becomes
 * available `readyMs` after its stop, as the service uploads it.
 */
class Archives {
  /** @type {Map<string, Archive>} in start order */
  #byId = new Map()
  #readyMs

  /** @param {number} readyMs */
  constructor(readyMs) {
    this.#readyMs = readyMs
  }

  /**
   * @param {string} apiKey
   * @param {ArchiveOptions} options
   * @param {number} now ms
   * @returns {Archive}
   */
  start(apiKey, options, now) {
    /** @type {Archive} */
    const archive = {
      ...options,
      id: randomUUID(),
      apiKey,
      status: 'started',
      reason: '',
      streams: [],
      createdAt: now,
      updatedAt: now,
      stoppedAt: null,
    }
    this.#byId.set(archive.id, archive)
    return archive
  }

  /**
   * @param {string} archiveId
   * @param {number} now ms
   * @returns {Archive | undefined} the archive, of any project, deleted ones included
   */
  find(archiveId, now) {
    const archive = this.#byId.get(archiveId)
    if (archive) this.#settle(archive, now)
    return archive
  }

  /**
   * @param {number} now ms
   * @returns {Archive[]} every archive, oldest first
   */
  all(now) {
    return [...this.#byId.values()].map((archive) => this.#settle(archive, now))
  }

  /**
   * @param {string} sessionId
   * @returns {Archive[]} the archives recording the session now
   */
  recording(sessionId) {
    return [...this.#byId.values()].filter((archive) => archive.sessionId === sessionId && archive.status === 'started')
  }

  /**
   * Stops an archive; it reads as stopped until the next look after `readyMs`.
   * @param {Archive} archive a started archive
   * @param {number} now ms
   */
  stop(archive, now) {
    Object.assign(archive, { status: 'stopped', reason: 'user initiated', stoppedAt: now, updatedAt: now, streams: [] })
  }

  /**
   * @param {Archive} archive
   * @param {number} now ms
   */
  delete(archive, now) {
    Object.assign(archive, { status: 'deleted', updatedAt: now })
  }

  /**
   * Takes streams that left their session off the archives recording them.
   * @param {string[]} streamIds
   */
  dropStreams(streamIds) {
    for (const archive of this.#byId.values()) {
      archive.streams = archive.streams.filter((stream) => !streamIds.includes(stream.streamId))
    }
  }

  /**
   * @param {Archive} archive
   * @param {number} now ms
   * @returns {Archive}
   */
  #settle(archive, now) {
    const readyAt = (archive.stoppedAt ?? 0) + this.#readyMs
    if (archive.status === 'stopped' && now >= readyAt)
      Object.assign(archive, { status: 'available', updatedAt: readyAt })
    return archive
  }
}

/**
 * @param {Archive} archive
 * @returns {ArchiveFile} what its download serves
 */
function archiveFile(archive) {
  return FILES[archive.outputMode]
}

/**
 * @param {string} apiKey
 * @returns {string | number} the key as the archive JSON gives projectId: a number when it is one
 */
function projectIdOf(apiKey) {
  return /^\d{1,15}$/.test(apiKey) ? Number(apiKey) : apiKey
}

/**
 * The archive as the REST API answers it.
 * @param {Archive} archive
 * @param {string} baseUrl the emulator's URL, which serves the downloads
 */
function archiveJson(archive, baseUrl) {
  const { id, status, createdAt, stoppedAt } = archive
  const available = status === 'available'
  const file = archiveFile(archive)
  return {
    id,
    status,
    name: archive.name,
    reason: archive.reason,
    sessionId: archive.sessionId,
    projectId: projectIdOf(archive.apiKey),
    partnerId: projectIdOf(archive.apiKey),
    createdAt,
    updatedAt: archive.updatedAt,
    size: available ? file.body.length : 0,
    duration: stoppedAt === null ? 0 : Math.round((stoppedAt - createdAt) / 1000),
    outputMode: archive.outputMode,
    hasAudio: archive.hasAudio,
    hasVideo: archive.hasVideo,
    resolution: archive.resolution,
    streamMode: archive.streamMode,
    sha256sum: available ? file.sha256 : null,
    password: '',
    url: available ? `${baseUrl}/v2/archive-download/${encodeURIComponent(id)}/${file.name}` : null,
    streams: archive.streams.map((stream) => ({ ...stream })),
  }
}

module.exports = {
  Archives,
  archiveFile,
  archiveJson,
  OUTPUT_MODES,
  RESOLUTIONS,
  STREAM_MODES,
  LAYOUT_TYPES,
  SCREENSHARE_TYPES,
}
