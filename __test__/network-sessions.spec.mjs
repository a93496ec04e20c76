// createSession over the network, against the emulator: argument shapes,
// the form it sends, the headers, and the session ID it gives back, on both
// wires (today's, the default, and the 0.3.x one, `protocol: 'legacy'`).
// The exact request of today's wire is in network-current-wire.spec.mjs.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  decodeSessionId,
  OpenTokSDK,
  PROTOCOLS,
  sentProperties,
  throwsBeforeSending,
  USER_AGENT,
  useEmulator,
} from './helpers/network.mjs'

const ctx = useEmulator()

/** Calls createSession with `args`, in callback form when `withCallback`; resolves to the session ID. */
function create(sdk, args, withCallback, method = 'createSession') {
  if (!withCallback) {
    const promise = sdk[method](...args)
    assert.ok(promise instanceof Promise)
    return promise
  }
  return new Promise((resolve, reject) => {
    const returned = sdk[method](...args, (err, sessionId) => (err ? reject(err) : resolve(sessionId)))
    assert.equal(returned, undefined, 'with a callback the call returns undefined')
  })
}

const SHAPES = [
  { name: '()', args: [], location: null, properties: {} },
  { name: '(location)', args: ['10.1.2.3'], location: '10.1.2.3', properties: {} },
  {
    name: '(properties)',
    args: [{ 'p2p.preference': 'enabled' }],
    location: null,
    properties: { 'p2p.preference': 'enabled' },
  },
  {
    name: '(location, properties)',
    args: ['10.9.8.7', { 'p2p.preference': 'disabled' }],
    location: '10.9.8.7',
    properties: { 'p2p.preference': 'disabled' },
  },
  {
    name: '(null, properties)',
    args: [null, { mediaMode: 'relayed' }],
    location: null,
    properties: { 'p2p.preference': 'enabled' },
  },
  { name: '(location, null)', args: ['10.0.0.1', null], location: '10.0.0.1', properties: {} },
  { name: "('')", args: [''], location: null, properties: {} },
  { name: "('', properties)", args: ['', { a: 'b' }], location: null, properties: { a: 'b' } },
  { name: '(undefined, undefined)', args: [undefined, undefined], location: null, properties: {} },
]

// Today's service reads p2p.preference (and archiveMode, e2ee) instead of recording them as properties.
const READ_BY_SERVICE = ['p2p.preference', 'archiveMode', 'e2ee']

/** The properties the emulator records for a session created with `properties` on `protocol`. */
function recordedProperties(protocol, properties) {
  if (protocol === 'legacy') return properties
  return Object.fromEntries(Object.entries(properties).filter(([name]) => !READ_BY_SERVICE.includes(name)))
}

/** What the form holds before the properties: partner_id on the 0.3.x wire only. */
const formPrefix = (protocol, apiKey) => (protocol === 'legacy' ? `partner_id=${apiKey}&` : '')

for (const protocol of PROTOCOLS) {
  describe(`createSession argument shapes (${protocol} wire)`, () => {
    for (const withCallback of [true, false]) {
      for (const shape of SHAPES) {
        test(`${shape.name} ${withCallback ? 'with a callback' : 'as a promise'}`, async () => {
          const sdk = ctx.sdk({ protocol })
          const sent = ctx.track()
          const sessionId = await create(sdk, shape.args, withCallback)
          assert.equal(sdk.sessionId, sessionId)
          const requests = sent()
          assert.equal(requests.length, 1)
          const form = new URLSearchParams(requests[0].body)
          assert.equal(form.get('partner_id'), protocol === 'legacy' ? ctx.emu.apiKey : null)
          assert.equal(form.get('location'), shape.location, 'location sent only when non-empty')
          assert.equal(form.has('location'), shape.location !== null)
          assert.deepEqual(sentProperties(requests[0]), shape.properties)
          const recorded = ctx.emu.sessions.at(-1)
          assert.equal(recorded.sessionId, sessionId)
          assert.equal(recorded.location, shape.location)
          assert.deepEqual(recorded.properties, recordedProperties(protocol, shape.properties))
          assert.equal(recorded.wire, protocol)
          const [, apiKey, location] = decodeSessionId(sessionId)
          assert.equal(apiKey, ctx.emu.apiKey)
          assert.equal(location, shape.location ?? '')
        })
      }
    }

    test('create_session is an alias of createSession, in both forms', async () => {
      const sdk = ctx.sdk({ protocol })
      assert.equal(sdk.create_session, sdk.createSession)
      const viaPromise = await create(sdk, ['10.4.4.4', { mediaMode: 'routed' }], false, 'create_session')
      const viaCallback = await create(sdk, ['10.5.5.5'], true, 'create_session')
      assert.deepEqual(decodeSessionId(viaPromise).slice(1, 3), [ctx.emu.apiKey, '10.4.4.4'])
      assert.deepEqual(decodeSessionId(viaCallback).slice(1, 3), [ctx.emu.apiKey, '10.5.5.5'])
      assert.deepEqual(
        ctx.emu.sessions.at(-2).properties,
        recordedProperties(protocol, { 'p2p.preference': 'disabled' }),
      )
      assert.deepEqual(
        ctx.emu.sessions.slice(-2).map((session) => session.mediaMode),
        ['routed', 'relayed'],
      )
    })
  })
}

