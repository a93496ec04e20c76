// The rules the server enforces on token options, checked before signing,
// and how generateToken treats odd options objects.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

import {
  API_KEY,
  API_SECRET,
  decodeToken,
  nowSeconds,
  OpenTokSDK,
  ROLES,
  RoleConstants,
  SESSION_ID,
  THIRTY_DAYS,
} from './helpers/token.mjs'

const sdk = new OpenTokSDK(API_KEY, API_SECRET)
/** A token for SESSION_ID with `options`, by the newer form and by the object form. */
const bothForms = (options) => [
  () => sdk.generateToken(SESSION_ID, options),
  () => sdk.generate_token({ session_id: SESSION_ID, ...options }),
]
const fieldsOf = (options) => bothForms(options).map((generate) => decodeToken(generate()).fields)

const typeError = (name) => ({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: new RegExp(`"${name}"`) })
const rangeError = (name) => ({ name: 'RangeError', code: 'ERR_OUT_OF_RANGE', message: new RegExp(`"${name}"`) })

/** Asserts every `value` of option `name` throws `expected`, by both call forms. */
function assertRejects(name, values, expected, extra = {}) {
  for (const value of values) {
    for (const generate of bothForms({ ...extra, [name]: value }))
      assert.throws(generate, expected, `${name}: ${String(value)}`)
  }
}

/** Asserts every `value` of option `name` is accepted and written as `written(value)`. */
function assertAccepts(name, values, extra = {}, written = String) {
  for (const value of values) {
    for (const fields of fieldsOf({ ...extra, [name]: value }))
      assert.equal(fields[name], written(value), `${name}: ${value}`)
  }
}

describe('role', () => {
  test('is subscriber, publisher or moderator, publisher by default', () => {
    assertAccepts('role', ROLES)
    assertAccepts('role', Object.values(RoleConstants))
    for (const fields of fieldsOf({})) assert.equal(fields.role, 'publisher')
  })

  test('any other string is a RangeError naming "role"', () => {
    assertRejects(
      'role',
      [
        '',
        'admin',
        'Publisher',
        'PUBLISHER',
        ' publisher',
        'publisher ',
        'publisheronly',
        'moderator\u0000',
        'subscrіber',
      ],
      rangeError('role'),
    )
  })

  test('a non-string is a TypeError', () => {
    assertRejects(
      'role',
      [1, 0, true, null, {}, ['publisher'], 1n, () => 'publisher', Symbol('publisher'), new String('publisher')],
      typeError('role'),
    )
  })
})

describe('expire_time', () => {
  test('whole seconds in the future, at most 30 days after create_time, as a number or a numeric string', () => {
    const now = nowSeconds()
    assertAccepts('expire_time', [now + 5, now + 60, now + THIRTY_DAYS - 5, String(now + 3600)])
    assertAccepts('expire_time', [now + THIRTY_DAYS, String(now + THIRTY_DAYS)], { create_time: now })
    assertAccepts('expire_time', [now + 20 * 86400], { create_time: now - 9 * 86400 })
    assertAccepts('expire_time', [now + 29 * 86400], { create_time: String(now) })
    for (const fields of fieldsOf({})) assert.equal(fields.expire_time, undefined)
  })

  test('now, the past, fractions, non-integers and more than 30 days are RangeErrors', () => {
    const now = nowSeconds()
    assertRejects(
      'expire_time',
      [now, now - 1, 0, -1, now + 1.5, now + 0.001, NaN, Infinity, -Infinity, now + THIRTY_DAYS + 120],
      rangeError('expire_time'),
    )
    assertRejects(
      'expire_time',
      [String(now - 10), '', ' 1', `${now + 60}.0`, `+${now + 60}`, `${now + 60} `, '1e12', '0x7fffffff', 'soon'],
      rangeError('expire_time'),
    )
    assertRejects('expire_time', [now + THIRTY_DAYS + 1], rangeError('expire_time'), { create_time: now })
    assertRejects('expire_time', [now + 21 * 86400], rangeError('expire_time'), { create_time: now - 10 * 86400 })
    assertRejects('expire_time', [now + 60], rangeError('expire_time'), { create_time: 1000 })
  })

  test('a BigInt of whole seconds is written as its digits, as querystring writes it', () => {
    const later = nowSeconds() + 60
    assertAccepts('expire_time', [BigInt(later)])
  })

  test('other types are TypeErrors', () => {
    const later = nowSeconds() + 60
    assertRejects(
      'expire_time',
      [true, null, {}, [later], () => later, Symbol('t'), new Date(later * 1000)],
      typeError('expire_time'),
    )
  })
})

