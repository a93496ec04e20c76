'use strict'

// OpenTok, the 2.x constructor: OpenTok(apiKey, apiSecret[, apiUrl | env]),
// with or without `new`. Its apiUrl is fixed when it is made, and it always
// speaks today's wire. The methods live in one file per resource.

const { inspect } = require('node:util')
const { createNative } = require('../native.js')
const archives = require('./archives.js')
const errors = require('./errors.js')
const moderation = require('./moderation.js')
const { createSession } = require('./sessions.js')
const signals = require('./signals.js')
const { setState, stateOf } = require('./state.js')
const streams = require('./streams.js')
const tokens = require('./tokens.js')

const DEFAULT_API_URL = 'https://api.opentok.com'
const secrets = new WeakMap()

/** The apiUrl and options of 2.x's third argument: a URL string, or `{ apiUrl, timeout, ca, proxy }`. */
function environment(env) {
  if (typeof env === 'string') return { apiUrl: env }
  if (env === null || typeof env !== 'object' || Array.isArray(env)) return {}
  const timeout = Number.parseInt(env.timeout, 10)
  return {
    apiUrl: typeof env.apiUrl === 'string' ? env.apiUrl : undefined,
    timeout: timeout || undefined, // 2.x ignores 0 and what does not parse
    ca: env.ca,
    proxy: typeof env.proxy === 'string' ? env.proxy : undefined,
  }
}

function OpenTok(apiKey, apiSecret, env) {
  if (!(this instanceof OpenTok)) return new OpenTok(apiKey, apiSecret, env)
  if ((typeof apiKey !== 'number' && typeof apiKey !== 'string') || typeof apiSecret !== 'string') {
    // 2.x prints the secret too; a string secret is not repeated into an error message.
    const secret = typeof apiSecret === 'string' ? '[redacted]' : apiSecret
    throw errors.argumentError(`Invalid arguments when initializing OpenTok: apiKey=${apiKey}, apiSecret=${secret}`)
  }
  const { apiUrl = DEFAULT_API_URL, timeout, ca, proxy } = environment(env)
  const native = createNative(String(apiKey), apiSecret, { timeout, ca, proxy, protocol: 'current' })
  setState(this, { native, apiUrl, signers: tokens.tokenSigners(native) })
  secrets.set(this, apiSecret)
  this.apiKey = String(apiKey)
  this.apiUrl = apiUrl
  // As in 2.x, the methods are own properties bound to the object: `const { signal } = ot` works.
  for (const name of METHODS) {
    Object.defineProperty(this, name, { value: OpenTok.prototype[name].bind(this), writable: true, configurable: true })
  }
}

const METHODS_BY_FILE = [
  { createSession },
  archives,
  signals,
  moderation,
  { getStream: streams.getStream, listStreams: streams.listStreams, setStreamClassLists: streams.setStreamClassLists },
]
const METHODS = []
for (const methods of METHODS_BY_FILE) {
  for (const [name, method] of Object.entries(methods)) {
    OpenTok.prototype[name] = method
    METHODS.push(name)
  }
}

/** generateToken(sessionId[, { role, data, expireTime, initialLayoutClassList }][, generateT1Token]). */
OpenTok.prototype.generateToken = function generateToken(sessionId, options, generateT1Token) {
  return tokens.generateToken(stateOf(this).signers, sessionId, options, generateT1Token)
}
METHODS.push('generateToken')

// The secret is readable, as in 2.x, but from a prototype getter: no own
// property, so JSON.stringify and util.inspect never show it.
Object.defineProperty(OpenTok.prototype, 'apiSecret', {
  get() {
    return secrets.get(this)
  },
})

OpenTok.prototype[inspect.custom] = function (_depth, opts, inspectFn = inspect) {
  return `OpenTok ${inspectFn({ apiKey: this.apiKey, apiUrl: this.apiUrl }, opts)}`
}

Object.assign(OpenTok, errors.KINDS)

module.exports = { OpenTok }
