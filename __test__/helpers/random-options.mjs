// Seeded generation of token options covering every kind of value Node's
// querystring writes, for the differential and signature suites.
import { ROLES, sessionIdFor, THIRTY_DAYS } from './token.mjs'

const RESERVED_ASCII = ' !"#$%&+,/:;<=>?@[\\]^`{|}\u0000\t\n\r\u007f'
const UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()"
const BMP = [
  'é',
  'ß',
  'ü',
  '中文',
  '\u0080',
  '\u07ff',
  '\u0800',
  '\u00a0',
  '\ufeff',
  '\ue000',
  '\ufffd',
  '\uffff',
  'Ω',
  'я',
  '٣',
]
const ASTRAL = ['😀', '𝄞', '\u{10000}', '\u{10ffff}', '👩‍👩‍👧', '🇫🇷']
const COMBINING = ['e\u0301', '\u0308', 'n\u0303', 'a\u0301\u0302\u0303']
const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d']

/** Keys a JS object orders first (array indices) and look-alikes it does not. */
const INTEGER_LIKE_KEYS = ['0', '7', '42', '4294967294', '4294967295', '07', '-1', '1.5', '1e3']
const ODD_KEYS = [
  'a',
  'x',
  'data',
  'userId',
  '',
  'key with space',
  'k&=?+',
  'clé',
  '😀',
  'a\u0301',
  'partner_id',
  'sig',
  'toString',
  'constructor',
  'valueOf',
]
/** Keys whose values the product checks or places itself: only generated with valid values. */
const RULED_KEYS = new Set([
  'session_id',
  'sessionId',
  'session',
  'create_time',
  'nonce',
  'role',
  'expire_time',
  'connection_data',
  '__proto__',
  'hasOwnProperty',
])

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  42,
  1.5,
  -2.25,
  0.1 + 0.2,
  1e21,
  -1e21,
  1e-7,
  -1e-7,
  1e-6,
  123e-20,
  999999.999,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  NaN,
  Infinity,
  -Infinity,
]
const BIGINTS = [0n, -1n, 7n, 2n ** 64n, -(10n ** 30n), 123456789012345678901234567890n]

/**
 * A string from fragments of every class querystring escapes differently.
 * Lone surrogates only stand where something follows them (`loneSurrogates`).
 */
export function randomString(rng, { maxParts = 6, loneSurrogates = true } = {}) {
  const parts = rng.int(maxParts + 1)
  let text = ''
  for (let i = 0; i < parts; i++) {
    switch (rng.int(loneSurrogates ? 7 : 6)) {
      case 0:
        text += rng.pick(RESERVED_ASCII)
        break
      case 1:
        text += UNRESERVED.slice(rng.int(UNRESERVED.length))
        break
      case 2:
        text += rng.pick(BMP)
        break
      case 3:
        text += rng.pick(ASTRAL)
        break
      case 4:
        text += rng.pick(COMBINING)
        break
      case 5:
        text += String.fromCharCode(rng.between(0x20, 0x7e), rng.between(0x20, 0x7e))
        break
      default:
        text += `${rng.pick(LONE_SURROGATES) + rng.pick(['a', '~', '%', 'é', '\ud800', '😀'])}z`
    }
  }
  return text
}

function randomNumber(rng) {
  switch (rng.int(4)) {
    case 0:
      return rng.pick(NUMBERS)
    case 1:
      return rng.between(-1e9, 1e9)
    case 2:
      return (rng.next() - 0.5) * 10 ** rng.between(-30, 30)
    default:
      return rng.int(1000)
  }
}

/** Values querystring writes as empty strings: null, objects, functions, symbols. */
function randomEmptyValue(rng) {
  return rng.pick([
    () => null,
    () => ({ a: 1 }),
    () => ({}),
    () => new Date(0),
    () => new String('boxed'),
    () => Object.create(null),
    () => () => 1,
    () => Symbol('s'),
    () => /re/,
  ])()
}

function randomScalar(rng) {
  switch (rng.int(7)) {
    case 0:
    case 1:
      return randomString(rng)
    case 2:
      return randomNumber(rng)
    case 3:
      return rng.pick(BIGINTS)
    case 4:
      return rng.chance(0.5)
    case 5:
      return ''
    default:
      return randomEmptyValue(rng)
  }
}

/** A pass-through option value: a scalar or an array (mixed, empty, nested). */
export function randomValue(rng) {
  if (!rng.chance(0.2)) return randomScalar(rng)
  const length = rng.int(5)
  return Array.from({ length }, () => (rng.chance(0.15) ? [randomScalar(rng)] : randomScalar(rng)))
}

function randomKey(rng) {
  for (;;) {
    const key = rng.chance(0.5)
      ? rng.pick(rng.chance(0.5) ? INTEGER_LIKE_KEYS : ODD_KEYS)
      : randomString(rng, { maxParts: 3 })
    if (!RULED_KEYS.has(key)) return key
  }
}

/** A session ID of `apiKey` in one of the forms the server hands out. */
function randomSessionId(rng, apiKey) {
  const id = sessionIdFor(apiKey, {
    date: new Date(rng.between(1.3e12, 1.8e12)).toISOString(),
    rand: String(rng.next()),
    prefix: rng.chance(0.8) ? '1_' : '2_',
  })
  return rng.chance(0.1) ? id + '='.repeat((4 - ((id.length - 2) % 4)) % 4) : id
}

/** Sets `key` as an own enumerable property, even `__proto__`. */
function define(object, key, value) {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
}

/** connection_data as apps pass it: mostly text, sometimes a number, BigInt, boolean or null (0.3.x wrote them all). */
function randomConnectionData(rng) {
  if (rng.chance(0.15)) {
    const scalars = [42, 0, -0, -1.5, 1e21, NaN, Infinity, true, false, null, 7n, -(10n ** 30n)]
    return rng.chance(0.3) ? rng.int(1e9) : rng.pick(scalars)
  }
  return rng.chance(0.05) ? 'x'.repeat(rng.between(900, 1000)) : randomString(rng, { maxParts: 12 })
}

/**
 * Token options both the product and opentok@0.3.0 accept, with
 * `session_id`, `create_time` and `nonce` fixed, in a random order.
 * @param {ReturnType<import('./token.mjs').prng>} rng
 * @param {{ apiKey: string | number, now: number }} context `now`: Unix seconds, not in the past (expire_time is drawn after it)
 */
export function randomTokenOptions(rng, { apiKey, now }) {
  const createTime = now + rng.between(-86400, 86400)
  const entries = [
    ['session_id', randomSessionId(rng, apiKey)],
    ['create_time', rng.chance(0.8) ? createTime : String(createTime)],
    ['nonce', rng.chance(0.8) ? rng.int(999999) : rng.pick([String(rng.int(999999)), randomString(rng)])],
  ]
  if (rng.chance(0.7)) entries.push(['role', rng.pick(ROLES)])
  if (rng.chance(0.5)) {
    const expire = rng.between(now + 120, createTime + THIRTY_DAYS)
    entries.push(['expire_time', rng.chance(0.8) ? expire : rng.chance(0.7) ? String(expire) : BigInt(expire)])
  }
  if (rng.chance(0.5)) entries.push(['connection_data', randomConnectionData(rng)])
  if (rng.chance(0.05)) entries.push(['__proto__', randomValue(rng)])
  const extras = rng.int(6)
  for (let i = 0; i < extras; i++) entries.push([randomKey(rng), randomValue(rng)])

  const options = {}
  for (const [key, value] of rng.shuffle(entries)) define(options, key, value)
  return options
}
