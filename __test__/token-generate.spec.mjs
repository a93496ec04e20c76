// generateToken / generate_token: which session a token is for, its fields
// and defaults, its signature, and agreement with the later official encoders.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { randomTokenOptions } from './helpers/random-options.mjs'
import {
  API_KEY,
  API_SECRET,
  dataKeys,
  decodeToken,
  nowSeconds,
  OpenTokSDK,
  PROTOCOL_SESSION_ID,
  prng,
  requireFromRepo,
  SESSION_ID,
  sessionIdFor,
  verifyToken,
} from './helpers/token.mjs'

const OTHER_SESSION = sessionIdFor(API_KEY, { rand: '0.123' })
const THIRD_SESSION = sessionIdFor(API_KEY, { date: '2014-03-19 23:35:24+00:00', prefix: '2_' })
const METHODS = ['generateToken', 'generate_token']

const sdk = () => new OpenTokSDK(API_KEY, API_SECRET)

/** The session a token is for; asserts it is named once, by a first `session_id` field. */
function sessionOf(token) {
  const keys = dataKeys(token)
  assert.equal(keys[0], 'session_id')
  assert.deepEqual(
    keys.filter((key) => /^session(_id|Id)?$/.test(key)),
    ['session_id'],
    `one session field in ${keys}`,
  )
  return decodeToken(token).fields.session_id
}

const INVALID_SESSION = { name: 'Error', message: 'An invalid session ID was passed' }
const MISSING_SESSION = { name: 'Error', message: 'Null or empty session ID are not valid' }

