// Shared by the hardening suites (__test__/hardening-*.spec.mjs): memory
// readings, a closed-loop call pool, process-event spies that keep
// the 0.3.x callbacks' warnings off the output, calls in the three styles
// (promise, error-first callback, 0.3.x callback) with their settle time and
// callback count, and an emulator in a child process.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import v8 from 'node:v8'
import vm from 'node:vm'
import { captureProcessEvents, REPO_ROOT } from './network.mjs'

const MiB = 1024 * 1024
export const rssMiB = () => process.memoryUsage().rss / MiB
export const fmtMiB = (value) => `${value.toFixed(1)} MiB`

// A full collection before a memory reading, so that garbage waiting for the
// next GC is not counted as growth. Without --expose-gc, the flag is turned
// on at run time and `gc` taken from a new context.
v8.setFlagsFromString('--expose-gc')
const collect = globalThis.gc ?? vm.runInNewContext('gc')

/** RSS in MiB after a full GC (and a turn of the event loop for native frees). */
export async function settledRssMiB() {
  collect()
  await new Promise((resolve) => setImmediate(resolve))
  collect()
  return rssMiB()
}

/** Samples RSS every `everyMs` until `stop()`, which returns the peak in MiB. */
export function samplePeakRss(everyMs = 20) {
  let peak = rssMiB()
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMiB())
  }, everyMs)
  return () => {
    clearInterval(timer)
    return Math.max(peak, rssMiB())
  }
}

/**
 * Makes `count` calls of `call(i)` (which returns a promise), `concurrency` at
 * a time: each of `concurrency` loops starts its next call when its previous
 * one settles. Rejects at the first failure.
 * @returns {Promise<{ results: unknown[], ms: number, maxInFlight: number }>}
 */
export async function runPool(count, concurrency, call) {
  const results = new Array(count)
  let next = 0
  let inFlight = 0
  let maxInFlight = 0
  const loop = async () => {
    while (next < count) {
      const i = next++
      inFlight += 1
      maxInFlight = Math.max(maxInFlight, inFlight)
      try {
        results[i] = await call(i)
      } finally {
        inFlight -= 1
      }
    }
  }
  const start = performance.now()
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, loop))
  return { results, ms: performance.now() - start, maxInFlight }
}

/**
 * Records 'warning' and 'unhandledRejection' events until `dispose()`. Node's
 * own warning printer is taken off meanwhile (the 0.3.x callbacks' failures
 * arrive as warnings, hundreds of them here) and put back by `dispose()`.
 * @returns {{ warnings: Error[], rejections: unknown[], dispose: () => void }}
 */
export function spyProcessEvents() {
  const printers = process.listeners('warning')
  process.removeAllListeners('warning')
  const spy = captureProcessEvents()
  return {
    warnings: spy.warnings,
    rejections: spy.rejections,
    dispose() {
      spy.dispose()
      for (const printer of printers) process.on('warning', printer)
    },
  }
}

/** The three ways to call: a promise, an error-first callback, a 0.3.x one-parameter callback. */
export const STYLES = ['promise', 'error-first', '0.3.x']

/**
 * Starts `run(callback)` in `style` (`callback` is undefined for 'promise')
 * and records how it ends:
 * `{ style, returned, count, args, err, value, ms, settled }`, where `count`
 * counts the callback's calls (also after the first), `ms` is the time to the
 * first settle and `settled` a promise of the record once settled.
 */
export function callInStyle(style, run) {
  const record = {
    style,
    returned: undefined,
    count: 0,
    args: [],
    err: undefined,
    value: undefined,
    ms: undefined,
    settled: undefined,
  }
  const start = performance.now()
  let resolve
  record.settled = new Promise((r) => (resolve = r))
  const finish = (err, value) => {
    if (record.ms !== undefined) return
    record.ms = performance.now() - start
    record.err = err
    record.value = value
    resolve(record)
  }
  if (style === 'promise') {
    record.returned = run(undefined)
    Promise.resolve(record.returned).then(
      (value) => finish(null, value),
      (err) => finish(err),
    )
  } else if (style === 'error-first') {
    record.returned = run(function errorFirst(err, value) {
      record.count += 1
      record.args = [...arguments]
      finish(err, value)
    })
  } else {
    record.returned = run(function legacy(value) {
      record.count += 1
      record.args = [...arguments]
      finish(undefined, value)
    })
  }
  return record
}

/** sha256 of the sorted strings: compares two large sets of IDs cheaply. */
export const digestOf = (strings) =>
  createHash('sha256')
    .update([...strings].sort().join('\n'))
    .digest('hex')

// The child's program: the emulator, answering `stats` over IPC with what it
// saw since the previous `stats` (then emptying its logs, so that they never
// grow over a long run).
const CHILD = `
'use strict'
const { createHash } = require('node:crypto')
const { startEmulator } = require(process.env.HARDENING_EMULATOR)
startEmulator().then((emu) => {
  process.on('message', (msg) => {
    const ids = emu.sessions.map((s) => s.sessionId).sort()
    process.send({
      id: msg.id,
      requests: emu.requests.length,
      createSessionRequests: emu.requests.filter((r) => r.method === 'POST' && r.path === '/hl/session/create').length,
      currentCreateSessionRequests: emu.requests.filter((r) => r.method === 'POST' && r.path === '/session/create').length,
      sessions: ids.length,
      sessionsDigest: createHash('sha256').update(ids.join('\\n')).digest('hex'),
    })
    emu.requests.length = 0
    emu.sessions.length = 0
  })
  process.on('disconnect', () => emu.close().finally(() => process.exit(0)))
  process.send({ id: 'ready', url: emu.url, apiKey: emu.apiKey, apiSecret: emu.apiSecret })
}, (err) => {
  console.error(err)
  process.exit(1)
})
`

/**
 * Runs the emulator in a child process, so that the test process's RSS and
 * CPU are the SDK's alone.
 * @returns {Promise<{ url: string, apiKey: string, apiSecret: string,
 *   stats: () => Promise<{ requests: number, createSessionRequests: number, currentCreateSessionRequests: number,
 *     sessions: number, sessionsDigest: string }>, (createSessionRequests: of the 0.3.x wire, the other of today's)
 *   close: () => Promise<void> }>}
 */
export async function startEmulatorProcess() {
  const child = spawn(process.execPath, ['-e', CHILD], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, HARDENING_EMULATOR: `${REPO_ROOT}emulator/index.js` },
  })
  const waiting = new Map()
  child.on('message', (msg) => {
    waiting.get(msg.id)?.(msg)
    waiting.delete(msg.id)
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const ask = (id, message) =>
    new Promise((resolve, reject) => {
      waiting.set(id, resolve)
      if (message) child.send(message)
      exited.then((code) => reject(new Error(`the emulator process exited (${code})`)))
    })
  const ready = await ask('ready')
  let nextId = 0
  return {
    url: ready.url,
    apiKey: ready.apiKey,
    apiSecret: ready.apiSecret,
    stats: () => {
      const id = nextId++
      return ask(id, { op: 'stats', id })
    },
    close: async () => {
      child.disconnect()
      assert.equal(await exited, 0, 'the emulator process exits cleanly')
    },
  }
}