describe('createSession properties', () => {
  for (const protocol of PROTOCOLS) {
    test(`strings, numbers and booleans are sent as form fields, in order; undefined ones are left out (${protocol} wire)`, async () => {
      const sent = ctx.track()
      await ctx.sdk({ protocol }).createSession({
        'p2p.preference': 'enabled',
        count: 3,
        ratio: 1.5,
        flag: true,
        off: false,
        skipped: undefined,
      })
      assert.equal(
        sent()[0].body,
        `${formPrefix(protocol, ctx.emu.apiKey)}p2p.preference=enabled&count=3&ratio=1.5&flag=true&off=false`,
      )
      assert.deepEqual(
        ctx.emu.sessions.at(-1).properties,
        recordedProperties(protocol, {
          'p2p.preference': 'enabled',
          count: '3',
          ratio: '1.5',
          flag: 'true',
          off: 'false',
        }),
      )
    })

    test(`names and values are form-escaped and reach the server intact (${protocol} wire)`, async () => {
      const properties = { 'x y': 'a&b=c', clé: 'é 😀', plus: '1+1', pct: '100%' }
      await ctx.sdk({ protocol }).createSession('10.1.1.1', properties)
      assert.deepEqual(ctx.emu.sessions.at(-1).properties, properties)
      assert.equal(ctx.emu.sessions.at(-1).location, '10.1.1.1')
    })

    for (const [mediaMode, preference] of [
      ['relayed', 'enabled'],
      ['routed', 'disabled'],
    ]) {
      test(`mediaMode ${mediaMode} is sent as p2p.preference=${preference} (${protocol} wire)`, async () => {
        const sent = ctx.track()
        await ctx.sdk({ protocol }).createSession({ mediaMode })
        assert.equal(sent()[0].body, `${formPrefix(protocol, ctx.emu.apiKey)}p2p.preference=${preference}`)
        assert.equal(ctx.emu.sessions.at(-1).mediaMode, mediaMode)
      })
    }
  }

  for (const mediaMode of ['p2p', 'Routed', '', 42]) {
    test(`mediaMode ${JSON.stringify(mediaMode)} is a RangeError thrown at once, in both forms`, async () => {
      const sdk = ctx.sdk()
      await throwsBeforeSending(ctx, () => sdk.createSession({ mediaMode }), RangeError, 'ERR_OUT_OF_RANGE')
      await throwsBeforeSending(
        ctx,
        () => sdk.createSession('10.0.0.1', { mediaMode }, () => assert.fail('no callback')),
        RangeError,
        'ERR_OUT_OF_RANGE',
      )
    })
  }

  test('mediaMode and p2p.preference together are a RangeError', async () => {
    await throwsBeforeSending(
      ctx,
      () => ctx.sdk().createSession({ mediaMode: 'routed', 'p2p.preference': 'enabled' }),
      RangeError,
      'ERR_OUT_OF_RANGE',
    )
  })

  for (const [label, value] of [
    ['an object', { nested: 1 }],
    ['an array', ['a']],
    ['null', null],
    ['a function', () => 1],
    ['a symbol', Symbol('s')],
    ['a bigint', 1n],
  ]) {
    test(`a property value that is ${label} is a TypeError thrown at once, even in promise form`, async () => {
      const sdk = ctx.sdk()
      await throwsBeforeSending(ctx, () => sdk.createSession({ bad: value }), TypeError, 'ERR_INVALID_ARG_TYPE')
      await throwsBeforeSending(
        ctx,
        () =>
          sdk.createSession('10.0.0.1', { ok: 'x', bad: value }, (err, id) => assert.fail(`no callback: ${err} ${id}`)),
        TypeError,
        'ERR_INVALID_ARG_TYPE',
      )
      assert.equal(sdk.sessionId, undefined)
    })
  }

  for (const [label, args] of [
    ['a numeric location', [42]],
    ['a boolean location', [true, {}]],
    ['string properties', ['10.0.0.1', 'p2p']],
    ['a non-function callback', ['10.0.0.1', {}, 'cb']],
  ]) {
    test(`${label} is a TypeError`, async () => {
      await throwsBeforeSending(ctx, () => ctx.sdk().createSession(...args), TypeError, 'ERR_INVALID_ARG_TYPE')
    })
  }
})

