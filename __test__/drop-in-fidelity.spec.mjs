// Drop-in fidelity with what apps of the 0.3.x and 1.0.x lines do (issue 12):
// util.promisify, the callbackStyle option, the 0.3.x manifest callback on
// failure, token options 0.3.x wrote, and the location hint on the wire.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { promisify } from 'node:util'
import { isolatedEnv } from './helpers/hardening.mjs'
import {
  assertOpenTokError,
  captureProcessEvents,
  decodeSessionId,
  emulatorEnv,
  OpenTokArchive,
  OpenTokError,
  PROTOCOLS,
  rejectsWith,
  runNode,
  sleep,
  useEmulator,
} from './helpers/network.mjs'
import { decodeToken, nowSeconds } from './helpers/token.mjs'

const ctx = useEmulator()

/** Calls `start(callback)` and resolves to the arguments of the callback's one call. */
function callbackArgs(start, callback = (...args) => args) {
  return new Promise((resolve) => {
    start(function wrapper() {
      resolve(callback(...arguments))
    })
  })
}

/** The form bodies of the createSession requests `fn` makes. */
async function sessionForms(fn) {
  const sent = ctx.track()
  await fn()
  return sent()
    .filter((r) => r.path === '/hl/session/create' || r.path === '/session/create')
    .map((r) => r.body)
}

describe('util.promisify gives the promise form', () => {
  test('of sdk.createSession.bind(sdk), the form 1.0.x apps write: it resolves to the session ID', async () => {
    const sdk = ctx.sdk()
    const id = await promisify(sdk.createSession.bind(sdk))('127.0.0.1', {})
    assert.equal(typeof id, 'string')
    assert.equal(id, ctx.emu.sessions.at(-1).sessionId)
    assert.equal(decodeSessionId(id)[2], '127.0.0.1')
    assert.equal(sdk.sessionId, id)
  })

  test('of the unbound method and of its alias, called on the SDK', async () => {
    const sdk = ctx.sdk({ protocol: 'legacy' })
    assert.equal(await promisify(sdk.createSession).call(sdk), ctx.emu.sessions.at(-1).sessionId)
    assert.equal(await promisify(sdk.create_session).call(sdk, { mediaMode: 'routed' }), sdk.sessionId)
    assert.deepEqual(ctx.emu.sessions.at(-1).properties, { 'p2p.preference': 'disabled' })
  })

  test('of a method bound with arguments, and bound again', async () => {
    const sdk = ctx.sdk({ protocol: 'legacy' })
    const other = ctx.sdk({ protocol: 'legacy' })
    const bound = sdk.createSession.bind(sdk, '10.1.2.3')
    const forms = await sessionForms(async () => {
      assert.equal(await promisify(bound)({ 'p2p.preference': 'enabled' }), sdk.sessionId)
      // binding a bound function again keeps its `this`, as with any bound function
      await promisify(bound.bind(other))()
    })
    assert.deepEqual(forms, [
      `partner_id=${ctx.emu.apiKey}&location=10.1.2.3&p2p.preference=enabled`,
      `partner_id=${ctx.emu.apiKey}&location=10.1.2.3`,
    ])
    assert.equal(other.sessionId, undefined)
  })

  test('of getArchiveManifest and downloadArchiveURL: results, and OpenTokErrors as rejections', async () => {
    const sdk = ctx.sdk()
    const spec = ctx.archive()
    const manifest = promisify(sdk.getArchiveManifest.bind(sdk))
    const archive = await manifest(spec.archiveId, ctx.token())
    assert.ok(archive instanceof OpenTokArchive)
    assert.deepEqual(
      archive.resources.map((r) => r.getId()),
      spec.videos.map((v) => v.id),
    )
    const url = await promisify(archive.downloadArchiveURL.bind(archive))(spec.videos[0].id)
    assert.equal(url, `${ctx.emu.url}/download/${spec.archiveId}/${spec.videos[0].id}.flv`)
    await rejectsWith(manifest('no-such-archive', ctx.token()), {
      call: 'getArchiveManifest',
      code: 'OPENTOK_NOT_FOUND',
    })
    ctx.emu.fault('createSession', { status: 500, times: 1 })
    await rejectsWith(promisify(sdk.createSession.bind(sdk))(), { call: 'createSession', code: 'OPENTOK_SERVER' })
  })

  test('a bad argument rejects, as with util.promisify of any function, and nothing is sent', async () => {
    const sdk = ctx.sdk()
    const sent = ctx.track()
    await assert.rejects(promisify(sdk.getArchiveManifest.bind(sdk))(42, 'token'), {
      name: 'TypeError',
      code: 'ERR_INVALID_ARG_TYPE',
    })
    await assert.rejects(promisify(sdk.createSession.bind(sdk))(42), { code: 'ERR_INVALID_ARG_TYPE' })
    assert.deepEqual(sent(), [])
  })

  test('the methods still bind and call as functions do', () => {
    const sdk = ctx.sdk()
    const bound = sdk.createSession.bind(sdk)
    assert.equal(typeof bound, 'function')
    assert.equal(bound.name, 'bound createSession')
    assert.equal(sdk.createSession.bind.length, 1)
    assert.ok(!Object.keys(sdk.createSession).includes('bind'))
    assert.ok(bound() instanceof Promise)
  })
})

