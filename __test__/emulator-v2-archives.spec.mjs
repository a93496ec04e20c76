// The v2 archive API: start, stop, get, list, delete, layout and streams,
// every refusal, the lifecycle started -> stopped -> available and the download.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { after, before, beforeEach, describe, test } from 'node:test'
import { assertRefusal, call, createSession, liveSession, v2 } from './helpers/emulator-rest.mjs'
import { clientJwt, restJwt } from './helpers/jwt.mjs'

const { startEmulator } = createRequire(import.meta.url)('../emulator/index.js')

const KEY = '46220001'
const SECRET = 'archives-v2-secret'
const OTHER_KEY = '46220002'
const OTHER_SECRET = 'archives-v2-other'

const FIELDS = [
  'id',
  'status',
  'name',
  'reason',
  'sessionId',
  'projectId',
  'partnerId',
  'createdAt',
  'updatedAt',
  'size',
  'duration',
  'outputMode',
  'hasAudio',
  'hasVideo',
  'resolution',
  'streamMode',
  'sha256sum',
  'password',
  'url',
  'streams',
]
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('v2 archives', () => {
  let emu
  let live
  const start = (json, options) => v2(emu, 'POST', '/archive', { json, ...options })
  const started = async (json = {}) => {
    const res = await start({ sessionId: live.sessionId, multiArchiveTag: `t${Math.random()}`, ...json })
    assert.equal(res.status, 200, res.text)
    return res.json
  }
  const stop = (id) => v2(emu, 'POST', `/archive/${encodeURIComponent(id)}/stop`, { json: {} })
  const get = (id) => v2(emu, 'GET', `/archive/${encodeURIComponent(id)}`)

  before(async () => {
    emu = await startEmulator({ apiKey: KEY, apiSecret: SECRET })
    emu.addCredentials(OTHER_KEY, OTHER_SECRET)
  })
  beforeEach(async () => {
    emu.setClockSkew(0)
    live = await liveSession(emu)
  })
  after(() => emu.close())

  test('start answers the archive JSON with status started and the defaults', async () => {
    const before = Date.now()
    const res = await start({ sessionId: live.sessionId })
    assert.deepEqual([res.status, res.type], [200, 'application/json'])
    const archive = res.json
    assert.deepEqual(Object.keys(archive), FIELDS)
    assert.match(archive.id, UUID)
    assert.deepEqual(
      { ...archive, id: undefined, createdAt: undefined, updatedAt: undefined },
      {
        id: undefined,
        status: 'started',
        name: null,
        reason: '',
        sessionId: live.sessionId,
        projectId: Number(KEY),
        partnerId: Number(KEY),
        createdAt: undefined,
        updatedAt: undefined,
        size: 0,
        duration: 0,
        outputMode: 'composed',
        hasAudio: true,
        hasVideo: true,
        resolution: '640x480',
        streamMode: 'auto',
        sha256sum: null,
        password: '',
        url: null,
        streams: [],
      },
    )
    assert.ok(archive.createdAt >= before && archive.createdAt <= Date.now())
    assert.equal(archive.updatedAt, archive.createdAt)
    assert.deepEqual(emu.archivesV2.at(-1), { ...archive, layout: { type: 'bestFit' }, multiArchiveTag: null })
  })

  test('start takes every option', async () => {
    const layout = { type: 'custom', stylesheet: 'stream { width: 50% }' }
    const composed = await started({
      name: 'Interview',
      hasAudio: false,
      resolution: '1280x720',
      layout,
      streamMode: 'manual',
    })
    assert.deepEqual(
      [composed.name, composed.hasAudio, composed.hasVideo, composed.resolution, composed.streamMode],
      ['Interview', false, true, '1280x720', 'manual'],
    )
    assert.deepEqual(emu.archivesV2.at(-1).layout, layout)
    const individual = await started({ outputMode: 'individual', hasVideo: false })
    assert.deepEqual([individual.outputMode, individual.resolution, individual.hasVideo], ['individual', null, false])
    for (const resolution of ['480x640', '720x1280', '1920x1080', '1080x1920']) {
      assert.equal((await started({ resolution })).resolution, resolution)
    }
    const screenshare = await started({ layout: { type: 'bestFit', screenshareType: 'pip' } })
    assert.deepEqual(emu.archivesV2.find((a) => a.id === screenshare.id).layout, {
      type: 'bestFit',
      screenshareType: 'pip',
    })
  })

  const badStarts = [
    ['no sessionId', { sessionId: undefined }, 'sessionId must be a non-empty string'],
    ['an empty sessionId', { sessionId: '' }, 'sessionId must be a non-empty string'],
    ['a number sessionId', { sessionId: 42 }, 'sessionId must be a non-empty string'],
    ['hasAudio "yes"', { hasAudio: 'yes' }, 'hasAudio must be true or false'],
    ['hasVideo 0', { hasVideo: 0 }, 'hasVideo must be true or false'],
    ['neither audio nor video', { hasAudio: false, hasVideo: false }, 'hasAudio and hasVideo cannot both be false'],
    ['outputMode mixed', { outputMode: 'mixed' }, 'outputMode must be one of composed, individual'],
    [
      'resolution 800x600',
      { resolution: '800x600' },
      'resolution must be one of 640x480, 480x640, 1280x720, 720x1280, 1920x1080, 1080x1920',
    ],
    [
      'an individual resolution',
      { outputMode: 'individual', resolution: '640x480' },
      'resolution is only for composed archives',
    ],
    [
      'an individual layout',
      { outputMode: 'individual', layout: { type: 'pip' } },
      'layout is only for composed archives',
    ],
    ['a layout that is a string', { layout: 'pip' }, 'layout must be a JSON object'],
    [
      'layout type grid',
      { layout: { type: 'grid' } },
      'layout.type must be one of bestFit, pip, verticalPresentation, horizontalPresentation, focus, custom',
    ],
    ['a custom layout without stylesheet', { layout: { type: 'custom' } }, 'A custom layout needs a stylesheet'],
    ['streamMode always', { streamMode: 'always' }, 'streamMode must be one of auto, manual'],
    ['a number name', { name: 42 }, 'name must be a string'],
    ['a number multiArchiveTag', { multiArchiveTag: 5 }, 'multiArchiveTag must be a string'],
  ]
  for (const [name, body, message] of badStarts) {
    test(`start refuses ${name} with 400`, async () => {
      const before = emu.archivesV2.length
      assertRefusal(await start({ sessionId: live.sessionId, ...body }), 400, message)
      assert.equal(emu.archivesV2.length, before)
    })
  }

  test('start refuses bodies that are not a JSON object', async () => {
    assertRefusal(
      await v2(emu, 'POST', '/archive', { body: '{', headers: { 'Content-Type': 'application/json' } }),
      400,
      'The body is not valid JSON',
    )
    assertRefusal(await start([live.sessionId]), 400, 'The body must be a JSON object')
    assertRefusal(await start(live.sessionId), 400, 'The body must be a JSON object')
    const text = await v2(emu, 'POST', '/archive', { body: 'sessionId=x', headers: { 'Content-Type': 'text/plain' } })
    assertRefusal(text, 415, 'Content-Type must be application/json')
    assertRefusal(await v2(emu, 'POST', '/archive', {}), 400, 'sessionId must be a non-empty string')
  })

  test('start refuses sessions it does not know with 404', async () => {
    const made = `2_${Buffer.from(`1~${KEY}~~Mon Jun 01 00:00:00 UTC 2026~0.1~`).toString('base64url')}`
    assertRefusal(await start({ sessionId: made }), 404, `Session ${made} not found`)
    const theirs = await createSession(
      emu,
      { 'p2p.preference': 'disabled' },
      { auth: restJwt(OTHER_KEY, OTHER_SECRET) },
    )
    emu.connect(clientJwt(OTHER_KEY, OTHER_SECRET, theirs))
    assertRefusal(await start({ sessionId: theirs }), 404, `Session ${theirs} not found`)
  })

  test('start refuses a session nobody is connected to with 404', async () => {
    const sessionId = await createSession(emu)
    assertRefusal(await start({ sessionId }), 404, 'No clients are actively connected to the OpenTok session')
    const connectionId = emu.connect(clientJwt(KEY, SECRET, sessionId))
    emu.disconnect(connectionId)
    assertRefusal(await start({ sessionId }), 404, 'No clients are actively connected to the OpenTok session')
  })

  test('start refuses a relayed session and an encrypted one with 409', async () => {
    const relayed = await liveSession(emu, { form: { 'p2p.preference': 'enabled' } })
    const message = 'The session is not using the OpenTok Media Router: its media mode is relayed'
    assertRefusal(await start({ sessionId: relayed.sessionId }), 409, message)
    const encrypted = await liveSession(emu, { form: { 'p2p.preference': 'disabled', e2ee: 'true' } })
    assertRefusal(
      await start({ sessionId: encrypted.sessionId }),
      409,
      'End-to-end encrypted sessions cannot be archived',
    )
  })

  test('start refuses a second archive of a session with 409, unless its multiArchiveTag differs', async () => {
    const message = 'Recording already in progress: give each simultaneous archive its own multiArchiveTag'
    const first = await start({ sessionId: live.sessionId })
    assert.equal(first.status, 200)
    assertRefusal(await start({ sessionId: live.sessionId }), 409, message)
    const tagged = await start({ sessionId: live.sessionId, multiArchiveTag: 'b' })
    assert.equal(tagged.status, 200)
    assertRefusal(await start({ sessionId: live.sessionId, multiArchiveTag: 'b' }), 409, message)
    assert.equal((await stop(first.json.id)).status, 200)
    assert.equal((await start({ sessionId: live.sessionId })).status, 200)
  })

  test('stop answers the archive stopped; it becomes available with a download', async () => {
    const archive = await started()
    const stopped = await stop(archive.id)
    assert.equal(stopped.status, 200)
    assert.deepEqual(Object.keys(stopped.json), FIELDS)
    assert.deepEqual(
      [stopped.json.status, stopped.json.reason, stopped.json.url, stopped.json.size],
      ['stopped', 'user initiated', null, 0],
    )
    const available = (await get(archive.id)).json
    assert.equal(available.status, 'available')
    assert.equal(available.url, `${emu.url}/v2/archive-download/${archive.id}/archive.mp4`)
    const download = await fetch(available.url)
    assert.deepEqual([download.status, download.headers.get('content-type')], [200, 'video/mp4'])
    const bytes = Buffer.from(await download.arrayBuffer())
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp')
    assert.equal(bytes.readUInt32BE(0) <= bytes.length, true)
    assert.equal(available.size, bytes.length)
    assert.equal(available.sha256sum, createHash('sha256').update(bytes).digest('hex'))
  })

  test('an individual archive downloads as an empty ZIP', async () => {
    const archive = await started({ outputMode: 'individual' })
    await stop(archive.id)
    const { url } = (await get(archive.id)).json
    assert.ok(url.endsWith(`/${archive.id}/archive.zip`), url)
    const download = await fetch(url)
    assert.equal(download.headers.get('content-type'), 'application/zip')
    assert.equal(
      Buffer.from(await download.arrayBuffer())
        .subarray(0, 4)
        .toString('latin1'),
      'PK\x05\x06',
    )
  })

  test('duration counts the seconds between start and stop at the emulator clock', async () => {
    const archive = await started()
    emu.setClockSkew(90_000)
    const stopped = (await stop(archive.id)).json
    assert.ok(stopped.duration >= 89 && stopped.duration <= 91, String(stopped.duration))
    assert.ok(stopped.updatedAt - archive.createdAt >= 89_000)
  })

  test('stop refuses an archive that is not started with 409, and unknown ones with 404', async () => {
    const archive = await started()
    await stop(archive.id)
    assertRefusal(
      await stop(archive.id),
      409,
      `Archive ${archive.id} is available: only a started archive can be stopped`,
    )
    assertRefusal(await stop('nope'), 404, 'Archive nope not found')
    assertRefusal(await get('nope'), 404, 'Archive nope not found')
  })

  test("another project's archives are not found", async () => {
    const archive = await started()
    const theirs = { auth: restJwt(OTHER_KEY, OTHER_SECRET) }
    for (const [method, path] of [
      ['GET', `/archive/${archive.id}`],
      ['POST', `/archive/${archive.id}/stop`],
      ['DELETE', `/archive/${archive.id}`],
    ]) {
      assertRefusal(
        await call(emu, method, `/v2/project/${OTHER_KEY}${path}`, theirs),
        404,
        `Archive ${archive.id} not found`,
      )
    }
    const list = await call(emu, 'GET', `/v2/project/${OTHER_KEY}/archive`, theirs)
    assert.deepEqual(list.json, { count: 0, items: [] })
  })

  test('a v2 call needs a token whose iss is the project in the path', async () => {
    const theirs = restJwt(OTHER_KEY, OTHER_SECRET)
    assertRefusal(
      await v2(emu, 'GET', '/archive', { auth: theirs }),
      403,
      'Issuer does not match the project in the URL',
    )
    assertRefusal(
      await call(emu, 'GET', '/v2/project/99990000/archive', { auth: theirs }),
      403,
      'Issuer does not match the project in the URL',
    )
    assertRefusal(await v2(emu, 'GET', '/archive', { auth: null }), 401, 'Missing X-OPENTOK-AUTH header')
    assertRefusal(await v2(emu, 'GET', '/archive', { auth: restJwt(KEY, 'x') }), 403, 'Invalid signature')
  })

  test('unknown v2 paths and methods answer a JSON 404', async () => {
    assertRefusal(await v2(emu, 'GET', '/broadcast'), 404, `No route for GET /v2/project/${KEY}/broadcast`)
    assertRefusal(await v2(emu, 'PUT', '/archive'), 404, `No route for PUT /v2/project/${KEY}/archive`)
  })

  test('the download is refused until the archive is available, and after it is deleted', async () => {
    const archive = await started()
    const url = `/v2/archive-download/${archive.id}/archive.mp4`
    assertRefusal(await call(emu, 'GET', url), 404, `No download archive.mp4 for archive ${archive.id}`)
    await stop(archive.id)
    assert.equal((await call(emu, 'GET', url, { auth: null })).status, 200)
    assertRefusal(
      await call(emu, 'GET', `/v2/archive-download/${archive.id}/archive.zip`),
      404,
      `No download archive.zip for archive ${archive.id}`,
    )
    assertRefusal(
      await call(emu, 'GET', '/v2/archive-download/nope/archive.mp4'),
      404,
      'No download archive.mp4 for archive nope',
    )
    assert.equal((await v2(emu, 'DELETE', `/archive/${archive.id}`)).status, 204)
    assert.equal((await call(emu, 'GET', url)).status, 404)
  })

  test('delete: 409 while started, 204 after, then status deleted and gone from lists', async () => {
    const archive = await started()
    const del = () => v2(emu, 'DELETE', `/archive/${archive.id}`)
    assertRefusal(await del(), 409, `Archive ${archive.id} is started: stop it first`)
    await stop(archive.id)
    const deleted = await del()
    assert.deepEqual([deleted.status, deleted.text], [204, ''])
    const after = (await get(archive.id)).json
    assert.deepEqual([after.status, after.url, after.size, after.sha256sum], ['deleted', null, 0, null])
    const list = (await v2(emu, 'GET', `/archive?sessionId=${live.sessionId}`)).json
    assert.ok(!list.items.some((item) => item.id === archive.id))
    assertRefusal(await del(), 409, `Archive ${archive.id} is already deleted`)
    assertRefusal(await v2(emu, 'DELETE', '/archive/nope'), 404, 'Archive nope not found')
    assert.equal(emu.archivesV2.find((a) => a.id === archive.id).status, 'deleted')
  })

  test('layout: 200 for every type; refused when malformed, unknown or not started', async () => {
    const archive = await started()
    const put = (json) => v2(emu, 'PUT', `/archive/${archive.id}/layout`, { json })
    const view = () => emu.archivesV2.find((a) => a.id === archive.id).layout
    for (const type of ['bestFit', 'pip', 'verticalPresentation', 'horizontalPresentation', 'focus']) {
      assert.equal((await put({ type })).status, 200, type)
      assert.deepEqual(view(), { type })
    }
    assert.equal((await put({ type: 'custom', stylesheet: 'a {}' })).status, 200)
    assert.deepEqual(view(), { type: 'custom', stylesheet: 'a {}' })
    for (const screenshareType of ['bestFit', 'pip', 'verticalPresentation', 'horizontalPresentation']) {
      assert.equal((await put({ type: 'bestFit', screenshareType })).status, 200)
    }
    assert.deepEqual(view(), { type: 'bestFit', screenshareType: 'horizontalPresentation' })
    for (const [body, message] of [
      [{}, 'type must be one of bestFit, pip, verticalPresentation, horizontalPresentation, focus, custom'],
      [
        { type: 'grid' },
        'type must be one of bestFit, pip, verticalPresentation, horizontalPresentation, focus, custom',
      ],
      [{ type: 'custom' }, 'A custom layout needs a stylesheet'],
      [{ type: 'custom', stylesheet: '' }, 'A custom layout needs a stylesheet'],
      [{ type: 'pip', stylesheet: 'a {}' }, 'stylesheet is only for the custom layout type'],
      [{ type: 'pip', screenshareType: 'pip' }, 'screenshareType needs the bestFit layout type'],
      [
        { type: 'bestFit', screenshareType: 'focus' },
        'screenshareType must be one of bestFit, pip, verticalPresentation, horizontalPresentation',
      ],
      [{ type: 'custom', stylesheet: 5 }, 'stylesheet must be a string'],
    ]) {
      assertRefusal(await put(body), 400, message)
    }
    assertRefusal(
      await v2(emu, 'PUT', '/archive/nope/layout', { json: { type: 'pip' } }),
      404,
      'Archive nope not found',
    )
    await stop(archive.id)
    assertRefusal(
      await put({ type: 'pip' }),
      409,
      `Archive ${archive.id} is available: only a started archive can be laid out`,
    )
  })

  test('streams: 405 in auto mode; in manual mode add, change and remove, with every refusal', async () => {
    const auto = await started()
    const patch = (id, json) => v2(emu, 'PATCH', `/archive/${id}/streams`, { json })
    assertRefusal(
      await patch(auto.id, { addStream: live.streamId }),
      405,
      `Archive ${auto.id} picks its streams itself: its streamMode is auto`,
    )

    const archive = await started({ streamMode: 'manual' })
    const streams = async () => (await get(archive.id)).json.streams
    const added = await patch(archive.id, { hasAudio: true, hasVideo: true, addStream: live.streamId })
    assert.deepEqual([added.status, added.text], [204, ''])
    assert.deepEqual(await streams(), [{ streamId: live.streamId, hasAudio: true, hasVideo: true }])
    assert.equal((await patch(archive.id, { addStream: live.streamId, hasVideo: false })).status, 204)
    assert.deepEqual(await streams(), [{ streamId: live.streamId, hasAudio: true, hasVideo: false }])
    const second = emu.publish(live.connectionId, { name: 'screen', videoType: 'screen' })
    await patch(archive.id, { addStream: second })
    assert.equal((await streams()).length, 2)
    assert.equal((await patch(archive.id, { removeStream: live.streamId })).status, 204)
    assert.deepEqual(
      (await streams()).map((s) => s.streamId),
      [second],
    )

    for (const [body, message] of [
      [{}, 'Give one of addStream and removeStream'],
      [{ addStream: second, removeStream: second }, 'Give one of addStream and removeStream'],
      [{ addStream: '' }, 'addStream must be a non-empty string'],
      [{ removeStream: 7 }, 'removeStream must be a non-empty string'],
      [{ addStream: second, hasAudio: 'no' }, 'hasAudio must be true or false'],
    ]) {
      assertRefusal(await patch(archive.id, body), 400, message)
    }
    assertRefusal(
      await patch(archive.id, { removeStream: live.streamId }),
      404,
      `Stream ${live.streamId} is not in archive ${archive.id}`,
    )
    assertRefusal(
      await patch(archive.id, { addStream: 'nope' }),
      404,
      `Stream nope not found in session ${live.sessionId}`,
    )
    const elsewhere = await liveSession(emu)
    assertRefusal(
      await patch(archive.id, { addStream: elsewhere.streamId }),
      404,
      `Stream ${elsewhere.streamId} not found in session ${live.sessionId}`,
    )
    assertRefusal(await patch('nope', { addStream: second }), 404, 'Archive nope not found')

    emu.disconnect(live.connectionId)
    assert.deepEqual(await streams(), [], 'the streams of a client that left are no longer archived')
    await stop(archive.id)
    assertRefusal(
      await patch(archive.id, { addStream: second }),
      409,
      `Archive ${archive.id} is available: only a started archive can be changed`,
    )
  })
})

