'use strict'

const { mediaType } = require('../content-type.js')
const { Refusal } = require('../refusal.js')
const { xml } = require('../replies.js')
const { sessionsXml } = require('../xml.js')

/** @typedef {import('../router.js').Call} Call */
/** @typedef {import('../router.js').Context} Context */

/**
 * POST /hl/session/create, the 0.3.x wire: X-TB-PARTNER-AUTH "key:secret" and
 * a form holding partner_id; every other field but location is recorded.
 * @param {Call} call
 * @param {Context} ctx
 */
function createSession({ headers, body }, ctx) {
  const auth = String(headers['x-tb-partner-auth'] ?? '')
  const colon = auth.indexOf(':')
  const apiKey = auth.slice(0, colon)
  if (colon < 0 || !ctx.credentials.verify(apiKey, auth.slice(colon + 1))) {
    throw new Refusal(403, 'Invalid partner credentials')
  }
  // The server reads form fields only from a form body.
  const form = new URLSearchParams(mediaType(headers) === 'application/x-www-form-urlencoded' ? body : '')
  if (form.get('partner_id') !== apiKey) {
    throw new Refusal(403, 'partner_id is missing from the form or does not match X-TB-PARTNER-AUTH')
  }
  /** @type {Record<string, string>} */
  const properties = {}
  for (const [name, value] of form) {
    if (name !== 'partner_id' && name !== 'location') properties[name] = value
  }
  const session = ctx.sessions.create(
    {
      apiKey,
      location: form.get('location'),
      properties,
      mediaMode: properties['p2p.preference'] === 'disabled' ? 'routed' : 'relayed',
      archiveMode: 'manual',
      e2ee: false,
      wire: 'legacy',
    },
    ctx.clock.now(),
  )
  return xml(sessionsXml(session))
}

/** @type {import('../router.js').Route[]} */
const routes = [
  { name: 'createSession', method: 'POST', pattern: '/hl/session/create', format: 'legacy', handler: createSession },
]

module.exports = { routes }
