'use strict'

const { createHash, timingSafeEqual } = require('node:crypto')

/**
 * Compares two strings in constant time. Hashing both first gives buffers of
 * equal length, so neither the content nor the length of a secret leaks.
 * @param {string} a
 * @param {string} b
 * @returns {boolean}
 */
function safeEqual(a, b) {
  /** @type {(text: string) => Buffer} */
  const digest = (text) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(a), digest(b))
}

module.exports = { safeEqual }
