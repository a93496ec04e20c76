// Differential, today's wire: opentok-native beside opentok@2.23.2 (the
// devDependency `opentok-2`) against one emulator. Both SDKs' createSession
// requests are accepted and match (method, path, the X-OPENTOK-AUTH claim set
// (opentok-native adds a jti, which the service allows), the form fields of
// equivalent options), and both SDKs' JWT client tokens are accepted (as the
// moderator token of the 1.0 manifest call) with the same claim set.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, test } from 'node:test'
import { OpenTokSDK, useEmulator } from './helpers/network.mjs'

const require = createRequire(import.meta.url)
const OpenTok2 = require('opentok-2')

const ctx = useEmulator()
const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'))
// opentok@2.23.2 always sends the service's defaults; opentok-native leaves them to the service.
const DEFAULTS = { 'p2p.preference': 'enabled', archiveMode: 'manual' }
/** The form's fields, the service's defaults filled in, sorted by name. */
const sortedForm = (body) =>
  Object.entries({ ...DEFAULTS, ...Object.fromEntries(new URLSearchParams(body)) }).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )

/** createSession of opentok@2.23.2 with `options`; resolves to the session ID. */
const create2 = (emu, options) =>
  new Promise((resolve, reject) => {
    new OpenTok2(emu.apiKey, emu.apiSecret, { apiUrl: emu.url }).createSession(options, (err, session) =>
      err ? reject(err) : resolve(session.sessionId),
    )
  })

describe('createSession: opentok-native and opentok@2.23.2 send the same request', () => {
  for (const options of [
    {},
    { mediaMode: 'routed' },
    { mediaMode: 'relayed' },
    { mediaMode: 'routed', archiveMode: 'always' },
    { location: '10.1.2.3', mediaMode: 'routed' },
  ]) {
    test(JSON.stringify(options), async () => {
      const sent = ctx.track()
      const ours = await ctx.sdk().createSession(options.location, {
        ...(options.mediaMode && { mediaMode: options.mediaMode }),
        ...(options.archiveMode && { archiveMode: options.archiveMode }),
      })
      const theirs = await create2(ctx.emu, options)
      const [a, b] = sent()
      assert.equal(sent().length, 2)
      assert.match(ours, /^2_/)
      assert.match(theirs, /^2_/)
      assert.deepEqual([a.method, a.path], [b.method, b.path])
      assert.deepEqual([a.method, a.path], ['POST', '/session/create'])
      for (const name of ['accept', 'content-type']) assert.equal(a.headers[name], b.headers[name], name)
      const [ourClaims, theirClaims] = [claimsOf(a.headers['x-opentok-auth']), claimsOf(b.headers['x-opentok-auth'])]
      assert.deepEqual(Object.keys(ourClaims).sort(), [...Object.keys(theirClaims), 'jti'].sort())
      assert.deepEqual([ourClaims.iss, ourClaims.ist], [theirClaims.iss, theirClaims.ist])
      assert.equal(ourClaims.exp - ourClaims.iat, theirClaims.exp - theirClaims.iat)
      assert.deepEqual(sortedForm(a.body), sortedForm(b.body))
      assert.ok(!a.body.includes('partner_id'))
      const [s1, s2] = ctx.emu.sessions.slice(-2)
      assert.deepEqual([s1.mediaMode, s1.archiveMode, s1.location], [s2.mediaMode, s2.archiveMode, s2.location])
    })
  }
})

describe('JWT client tokens: both accepted, with the same claim set', () => {
  test('moderator tokens of both SDKs read an archive through the 1.0 manifest call', async () => {
    const sessionId = await ctx.sdk().createSession()
    const ours = new OpenTokSDK(ctx.emu.apiKey, ctx.emu.apiSecret, { apiUrl: ctx.emu.url, tokenFormat: 'JWT' })
    const theirs = new OpenTok2(ctx.emu.apiKey, ctx.emu.apiSecret, { apiUrl: ctx.emu.url })
    const ourToken = ours.generateToken({ session_id: sessionId, role: 'moderator', connection_data: 'u=1' })
    const theirToken = theirs.generateToken(sessionId, { role: 'moderator', data: 'u=1' })
    const archive = ctx.archive()
    for (const token of [ourToken, theirToken]) {
      const read = await ctx.sdk().getArchiveManifest(archive.archiveId, token)
      assert.equal(read.archiveId, archive.archiveId)
    }
    const [a, b] = [claimsOf(ourToken), claimsOf(theirToken)]
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort())
    for (const name of ['iss', 'ist', 'session_id', 'role', 'connection_data', 'initial_layout_class_list', 'scope'])
      assert.deepEqual(a[name], b[name], name)
    // A publisher token of either is refused there: the role is read from the claims.
    for (const token of [
      ours.generateToken({ session_id: sessionId }),
      theirs.generateToken(sessionId, { role: 'publisher' }),
    ]) {
      await assert.rejects(ctx.sdk().getArchiveManifest(archive.archiveId, token), { code: 'OPENTOK_AUTH' })
    }
  })
})
