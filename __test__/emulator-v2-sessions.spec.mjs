// The v2 session API at run time: signals, forced disconnects, streams and
// their layout classes, forced mutes; what each refuses.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, beforeEach, describe, test } from 'node:test'
import { assertRefusal, createSession, liveSession, v2 } from './helpers/emulator-rest.mjs'
import { restJwt } from './helpers/jwt.mjs'

const { startEmulator } = createRequire(import.meta.url)('../emulator/index.js')

const OTHER_KEY = '46330002'
const OTHER_SECRET = 'sessions-v2-other'
// A well-formed session ID of the primary key that the emulator never created.
const unknownSession = (apiKey) =>
  `2_${Buffer.from(`1~${apiKey}~~Mon Jun 01 00:00:00 UTC 2026~0.2~`).toString('base64url')}`

describe('v2 sessions', () => {
  let emu
  let live
  before(async () => {
    emu = await startEmulator()
    emu.addCredentials(OTHER_KEY, OTHER_SECRET)
  })
  beforeEach(async () => {
    live = await liveSession(emu)
  })
  after(() => emu.close())

  const signal = (json, { sessionId = live.sessionId, connectionId } = {}) => {
    const connection = connectionId === undefined ? '' : `/connection/${connectionId}`
    return v2(emu, 'POST', `/session/${sessionId}${connection}/signal`, { json })
  }

  describe('signal', () => {
    test('to every client: 204, recorded with connectionId null', async () => {
      const res = await signal({ type: 'chat', data: 'hello' })
      assert.deepEqual([res.status, res.text], [204, ''])
      assert.deepEqual(emu.signals.at(-1), {
        sessionId: live.sessionId,
        connectionId: null,
        type: 'chat',
        data: 'hello',
      })
    })

    test('to one connection: 204, recorded with it; the type is optional', async () => {
      assert.equal((await signal({ data: '' }, { connectionId: live.connectionId })).status, 204)
      assert.deepEqual(emu.signals.at(-1), {
        sessionId: live.sessionId,
        connectionId: live.connectionId,
        type: null,
        data: '',
      })
    })

    test('takes a type of 128 and data of 8192 characters', async () => {
      assert.equal((await signal({ type: 't'.repeat(128), data: 'd'.repeat(8192) })).status, 204)
    })

    for (const [name, body, message] of [
      ['no data', { type: 'chat' }, 'data must be a string'],
      ['data that is a number', { data: 5 }, 'data must be a string'],
      ['data that is an object', { data: { text: 'hi' } }, 'data must be a string'],
      ['data of 8193 characters', { data: 'd'.repeat(8193) }, 'data must be at most 8192 characters'],
      ['a type that is a number', { type: 1, data: 'x' }, 'type must be a string'],
      ['a type of 129 characters', { type: 't'.repeat(129), data: 'x' }, 'type must be at most 128 characters'],
      ['a body that is a string', 'hello', 'The body must be a JSON object'],
    ]) {
      test(`refuses ${name} with 400`, async () => {
        const before = emu.signals.length
        assertRefusal(await signal(body), 400, message)
        assertRefusal(await signal(body, { connectionId: live.connectionId }), 400, message)
        assert.equal(emu.signals.length, before)
      })
    }

    test('refuses unknown sessions and connections with 404', async () => {
      const made = unknownSession(emu.apiKey)
      assertRefusal(await signal({ data: 'x' }, { sessionId: made }), 404, `Session ${made} not found`)
      const theirs = await createSession(emu, {}, { auth: restJwt(OTHER_KEY, OTHER_SECRET) })
      assertRefusal(await signal({ data: 'x' }, { sessionId: theirs }), 404, `Session ${theirs} not found`)
      const message = `Connection nope not found in session ${live.sessionId}`
      assertRefusal(await signal({ data: 'x' }, { connectionId: 'nope' }), 404, message)
      const elsewhere = await liveSession(emu)
      assertRefusal(
        await signal({ data: 'x' }, { connectionId: elsewhere.connectionId }),
        404,
        `Connection ${elsewhere.connectionId} not found in session ${live.sessionId}`,
      )
    })
  })

  describe('force disconnect', () => {
    const disconnect = (connectionId, sessionId = live.sessionId) =>
      v2(emu, 'DELETE', `/session/${sessionId}/connection/${connectionId}`)

    test('204: recorded, the client and its streams gone', async () => {
      const res = await disconnect(live.connectionId)
      assert.deepEqual([res.status, res.text], [204, ''])
      assert.deepEqual(emu.disconnects.at(-1), { sessionId: live.sessionId, connectionId: live.connectionId })
      assert.deepEqual((await v2(emu, 'GET', `/session/${live.sessionId}/stream`)).json, { count: 0, items: [] })
      assert.throws(() => emu.disconnect(live.connectionId), { code: 'UNKNOWN_CONNECTION' })
    })

    test('refuses unknown sessions and connections with 404', async () => {
      await disconnect(live.connectionId)
      assertRefusal(
        await disconnect(live.connectionId),
        404,
        `Connection ${live.connectionId} not found in session ${live.sessionId}`,
      )
      const made = unknownSession(emu.apiKey)
      assertRefusal(await disconnect(live.connectionId, made), 404, `Session ${made} not found`)
    })
  })

  describe('streams', () => {
    test('list: {count, items} in publish order', async () => {
      const screen = emu.publish(live.connectionId, { name: 'deck', videoType: 'screen', layoutClassList: ['full'] })
      const res = await v2(emu, 'GET', `/session/${live.sessionId}/stream`)
      assert.equal(res.status, 200)
      assert.deepEqual(res.json, {
        count: 2,
        items: [
          { id: live.streamId, videoType: 'camera', name: 'cam', layoutClassList: [] },
          { id: screen, videoType: 'screen', name: 'deck', layoutClassList: ['full'] },
        ],
      })
    })

    test('get one; 404 for unknown streams and sessions', async () => {
      const res = await v2(emu, 'GET', `/session/${live.sessionId}/stream/${live.streamId}`)
      assert.deepEqual(res.json, { id: live.streamId, videoType: 'camera', name: 'cam', layoutClassList: [] })
      assertRefusal(
        await v2(emu, 'GET', `/session/${live.sessionId}/stream/nope`),
        404,
        `Stream nope not found in session ${live.sessionId}`,
      )
      const elsewhere = await liveSession(emu)
      assertRefusal(
        await v2(emu, 'GET', `/session/${live.sessionId}/stream/${elsewhere.streamId}`),
        404,
        `Stream ${elsewhere.streamId} not found in session ${live.sessionId}`,
      )
      const made = unknownSession(emu.apiKey)
      assertRefusal(await v2(emu, 'GET', `/session/${made}/stream`), 404, `Session ${made} not found`)
      assertRefusal(await v2(emu, 'GET', `/session/${made}/stream/${live.streamId}`), 404, `Session ${made} not found`)
    })

    test('set class lists: 200, all of them or none', async () => {
      const put = (json) => v2(emu, 'PUT', `/session/${live.sessionId}/stream`, { json })
      const second = emu.publish(live.connectionId, { name: 'two' })
      const classes = async () =>
        (await v2(emu, 'GET', `/session/${live.sessionId}/stream`)).json.items.map((s) => s.layoutClassList)
      const res = await put({
        items: [
          { id: live.streamId, layoutClassList: ['focus', 'big'] },
          { id: second, layoutClassList: [] },
        ],
      })
      assert.deepEqual([res.status, res.text], [200, ''])
      assert.deepEqual(await classes(), [['focus', 'big'], []])
      assert.equal((await put({ items: [] })).status, 200)
      for (const [body, message] of [
        [{}, 'items must be an array'],
        [{ items: {} }, 'items must be an array'],
        [{ items: ['x'] }, 'items[0] must be a JSON object'],
        [{ items: [{ layoutClassList: [] }] }, 'items[0].id must be a non-empty string'],
        [
          { items: [{ id: second, layoutClassList: [] }, { id: second }] },
          'items[1].layoutClassList must be an array of strings',
        ],
        [{ items: [{ id: second, layoutClassList: 'big' }] }, 'items[0].layoutClassList must be an array of strings'],
        [{ items: [{ id: second, layoutClassList: [1] }] }, 'items[0].layoutClassList must be an array of strings'],
      ]) {
        assertRefusal(await put(body), 400, message)
      }
      const unknown = await put({
        items: [
          { id: second, layoutClassList: ['x'] },
          { id: 'nope', layoutClassList: [] },
        ],
      })
      assertRefusal(unknown, 404, `Stream nope not found in session ${live.sessionId}`)
      assert.deepEqual(await classes(), [['focus', 'big'], []], 'nothing changed')
    })
  })

  describe('force mute', () => {
    test('one stream: 200 with the stream, recorded', async () => {
      const res = await v2(emu, 'POST', `/session/${live.sessionId}/stream/${live.streamId}/mute`, { json: {} })
      assert.equal(res.status, 200)
      assert.deepEqual(res.json, { id: live.streamId, videoType: 'camera', name: 'cam', layoutClassList: [] })
      assert.deepEqual(emu.mutes.at(-1), {
        sessionId: live.sessionId,
        streamId: live.streamId,
        active: true,
        excludedStreamIds: [],
      })
      assertRefusal(
        await v2(emu, 'POST', `/session/${live.sessionId}/stream/nope/mute`, { json: {} }),
        404,
        `Stream nope not found in session ${live.sessionId}`,
      )
    })

    test('all streams: 200 with the state, recorded, and lifted', async () => {
      const mute = (json) => v2(emu, 'POST', `/session/${live.sessionId}/mute`, { json })
      const res = await mute({ excludedStreamIds: [live.streamId], active: true })
      assert.equal(res.status, 200)
      assert.deepEqual(res.json, { sessionId: live.sessionId, active: true, excludedStreamIds: [live.streamId] })
      assert.deepEqual(emu.mutes.at(-1), {
        sessionId: live.sessionId,
        streamId: null,
        active: true,
        excludedStreamIds: [live.streamId],
      })
      await mute({ active: false })
      assert.deepEqual(emu.mutes.at(-1), {
        sessionId: live.sessionId,
        streamId: null,
        active: false,
        excludedStreamIds: [],
      })
      assertRefusal(await mute({}), 400, 'active must be true or false')
      assertRefusal(await mute({ active: 'yes' }), 400, 'active must be true or false')
      assertRefusal(
        await mute({ active: true, excludedStreamIds: live.streamId }),
        400,
        'excludedStreamIds must be an array of strings',
      )
      const made = unknownSession(emu.apiKey)
      assertRefusal(
        await v2(emu, 'POST', `/session/${made}/mute`, { json: { active: true } }),
        404,
        `Session ${made} not found`,
      )
    })
  })
})
