// X-OPENTOK-AUTH: every reason the emulator refuses a REST JWT, in JSON and
// in XML, and its clock (skew, Date header).
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, afterEach, before, describe, test } from 'node:test'
import { assertRefusal, call, FORM } from './helpers/emulator-rest.mjs'
import { nowSeconds, restJwt, signJwt } from './helpers/jwt.mjs'

const { startEmulator } = createRequire(import.meta.url)('../emulator/index.js')

const KEY = '47110815'
const SECRET = 'rest-auth-secret'
const OTHER_KEY = '47110816'
const OTHER_SECRET = 'other-rest-secret'

const create = (emu, auth, accept) =>
  call(emu, 'POST', '/session/create', { form: { 'p2p.preference': 'enabled' }, auth, accept })

/** A JWT whose header and claims are raw text, signed properly. */
const raw = (header, payload) => signJwt(payload, SECRET, { header })

describe('X-OPENTOK-AUTH', () => {
  let emu
  before(async () => {
    emu = await startEmulator({ apiKey: KEY, apiSecret: SECRET })
    emu.addCredentials(OTHER_KEY, OTHER_SECRET)
  })
  after(() => emu.close())

  const now = nowSeconds()
  const refusals = [
    ['no header', null, 401, 'Missing X-OPENTOK-AUTH header'],
    ['an empty header', '', 401, 'Missing X-OPENTOK-AUTH header'],
    ['one part', 'abc', 401, 'Invalid token format'],
    ['two parts', 'abc.def', 401, 'Invalid token format'],
    ['four parts', `${restJwt(KEY, SECRET)}.x`, 401, 'Invalid token format'],
    ['characters outside base64url', restJwt(KEY, SECRET).replace('.', '+.'), 401, 'Invalid token format'],
    ['a header that is not JSON', raw('{alg', { iss: KEY }), 401, 'Invalid token format'],
    ['claims that are not JSON', raw({ alg: 'HS256' }, 'iss=1'), 401, 'Invalid token format'],
    ['claims that are an array', raw({ alg: 'HS256' }, [KEY]), 401, 'Invalid token format'],
    ['claims that are null', raw({ alg: 'HS256' }, 'null'), 401, 'Invalid token format'],
    [
      'alg none, unsigned',
      restJwt(KEY, SECRET, {}, { header: { alg: 'none', typ: 'JWT' }, signature: '' }),
      403,
      'Invalid token algorithm: only HS256 is accepted',
    ],
    [
      'alg RS256',
      restJwt(KEY, SECRET, {}, { header: { alg: 'RS256' } }),
      403,
      'Invalid token algorithm: only HS256 is accepted',
    ],
    [
      'alg hs256 (case matters)',
      restJwt(KEY, SECRET, {}, { header: { alg: 'hs256' } }),
      403,
      'Invalid token algorithm: only HS256 is accepted',
    ],
    [
      'no alg',
      restJwt(KEY, SECRET, {}, { header: { typ: 'JWT' } }),
      403,
      'Invalid token algorithm: only HS256 is accepted',
    ],
    ['no iss', restJwt(KEY, SECRET, { iss: undefined }), 403, 'Invalid issuer format'],
    ['an empty iss', restJwt(KEY, SECRET, { iss: '' }), 403, 'Invalid issuer format'],
    ['an object iss', restJwt(KEY, SECRET, { iss: { key: KEY } }), 403, 'Invalid issuer format'],
    ['a fractional iss', restJwt(KEY, SECRET, { iss: 4711.5 }), 403, 'Invalid issuer format'],
    ['an unregistered iss', restJwt('99990000', SECRET), 403, 'Unknown issuer'],
    ['a wrong secret', restJwt(KEY, 'guessed'), 403, 'Invalid signature'],
    ['the secret of another key', restJwt(KEY, OTHER_SECRET), 403, 'Invalid signature'],
    [
      'claims changed after signing',
      (() => {
        const [header, , signature] = restJwt(KEY, SECRET).split('.')
        const claims = Buffer.from(JSON.stringify({ iss: KEY, ist: 'project', iat: now, exp: now + 200 }))
        return `${header}.${claims.toString('base64url')}.${signature}`
      })(),
      403,
      'Invalid signature',
    ],
    ['a truncated signature', restJwt(KEY, SECRET).slice(0, -2), 403, 'Invalid signature'],
    ['no ist', restJwt(KEY, SECRET, { ist: undefined }), 403, 'Invalid issuer type'],
    ['ist account', restJwt(KEY, SECRET, { ist: 'account' }), 403, 'Invalid issuer type'],
    ['no iat', restJwt(KEY, SECRET, { iat: undefined }), 403, 'Invalid issued time'],
    ['a string iat', restJwt(KEY, SECRET, { iat: String(now) }), 403, 'Invalid issued time'],
    [
      'an iat 60 s ahead',
      restJwt(KEY, SECRET, { iat: now + 60, exp: now + 300 }),
      403,
      'issued time cannot be greater than current time',
    ],
    ['no exp', restJwt(KEY, SECRET, { exp: undefined }), 403, 'Invalid expiration time'],
    ['a string exp', restJwt(KEY, SECRET, { exp: String(now + 60) }), 403, 'Invalid expiration time'],
    ['an exp in the past', restJwt(KEY, SECRET, { iat: now - 100, exp: now - 1 }), 403, 'token expired'],
    [
      'an exp 301 s after iat',
      restJwt(KEY, SECRET, { exp: now + 301 }),
      403,
      'expiration time cannot be more than 5 minutes after issued time',
    ],
    [
      'an exp a day after iat (a client token)',
      restJwt(KEY, SECRET, { exp: now + 86400 }),
      403,
      'expiration time cannot be more than 5 minutes after issued time',
    ],
  ]

  for (const [name, auth, status, message] of refusals) {
    test(`refuses ${name}: ${status} ${message}`, async () => {
      const before = emu.sessions.length
      assertRefusal(await create(emu, auth), status, message)
      assert.equal(emu.sessions.length, before)
    })
  }

  test('answers the refusals as errorPayload XML when the client does not accept JSON', async () => {
    for (const [auth, status, message] of [
      [null, 401, 'Missing X-OPENTOK-AUTH header'],
      [restJwt(KEY, 'guessed'), 403, 'Invalid signature'],
      [restJwt(KEY, SECRET, { iat: now + 60 }), 403, 'issued time cannot be greater than current time'],
    ]) {
      for (const accept of [null, 'text/xml', '*/*']) {
        const res = await create(emu, auth, accept)
        assert.deepEqual([res.status, res.type], [status, 'text/xml'])
        assert.equal(res.text, `<errorPayload><code>${status}</code><message>${message}</message></errorPayload>`)
      }
    }
  })

  test('accepts an iat up to 5 s ahead, an exp exactly 300 s after iat and a numeric iss', async () => {
    for (const claims of [
      { iat: now + 4, exp: now + 304 },
      { exp: now + 300 },
      { iss: Number(KEY) },
      { jti: undefined },
    ]) {
      const res = await create(emu, restJwt(KEY, SECRET, claims))
      assert.equal(res.status, 200, `${JSON.stringify(claims)}: ${res.text}`)
    }
  })

  test('each key signs for itself', async () => {
    const res = await create(emu, restJwt(OTHER_KEY, OTHER_SECRET))
    assert.equal(res.status, 200)
    assert.equal(res.json[0].project_id, OTHER_KEY)
  })
})

