'use strict'

// createSession of the 2.x surface and the Session it gives. The session
// reaches its OpenTok object (and so the secret) only through a WeakMap.

const { isIPv4 } = require('node:net')
const { argumentError, defaultKind } = require('./errors.js')
const { run, takeCallback } = require('./outcome.js')
const { call, ownerOf, setOwner } = require('./state.js')

const MEDIA_MODES = { routed: 'disabled', relayed: 'enabled' }
const ARCHIVE_MODES = ['manual', 'always']

/** A session made by createSession: its ID and the options it was made with. */
class Session {
  constructor(ot, sessionId, properties) {
    setOwner(this, ot)
    this.sessionId = sessionId
    Object.assign(this, properties)
  }

  /** ot.generateToken(this.sessionId, options[, generateT1Token]). */
  generateToken(options, generateT1Token) {
    return ownerOf(this).generateToken(this.sessionId, options, generateT1Token)
  }
}

/** 2.x's options, normalised as 2.x does, in a copy (the caller's object is left alone). */
function normalise(options) {
  // Defaults after the caller's keys, as 2.x's lodash.defaults puts them: the form keeps that order.
  const opts = { ...options }
  if (!Object.hasOwn(MEDIA_MODES, opts.mediaMode)) opts.mediaMode = 'relayed'
  if (!ARCHIVE_MODES.includes(opts.archiveMode)) opts.archiveMode = 'manual'
  if (opts.archiveMode === 'always' && opts.mediaMode !== 'routed') {
    throw argumentError('A session with always archive mode must also have the routed media mode.')
  }
  if (opts.location !== undefined && !(typeof opts.location === 'string' && isIPv4(opts.location))) {
    throw argumentError('Invalid arguments when calling createSession, location must be an IPv4 address')
  }
  return opts
}

/** The form pairs 2.x sends: every option but mediaMode, in order, then p2p.preference. */
function formPairs(opts) {
  const pairs = []
  for (const [name, value] of Object.entries(opts)) {
    if (name === 'mediaMode' || value === undefined) continue
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw argumentError(`Invalid arguments when calling createSession, ${name} must be a string, number or boolean`)
    }
    pairs.push([name, String(value)])
  }
  pairs.push(['p2p.preference', MEDIA_MODES[opts.mediaMode]])
  return pairs
}

/** 2.x wraps every failure of createSession as `Failed to createSession. <error>`. */
function wrapped(err) {
  const [Kind, message] = defaultKind(err)
  const text = err.status === undefined ? err.message : `Error: ${message}`
  return [Kind, `Failed to createSession. ${text}`]
}

function createSession(...args) {
  const [rest, callback] = takeCallback(args)
  const [options] = rest
  return run(callback, () => {
    if (options != null && typeof options !== 'object') {
      throw argumentError('Invalid arguments when calling createSession, options must be an object')
    }
    const opts = normalise(options)
    const properties = formPairs(opts)
    return call(this, 'createSession', { properties }, wrapped).then((sessionId) => new Session(this, sessionId, opts))
  })
}

module.exports = { Session, createSession }