describe('options.callbackStyle', () => {
  test("'auto' (the default) reads the arity: a wrapper declaring no parameters is a 0.3.x callback", async () => {
    const events = captureProcessEvents()
    try {
      assert.deepEqual(await callbackArgs((cb) => ctx.sdk().createSession(cb)), [ctx.emu.sessions.at(-1).sessionId])
      assert.deepEqual(await callbackArgs((cb) => ctx.sdk({ callbackStyle: 'auto' }).createSession(cb)), [
        ctx.emu.sessions.at(-1).sessionId,
      ])
    } finally {
      events.dispose()
    }
  })

  test("'error-first': every callback gets (err, result), whatever it declares", async () => {
    const sdk = ctx.sdk({ callbackStyle: 'error-first' })
    assert.deepEqual(await callbackArgs((cb) => sdk.createSession(cb)), [null, sdk.sessionId])
    // a plain bound function (no promise form) through util.promisify works too
    const plain = Function.prototype.bind.call(sdk.createSession, sdk)
    assert.equal(plain[promisify.custom], undefined)
    assert.equal(await promisify(plain)(), sdk.sessionId)
    const [err, ...rest] = await callbackArgs((cb) => sdk.getArchiveManifest('no-such-archive', ctx.token(), cb))
    assertOpenTokError(err, { call: 'getArchiveManifest', code: 'OPENTOK_NOT_FOUND' })
    assert.deepEqual(rest, [])
    const spec = ctx.archive()
    const archive = await sdk.getArchiveManifest(spec.archiveId, ctx.token())
    assert.deepEqual(await callbackArgs((cb) => archive.downloadArchiveURL(spec.videos[1].id, cb)), [
      null,
      `${ctx.emu.url}/download/${spec.archiveId}/${spec.videos[1].id}.flv`,
    ])
  })

  test("'result': every callback gets (result), even one declaring (err, result)", async () => {
    const sdk = ctx.sdk({ callbackStyle: 'result' })
    const args = await new Promise((resolve) => sdk.createSession((...args) => resolve(args)))
    assert.deepEqual(args, [sdk.sessionId])
    const twoParams = await new Promise((resolve) => sdk.createSession((a, b) => resolve([a, b])))
    assert.deepEqual(twoParams, [sdk.sessionId, undefined])
    // util.promisify still gives the promise form
    assert.equal(await promisify(sdk.createSession.bind(sdk))(), sdk.sessionId)
  })

  test('anything else is a TypeError at construction', () => {
    for (const bad of ['node', 'errorFirst', '', null, 1, true]) {
      assert.throws(() => ctx.sdk({ callbackStyle: bad }), {
        name: 'TypeError',
        code: 'ERR_INVALID_ARG_VALUE',
        message: /"options\.callbackStyle".*'auto', 'error-first' or 'result'/,
      })
    }
  })
})

