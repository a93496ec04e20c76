// The 2.x surface itself: the module shape (the 2.x constructor carrying the
// 0.3.x classes), the constructor, generateToken with 2.x's rules (compared
// with opentok@2.23.2's tokens), the callback and promise forms, and the
// error kinds.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { describe, test } from 'node:test'
import { inspect } from 'node:util'
import { KEY, KINDS, OpenTok2, OpenTokNative, SECRET } from './helpers/v2.mjs'

const SESSION = `1_${Buffer.from(`1~${KEY}~~Tue Dec 01 2026~0.5~`).toString('base64url')}`
const OTHER_SESSION = `1_${Buffer.from('1~999~~x~0.5~').toString('base64url')}`
const ot = new OpenTokNative(KEY, SECRET)
const original = new OpenTok2(KEY, SECRET)

/** A JWT's claims, its signature checked with the secret. */
function jwtClaims(token) {
  const [header, payload, signature] = token.split('.')
  const expected = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url')
  assert.equal(signature, expected, 'signed with the secret')
  return JSON.parse(Buffer.from(payload, 'base64url').toString())
}

/** A T1 token's fields, its signature checked with the secret. */
function t1Fields(token) {
  assert.ok(token.startsWith('T1=='))
  const decoded = Buffer.from(token.slice(4), 'base64').toString()
  const [head, data] = [decoded.slice(0, decoded.indexOf(':')), decoded.slice(decoded.indexOf(':') + 1)]
  const head1 = new URLSearchParams(head)
  assert.equal(head1.get('partner_id'), KEY)
  assert.equal(head1.get('sig'), createHmac('sha1', SECRET).update(data).digest('hex'))
  return [...new URLSearchParams(data)]
}

const VOLATILE = ['iat', 'exp', 'create_time', 'nonce', 'expire_time']
const stable = (claims) => Object.fromEntries(Object.entries(claims).filter(([k]) => !VOLATILE.includes(k)))

describe('module shape', () => {
  test('module.exports is the 2.x constructor carrying the 0.3.x surface and the 2.x error kinds', () => {
    assert.equal(typeof OpenTokNative, 'function')
    for (const name of [
      'OpenTokSDK',
      'RoleConstants',
      'OpenTokError',
      'OpenTokArchive',
      'OpenTokArchiveVideoResource',
    ]) {
      assert.ok(OpenTokNative[name], name)
    }
    for (const name of KINDS) {
      const err = new OpenTokNative[name]('m')
      assert.ok(err instanceof Error && err instanceof OpenTokNative.OpenTokError, name)
      assert.equal(err.name, name)
      assert.ok(err.stack, 'a real stack, unlike 2.23.2')
    }
    assert.equal(new OpenTokNative.AuthError().message, 'Invalid API key or secret')
    assert.equal(new OpenTokNative.NotFoundError().message, 'Not Found')
    const sdk = new OpenTokNative.OpenTokSDK(KEY, SECRET)
    assert.ok(sdk.generateToken(SESSION).startsWith('T1=='), '0.3.x code keeps working')
  })

  test('the constructor: with or without new, 2.x argument checks, apiUrl fixed, the secret hidden', () => {
    assert.ok(OpenTokNative(KEY, SECRET) instanceof OpenTokNative)
    const numeric = new OpenTokNative(Number(KEY), SECRET, 'http://127.0.0.1:1')
    assert.equal(numeric.apiKey, KEY)
    assert.equal(numeric.apiUrl, 'http://127.0.0.1:1')
    assert.equal(new OpenTokNative(KEY, SECRET, { apiUrl: 'http://h:2', timeout: '5000' }).apiUrl, 'http://h:2')
    assert.equal(ot.apiUrl, 'https://api.opentok.com')
    assert.equal(ot.apiSecret, SECRET, 'readable, as in 2.x')
    assert.ok(!JSON.stringify(ot).includes(SECRET) && !inspect(ot, { showHidden: true }).includes(SECRET))
    for (const [args, theirs] of [
      [[], 'apiKey=undefined, apiSecret=undefined'],
      [['k', 5], 'apiKey=k, apiSecret=5'],
      [[{}, 's'], 'apiKey=[object Object], apiSecret=[redacted]'],
    ]) {
      assert.throws(() => new OpenTokNative(...args), {
        name: 'ArgumentError',
        message: `Invalid arguments when initializing OpenTok: ${theirs}`,
      })
    }
    const { listArchives, signal } = ot
    assert.equal(typeof listArchives, 'function', 'methods are bound own properties, as in 2.x')
    assert.equal(typeof signal, 'function')
  })

  test('every call without a callback returns a promise; with one it returns undefined', async () => {
    const dead = new OpenTokNative(KEY, SECRET, { apiUrl: 'http://127.0.0.1:9' })
    const promise = dead.forceMuteStream('S', 'ST')
    assert.ok(promise instanceof Promise)
    await assert.rejects(promise, { name: 'RequestError', code: 'OPENTOK_NETWORK' })
    await new Promise((resolve) => {
      assert.equal(
        dead.listArchives((err, archives, totalCount) => {
          assert.equal(err.code, 'OPENTOK_NETWORK')
          assert.equal(archives, undefined)
          assert.equal(totalCount, undefined)
          resolve()
        }),
        undefined,
      )
    })
    assert.throws(() => dead.getArchive('A', 'not a callback'), { code: 'ERR_INVALID_ARG_TYPE' })
  })
})

