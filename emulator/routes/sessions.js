'use strict'

const { isIPv4 } = require('node:net')
const { authenticate } = require('../auth/rest-jwt.js')
const { acceptsJson, mediaType } = require('../content-type.js')
const { Refusal } = require('../refusal.js')
const { json, xml } = require('../replies.js')
const { sessionsXml } = require('../xml.js')

const FORM = 'application/x-www-form-urlencoded'
// The form fields the service reads; every other one is recorded as a property.
const READ = ['location', 'p2p.preference', 'archiveMode', 'e2ee']

/**
 * @template T
 * @param {URLSearchParams} form
 * @param {string} field
 * @param {Record<string, T>} values what each accepted form value means
 * @param {string} fallback the form value when the field is absent
 * @returns {T}
 */
function choice(form, field, values, fallback) {
  const value = form.get(field) ?? fallback
  if (!Object.hasOwn(values, value)) {
    throw new Refusal(400, `${field} must be ${Object.keys(values).join(' or ')}`)
  }
  return values[value]
}

/**
 * POST /session/create, today's wire: X-OPENTOK-AUTH, a form, and JSON or
 * XML by Accept.
 * @type {import('../router.js').Route['handler']}
 */
function createSession({ headers, body }, ctx) {
  const apiKey = authenticate(headers['x-opentok-auth'], (key) => ctx.credentials.secretOf(key), ctx.clock.seconds())
  if (body !== '' && mediaType(headers) !== FORM) throw new Refusal(415, `Content-Type must be ${FORM}`)
  const form = new URLSearchParams(body)
  const location = form.get('location')
  if (location !== null && !isIPv4(location)) throw new Refusal(400, 'location must be an IPv4 address')
  /** @type {'relayed' | 'routed'} */
  const mediaMode = choice(form, 'p2p.preference', { enabled: 'relayed', disabled: 'routed' }, 'enabled')
  /** @type {'manual' | 'always'} */
  const archiveMode = choice(form, 'archiveMode', { manual: 'manual', always: 'always' }, 'manual')
  const e2ee = choice(form, 'e2ee', { true: true, false: false }, 'false')
  if (archiveMode === 'always' && mediaMode !== 'routed') {
    throw new Refusal(400, 'A session with always archive mode must also have the routed media mode')
  }
  if (e2ee && mediaMode !== 'routed') throw new Refusal(400, 'End-to-end encryption needs the routed media mode')
  /** @type {Record<string, string>} */
  const properties = {}
  for (const [name, value] of form) if (!READ.includes(name)) properties[name] = value
  const spec = { apiKey, location, properties, mediaMode, archiveMode, e2ee, wire: /** @type {const} */ ('current') }
  const session = ctx.sessions.create(spec, ctx.clock.now())
  if (!acceptsJson(headers)) return xml(sessionsXml(session))
  return json(200, [
    {
      session_id: session.sessionId,
      project_id: apiKey,
      partner_id: apiKey,
      create_dt: session.createDt,
      media_server_url: '',
    },
  ])
}

/** @type {import('../router.js').Route[]} */
const routes = [
  { name: 'createSession', method: 'POST', pattern: '/session/create', format: 'negotiated', handler: createSession },
]

module.exports = { routes }
