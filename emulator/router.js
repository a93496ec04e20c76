'use strict'

const { acceptsJson } = require('./content-type.js')
const { applyFault } = require('./faults.js')
const { Refusal } = require('./refusal.js')
const { json } = require('./replies.js')
const { errorPayloadXml, errorsXml } = require('./xml.js')

/**
 * How a route answers, which decides how its refusals and faults look:
 * 'legacy' (0.3.x Errors XML), 'negotiated' (JSON when the client accepts it,
 * else XML), 'json', or 'mp4' (a download; refusals in JSON).
 * @typedef {'legacy' | 'negotiated' | 'json' | 'mp4'} Format
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 * @typedef {import('node:http').IncomingHttpHeaders} IncomingHttpHeaders
 * @typedef {import('./replies.js').Reply} Reply
 * @typedef {{ method: string, path: string, headers: IncomingHttpHeaders, body: string,
 *   params: Record<string, string>, query: URLSearchParams }} Call
 * @typedef {import('./context.js').Context} Context
 * @typedef {{ name: string, method: string, pattern: string, format: Format,
 *   handler: (call: Call, ctx: Context) => Reply }} Route
 * @typedef {Route & { segments: string[] }} CompiledRoute
 */

// The child element of a 0.3.x Errors document, by status.
/** @type {Record<number, string>} */
const LEGACY_KINDS = { 403: 'forbidden', 404: 'notFound', 500: 'internalError' }

/**
 * @param {string} target the request target, e.g. "/archive/getmanifest/abc?x=1"
 * @returns {string[] | null} the decoded path segments, null for a malformed %-escape
 */
function segmentsOf(target) {
  try {
    return target.split('?')[0].split('/').slice(1).map(decodeURIComponent)
  } catch {
    return null
  }
}

/**
 * @param {CompiledRoute[]} table
 * @param {string} method
 * @param {string} target
 * @returns {{ route: CompiledRoute, params: Record<string, string> } | null}
 */
function matchRoute(table, method, target) {
  const segments = segmentsOf(target)
  if (!segments) return null
  for (const route of table) {
    if (method !== route.method || segments.length !== route.segments.length) continue
    /** @type {Record<string, string>} */
    const params = {}
    const matches = route.segments.every((part, i) => {
      if (part.startsWith(':')) params[part.slice(1)] = segments[i]
      return part.startsWith(':') || part === segments[i]
    })
    if (matches) return { route, params }
  }
  return null
}

/**
 * The format a request gets answered in: its route's, or for unmatched
 * requests JSON under /v2/ and 0.3.x XML elsewhere.
 * @param {CompiledRoute | undefined} route
 * @param {string} target
 * @param {IncomingHttpHeaders} headers
 * @returns {'legacy' | 'xml' | 'json' | 'mp4'}
 */
function resolveFormat(route, target, headers) {
  const format = route?.format ?? (target.startsWith('/v2/') ? 'json' : 'legacy')
  if (format === 'negotiated') return acceptsJson(headers) ? 'json' : 'xml'
  return format
}

/**
 * @param {Refusal} refusal
 * @param {'legacy' | 'xml' | 'json' | 'mp4'} format
 * @returns {Reply}
 */
function refusalReply({ status, message, description }, format) {
  if (format === 'legacy') {
    return { status, contentType: 'text/xml', body: errorsXml(status, LEGACY_KINDS[status] ?? 'error', message) }
  }
  if (format === 'xml') return { status, contentType: 'text/xml', body: errorPayloadXml(status, message) }
  return json(status, { code: status, message, description })
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
  /** @type {Record<string, string | number>} */
  const headers = { 'Content-Length': Buffer.byteLength(body) }
  if (contentType !== undefined) headers['Content-Type'] = contentType
  res.writeHead(status, headers).end(body)
}

/**
 * Builds the request listener: logs each request, applies any fault for its
 * route, else answers as the real server would. Every answer carries a Date
 * header from the emulator's clock.
 * @param {Route[]} routes
 * @param {Context} ctx
 * @returns {(req: IncomingMessage, res: ServerResponse) => Promise<void>}
 */
function createRouter(routes, ctx) {
  const table = routes.map((route) => ({ ...route, segments: route.pattern.split('/').slice(1) }))
  return async (req, res) => {
    /** @type {'legacy' | 'xml' | 'json' | 'mp4'} */
    let format = 'legacy'
    res.setHeader('Date', new Date(ctx.clock.now()).toUTCString())
    try {
      const body = await readBody(req)
      const method = req.method ?? ''
      const target = req.url ?? ''
      ctx.requests.push({ method, path: target, headers: req.headers, body })
      const match = matchRoute(table, method, target)
      format = resolveFormat(match?.route, target, req.headers)
      const fault = ctx.faults.take(match?.route.name ?? null)
      if (fault && (await applyFault(fault, res, format))) return
      if (!match) throw new Refusal(404, `No route for ${method} ${target}`)
      const query = new URLSearchParams(target.split('?')[1] ?? '')
      send(
        res,
        match.route.handler({ method, path: target, headers: req.headers, body, params: match.params, query }, ctx),
      )
    } catch (err) {
      // A client that went away mid-request, or a bug here: never crash the host process.
      if (res.headersSent) res.destroy()
      else send(res, refusalReply(err instanceof Refusal ? err : new Refusal(500, String(err)), format))
    }
  }
}

module.exports = { createRouter }