describe('createSession request and result', () => {
  test("protocol 'legacy' sends POST /hl/session/create with the partner credentials, a form body and the User-Agent", async () => {
    const sent = ctx.track()
    await ctx.sdk({ protocol: 'legacy' }).createSession()
    const [request] = sent()
    assert.equal(request.method, 'POST')
    assert.equal(request.path, '/hl/session/create')
    assert.equal(request.headers['x-tb-partner-auth'], `${ctx.emu.apiKey}:${ctx.emu.apiSecret}`)
    assert.equal(request.headers['x-tb-token-auth'], undefined)
    assert.equal(request.headers['user-agent'], USER_AGENT)
    assert.equal(request.headers['content-type'].split(';')[0], 'application/x-www-form-urlencoded')
  })

  test('sdk.sessionId starts undefined and is the last session created', async () => {
    const sdk = ctx.sdk()
    assert.equal(sdk.sessionId, undefined)
    const first = await sdk.createSession()
    assert.equal(sdk.sessionId, first)
    const second = await sdk.createSession('10.2.2.2')
    assert.notEqual(second, first)
    assert.equal(sdk.sessionId, second)
  })

  test('a failed call leaves sdk.sessionId as it was', async () => {
    const sdk = ctx.sdk()
    const created = await sdk.createSession()
    ctx.emu.fault('createSession', { status: 500, times: 1 })
    await assert.rejects(sdk.createSession(), { code: 'OPENTOK_SERVER' })
    assert.equal(sdk.sessionId, created)
  })

  test('a numeric API key is sent and decoded as String(apiKey), on both wires', async () => {
    ctx.emu.addCredentials('87654321', 'numeric-key-secret')
    const legacy = new OpenTokSDK(87654321, 'numeric-key-secret', { apiUrl: ctx.emu.url, protocol: 'legacy' })
    const sent = ctx.track()
    const sessionId = await legacy.createSession('10.3.3.3')
    assert.equal(sent()[0].headers['x-tb-partner-auth'], '87654321:numeric-key-secret')
    assert.deepEqual(decodeSessionId(sessionId).slice(0, 3), ['1', '87654321', '10.3.3.3'])

    const current = new OpenTokSDK(87654321, 'numeric-key-secret', { apiUrl: ctx.emu.url })
    const sentNow = ctx.track()
    const currentId = await current.createSession('10.3.3.4')
    const claims = JSON.parse(Buffer.from(sentNow()[0].headers['x-opentok-auth'].split('.')[1], 'base64url'))
    assert.equal(claims.iss, '87654321')
    assert.deepEqual(decodeSessionId(currentId).slice(0, 3), ['1', '87654321', '10.3.3.4'])
  })

  test('each SDK object uses its own credentials, even with calls of both in flight', async () => {
    ctx.emu.addCredentials('11223344', 'second-partner-secret')
    // One of each wire per key: the JWTs and the partner header are each made from their own object's credentials.
    const first = [ctx.sdk(), ctx.sdk({ protocol: 'legacy' })]
    const second = [
      new OpenTokSDK('11223344', 'second-partner-secret', { apiUrl: ctx.emu.url }),
      new OpenTokSDK('11223344', 'second-partner-secret', { apiUrl: ctx.emu.url, protocol: 'legacy' }),
    ]
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? second : first)[(i >> 1) % 2].createSession(`10.0.0.${i}`)),
    )
    ids.forEach((id, i) =>
      assert.deepEqual(decodeSessionId(id).slice(1, 3), [i % 2 ? '11223344' : ctx.emu.apiKey, `10.0.0.${i}`]),
    )
  })
})