for (const method of METHODS) {
  describe(`${method}: the session`, () => {
    test('comes from session_id, else sessionId, else session, else sdk.sessionId, by JS truthiness', () => {
      const s = sdk()
      s.sessionId = THIRD_SESSION
      const cases = [
        [{ session_id: SESSION_ID, sessionId: OTHER_SESSION, session: THIRD_SESSION }, SESSION_ID],
        [{ sessionId: OTHER_SESSION, session: SESSION_ID }, OTHER_SESSION],
        [{ session: OTHER_SESSION }, OTHER_SESSION],
        [{ session_id: '', sessionId: OTHER_SESSION }, OTHER_SESSION],
        [{ session_id: 0, sessionId: null, session: SESSION_ID }, SESSION_ID],
        [{ session_id: false, sessionId: NaN, session: '' }, THIRD_SESSION],
        [{ session_id: undefined, role: 'moderator' }, THIRD_SESSION],
        [{}, THIRD_SESSION],
      ]
      for (const [options, expected] of cases)
        assert.equal(sessionOf(s[method](options)), expected, JSON.stringify(options))
      for (const none of [undefined, null]) assert.equal(sessionOf(s[method](none)), THIRD_SESSION)
      assert.equal(sessionOf(s[method]()), THIRD_SESSION)
    })

    test('a truthy non-string session_id is chosen, as in the original, and refused', () => {
      assert.throws(() => sdk()[method]({ session_id: 1, sessionId: SESSION_ID }), {
        name: 'TypeError',
        code: 'ERR_INVALID_ARG_TYPE',
        message: /session_id/,
      })
      assert.throws(() => sdk()[method]({ session: ['x'] }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
    })

    test('aliases fold into one session_id field, first in the data', () => {
      const now = nowSeconds()
      for (const alias of ['session_id', 'sessionId', 'session']) {
        const token = sdk()[method]({ x: 'y', [alias]: OTHER_SESSION, create_time: now, nonce: 5 })
        assert.equal(sessionOf(token), OTHER_SESSION)
        assert.deepEqual(decodeToken(token).entries, [
          ['session_id', OTHER_SESSION],
          ['create_time', String(now)],
          ['nonce', '5'],
          ['role', 'publisher'],
          ['x', 'y'],
        ])
      }
    })

    test('generateToken(sessionId[, options]): the string argument wins over any alias', () => {
      const s = sdk()
      s.sessionId = THIRD_SESSION
      assert.equal(sessionOf(s[method](SESSION_ID)), SESSION_ID)
      const token = s[method](SESSION_ID, { session_id: OTHER_SESSION, sessionId: OTHER_SESSION, role: 'subscriber' })
      assert.equal(sessionOf(token), SESSION_ID)
      assert.equal(decodeToken(token).fields.role, 'subscriber')
      assert.equal(sessionOf(s[method](SESSION_ID, null)), SESSION_ID)
    })

    test('no session, or an empty one: "Null or empty session ID are not valid"', () => {
      for (const call of [
        (s) => s[method](),
        (s) => s[method]({}),
        (s) => s[method](null),
        (s) => s[method]({ session_id: '' }),
        (s) => s[method](''),
        (s) => s[method]('', { role: 'publisher' }),
        (s) => s[method]({ session_id: null, sessionId: 0, session: false }),
      ]) {
        assert.throws(() => call(sdk()), MISSING_SESSION)
      }
    })

    test('a session of another key, garbage or non-ASCII: "An invalid session ID was passed"', () => {
      const invalid = [
        sessionIdFor('1497129'),
        sessionIdFor('149712920'),
        sessionIdFor('99999999'),
        sessionIdFor(' 14971292'),
        'garbage',
        '1_',
        '1_!!!!',
        `3_${SESSION_ID.slice(2)}`,
        SESSION_ID.slice(2),
        `T1==${SESSION_ID.slice(2)}`,
        `1_${Buffer.from('nothing').toString('base64url')}`,
        `1_${Buffer.from('1~~~').toString('base64url')}`,
        `${SESSION_ID}é`,
        `é${SESSION_ID}`,
        `${SESSION_ID.slice(0, 10)}ñ${SESSION_ID.slice(11)}`,
        sessionIdFor('14971292é'),
        sessionIdFor('１４９７１２９２'),
        SESSION_ID.replace(/[A-Za-z]/, '\u{1d400}'),
      ]
      for (const id of invalid) {
        assert.throws(() => sdk()[method]({ session_id: id }), INVALID_SESSION, id)
        assert.throws(() => sdk()[method](id), INVALID_SESSION, id)
      }
    })

    test('sessions of the key are accepted in every form the server uses', () => {
      const body = PROTOCOL_SESSION_ID.slice(2)
      const padded = (rand, padding) => sessionIdFor(API_KEY, { rand }) + padding
      for (const id of [
        PROTOCOL_SESSION_ID,
        `2_${body}`,
        padded('0.1', '=='),
        padded('0.12', '='),
        PROTOCOL_SESSION_ID.replaceAll('-', '+'),
      ]) {
        assert.equal(sessionOf(sdk()[method](id)), id)
      }
    })

    test('a numeric API key signs sessions whose key is its decimal text', () => {
      const s = new OpenTokSDK(14971292, API_SECRET)
      const token = s[method]({ session_id: PROTOCOL_SESSION_ID })
      assert.equal(verifyToken(token, API_SECRET).partnerId, '14971292')
      assert.equal(sessionOf(token), PROTOCOL_SESSION_ID)
      assert.throws(() => s[method]({ session_id: sessionIdFor('149712920') }), INVALID_SESSION)
      assert.throws(
        () => new OpenTokSDK(1497129, API_SECRET)[method]({ session_id: PROTOCOL_SESSION_ID }),
        INVALID_SESSION,
      )
    })
  })
}

describe('token fields and defaults', () => {
  test('default role publisher, create_time now, a random integer nonce below 999999, no expire_time', () => {
    const s = sdk()
    const nonces = new Set()
    for (let i = 0; i < 40; i++) {
      const before = nowSeconds()
      const { entries, fields } = decodeToken(s.generateToken(SESSION_ID))
      assert.deepEqual(
        entries.map(([key]) => key),
        ['session_id', 'create_time', 'nonce', 'role'],
      )
      assert.equal(fields.role, 'publisher')
      assert.match(fields.create_time, /^\d+$/)
      const createTime = Number(fields.create_time)
      assert.ok(createTime >= before - 2 && createTime <= nowSeconds() + 2, `create_time ${createTime} near ${before}`)
      assert.match(fields.nonce, /^\d+$/)
      assert.ok(Number(fields.nonce) < 999999)
      nonces.add(fields.nonce)
    }
    assert.ok(nonces.size > 30, `nonces vary: ${nonces.size} distinct of 40`)
  })

  test("the caller's create_time, nonce and role replace the defaults in place; other options follow in order", () => {
    const now = nowSeconds()
    const token = sdk().generateToken({
      z: '1',
      connection_data: 'c d',
      nonce: '0042',
      role: 'moderator',
      expire_time: now + 60,
      create_time: now - 5,
      session_id: SESSION_ID,
      a: 2,
    })
    assert.deepEqual(decodeToken(token).entries, [
      ['session_id', SESSION_ID],
      ['create_time', String(now - 5)],
      ['nonce', '0042'],
      ['role', 'moderator'],
      ['z', '1'],
      ['connection_data', 'c d'],
      ['expire_time', String(now + 60)],
      ['a', '2'],
    ])
  })

  test('fixed create_time and nonce give reproducible tokens, by either method name', () => {
    const now = nowSeconds()
    const options = {
      session_id: SESSION_ID,
      create_time: now,
      nonce: 123456,
      role: 'subscriber',
      expire_time: now + 3600,
      connection_data: 'user=1',
    }
    const token = sdk().generateToken(options)
    assert.equal(sdk().generateToken({ ...options }), token)
    assert.equal(sdk().generate_token(options), token)
    assert.equal(sdk().generateToken(SESSION_ID, options), token)
    assert.notEqual(sdk().generateToken({ ...options, nonce: 123457 }), token)
    assert.notEqual(new OpenTokSDK(API_KEY, `${API_SECRET}!`).generateToken(options), token)
    assert.notEqual(sdk().generateToken({ ...options, create_time: now + 1 }), token)
  })

  test('the options object is left untouched', () => {
    const options = { sessionId: SESSION_ID, role: 'moderator', list: [1, 2], nested: { a: 1 } }
    const copy = structuredClone(options)
    sdk().generateToken(options)
    assert.deepEqual(options, copy)
  })
})

describe('signatures', () => {
  test('every token is T1 base64 of partner_id, a lowercase hex HMAC-SHA1 of the data, and the data', (t) => {
    const seed = 0x51a7
    const rng = prng(seed)
    const now = nowSeconds()
    const credentials = [
      [API_KEY, API_SECRET],
      [Number(API_KEY), API_SECRET],
      [API_KEY, 'ünïcødé 🔑'],
      ['45', 'x'],
      [API_KEY, 'k'.repeat(200)],
    ]
    let count = 0
    for (const [apiKey, apiSecret] of credentials) {
      const s = new OpenTokSDK(apiKey, apiSecret)
      for (let i = 0; i < 200; i++, count++) {
        const token =
          i % 2
            ? s.generateToken(randomTokenOptions(rng, { apiKey, now }))
            : s.generate_token(sessionIdFor(apiKey, { rand: String(i) }))
        assert.match(token, /^T1==[A-Za-z0-9+/]+={0,2}$/)
        assert.equal(verifyToken(token, apiSecret).partnerId, String(apiKey))
      }
    }
    t.diagnostic(`${count} tokens verified (seed ${seed})`)
  })
})

describe('later official encoders decode the same', () => {
  const now = nowSeconds()
  const fields = {
    session_id: SESSION_ID,
    create_time: now,
    nonce: 777,
    role: 'moderator',
    expire_time: now + 7200,
    connection_data: 'name=Ann & co: é😀',
  }

  test('opentok-token@1.1.1 encodes the same fields into the same token', () => {
    const encodeToken = requireFromRepo('opentok-token')
    assert.equal(sdk().generateToken(fields), encodeToken(fields, API_KEY, API_SECRET))
  })

  test('opentok@2.23.2 T1 tokens carry the same data fields', () => {
    const OpenTok2 = requireFromRepo('opentok-2')
    const opentok = new OpenTok2(API_KEY, API_SECRET)
    const theirs = opentok.generateToken(
      SESSION_ID,
      { role: 'moderator', expireTime: now + 7200, data: fields.connection_data, nonce: 777, create_time: now },
      true,
    )
    const ours = sdk().generateToken({ ...fields, initial_layout_class_list: '', scope: 'session.connect' })
    assert.deepEqual(verifyToken(ours, API_SECRET).entries, verifyToken(theirs, API_SECRET).entries)
    assert.equal(ours, theirs)
  })
})