describe('generateToken', () => {
  test('a JWT by default, with the claims of 2.23.2 in its order', () => {
    const options = {
      role: 'moderator',
      data: 'name=x',
      initialLayoutClassList: ['a', 'b'],
      expireTime: Date.now() / 1000 + 600,
    }
    const mine = jwtClaims(ot.generateToken(SESSION, options))
    const theirs = JSON.parse(Buffer.from(original.generateToken(SESSION, options).split('.')[1], 'base64url'))
    assert.deepEqual(Object.keys(mine), Object.keys(theirs))
    assert.deepEqual(stable(mine), stable(theirs))
    assert.equal(mine.expire_time, theirs.expire_time)
    assert.equal(mine.exp, mine.expire_time)
    assert.equal(typeof mine.nonce, 'number')
    const plain = jwtClaims(ot.generateToken(SESSION))
    assert.equal(plain.role, 'publisher')
    assert.equal(plain.expire_time - plain.create_time, 86400)
    assert.equal('connection_data' in plain, false)
  })

  test('a T1 token when the third argument is true, with the fields of 2.23.2 in its order', () => {
    const options = { role: 'subscriber', data: 'a b&c=d', initialLayoutClassList: 'x y' }
    const mine = t1Fields(ot.generateToken(SESSION, options, true))
    const theirs = t1Fields(original.generateToken(SESSION, options, true))
    assert.deepEqual(
      mine.map(([k]) => k),
      theirs.map(([k]) => k),
    )
    const stableFields = (fields) => fields.filter(([k]) => !VOLATILE.includes(k))
    assert.deepEqual(stableFields(mine), stableFields(theirs))
  })

  test('publisheronly is a role; session.generateToken is the same call', () => {
    assert.equal(jwtClaims(ot.generateToken(SESSION, { role: 'publisheronly' })).role, 'publisheronly')
  })

  test('refusals with 2.23.2 messages', () => {
    const now = Math.round(Date.now() / 1000)
    const cases = [
      [[undefined], /^Token cannot be generated without a sessionId parameter$/],
      [[OTHER_SESSION], /^Token cannot be generated unless the session belongs to the API Key$/],
      [['garbage'], /^Token cannot be generated unless the session belongs to the API Key$/],
      [[SESSION, { role: 'admin' }], /^Invalid role for token generation: admin$/],
      [
        [SESSION, { expireTime: 5 }],
        new RegExp(`^Invalid expireTime for token generation, time cannot be in the past: 5 < ${now}`),
      ],
      [
        [SESSION, { data: 'x'.repeat(1025) }],
        /^Invalid data for token generation, must be a string with maximum length 1024$/,
      ],
      [[SESSION, { data: 5 }], /^Invalid data for token generation/],
      [
        [SESSION, { initialLayoutClassList: ['x'.repeat(1025)] }],
        /^Invalid initial layout class list for token generation/,
      ],
    ]
    for (const [args, message] of cases) {
      assert.throws(() => original.generateToken(...args), { message }, `2.23.2: ${args[1] && JSON.stringify(args[1])}`)
      assert.throws(
        () => ot.generateToken(...args),
        (err) => err instanceof OpenTokNative.ArgumentError && message.test(err.message),
      )
    }
    assert.ok(ot.generateToken(SESSION, { data: 'x'.repeat(1024), initialLayoutClassList: 'y'.repeat(1024) }))
  })
})
