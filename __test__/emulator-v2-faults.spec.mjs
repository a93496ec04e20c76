// Faults on the current wire: one route name per SDK method, and faults that
// look like the route's own answers (JSON, XML by Accept, MP4).
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, beforeEach, describe, test } from 'node:test'
import { call, FORM, liveSession, v2 } from './helpers/emulator-rest.mjs'

const { startEmulator } = createRequire(import.meta.url)('../emulator/index.js')

describe('faults on the current wire', () => {
  let emu
  let live
  let archiveId
  /** @type {Record<string, Array<() => ReturnType<typeof call>>>} every request of each fault route name */
  let routes

  before(async () => {
    emu = await startEmulator()
    live = await liveSession(emu)
    archiveId = (await v2(emu, 'POST', '/archive', { json: { sessionId: live.sessionId, streamMode: 'manual' } })).json
      .id
    const session = `/session/${live.sessionId}`
    routes = {
      createSession: [
        () => call(emu, 'POST', '/session/create', { form: {} }),
        () =>
          call(emu, 'POST', '/hl/session/create', {
            auth: null,
            body: `partner_id=${emu.apiKey}`,
            headers: { 'X-TB-PARTNER-AUTH': `${emu.apiKey}:${emu.apiSecret}`, 'Content-Type': FORM },
          }),
      ],
      startArchive: [() => v2(emu, 'POST', '/archive', { json: { sessionId: live.sessionId, multiArchiveTag: 'f' } })],
      stopArchive: [() => v2(emu, 'POST', '/archive/nope/stop')],
      getArchive: [() => v2(emu, 'GET', `/archive/${archiveId}`)],
      listArchives: [() => v2(emu, 'GET', '/archive')],
      deleteArchive: [() => v2(emu, 'DELETE', '/archive/nope')],
      setArchiveLayout: [() => v2(emu, 'PUT', `/archive/${archiveId}/layout`, { json: { type: 'pip' } })],
      patchArchiveStreams: [() => v2(emu, 'PATCH', `/archive/${archiveId}/streams`, { json: { removeStream: 'x' } })],
      archiveDownload: [() => call(emu, 'GET', `/v2/archive-download/${archiveId}/archive.mp4`)],
      signal: [
        () => v2(emu, 'POST', `${session}/signal`, { json: { data: 'x' } }),
        () => v2(emu, 'POST', `${session}/connection/${live.connectionId}/signal`, { json: { data: 'x' } }),
      ],
      forceDisconnect: [() => v2(emu, 'DELETE', `${session}/connection/nope`)],
      getStream: [() => v2(emu, 'GET', `${session}/stream/${live.streamId}`)],
      listStreams: [() => v2(emu, 'GET', `${session}/stream`)],
      setStreamClassLists: [() => v2(emu, 'PUT', `${session}/stream`, { json: { items: [] } })],
      forceMute: [
        () => v2(emu, 'POST', `${session}/stream/${live.streamId}/mute`, { json: {} }),
        () => v2(emu, 'POST', `${session}/mute`, { json: { active: false } }),
      ],
    }
  })
  beforeEach(() => emu.clearFaults())
  after(() => emu.close())

  test('each route name matches its routes, and only them', async () => {
    for (const [name, requests] of Object.entries(routes)) {
      emu.fault(name, { status: 418 })
      for (const request of requests) assert.equal((await request()).status, 418, name)
      for (const [other, others] of Object.entries(routes)) {
        if (other !== name) assert.notEqual((await others[0]()).status, 418, `${other} hit by the ${name} fault`)
      }
      emu.clearFaults()
    }
  })

  test('a status fault answers in the content type of the route unless told', async () => {
    emu.fault('getArchive', { status: 500, times: 1 })
    const json = await routes.getArchive[0]()
    assert.deepEqual([json.status, json.type, json.text], [500, 'application/json', ''])
    emu.fault('getArchive', { status: 500, body: '{"message":"boom"}', times: 1 })
    assert.deepEqual((await routes.getArchive[0]()).json, { message: 'boom' })
    emu.fault('archiveDownload', { status: 503, times: 1 })
    assert.equal((await routes.archiveDownload[0]()).type, 'video/mp4')
    emu.fault('createSession', { status: 503, times: 2 })
    assert.equal((await routes.createSession[0]()).type, 'application/json')
    assert.equal((await call(emu, 'POST', '/session/create', { accept: 'text/xml' })).type, 'text/xml')
  })

  test('malformed answers 200 with a body of the route type that does not parse', async () => {
    emu.fault('listArchives', { malformed: true, times: 1 })
    const res = await routes.listArchives[0]()
    assert.deepEqual([res.status, res.type], [200, 'application/json'])
    assert.throws(() => JSON.parse(res.text), SyntaxError)
    assert.ok(res.text.startsWith('{"id":'), res.text)

    emu.fault('createSession', { malformed: true, times: 2 })
    const json = await call(emu, 'POST', '/session/create', {})
    assert.equal(json.type, 'application/json')
    assert.throws(() => JSON.parse(json.text), SyntaxError)
    const xml = await call(emu, 'POST', '/session/create', { accept: null })
    assert.equal(xml.type, 'text/xml')
    assert.ok(xml.text.startsWith('<?xml') && !xml.text.endsWith('</sessions>'), xml.text)

    emu.fault('archiveDownload', { malformed: true, times: 1 })
    const mp4 = await fetch(`${emu.url}/v2/archive-download/${archiveId}/archive.mp4`)
    const bytes = Buffer.from(await mp4.arrayBuffer())
    assert.equal(mp4.headers.get('content-type'), 'video/mp4')
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp')
    assert.ok(bytes.readUInt32BE(0) > bytes.length, 'a box longer than the file')
  })

  test('reset sends the start of a JSON answer, then drops the connection', async () => {
    emu.fault('startArchive', { reset: true, times: 1 })
    const res = await fetch(`${emu.url}/v2/project/${emu.apiKey}/archive`, { method: 'POST' })
    assert.deepEqual([res.status, res.headers.get('content-type')], [200, 'application/json'])
    const promised = Number(res.headers.get('content-length'))
    let received = ''
    const read = async () => {
      for await (const chunk of res.body) received += Buffer.from(chunk).toString()
    }
    await assert.rejects(read(), TypeError)
    assert.ok(received.startsWith('{"') && received.length < promised, received)
  })

  test('hang sends the start of the answer, then nothing', async () => {
    emu.fault('getStream', { hang: true, times: 1 })
    const res = await fetch(`${emu.url}/v2/project/${emu.apiKey}/session/s/stream/x`, {
      signal: AbortSignal.timeout(300),
    })
    assert.equal(res.headers.get('content-type'), 'application/json')
    await assert.rejects(res.text(), { name: 'TimeoutError' })
    emu.fault('archiveDownload', { hang: true, times: 1 })
    const download = await fetch(`${emu.url}/v2/archive-download/x/archive.mp4`, { signal: AbortSignal.timeout(300) })
    assert.equal(download.headers.get('content-type'), 'video/mp4')
    await assert.rejects(download.arrayBuffer(), { name: 'TimeoutError' })
  })

  test('largeBodyBytes and delayMs work on the new routes', async () => {
    emu.fault('listStreams', { largeBodyBytes: 100_000, times: 1 })
    const big = await routes.listStreams[0]()
    assert.deepEqual([big.type, big.text.length], ['application/json', 100_000])
    emu.fault('signal', { delayMs: 150, times: 1 })
    const start = performance.now()
    assert.equal((await routes.signal[0]()).status, 204)
    assert.ok(performance.now() - start >= 140)
  })

  test('"*" answers JSON under /v2/ even where no route matches', async () => {
    emu.fault('*', { malformed: true, times: 1 })
    const res = await call(emu, 'GET', '/v2/nowhere')
    assert.equal(res.type, 'application/json')
    emu.fault('*', { malformed: true, times: 1 })
    assert.equal((await call(emu, 'GET', '/nowhere')).type, 'text/xml')
  })

  test('names other than the SDK methods are refused', () => {
    for (const name of ['forceMuteStream', 'forceMuteAll', 'archive', 'patchArchive', 'download ']) {
      assert.throws(() => emu.fault(name, { status: 500 }), { name: 'TypeError', message: /Unknown fault route/ })
    }
  })
})
