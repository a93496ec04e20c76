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
 * Builds a session ID in the real format: "1_" + unpadded base64url of
 * "1~<apiKey>~<location>~<date>~<random>~".
 * @param {string} apiKey
 * @param {string | null} location
 * @param {string} createDt
 * @returns {string}
 */
function newSessionId(apiKey, location, createDt) {
  // 64 random bits: 10,000 IDs created within the same second collide with a
  // probability below 3e-12.
  const random = `0.${randomBytes(8).readBigUInt64BE().toString().padStart(20, '0')}`
  const record = ['1', apiKey, location ?? '', createDt, random, ''].join('~')
  return `1_${Buffer.from(record, 'utf8').toString('base64url')}`
}

module.exports = { javaDate, newSessionId }
