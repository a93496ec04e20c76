'use strict'

const { Refusal } = require('../refusal.js')
const { decodeJwt, issuerKey, signedWith } = require('./jwt.js')

// How far ahead of the emulator's clock an iat may be, and the longest lifetime.
const LEEWAY_S = 5
const MAX_LIFETIME_S = 300

/** @type {Record<string, [number, string, string]>} status, message and description of each refusal */
const REASONS = {
  missing: [
    401,
    'Missing X-OPENTOK-AUTH header',
    'Every request must carry a JWT signed with the project secret in the X-OPENTOK-AUTH header.',
  ],
  format: [
    401,
    'Invalid token format',
    'The X-OPENTOK-AUTH header is not a JWT: three base64url parts whose header and claims are JSON objects.',
  ],
  algorithm: [
    403,
    'Invalid token algorithm: only HS256 is accepted',
    'The JWT header must say "alg": "HS256"; unsigned ("none") and other algorithms are refused.',
  ],
  issuerFormat: [403, 'Invalid issuer format', 'The iss claim must be the API key of the project.'],
  issuer: [403, 'Unknown issuer', 'The iss claim is not the API key of a project this service knows.'],
  signature: [403, 'Invalid signature', 'The JWT is not signed with the secret of the API key in its iss claim.'],
  issuerType: [403, 'Invalid issuer type', 'The ist claim must be "project".'],
  issuedTime: [403, 'Invalid issued time', 'The iat claim must be a number of seconds since the epoch.'],
  future: [
    403,
    'issued time cannot be greater than current time',
    "The iat claim is ahead of the service's clock: check the client clock, or learn the offset from the Date header.",
  ],
  expirationTime: [403, 'Invalid expiration time', 'The exp claim must be a number of seconds since the epoch.'],
  expired: [403, 'token expired', 'The exp claim has passed: make a fresh token for each request.'],
  lifetime: [
    403,
    'expiration time cannot be more than 5 minutes after issued time',
    `The exp claim must be at most ${MAX_LIFETIME_S} seconds after iat.`,
  ],
  project: [
    403,
    'Issuer does not match the project in the URL',
    'The iss claim must be the API key in the request path, /v2/project/<apiKey>/...',
  ],
}

/**
 * @param {keyof typeof REASONS} reason
 * @returns {Refusal}
 */
function refusal(reason) {
  const [status, message, description] = REASONS[reason]
  return new Refusal(status, message, description)
}

/**
 * Checks the X-OPENTOK-AUTH header as the service does.
 * @param {string | string[] | undefined} header
 * @param {(apiKey: string) => string | undefined} secretOf
 * @param {number} now the emulator's clock, Unix seconds
 * @returns {string} the API key the token authenticates
 * @throws {Refusal} 401 or 403, a distinct message per reason
 */
function authenticate(header, secretOf, now) {
  const token = String(header ?? '')
  if (!token) throw refusal('missing')
  const jwt = decodeJwt(token)
  if (!jwt) throw refusal('format')
  if (jwt.header.alg !== 'HS256') throw refusal('algorithm')
  const { iss, ist, iat, exp } = jwt.claims
  const apiKey = issuerKey(iss)
  if (apiKey === null) throw refusal('issuerFormat')
  const secret = secretOf(apiKey)
  if (secret === undefined) throw refusal('issuer')
  if (!signedWith(jwt, secret)) throw refusal('signature')
  if (ist !== 'project') throw refusal('issuerType')
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw refusal('issuedTime')
  if (iat > now + LEEWAY_S) throw refusal('future')
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw refusal('expirationTime')
  if (exp <= now) throw refusal('expired')
  if (exp - iat > MAX_LIFETIME_S) throw refusal('lifetime')
  return apiKey
}

/**
 * Checks the X-OPENTOK-AUTH header of a /v2/project/<apiKey>/... call: a
 * valid token whose iss is that project.
 * @param {import('../router.js').Call} call
 * @param {import('../router.js').Context} ctx
 * @returns {string} the API key
 * @throws {Refusal}
 */
function authenticateProject({ headers, params }, ctx) {
  const apiKey = authenticate(headers['x-opentok-auth'], (key) => ctx.credentials.secretOf(key), ctx.clock.seconds())
  if (apiKey !== params.apiKey) throw refusal('project')
  return apiKey
}

module.exports = { authenticate, authenticateProject }
