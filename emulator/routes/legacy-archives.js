'use strict'

const { verifyClientToken } = require('../auth/client-token.js')
const { FLV } = require('../media-files.js')
const { Refusal } = require('../refusal.js')
const { xml } = require('../replies.js')
const { manifestXml } = require('../xml.js')

/** @typedef {import('../router.js').Call} Call */
/** @typedef {import('../router.js').Context} Context */
/** @typedef {import('../state/archives-v1.js').Archive} Archive */

/**
 * Finds the archive a moderator token (T1 or JWT) may read.
 * @param {Call} call
 * @param {Context} ctx
 * @returns {Archive}
 */
function authorizedArchive({ headers, params }, ctx) {
  const token = String(headers['x-tb-token-auth'] ?? '')
  if (!token) throw new Refusal(403, 'Missing X-TB-TOKEN-AUTH header')
  const verdict = verifyClientToken(token, (key) => ctx.credentials.secretOf(key), ctx.clock.seconds())
  if (verdict.error !== undefined) throw new Refusal(403, verdict.error)
  if (verdict.role !== 'moderator') throw new Refusal(403, 'Moderator role required')
  const archive = ctx.legacyArchives.get(params.archiveId)
  if (!archive) throw new Refusal(404, `Archive ${params.archiveId} not found`)
  if (archive.apiKey !== verdict.apiKey) throw new Refusal(403, 'The archive belongs to another partner')
  return archive
}

/**
 * @param {Archive} archive
 * @param {string} videoId
 */
function requireVideo(archive, videoId) {
  if (!archive.videos.some((video) => video.id === videoId)) {
    throw new Refusal(404, `Video ${videoId} not found in archive ${archive.archiveId}`)
  }
}

/** @type {import('../router.js').Route['handler']} */
function manifest(call, ctx) {
  return xml(manifestXml(authorizedArchive(call, ctx)))
}

/** @type {import('../router.js').Route['handler']} */
function url(call, ctx) {
  const { archiveId, videoId } = call.params
  requireVideo(authorizedArchive(call, ctx), videoId)
  const body = `${ctx.url}/download/${encodeURIComponent(archiveId)}/${encodeURIComponent(videoId)}.flv`
  return { status: 200, contentType: 'text/plain', body }
}

// Real download URLs are pre-signed, so this route takes no token.
/** @type {import('../router.js').Route['handler']} */
function download({ params }, ctx) {
  const archive = ctx.legacyArchives.get(params.archiveId)
  if (!archive) throw new Refusal(404, `Archive ${params.archiveId} not found`)
  if (!params.file.endsWith('.flv')) throw new Refusal(404, `No file ${params.file}`)
  requireVideo(archive, params.file.slice(0, -'.flv'.length))
  return { status: 200, contentType: 'video/x-flv', body: FLV }
}

/** @type {import('../router.js').Route[]} */
const routes = [
  { name: 'manifest', method: 'GET', pattern: '/archive/getmanifest/:archiveId', format: 'legacy', handler: manifest },
  { name: 'url', method: 'GET', pattern: '/hl/archive/url/:archiveId/:videoId', format: 'legacy', handler: url },
  { name: 'download', method: 'GET', pattern: '/download/:archiveId/:file', format: 'legacy', handler: download },
]

module.exports = { routes }
