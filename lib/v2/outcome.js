'use strict'

// The one helper every 2.x call hands its result to: the 2.x error-first
// callback when there is one, else the promise itself.

const { invalidArgType } = require('../errors.js')

/**
 * Splits a trailing callback off `args` (the arguments after the fixed
 * ones). A trailing value that is neither a function nor undefined is
 * refused, so a misplaced callback never goes unnoticed.
 */
function takeCallback(args) {
  let end = args.length
  while (end > 0 && args[end - 1] === undefined) end--
  const last = args[end - 1]
  if (typeof last === 'function') return [args.slice(0, end - 1), last]
  return [args, undefined]
}

function checkCallback(callback) {
  if (callback !== undefined && typeof callback !== 'function') {
    throw invalidArgType('callback', 'a function', callback)
  }
}

/**
 * Returns `promise` when `callback` is undefined; otherwise calls
 * `callback(null, ...values(result))` or `callback(err)` exactly once, on a
 * fresh tick (so an exception it throws is an uncaught exception, never a
 * second call), and returns undefined. `values` says which values the
 * callback gets: none for calls that answer nothing, one by default.
 */
function deliver(promise, callback, values = (result) => [result]) {
  if (callback === undefined) return promise
  checkCallback(callback)
  promise.then(
    (result) => process.nextTick(callback, null, ...values(result)),
    (err) => process.nextTick(callback, err),
  )
  return undefined
}

/** `deliver` for calls whose callback gets no value: `callback(null)`. */
const NOTHING = () => []

/** `deliver` of a refusal made before anything is sent. */
function refuse(err, callback) {
  return deliver(Promise.reject(err), callback)
}

/**
 * Runs a call's `body`, which checks the arguments (throwing an argument
 * error) and returns the call's promise, and hands the outcome to
 * `callback` (see deliver). So every refusal, before sending or after, goes
 * where the result would have gone.
 */
function run(callback, body, values) {
  checkCallback(callback) // before anything is sent
  let promise
  try {
    promise = body()
  } catch (err) {
    return refuse(err, callback)
  }
  // A call that answers nothing resolves to undefined (the core's answer is null).
  return deliver(values === NOTHING ? promise.then(() => undefined) : promise, callback, values)
}

module.exports = { takeCallback, deliver, refuse, run, NOTHING }
