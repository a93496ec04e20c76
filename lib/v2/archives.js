'use strict'

// The archive calls of the 2.x surface, with 2.x's argument checks and the
// messages 2.x gives each refusal of the service.

const { Archive } = require('./archive.js')
const { ArchiveError, ArgumentError, NotFoundError, RequestError, argumentError } = require('./errors.js')
const { NOTHING, run, takeCallback } = require('./outcome.js')
const { call } = require('./state.js')

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value)
const ARCHIVE_NOT_FOUND = [ArchiveError, 'Archive not found']

/** The options argument of a call: an object, or nothing. */
function optionsOf(options, name) {
  if (options == null) return {}
  if (!isObject(options)) throw argumentError(`Invalid arguments -- ${name} must be an object`)
  return options
}

function archiveId(id) {
  if (!id || typeof id !== 'string') throw argumentError('No archive ID given')
  return id
}

const START_ERRORS = {
  404: [ArchiveError, 'Session not found'],
  409: [ArchiveError, 'Recording already in progress or session not using OpenTok Media Router'],
}

/** startArchive(sessionId[, options][, callback]) → Archive. */
function startArchive(sessionId, ...args) {
  const [[options], callback] = takeCallback(args)
  return run(callback, () => {
    if (!sessionId || typeof sessionId !== 'string') throw argumentError('No session ID given')
    const params = { sessionId, options: optionsOf(options, 'options') }
    return call(this, 'startArchive', params, START_ERRORS).then((doc) => {
      if (doc.status !== 'started') throw new RequestError(`Unexpected response from OpenTok: ${JSON.stringify(doc)}`)
      return new Archive(this, doc)
    })
  })
}

const STOP_ERRORS = {
  404: ARCHIVE_NOT_FOUND,
  409: (err) => [ArchiveError, err.serverMessage || 'Unknown archive error'],
}

/** stopArchive(archiveId[, callback]) → Archive. */
function stopArchive(id, callback) {
  return run(callback, () =>
    call(this, 'stopArchive', { archiveId: archiveId(id) }, STOP_ERRORS).then((doc) => new Archive(this, doc)),
  )
}

/** getArchive(archiveId[, callback]) → Archive. */
function getArchive(id, callback) {
  const errors = { 404: [NotFoundError, 'Archive not found'] }
  return run(callback, () =>
    call(this, 'getArchive', { archiveId: archiveId(id) }, errors).then((doc) => new Archive(this, doc)),
  )
}

/** deleteArchive(archiveId[, callback]). */
function deleteArchive(id, callback) {
  const errors = { 404: ARCHIVE_NOT_FOUND }
  return run(callback, () => call(this, 'deleteArchive', { archiveId: archiveId(id) }, errors), NOTHING)
}

/** A paging option: sent only when truthy, as 2.x does; a whole number of at least 0. */
function pageNumber(value, name) {
  if (!value) return undefined
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (!Number.isSafeInteger(number) || number < 0) {
    throw argumentError(`Invalid arguments -- ${name} must be a non-negative integer`)
  }
  return number
}

/**
 * listArchives([options][, callback]): the callback gets `(err, archives,
 * totalCount)`; the promise resolves to `{ archives, totalCount }`.
 */
function listArchives(...args) {
  const [[options], callback] = takeCallback(args)
  return run(
    callback,
    () => {
      const { offset, count, sessionId } = optionsOf(options, 'options')
      if (sessionId && typeof sessionId !== 'string') {
        throw argumentError('Invalid arguments -- sessionId must be a string')
      }
      const params = {
        offset: pageNumber(offset, 'offset'),
        count: pageNumber(count, 'count'),
        sessionId: sessionId || undefined,
      }
      return call(this, 'listArchives', params).then((list) => ({
        archives: list.items.map((doc) => new Archive(this, doc)),
        totalCount: list.count,
      }))
    },
    ({ archives, totalCount }) => [archives, totalCount],
  )
}

const PATCH_ERRORS = {
  400: (err) => [ArgumentError, `Invalid request: ${JSON.stringify({ message: err.serverMessage ?? '' })}`],
  404: [ArchiveError, 'Archive or stream not found'],
  405: [ArchiveError, 'Unsupported Stream Mode'],
}

function patchTarget(id, streamId) {
  if (!id || typeof id !== 'string') throw argumentError('No Archive ID given')
  if (!streamId || typeof streamId !== 'string') throw argumentError('Need one of addStream or removeStream')
}

/** What an added stream records: `hasAudio`/`hasVideo` as given (own keys), else true. */
function recorded(options, name) {
  return Object.hasOwn(options, name) ? Boolean(options[name]) : true
}

/** addArchiveStream(archiveId, streamId[, { hasAudio, hasVideo }][, callback]). */
function addArchiveStream(id, streamId, ...args) {
  const [[options], callback] = takeCallback(args)
  return run(
    callback,
    () => {
      patchTarget(id, streamId)
      const given = optionsOf(options, 'archiveOptions')
      const params = {
        archiveId: id,
        streamId,
        hasAudio: recorded(given, 'hasAudio'),
        hasVideo: recorded(given, 'hasVideo'),
      }
      return call(this, 'addArchiveStream', params, PATCH_ERRORS)
    },
    NOTHING,
  )
}

/** removeArchiveStream(archiveId, streamId[, callback]). */
function removeArchiveStream(id, streamId, callback) {
  return run(
    callback,
    () => {
      patchTarget(id, streamId)
      return call(this, 'removeArchiveStream', { archiveId: id, streamId }, PATCH_ERRORS)
    },
    NOTHING,
  )
}

/** setArchiveLayout's checks, in 2.x's order and words. */
function layoutParams(id, type, stylesheet, screenshareType) {
  const invalid = (rule) => argumentError(`Invalid arguments -- ${rule}`)
  if (typeof id !== 'string') throw invalid('must provide an archiveId string.')
  if (typeof type !== 'string') throw invalid('must provide a type string.')
  if (stylesheet && typeof stylesheet !== 'string') throw invalid('stylesheet must be a string.')
  if (screenshareType && typeof screenshareType !== 'string') throw invalid('screenshareType must be a string.')
  if (screenshareType && type !== 'bestFit') {
    throw invalid('type must be set to "bestFit" if you set screenshareType.')
  }
  return { archiveId: id, type, stylesheet: stylesheet || undefined, screenshareType: screenshareType || undefined }
}

/** setArchiveLayout(archiveId, type[, stylesheet][, screenshareType][, callback]). */
function setArchiveLayout(id, type, ...args) {
  const [[stylesheet, screenshareType], callback] = takeCallback(args)
  return run(
    callback,
    () => call(this, 'setArchiveLayout', layoutParams(id, type, stylesheet, screenshareType)),
    NOTHING,
  )
}

module.exports = {
  startArchive,
  stopArchive,
  getArchive,
  deleteArchive,
  listArchives,
  addArchiveStream,
  removeArchiveStream,
  setArchiveLayout,
}
