'use strict'

// The error kinds of the 2.x surface, all built by one helper. Each is an
// OpenTokError (so a REST failure keeps the core's `code`, `status`,
// `serverCode` and `serverMessage`) with the `name` and default message of
// its 2.x namesake. A REST failure becomes one of them by `fromRestFailure`,
// which reads a call's own table of 2.x messages.

const { OpenTokError } = require('../errors.js')

/** A 2.x error kind: a subclass of OpenTokError named `name`. */
function errorKind(name, defaultMessage) {
  const Kind = {
    [name]: class extends OpenTokError {
      constructor(message = defaultMessage, details = {}) {
        super(message, details)
        this.name = name
      }
    },
  }[name]
  return Kind
}

const ArgumentError = errorKind('ArgumentError', undefined)
const AuthError = errorKind('AuthError', 'Invalid API key or secret')
const ArchiveError = errorKind('ArchiveError', undefined)
const SignalError = errorKind('SignalError', undefined)
const ForceDisconnectError = errorKind('ForceDisconnectError', undefined)
const RequestError = errorKind('RequestError', 'Unexpected response from OpenTok')
const NotFoundError = errorKind('NotFoundError', 'Not Found')

/** An argument the 2.x surface refuses, with 2.x's message. */
function argumentError(message) {
  return new ArgumentError(message, { code: 'ERR_INVALID_ARG_VALUE' })
}

/** 2.x's message for a refusal it has no specific message for. */
function unexpected(err) {
  return `Unexpected response from OpenTok: "${JSON.stringify({ message: err.serverMessage ?? '' })}"`
}

/** The 2.x kind and message of a core failure, before a call's own table. */
function defaultKind(err) {
  if (err.code === 'OPENTOK_AUTH') return [AuthError, 'Invalid API key or secret']
  if (err.code === 'OPENTOK_NOT_FOUND') return [NotFoundError, 'Not Found']
  if (err.status !== undefined) return [RequestError, unexpected(err)]
  return [RequestError, err.message] // network, timeout, unreadable answer: the core's own words
}

/**
 * The 2.x error for the core's OpenTokError `err`. `table` maps an HTTP
 * status to `[Kind, message]`, or to a function of `err` giving them (or
 * is itself such a function, for every failure); an error that is not an
 * OpenTokError (a bug) passes through.
 */
function fromRestFailure(err, table = {}) {
  if (!(err instanceof OpenTokError) || err instanceof ArgumentError) return err
  const entry = typeof table === 'function' ? table : table[err.status]
  const [Kind, message] = typeof entry === 'function' ? entry(err) : (entry ?? defaultKind(err))
  const { code, status, serverCode, serverMessage } = err
  return new Kind(message, { code, status, serverCode, serverMessage, cause: err })
}

/** Every 2.x error kind by name, as 2.x hangs them off its constructor. */
const KINDS = { ArgumentError, AuthError, ArchiveError, SignalError, ForceDisconnectError, RequestError, NotFoundError }

module.exports = {
  ...KINDS,
  KINDS,
  argumentError,
  defaultKind,
  fromRestFailure,
}
