'use strict'

const { Refusal } = require('../refusal.js')
const { empty, json } = require('../replies.js')
const { streamJson } = require('../state/clients.js')
const { Fields } = require('./fields.js')
const { jsonBody, ownSession, ownStream, v2Route } = require('./v2.js')

/** @type {import('./v2.js').V2Handler} */
function listStreams({ params }, ctx, apiKey) {
  const { sessionId } = ownSession(ctx, apiKey, params.sessionId)
  const items = ctx.clients.streamsOf(sessionId).map(streamJson)
  return json(200, { count: items.length, items })
}

/** @type {import('./v2.js').V2Handler} */
function getStream({ params }, ctx, apiKey) {
  const { sessionId } = ownSession(ctx, apiKey, params.sessionId)
  return json(200, streamJson(ownStream(ctx, sessionId, params.streamId)))
}

/**
 * Sets the layout classes of some streams: all of them, or none when one is
 * malformed or unknown.
 * @type {import('./v2.js').V2Handler}
 */
function setStreamClassLists(call, ctx, apiKey) {
  const { sessionId } = ownSession(ctx, apiKey, call.params.sessionId)
  const changes = jsonBody(call)
    .array('items')
    .map((item, i) => {
      const fields = new Fields(item, `items[${i}].`)
      const layoutClassList = fields.strings('layoutClassList')
      if (!layoutClassList) throw new Refusal(400, `items[${i}].layoutClassList must be an array of strings`)
      return { streamId: fields.id('id'), layoutClassList }
    })
  const streams = changes.map(({ streamId }) => ownStream(ctx, sessionId, streamId))
  changes.forEach(({ layoutClassList }, i) => {
    streams[i].layoutClassList = [...layoutClassList]
  })
  return empty(200)
}

/** @type {import('../router.js').Route[]} */
const routes = [
  v2Route('listStreams', 'GET', '/session/:sessionId/stream', listStreams),
  v2Route('getStream', 'GET', '/session/:sessionId/stream/:streamId', getStream),
  v2Route('setStreamClassLists', 'PUT', '/session/:sessionId/stream', setStreamClassLists),
]

module.exports = { routes }
