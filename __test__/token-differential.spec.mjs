// The tokens of opentok-native against those of the original opentok@0.3.0,
// byte for byte, over seeded random options (TOKEN_DIFF_SEED, TOKEN_DIFF_CASES
// reproduce or widen a run) and hand-picked edge cases.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { inspect } from 'node:util'
import { randomTokenOptions } from './helpers/random-options.mjs'
import {
  API_KEY,
  API_SECRET,
  decodeToken,
  loadOriginal,
  nowSeconds,
  OpenTokSDK,
  prng,
  requireFromRepo,
  SESSION_ID,
  sessionIdFor,
} from './helpers/token.mjs'

const original = loadOriginal()
const SEED = Number(process.env.TOKEN_DIFF_SEED ?? 0x0c0ffee5)
const CASES = Number(process.env.TOKEN_DIFF_CASES ?? 10000)

/** Both SDKs built from the same credentials. */
function pair(apiKey, apiSecret) {
  return {
    apiKey,
    apiSecret,
    ours: new OpenTokSDK(apiKey, apiSecret),
    theirs: new original.OpenTokSDK(apiKey, apiSecret),
  }
}

const PAIRS = [
  pair(API_KEY, API_SECRET),
  pair(Number(API_KEY), API_SECRET),
  pair(API_KEY, 'sé©rët 😀 key'),
  pair(API_KEY, 'lone \ud800 surrogate'),
  pair('45', 'x'),
]

const show = (options) => inspect(options, { depth: 4, breakLength: Infinity, showHidden: false })

/** Asserts both SDKs sign `options` into the same token; `method` is generateToken or generate_token. */
function assertSameToken({ ours, theirs }, options, context = '', method = 'generateToken') {
  const expected = theirs[method](options)
  const actual = ours[method](options)
  if (actual !== expected) {
    assert.equal(decodeToken(actual).payload, decodeToken(expected).payload, `${context} options ${show(options)}`)
    assert.fail(`${context} same payload, different token`)
  }
}

const base = (now, fields = {}) => ({ session_id: SESSION_ID, create_time: now, nonce: 4242, ...fields })