describe("the emulator's clock", () => {
  let emu
  before(async () => {
    emu = await startEmulator({ apiKey: KEY, apiSecret: SECRET, clockSkewMs: -60_000 })
  })
  afterEach(() => emu.setClockSkew(-60_000))
  after(() => emu.close())

  const dateOffset = (res) => Date.parse(res.date) - Date.now()

  test('every answer carries a Date header from the skewed clock', async () => {
    for (const res of [await create(emu), await call(emu, 'GET', '/nowhere'), await call(emu, 'GET', '/v2/nowhere')]) {
      const offset = dateOffset(res)
      assert.ok(offset > -62_000 && offset < -58_000, `Date ${res.date} is ${offset} ms off`)
    }
  })

  test('refuses a fresh iat from a client clock that runs ahead', async () => {
    assertRefusal(await create(emu), 403, 'issued time cannot be greater than current time')
  })

  test('accepts the token once the client corrects by the offset the Date header shows', async () => {
    const probe = await create(emu)
    const iat = Math.floor((Date.now() + dateOffset(probe)) / 1000)
    const res = await create(emu, restJwt(KEY, SECRET, { iat, exp: iat + 300 }))
    assert.equal(res.status, 200, res.text)
    const createDt = Date.parse(res.json[0].create_dt)
    assert.ok(Math.abs(createDt - (Date.now() - 60_000)) < 3000, `create_dt ${res.json[0].create_dt}`)
  })

  test('setClockSkew moves it at run time, either way', async () => {
    emu.setClockSkew(0)
    assert.equal((await create(emu)).status, 200)
    assert.ok(Math.abs(dateOffset(await create(emu))) < 2000)
    emu.setClockSkew(600_000)
    assertRefusal(await create(emu), 403, 'token expired')
    assert.throws(() => emu.setClockSkew(Number.NaN), TypeError)
    assert.throws(() => emu.setClockSkew('10'), TypeError)
  })

  test('the clockSkewMs option is checked', async () => {
    await assert.rejects(startEmulator({ clockSkewMs: Infinity }), TypeError)
  })
})

describe('POST /session/create body', () => {
  test('is read only as a form', async () => {
    const emu = await startEmulator()
    try {
      const res = await call(emu, 'POST', '/session/create', {
        body: '{"p2p.preference":"disabled"}',
        headers: { 'Content-Type': 'application/json' },
      })
      assertRefusal(res, 415, `Content-Type must be ${FORM}`)
      const empty = await call(emu, 'POST', '/session/create', {})
      assert.equal(empty.status, 200)
    } finally {
      await emu.close()
    }
  })
})
