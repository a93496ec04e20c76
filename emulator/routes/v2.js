'use strict'

const { authenticateProject } = require('../auth/rest-jwt.js')
const { mediaType } = require('../content-type.js')
const { Refusal } = require('../refusal.js')
const { Fields } = require('./fields.js')

/**
 * @typedef {import('../router.js').Call} Call
 * @typedef {import('../router.js').Context} Context
 * @typedef {import('../router.js').Route} Route
 * @typedef {(call: Call, ctx: Context, apiKey: string) => import('../replies.js').Reply} V2Handler
 */

/**
 * A route of the v2 REST API: under /v2/project/:apiKey, answering JSON, and
 * reached only with an X-OPENTOK-AUTH token of that project.
 * @param {string} name the fault route name, that of the SDK method
 * @param {string} method
 * @param {string} path after the project, e.g. "/archive/:archiveId"
 * @param {V2Handler} handler
 * @returns {Route}
 */
function v2Route(name, method, path, handler) {
  return {
    name,
    method,
    pattern: `/v2/project/:apiKey${path}`,
    format: 'json',
    handler: (call, ctx) => handler(call, ctx, authenticateProject(call, ctx)),
  }
}

/**
 * @param {Call} call
 * @returns {Fields} the JSON body's fields; an empty body reads as {}
 */
function jsonBody({ headers, body }) {
  if (body === '') return new Fields({})
  if (mediaType(headers) !== 'application/json') throw new Refusal(415, 'Content-Type must be application/json')
  let value
  try {
    value = JSON.parse(body)
  } catch {
    throw new Refusal(400, 'The body is not valid JSON')
  }
  return new Fields(value)
}

/**
 * @param {Context} ctx
 * @param {string} apiKey
 * @param {string} sessionId
 * @returns {import('../state/sessions.js').Session} the session, when the emulator created it for the project
 */
function ownSession(ctx, apiKey, sessionId) {
  const session = ctx.sessions.owned(apiKey, sessionId)
  if (!session) throw new Refusal(404, `Session ${sessionId} not found`)
  return session
}

/**
 * @param {Context} ctx
 * @param {string} sessionId
 * @param {string} streamId
 * @returns {import('../state/clients.js').Stream}
 */
function ownStream(ctx, sessionId, streamId) {
  const stream = ctx.clients.stream(sessionId, streamId)
  if (!stream) throw new Refusal(404, `Stream ${streamId} not found in session ${sessionId}`)
  return stream
}

module.exports = { v2Route, jsonBody, ownSession, ownStream }
