'use strict'

/**
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @returns {string} the Content-Type's media type, lower-cased and without parameters ('' when absent)
 */
function mediaType(headers) {
  return String(headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase()
}

/**
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @returns {boolean} whether the Accept header lists application/json
 */
function acceptsJson(headers) {
  return String(headers.accept ?? '')
    .split(',')
    .some((range) => range.split(';')[0].trim().toLowerCase() === 'application/json')
}

module.exports = { mediaType, acceptsJson }
