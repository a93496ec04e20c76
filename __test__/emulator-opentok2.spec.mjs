// opentok@2.23.2, the current official SDK (devDependency opentok-2), works
// against the emulator: sessions, tokens, archives, signals, moderation, streams.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, describe, test } from 'node:test'
import { sessionIdFields } from './helpers/emulator-rest.mjs'

const require = createRequire(import.meta.url)
const { startEmulator } = require('../emulator/index.js')
const OpenTok = require('opentok-2')

/** Calls `start(callback)` and resolves with every argument the callback got; fails if it never comes. */
function callback(start) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the callback was never called')), 5000)
    start((...args) => {
      clearTimeout(timer)
      resolve(args)
    })
  })
}

describe('opentok@2.23.2 against the emulator', () => {
  let emu
  let ot
  before(async () => {
    emu = await startEmulator()
    ot = new OpenTok(emu.apiKey, emu.apiSecret, { apiUrl: emu.url })
  })
  after(() => emu.close())

  const routedSession = async (options = {}) => {
    const [err, session] = await callback((cb) => ot.createSession({ mediaMode: 'routed', ...options }, cb))
    assert.equal(err, null)
    return session.sessionId
  }

  test('createSession: relayed and routed, with a location and other options', async () => {
    const [err, session] = await callback((cb) => ot.createSession(cb))
    assert.equal(err, null)
    assert.ok(session.sessionId.startsWith('2_'))
    assert.equal(sessionIdFields(session.sessionId)[1], emu.apiKey)
    assert.deepEqual([emu.sessions.at(-1).mediaMode, emu.sessions.at(-1).archiveMode], ['relayed', 'manual'])
    const routed = await routedSession({ archiveMode: 'always', location: '10.1.2.3', archiveName: 'All hands' })
    const recorded = emu.sessions.at(-1)
    assert.equal(recorded.sessionId, routed)
    assert.deepEqual(
      [recorded.mediaMode, recorded.archiveMode, recorded.location, recorded.properties],
      ['routed', 'always', '10.1.2.3', { archiveName: 'All hands' }],
    )
    const request = emu.requests.at(-1)
    assert.equal(request.headers.headers, '[object Object]', 'the stray header of 2.23.2 is harmless')
    assert.equal(request.headers['user-agent'], 'OpenTok-Node-SDK/2.23.2')
  })

  test('createSession errors from the emulator reach the callback', async () => {
    const bad = new OpenTok(emu.apiKey, 'wrong-secret', { apiUrl: emu.url })
    const [err] = await callback((cb) => bad.createSession(cb))
    assert.equal(err.message, 'Failed to createSession. Error: Invalid API key or secret')
  })

  test('generateToken: JWT and T1 tokens connect, with their role and data', async () => {
    const sessionId = await routedSession()
    const subscriber = emu.connect(ot.generateToken(sessionId, { role: 'subscriber', data: 'name=Sub' }))
    assert.throws(() => emu.publish(subscriber), { code: 'CANNOT_PUBLISH' })
    const publisher = emu.connect(ot.generateToken(sessionId))
    assert.ok(emu.publish(publisher))
    const t1 = ot.generateToken(sessionId, { role: 'moderator' }, true)
    assert.ok(t1.startsWith('T1=='))
    assert.ok(emu.publish(emu.connect(t1)))
    const foreign = new OpenTok(emu.apiKey, 'wrong-secret')
    assert.throws(() => emu.connect(foreign.generateToken(sessionId)), { code: 'INVALID_TOKEN' })
  })

  test('archives: start, stop, get, list, delete', async () => {
    const sessionId = await routedSession()
    emu.publish(emu.connect(ot.generateToken(sessionId)), { name: 'host' })

    const [startErr, archive] = await callback((cb) =>
      ot.startArchive(sessionId, { name: 'Talk', resolution: '1280x720' }, cb),
    )
    assert.equal(startErr, null)
    assert.deepEqual(
      [archive.status, archive.name, archive.resolution, archive.sessionId],
      ['started', 'Talk', '1280x720', sessionId],
    )
    assert.equal(typeof archive.stop, 'function')

    const [conflict, archiveError] = await callback((cb) => ot.startArchive(sessionId, cb))
    assert.ok(conflict instanceof OpenTok.RequestError)
    assert.equal(archiveError.message, 'Recording already in progress or session not using OpenTok Media Router')

    const [stopErr, stopped] = await callback((cb) => archive.stop(cb))
    assert.equal(stopErr, null)
    assert.deepEqual([stopped.id, stopped.status, stopped.reason], [archive.id, 'stopped', 'user initiated'])
    const [notStarted] = await callback((cb) => ot.stopArchive(archive.id, cb))
    assert.ok(notStarted instanceof OpenTok.ArchiveError)
    assert.match(notStarted.message, /only a started archive can be stopped/)

    const [getErr, available] = await callback((cb) => ot.getArchive(archive.id, cb))
    assert.equal(getErr, null)
    assert.equal(available.status, 'available')
    assert.equal((await fetch(available.url)).status, 200)
    const [missing] = await callback((cb) => ot.getArchive('nope', cb))
    assert.equal(missing.message, 'Archive not found')

    const [listErr, items, total] = await callback((cb) => ot.listArchives({ sessionId }, cb))
    assert.equal(listErr, null)
    assert.deepEqual([items.map((item) => item.id), total], [[archive.id], 1])
    const [, page, all] = await callback((cb) => ot.listArchives({ count: 1, offset: 0 }, cb))
    assert.equal(page.length, 1)
    assert.ok(all >= 1)

    assert.deepEqual(await callback((cb) => available.delete(cb)), [null])
    const [gone] = await callback((cb) => ot.deleteArchive('nope', cb))
    assert.equal(gone.message, 'Archive not found')
    const [, after] = await callback((cb) => ot.listArchives({ sessionId }, cb))
    assert.deepEqual(after, [])
  })

  test('archives: refusals map to the SDK errors', async () => {
    const relayed = (await callback((cb) => ot.createSession(cb)))[1].sessionId
    emu.connect(ot.generateToken(relayed))
    const [, relayedError] = await callback((cb) => ot.startArchive(relayed, cb))
    assert.equal(relayedError.message, 'Recording already in progress or session not using OpenTok Media Router')
    const empty = await routedSession()
    const [noClients] = await callback((cb) => ot.startArchive(empty, cb))
    assert.equal(noClients.message, 'Session not found')
  })

  test('archives: layout and streams of a manual archive', async () => {
    const sessionId = await routedSession()
    const streamId = emu.publish(emu.connect(ot.generateToken(sessionId)))
    const [, archive] = await callback((cb) => ot.startArchive(sessionId, { streamMode: 'manual' }, cb))
    const [layoutErr] = await callback((cb) => ot.setArchiveLayout(archive.id, 'custom', 'stream {}', cb))
    assert.equal(layoutErr, null)
    assert.deepEqual(emu.archivesV2.find((a) => a.id === archive.id).layout, {
      type: 'custom',
      stylesheet: 'stream {}',
    })
    assert.deepEqual(await callback((cb) => ot.addArchiveStream(archive.id, streamId, { hasVideo: false }, cb)), [null])
    assert.deepEqual(emu.archivesV2.find((a) => a.id === archive.id).streams, [
      { streamId, hasAudio: true, hasVideo: false },
    ])
    assert.deepEqual(await callback((cb) => ot.removeArchiveStream(archive.id, streamId, cb)), [null])
    const [notInArchive] = await callback((cb) => ot.removeArchiveStream(archive.id, streamId, cb))
    assert.equal(notInArchive.message, 'Archive or stream not found')
  })

  test('signal, forceDisconnect, listStreams, setStreamClassLists, forceMute', async () => {
    const sessionId = await routedSession()
    const connectionId = emu.connect(ot.generateToken(sessionId, { role: 'moderator' }))
    const streamId = emu.publish(connectionId, { name: 'cam', layoutClassList: ['big'] })

    assert.deepEqual(await callback((cb) => ot.signal(sessionId, null, { type: 'chat', data: 'hi all' }, cb)), [null])
    assert.deepEqual(await callback((cb) => ot.signal(sessionId, connectionId, { type: 'chat', data: 'hi' }, cb)), [
      null,
    ])
    assert.deepEqual(emu.signals.slice(-2), [
      { sessionId, connectionId: null, type: 'chat', data: 'hi all' },
      { sessionId, connectionId, type: 'chat', data: 'hi' },
    ])
    const [tooLong] = await callback((cb) => ot.signal(sessionId, null, { data: 'x'.repeat(9000) }, cb))
    assert.match(tooLong.message, /data must be at most 8192 characters/)

    const [listErr, streams] = await callback((cb) => ot.listStreams(sessionId, cb))
    assert.equal(listErr, null)
    assert.deepEqual(
      streams.map(({ id, name, videoType, layoutClassList }) => ({ id, name, videoType, layoutClassList })),
      [{ id: streamId, name: 'cam', videoType: 'camera', layoutClassList: ['big'] }],
    )
    const [classErr] = await callback((cb) =>
      ot.setStreamClassLists(sessionId, [{ id: streamId, layoutClassList: ['small'] }], cb),
    )
    assert.equal(classErr, null)
    assert.deepEqual((await callback((cb) => ot.listStreams(sessionId, cb)))[1][0].layoutClassList, ['small'])

    assert.deepEqual(await callback((cb) => ot.forceMuteStream(sessionId, streamId, cb)), [null])
    assert.deepEqual(await callback((cb) => ot.forceMuteAll(sessionId, { excludedStreamIds: [streamId] }, cb)), [null])
    assert.deepEqual(await callback((cb) => ot.disableForceMute(sessionId, cb)), [null])
    assert.deepEqual(
      emu.mutes.slice(-3).map(({ streamId: muted, active, excludedStreamIds }) => [muted, active, excludedStreamIds]),
      [
        [streamId, true, []],
        [null, true, [streamId]],
        [null, false, []],
      ],
    )

    assert.deepEqual(await callback((cb) => ot.forceDisconnect(sessionId, connectionId, cb)), [null])
    assert.deepEqual(emu.disconnects.at(-1), { sessionId, connectionId })
    const [again] = await callback((cb) => ot.forceDisconnect(sessionId, connectionId, cb))
    assert.equal(again.message, 'Session or Connection not found')
    const [signalGone] = await callback((cb) => ot.signal(sessionId, connectionId, { data: 'x' }, cb))
    assert.equal(signalGone.message, 'Session or Connection not found')
    assert.deepEqual((await callback((cb) => ot.listStreams(sessionId, cb)))[1], [])
  })

  test('an SDK whose clock runs ahead is refused, and the Date header shows by how much', async () => {
    const behind = await startEmulator({ clockSkewMs: -60_000 })
    try {
      const sdk = new OpenTok(behind.apiKey, behind.apiSecret, { apiUrl: behind.url })
      const [err] = await callback((cb) => sdk.createSession(cb))
      assert.equal(err.message, 'Failed to createSession. Error: Invalid API key or secret')
      const res = await fetch(`${behind.url}/session/create`, { method: 'POST' })
      const offset = Date.parse(res.headers.get('date')) - Date.now()
      assert.ok(offset < -58_000 && offset > -62_000, String(offset))
    } finally {
      await behind.close()
    }
  })
})
