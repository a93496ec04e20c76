'use strict'

// A T1 token check with nothing but node:crypto, to compare opentok-native's
// verifyToken with (opentok@0.3.0 has none): the floor for a JavaScript check.

const crypto = require('node:crypto')
const querystring = require('node:querystring')

const COLON = 0x3a

/**
 * Whether `token` is a T1 token of `apiKey` whose `sig` is the HMAC-SHA1,
 * under `apiSecret`, of its data (the bytes after the first ':'), compared in
 * constant time.
 */
function verifyT1(token, apiKey, apiSecret) {
  if (!token.startsWith('T1==')) return false
  const bytes = Buffer.from(token.slice(4), 'base64')
  const colon = bytes.indexOf(COLON)
  if (colon < 0) return false
  const head = querystring.parse(bytes.toString('latin1', 0, colon))
  const sig = Buffer.from(String(head.sig), 'hex')
  const expected = crypto
    .createHmac('sha1', apiSecret)
    .update(bytes.subarray(colon + 1))
    .digest()
  return sig.length === expected.length && crypto.timingSafeEqual(sig, expected) && head.partner_id === apiKey
}

module.exports = { verifyT1 }
