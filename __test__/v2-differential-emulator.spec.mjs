// opentok@2.23.2 and opentok-native's 2.x surface through one scenario
// against the emulator's stateful v2 routes: a routed session, a client that
// joins with the SDK's own token and publishes, an archive's whole life,
// signals, streams, mutes and a forced disconnection. Each step's requests
// (method, path, body) and outcome (values, or the refusal's 2.x kind and
// message) are compared, the IDs and times each run makes aside.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { useEmulator } from './helpers/network.mjs'
import { callBack, kindsOf, OpenTok2, OpenTokNative, plain, wire } from './helpers/v2.mjs'

const ctx = useEmulator()
const TIMES = new Set(['createdAt', 'updatedAt', 'duration'])

/** Runs the scenario with `module`'s OpenTok; returns every step's record, its IDs replaced by names. */
async function scenario(module) {
  const { emu } = ctx
  const ot = new module(emu.apiKey, emu.apiSecret, { apiUrl: emu.url })
  const names = new Map()
  const name = (id, as) => {
    if (typeof id === 'string' && id !== '') names.set(id, as)
    return id
  }
  const steps = []
  const step = async (label, method, args, { valuesCompared = true } = {}) => {
    const start = emu.requests.length
    const outcome = await callBack(ot, method, args)
    const [err, ...values] = outcome.values ?? []
    steps.push({
      label,
      sent: emu.requests.slice(start).map(wire),
      error: err ? { kinds: kindsOf(module, err), message: err.message } : null,
      values: valuesCompared ? values.map(plain) : [],
      outcome,
    })
    return values
  }
  const [session] = await step('createSession', 'createSession', [{ mediaMode: 'routed' }])
  const sessionId = name(session.sessionId, '<session>')
  const connectionId = name(emu.connect(ot.generateToken(sessionId, { role: 'moderator' })), '<connection>')
  const streamId = name(emu.publish(connectionId, { name: 'cam' }), '<stream>')
  const [archive] = await step('startArchive', 'startArchive', [sessionId, { name: 'lesson', streamMode: 'manual' }])
  const archiveId = name(archive.id, '<archive>')
  await step('startArchive again', 'startArchive', [sessionId])
  await step('listArchives', 'listArchives', [{ sessionId }])
  await step('setArchiveLayout', 'setArchiveLayout', [archiveId, 'pip', null], { valuesCompared: false })
  await step('addArchiveStream', 'addArchiveStream', [archiveId, streamId, { hasVideo: false }])
  await step('removeArchiveStream', 'removeArchiveStream', [archiveId, streamId])
  await step('removeArchiveStream again', 'removeArchiveStream', [archiveId, streamId])
  await step('stopArchive', 'stopArchive', [archiveId])
  await step('stopArchive again', 'stopArchive', [archiveId])
  await step('getArchive', 'getArchive', [archiveId])
  await step('signal all', 'signal', [sessionId, null, { type: 'chat', data: 'hi all' }])
  await step('signal one', 'signal', [sessionId, connectionId, { type: 'chat', data: 'hi you' }])
  await step('signal nobody', 'signal', [sessionId, 'nobody', { data: 'x' }])
  await step('listStreams', 'listStreams', [sessionId])
  await step('setStreamClassLists', 'setStreamClassLists', [sessionId, [{ id: streamId, layoutClassList: ['full'] }]], {
    valuesCompared: false,
  })
  await step('getStream', 'getStream', [sessionId, streamId], { valuesCompared: false })
  await step('forceMuteStream', 'forceMuteStream', [sessionId, streamId])
  await step('forceMuteAll', 'forceMuteAll', [sessionId, { excludedStreamIds: [streamId] }])
  await step('disableForceMute', 'disableForceMute', [sessionId])
  await step('forceDisconnect', 'forceDisconnect', [sessionId, connectionId])
  await step('forceDisconnect again', 'forceDisconnect', [sessionId, connectionId])
  await step('deleteArchive', 'deleteArchive', [archiveId])
  await step('getArchive unknown', 'getArchive', ['00000000-0000-4000-8000-000000000000'])
  // IDs and times as names, so that the two runs compare.
  const text = JSON.stringify(steps, (key, value) => {
    // 2.23.2 puts the OpenTok object, secret included, on the Session (bug); this one does not.
    if (key === 'outcome' || key === 'ot') return undefined
    if (TIMES.has(key)) return typeof value
    if (key === 'url' && typeof value === 'string')
      return value.replace(archiveId, '<archive>').replace(emu.url, '<emu>')
    return typeof value === 'string' && names.has(value) ? names.get(value) : value
  })
  let normalised = text
  for (const [id, as] of names) normalised = normalised.split(id).join(as)
  return { steps: JSON.parse(normalised), raw: steps }
}

test('every 2.x call through one scenario: the same requests and the same outcomes as opentok@2.23.2', async () => {
  const theirs = await scenario(OpenTok2)
  const mine = await scenario(OpenTokNative)
  assert.equal(mine.steps.length, theirs.steps.length)
  for (const [i, expected] of theirs.steps.entries()) {
    const got = mine.steps[i]
    const { label } = expected
    // The core sends `location` first and the body of each call as 2.23.2 does.
    assert.deepEqual(got.sent, expected.sent, `${label}: requests`)
    if (label === 'startArchive again') {
      // 2.23.2 calls back (RequestError, ArchiveError) here (bug); the ArchiveError is the error here.
      const second = theirs.raw[i].outcome.values[1]
      assert.deepEqual(got.error, { kinds: kindsOf(OpenTok2, second), message: second.message }, label)
      continue
    }
    if (label === 'getStream') {
      // 2.23.2 parses the JSON answer again and fails (bug); here the stream is given.
      assert.ok(theirs.raw[i].outcome.values[0] instanceof SyntaxError)
      assert.equal(got.error, null)
      assert.deepEqual(plain(mine.raw[i].outcome.values[1]), {
        id: mine.raw[i].outcome.values[1].id,
        videoType: 'camera',
        name: 'cam',
        layoutClassList: ['full'],
      })
      continue
    }
    assert.deepEqual(got.error, expected.error, `${label}: refusal`)
    assert.deepEqual(got.values, expected.values, `${label}: values`)
  }
  const refused = mine.steps.filter((s) => s.error).map((s) => `${s.label}: ${s.error.kinds[0]} ${s.error.message}`)
  assert.deepEqual(refused, [
    'startArchive again: ArchiveError Recording already in progress or session not using OpenTok Media Router',
    'removeArchiveStream again: ArchiveError Archive or stream not found',
    'stopArchive again: ArchiveError Archive <archive> is available: only a started archive can be stopped',
    'signal nobody: SignalError Session or Connection not found',
    'forceDisconnect again: ForceDisconnectError Session or Connection not found',
    'getArchive unknown: NotFoundError Archive not found',
  ])
})
