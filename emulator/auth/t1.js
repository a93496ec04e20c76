'use strict'

const { createHmac } = require('node:crypto')
const { safeEqual } = require('../safe-equal.js')

const SENTINEL = 'T1=='
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const HEAD = /^partner_id=([^&]+)&sig=([^&]+)$/
const WHOLE_SECONDS = /^\d+$/
const DAY = 24 * 60 * 60
const ROLES = ['subscriber', 'publisher', 'moderator']

/**
 * Splits "T1==" + base64("partner_id=<key>&sig=<hex>:<data>").
 * @param {string} token
 * @returns {{ partnerId: string, sig: string, rawData: string } | null}
 */
function parseT1(token) {
  if (!token.startsWith(SENTINEL)) return null
  const base64 = token.slice(SENTINEL.length)
  // Buffer.from() silently skips characters outside the alphabet, so check them first.
  if (!BASE64.test(base64)) return null
  const decoded = Buffer.from(base64, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  const head = colon < 0 ? null : HEAD.exec(decoded.slice(0, colon))
  if (!head) return null
  return { partnerId: head[1], sig: head[2], rawData: decoded.slice(colon + 1) }
}

/**
 * @param {string | null} value
 * @returns {number | null} the value as whole Unix seconds, or null when it is not one
 */
function wholeSeconds(value) {
  return value !== null && WHOLE_SECONDS.test(value) ? Number(value) : null
}

/**
 * Why a token is not valid at `now`, whatever its role; null when it is valid.
 * @param {URLSearchParams} data
 * @param {number} now Unix seconds
 * @returns {string | null}
 */
function dataProblem(data, now) {
  if (!data.get('session_id')) return 'Token has no session_id'
  if (!ROLES.includes(data.get('role') ?? '')) return 'Invalid token role'
  if ((data.get('connection_data') ?? '').length > 1000) return 'connection_data is longer than 1000 characters'
  const createTime = wholeSeconds(data.get('create_time'))
  if (createTime === null) return 'Invalid token create_time'
  if (!data.has('expire_time')) return createTime + DAY <= now ? 'Token expired' : null
  const expireTime = wholeSeconds(data.get('expire_time'))
  if (expireTime === null) return 'Invalid token expire_time'
  if (expireTime > createTime + 30 * DAY) return 'expire_time is more than 30 days after create_time'
  return expireTime <= now ? 'Token expired' : null
}

/**
 * Checks a T1 token as the service does: well formed, signed with the secret
 * of its partner_id, holding a session_id, a known role, and not expired
 * (expire_time, else 24 hours after create_time).
 * @param {string} token
 * @param {(apiKey: string) => string | undefined} secretOf
 * @param {number} now Unix seconds
 * @returns {import('./client-token.js').Verdict}
 */
function verifyT1(token, secretOf, now) {
  const parsed = parseT1(token)
  if (!parsed) return { error: 'Invalid token format' }
  const secret = secretOf(parsed.partnerId)
  if (secret === undefined) return { error: 'Unknown partner_id in token' }
  const expected = createHmac('sha1', secret).update(parsed.rawData).digest('hex')
  if (!safeEqual(expected, parsed.sig)) return { error: 'Invalid token signature' }
  const data = new URLSearchParams(parsed.rawData)
  const problem = dataProblem(data, now)
  if (problem) return { error: problem }
  return {
    apiKey: parsed.partnerId,
    sessionId: /** @type {string} */ (data.get('session_id')),
    role: /** @type {string} */ (data.get('role')),
    connectionData: data.get('connection_data') ?? '',
  }
}

module.exports = { verifyT1 }
