'use strict'

const { promisify } = require('node:util')
const { invalidArgType } = require('./errors.js')

/** Where an SDK object keeps its `callbackStyle` option. */
const kCallbackStyle = Symbol('opentok.callbackStyle')
const CALLBACK_STYLES = Object.freeze(['auto', 'error-first', 'result'])

/** The `callbackStyle` option, checked: 'auto' when not given. */
function readCallbackStyle(style) {
  if (style === undefined) return 'auto'
  if (!CALLBACK_STYLES.includes(style)) {
    const shown = typeof style === 'string' ? JSON.stringify(style) : `type ${style === null ? 'null' : typeof style}`
    const err = new TypeError(
      `The "options.callbackStyle" option must be 'auto', 'error-first' or 'result', got ${shown}`,
    )
    err.code = 'ERR_INVALID_ARG_VALUE'
    throw err
  }
  return style
}

/**
 * Reads an optional callback before the call starts, so that a bad one (or
 * one whose `length` getter throws) sends nothing.
 *
 * With the 'auto' style, a callback that declares two or more parameters is
 * error-first `(err, result)`, one that declares fewer is the 0.3.x style
 * `(result)`. 'error-first' and 'result' make every callback that style,
 * for apps whose callbacks are wrappers with no declared parameters.
 */
function readCallback(callback, style = 'auto') {
  if (callback === undefined) return undefined
  if (typeof callback !== 'function') throw invalidArgType('callback', 'a function', callback)
  const errorFirst = style === 'auto' ? callback.length >= 2 : style === 'error-first'
  return { callback, errorFirst }
}

/**
 * Hands a call's promise to the caller: returned as is when there is no
 * callback, else settled into the callback exactly once. On failure a
 * 0.3.x-style callback gets what the original passed: `failed()` when given
 * (an empty archive for a manifest), else `undefined`; the error is emitted
 * as a process warning so it is never silent. Callbacks run on a fresh tick,
 * so an exception they throw is an uncaught exception, never a second call.
 */
function settle(promise, receiver, failed) {
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
        process.nextTick(callback, failed === undefined ? undefined : failed())
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

// util.promisify and our methods.
//
// util.promisify(fn) passes `(err, ...values) => ...` as the callback: it
// declares one parameter, so the 'auto' rule would read it as a 0.3.x result
// callback and settle it with the result as the "error". So each
// callback-taking method carries util.promisify.custom, its promise form,
// which util.promisify returns instead of wrapping the method.
//
// 1.0.x apps write util.promisify(sdk.createSession.bind(sdk)), and a bound
// function carries no symbol of its target. Rather than guess promisify's
// callback from its shape (its source or length are not an API), each method
// has its own `bind`: the standard Function.prototype.bind, whose result also
// carries the promise form bound the same way (and this same `bind`, so a
// bound method bound again keeps it too). Function.prototype.bind.call(method)
// still gives a plain bound function, which then follows callbackStyle.

/** The promise form of `method`: the call without a callback; a synchronous throw rejects, as with util.promisify. */
function promiseForm(method) {
  return function promised(...args) {
    try {
      return Promise.resolve(Reflect.apply(method, this, args))
    } catch (err) {
      return Promise.reject(err)
    }
  }
}

const functionBind = Function.prototype.bind

/** Function.prototype.bind, keeping util.promisify.custom bound alike. */
function bind(thisArg, ...args) {
  const bound = Reflect.apply(functionBind, this, [thisArg, ...args])
  const custom = this[promisify.custom]
  if (typeof custom === 'function') {
    const form = Reflect.apply(functionBind, custom, [thisArg, ...args])
    Object.defineProperty(bound, promisify.custom, { value: form })
    Object.defineProperty(bound, '__promisify__', { value: form })
    Object.defineProperty(bound, 'bind', { value: bind, writable: true, configurable: true })
  }
  return bound
}
Object.defineProperty(bind, 'length', { value: 1 })

/** Gives a callback-taking method its promise form for util.promisify, and a `bind` that keeps it. */
function promisifiable(method) {
  const form = promiseForm(method)
  Object.defineProperty(method, promisify.custom, { value: form })
  // The name @types/node's promisify typings read; index.d.ts declares it, so it exists.
  Object.defineProperty(method, '__promisify__', { value: form })
  Object.defineProperty(method, 'bind', { value: bind, writable: true, configurable: true })
  return method
}

module.exports = {
  CALLBACK_STYLES,
  kCallbackStyle,
  promisifiable,
  readCallback,
  readCallbackStyle,
  settle,
  splitCallback,
}