describe('v2 archive list', () => {
  let emu
  let sessions
  let ids
  before(async () => {
    emu = await startEmulator({ apiKey: KEY, apiSecret: SECRET })
    sessions = [await liveSession(emu), await liveSession(emu)]
    ids = []
    for (let i = 0; i < 60; i += 1) {
      const res = await v2(emu, 'POST', '/archive', {
        json: { sessionId: sessions[i % 2].sessionId, multiArchiveTag: `t${i}` },
      })
      ids.push(res.json.id)
    }
  })
  after(() => emu.close())

  const list = async (query = '') => {
    const res = await v2(emu, 'GET', `/archive${query}`)
    assert.equal(res.status, 200, res.text)
    return res.json
  }

  test('answers {count, items}: 50 by default, newest first, count the total', async () => {
    const page = await list()
    assert.deepEqual(Object.keys(page), ['count', 'items'])
    assert.equal(page.count, 60)
    assert.deepEqual(
      page.items.map((a) => a.id),
      ids.toReversed().slice(0, 50),
    )
    assert.deepEqual(Object.keys(page.items[0]), FIELDS)
  })

  test('pages with offset and count', async () => {
    const page = await list('?offset=55&count=10')
    assert.equal(page.count, 60)
    assert.deepEqual(
      page.items.map((a) => a.id),
      ids.toReversed().slice(55),
    )
    assert.deepEqual((await list('?offset=60')).items, [])
    assert.equal((await list('?count=1000')).items.length, 60)
    assert.deepEqual(
      (await list('?count=1&offset=0')).items.map((a) => a.id),
      [ids.at(-1)],
    )
  })

  test('filters by sessionId', async () => {
    const page = await list(`?sessionId=${encodeURIComponent(sessions[1].sessionId)}&count=5`)
    assert.equal(page.count, 30)
    assert.deepEqual(
      page.items.map((a) => a.id),
      ids
        .filter((_, i) => i % 2 === 1)
        .toReversed()
        .slice(0, 5),
    )
    assert.deepEqual(await list('?sessionId=nope'), { count: 0, items: [] })
  })

  for (const [query, message] of [
    ['?offset=-1', 'offset must be a whole number from 0 to 9007199254740991'],
    ['?offset=x', 'offset must be a whole number from 0 to 9007199254740991'],
    ['?offset=', 'offset must be a whole number from 0 to 9007199254740991'],
    ['?count=0', 'count must be a whole number from 1 to 1000'],
    ['?count=1001', 'count must be a whole number from 1 to 1000'],
    ['?count=1.5', 'count must be a whole number from 1 to 1000'],
    ['?count=1e2', 'count must be a whole number from 1 to 1000'],
  ]) {
    test(`refuses ${query} with 400`, async () => {
      assertRefusal(await v2(emu, 'GET', `/archive${query}`), 400, message)
    })
  }
})

