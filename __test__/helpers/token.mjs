// Shared by the token and SDK suites: the module under test, the original
// opentok@0.3.0, session ID building and T1 token decoding, written from
// docs/protocol.md with node:crypto (not with the product's code).
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

export { nowSeconds } from './t1.mjs'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const requireFromRepo = createRequire(new URL('../../package.json', import.meta.url))

/** The module under test, as `require('opentok-native')` gives it. */
export const native = requireFromRepo('./index.js')
export const { OpenTokSDK, RoleConstants } = native

/** opentok@0.3.0. It builds tokens with `new Buffer()`: keep that deprecation warning out of the test output. */
export function loadOriginal() {
  process.noDeprecation = true
  return requireFromRepo('opentok')
}

export const API_KEY = '14971292'
export const API_SECRET = 's3cr3t-0f-the-partner'
export const ROLES = ['subscriber', 'publisher', 'moderator']
export const THIRTY_DAYS = 30 * 24 * 60 * 60

/**
 * A session ID owned by `apiKey`: `1_` + base64url (unpadded) of `1~key~~date~rand~`.
 * @param {string | number} apiKey
 * @param {{ date?: string, rand?: string, prefix?: string }} [parts]
 */
export function sessionIdFor(
  apiKey,
  { date = '2012-05-16 23:22:34.874487+00:00', rand = '0.502852690534', prefix = '1_' } = {},
) {
  return prefix + Buffer.from(`1~${apiKey}~~${date}~${rand}~`).toString('base64url')
}

export const SESSION_ID = sessionIdFor(API_KEY)

/** The example session ID of docs/protocol.md (key 14971292). */
export const PROTOCOL_SESSION_ID = '1_MX4xNDk3MTI5Mn5-MjAxMi0wNS0xNiAyMzoyMjozNC44NzQ0ODcrMDA6MDB-MC41MDI4NTI2OTA1MzR-'

/** Lowercase hex HMAC-SHA1 of `data` keyed with `secret`. */
export const hmacHex = (secret, data) => createHmac('sha1', secret).update(data).digest('hex')

/**
 * Splits a T1 token: `T1==` + base64 of `partner_id=<key>&sig=<hex>:<data>`.
 * `entries` are the data's `[key, value]` pairs in order, percent-decoded.
 */
export function decodeToken(token) {
  assert.equal(typeof token, 'string')
  assert.ok(token.startsWith('T1=='), `token starts with T1==: ${token.slice(0, 12)}`)
  const base64 = token.slice(4)
  const payload = Buffer.from(base64, 'base64').toString('utf8')
  assert.equal(Buffer.from(payload, 'utf8').toString('base64'), base64, 'canonical, padded base64')
  const match = /^partner_id=([^&]*)&sig=([0-9a-f]{40}):(.*)$/s.exec(payload)
  assert.ok(match, `payload shape: ${payload}`)
  const [, partnerId, sig, data] = match
  const entries = data.split('&').map((pair) => {
    const eq = pair.indexOf('=')
    return [decodeURIComponent(pair.slice(0, eq)), decodeURIComponent(pair.slice(eq + 1))]
  })
  return { payload, partnerId, sig, data, entries, fields: Object.fromEntries(entries) }
}

/** Decodes `token` and checks its signature against `secret`; returns the decoded token. */
export function verifyToken(token, secret) {
  const decoded = decodeToken(token)
  assert.equal(decoded.sig, hmacHex(secret, decoded.data), `signature of ${decoded.data}`)
  return decoded
}

/** The data keys of a token, in order. */
export const dataKeys = (token) => decodeToken(token).entries.map(([key]) => key)

/** sfc32, a small seeded PRNG: same seed, same sequence. */
export function prng(seed) {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed >>> 0
  const next = () => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    const t = (a + b + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    return t / 4294967296
  }
  for (let i = 0; i < 16; i++) next()
  const rng = {
    next,
    /** An integer in [0, n). */
    int: (n) => Math.floor(next() * n),
    /** An integer in [lo, hi]. */
    between: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    shuffle(list) {
      for (let i = list.length - 1; i > 0; i--) {
        const j = rng.int(i + 1)
        ;[list[i], list[j]] = [list[j], list[i]]
      }
      return list
    },
  }
  return rng
}