describe('connection_data', () => {
  test('a string of at most 1000 UTF-16 code units', () => {
    assertAccepts('connection_data', ['', 'userId=42', 'x'.repeat(1000), '😀'.repeat(500), 'é'.repeat(1000)])
  })

  test('1001 units is a RangeError', () => {
    assertRejects(
      'connection_data',
      ['x'.repeat(1001), `${'😀'.repeat(500)}x`, 'é'.repeat(1001), 'y'.repeat(100000)],
      rangeError('connection_data'),
    )
  })

  test('a number, BigInt, boolean or null is written as 0.3.x wrote it', () => {
    assertAccepts('connection_data', [42, 0, -1.5, 1e21, 1n, true, false])
    assertAccepts('connection_data', [null, NaN, Infinity], {}, () => '')
  })

  test('an object, array, function or symbol is a TypeError that says to pass JSON.stringify(value)', () => {
    assertRejects('connection_data', [{ a: 1 }, ['x'], [], () => 'x', Symbol('x'), new String('x')], {
      ...typeError('connection_data'),
      message: /"connection_data".*JSON\.stringify\(value\)/,
    })
  })
})

describe('create_time and nonce', () => {
  test('create_time is whole seconds, as a number or a numeric string', () => {
    assertAccepts('create_time', [0, 1, 1700000000, '1700000000'])
    assertRejects('create_time', [-1, 1.5, NaN, 'now', '', '17e8'], rangeError('create_time'))
    assertRejects('create_time', [true, null, {}, [1]], typeError('create_time'))
  })

  test('nonce is a finite number or a string, written as given', () => {
    assertAccepts('nonce', [0, 999998, 12.5, -3, '', 'abc', '007'])
    assertRejects('nonce', [NaN, Infinity], rangeError('nonce'))
    assertRejects('nonce', [true, null, {}], typeError('nonce'))
  })
})

describe('the options object', () => {
  test('undefined values are ignored, as if the key were absent', () => {
    const now = nowSeconds()
    const fixed = { create_time: now, nonce: 1 }
    const plain = sdk.generateToken(SESSION_ID, fixed)
    const withUndefined = {
      role: undefined,
      a: undefined,
      ...fixed,
      expire_time: undefined,
      connection_data: undefined,
      session_id: undefined,
    }
    assert.equal(sdk.generateToken(SESSION_ID, withUndefined), plain)
    assert.equal(sdk.generateToken({ ...withUndefined, sessionId: SESSION_ID }), plain)
  })

  test('a throwing getter propagates its own error', () => {
    const boom = new Error('boom from a getter')
    const getters = [
      {
        session_id: SESSION_ID,
        get extra() {
          throw boom
        },
      },
      {
        get session_id() {
          throw boom
        },
      },
      {
        session_id: SESSION_ID,
        get role() {
          throw boom
        },
      },
    ]
    for (const options of getters)
      assert.throws(
        () => sdk.generateToken(options),
        (err) => err === boom,
      )
    assert.throws(
      () =>
        sdk.generateToken(SESSION_ID, {
          get connection_data() {
            throw boom
          },
        }),
      (err) => err === boom,
    )
  })

  test('options that are not objects are TypeErrors naming "options"', () => {
    const s = new OpenTokSDK(API_KEY, API_SECRET)
    s.sessionId = SESSION_ID
    for (const options of [42, 0, true, false, 'x', Symbol('o'), 1n, () => ({})]) {
      assert.throws(() => s.generateToken(SESSION_ID, options), typeError('options'), String(options))
    }
    for (const options of [42, 0, true, false, Symbol('o'), 1n]) {
      assert.throws(() => s.generateToken(options), typeError('options'), String(options))
      assert.throws(() => s.generate_token(options), typeError('options'), String(options))
    }
  })

  test('inherited and non-enumerable properties are not options', () => {
    const now = nowSeconds()
    const options = Object.create({ role: 'bogus', inherited: 1 })
    Object.assign(options, { create_time: now, nonce: 3 })
    Object.defineProperty(options, 'hidden', { value: 'x', enumerable: false })
    options[Symbol('s')] = 'symbol key'
    assert.deepEqual(
      decodeToken(sdk.generateToken(SESSION_ID, options)).entries.map(([key]) => key),
      ['session_id', 'create_time', 'nonce', 'role'],
    )
  })

  test('keys an app or a library added to Object.prototype are not options of a plain object', () => {
    const sdk = new OpenTokSDK(API_KEY, API_SECRET)
    const before = sdk.generateToken({ session_id: SESSION_ID, connection_data: 'd' })
    Object.prototype.role = 'bogus' // enumerable, as a careless assignment makes it
    Object.prototype.expire_time = 1
    try {
      for (const options of [{ session_id: SESSION_ID, connection_data: 'd' }, { session_id: SESSION_ID }]) {
        // A Map: a plain object would inherit the very keys under test.
        const fields = new Map(decodeToken(sdk.generateToken(options)).entries)
        assert.equal(fields.get('role'), 'publisher')
        assert.equal(fields.has('expire_time'), false)
      }
    } finally {
      delete Object.prototype.role
      delete Object.prototype.expire_time
    }
    // Once they are gone, tokens have the same fields as before.
    const keys = (token) => decodeToken(token).entries.map(([key]) => key)
    assert.deepEqual(keys(sdk.generateToken({ session_id: SESSION_ID, connection_data: 'd' })), keys(before))
  })
})
