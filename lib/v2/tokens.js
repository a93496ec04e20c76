'use strict'

// generateToken of the 2.x surface: 2.x's option rules and messages, here;
// the signing (and the session-owner check) in the core, which applies no
// rules of its own for this surface.

const binding = require('../load-binding.js')
const { tokenRequestWire } = require('../options-wire.js')
const { signWire } = require('../token-request.js')
const { argumentError } = require('./errors.js')

const ROLES = ['publisher', 'publisheronly', 'subscriber', 'moderator']
const DAY_SECS = 24 * 60 * 60
const MAX_TEXT = 1024

/** 2.x's `expire_time`: a rounded number of seconds, `now` + 1 day by default. */
function expireTime(value, now) {
  if (typeof value !== 'number' && typeof value !== 'string') return now + DAY_SECS
  const seconds = Math.round(Number(value))
  if (!Number.isFinite(seconds)) throw argumentError(`Invalid expireTime for token generation: ${value}`)
  if (seconds < now) {
    throw argumentError(`Invalid expireTime for token generation, time cannot be in the past: ${seconds} < ${now}`)
  }
  return seconds
}

function layoutClassList(value) {
  const list = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : ''
  if (list.length > MAX_TEXT) {
    throw argumentError(
      'Invalid initial layout class list for token generation, must have concatenated length of less than 1024',
    )
  }
  return list
}

/** The token's fields, in 2.x's order, from the documented options. */
function tokenFields(options) {
  const { role = 'publisher', data, expireTime: expire, initialLayoutClassList } = options
  if (!ROLES.includes(role)) throw argumentError(`Invalid role for token generation: ${role}`)
  const now = Math.round(Date.now() / 1000)
  const fields = { create_time: now, role, expire_time: expireTime(expire, now) }
  if (data) {
    if (typeof data !== 'string' || data.length > MAX_TEXT) {
      throw argumentError('Invalid data for token generation, must be a string with maximum length 1024')
    }
    fields.connection_data = data
  }
  fields.initial_layout_class_list = layoutClassList(initialLayoutClassList)
  fields.scope = 'session.connect'
  return fields
}

/** The signers of a 2.x object: only the session's owner checked natively, 2.x's rules here. */
function tokenSigners(native) {
  return { T1: binding.tokenSigner(native, 'T1', false), JWT: binding.tokenSigner(native, 'JWT', false) }
}

/**
 * A client token for `sessionId`: a JWT, or a T1 token when
 * `generateT1Token` is truthy. Throws an ArgumentError with 2.x's message.
 */
function generateToken(signers, sessionId, options, generateT1Token) {
  if (typeof sessionId !== 'string') throw argumentError('Token cannot be generated without a sessionId parameter')
  const given = options !== null && typeof options === 'object' ? options : {}
  const wire = tokenRequestWire(sessionId, tokenFields(given))
  try {
    return signWire(generateT1Token ? signers.T1 : signers.JWT, wire)
  } catch (err) {
    if (err?.code !== 'OPENTOK_INVALID_SESSION_ID') throw err
    throw argumentError('Token cannot be generated unless the session belongs to the API Key')
  }
}

module.exports = { generateToken, tokenSigners }
