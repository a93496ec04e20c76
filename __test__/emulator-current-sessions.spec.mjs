// POST /session/create on today's wire: the form it reads, JSON or XML by
// Accept, 2_ session IDs and what the emulator records.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, describe, test } from 'node:test'
import { assertRefusal, call, sessionIdFields } from './helpers/emulator-rest.mjs'

const { startEmulator } = createRequire(import.meta.url)('../emulator/index.js')

const KEY = '46001122'
const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'

const create = (emu, form, options) => call(emu, 'POST', '/session/create', { form, ...options })

describe('POST /session/create', () => {
  let emu
  before(async () => {
    emu = await startEmulator({ apiKey: KEY, apiSecret: 'current-secret' })
  })
  after(() => emu.close())

  test('answers the JSON array with a 2_ session ID that decodes to the key', async () => {
    const res = await create(emu, { archiveMode: 'manual', 'p2p.preference': 'enabled' })
    assert.deepEqual([res.status, res.type], [200, 'application/json'])
    assert.equal(res.json.length, 1)
    const [session] = res.json
    assert.deepEqual(Object.keys(session), ['session_id', 'project_id', 'partner_id', 'create_dt', 'media_server_url'])
    assert.deepEqual([session.project_id, session.partner_id, session.media_server_url], [KEY, KEY, ''])
    assert.ok(session.session_id.startsWith('2_'), session.session_id)
    assert.match(session.session_id.slice(2), /^[A-Za-z0-9_-]+$/)
    const fields = sessionIdFields(session.session_id)
    assert.equal(fields.length, 6)
    assert.deepEqual([fields[0], fields[1], fields[2], fields[3], fields[5]], ['1', KEY, '', session.create_dt, ''])
    assert.match(fields[4], /^0\.\d{20}$/)
    assert.match(session.create_dt, /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d UTC \d{4}$/)
    assert.ok(Math.abs(Date.parse(session.create_dt) - Date.now()) < 5000, session.create_dt)
  })

  test('answers the sessions XML when the client does not accept JSON', async () => {
    for (const accept of [null, 'text/xml', '*/*', 'application/jsonp']) {
      const res = await create(emu, { 'p2p.preference': 'disabled' }, { accept })
      assert.deepEqual([res.status, res.type], [200, 'text/xml'], String(accept))
      const sessionId = res.text.slice(res.text.indexOf('<session_id>') + 12, res.text.indexOf('</session_id>'))
      assert.ok(sessionId.startsWith('2_'))
      const createDt = sessionIdFields(sessionId)[3]
      assert.equal(
        res.text,
        `${DECLARATION}<sessions><Session><session_id>${sessionId}</session_id><partner_id>${KEY}</partner_id>` +
          `<create_dt>${createDt}</create_dt></Session></sessions>`,
      )
    }
  })

  test('reads application/json anywhere in Accept, with parameters, in any case', async () => {
    for (const accept of [
      'text/xml, application/json;q=0.5',
      'Application/JSON',
      ' application/json ; charset=utf-8',
    ]) {
      assert.equal((await create(emu, {}, { accept })).type, 'application/json', accept)
    }
  })

  test('records the session: media mode, archive mode, e2ee, the wire, location and other properties', async () => {
    const form = {
      archiveMode: 'always',
      location: '10.0.0.1',
      e2ee: 'true',
      archiveName: 'x y',
      foo: 'undefined',
      'p2p.preference': 'disabled',
    }
    const res = await create(emu, form)
    assert.equal(res.status, 200, res.text)
    const sessionId = res.json[0].session_id
    assert.equal(sessionIdFields(sessionId)[2], '10.0.0.1')
    const recorded = emu.sessions.at(-1)
    assert.deepEqual(recorded, {
      sessionId,
      apiKey: KEY,
      location: '10.0.0.1',
      properties: { archiveName: 'x y', foo: 'undefined' },
    })
    assert.deepEqual(
      [recorded.mediaMode, recorded.archiveMode, recorded.e2ee, recorded.wire],
      ['routed', 'always', true, 'current'],
    )
  })

  test('defaults to relayed, manual, no e2ee', async () => {
    await create(emu, {})
    const recorded = emu.sessions.at(-1)
    assert.deepEqual(
      [recorded.mediaMode, recorded.archiveMode, recorded.e2ee, recorded.location, recorded.properties],
      ['relayed', 'manual', false, null, {}],
    )
  })

  test('records sessions of the 0.3.x wire as legacy, their media mode read from p2p.preference', async () => {
    const res = await fetch(`${emu.url}/hl/session/create`, {
      method: 'POST',
      headers: { 'X-TB-PARTNER-AUTH': `${KEY}:current-secret`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `partner_id=${KEY}&p2p.preference=disabled`,
    })
    assert.ok((await res.text()).includes('<session_id>1_'))
    const recorded = emu.sessions.at(-1)
    assert.deepEqual(
      [recorded.mediaMode, recorded.archiveMode, recorded.e2ee, recorded.wire],
      ['routed', 'manual', false, 'legacy'],
    )
  })

  const refusals = [
    [{ location: 'example.com' }, 'location must be an IPv4 address'],
    [{ location: '::1' }, 'location must be an IPv4 address'],
    [{ location: '' }, 'location must be an IPv4 address'],
    [{ location: '10.0.0.256' }, 'location must be an IPv4 address'],
    [{ 'p2p.preference': 'routed' }, 'p2p.preference must be enabled or disabled'],
    [{ archiveMode: 'sometimes' }, 'archiveMode must be manual or always'],
    [{ e2ee: 'yes' }, 'e2ee must be true or false'],
    [{ archiveMode: 'always' }, 'A session with always archive mode must also have the routed media mode'],
    [
      { archiveMode: 'always', 'p2p.preference': 'enabled' },
      'A session with always archive mode must also have the routed media mode',
    ],
    [{ e2ee: 'true' }, 'End-to-end encryption needs the routed media mode'],
  ]
  for (const [form, message] of refusals) {
    test(`refuses ${new URLSearchParams(form)} with 400, in JSON and in XML`, async () => {
      const before = emu.sessions.length
      assertRefusal(await create(emu, form), 400, message)
      const xml = await create(emu, form, { accept: 'text/xml' })
      assert.deepEqual([xml.status, xml.type], [400, 'text/xml'])
      assert.equal(xml.text, `<errorPayload><code>400</code><message>${message}</message></errorPayload>`)
      assert.equal(emu.sessions.length, before)
    })
  }

  test('is only POST, and answers other paths with 404', async () => {
    const get = await call(emu, 'GET', '/session/create')
    assert.equal(get.status, 404)
    assert.equal(
      get.text,
      '<Errors><error code="404"><notFound message="No route for GET /session/create"/></error></Errors>',
    )
  })

  test('creates 500 distinct sessions concurrently', async () => {
    const answers = await Promise.all(Array.from({ length: 500 }, () => create(emu, {})))
    const ids = new Set(answers.map((res) => res.json[0].session_id))
    assert.equal(ids.size, 500)
  })
})