describe('tokens are byte-identical to opentok@0.3.0', () => {
  test(`over ${CASES} seeded random option sets`, (t) => {
    const rng = prng(SEED)
    // Times are drawn around the next UTC midnight: a seed gives the same options all day long.
    const anchor = Math.ceil((nowSeconds() + 1) / 86400) * 86400
    const started = performance.now()
    for (let i = 0; i < CASES; i++) {
      const sdks = PAIRS[i % PAIRS.length]
      const options = randomTokenOptions(rng, { apiKey: sdks.apiKey, now: anchor })
      assertSameToken(
        sdks,
        options,
        `seed ${SEED} case ${i} key ${inspect(sdks.apiKey)}:`,
        i % 7 === 0 ? 'generate_token' : 'generateToken',
      )
    }
    const ms = performance.now() - started
    t.diagnostic(
      `seed ${SEED} (TOKEN_DIFF_SEED), times around ${anchor}, ${CASES} cases (TOKEN_DIFF_CASES), ${PAIRS.length} key/secret pairs, ${ms.toFixed(0)} ms`,
    )
  })

  test('the random options really cover the hard kinds of value', () => {
    // Guards the generator: a change that stopped producing these would leave the differential test hollow.
    const rng = prng(SEED)
    const seen = new Set()
    for (let i = 0; i < 500; i++) {
      const options = randomTokenOptions(rng, { apiKey: API_KEY, now: 1.7e9 })
      const keys = Object.keys(options)
      if (keys.indexOf('session_id') > 0) seen.add('session_id not first')
      if (keys.includes('__proto__')) seen.add('__proto__')
      if (keys.some((key) => /^(0|[1-9]\d*)$/.test(key))) seen.add('index key')
      for (const value of Object.values(options).flat()) {
        seen.add(typeof value)
        if (typeof value === 'string' && /[\ud800-\udfff]/u.test(value.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')))
          seen.add('lone surrogate')
        if (Array.isArray(value)) seen.add('nested array')
        if (value === null) seen.add('null')
      }
      for (const value of Object.values(options))
        if (Array.isArray(value) && value.length === 0) seen.add('empty array')
    }
    for (const kind of [
      'session_id not first',
      '__proto__',
      'index key',
      'string',
      'number',
      'bigint',
      'boolean',
      'object',
      'function',
      'symbol',
      'lone surrogate',
      'null',
      'empty array',
    ]) {
      assert.ok(seen.has(kind), `generated ${kind}`)
    }
  })

  test('hand-picked edge cases', () => {
    const now = nowSeconds()
    const cases = {
      'rules before session_id': {
        connection_data: 'c',
        expire_time: now + 60,
        role: 'moderator',
        session_id: SESSION_ID,
        create_time: now,
        nonce: 1,
      },
      'overrides placed in order': {
        foo: 'bar',
        nonce: '77',
        role: 'subscriber',
        create_time: String(now),
        session_id: SESSION_ID,
      },
      '__proto__ string (JSON.parse)': JSON.parse(
        `{"__proto__": "x", "session_id": "${SESSION_ID}", "create_time": ${now}, "nonce": 3, "a": 1}`,
      ),
      '__proto__ object (JSON.parse)': JSON.parse(
        `{"a": 1, "__proto__": {"b": 2}, "session_id": "${SESSION_ID}", "create_time": ${now}, "nonce": 3}`,
      ),
      'integer-like keys': base(now, { x: 1, 4294967295: 'a', 4294967294: 'b', '07': 'c', 42: 'd', 7: 'e', 0: 'f' }),
      'numbers as querystring writes them': base(now, {
        n: [0, -0, 1e21, -1e21, 1e-7, 1.5, NaN, Infinity, -Infinity, 2 ** 64, Number.MAX_VALUE],
      }),
      'bigint, boolean, null, object, function, symbol': base(now, {
        g: 10n ** 25n,
        t: true,
        f: false,
        z: null,
        o: { a: 1 },
        fn: () => 1,
        s: Symbol('x'),
      }),
      'arrays: empty, nested, mixed': base(now, {
        e: [],
        n: [[1, 2], [], 'x'],
        m: ['a b', 2, true, null, 3n, { o: 1 }],
      }),
      'empty arrays first and last': { e1: [], session_id: SESSION_ID, create_time: now, nonce: 0, e2: [] },
      'every unreserved and reserved ASCII character': base(now, {
        u: "AZaz09-_.!~*'()",
        r: ' !"#$%&+,/:;<=>?@[\\]^`{|}\u0000\u007f',
      }),
      'unicode keys and values': base(now, { 'clé 😀': 'é€😀𝄞\u{10ffff}e\u0301\ufeff', '': 'empty key', k: '' }),
      'lone surrogates inside strings': base(now, {
        a: 'x\ud800y',
        b: '\udc00z',
        c: '\ud83d\ud83d\ude00!',
        'k\udbffk': 'v',
        l: ['\ud800a', 'b'],
      }),
      'connection_data of 1000 units': base(now, { connection_data: '😀'.repeat(500) }),
      'expire_time as a string, 30 days after create_time': base(now, { expire_time: String(now + 30 * 86400) }),
    }
    for (const [name, options] of Object.entries(cases)) {
      for (const sdks of PAIRS.slice(0, 2)) assertSameToken(sdks, options, `${name}:`)
    }
  })
})

describe('values 0.3.x wrote into tokens the service accepts: byte for byte with 0.3.0, 0.3.4 and 1.0.2', () => {
  // The published later lines sign the same way; 0.3.4 and 1.0.2 also check the session's key.
  const lines = ['opentok', 'opentok-0.3.4', 'opentok-1.0.2'].map((name) => ({
    name,
    theirs: new (requireFromRepo(name).OpenTokSDK)(API_KEY, API_SECRET),
  }))
  const ours = new OpenTokSDK(API_KEY, API_SECRET)

  test('connection_data numbers, BigInts, booleans and null; times as numeric strings and BigInts', () => {
    const now = nowSeconds()
    const cases = {
      'connection_data: 42': { connection_data: 42 },
      'connection_data: 0, -0, -1.5, 1e21': { connection_data: 0, a: -0, b: -1.5, c: 1e21 },
      'connection_data: NaN (written empty)': { connection_data: NaN },
      'connection_data: Infinity (written empty)': { connection_data: -Infinity },
      'connection_data: true': { connection_data: true },
      'connection_data: false': { connection_data: false },
      'connection_data: null (written empty)': { connection_data: null },
      'connection_data: a BigInt': { connection_data: 12345678901234567890n },
      'expire_time: a string of whole seconds': { expire_time: String(now + 3600) },
      'expire_time: a BigInt': { expire_time: BigInt(now + 86400) },
      'create_time: a string and expire_time a BigInt': { create_time: String(now), expire_time: BigInt(now + 60) },
      'create_time: a BigInt': { create_time: BigInt(now) },
      'nonce: a string': { nonce: 'n-1' },
      'every role constant': { role: 'moderator', connection_data: 7 },
    }
    for (const [name, extra] of Object.entries(cases)) {
      const options = base(now, extra)
      const expected = lines[0].theirs.generateToken(options)
      for (const line of lines)
        assert.equal(line.theirs.generateToken({ ...options }), expected, `${line.name}, ${name}`)
      const actual = ours.generateToken(options)
      if (actual !== expected) assert.equal(decodeToken(actual).payload, decodeToken(expected).payload, name)
      assert.equal(ours.generate_token(SESSION_ID, { ...options, session_id: undefined }), expected, name)
    }
  })

  test('the random option sets include such values', () => {
    const rng = prng(SEED)
    const kinds = new Set()
    for (let i = 0; i < 2000; i++) {
      const { connection_data: data, expire_time: expire } = randomTokenOptions(rng, { apiKey: API_KEY, now: 1.7e9 })
      if (data !== undefined && typeof data !== 'string')
        kinds.add(`connection_data ${data === null ? 'null' : typeof data}`)
      if (typeof expire === 'bigint') kinds.add('expire_time bigint')
    }
    assert.deepEqual([...kinds].sort(), [
      'connection_data bigint',
      'connection_data boolean',
      'connection_data null',
      'connection_data number',
      'expire_time bigint',
    ])
  })
})

describe('where opentok-native and opentok@0.3.0 knowingly part', () => {
  const [sdks] = PAIRS

  test('a lone surrogate at the very end of a key or value throws in both', () => {
    const now = nowSeconds()
    const cases = [
      { v: 'abc\ud800' },
      { v: '\udc00' },
      { 'key\udbff': 'v' },
      { list: ['ok', 'bad\ud83d'] },
      { connection_data: 'data\ud800' },
    ]
    for (const extra of cases) {
      const options = base(now, extra)
      let theirs
      assert.throws(
        () => sdks.theirs.generateToken(options),
        (err) => ((theirs = err), true),
      )
      assert.throws(
        () => sdks.ours.generateToken(options),
        (err) => err instanceof Error && /uri malformed/i.test(err.message) && /uri malformed/i.test(theirs.message),
        show(extra),
      )
    }
  })

  test('undefined values: skipped by opentok-native, written as `key=` by the original', () => {
    const now = nowSeconds()
    const options = base(now, {
      a: undefined,
      role: undefined,
      b: 'x',
      connection_data: undefined,
      expire_time: undefined,
    })
    const defined = base(now, { role: 'publisher', b: 'x' })
    assert.equal(sdks.ours.generateToken(options), sdks.theirs.generateToken(defined))
    assert.match(decodeToken(sdks.theirs.generateToken(options)).data, /&role=&a=&b=x&connection_data=&expire_time=$/)
  })

  test('null-prototype options work (the original throws on them)', () => {
    const now = nowSeconds()
    const options = Object.assign(Object.create(null), base(now, { role: 'moderator', extra: 'é' }))
    assert.throws(() => sdks.theirs.generateToken(options), TypeError)
    assert.equal(sdks.ours.generateToken(options), sdks.theirs.generateToken({ ...options }))
  })

  test('the session aliases name the session_id field only (the original also writes them)', () => {
    const now = nowSeconds()
    const other = sessionIdFor(API_KEY, { rand: '0.25' })
    for (const alias of ['sessionId', 'session']) {
      const { [alias]: _, ...rest } = { [alias]: other, create_time: now, nonce: 9, x: 1 }
      assert.equal(
        sdks.ours.generateToken({ [alias]: other, ...rest }),
        sdks.theirs.generateToken({ session_id: other, ...rest }),
        alias,
      )
    }
  })
})
