// The 2.x calls against the emulator's v2 routes, with state: a routed
// session, clients that connect with tokens this SDK made and publish,
// archives started → stopped → available, signals, disconnections, mutes and
// stream classes, and the 404/409 refusals with their 2.x kinds.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { useEmulator } from './helpers/network.mjs'
import { OpenTokNative } from './helpers/v2.mjs'

const ctx = useEmulator()
let ot
let routed
let relayed
let host
let guest
let hostStream
let guestStream

// Made once, by the first test that needs it (the emulator starts in a file-level hook).
let ready
const setup = () => {
  ready ??= start()
  return ready
}
async function start() {
  ot = new OpenTokNative(ctx.emu.apiKey, ctx.emu.apiSecret, { apiUrl: ctx.emu.url })
  routed = await ot.createSession({ mediaMode: 'routed' })
  relayed = await ot.createSession()
  ctx.emu.connect(relayed.generateToken())
  host = ctx.emu.connect(routed.generateToken({ role: 'moderator', data: 'host' }))
  guest = ctx.emu.connect(ot.generateToken(routed.sessionId, { role: 'publisher' }, true))
  hostStream = ctx.emu.publish(host, { name: 'host', videoType: 'camera' })
  guestStream = ctx.emu.publish(guest, { name: 'guest', videoType: 'screen' })
}

const kind = (promise, name, message) =>
  promise.then(assert.fail, (err) => {
    assert.equal(err.name, name)
    assert.ok(err instanceof OpenTokNative[name] && err instanceof OpenTokNative.OpenTokError)
    if (message) assert.equal(err.message, message)
    return err
  })

describe('archives', () => {
  test('start → list → layout → streams → stop → get (available, with a URL) → delete', async () => {
    await setup()
    const archive = await ot.startArchive(routed.sessionId, { name: 'lesson', streamMode: 'manual' })
    assert.equal(archive.status, 'started')
    assert.equal(archive.sessionId, routed.sessionId)
    await kind(
      ot.startArchive(routed.sessionId),
      'ArchiveError',
      'Recording already in progress or session not using OpenTok Media Router',
    )
    const { archives, totalCount } = await ot.listArchives({ sessionId: routed.sessionId })
    assert.equal(totalCount, 1)
    assert.deepEqual(
      archives.map((a) => a.id),
      [archive.id],
    )
    await ot.setArchiveLayout(archive.id, 'bestFit', null, 'pip')
    await ot.addArchiveStream(archive.id, hostStream, { hasVideo: false })
    assert.deepEqual((await ot.getArchive(archive.id)).streams, [
      { streamId: hostStream, hasAudio: true, hasVideo: false },
    ])
    await ot.removeArchiveStream(archive.id, hostStream)
    await kind(ot.removeArchiveStream(archive.id, hostStream), 'ArchiveError', 'Archive or stream not found')
    const stopped = await archive.stop()
    assert.equal(stopped.status, 'stopped')
    await kind(
      archive.stop(),
      'ArchiveError',
      `Archive ${archive.id} is available: only a started archive can be stopped`,
    )
    const got = await ot.getArchive(archive.id)
    assert.equal(got.status, 'available')
    const download = await fetch(got.url)
    assert.equal(download.status, 200)
    await got.delete()
    assert.equal((await ot.getArchive(archive.id)).status, 'deleted')
    const again = await kind(ot.deleteArchive(archive.id), 'RequestError')
    assert.equal(again.status, 409)
    const unknown = '00000000-0000-4000-8000-000000000000'
    await kind(ot.getArchive(unknown), 'NotFoundError', 'Archive not found')
    await kind(ot.deleteArchive(unknown), 'ArchiveError', 'Archive not found')
    await kind(ot.stopArchive(unknown), 'ArchiveError', 'Archive not found')
  })

  test('a relayed session cannot be archived; an unknown session is not found', async () => {
    await setup()
    await kind(
      ot.startArchive(relayed.sessionId),
      'ArchiveError',
      'Recording already in progress or session not using OpenTok Media Router',
    )
    const stranger = `2_${Buffer.from(`1~${ctx.emu.apiKey}~~x~0.1~`).toString('base64url')}`
    await kind(ot.startArchive(stranger), 'ArchiveError', 'Session not found')
  })
})

describe('signals, disconnections, mutes, streams', () => {
  test('signal the session and one connection', async () => {
    await setup()
    await ot.signal(routed.sessionId, null, { type: 'chat', data: 'all' })
    await ot.signal(routed.sessionId, guest, { type: 'chat', data: 'you' })
    assert.deepEqual(ctx.emu.signals.slice(-2), [
      { sessionId: routed.sessionId, connectionId: null, type: 'chat', data: 'all' },
      { sessionId: routed.sessionId, connectionId: guest, type: 'chat', data: 'you' },
    ])
    await kind(ot.signal(routed.sessionId, 'nobody', { data: 'x' }), 'SignalError', 'Session or Connection not found')
  })

  test('streams: get, list, class lists', async () => {
    await setup()
    const stream = await ot.getStream(routed.sessionId, guestStream)
    assert.equal(stream.videoType, 'screen')
    assert.equal(stream.constructor.name, 'Stream')
    const streams = await ot.listStreams(routed.sessionId)
    assert.deepEqual(streams.map((s) => s.id).sort(), [hostStream, guestStream].sort())
    await ot.setStreamClassLists(routed.sessionId, [{ id: guestStream, layoutClassList: ['focus'] }])
    assert.deepEqual((await ot.getStream(routed.sessionId, guestStream)).layoutClassList, ['focus'])
    await kind(ot.getStream(routed.sessionId, 'nope'), 'NotFoundError', 'Not Found')
  })

  test('mute one stream, all but one, then end the mute', async () => {
    await setup()
    await ot.forceMuteStream(routed.sessionId, guestStream)
    await ot.forceMuteAll(routed.sessionId, { excludedStreamIds: [hostStream] })
    await ot.disableForceMute(routed.sessionId)
    const mutes = ctx.emu.mutes.slice(-3)
    assert.deepEqual(
      mutes.map((m) => [m.streamId, m.active, m.excludedStreamIds]),
      [
        [guestStream, true, []],
        [null, true, [hostStream]],
        [null, false, []],
      ],
    )
  })

  test('force a client out; then it is not found', async () => {
    await setup()
    await new Promise((resolve, reject) =>
      ot.forceDisconnect(routed.sessionId, guest, (err) => (err ? reject(err) : resolve())),
    )
    assert.deepEqual(ctx.emu.disconnects.at(-1), { sessionId: routed.sessionId, connectionId: guest })
    await kind(ot.forceDisconnect(routed.sessionId, guest), 'ForceDisconnectError', 'Session or Connection not found')
  })
})