describe('v2 archives at the emulator clock', () => {
  test('archiveReadyMs: a stopped archive is available only once that long has passed', async () => {
    const emu = await startEmulator({ archiveReadyMs: 60_000, clockSkewMs: -5000 })
    try {
      const live = await liveSession(emu)
      const archive = (await v2(emu, 'POST', '/archive', { json: { sessionId: live.sessionId } })).json
      assert.ok(Math.abs(archive.createdAt - (Date.now() - 5000)) < 2000, 'createdAt from the skewed clock')
      await v2(emu, 'POST', `/archive/${archive.id}/stop`)
      const stopped = (await v2(emu, 'GET', `/archive/${archive.id}`)).json
      assert.deepEqual([stopped.status, stopped.url], ['stopped', null])
      assert.equal((await call(emu, 'GET', `/v2/archive-download/${archive.id}/archive.mp4`)).status, 404)
      assert.equal(emu.archivesV2[0].status, 'stopped')
      emu.setClockSkew(56_000)
      const available = (await v2(emu, 'GET', `/archive/${archive.id}`)).json
      assert.equal(available.status, 'available')
      assert.equal(available.updatedAt, stopped.updatedAt + 60_000)
      assert.equal((await fetch(available.url)).status, 200)
    } finally {
      await emu.close()
    }
  })

  test('archiveReadyMs is checked', async () => {
    await assert.rejects(startEmulator({ archiveReadyMs: -1 }), TypeError)
    await assert.rejects(startEmulator({ archiveReadyMs: 1.5 }), TypeError)
  })
})
