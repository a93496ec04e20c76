// Shared by the 2.x suites: both implementations of the 2.x surface, a
// scripted local server both talk to, and how a call's outcome is compared.
import { startRecorder } from './network.mjs'
import { requireFromRepo } from './token.mjs'

export const OpenTokNative = requireFromRepo('./index.js')
export const OpenTok2 = requireFromRepo('opentok-2')
export const KEY = '46123456'
export const SECRET = '0123456789abcdef0123456789abcdef01234567'

/** The 2.x kinds, by name. */
export const KINDS = [
  'ArgumentError',
  'AuthError',
  'ArchiveError',
  'SignalError',
  'ForceDisconnectError',
  'RequestError',
  'NotFoundError',
]

/** The 2.x error kinds `err` is an instance of, in `module` (either implementation). */
export function kindsOf(module, err) {
  return KINDS.filter((name) => err instanceof module[name])
}

/**
 * A local server that answers every request with the current `script`
 * `{ status, json?, text?, contentType? }` and records what it received.
 */
export async function startScripted() {
  const state = { script: { status: 204 } }
  const recorder = await startRecorder((_req, res) => {
    const { status, json, text, contentType } = state.script
    const body = json === undefined ? (text ?? '') : JSON.stringify(json)
    const type = contentType ?? (json === undefined ? 'text/plain' : 'application/json')
    res.writeHead(status, body === '' ? {} : { 'Content-Type': type }).end(body)
  })
  return Object.assign(recorder, {
    answer(script) {
      state.script = script
    },
  })
}

/**
 * Calls `ot[method](...args, callback)` and resolves to the callback's
 * arguments, or to `{ neverCalledBack: true }` after `ms` (2.23.2's crash
 * paths never call back). A synchronous throw resolves to `{ threw }`.
 */
export function callBack(ot, method, args, ms = 1500) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ neverCalledBack: true }), ms)
    try {
      ot[method](...args, (...values) => {
        clearTimeout(timer)
        resolve({ values })
      })
    } catch (threw) {
      clearTimeout(timer)
      resolve({ threw })
    }
  })
}

/** A value as plain JSON data: class instances and methods fall away. */
export const plain = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)))

/** What a request carried, comparable across implementations. */
export function wire({ method, path, headers, body }) {
  const type = headers['content-type'] ?? ''
  let content = body
  if (type.includes('json') && body !== '') content = JSON.parse(body)
  if (type.includes('x-www-form-urlencoded')) content = [...new URLSearchParams(body)]
  return { method, path, body: content }
}
