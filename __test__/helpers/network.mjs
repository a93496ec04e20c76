// Shared by the network suites (__test__/network-*.spec.mjs): the module under
// test, one emulator per file, a recording HTTP server, child processes, and
// the checks every OpenTokError must pass. Only 127.0.0.1 is ever contacted.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import net from 'node:net'
import { after, before, beforeEach } from 'node:test'
import { inspect } from 'node:util'
import { moderatorToken } from './t1.mjs'
import { native, REPO_ROOT, requireFromRepo } from './token.mjs'

export { moderatorToken, nowSeconds, signT1 } from './t1.mjs'
export { native, REPO_ROOT }

export const { OpenTokSDK, OpenTokError, OpenTokArchive, OpenTokArchiveVideoResource } = native
export const { startEmulator } = requireFromRepo('./emulator/index.js')
// The emulator's closable server, reused for the small recording servers below.
const { listen } = requireFromRepo('./emulator/server.js')

export const VERSION = requireFromRepo('./package.json').version
export const USER_AGENT = `opentok-native/${VERSION}`
export const MiB = 1024 * 1024

/**
 * The two wires an SDK object speaks: today's (the default) and the 0.3.x one.
 * `useEmulator().sdk({ protocol })` makes an SDK of either.
 */
export const PROTOCOLS = /** @type {const} */ (['current', 'legacy'])

/** The form fields a recorded createSession request sent besides partner_id and location. */
export function sentProperties(request) {
  const fields = [...new URLSearchParams(request.body)].filter(([name]) => name !== 'partner_id' && name !== 'location')
  return Object.fromEntries(fields)
}

/** The first bytes of every FLV file. */
export const FLV_SIGNATURE = 'FLV'

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** How long a request that was wrongly sent takes to show in the emulator's log, with margin. */
const NOTHING_SENT_MS = 25

/**
 * Starts one emulator for the enclosing describe (or file) and closes it after;
 * faults are cleared before each test.
 * @returns {{
 *   emu: import('../../emulator/index.js').Emulator,
 *   sdk: (options?: object) => any,
 *   token: (fields?: object) => string,
 *   track: () => () => Array<{ method: string, path: string, headers: object, body: string }>,
 *   archive: (spec?: object) => any,
 * }}
 */
export function useEmulator() {
  const ctx = {
    emu: undefined,
    /** An SDK with the emulator's primary credentials, pointed at it; `{ protocol: 'legacy' }` for the 0.3.x wire. */
    sdk(options = {}) {
      return new OpenTokSDK(ctx.emu.apiKey, ctx.emu.apiSecret, { apiUrl: ctx.emu.url, ...options })
    },
    /** A moderator token of the primary key, signed independently of the product. */
    token(fields = {}) {
      return moderatorToken(ctx.emu.apiKey, ctx.emu.apiSecret, fields)
    },
    /** Marks the requests log: the function returned gives the requests received since. */
    track() {
      const start = ctx.emu.requests.length
      return () => ctx.emu.requests.slice(start)
    },
    /** Registers an archive, two videos by default. */
    archive(spec = {}) {
      return ctx.emu.addArchive({
        title: 'Interview',
        videos: [
          { length: 120, name: 'host' },
          { length: 118, name: 'guest' },
        ],
        ...spec,
      })
    },
  }
  before(async () => {
    ctx.emu = await startEmulator()
  })
  beforeEach(() => ctx.emu.clearFaults())
  after(() => ctx.emu?.close())
  return ctx
}

/** The `~`-separated record of a session ID: ['1', apiKey, location, date, random, '']. */
export function decodeSessionId(sessionId) {
  assert.equal(typeof sessionId, 'string')
  assert.match(sessionId, /^[12]_[A-Za-z0-9_-]+$/, `session ID shape: ${sessionId}`)
  return Buffer.from(sessionId.slice(2), 'base64url').toString('utf8').split('~')
}

/** The sessions XML the real server answers to a create-session request. */
export function sessionsXml(sessionId, apiKey = '123456') {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sessions><Session>' +
    `<session_id>${sessionId}</session_id><partner_id>${apiKey}</partner_id>` +
    '<create_dt>Wed Mar 19 23:35:24 PDT 2014</create_dt></Session></sessions>'
  )
}

/**
 * A local HTTP server that records every request and answers with `respond`
 * (by default 200 with a sessions XML of session ID `1_recorded`).
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, body: string) => void} [respond]
 */
export async function startRecorder(respond) {
  const requests = []
  const answer =
    respond ?? ((req, res) => res.writeHead(200, { 'Content-Type': 'text/xml' }).end(sessionsXml('1_recorded')))
  const server = await listen(
    async (req, res) => {
      const chunks = []
      for await (const chunk of req) chunks.push(chunk)
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: req.method, path: req.url, headers: req.headers, body })
      answer(req, res, body)
    },
    { port: 0, host: '127.0.0.1' },
  )
  return { url: server.url, requests, close: server.close }
}

