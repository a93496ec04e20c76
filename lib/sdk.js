'use strict'

const { isIPv4 } = require('node:net')
const { inspect } = require('node:util')
const binding = require('./load-binding.js')
const { OpenTokArchive, OpenTokArchiveVideoResource, archiveFromManifest } = require('./archive.js')
const { runCall } = require('./call.js')
const {
  kCallbackStyle,
  promisifiable,
  readCallback,
  readCallbackStyle,
  settle,
  splitCallback,
} = require('./callbacks.js')
const { OpenTokError, invalidArgType, outOfRange } = require('./errors.js')
const { createNative } = require('./native.js')
const { kNative } = require('./symbols.js')
const { signTokenRequest, verifyToken: verifyWith } = require('./token-request.js')

const DEFAULT_API_HOST = 'api.opentok.com'
const kApiUrl = Symbol('opentok.apiUrl')
const kSigner = Symbol('opentok.signer')
const TOKEN_FORMATS = ['T1', 'JWT']
// The secret lives outside the object, so that no inspection (even with
// showHidden) and no serialisation can reach it.
const secrets = new WeakMap()

const RoleConstants = Object.freeze({
  SUBSCRIBER: 'subscriber',
  PUBLISHER: 'publisher',
  MODERATOR: 'moderator',
})

/**
 * new OpenTokSDK(apiKey, apiSecret[, options]); also callable without `new`.
 * options: { apiUrl, timeout (ms), ca (PEM), proxy (URL), protocol ('current' | 'legacy'),
 *   tokenFormat ('T1' | 'JWT'), callbackStyle ('auto' | 'error-first' | 'result') }.
 */
function OpenTokSDK(apiKey, apiSecret, options) {
  if (!(this instanceof OpenTokSDK)) return new OpenTokSDK(apiKey, apiSecret, options)
  if (options != null && typeof options !== 'object') throw invalidArgType('options', 'an object', options)
  const callbackStyle = readCallbackStyle(options?.callbackStyle)
  const native = createNative(apiKey, apiSecret, options ?? {})
  const tokenFormat = options?.tokenFormat ?? 'T1'
  if (typeof tokenFormat !== 'string') throw invalidArgType('options.tokenFormat', "'T1' or 'JWT'", tokenFormat)
  if (!TOKEN_FORMATS.includes(tokenFormat)) {
    throw outOfRange('options.tokenFormat', `must be 'T1' or 'JWT', got ${JSON.stringify(tokenFormat)}`)
  }

  Object.defineProperty(this, kNative, { value: native })
  // This object's native signer, with the 0.3.x rules checked.
  Object.defineProperty(this, kSigner, { value: binding.tokenSigner(native, tokenFormat, true) })
  Object.defineProperty(this, kCallbackStyle, { value: callbackStyle })
  this.partnerId = apiKey
  secrets.set(this, apiSecret)
  Object.defineProperty(this, kApiUrl, { value: options?.apiUrl, writable: true })
  // An assigned value wins, then OPENTOK_API_URL, then the real service; read at each call.
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

// The 0.3.x module hangs these off the class as well as the module.
OpenTokSDK.RoleConstants = RoleConstants
OpenTokSDK.OpenTokArchive = OpenTokArchive
OpenTokSDK.OpenTokArchiveVideoResource = OpenTokArchiveVideoResource
OpenTokSDK.OpenTokError = OpenTokError

// Readable, as in the original, but not an own property of the object. The
// getter sits on a prototype that says it is Object's: util.inspect with
// showHidden and getters lists (and calls) the accessors of a class's
// prototypes, but stops at the first whose constructor is a built-in.
const secretAccess = Object.create(Object.prototype, {
  constructor: { value: Object },
  partnerSecret: {
    get() {
      return secrets.get(this)
    },
  },
})
Object.setPrototypeOf(OpenTokSDK.prototype, secretAccess)

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
  return signTokenRequest(this[kSigner], sessionId, ops)
}

/** Session properties as [name, String(value)] pairs; undefined values are left out. */
function propertyPairs(properties) {
  const pairs = []
  for (const name of Object.keys(properties)) {
    const value = properties[name]
    if (value === undefined) continue
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw invalidArgType(`properties.${name}`, 'a string, number or boolean', value)
    }
    pairs.push([name, String(value)])
  }
  return pairs
}

/** The (location, properties) of every 0.3.x call shape, callback already split off. */
function sessionArguments(args) {
  if (args.length > 2) throw invalidArgType('callback', 'a function', args[2])
  let [location, properties] = args
  if (args.length === 1 && location !== null && typeof location === 'object') {
    properties = location
    location = undefined
  }
  if (location != null && typeof location !== 'string') throw invalidArgType('location', 'a string', location)
  if (properties != null && typeof properties !== 'object') throw invalidArgType('properties', 'an object', properties)
  return [location ?? undefined, properties == null ? [] : propertyPairs(properties)]
}

