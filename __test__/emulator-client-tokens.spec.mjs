// JWT client tokens (opentok-node 2.19+) on the routes that take a client
// token: every reason one is refused, and expiry at the emulator's clock.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, afterEach, before, describe, test } from 'node:test'
import { clientJwt, nowSeconds } from './helpers/jwt.mjs'
import { moderatorToken } from './helpers/t1.mjs'

const require = createRequire(import.meta.url)
const { startEmulator } = require('../emulator/index.js')

const KEY = '45450001'
const SECRET = 'client-token-secret'
const OTHER_KEY = '45450002'
const OTHER_SECRET = 'other-client-secret'

const sessionOf = (apiKey) => `1_${Buffer.from(`1~${apiKey}~~Mon Jun 01 00:00:00 UTC 2026~0.5~`).toString('base64url')}`
const SESSION = sessionOf(KEY)
const moderatorJwt = (claims = {}, options = {}) =>
  clientJwt(KEY, SECRET, SESSION, { role: 'moderator', ...claims }, options)
const forbidden = (message) => `<Errors><error code="403"><forbidden message="${message}"/></error></Errors>`

describe('JWT client tokens on the archive routes', () => {
  let emu
  let archive
  let paths
  const get = async (path, token) => {
    const res = await fetch(`${emu.url}${path}`, { headers: { 'X-TB-TOKEN-AUTH': token } })
    return { status: res.status, text: await res.text() }
  }

  before(async () => {
    emu = await startEmulator({ apiKey: KEY, apiSecret: SECRET })
    emu.addCredentials(OTHER_KEY, OTHER_SECRET)
    archive = emu.addArchive({ title: 'jwt', videos: [{ id: 'cam', length: 5, name: 'cam' }] })
    paths = [`/archive/getmanifest/${archive.archiveId}`, `/hl/archive/url/${archive.archiveId}/cam`]
  })
  afterEach(() => emu.setClockSkew(0))
  after(() => emu.close())

  test('a moderator JWT reads the manifest and the URL', async () => {
    for (const path of paths) assert.equal((await get(path, moderatorJwt())).status, 200, path)
  })

  test('a moderator token made by opentok@2.23.2 reads them too', async () => {
    const OpenTok = require('opentok-2')
    const jwt = new OpenTok(KEY, SECRET).generateToken(SESSION, { role: 'moderator', data: 'name=Ann' })
    assert.equal(jwt.split('.').length, 3)
    for (const path of paths) assert.equal((await get(path, jwt)).status, 200, path)
  })

  const now = nowSeconds()
  const refusals = [
    ['two parts', 'abc.def', 'Invalid token format'],
    ['a payload that is not JSON', moderatorJwt().replace(/\.[^.]+\./, '.bm90IGpzb24.'), 'Invalid token format'],
    [
      'alg none, unsigned',
      moderatorJwt({}, { header: { alg: 'none', typ: 'JWT' }, signature: '' }),
      'Invalid token algorithm',
    ],
    ['alg HS512', moderatorJwt({}, { header: { alg: 'HS512', typ: 'JWT' } }), 'Invalid token algorithm'],
    ['no iss', moderatorJwt({ iss: undefined }), 'Unknown iss in token'],
    [
      'an unregistered iss',
      clientJwt('99998888', SECRET, sessionOf('99998888'), { role: 'moderator' }),
      'Unknown iss in token',
    ],
    ['a wrong secret', clientJwt(KEY, 'guessed', SESSION, { role: 'moderator' }), 'Invalid token signature'],
    [
      'claims changed after signing',
      (() => {
        const [header, , signature] = clientJwt(KEY, SECRET, SESSION, { role: 'publisher' }).split('.')
        const claims = JSON.parse(Buffer.from(moderatorJwt().split('.')[1], 'base64url'))
        return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
      })(),
      'Invalid token signature',
    ],
    ['no ist', moderatorJwt({ ist: undefined }), 'Invalid token ist'],
    ['ist account', moderatorJwt({ ist: 'account' }), 'Invalid token ist'],
    ['no scope', moderatorJwt({ scope: undefined }), 'Invalid token scope'],
    ['another scope', moderatorJwt({ scope: 'session.admin' }), 'Invalid token scope'],
    ['no session_id', moderatorJwt({ session_id: undefined }), 'Token has no session_id'],
    ['a session_id that is a number', moderatorJwt({ session_id: 42 }), 'Token has no session_id'],
    [
      'a session of another key',
      moderatorJwt({ session_id: sessionOf(OTHER_KEY) }),
      'Token session_id belongs to another API key',
    ],
    [
      'a session_id that decodes to nothing',
      moderatorJwt({ session_id: 'garbage' }),
      'Token session_id belongs to another API key',
    ],
    ['an unknown role', moderatorJwt({ role: 'admin' }), 'Invalid token role'],
    ['no role', moderatorJwt({ role: undefined }), 'Invalid token role'],
    ['no exp', moderatorJwt({ exp: undefined }), 'Invalid token exp'],
    ['a string exp', moderatorJwt({ exp: String(now + 60) }), 'Invalid token exp'],
    [
      'expire_time null (opentok@2.23.2 given expireTime "abc")',
      moderatorJwt({ expire_time: null }),
      'Invalid token expire_time',
    ],
    ['a string expire_time', moderatorJwt({ expire_time: 'soon' }), 'Invalid token expire_time'],
    ['an exp in the past', moderatorJwt({ exp: now - 1 }), 'Token expired'],
    ['an expire_time in the past', moderatorJwt({ exp: now + 60, expire_time: now - 1 }), 'Token expired'],
    ['a publisher token', moderatorJwt({ role: 'publisher' }), 'Moderator role required'],
    ['a publisheronly token', moderatorJwt({ role: 'publisheronly' }), 'Moderator role required'],
    ['a subscriber token', moderatorJwt({ role: 'subscriber' }), 'Moderator role required'],
    [
      'a moderator of another key',
      clientJwt(OTHER_KEY, OTHER_SECRET, sessionOf(OTHER_KEY), { role: 'moderator' }),
      'The archive belongs to another partner',
    ],
  ]
  for (const [name, token, message] of refusals) {
    test(`refuses ${name} with 403 "${message}"`, async () => {
      for (const path of paths) assert.deepEqual(await get(path, token), { status: 403, text: forbidden(message) })
    })
  }

  test('accepts a token without expire_time while exp holds', async () => {
    assert.equal((await get(paths[0], moderatorJwt({ expire_time: undefined, exp: now + 60 }))).status, 200)
  })

  test('expires JWT and T1 tokens at the emulator clock', async () => {
    const jwt = moderatorJwt({ exp: nowSeconds() + 30, expire_time: undefined })
    const t1 = moderatorToken(KEY, SECRET, { expire_time: nowSeconds() + 30 })
    for (const token of [jwt, t1]) assert.equal((await get(paths[0], token)).status, 200)
    emu.setClockSkew(60_000)
    for (const token of [jwt, t1]) assert.equal((await get(paths[0], token)).text, forbidden('Token expired'))
  })
})
