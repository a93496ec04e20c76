'use strict'

const { applyFault } = require('./faults.js')
const { javaDate, newSessionId } = require('./session-id.js')
const { verifyModeratorToken } = require('./t1.js')
const { errorsXml, manifestXml, sessionsXml } = require('./xml.js')

/**
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 * @typedef {{ status: number, contentType: string, body: string | Buffer }} Reply
 * @typedef {{ method: string, path: string, headers: import('node:http').IncomingHttpHeaders, body: string }} RecordedRequest
 * @typedef {{ sessionId: string, apiKey: string, location: string | null, properties: Record<string, string> }} RecordedSession
 * @typedef {{
 *   url: string,
 *   credentials: import('./credentials.js').Credentials,
 *   archives: import('./archives.js').Archives,
 *   faults: import('./faults.js').Faults,
 *   requests: RecordedRequest[],
 *   sessions: RecordedSession[],
 * }} State
 * @typedef {{ headers: import('node:http').IncomingHttpHeaders, body: string, params: Record<string, string> }} Call
 */

// An empty but valid FLV file: signature, version 1, audio and video flags,
// header size 9, then PreviousTagSize0.
const FLV = Buffer.from([0x46, 0x4c, 0x56, 0x01, 0x05, 0, 0, 0, 9, 0, 0, 0, 0])
const FORM = 'application/x-www-form-urlencoded'

/** @type {(status: number, kind: string, message: string) => Reply} */
const error = (status, kind, message) => ({ status, contentType: 'text/xml', body: errorsXml(status, kind, message) })
/** @type {(message: string) => Reply} */
const forbidden = (message) => error(403, 'forbidden', message)
/** @type {(message: string) => Reply} */
const notFound = (message) => error(404, 'notFound', message)

/**
 * POST /hl/session/create
 * @param {Call} call
 * @param {State} state
 * @returns {Reply}
 */
