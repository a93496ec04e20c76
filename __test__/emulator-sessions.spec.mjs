import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, describe, test } from 'node:test'

const { startEmulator } = createRequire(import.meta.url)('../emulator/index.js')

const FORM = 'application/x-www-form-urlencoded'
const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
const FORBIDDEN = '<Errors><error code="403"><forbidden message="Invalid partner credentials"/></error></Errors>'

/** POSTs to /hl/session/create; `auth` null leaves the header out. */
async function createSession(
  emu,
  { auth = `${emu.apiKey}:${emu.apiSecret}`, form = `partner_id=${emu.apiKey}`, contentType = FORM } = {},
) {
  const headers = { 'Content-Type': contentType }
  if (auth !== null) headers['X-TB-PARTNER-AUTH'] = auth
  const res = await fetch(`${emu.url}/hl/session/create`, { method: 'POST', headers, body: form })
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() }
}

/** The text between <tag> and </tag>. */
function element(xml, tag) {
  const start = xml.indexOf(`<${tag}>`)
  const end = xml.indexOf(`</${tag}>`)
  assert.ok(start >= 0 && end > start, `<${tag}> in ${xml}`)
  return xml.slice(start + tag.length + 2, end)
}

/** The "~"-separated fields of a session ID. */
function decodeSessionId(sessionId) {
  assert.equal(sessionId.slice(0, 2), '1_')
  const base64url = sessionId.slice(2)
  for (const char of base64url) assert.ok('+/='.indexOf(char) < 0, `base64url without padding: ${sessionId}`)
  return Buffer.from(base64url, 'base64url').toString('utf8').split('~')
}

describe('POST /hl/session/create', () => {
  let emu
  before(async () => {
    emu = await startEmulator({ apiKey: 12345678, apiSecret: 'top-secret' })
  })
  after(() => emu.close())

  test('answers the recorded sessions XML with an ID that decodes to the key', async () => {
    const res = await createSession(emu)
    assert.equal(res.status, 200)
    assert.equal(res.type, 'text/xml')
    const sessionId = element(res.text, 'session_id')
    const createDt = element(res.text, 'create_dt')
    assert.equal(
      res.text,
      `${DECLARATION}<sessions><Session><session_id>${sessionId}</session_id><partner_id>12345678</partner_id>` +
        `<create_dt>${createDt}</create_dt></Session></sessions>`,
    )
    const fields = decodeSessionId(sessionId)
    assert.equal(fields.length, 6)
    assert.deepEqual([fields[0], fields[1], fields[2], fields[5]], ['1', '12345678', '', ''])
    assert.equal(fields[3], createDt)
    assert.ok(Math.abs(Date.parse(createDt) - Date.now()) < 60_000, `create_dt ${createDt} is now`)
    assert.deepEqual(emu.sessions.at(-1), { sessionId, apiKey: '12345678', location: null, properties: {} })
  })

  test('carries the location hint into the session ID and records every property', async () => {
    const form = 'partner_id=12345678&location=10.1.2.3&p2p.preference=enabled&other=a+b%26c'
    const res = await createSession(emu, { form })
    assert.equal(res.status, 200)
    const sessionId = element(res.text, 'session_id')
    assert.equal(decodeSessionId(sessionId)[2], '10.1.2.3')
    assert.deepEqual(emu.sessions.at(-1), {
      sessionId,
      apiKey: '12345678',
      location: '10.1.2.3',
      properties: { 'p2p.preference': 'enabled', other: 'a b&c' },
    })
  })

  test('accepts a form content type with a charset', async () => {
    const res = await createSession(emu, { contentType: `${FORM}; charset=utf-8` })
    assert.equal(res.status, 200)
  })

  for (const [name, auth] of [
    ['a wrong secret', '12345678:wrong'],
    ['an unknown key', '87654321:top-secret'],
    ['no colon', '12345678top-secret'],
    ['an empty header', ''],
    ['no header', null],
  ]) {
    test(`refuses ${name} with 403 Errors XML`, async () => {
      const before = emu.sessions.length
      const res = await createSession(emu, { auth })
      assert.deepEqual(res, { status: 403, type: 'text/xml', text: FORBIDDEN })
      assert.equal(emu.sessions.length, before)
    })
  }

  for (const [name, options] of [
    ['a partner_id of another key', { form: 'partner_id=87654321' }],
    ['no partner_id', { form: 'location=10.0.0.1' }],
    ['a body that is not a form', { contentType: 'application/json', form: '{"partner_id":"12345678"}' }],
  ]) {
    test(`refuses ${name} with 403`, async () => {
      const res = await createSession(emu, options)
      assert.equal(res.status, 403)
      assert.ok(res.text.startsWith('<Errors><error code="403"><forbidden message="partner_id '), res.text)
    })
  }

  test('answers other methods on the path with 404 Errors XML', async () => {
    const res = await fetch(`${emu.url}/hl/session/create`)
    assert.equal(res.status, 404)
    assert.equal(
      await res.text(),
      '<Errors><error code="404"><notFound message="No route for GET /hl/session/create"/></error></Errors>',
    )
  })

  test('creates 2,000 distinct session IDs concurrently', async () => {
    const answers = await Promise.all(Array.from({ length: 2000 }, () => createSession(emu)))
    const ids = answers.map((res) => {
      assert.equal(res.status, 200)
      return element(res.text, 'session_id')
    })
    assert.equal(new Set(ids).size, 2000)
    const recorded = new Set(emu.sessions.map((session) => session.sessionId))
    for (const id of ids) assert.ok(recorded.has(id))
  })
})

describe('credentials', () => {
  test('are generated when not given: 8 digits and 40 hex digits', async () => {
    const emu = await startEmulator()
    try {
      assert.match(emu.apiKey, /^[0-9]{8}$/)
      assert.match(emu.apiSecret, /^[0-9a-f]{40}$/)
      assert.equal((await createSession(emu)).status, 200)
    } finally {
      await emu.close()
    }
  })

  test('can be added: each pair creates sessions of its own key', async () => {
    const emu = await startEmulator()
    try {
      emu.addCredentials('4500', 'second-secret')
      const res = await createSession(emu, { auth: '4500:second-secret', form: 'partner_id=4500' })
      assert.equal(res.status, 200)
      assert.equal(element(res.text, 'partner_id'), '4500')
      assert.equal(decodeSessionId(element(res.text, 'session_id'))[1], '4500')
      assert.equal((await createSession(emu, { auth: '4500:top-secret', form: 'partner_id=4500' })).status, 403)
      assert.equal((await createSession(emu)).status, 200)
      assert.throws(() => emu.addCredentials('4500', 'other'), /already registered/)
      assert.throws(() => emu.addCredentials('45:00', 'other'), TypeError)
      assert.throws(() => emu.addCredentials('4600', ''), TypeError)
    } finally {
      await emu.close()
    }
  })

  test('must be given as a pair', async () => {
    await assert.rejects(startEmulator({ apiKey: '1234' }), TypeError)
    await assert.rejects(startEmulator({ apiSecret: 'x' }), TypeError)
  })
})
