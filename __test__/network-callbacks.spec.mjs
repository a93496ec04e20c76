// Callbacks of the network calls: error-first when the callback declares two
// parameters or more, the 0.3.x result-only style otherwise (errors then go to
// process warnings); exactly one call; no unhandled rejections; a throwing
// callback is an uncaught exception.

import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import {
  assertOpenTokError,
  captureProcessEvents,
  emulatorEnv,
  OpenTokArchive,
  OpenTokError,
  runNode,
  sleep,
  useEmulator,
} from './helpers/network.mjs'

const ctx = useEmulator()

/** How long to keep watching after a callback ran, for a second call or a stray rejection. */
const LINGER_MS = 50

let events
beforeEach(() => {
  events = captureProcessEvents()
})
afterEach(() => events.dispose())

/**
 * Starts `call(callback)` with a callback that records every call, checks the
 * call returned undefined, and resolves with the recorded calls' arguments
 * after the first one plus LINGER_MS.
 */
async function callWith(call, arity) {
  const calls = []
  let first
  const ran = new Promise((resolve) => (first = resolve))
  const record = (args) => {
    calls.push(args)
    first()
  }
  const callback =
    arity >= 2
      ? function (err, result) {
          record([...arguments])
        }
      : arity === 1
        ? function (result) {
            record([...arguments])
          }
        : function () {
            record([...arguments])
          }
  assert.equal(callback.length, arity)
  assert.equal(call(callback), undefined, 'a call with a callback returns undefined')
  await ran
  await sleep(LINGER_MS)
  assert.deepEqual(events.rejections, [], 'no unhandled rejection')
  assert.equal(calls.length, 1, 'the callback is called exactly once')
  return calls[0]
}

/** The three calls, each with a way to make it succeed or fail. */
const CALLS = {
  async createSession(fail) {
    const sdk = ctx.sdk()
    if (fail) ctx.emu.fault('createSession', { status: 500, times: 1 })
    return {
      run: (cb) => sdk.createSession('10.1.1.1', {}, cb),
      check: (id) => assert.equal(id, ctx.emu.sessions.at(-1).sessionId),
    }
  },
  async getArchiveManifest(fail) {
    const archive = ctx.archive()
    return {
      run: (cb) => ctx.sdk().getArchiveManifest(fail ? 'no-such-archive' : archive.archiveId, ctx.token(), cb),
      check: (result) => assert.equal(result.archiveId, archive.archiveId),
    }
  },
  async downloadArchiveURL(fail) {
    const expected = ctx.archive()
    const archive = await ctx.sdk().getArchiveManifest(expected.archiveId, ctx.token())
    return {
      run: (cb) => archive.downloadArchiveURL(fail ? 'no-such-video' : expected.videos[0].id, cb),
      check: (url) => assert.equal(url, `${ctx.emu.url}/download/${expected.archiveId}/${expected.videos[0].id}.flv`),
    }
  },
}
const FAILURE = {
  createSession: 'OPENTOK_SERVER',
  getArchiveManifest: 'OPENTOK_NOT_FOUND',
  downloadArchiveURL: 'OPENTOK_NOT_FOUND',
}

