'use strict'

const { Refusal } = require('../refusal.js')
const { empty, json } = require('../replies.js')
const {
  archiveFile,
  archiveJson,
  LAYOUT_TYPES,
  OUTPUT_MODES,
  RESOLUTIONS,
  SCREENSHARE_TYPES,
  STREAM_MODES,
} = require('../state/archives-v2.js')
const { jsonBody, ownSession, ownStream, v2Route } = require('./v2.js')

/**
 * @typedef {import('../router.js').Call} Call
 * @typedef {import('../router.js').Context} Context
 * @typedef {import('../state/archives-v2.js').Archive} Archive
 * @typedef {import('./fields.js').Fields} Fields
 */

const MAX_COUNT = 1000

/**
 * @param {Fields} fields the body of PUT .../layout, or the layout of a start
 * @returns {import('../state/archives-v2.js').Layout}
 */
function readLayout(fields) {
  const type = fields.choice('type', LAYOUT_TYPES)
  const stylesheet = fields.string('stylesheet')
  if (type === 'custom' && !stylesheet) throw new Refusal(400, 'A custom layout needs a stylesheet')
  if (type !== 'custom' && stylesheet !== undefined)
    throw new Refusal(400, 'stylesheet is only for the custom layout type')
  if (!fields.has('screenshareType')) return type === 'custom' ? { type, stylesheet } : { type }
  const screenshareType = fields.choice('screenshareType', SCREENSHARE_TYPES)
  if (type !== 'bestFit') throw new Refusal(400, 'screenshareType needs the bestFit layout type')
  return { type, screenshareType }
}

/**
 * @param {Fields} fields the body of POST .../archive
 * @returns {import('../state/archives-v2.js').ArchiveOptions}
 */
function readStart(fields) {
  const sessionId = fields.id('sessionId')
  const hasAudio = fields.boolean('hasAudio', true)
  const hasVideo = fields.boolean('hasVideo', true)
  if (!hasAudio && !hasVideo) throw new Refusal(400, 'hasAudio and hasVideo cannot both be false')
  const outputMode = fields.choice('outputMode', OUTPUT_MODES, 'composed')
  const composed = outputMode === 'composed'
  if (!composed && fields.has('resolution')) throw new Refusal(400, 'resolution is only for composed archives')
  if (!composed && fields.has('layout')) throw new Refusal(400, 'layout is only for composed archives')
  return {
    sessionId,
    name: fields.string('name') ?? null,
    hasAudio,
    hasVideo,
    outputMode,
    resolution: composed ? fields.choice('resolution', RESOLUTIONS, '640x480') : null,
    layout: fields.has('layout') ? readLayout(fields.object('layout')) : { type: 'bestFit' },
    streamMode: fields.choice('streamMode', STREAM_MODES, 'auto'),
    multiArchiveTag: fields.string('multiArchiveTag') ?? null,
  }
}

/**
 * @param {Context} ctx
 * @param {string} apiKey
 * @param {string} archiveId
 * @returns {Archive} the project's archive, deleted ones included
 */
function ownArchive(ctx, apiKey, archiveId) {
  const archive = ctx.archives.find(archiveId, ctx.clock.now())
  if (archive?.apiKey !== apiKey) throw new Refusal(404, `Archive ${archiveId} not found`)
  return archive
}

/**
 * @param {Archive} archive
 * @param {string} action what cannot be done, e.g. "stopped"
 */
function requireStarted(archive, action) {
  if (archive.status !== 'started') {
    throw new Refusal(409, `Archive ${archive.id} is ${archive.status}: only a started archive can be ${action}`)
  }
}

/** @type {(ctx: Context, archive: Archive) => import('../replies.js').Reply} */
const answer = (ctx, archive) => json(200, archiveJson(archive, ctx.url))

/**
 * @param {URLSearchParams} query
 * @param {string} name
 * @param {number} fallback
 * @param {number} min
 * @param {number} max
 * @returns {number}
 */
function wholeNumber(query, name, fallback, min, max) {
  const text = query.get(name)
  if (text === null) return fallback
  const value = /^\d{1,7}$/.test(text) ? Number(text) : Number.NaN
  if (!(value >= min && value <= max)) throw new Refusal(400, `${name} must be a whole number from ${min} to ${max}`)
  return value
}

/** @type {import('./v2.js').V2Handler} */
function startArchive(call, ctx, apiKey) {
  const options = readStart(jsonBody(call))
  const { sessionId, mediaMode, e2ee } = ownSession(ctx, apiKey, options.sessionId)
  if (ctx.clients.countIn(sessionId) === 0) {
    throw new Refusal(404, 'No clients are actively connected to the OpenTok session')
  }
  if (mediaMode === 'relayed') {
    throw new Refusal(409, 'The session is not using the OpenTok Media Router: its media mode is relayed')
  }
  if (e2ee) throw new Refusal(409, 'End-to-end encrypted sessions cannot be archived')
  if (ctx.archives.recording(sessionId).some((archive) => archive.multiArchiveTag === options.multiArchiveTag)) {
    throw new Refusal(409, 'Recording already in progress: give each simultaneous archive its own multiArchiveTag')
  }
  return answer(ctx, ctx.archives.start(apiKey, options, ctx.clock.now()))
}

