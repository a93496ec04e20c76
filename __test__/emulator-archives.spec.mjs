import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, describe, test } from 'node:test'
import { moderatorToken, nowSeconds } from './helpers/t1.mjs'

const require = createRequire(import.meta.url)
const { startEmulator } = require('../emulator/index.js')

const KEY = '11112222'
const SECRET = 'archive-secret'
const OTHER_KEY = '33334444'
const OTHER_SECRET = 'other-secret'
const DAY = 24 * 60 * 60

const UNESCAPES = [
  ['&lt;', '<'],
  ['&gt;', '>'],
  ['&quot;', '"'],
  ['&apos;', "'"],
  ['&amp;', '&'],
]

/** Attributes of every <name .../> element, read without regular expressions. */
function elements(xml, name) {
  const found = []
  for (let at = xml.indexOf(`<${name} `); at >= 0; at = xml.indexOf(`<${name} `, at + 1)) {
    const tag = xml.slice(at + name.length + 2, xml.indexOf('>', at))
    const parts = tag.split('"') // [' key=', 'value', ' key=', 'value', '/']
    const attributes = {}
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const value = UNESCAPES.reduce((text, [entity, char]) => text.replaceAll(entity, char), parts[i + 1])
      attributes[parts[i].trim().slice(0, -1)] = value
    }
    found.push(attributes)
  }
  return found
}

async function get(emu, path, token) {
  const res = await fetch(`${emu.url}${path}`, { headers: token === undefined ? {} : { 'X-TB-TOKEN-AUTH': token } })
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() }
}

const forbidden = (message) => `<Errors><error code="403"><forbidden message="${message}"/></error></Errors>`
const notFound = (message) => `<Errors><error code="404"><notFound message="${message}"/></error></Errors>`