function createSession({ headers, body }, state) {
  const auth = String(headers['x-tb-partner-auth'] ?? '')
  const colon = auth.indexOf(':')
  const apiKey = auth.slice(0, colon)
  if (colon < 0 || !state.credentials.verify(apiKey, auth.slice(colon + 1))) {
    return forbidden('Invalid partner credentials')
  }
  // The server reads form fields only from a form body.
  const isForm =
    String(headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase() === FORM
  const form = new URLSearchParams(isForm ? body : '')
  if (form.get('partner_id') !== apiKey) {
    return forbidden('partner_id is missing from the form or does not match X-TB-PARTNER-AUTH')
  }
  /** @type {Record<string, string>} */
  const properties = {}
  for (const [name, value] of form) {
    if (name !== 'partner_id' && name !== 'location') properties[name] = value
  }
  const location = form.get('location')
  const createDt = javaDate(new Date())
  const sessionId = newSessionId(apiKey, location, createDt)
  state.sessions.push({ sessionId, apiKey, location, properties })
  return { status: 200, contentType: 'text/xml', body: sessionsXml({ sessionId, apiKey, createDt }) }
}

/**
 * Finds the archive a moderator token may read.
 * @param {Call} call
 * @param {State} state
 * @returns {{ archive: import('./archives.js').Archive, reply?: undefined } | { reply: Reply }}
 */
function authorizedArchive({ headers, params }, state) {
  const token = String(headers['x-tb-token-auth'] ?? '')
  if (!token) return { reply: forbidden('Missing X-TB-TOKEN-AUTH header') }
  const verdict = verifyModeratorToken(token, (key) => state.credentials.secretOf(key), Date.now() / 1000)
  if (verdict.error !== undefined) return { reply: forbidden(verdict.error) }
  const archive = state.archives.get(params.archiveId)
  if (!archive) return { reply: notFound(`Archive ${params.archiveId} not found`) }
  if (archive.apiKey !== verdict.partnerId) return { reply: forbidden('The archive belongs to another partner') }
  return { archive }
}

/**
 * @param {import('./archives.js').Archive} archive
 * @param {string} videoId
 * @returns {Reply | null} a 404 when the archive has no such video
 */
function missingVideo(archive, videoId) {
  const found = archive.videos.some((video) => video.id === videoId)
  return found ? null : notFound(`Video ${videoId} not found in archive ${archive.archiveId}`)
}

/** @type {Record<string, (call: Call, state: State) => Reply>} */
const HANDLERS = {
  createSession,

  manifest(call, state) {
    const access = authorizedArchive(call, state)
    if (access.reply) return access.reply
    return { status: 200, contentType: 'text/xml', body: manifestXml(access.archive) }
  },

  url(call, state) {
    const access = authorizedArchive(call, state)
    if (access.reply) return access.reply
    const { archiveId, videoId } = call.params
    const url = `${state.url}/download/${encodeURIComponent(archiveId)}/${encodeURIComponent(videoId)}.flv`
    return missingVideo(access.archive, videoId) ?? { status: 200, contentType: 'text/plain', body: url }
  },

  // Real download URLs are pre-signed, so this route takes no token.
  download({ params }, state) {
    const archive = state.archives.get(params.archiveId)
    if (!archive) return notFound(`Archive ${params.archiveId} not found`)
    if (!params.file.endsWith('.flv')) return notFound(`No file ${params.file}`)
    return (
      missingVideo(archive, params.file.slice(0, -'.flv'.length)) ?? {
        status: 200,
        contentType: 'video/x-flv',
        body: FLV,
      }
    )
  },
}

const ROUTES = [
  { name: 'createSession', method: 'POST', pattern: ['hl', 'session', 'create'] },
  { name: 'manifest', method: 'GET', pattern: ['archive', 'getmanifest', ':archiveId'] },
  { name: 'url', method: 'GET', pattern: ['hl', 'archive', 'url', ':archiveId', ':videoId'] },
  { name: 'download', method: 'GET', pattern: ['download', ':archiveId', ':file'] },
]

/**
 * @param {string} method
 * @param {string} url the request target, e.g. "/archive/getmanifest/abc?x=1"
 * @returns {{ name: string, params: Record<string, string> } | null}
 */
function matchRoute(method, url) {
  let segments
  try {
    segments = url.split('?')[0].split('/').slice(1).map(decodeURIComponent)
  } catch {
    return null // a malformed %-escape
  }
  for (const { name, method: routeMethod, pattern } of ROUTES) {
    if (method !== routeMethod || segments.length !== pattern.length) continue
    /** @type {Record<string, string>} */
    const params = {}
    const matches = pattern.every((part, i) => {
      if (part.startsWith(':')) params[part.slice(1)] = segments[i]
      return part.startsWith(':') || part === segments[i]
    })
    if (matches) return { name, params }
  }
  return null
}

/**
 * @param {IncomingMessage} req
 * @returns {Promise<string>}
 */
async function readBody(req) {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * @param {ServerResponse} res
 * @param {Reply} reply
 */
function send(res, { status, contentType, body }) {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) }).end(body)
}

/**
 * Builds the request listener: logs each request, applies any fault for its
 * route, else answers as the real server would.
 * @param {State} state
 * @returns {(req: IncomingMessage, res: ServerResponse) => Promise<void>}
 */
function createRouter(state) {
  return async (req, res) => {
    try {
      const body = await readBody(req)
      state.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body })
      const route = matchRoute(req.method ?? '', req.url ?? '')
      const fault = state.faults.take(route?.name ?? null)
      if (fault && (await applyFault(fault, res))) return
      if (!route) return send(res, notFound(`No route for ${req.method} ${req.url}`))
      send(res, HANDLERS[route.name]({ headers: req.headers, body, params: route.params }, state))
    } catch (err) {
      // A client that went away mid-request, or a bug here: never crash the host process.
      if (res.headersSent) res.destroy()
      else send(res, error(500, 'internalError', String(err)))
    }
  }
}

module.exports = { createRouter }