/** @type {import('./v2.js').V2Handler} */
function stopArchive(call, ctx, apiKey) {
  const archive = ownArchive(ctx, apiKey, call.params.archiveId)
  requireStarted(archive, 'stopped')
  ctx.archives.stop(archive, ctx.clock.now())
  return answer(ctx, archive)
}

/** @type {import('./v2.js').V2Handler} */
function getArchive(call, ctx, apiKey) {
  return answer(ctx, ownArchive(ctx, apiKey, call.params.archiveId))
}

/**
 * The project's archives, newest first, deleted ones left out; `count` is
 * how many match, `items` the page asked for.
 * @type {import('./v2.js').V2Handler}
 */
function listArchives({ query }, ctx, apiKey) {
  const offset = wholeNumber(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER)
  const count = wholeNumber(query, 'count', 50, 1, MAX_COUNT)
  const sessionId = query.get('sessionId')
  const matching = ctx.archives
    .all(ctx.clock.now())
    .filter((archive) => archive.apiKey === apiKey && archive.status !== 'deleted')
    .filter((archive) => sessionId === null || archive.sessionId === sessionId)
    .reverse()
  const items = matching.slice(offset, offset + count).map((archive) => archiveJson(archive, ctx.url))
  return json(200, { count: matching.length, items })
}

/** @type {import('./v2.js').V2Handler} */
function deleteArchive(call, ctx, apiKey) {
  const archive = ownArchive(ctx, apiKey, call.params.archiveId)
  if (archive.status === 'started') throw new Refusal(409, `Archive ${archive.id} is started: stop it first`)
  if (archive.status === 'deleted') throw new Refusal(409, `Archive ${archive.id} is already deleted`)
  ctx.archives.delete(archive, ctx.clock.now())
  return empty()
}

/** @type {import('./v2.js').V2Handler} */
function setArchiveLayout(call, ctx, apiKey) {
  const archive = ownArchive(ctx, apiKey, call.params.archiveId)
  const layout = readLayout(jsonBody(call))
  requireStarted(archive, 'laid out')
  Object.assign(archive, { layout, updatedAt: ctx.clock.now() })
  return empty(200)
}

/** @type {import('./v2.js').V2Handler} */
function patchArchiveStreams(call, ctx, apiKey) {
  const archive = ownArchive(ctx, apiKey, call.params.archiveId)
  const fields = jsonBody(call)
  const adding = fields.has('addStream')
  if (adding === fields.has('removeStream')) throw new Refusal(400, 'Give one of addStream and removeStream')
  const streamId = fields.id(adding ? 'addStream' : 'removeStream')
  const hasAudio = fields.boolean('hasAudio', true)
  const hasVideo = fields.boolean('hasVideo', true)
  if (archive.streamMode === 'auto') {
    throw new Refusal(405, `Archive ${archive.id} picks its streams itself: its streamMode is auto`)
  }
  requireStarted(archive, 'changed')
  const others = archive.streams.filter((stream) => stream.streamId !== streamId)
  if (adding) {
    ownStream(ctx, archive.sessionId, streamId)
    archive.streams = [...others, { streamId, hasAudio, hasVideo }]
  } else {
    if (others.length === archive.streams.length) {
      throw new Refusal(404, `Stream ${streamId} is not in archive ${archive.id}`)
    }
    archive.streams = others
  }
  archive.updatedAt = ctx.clock.now()
  return empty()
}

/**
 * The download an available archive's url points at. Real URLs are
 * pre-signed, so this route takes no token.
 * @type {import('../router.js').Route['handler']}
 */
function archiveDownload({ params }, ctx) {
  const archive = ctx.archives.find(params.archiveId, ctx.clock.now())
  const file = archive && archiveFile(archive)
  if (archive?.status !== 'available' || file?.name !== params.file) {
    throw new Refusal(404, `No download ${params.file} for archive ${params.archiveId}`)
  }
  return { status: 200, contentType: file.contentType, body: file.body }
}

/** @type {import('../router.js').Route[]} */
const routes = [
  v2Route('startArchive', 'POST', '/archive', startArchive),
  v2Route('listArchives', 'GET', '/archive', listArchives),
  v2Route('getArchive', 'GET', '/archive/:archiveId', getArchive),
  v2Route('deleteArchive', 'DELETE', '/archive/:archiveId', deleteArchive),
  v2Route('stopArchive', 'POST', '/archive/:archiveId/stop', stopArchive),
  v2Route('setArchiveLayout', 'PUT', '/archive/:archiveId/layout', setArchiveLayout),
  v2Route('patchArchiveStreams', 'PATCH', '/archive/:archiveId/streams', patchArchiveStreams),
  {
    name: 'archiveDownload',
    method: 'GET',
    pattern: '/v2/archive-download/:archiveId/:file',
    format: 'mp4',
    handler: archiveDownload,
  },
]

module.exports = { routes }
