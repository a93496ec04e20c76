'use strict'

const { createHmac } = require('node:crypto')
const { safeEqual } = require('../safe-equal.js')

const BASE64URL = /^[A-Za-z0-9_-]*$/

/**
 * @typedef {{ header: Record<string, unknown>, claims: Record<string, unknown>, signingInput: string,
 *   signature: string }} Jwt
 */

/**
 * @param {string} part
 * @returns {Record<string, unknown> | null} the part as a JSON object, or null
 */
function jsonObject(part) {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null
  } catch {
    return null
  }
}

/**
 * Splits a compact JWS without trusting it.
 * @param {string} token
 * @returns {Jwt | null} null unless it is three base64url parts whose first two are JSON objects
 */
function decodeJwt(token) {
  const parts = token.split('.')
  // Buffer.from() silently skips characters outside the alphabet, so check them first.
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return null
  const header = jsonObject(parts[0])
  const claims = jsonObject(parts[1])
  if (!header || !claims) return null
  return { header, claims, signingInput: `${parts[0]}.${parts[1]}`, signature: parts[2] }
}

/**
 * @param {Jwt} jwt
 * @param {string} secret
 * @returns {boolean} whether the signature is HMAC-SHA256 of the first two parts with `secret`
 */
function signedWith(jwt, secret) {
  return safeEqual(createHmac('sha256', secret).update(jwt.signingInput).digest('base64url'), jwt.signature)
}

/**
 * @param {unknown} iss
 * @returns {string | null} the API key an iss claim names: a string, or a whole number as the SDKs of
 *   weakly typed languages send it; null for anything else
 */
function issuerKey(iss) {
  if (typeof iss === 'string' && iss !== '') return iss
  return Number.isSafeInteger(iss) ? String(iss) : null
}

module.exports = { decodeJwt, signedWith, issuerKey }
