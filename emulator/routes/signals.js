'use strict'

const { Refusal } = require('../refusal.js')
const { empty } = require('../replies.js')
const { jsonBody, ownSession, v2Route } = require('./v2.js')

// The service's limits on a signal.
const MAX_TYPE = 128
const MAX_DATA = 8192

/**
 * Sends a signal to every client of the session, or to one connection:
 * recorded in ctx.signals, since no client is there to receive it.
 * @type {import('./v2.js').V2Handler}
 */
function signal(call, ctx, apiKey) {
  const { sessionId, connectionId = null } = call.params
  ownSession(ctx, apiKey, sessionId)
  if (connectionId !== null && ctx.clients.connection(connectionId)?.sessionId !== sessionId) {
    throw new Refusal(404, `Connection ${connectionId} not found in session ${sessionId}`)
  }
  const fields = jsonBody(call)
  const type = fields.string('type', { max: MAX_TYPE }) ?? null
  const data = /** @type {string} */ (fields.string('data', { required: true, max: MAX_DATA }))
  ctx.signals.push({ sessionId, connectionId, type, data })
  return empty()
}

/** @type {import('../router.js').Route[]} */
const routes = [
  v2Route('signal', 'POST', '/session/:sessionId/signal', signal),
  v2Route('signal', 'POST', '/session/:sessionId/connection/:connectionId/signal', signal),
]

module.exports = { routes }