describe('a 0.3.x manifest callback of a failed call gets an empty OpenTokArchive, as 0.3.x did', () => {
  const failures = {
    'a wrong token': (spec) => [spec.archiveId, ctx.token({ role: 'publisher' })],
    'an unknown archive': () => ['no-such-archive', ctx.token()],
    'a 500': (spec) => {
      ctx.emu.fault('manifest', { status: 500, times: 1 })
      return [spec.archiveId, ctx.token()]
    },
  }
  for (const [name, args] of Object.entries(failures)) {
    test(name, async () => {
      const spec = ctx.archive()
      const [archiveId, token] = args(spec)
      const sdk = ctx.sdk()
      const events = captureProcessEvents()
      try {
        // the seed README's pattern: it must not throw
        const counted = await callbackArgs(
          (cb) => sdk.getArchiveManifest(archiveId, token, cb),
          (archive) => [archive, archive.resources.length],
        )
        const [archive, length] = counted
        assert.equal(length, 0)
        assert.ok(archive instanceof OpenTokArchive)
        assert.deepEqual(
          { archiveId: archive.archiveId, resources: archive.resources, timeline: archive.timeline },
          { archiveId, resources: [], timeline: [] },
        )
        await sleep(10)
        assert.equal(events.warnings.length, 1, 'the error is a warning')
        assert.ok(events.warnings[0] instanceof OpenTokError)
      } finally {
        events.dispose()
      }
      // error-first callbacks and promises are unchanged
      const [err, ...rest] = await new Promise((resolve) =>
        sdk.getArchiveManifest(...args(spec), (e, result) => resolve(result === undefined ? [e] : [e, result])),
      )
      assert.ok(err instanceof OpenTokError, String(err))
      assert.deepEqual(rest, [])
      await assert.rejects(sdk.getArchiveManifest(...args(spec)), OpenTokError)
    })
  }

  test('the empty archive downloads with the call’s own token and endpoint', async () => {
    const spec = ctx.archive()
    ctx.emu.fault('manifest', { status: 500, times: 1 })
    const sdk = ctx.sdk()
    const [archive] = await callbackArgs((cb) => sdk.getArchiveManifest(spec.archiveId, ctx.token(), cb))
    assert.equal(
      await archive.downloadArchiveURL(spec.videos[0].id),
      `${ctx.emu.url}/download/${spec.archiveId}/${spec.videos[0].id}.flv`,
    )
  })
})

describe('generateToken takes what 0.3.x made working tokens of, and says how to fix what the service refuses', () => {
  const sdk = () => ctx.sdk()
  const session = () => ctx.emu.sessions.at(-1)?.sessionId

  test('connection_data 42, true and null are written connection_data=42, =true and =', async () => {
    await ctx.sdk().createSession()
    for (const [value, written] of [
      [42, '42'],
      [true, 'true'],
      [null, ''],
    ]) {
      const token = sdk().generateToken(session(), { connection_data: value })
      assert.ok(decodeToken(token).payload.endsWith(`&role=publisher&connection_data=${written}`), String(value))
    }
  })

  test('the common expire_time mistakes get a message that names the fix', async () => {
    await ctx.sdk().createSession()
    const fractional = Date.now() / 1000 + 3600
    assert.throws(() => sdk().generateToken(session(), { expire_time: fractional }), {
      name: 'RangeError',
      code: 'ERR_OUT_OF_RANGE',
      message: /"expire_time".*fraction.*Math\.floor\(Date\.now\(\) \/ 1000\) \+ 3600/,
    })
    assert.throws(() => sdk().generateToken(session(), { expire_time: Date.now() + 86400000 }), {
      name: 'RangeError',
      message: /"expire_time".*milliseconds.*divide by 1000/,
    })
    assert.throws(() => sdk().generateToken(session(), { expire_time: nowSeconds() - 60 }), {
      message: /"expire_time".*in the future.*Math\.floor\(Date\.now\(\) \/ 1000\)/,
    })
    assert.throws(() => sdk().generateToken(session(), { connection_data: 'x'.repeat(1001) }), {
      message: /"connection_data".*at most 1000 characters, got 1001/,
    })
    assert.throws(() => sdk().generateToken(session(), { role: 'admin' }), {
      message: /"role".*subscriber, publisher or moderator \(see RoleConstants\), got "admin"/,
    })
    // the fix the message names works
    const fixed = sdk().generateToken(session(), { expire_time: Math.floor(Date.now() / 1000) + 3600 })
    assert.ok(decodeToken(fixed).fields.expire_time)
  })
})

