'use strict'

const binding = require('./load-binding.js')
const { invalidArgType } = require('./errors.js')
const { nodeRoots } = require('./trust.js')

const isPem = (value) => typeof value === 'string' || value instanceof Uint8Array

/** `options.ca` as Node's `ca` takes it: a PEM string or Buffer, or an array of them. */
function caBuffers(ca) {
  if (ca == null) return undefined
  const list = Array.isArray(ca) ? ca : [ca]
  const buffers = []
  // Index by index: every() and map() skip the holes of a sparse array.
  for (let i = 0; i < list.length; i++) {
    if (!isPem(list[i])) throw invalidArgType('options.ca', 'a PEM string or Buffer, or an array of them', ca)
    buffers.push(Buffer.from(list[i]))
  }
  if (buffers.length === 0) throw invalidArgType('options.ca', 'a PEM string or Buffer, or an array of them', ca)
  return buffers
}

/**
 * The native state of an SDK object. Types are checked here, once; the core
 * checks values (timeout range, readable certificates, protocol names).
 * @param {unknown} apiKey a non-empty string, or a finite number (read as `String(apiKey)`)
 * @param {unknown} apiSecret a non-empty string
 * @param {{ timeout?: unknown, ca?: unknown, proxy?: unknown, protocol?: unknown }} options
 */
function createNative(apiKey, apiSecret, { timeout, ca, proxy, protocol }) {
  const isKey = (typeof apiKey === 'string' && apiKey !== '') || (typeof apiKey === 'number' && Number.isFinite(apiKey))
  if (!isKey) throw invalidArgType('apiKey', 'a non-empty string or a finite number', apiKey)
  if (typeof apiSecret !== 'string' || apiSecret === '') {
    throw invalidArgType('apiSecret', 'a non-empty string', apiSecret)
  }
  if (timeout != null && typeof timeout !== 'number') {
    throw invalidArgType('options.timeout', 'a number of milliseconds', timeout)
  }
  if (proxy != null && typeof proxy !== 'string') throw invalidArgType('options.proxy', 'a URL string', proxy)
  if (protocol != null && typeof protocol !== 'string') throw invalidArgType('options.protocol', 'a string', protocol)
  const options = { timeout: timeout ?? undefined, ca: caBuffers(ca), proxy: proxy ?? undefined }
  return binding.OpenTokSDK(String(apiKey), apiSecret, { ...options, protocol: protocol ?? undefined }, nodeRoots())
}

module.exports = { createNative }