/** Runs `fn(recorder)` with a recorder answering with `respond` (or the default), then closes it. */
export async function withRecorder(respond, fn) {
  const recorder = await startRecorder(respond)
  try {
    return await fn(recorder)
  } finally {
    await recorder.close()
  }
}

/** A recorder started before and closed after the enclosing describe. */
export function useRecorder(respond) {
  const ctx = { server: undefined }
  before(async () => {
    ctx.server = await startRecorder(respond)
  })
  after(() => ctx.server?.close())
  return ctx
}

/** An http:// URL of 127.0.0.1 on which nothing listens (a port just freed). */
export async function closedPortUrl() {
  const server = net.createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}`
}

/** Asserts that none of `secrets` shows in `value`, however it is printed. */
export function assertNoSecret(value, secrets, what = 'value') {
  const views = [
    String(value?.message ?? ''),
    String(value?.stack ?? ''),
    inspect(value, { depth: Infinity }),
    JSON.stringify(value) ?? '',
  ]
  for (const secret of secrets) {
    for (const view of views) assert.ok(!view.includes(secret), `${what} must not show the secret ${secret}: ${view}`)
  }
}

/**
 * Checks that `err` is the OpenTokError a failed `call` must give.
 * `expected` holds `code` and `call`, and optionally `status`, `serverCode`,
 * `serverMessage` (compared when present as keys, `undefined` included).
 */
export function assertOpenTokError(err, { call, code, ...fields }, secrets = []) {
  assert.ok(err instanceof OpenTokError, `an OpenTokError, got ${inspect(err)}`)
  assert.ok(err instanceof Error)
  assert.equal(err.name, 'OpenTokError')
  assert.equal(err.code, code, `code of: ${err.message}`)
  assert.ok(err.message.startsWith(`${call} failed:`), `message names the call: ${err.message}`)
  for (const [key, value] of Object.entries(fields)) assert.equal(err[key], value, `${key} of: ${err.message}`)
  assertNoSecret(err, secrets, 'the error')
  return err
}

/** Awaits the rejection of `promise` and checks it as `assertOpenTokError` does. */
export async function rejectsWith(promise, expected, secrets = []) {
  assert.ok(promise instanceof Promise, 'the call returns a Promise')
  let err
  await assert.rejects(promise, (e) => {
    err = e
    return true
  })
  return assertOpenTokError(err, expected, secrets)
}

/**
 * Asserts that `fn` throws synchronously an error of `Class` with `code`, and
 * that no request reaches the emulator of `ctx`, even a little later.
 */
export async function throwsBeforeSending(ctx, fn, Class, code) {
  const sent = ctx.track()
  assert.throws(fn, (err) => {
    assert.ok(err instanceof Class, `a ${Class.name}, got ${inspect(err)}`)
    assert.equal(err.code, code, err.message)
    return true
  })
  await sleep(NOTHING_SENT_MS)
  assert.deepEqual(sent(), [], 'nothing reached the server')
}

/**
 * Sets environment variables (undefined deletes) while `fn` runs, then puts them back.
 * @param {Record<string, string | undefined>} vars
 */
export async function withEnv(vars, fn) {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]))
  const apply = (values) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
  apply(vars)
  try {
    return await fn()
  } finally {
    apply(saved)
  }
}

/**
 * Records process 'warning' and 'unhandledRejection' events until `dispose()`.
 * @returns {{ warnings: Error[], rejections: unknown[], dispose: () => void }}
 */
export function captureProcessEvents() {
  const warnings = []
  const rejections = []
  const onWarning = (warning) => warnings.push(warning)
  const onRejection = (reason) => rejections.push(reason)
  process.on('warning', onWarning)
  process.on('unhandledRejection', onRejection)
  return {
    warnings,
    rejections,
    dispose() {
      process.off('warning', onWarning)
      process.off('unhandledRejection', onRejection)
    },
  }
}

/**
 * Runs a CommonJS `source` in a new node process with the repository as its
 * working directory (so `require('./index.js')` is the module under test).
 * The child is killed after `timeoutMs`.
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string, ms: number, timedOut: boolean }>}
 */
export function runNode(source, { env = {}, timeoutMs = 10_000 } = {}) {
  const start = performance.now()
  const child = spawn(process.execPath, ['-e', source], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, timeoutMs)
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, ms: performance.now() - start, timedOut })
    })
  })
}

/** The environment a child needs to reach the emulator of `ctx`. */
export const emulatorEnv = (ctx) => ({ EMU_URL: ctx.emu.url, EMU_KEY: ctx.emu.apiKey, EMU_SECRET: ctx.emu.apiSecret })

/** Measures how long `fn` takes to settle; returns `{ ms, value, error }`. */
export async function timed(fn) {
  const start = performance.now()
  try {
    const value = await fn()
    return { ms: performance.now() - start, value }
  } catch (error) {
    return { ms: performance.now() - start, error }
  }
}

/** Splits a request path into its decoded segments (query string dropped). */
export const pathSegments = (path) => path.split('?')[0].split('/').slice(1).map(decodeURIComponent)