/**
 * What the NODE_DEBUG=opentok line says of locations left out. Only one
 * location is sent, and only an IPv4 address: the argument, else a
 * `location` property (src/sessions.rs `sent_location` makes the request; this
 * only describes it, with the same rule). Values are not logged.
 */
function locationNote(location, properties) {
  const given = [location, ...properties.filter(([name]) => name === 'location').map(([, value]) => value)].filter(
    (value) => value !== undefined && value !== '',
  )
  const notIPv4 = given.filter((value) => !isIPv4(value)).length
  const extra = given.filter((value) => isIPv4(value)).length - 1
  const notes = []
  if (notIPv4 > 0) notes.push(`${notIPv4 === 1 ? 'location' : `${notIPv4} locations`} left out: not an IPv4 address`)
  if (extra > 0) notes.push(`${extra === 1 ? 'a second location' : `${extra} more locations`} left out: one is sent`)
  return notes.length > 0 ? notes.join('; ') : undefined
}

/**
 * createSession([location], [properties], [callback]): the new session ID.
 * Without a callback it returns a Promise. `location` (or a `location`
 * property) is sent once, and only when it is an IPv4 address.
 */
OpenTokSDK.prototype.createSession = promisifiable(function createSession(...args) {
  const [rest, callback] = splitCallback(args)
  const receiver = readCallback(callback, this[kCallbackStyle])
  const [location, properties] = sessionArguments(rest)
  const params = { location, properties }
  const note = locationNote(location, properties)
  const promise = runCall(this[kNative], 'createSession', this.api_url, params, note).then((sessionId) => {
    this.sessionId = sessionId
    return sessionId
  })
  return settle(promise, receiver)
})

/**
 * getArchiveManifest(archiveId, token[, callback]): an OpenTokArchive. A
 * 0.3.x-style callback of a call that fails gets an empty archive (this
 * archiveId, no resources, no timeline), as 0.3.x gave.
 */
OpenTokSDK.prototype.getArchiveManifest = promisifiable(function getArchiveManifest(archiveId, token, callback) {
  if (typeof archiveId !== 'string') throw invalidArgType('archiveId', 'a string', archiveId)
  if (typeof token !== 'string') throw invalidArgType('token', 'a string', token)
  const receiver = readCallback(callback, this[kCallbackStyle])
  const apiUrl = this.api_url
  const request = { archiveId, token, apiUrl }
  const promise = runCall(this[kNative], 'getArchiveManifest', apiUrl, { archiveId, token }).then((manifest) =>
    archiveFromManifest(this, request, manifest),
  )
  return settle(promise, receiver, () => new OpenTokArchive(this, request))
})

/** verifyToken(token): whether the token is this key's and correctly signed (constant-time check). */
OpenTokSDK.prototype.verifyToken = function verifyToken(token) {
  if (typeof token !== 'string') throw invalidArgType('token', 'a string', token)
  return verifyWith(this[kSigner], token)
}

/** The fields of a T1 or JWT client token (no signature check: see verifyToken). */
OpenTokSDK.decodeToken = function decodeToken(token) {
  if (typeof token !== 'string') throw invalidArgType('token', 'a string', token)
  const { format, partnerId, signature, data, fields } = binding.decodeToken(token)
  const byName = {}
  for (const { name, value } of fields) {
    const seen = byName[name]
    byName[name] = seen === undefined ? value : [].concat(seen, value)
  }
  const first = (name) => (Array.isArray(byName[name]) ? byName[name][0] : byName[name])
  const seconds = (name) => (first(name) === undefined ? undefined : Number(first(name)))
  return {
    format,
    partnerId,
    signature,
    data,
    fields: byName,
    sessionId: first('session_id'),
    role: first('role'),
    createTime: seconds('create_time'),
    expireTime: seconds('expire_time'),
    nonce: first('nonce'),
    connectionData: first('connection_data'),
  }
}

OpenTokSDK.prototype.generate_token = OpenTokSDK.prototype.generateToken
OpenTokSDK.prototype.create_session = OpenTokSDK.prototype.createSession
OpenTokSDK.prototype.get_archive_manifest = OpenTokSDK.prototype.getArchiveManifest

OpenTokSDK.prototype[inspect.custom] = function (_depth, opts, inspectFn = inspect) {
  const shown = { partnerId: this.partnerId, api_url: this.api_url, sessionId: this.sessionId }
  return `OpenTokSDK ${inspectFn(shown, opts)}`
}

module.exports = { OpenTokSDK, RoleConstants }
