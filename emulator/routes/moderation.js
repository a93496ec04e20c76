'use strict'

const { leave } = require('../presence.js')
const { Refusal } = require('../refusal.js')
const { empty, json } = require('../replies.js')
const { streamJson } = require('../state/clients.js')
const { jsonBody, ownSession, ownStream, v2Route } = require('./v2.js')

/** @type {import('./v2.js').V2Handler} */
function forceDisconnect({ params }, ctx, apiKey) {
  const { sessionId, connectionId } = params
  ownSession(ctx, apiKey, sessionId)
  if (ctx.clients.connection(connectionId)?.sessionId !== sessionId) {
    throw new Refusal(404, `Connection ${connectionId} not found in session ${sessionId}`)
  }
  leave(ctx, connectionId)
  ctx.disconnects.push({ sessionId, connectionId })
  return empty()
}

/**
 * Mutes the audio of one stream; answers the stream.
 * @type {import('./v2.js').V2Handler}
 */
function forceMuteStream(call, ctx, apiKey) {
  const { sessionId, streamId } = call.params
  ownSession(ctx, apiKey, sessionId)
  const stream = ownStream(ctx, sessionId, streamId)
  jsonBody(call) // read for its checks only: the SDKs send {}
  ctx.mutes.push({ sessionId, streamId, active: true, excludedStreamIds: [] })
  return json(200, streamJson(stream))
}

/**
 * Mutes every stream but the excluded ones, now and as they get published
 * (`active` true), or lifts that (`active` false); answers the session's state.
 * @type {import('./v2.js').V2Handler}
 */
function forceMuteAll(call, ctx, apiKey) {
  const { sessionId } = call.params
  ownSession(ctx, apiKey, sessionId)
  const fields = jsonBody(call)
  const active = fields.boolean('active')
  const excludedStreamIds = [...(fields.strings('excludedStreamIds') ?? [])]
  ctx.mutes.push({ sessionId, streamId: null, active, excludedStreamIds })
  return json(200, { sessionId, active, excludedStreamIds })
}

/** @type {import('../router.js').Route[]} */
const routes = [
  v2Route('forceDisconnect', 'DELETE', '/session/:sessionId/connection/:connectionId', forceDisconnect),
  v2Route('forceMute', 'POST', '/session/:sessionId/stream/:streamId/mute', forceMuteStream),
  v2Route('forceMute', 'POST', '/session/:sessionId/mute', forceMuteAll),
]

module.exports = { routes }
