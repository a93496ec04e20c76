'use strict'

// The public module: the opentok 0.3.x JavaScript surface over the native binding.

const { inspect } = require('node:util')
const binding = require('./binding.js')
const { tokenRequestWire } = require('./lib/options-wire.js')

const DEFAULT_API_HOST = 'api.opentok.com'

const RoleConstants = Object.freeze({
  SUBSCRIBER: 'subscriber',
  PUBLISHER: 'publisher',
  MODERATOR: 'moderator',
})

const kNative = Symbol('opentok.native')
const kApiUrl = Symbol('opentok.apiUrl')

function invalidArgType(name, expected, value) {
  const err = new TypeError(`The "${name}" argument must be ${expected}, got ${typeof value}`)
  err.code = 'ERR_INVALID_ARG_TYPE'
  return err
}

/**
 * new OpenTokSDK(apiKey, apiSecret[, options]); also callable without `new`.
 */
function OpenTokSDK(apiKey, apiSecret, options) {
  if (!(this instanceof OpenTokSDK)) return new OpenTokSDK(apiKey, apiSecret, options)
  if (options != null && typeof options !== 'object') throw invalidArgType('options', 'an object', options)
  const native = binding.OpenTokSDK(apiKey, apiSecret)

  Object.defineProperty(this, kNative, { value: native })
  this.partnerId = apiKey
  // Readable, but kept out of Object.keys, JSON.stringify and util.inspect.
  Object.defineProperty(this, 'partnerSecret', { value: apiSecret, enumerable: false })
  Object.defineProperty(this, kApiUrl, { value: options?.apiUrl, writable: true })
  Object.defineProperty(this, 'api_url', {
    enumerable: true,
    get() {
      return this[kApiUrl] ?? (process.env.OPENTOK_API_URL || DEFAULT_API_HOST)
    },
    set(value) {
      this[kApiUrl] = value
    },
  })
  this.sessionId = undefined
}

OpenTokSDK.RoleConstants = RoleConstants

/**
 * generateToken(options) or generateToken(sessionId[, options]): a T1 token string.
 * The session comes from `session_id`, `sessionId` or `session`, else the
 * last session this object created.
 */
OpenTokSDK.prototype.generateToken = function generateToken(sessionIdOrOptions, options) {
  let sessionId = sessionIdOrOptions
  let ops = options
  if (typeof sessionIdOrOptions !== 'string') {
    ops = sessionIdOrOptions
    sessionId = (ops != null && (ops.session_id || ops.sessionId || ops.session)) || this.sessionId
  }
  if (ops != null && typeof ops !== 'object') throw invalidArgType('options', 'an object', ops)
  return binding.generateToken(this[kNative], tokenRequestWire(sessionId, ops))
}
OpenTokSDK.prototype.generate_token = OpenTokSDK.prototype.generateToken

OpenTokSDK.prototype[inspect.custom] = function (depth, opts, inspectFn = inspect) {
  const shown = { partnerId: this.partnerId, api_url: this.api_url, sessionId: this.sessionId }
  return `OpenTokSDK ${inspectFn(shown, opts)}`
}

module.exports = { OpenTokSDK, RoleConstants }