for (const [name, prepare] of Object.entries(CALLS)) {
  describe(`${name} callbacks`, () => {
    test('error-first (err, result): null and the result on success', async () => {
      const { run, check } = await prepare(false)
      const args = await callWith(run, 2)
      assert.equal(args.length, 2)
      assert.equal(args[0], null)
      check(args[1])
      assert.deepEqual(events.warnings, [])
    })

    test('error-first (err, result): only the OpenTokError on failure, no warning', async () => {
      const { run } = await prepare(true)
      const args = await callWith(run, 2)
      assert.equal(args.length, 1)
      assertOpenTokError(args[0], { call: name, code: FAILURE[name] }, [ctx.emu.apiSecret])
      assert.deepEqual(events.warnings, [])
    })

    for (const arity of [1, 0]) {
      test(`${arity} declared parameters: the result on success`, async () => {
        const { run, check } = await prepare(false)
        const args = await callWith(run, arity)
        assert.equal(args.length, 1)
        check(args[0])
        assert.deepEqual(events.warnings, [])
      })

      const failedValue = name === 'getArchiveManifest' ? 'an empty archive' : 'undefined'
      test(`${arity} declared parameters: ${failedValue} on failure, the error as a process warning`, async () => {
        const { run } = await prepare(true)
        const args = await callWith(run, arity)
        if (name === 'getArchiveManifest') {
          // as 0.3.x gave: an OpenTokArchive of the archive ID asked for, with no resources
          assert.equal(args.length, 1)
          assert.ok(args[0] instanceof OpenTokArchive)
          assert.deepEqual(
            { archiveId: args[0].archiveId, resources: args[0].resources, timeline: args[0].timeline },
            { archiveId: 'no-such-archive', resources: [], timeline: [] },
          )
        } else {
          assert.deepEqual(args, [undefined])
        }
        assert.equal(events.warnings.length, 1, 'one warning')
        assert.ok(events.warnings[0] instanceof OpenTokError)
        assertOpenTokError(events.warnings[0], { call: name, code: FAILURE[name] }, [ctx.emu.apiSecret])
      })
    }
  })
}

describe('callbacks and timing', () => {
  test('the callback never runs before the call returns', async () => {
    let returned = false
    const ran = new Promise((resolve) => ctx.sdk().createSession((err, id) => resolve([returned, err, id])))
    returned = true
    const [returnedFirst, err] = await ran
    assert.equal(err, null)
    assert.ok(returnedFirst)
  })

  test('promise failures without a callback reject the promise and emit no warning', async () => {
    ctx.emu.fault('createSession', { status: 500, times: 1 })
    await assert.rejects(ctx.sdk().createSession(), { code: 'OPENTOK_SERVER' })
    await sleep(LINGER_MS)
    assert.deepEqual(events.warnings, [])
  })
})

describe('a callback that throws', () => {
  // The child counts callback calls and reports how each uncaught error arrived.
  const script = (style, handle) => `
    const { OpenTokSDK } = require('./index.js');
    const sdk = new OpenTokSDK(process.env.EMU_KEY, process.env.EMU_SECRET, { apiUrl: process.env.EMU_URL });
    let calls = 0;
    process.on('exit', (code) => console.log('calls=' + calls + ' exit=' + code));
    ${handle ? "process.on('uncaughtException', (err, origin) => { console.log('caught ' + origin + ': ' + err.message); setTimeout(() => {}, 200); });" : ''}
    sdk.createSession(${style === 'error-first' ? '(err, id) => { calls++; throw new Error("boom from callback " + (err ? "err" : "ok")) }' : '(id) => { calls++; throw new Error("boom from callback " + typeof id) }'});
  `

  for (const style of ['error-first', 'single-argument']) {
    test(`${style}: the error is uncaught, reported on stderr, and the callback ran once`, async () => {
      const result = await runNode(script(style, false), { env: emulatorEnv(ctx) })
      assert.ok(!result.timedOut)
      assert.equal(result.code, 1, result.stderr)
      assert.match(result.stderr, /Error: boom from callback (ok|string)/)
      assert.match(result.stdout, /^calls=1 exit=1$/m)
    })

    test(`${style}: with an uncaughtException handler, the callback is still not called again`, async () => {
      const result = await runNode(script(style, true), { env: emulatorEnv(ctx) })
      assert.equal(result.code, 0, result.stderr)
      assert.match(
        result.stdout,
        /^caught uncaughtException: boom from callback (ok|string)$/m,
        'an uncaught exception, not an unhandled rejection',
      )
      assert.match(result.stdout, /^calls=1 exit=0$/m)
    })
  }

  test('error-first, on failure: a throw in the callback is not fed back into it', async () => {
    ctx.emu.fault('createSession', { status: 500, times: 1 })
    const result = await runNode(script('error-first', true), { env: emulatorEnv(ctx) })
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /^caught uncaughtException: boom from callback err$/m)
    assert.match(result.stdout, /^calls=1 exit=0$/m)
  })
})