describe('archives', () => {
  let emu
  let archive
  let token
  before(async () => {
    emu = await startEmulator({ apiKey: KEY, apiSecret: SECRET })
    emu.addCredentials(OTHER_KEY, OTHER_SECRET)
    archive = emu.addArchive({
      title: `Q&A <live> "today" it's`,
      videos: [
        { length: 120, name: 'host & guest' },
        { id: 'video-two', length: 30.5, name: '<screen>' },
        { length: 0, name: 'empty "stream"' },
      ],
    })
    token = moderatorToken(KEY, SECRET)
  })
  after(() => emu.close())

  test('addArchive fills in UUIDs and the default timeline', () => {
    const uuid = (id) => id.length === 36 && id[14] === '4' && id.split('-').length === 5
    assert.ok(uuid(archive.archiveId), archive.archiveId)
    assert.ok(uuid(archive.videos[0].id) && uuid(archive.videos[2].id))
    assert.equal(archive.videos[1].id, 'video-two')
    assert.equal(archive.apiKey, KEY)
    assert.deepEqual(
      archive.timeline,
      archive.videos.flatMap(({ id, length }) => [
        { type: 'RECORD_START', id, offset: 0 },
        { type: 'RECORD_STOP', id, offset: length },
      ]),
    )
  })

  test('the manifest lists every video and event, escaped', async () => {
    const res = await get(emu, `/archive/getmanifest/${archive.archiveId}`, token)
    assert.equal(res.status, 200)
    assert.equal(res.type, 'text/xml')
    assert.ok(res.text.includes(`title="Q&amp;A &lt;live&gt; &quot;today&quot; it&apos;s"`), res.text)
    assert.ok(!res.text.includes('<live>') && !res.text.includes('<screen>'))
    assert.deepEqual(elements(res.text, 'manifest'), [{ archiveid: archive.archiveId, title: archive.title }])
    const videos = archive.videos.map(({ id, length, name }) => ({ id, length: String(length), name }))
    assert.deepEqual(elements(res.text, 'video'), videos)
    const events = archive.timeline.map(({ type, id, offset }) => ({ type, id, offset: String(offset) }))
    assert.deepEqual(elements(res.text, 'event'), events)
    assert.ok(res.text.indexOf('<resources>') < res.text.indexOf('</resources>'))
    assert.ok(res.text.indexOf('</resources>') < res.text.indexOf('<timeline>'))
  })

  test('accepts a moderator token made by the original opentok@0.3.0 module', async () => {
    const { OpenTokSDK } = require('opentok')
    const original = new OpenTokSDK(KEY, SECRET).generateToken({ session_id: '1_MX4xMTExMjIyMn5-', role: 'moderator' })
    assert.equal((await get(emu, `/archive/getmanifest/${archive.archiveId}`, original)).status, 200)
  })

  test('an archive without videos has empty resources and timeline', async () => {
    const empty = emu.addArchive({ title: 'empty' })
    const res = await get(emu, `/archive/getmanifest/${empty.archiveId}`, token)
    assert.equal(res.status, 200)
    assert.deepEqual(elements(res.text, 'video'), [])
    assert.deepEqual(elements(res.text, 'event'), [])
    assert.ok(res.text.includes('<resources>') && res.text.includes('<timeline>'))
  })

  test('a given timeline and percent-encoded IDs round-trip', async () => {
    const timeline = [{ type: 'RECORD_START', id: 'v/1 ü', offset: 3 }]
    const custom = emu.addArchive({
      archiveId: 'my archive/1',
      title: 't',
      videos: [{ id: 'v/1 ü', length: 9, name: 'n' }],
      timeline,
    })
    assert.deepEqual(custom.timeline, timeline)
    const archivePath = encodeURIComponent('my archive/1')
    const res = await get(emu, `/archive/getmanifest/${archivePath}`, token)
    assert.equal(res.status, 200)
    assert.deepEqual(elements(res.text, 'event'), [{ type: 'RECORD_START', id: 'v/1 ü', offset: '3' }])
    const url = await get(emu, `/hl/archive/url/${archivePath}/${encodeURIComponent('v/1 ü')}`, token)
    assert.equal(url.text, `${emu.url}/download/my%20archive%2F1/v%2F1%20%C3%BC.flv`)
    assert.equal((await fetch(url.text)).status, 200)
  })

  test('the URL route answers a download URL that serves an FLV file', async () => {
    for (const video of archive.videos) {
      const res = await get(emu, `/hl/archive/url/${archive.archiveId}/${video.id}`, token)
      assert.equal(res.status, 200)
      assert.equal(res.type, 'text/plain')
      assert.equal(res.text, `${emu.url}/download/${archive.archiveId}/${video.id}.flv`)
      const download = await fetch(res.text)
      assert.equal(download.status, 200)
      assert.equal(download.headers.get('content-type'), 'video/x-flv')
      const bytes = Buffer.from(await download.arrayBuffer())
      assert.ok(bytes.length >= 9 && bytes.length < 1024)
      assert.equal(bytes.subarray(0, 4).toString('latin1'), 'FLV\x01')
    }
  })

  test('unknown archives and videos answer 404 Errors XML', async () => {
    const { archiveId } = archive
    assert.deepEqual(await get(emu, '/archive/getmanifest/nope', token), {
      status: 404,
      type: 'text/xml',
      text: notFound('Archive nope not found'),
    })
    assert.equal((await get(emu, '/hl/archive/url/nope/video-two', token)).text, notFound('Archive nope not found'))
    const video = await get(emu, `/hl/archive/url/${archiveId}/nope`, token)
    assert.deepEqual([video.status, video.text], [404, notFound(`Video nope not found in archive ${archiveId}`)])
    assert.equal((await get(emu, `/download/${archiveId}/nope.flv`)).status, 404)
    assert.equal((await get(emu, '/download/nope/video-two.flv')).status, 404)
    assert.equal((await get(emu, `/download/${archiveId}/video-two.mp4`)).status, 404)
    assert.equal((await get(emu, `/archive/getmanifest/${archiveId}/extra`, token)).status, 404)
    assert.equal((await get(emu, '/archive/getmanifest/%E0%A4%A', token)).status, 404)
  })

  const refusals = [
    ['no token', () => undefined, 'Missing X-TB-TOKEN-AUTH header'],
    ['a token without the T1 sentinel', () => 'garbage', 'Invalid token format'],
    ['a token that is not base64', () => 'T1==!!!!', 'Invalid token format'],
    [
      'a token without a signature',
      () => `T1==${Buffer.from(`partner_id=${KEY}:role=moderator`).toString('base64')}`,
      'Invalid token format',
    ],
    ['a forged signature', () => moderatorToken(KEY, 'guessed-secret'), 'Invalid token signature'],
    [
      'data changed after signing',
      () => {
        const text = Buffer.from(moderatorToken(KEY, SECRET, { role: 'publisher' }).slice(4), 'base64').toString()
        return `T1==${Buffer.from(text.replace('role=publisher', 'role=moderator')).toString('base64')}`
      },
      'Invalid token signature',
    ],
    ['an unregistered API key', () => moderatorToken('99998888', SECRET), 'Unknown partner_id in token'],
    ['no session_id', () => moderatorToken(KEY, SECRET, { session_id: undefined }), 'Token has no session_id'],
    [
      'an expire_time in the past',
      () => moderatorToken(KEY, SECRET, { expire_time: nowSeconds() - 1 }),
      'Token expired',
    ],
    [
      'a create_time over 24 hours ago and no expire_time',
      () => moderatorToken(KEY, SECRET, { create_time: nowSeconds() - DAY - 5 }),
      'Token expired',
    ],
    [
      'an expire_time over 30 days after create_time',
      () => moderatorToken(KEY, SECRET, { expire_time: nowSeconds() + 31 * DAY }),
      'expire_time is more than 30 days after create_time',
    ],
    [
      'a create_time that is not whole seconds',
      () => moderatorToken(KEY, SECRET, { create_time: '12.5' }),
      'Invalid token create_time',
    ],
    [
      'an expire_time that is not a number',
      () => moderatorToken(KEY, SECRET, { expire_time: 'soon' }),
      'Invalid token expire_time',
    ],
    [
      'connection_data over 1000 characters',
      () => moderatorToken(KEY, SECRET, { connection_data: 'x'.repeat(1001) }),
      'connection_data is longer than 1000 characters',
    ],
    ['an unknown role', () => moderatorToken(KEY, SECRET, { role: 'admin' }), 'Invalid token role'],
    ['a publisher token', () => moderatorToken(KEY, SECRET, { role: 'publisher' }), 'Moderator role required'],
    ['a subscriber token', () => moderatorToken(KEY, SECRET, { role: 'subscriber' }), 'Moderator role required'],
    [
      'a token of another partner',
      () => moderatorToken(OTHER_KEY, OTHER_SECRET),
      'The archive belongs to another partner',
    ],
  ]
  for (const [name, makeToken, message] of refusals) {
    test(`refuses ${name} with 403 on the manifest and URL routes`, async () => {
      const badToken = makeToken()
      for (const path of [
        `/archive/getmanifest/${archive.archiveId}`,
        `/hl/archive/url/${archive.archiveId}/video-two`,
      ]) {
        assert.deepEqual(await get(emu, path, badToken), { status: 403, type: 'text/xml', text: forbidden(message) })
      }
    })
  }

  test('accepts tokens within their lifetime', async () => {
    for (const fields of [
      { create_time: nowSeconds() - DAY + 60 },
      { expire_time: nowSeconds() + 60 },
      { create_time: nowSeconds() - 10 * DAY, expire_time: nowSeconds() + 60 },
      { connection_data: 'x'.repeat(1000) },
    ]) {
      const res = await get(emu, `/archive/getmanifest/${archive.archiveId}`, moderatorToken(KEY, SECRET, fields))
      assert.equal(res.status, 200, JSON.stringify(fields))
    }
  })

  test('an archive of a second key is served to that key only', async () => {
    const theirs = emu.addArchive({ title: 'theirs', apiKey: OTHER_KEY, videos: [{ length: 1, name: 'x' }] })
    assert.equal(theirs.apiKey, OTHER_KEY)
    const path = `/hl/archive/url/${theirs.archiveId}/${theirs.videos[0].id}`
    assert.equal((await get(emu, path, moderatorToken(OTHER_KEY, OTHER_SECRET))).status, 200)
    assert.equal((await get(emu, path, token)).text, forbidden('The archive belongs to another partner'))
  })

  test('the token is not needed for the download route', async () => {
    const res = await get(emu, `/download/${archive.archiveId}/video-two.flv`)
    assert.equal(res.status, 200)
  })

  test('addArchive refuses bad input and keeps its own copy', async () => {
    assert.throws(() => emu.addArchive({ title: 'x', apiKey: '5555' }), /not registered/)
    assert.throws(() => emu.addArchive({ archiveId: archive.archiveId, title: 'again' }), /already exists/)
    assert.throws(() => emu.addArchive({ title: 'x', videos: [{ name: 'no length' }] }), TypeError)
    assert.throws(() => emu.addArchive({ title: 'x', videos: 'none' }), TypeError)
    assert.throws(() => emu.addArchive({ title: 'x', timeline: [{ type: 'RECORD_START' }] }), TypeError)
    assert.throws(() => emu.addArchive({ videos: [] }), TypeError)
    const copy = emu.addArchive({ title: 'kept', videos: [{ id: 'k', length: 1, name: 'k' }] })
    copy.videos.length = 0
    const res = await get(emu, `/archive/getmanifest/${copy.archiveId}`, token)
    assert.equal(elements(res.text, 'video').length, 1)
  })
})
