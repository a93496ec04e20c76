// JWT client tokens (`tokenFormat: 'JWT'`): signed HS256 with the secret,
// checked here with node:crypto; the same option rules and messages as T1;
// the claim set of opentok@2.23.2's default token; decode and verify.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { createRequire } from 'node:module'
import { describe, test } from 'node:test'
import { API_KEY, API_SECRET, nowSeconds, OpenTokSDK, SESSION_ID } from './helpers/token.mjs'

const require = createRequire(import.meta.url)
const OpenTok2 = require('opentok-2')

const jwtSdk = () => new OpenTokSDK(API_KEY, API_SECRET, { tokenFormat: 'JWT' })

/** The header and claims of an HS256 JWT, after checking its signature with `secret`. */
function verifiedClaims(token, secret = API_SECRET) {
  const [header, claims, signature] = token.split('.')
  const expected = createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url')
  assert.equal(signature, expected, 'HS256 signature with the API secret')
  assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url')), { alg: 'HS256', typ: 'JWT' })
  return JSON.parse(Buffer.from(claims, 'base64url'))
}

describe('JWT client tokens', () => {
  test('carry the claims of a client token, signed with the secret', () => {
    const before = nowSeconds()
    const claims = verifiedClaims(jwtSdk().generateToken({ session_id: SESSION_ID, role: 'moderator' }))
    const after = nowSeconds()
    assert.ok(claims.iat >= before && claims.iat <= after)
    assert.deepEqual(claims, {
      iss: API_KEY,
      ist: 'project',
      iat: claims.iat,
      exp: claims.create_time + 86400,
      session_id: SESSION_ID,
      create_time: claims.create_time,
      nonce: claims.nonce,
      role: 'moderator',
      expire_time: claims.create_time + 86400,
      initial_layout_class_list: '',
      scope: 'session.connect',
    })
    assert.ok(Number.isInteger(claims.nonce) && claims.nonce >= 0 && claims.nonce < 999999)
  })

  test('the claim set is the one opentok@2.23.2 makes by default (values aside)', () => {
    const theirs = verifiedClaims(new OpenTok2(API_KEY, API_SECRET).generateToken(SESSION_ID, { data: 'x' }))
    const ours = verifiedClaims(jwtSdk().generateToken({ session_id: SESSION_ID, connection_data: 'x' }))
    assert.deepEqual(Object.keys(ours).sort(), Object.keys(theirs).sort())
    for (const name of ['iss', 'ist', 'role', 'connection_data', 'initial_layout_class_list', 'scope', 'session_id']) {
      assert.equal(ours[name], theirs[name], name)
    }
  })

  test('options keep their place and type; times given as text become numbers', () => {
    const expire = nowSeconds() + 3600
    const claims = verifiedClaims(
      jwtSdk().generateToken(SESSION_ID, {
        expire_time: String(expire),
        connection_data: 'userId:42 "é" \n',
        create_time: expire - 60,
        nonce: 7,
        custom: true,
      }),
    )
    assert.equal(claims.exp, expire)
    assert.equal(claims.expire_time, expire)
    assert.equal(claims.create_time, expire - 60)
    assert.equal(claims.nonce, 7)
    assert.equal(claims.connection_data, 'userId:42 "é" \n')
    assert.equal(claims.custom, true)
  })

  test('the option rules and messages are those of T1 tokens', () => {
    const t1 = new OpenTokSDK(API_KEY, API_SECRET)
    const jwt = jwtSdk()
    const now = nowSeconds()
    for (const options of [
      { role: 'owner' },
      { role: 42 },
      { expire_time: now - 10 },
      { expire_time: now + 31 * 86400 },
      { expire_time: now + 0.5 },
      { connection_data: 'x'.repeat(1001) },
      { session_id: 'not a session' },
      { session_id: '' },
    ]) {
      const expected = (() => {
        try {
          t1.generateToken({ session_id: SESSION_ID, ...options })
        } catch (err) {
          return err
        }
        assert.fail(`T1 accepted ${JSON.stringify(options)}`)
      })()
      assert.throws(
        () => jwt.generateToken({ session_id: SESSION_ID, ...options }),
        (err) =>
          err.constructor === expected.constructor && err.code === expected.code && err.message === expected.message,
        JSON.stringify(options),
      )
    }
  })

  test('T1 stays the default, byte for byte the same as before', () => {
    const fixed = { session_id: SESSION_ID, create_time: 1700000000, nonce: 1 }
    const token = new OpenTokSDK(API_KEY, API_SECRET).generateToken(fixed)
    assert.ok(token.startsWith('T1=='))
    assert.equal(new OpenTokSDK(API_KEY, API_SECRET, { tokenFormat: 'T1' }).generateToken(fixed), token)
  })

  test('decodeToken and verifyToken read both formats', () => {
    const sdk = jwtSdk()
    const token = sdk.generateToken({ session_id: SESSION_ID, role: 'subscriber', connection_data: 'd' })
    const decoded = OpenTokSDK.decodeToken(token)
    assert.equal(decoded.format, 'JWT')
    assert.equal(decoded.partnerId, API_KEY)
    assert.equal(decoded.sessionId, SESSION_ID)
    assert.equal(decoded.role, 'subscriber')
    assert.equal(decoded.connectionData, 'd')
    assert.equal(decoded.expireTime, decoded.createTime + 86400)
    assert.equal(OpenTokSDK.decodeToken(new OpenTokSDK(API_KEY, API_SECRET).generateToken(SESSION_ID)).format, 'T1')
    assert.equal(sdk.verifyToken(token), true)
    assert.equal(new OpenTokSDK(API_KEY, 'other-secret').verifyToken(token), false)
    assert.equal(new OpenTokSDK('99999999', API_SECRET).verifyToken(token), false, 'another key')
    const [header, claims] = token.split('.')
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...verifiedClaims(token), role: 'moderator' })).toString('base64url')}.${token.split('.')[2]}`
    assert.equal(sdk.verifyToken(tampered), false)
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${claims}.`
    assert.equal(sdk.verifyToken(none), false)
    assert.throws(() => OpenTokSDK.decodeToken(none), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' })
    assert.equal(sdk.verifyToken(new OpenTok2(API_KEY, API_SECRET).generateToken(SESSION_ID)), true, "2.23.2's token")
  })

  test('a tokenFormat other than T1 or JWT is refused at construction', () => {
    assert.throws(() => new OpenTokSDK(API_KEY, API_SECRET, { tokenFormat: 'jwt' }), {
      name: 'RangeError',
      code: 'ERR_OUT_OF_RANGE',
      message: `The value of "options.tokenFormat" is out of range: must be 'T1' or 'JWT', got "jwt"`,
    })
    assert.throws(() => new OpenTokSDK(API_KEY, API_SECRET, { tokenFormat: 1 }), { code: 'ERR_INVALID_ARG_TYPE' })
  })
})
