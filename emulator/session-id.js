'use strict'

const { randomBytes } = require('node:crypto')

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** @type {(n: number) => string} */
const pad2 = (n) => String(n).padStart(2, '0')

/**
 * Formats a date as Java's Date.toString() does (the real server's
 * `create_dt`), in UTC: "Wed Mar 19 23:35:24 UTC 2014".
 * @param {Date} date
 * @returns {string}
 */
function javaDate(date) {
  const time = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()].map(pad2).join(':')
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${pad2(date.getUTCDate())} ${time} UTC ${date.getUTCFullYear()}`
}

/**
 * Builds a session ID in the real format: the prefix ("1_" on the 0.3.x wire,
 * "2_" today) + unpadded base64url of "1~<apiKey>~<location>~<date>~<random>~".
 * @param {'1_' | '2_'} prefix
 * @param {string} apiKey
 * @param {string | null} location
 * @param {string} createDt
 * @returns {string}
 */
function newSessionId(prefix, apiKey, location, createDt) {
  // 64 random bits: 10,000 IDs created within the same second collide with a
  // probability below 3e-12.
  const random = `0.${randomBytes(8).readBigUInt64BE().toString().padStart(20, '0')}`
  const record = ['1', apiKey, location ?? '', createDt, random, ''].join('~')
  return `${prefix}${Buffer.from(record, 'utf8').toString('base64url')}`
}

/**
 * @param {string} sessionId
 * @returns {string | undefined} field 1 of the ID's record: the API key that owns it
 */
function apiKeyOfSessionId(sessionId) {
  return Buffer.from(sessionId.slice(2), 'base64url').toString('utf8').split('~')[1]
}

module.exports = { javaDate, newSessionId, apiKeyOfSessionId }
