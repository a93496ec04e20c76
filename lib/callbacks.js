'use strict'

const { invalidArgType } = require('./errors.js')

/**
 * Reads an optional callback before the call starts, so that a bad one (or
 * one whose `length` getter throws) sends nothing.
 *
 * A callback that declares two or more parameters is error-first
 * `(err, result)`. One that declares fewer is the 0.3.x style `(result)`.
 */
function readCallback(callback) {
  if (callback === undefined) return undefined
  if (typeof callback !== 'function') throw invalidArgType('callback', 'a function', callback)
  return { callback, errorFirst: callback.length >= 2 }
}

/**
 * Hands a call's promise to the caller: returned as is when there is no
 * callback, else settled into the callback exactly once. A 0.3.x-style
 * callback gets `undefined` on failure, as the original did, and the error is
 * emitted as a process warning so it is never silent. Callbacks run on a
 * fresh tick, so an exception they throw is an uncaught exception, never a
 * second call.
 */
function settle(promise, receiver) {
  if (receiver === undefined) return promise
  const { callback, errorFirst } = receiver
  promise.then(
    (value) => {
      if (errorFirst) process.nextTick(callback, null, value)
      else process.nextTick(callback, value)
    },
    (err) => {
      if (errorFirst) {
        process.nextTick(callback, err)
      } else {
        process.emitWarning(err)
        process.nextTick(callback, undefined)
      }
    },
  )
  return undefined
}

/** Splits a trailing callback off an argument list. */
function splitCallback(args) {
  const last = args.length > 0 ? args[args.length - 1] : undefined
  if (typeof last === 'function') return [args.slice(0, -1), last]
  return [args, undefined]
}

module.exports = { readCallback, settle, splitCallback }
