'use strict'

// The stream calls of the 2.x surface, and the Stream they give.

const { argumentError } = require('./errors.js')
const { NOTHING, run } = require('./outcome.js')
const { call } = require('./state.js')

/** One stream of a session, every key the service sent. */
class Stream {
  constructor(document) {
    Object.assign(this, document)
  }
}

const invalid = (rule) => argumentError(`Invalid arguments -- ${rule}`)

function checkSession(sessionId) {
  if (!sessionId || typeof sessionId !== 'string') throw invalid('must provide a sessionId string.')
}

/** getStream(sessionId, streamId[, callback]) → Stream. */
function getStream(sessionId, streamId, callback) {
  return run(callback, () => {
    checkSession(sessionId)
    if (!streamId || typeof streamId !== 'string') throw invalid('must provide a streamId string.')
    return call(this, 'getStream', { sessionId, streamId }).then((doc) => new Stream(doc))
  })
}

/** listStreams(sessionId[, callback]) → Stream[]. */
function listStreams(sessionId, callback) {
  return run(callback, () => {
    checkSession(sessionId)
    return call(this, 'listStreams', { sessionId }).then((list) => list.items.map((doc) => new Stream(doc)))
  })
}

/** The items 2.x checks, in its order and words; each sent as `{ id, layoutClassList }`. */
function classListItems(classListArray) {
  if (!Array.isArray(classListArray)) throw invalid('must provide a streamClassArray array.')
  return classListArray.map((item) => {
    if (typeof item?.id !== 'string') throw invalid('each element in the streamClassArray must have an id string.')
    if (!Array.isArray(item.layoutClassList)) {
      throw invalid('each element in the streamClassArray must have a layoutClassList array.')
    }
    if (!item.layoutClassList.every((name) => typeof name === 'string')) {
      throw invalid('each element in the layoutClassList array must be a string (defining class names).')
    }
    return { id: item.id, layoutClassList: item.layoutClassList }
  })
}

/** setStreamClassLists(sessionId, [{ id, layoutClassList }][, callback]). */
function setStreamClassLists(sessionId, classListArray, callback) {
  return run(
    callback,
    () => {
      if (!sessionId || typeof sessionId !== 'string') throw invalid('must provide an sessionId string.')
      return call(this, 'setStreamClassLists', { sessionId, items: classListItems(classListArray) })
    },
    NOTHING,
  )
}

module.exports = { Stream, getStream, listStreams, setStreamClassLists }
