'use strict'

const { randomBytes, randomInt } = require('node:crypto')
const { safeEqual } = require('../safe-equal.js')

// Keys travel inside "key:secret" headers, "partner_id=key&sig=..." tokens and
// "~"-separated session IDs, so they must not contain any of those separators.
const API_KEY = /^[A-Za-z0-9._-]+$/

/** The API key / secret pairs the emulator accepts. */
class Credentials {
  /** @type {Map<string, string>} */
  #secrets = new Map()

  /**
   * @param {string | number} apiKey
   * @param {string} apiSecret
   * @returns {{ apiKey: string, apiSecret: string }}
   */
  add(apiKey, apiSecret) {
    const key = String(apiKey)
    if (!API_KEY.test(key)) {
      throw new TypeError(`Invalid API key ${JSON.stringify(key)}: use letters, digits, '.', '_' or '-'`)
    }
    if (typeof apiSecret !== 'string' || apiSecret === '') {
      throw new TypeError('The API secret must be a non-empty string')
    }
    if (this.#secrets.has(key)) throw new Error(`API key ${key} is already registered`)
    this.#secrets.set(key, apiSecret)
    return { apiKey: key, apiSecret }
  }

  /**
   * @param {string} apiKey
   * @returns {string | undefined}
   */
  secretOf(apiKey) {
    return this.#secrets.get(apiKey)
  }

  /**
   * @param {string} apiKey
   * @param {string} apiSecret
   * @returns {boolean}
   */
  verify(apiKey, apiSecret) {
    const secret = this.#secrets.get(apiKey)
    return secret !== undefined && safeEqual(secret, apiSecret)
  }
}

/** @returns {{ apiKey: string, apiSecret: string }} an 8-digit key and a 40-hex-digit secret */
function generateCredentials() {
  return {
    apiKey: String(randomInt(10_000_000, 100_000_000)),
    apiSecret: randomBytes(20).toString('hex'),
  }
}

module.exports = { Credentials, generateCredentials }
