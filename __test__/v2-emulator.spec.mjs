// The 2.x surface against the emulator: createSession over today's wire
// (JWT REST auth checked for real), its Session, and tokens for it.
// The v2 archive, signal, moderation and stream routes are not in the
// emulator yet; those calls are covered by v2-differential.spec.mjs.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { useEmulator } from './helpers/network.mjs'
import { OpenTokNative } from './helpers/v2.mjs'

const ctx = useEmulator()
const client = (secret = ctx.emu.apiSecret) => new OpenTokNative(ctx.emu.apiKey, secret, { apiUrl: ctx.emu.url })

describe('createSession against the emulator', () => {
  test('routed, always archived, at a location: the emulator records what was sent', async () => {
    const session = await client().createSession({ mediaMode: 'routed', archiveMode: 'always', location: '10.1.2.3' })
    const recorded = ctx.emu.sessions.at(-1)
    assert.equal(recorded.sessionId, session.sessionId)
    assert.equal(recorded.location, '10.1.2.3')
    assert.equal(recorded.mediaMode, 'routed')
    assert.equal(recorded.archiveMode, 'always')
    const { path, body } = ctx.emu.requests.at(-1)
    assert.equal(path, '/session/create')
    assert.equal(body, 'location=10.1.2.3&archiveMode=always&p2p.preference=disabled')
    assert.deepEqual(
      { mediaMode: session.mediaMode, archiveMode: session.archiveMode, location: session.location },
      { mediaMode: 'routed', archiveMode: 'always', location: '10.1.2.3' },
    )
  })

  test('the callback form, and a token of the session signed for its key', async () => {
    const ot = client()
    const session = await new Promise((resolve, reject) =>
      ot.createSession((err, s) => (err ? reject(err) : resolve(s))),
    )
    assert.equal(ctx.emu.sessions.at(-1).mediaMode, 'relayed')
    assert.equal(ctx.emu.requests.at(-1).body, 'archiveMode=manual&p2p.preference=enabled')
    const claims = JSON.parse(Buffer.from(session.generateToken({ role: 'subscriber' }).split('.')[1], 'base64url'))
    assert.equal(claims.session_id, session.sessionId)
    assert.equal(claims.iss, ctx.emu.apiKey)
    assert.ok(session.generateToken({}, true).startsWith('T1=='))
  })

  test('a wrong secret: an AuthError with 2.x message, and the core details', async () => {
    const err = await client('wrong-secret')
      .createSession()
      .then(assert.fail, (e) => e)
    assert.ok(err instanceof OpenTokNative.AuthError && err instanceof OpenTokNative.OpenTokError)
    assert.equal(err.message, 'Failed to createSession. Error: Invalid API key or secret')
    assert.equal(err.code, 'OPENTOK_AUTH')
    assert.ok(err.cause.message.startsWith('createSession failed: HTTP'))
  })
})
