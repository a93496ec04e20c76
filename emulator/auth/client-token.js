'use strict'

const { apiKeyOfSessionId } = require('../session-id.js')
const { decodeJwt, issuerKey, signedWith } = require('./jwt.js')
const { verifyT1 } = require('./t1.js')

/**
 * What a client token grants, or why it grants nothing.
 * @typedef {{ apiKey: string, sessionId: string, role: string, connectionData: string, error?: undefined }
 *   | { error: string }} Verdict
 */

const ROLES = ['subscriber', 'publisher', 'publisheronly', 'moderator']

/** @type {(value: unknown) => value is number} */
const isTime = (value) => typeof value === 'number' && Number.isFinite(value)

/**
 * Checks a JWT client token (opentok-node 2.19+): HS256 with the secret of
 * its iss, ist "project", scope "session.connect", a session of iss, a known
 * role, and neither exp nor expire_time (when present) past.
 * @param {string} token
 * @param {(apiKey: string) => string | undefined} secretOf
 * @param {number} now Unix seconds
 * @returns {Verdict}
 */
function verifyJwtToken(token, secretOf, now) {
  const jwt = decodeJwt(token)
  if (!jwt) return { error: 'Invalid token format' }
  if (jwt.header.alg !== 'HS256') return { error: 'Invalid token algorithm' }
  const claims = jwt.claims
  const apiKey = issuerKey(claims.iss)
  const secret = apiKey === null ? undefined : secretOf(apiKey)
  if (apiKey === null || secret === undefined) return { error: 'Unknown iss in token' }
  if (!signedWith(jwt, secret)) return { error: 'Invalid token signature' }
  if (claims.ist !== 'project') return { error: 'Invalid token ist' }
  if (claims.scope !== 'session.connect') return { error: 'Invalid token scope' }
  const sessionId = claims.session_id
  if (typeof sessionId !== 'string' || sessionId === '') return { error: 'Token has no session_id' }
  if (apiKeyOfSessionId(sessionId) !== apiKey) return { error: 'Token session_id belongs to another API key' }
  const role = claims.role
  if (typeof role !== 'string' || !ROLES.includes(role)) return { error: 'Invalid token role' }
  if (!isTime(claims.exp)) return { error: 'Invalid token exp' }
  const hasExpireTime = Object.hasOwn(claims, 'expire_time')
  if (hasExpireTime && !isTime(claims.expire_time)) return { error: 'Invalid token expire_time' }
  if (claims.exp <= now || (hasExpireTime && /** @type {number} */ (claims.expire_time) <= now)) {
    return { error: 'Token expired' }
  }
  const connectionData = typeof claims.connection_data === 'string' ? claims.connection_data : ''
  return { apiKey, sessionId, role, connectionData }
}

/**
 * Checks a client token of either kind: T1 ("T1==...") or JWT.
 * @param {string} token
 * @param {(apiKey: string) => string | undefined} secretOf
 * @param {number} now the emulator's clock, Unix seconds
 * @returns {Verdict}
 */
function verifyClientToken(token, secretOf, now) {
  return token.startsWith('T1==') ? verifyT1(token, secretOf, now) : verifyJwtToken(token, secretOf, now)
}

module.exports = { verifyClientToken }
