'use strict'

const { randomUUID } = require('node:crypto')

/**
 * @typedef {{ id: string, length: number, name: string }} Video
 * @typedef {{ type: string, id: string, offset: number }} TimelineEvent
 * @typedef {{ archiveId: string, title: string, apiKey: string, videos: Video[], timeline: TimelineEvent[] }} Archive
 * @typedef {{ archiveId?: string, title: string, videos?: Array<{ id?: string, length: number, name: string }>,
 *   timeline?: TimelineEvent[], apiKey?: string | number }} ArchiveSpec
 */

/**
 * @param {unknown} value
 * @param {string} what
 * @returns {string}
 */
function requireString(value, what) {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`)
  return value
}

/**
 * @param {unknown} value
 * @param {string} what
 * @returns {number}
 */
function requireSeconds(value, what) {
  if (typeof value !== 'number' || !(value >= 0)) throw new TypeError(`${what} must be a number >= 0`)
  return value
}

/** The OpenTok 1.0 archives (manifest and FLV videos) the emulator serves, by archive ID. */
class LegacyArchives {
  /** @type {Map<string, Archive>} */
  #byId = new Map()

  /**
   * Registers an archive; missing IDs become random UUIDs and a missing
   * timeline becomes RECORD_START at 0 and RECORD_STOP at its length per video.
   * @param {ArchiveSpec} spec
   * @param {string} apiKey the (registered) owner
   * @returns {Archive} a copy of what was stored
   */
  add(spec, apiKey) {
    const archiveId = spec.archiveId === undefined ? randomUUID() : requireString(spec.archiveId, 'archiveId')
    if (this.#byId.has(archiveId)) throw new Error(`Archive ${archiveId} already exists`)
    const videos = copyVideos(spec.videos ?? [])
    const timeline = spec.timeline === undefined ? defaultTimeline(videos) : copyTimeline(spec.timeline)
    const archive = { archiveId, title: requireString(spec.title, 'title'), apiKey, videos, timeline }
    this.#byId.set(archiveId, archive)
    return structuredClone(archive)
  }

  /**
   * @param {string} archiveId
   * @returns {Archive | undefined}
   */
  get(archiveId) {
    return this.#byId.get(archiveId)
  }
}

/**
 * @param {unknown} videos
 * @returns {Video[]} the videos with their IDs filled in and attributes in manifest order
 */
function copyVideos(videos) {
  if (!Array.isArray(videos)) throw new TypeError('videos must be an array')
  return videos.map((video, i) => ({
    id: video.id === undefined ? randomUUID() : requireString(video.id, `videos[${i}].id`),
    length: requireSeconds(video.length, `videos[${i}].length`),
    name: requireString(video.name, `videos[${i}].name`),
  }))
}

/**
 * @param {Video[]} videos
 * @returns {TimelineEvent[]}
 */
function defaultTimeline(videos) {
  return videos.flatMap((video) => [
    { type: 'RECORD_START', id: video.id, offset: 0 },
    { type: 'RECORD_STOP', id: video.id, offset: video.length },
  ])
}

/**
 * @param {unknown} timeline
 * @returns {TimelineEvent[]} the events with their attributes in manifest order
 */
function copyTimeline(timeline) {
  if (!Array.isArray(timeline)) throw new TypeError('timeline must be an array')
  return timeline.map((event, i) => ({
    type: requireString(event.type, `timeline[${i}].type`),
    id: requireString(event.id, `timeline[${i}].id`),
    offset: requireSeconds(event.offset, `timeline[${i}].offset`),
  }))
}

module.exports = { LegacyArchives }
