'use strict'

const binding = require('../binding.js')
const { invalidArgType } = require('./errors.js')

const isPem = (value) => typeof value === 'string' || value instanceof Uint8Array

/**
 * The native state of an SDK object. Types are checked here, once; the core
 * checks values (timeout range, readable certificates, protocol names).
 * @param {unknown} apiKey a non-empty string, or a finite number (read as `String(apiKey)`)
 * @param {unknown} apiSecret a non-empty string
 * @param {{ timeout?: unknown, ca?: unknown, protocol?: unknown }} options
 */
function createNative(apiKey, apiSecret, { timeout, ca, protocol }) {
  const isKey = (typeof apiKey === 'string' && apiKey !== '') || (typeof apiKey === 'number' && Number.isFinite(apiKey))
  if (!isKey) throw invalidArgType('apiKey', 'a non-empty string or a finite number', apiKey)
  if (typeof apiSecret !== 'string' || apiSecret === '') {
    throw invalidArgType('apiSecret', 'a non-empty string', apiSecret)
  }
  if (timeout != null && typeof timeout !== 'number') {
    throw invalidArgType('options.timeout', 'a number of milliseconds', timeout)
  }
  if (ca != null && !isPem(ca)) throw invalidArgType('options.ca', 'a PEM string or Buffer', ca)
  if (protocol != null && typeof protocol !== 'string') throw invalidArgType('options.protocol', 'a string', protocol)
  return binding.OpenTokSDK(String(apiKey), apiSecret, {
    timeout: timeout ?? undefined,
    ca: ca == null ? undefined : [Buffer.from(ca)],
    protocol: protocol ?? undefined,
  })
}

module.exports = { createNative }