describe('location is sent once, and only when it is an IPv4 address', () => {
  for (const protocol of PROTOCOLS) {
    describe(`on the ${protocol} wire`, () => {
      // The 0.3.x form starts with partner_id; today's has none.
      const form = (rest = '') => (protocol === 'legacy' ? `partner_id=${ctx.emu.apiKey}${rest}` : rest.slice(1))

      test("createSession('localhost', cb), the seed README's example, sends no location (as 0.3.2 to 1.0.2)", async () => {
        const sdk = ctx.sdk({ protocol })
        const forms = await sessionForms(() => callbackArgs((cb) => sdk.createSession('localhost', cb)))
        assert.deepEqual(forms, [form()])
        assert.equal(decodeSessionId(sdk.sessionId)[2], '')
      })

      test('names, IPv6 and malformed addresses are left out; IPv4 is sent', async () => {
        const sdk = ctx.sdk({ protocol })
        const forms = await sessionForms(async () => {
          for (const location of ['example.com', '::1', '2001:db8::1', '01.2.3.4', '1.2.3', ' 10.0.0.1', '10.0.0.1:80'])
            await sdk.createSession(location)
          await sdk.createSession('10.0.0.1', { 'p2p.preference': 'enabled' })
        })
        assert.deepEqual(forms, [...Array(7).fill(form()), form('&location=10.0.0.1&p2p.preference=enabled')])
      })

      test("createSession('10.1.2.3', { location: '1.2.3.4' }) sends one location, the argument's", async () => {
        const sdk = ctx.sdk({ protocol })
        const forms = await sessionForms(async () => {
          await sdk.createSession('10.1.2.3', { location: '1.2.3.4' })
          await sdk.createSession('localhost', { location: '1.2.3.4' })
          await sdk.createSession({ location: 'localhost' })
          await sdk.createSession({ location: '1.2.3.4' })
        })
        assert.deepEqual(forms, [
          form('&location=10.1.2.3'),
          form('&location=1.2.3.4'),
          form(),
          form('&location=1.2.3.4'),
        ])
      })
    })
  }

  test('the NODE_DEBUG=opentok line of the call says what was left out', async () => {
    const source = `
      const { OpenTokSDK } = require('./index.js');
      const { EMU_URL, EMU_KEY, EMU_SECRET } = process.env;
      (async () => {
        const sdk = new OpenTokSDK(EMU_KEY, EMU_SECRET, { apiUrl: EMU_URL });
        await sdk.createSession('localhost');
        await sdk.createSession('10.1.2.3', { location: '1.2.3.4' });
        await sdk.createSession('10.1.2.3');
      })();`
    const { code, stderr } = await runNode(source, { env: isolatedEnv({ NODE_DEBUG: 'opentok', ...emulatorEnv(ctx) }) })
    assert.equal(code, 0, stderr)
    const lines = stderr.split('\n').filter((line) => line.includes('/session/create'))
    assert.equal(lines.length, 3, stderr)
    assert.match(lines[0], /POST \/session\/create 200 [\d.]+ ms \(location left out: not an IPv4 address\)$/)
    assert.match(lines[1], /\(a second location left out: one is sent\)$/)
    assert.match(lines[2], /POST \/session\/create 200 [\d.]+ ms$/)
    assert.doesNotMatch(stderr, /localhost/, 'values are not logged')
  })
})
