// The hooks that stand in for clients (connect, publish, disconnect), the
// records of what the REST API did, and archiveMode "always".
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, afterEach, before, describe, test } from 'node:test'
import { assertRefusal, createSession, v2 } from './helpers/emulator-rest.mjs'
import { clientJwt, nowSeconds } from './helpers/jwt.mjs'
import { signT1 } from './helpers/t1.mjs'

const { startEmulator } = createRequire(import.meta.url)('../emulator/index.js')

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const OTHER_KEY = '46440002'
const OTHER_SECRET = 'hooks-other'

describe('client hooks', () => {
  let emu
  let sessionId
  const jwt = (claims = {}, session = sessionId) => clientJwt(emu.apiKey, emu.apiSecret, session, claims)
  const t1 = (fields = {}) =>
    signT1(emu.apiKey, emu.apiSecret, {
      session_id: sessionId,
      create_time: nowSeconds(),
      nonce: 1,
      role: 'publisher',
      ...fields,
    })
  const streams = async () => (await v2(emu, 'GET', `/session/${sessionId}/stream`)).json.items

  before(async () => {
    emu = await startEmulator()
    emu.addCredentials(OTHER_KEY, OTHER_SECRET)
    sessionId = await createSession(emu)
  })
  afterEach(() => emu.setClockSkew(0))
  after(() => emu.close())

  test('the records start empty', async () => {
    const fresh = await startEmulator()
    try {
      assert.deepEqual([fresh.signals, fresh.disconnects, fresh.mutes, fresh.archivesV2], [[], [], [], []])
    } finally {
      await fresh.close()
    }
  })

  test('connect takes a JWT or a T1 token and answers a connection ID', async () => {
    for (const token of [jwt(), jwt({ role: 'subscriber' }), t1(), t1({ role: 'moderator' })]) {
      assert.match(emu.connect(token), UUID)
    }
  })

  test('connect takes the tokens opentok@2.23.2 generates, both kinds', async () => {
    const OpenTok = createRequire(import.meta.url)('opentok-2')
    const sdk = new OpenTok(emu.apiKey, emu.apiSecret)
    assert.match(emu.connect(sdk.generateToken(sessionId)), UUID)
    assert.match(emu.connect(sdk.generateToken(sessionId, { role: 'publisheronly' })), UUID)
    assert.match(emu.connect(sdk.generateToken(sessionId, { role: 'moderator' }, true)), UUID)
  })

  test('connect sessions of the 0.3.x wire too', async () => {
    const res = await fetch(`${emu.url}/hl/session/create`, {
      method: 'POST',
      headers: {
        'X-TB-PARTNER-AUTH': `${emu.apiKey}:${emu.apiSecret}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: `partner_id=${emu.apiKey}`,
    })
    const xml = await res.text()
    const legacy = xml.slice(xml.indexOf('<session_id>') + 12, xml.indexOf('</session_id>'))
    assert.match(emu.connect(jwt({}, legacy)), UUID)
  })

  for (const [name, token, message] of [
    ['garbage', () => 'garbage', 'Invalid token format'],
    ['a wrong secret', () => clientJwt(emu.apiKey, 'guessed', sessionId), 'Invalid token signature'],
    ['an expired JWT', () => jwt({ exp: nowSeconds() - 1 }), 'Token expired'],
    ['an expired T1 token', () => t1({ expire_time: nowSeconds() - 1 }), 'Token expired'],
    ['a forged T1 token', () => signT1(emu.apiKey, 'guessed', { session_id: sessionId }), 'Invalid token signature'],
    ['an unknown role', () => jwt({ role: 'owner' }), 'Invalid token role'],
    ['a wrong scope', () => jwt({ scope: 'other' }), 'Invalid token scope'],
  ]) {
    test(`connect refuses ${name}: INVALID_TOKEN, "${message}"`, () => {
      assert.throws(() => emu.connect(token()), { code: 'INVALID_TOKEN', message })
    })
  }

  test('connect checks expiry at the emulator clock', () => {
    const token = jwt({ exp: nowSeconds() + 30, expire_time: nowSeconds() + 30 })
    emu.setClockSkew(60_000)
    assert.throws(() => emu.connect(token), { code: 'INVALID_TOKEN', message: 'Token expired' })
    emu.setClockSkew(0)
    assert.match(emu.connect(token), UUID)
  })

  test('connect refuses sessions the emulator did not create for the key: UNKNOWN_SESSION', async () => {
    const made = `2_${Buffer.from(`1~${emu.apiKey}~~Mon Jun 01 00:00:00 UTC 2026~0.3~`).toString('base64url')}`
    const message = `Session ${made} was not created by this emulator for API key ${emu.apiKey}`
    assert.throws(() => emu.connect(jwt({}, made)), { code: 'UNKNOWN_SESSION', message })
    assert.throws(() => emu.connect(t1({ session_id: made })), { code: 'UNKNOWN_SESSION' })
    // A T1 token of another key, naming our session: T1 tokens do not bind the session to their key.
    const foreign = signT1(OTHER_KEY, OTHER_SECRET, {
      session_id: sessionId,
      create_time: nowSeconds(),
      role: 'publisher',
    })
    assert.throws(() => emu.connect(foreign), { code: 'UNKNOWN_SESSION' })
  })

  test('connect refuses arguments of the wrong type', () => {
    assert.throws(() => emu.connect(42), TypeError)
    assert.throws(() => emu.connect(jwt(), { data: 5 }), TypeError)
  })

  test('publish: a stream ID, with defaults; shown by the REST API', async () => {
    const connectionId = emu.connect(jwt())
    const streamId = emu.publish(connectionId)
    assert.match(streamId, UUID)
    const named = emu.publish(connectionId, { name: 'deck', videoType: 'screen', layoutClassList: ['a', 'b'] })
    const mine = (await streams()).filter((s) => s.id === streamId || s.id === named)
    assert.deepEqual(mine, [
      { id: streamId, videoType: 'camera', name: '', layoutClassList: [] },
      { id: named, videoType: 'screen', name: 'deck', layoutClassList: ['a', 'b'] },
    ])
  })

  test('publish: every role but subscriber', () => {
    for (const role of ['publisher', 'publisheronly', 'moderator'])
      assert.match(emu.publish(emu.connect(jwt({ role }))), UUID)
    const subscriber = emu.connect(jwt({ role: 'subscriber' }))
    assert.throws(() => emu.publish(subscriber), { code: 'CANNOT_PUBLISH', message: 'A subscriber cannot publish' })
  })

  test('publish refuses unknown connections and bad options', () => {
    assert.throws(() => emu.publish('nope'), { code: 'UNKNOWN_CONNECTION', message: 'No client is connected as nope' })
    const connectionId = emu.connect(jwt())
    assert.throws(() => emu.publish(connectionId, { videoType: 'webcam' }), TypeError)
    assert.throws(() => emu.publish(connectionId, { name: 5 }), TypeError)
    assert.throws(() => emu.publish(connectionId, { layoutClassList: 'big' }), TypeError)
    assert.throws(() => emu.publish(connectionId, { layoutClassList: [1] }), TypeError)
  })

  test('disconnect: the client and its streams go; only once', async () => {
    const connectionId = emu.connect(jwt())
    const streamId = emu.publish(connectionId)
    emu.disconnect(connectionId)
    assert.ok(!(await streams()).some((s) => s.id === streamId))
    assert.throws(() => emu.disconnect(connectionId), { code: 'UNKNOWN_CONNECTION' })
    assertRefusal(
      await v2(emu, 'POST', `/session/${sessionId}/connection/${connectionId}/signal`, { json: { data: 'x' } }),
      404,
      `Connection ${connectionId} not found in session ${sessionId}`,
    )
    assert.equal(emu.disconnects.length, 0, 'a client that leaves is not a forced disconnect')
  })

  test('archivesV2 is a snapshot', async () => {
    emu.connect(jwt())
    const res = await v2(emu, 'POST', '/archive', { json: { sessionId, multiArchiveTag: 'snap' } })
    const snapshot = emu.archivesV2
    snapshot[0].status = 'changed'
    snapshot[0].layout.type = 'changed'
    assert.deepEqual([emu.archivesV2[0].status, emu.archivesV2[0].layout.type], ['started', 'bestFit'])
    assert.equal(emu.archivesV2.at(-1).multiArchiveTag, 'snap')
    assert.equal(emu.archivesV2.at(-1).id, res.json.id)
  })
})

describe('archiveMode always', () => {
  let emu
  before(async () => {
    emu = await startEmulator()
  })
  after(() => emu.close())

  const always = (extra = {}) => createSession(emu, { 'p2p.preference': 'disabled', archiveMode: 'always', ...extra })
  const archivesOf = (sessionId) => emu.archivesV2.filter((archive) => archive.sessionId === sessionId)

  test('the first client to connect starts an archive, named and sized by the session', async () => {
    const sessionId = await always({ archiveName: 'Daily', archiveResolution: '1280x720' })
    assert.deepEqual(archivesOf(sessionId), [])
    emu.connect(clientJwt(emu.apiKey, emu.apiSecret, sessionId))
    const [archive] = archivesOf(sessionId)
    assert.deepEqual(
      [
        archive.status,
        archive.name,
        archive.resolution,
        archive.outputMode,
        archive.streamMode,
        archive.multiArchiveTag,
      ],
      ['started', 'Daily', '1280x720', 'composed', 'auto', null],
    )
    emu.connect(clientJwt(emu.apiKey, emu.apiSecret, sessionId))
    assert.equal(archivesOf(sessionId).length, 1)
    const message = 'Recording already in progress: give each simultaneous archive its own multiArchiveTag'
    assertRefusal(await v2(emu, 'POST', '/archive', { json: { sessionId } }), 409, message)
    assert.equal((await v2(emu, 'POST', '/archive', { json: { sessionId, multiArchiveTag: 'mine' } })).status, 200)
  })

  test('a new archive starts when clients come back after it stopped', async () => {
    const sessionId = await always()
    const first = emu.connect(clientJwt(emu.apiKey, emu.apiSecret, sessionId))
    const [archive] = archivesOf(sessionId)
    assert.equal(archive.name, null)
    assert.equal(archive.resolution, '640x480')
    emu.disconnect(first)
    emu.connect(clientJwt(emu.apiKey, emu.apiSecret, sessionId))
    assert.equal(archivesOf(sessionId).length, 1, 'still recording: no second archive')
    await v2(emu, 'POST', `/archive/${archive.id}/stop`)
    emu.connect(clientJwt(emu.apiKey, emu.apiSecret, sessionId))
    assert.equal(archivesOf(sessionId).length, 1, 'clients were already there')
    const other = await always()
    emu.connect(clientJwt(emu.apiKey, emu.apiSecret, other))
    assert.equal(archivesOf(other).length, 1)
  })

  test('manual sessions and encrypted ones start nothing', async () => {
    for (const form of [
      { 'p2p.preference': 'disabled' },
      { 'p2p.preference': 'disabled', archiveMode: 'always', e2ee: 'true' },
    ]) {
      const sessionId = await createSession(emu, form)
      emu.connect(clientJwt(emu.apiKey, emu.apiSecret, sessionId))
      assert.deepEqual(archivesOf(sessionId), [])
    }
  })
})
