// The seed's example, end to end against the emulator: create a session,
// generate tokens for it, fetch a manifest with the moderator token and get a
// URL for each video; in the 0.3.x callback style and in promise style, on
// both wires (today's, the default, and `protocol: 'legacy'`).

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FLV_SIGNATURE, native, PROTOCOLS, rejectsWith, useEmulator } from './helpers/network.mjs'
import { decodeToken } from './helpers/token.mjs'

const ctx = useEmulator()
const OpenTok = native

/** Checks the tokens and URLs of one run of the example. */
async function checkRun({ sessionId, publisherToken, moderatorToken, archive, urls }, expected, protocol) {
  assert.deepEqual(ctx.emu.sessions.at(-1), {
    sessionId,
    apiKey: ctx.emu.apiKey,
    location: '127.0.0.1',
    // Today's service reads p2p.preference as the media mode rather than keeping it as a property.
    properties: protocol === 'legacy' ? { 'p2p.preference': 'enabled' } : {},
  })
  assert.equal(ctx.emu.sessions.at(-1).mediaMode, 'relayed')
  assert.equal(ctx.emu.sessions.at(-1).wire, protocol)
  const publisher = decodeToken(publisherToken).fields
  assert.equal(publisher.session_id, sessionId)
  assert.equal(publisher.role, 'publisher')
  const moderator = decodeToken(moderatorToken).fields
  assert.equal(moderator.session_id, sessionId)
  assert.equal(moderator.role, 'moderator')
  assert.equal(moderator.connection_data, 'userId:42')
  assert.equal(archive.archiveId, expected.archiveId)
  assert.deepEqual(
    archive.resources.map((r) => r.name),
    expected.videos.map((v) => v.name),
  )
  assert.deepEqual(
    urls,
    expected.videos.map((v) => `${ctx.emu.url}/download/${expected.archiveId}/${v.id}.flv`),
  )
  const body = Buffer.from(await (await fetch(urls[0])).arrayBuffer())
  assert.equal(body.subarray(0, 3).toString('latin1'), FLV_SIGNATURE)
  // The publisher token may not read archives.
  const sdk = ctx.sdk({ protocol })
  await rejectsWith(
    sdk.getArchiveManifest(expected.archiveId, publisherToken),
    { call: 'getArchiveManifest', code: 'OPENTOK_AUTH', status: 403 },
    [ctx.emu.apiSecret],
  )
}

for (const protocol of PROTOCOLS) {
  test(`callback style (0.3.x single-argument callbacks, ${protocol} wire)`, async () => {
    const expected = ctx.archive({
      videos: [
        { length: 30, name: 'host' },
        { length: 29, name: 'guest' },
        { length: 12, name: 'screen' },
      ],
    })
    const run = await new Promise((resolve, reject) => {
      const opentok = new OpenTok.OpenTokSDK(ctx.emu.apiKey, ctx.emu.apiSecret, { apiUrl: ctx.emu.url, protocol })
      opentok.createSession('127.0.0.1', { 'p2p.preference': 'enabled' }, (sessionId) => {
        if (!sessionId) return reject(new Error('no session'))
        assert.equal(opentok.sessionId, sessionId)
        const publisherToken = opentok.generateToken({ session_id: sessionId, role: OpenTok.RoleConstants.PUBLISHER })
        const moderatorToken = opentok.generate_token({
          session_id: sessionId,
          role: OpenTok.RoleConstants.MODERATOR,
          connection_data: 'userId:42',
        })
        opentok.getArchiveManifest(expected.archiveId, moderatorToken, (archive) => {
          if (!archive) return reject(new Error('no archive'))
          const urls = []
          let left = archive.resources.length
          archive.resources.forEach((video, i) => {
            archive.downloadArchiveURL(video.getId(), (url) => {
              urls[i] = url
              if (--left === 0) resolve({ sessionId, publisherToken, moderatorToken, archive, urls })
            })
          })
        })
      })
    })
    await checkRun(run, expected, protocol)
  })

  test(`promise style (${protocol} wire)`, async () => {
    const expected = ctx.archive()
    const opentok = new OpenTok.OpenTokSDK(ctx.emu.apiKey, ctx.emu.apiSecret, { apiUrl: ctx.emu.url, protocol })
    const sessionId = await opentok.createSession('127.0.0.1', { mediaMode: 'relayed' })
    const publisherToken = opentok.generateToken({ session_id: sessionId })
    const moderatorToken = opentok.generateToken({
      session_id: sessionId,
      role: 'moderator',
      connection_data: 'userId:42',
    })
    const archive = await opentok.getArchiveManifest(expected.archiveId, moderatorToken)
    const urls = []
    for (const video of archive.resources) urls.push(await archive.downloadArchiveURL(video.getId()))
    await checkRun({ sessionId, publisherToken, moderatorToken, archive, urls }, expected, protocol)
  })

  test(`a token made for the last session created (sdk.sessionId) reads the archive (${protocol} wire)`, async () => {
    const expected = ctx.archive({ videos: [{ length: 1, name: 'solo' }] })
    const opentok = ctx.sdk({ protocol })
    await opentok.createSession()
    const archive = await opentok.getArchiveManifest(expected.archiveId, opentok.generateToken({ role: 'moderator' }))
    assert.equal(archive.resources[0].name, 'solo')
  })
}
