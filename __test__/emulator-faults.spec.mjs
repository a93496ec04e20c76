import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, beforeEach, describe, test } from 'node:test'
import { moderatorToken } from './helpers/t1.mjs'

const { startEmulator } = createRequire(import.meta.url)('../emulator/index.js')

describe('fault injection', () => {
  let emu
  let archive
  let paths
  const request = (route, init = {}) => {
    const tokenAuth = { 'X-TB-TOKEN-AUTH': moderatorToken(emu.apiKey, emu.apiSecret) }
    const byRoute = {
      createSession: {
        method: 'POST',
        headers: {
          'X-TB-PARTNER-AUTH': `${emu.apiKey}:${emu.apiSecret}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: `partner_id=${emu.apiKey}`,
      },
      manifest: { headers: tokenAuth },
      url: { headers: tokenAuth },
      download: {},
      unknown: {},
    }
    return fetch(`${emu.url}${paths[route]}`, { ...byRoute[route], ...init })
  }
  /** The answer the route gives without faults. */
  const normal = async (route) => {
    const res = await request(route)
    assert.equal(res.status, 200, route)
    await res.arrayBuffer()
  }

  before(async () => {
    emu = await startEmulator()
    archive = emu.addArchive({ title: 'faulty', videos: [{ length: 3, name: 'cam' }] })
    const video = archive.videos[0].id
    paths = {
      createSession: '/hl/session/create',
      manifest: `/archive/getmanifest/${archive.archiveId}`,
      url: `/hl/archive/url/${archive.archiveId}/${video}`,
      download: `/download/${archive.archiveId}/${video}.flv`,
      unknown: '/no/such/route',
    }
  })
  beforeEach(() => emu.clearFaults())
  after(() => emu.close())

  test('delayMs delays the normal answer', async () => {
    emu.fault('manifest', { delayMs: 300 })
    const start = performance.now()
    const res = await request('manifest')
    assert.equal(res.status, 200)
    assert.ok((await res.text()).includes(archive.archiveId))
    const elapsed = performance.now() - start
    assert.ok(elapsed >= 290, `answered after ${elapsed} ms`)
  })

  test('status answers the given status, body and content type', async () => {
    emu.fault('createSession', { status: 503, body: 'down for maintenance', contentType: 'text/plain' })
    const res = await request('createSession')
    assert.equal(res.status, 503)
    assert.equal(res.headers.get('content-type'), 'text/plain')
    assert.equal(await res.text(), 'down for maintenance')
    assert.equal(emu.sessions.length, 0)
  })

  test('status defaults to text/xml and combines with delayMs', async () => {
    const xml = '<Errors><error code="500"><internalError message="boom"/></error></Errors>'
    emu.fault('url', { status: 200, body: xml, delayMs: 100 })
    const start = performance.now()
    const res = await request('url')
    assert.ok(performance.now() - start >= 90)
    assert.equal(res.headers.get('content-type'), 'text/xml')
    assert.equal(await res.text(), xml)
  })

  test('reset sends headers and part of the body, then drops the connection', async () => {
    emu.fault('manifest', { reset: true })
    const res = await request('manifest')
    assert.equal(res.status, 200)
    const promised = Number(res.headers.get('content-length'))
    let received = 0
    const read = async () => {
      for await (const chunk of res.body) received += chunk.length
    }
    await assert.rejects(read(), TypeError)
    assert.ok(received > 0 && received < promised, `${received} of ${promised} bytes`)
    await normal('createSession')
  })

  test('hang sends headers and part of the body, then nothing', async () => {
    emu.fault('createSession', { hang: true })
    const res = await request('createSession', { signal: AbortSignal.timeout(300) })
    assert.equal(res.status, 200)
    await assert.rejects(res.text(), { name: 'TimeoutError' })
  })

  test('malformed answers 200 with XML that does not parse', async () => {
    emu.fault('createSession', { malformed: true })
    const res = await request('createSession')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'text/xml')
    const text = await res.text()
    assert.ok(text.startsWith('<?xml') && text.includes('<session_id>'), text)
    assert.ok(!text.includes('</session_id>') && !text.endsWith('</sessions>'), text)
  })

  test('largeBodyBytes streams exactly that many bytes', async () => {
    const size = 5 * 1024 * 1024
    emu.fault('download', { largeBodyBytes: size })
    const res = await request('download')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-length'), String(size))
    let received = 0
    for await (const chunk of res.body) received += chunk.length
    assert.equal(received, size)
  })

  test('a client that stops reading a large body does not stall the emulator', async () => {
    emu.fault('download', { largeBodyBytes: 50 * 1024 * 1024, times: 1 })
    const controller = new AbortController()
    const res = await request('download', { signal: controller.signal })
    const reader = res.body.getReader()
    await reader.read()
    controller.abort()
    await normal('download')
  })

  test('redirect answers 302 with the Location', async () => {
    emu.fault('url', { redirect: 'http://127.0.0.1:1/elsewhere' })
    const res = await request('url', { redirect: 'manual' })
    assert.equal(res.status, 302)
    assert.equal(res.headers.get('location'), 'http://127.0.0.1:1/elsewhere')
  })

  test('times limits a fault to the next n matching requests', async () => {
    emu.fault('createSession', { status: 500, times: 2 })
    assert.equal((await request('createSession')).status, 500)
    await normal('manifest')
    assert.equal((await request('createSession')).status, 500)
    await normal('createSession')
  })

  test('faults match their route only; "*" matches every request', async () => {
    emu.fault('manifest', { status: 502 })
    await normal('createSession')
    await normal('url')
    await normal('download')
    assert.equal((await request('manifest')).status, 502)
    emu.clearFaults()
    emu.fault('*', { status: 418 })
    for (const route of Object.keys(paths)) assert.equal((await request(route)).status, 418, route)
  })

  test('faults apply in the order they were added', async () => {
    emu.fault('createSession', { status: 501, times: 1 })
    emu.fault('*', { status: 502, times: 1 })
    assert.equal((await request('createSession')).status, 501)
    assert.equal((await request('createSession')).status, 502)
    await normal('createSession')
  })

  test('clearFaults restores normal answers', async () => {
    emu.fault('*', { reset: true })
    emu.clearFaults()
    for (const route of ['createSession', 'manifest', 'url', 'download']) await normal(route)
  })

  test('a client that gives up during a delay does not break the emulator', async () => {
    emu.fault('createSession', { delayMs: 2000, times: 1 })
    await assert.rejects(request('createSession', { signal: AbortSignal.timeout(100) }), { name: 'TimeoutError' })
    await normal('createSession')
  })

  test('invalid fault specs are refused', () => {
    assert.throws(() => emu.fault('archive', { status: 500 }), TypeError)
    assert.throws(() => emu.fault('manifest', {}), TypeError)
    assert.throws(() => emu.fault('manifest', null), TypeError)
    assert.throws(() => emu.fault('manifest', { reset: true, hang: true }), TypeError)
    assert.throws(() => emu.fault('manifest', { status: 99 }), TypeError)
    assert.throws(() => emu.fault('manifest', { status: 500, times: 0 }), TypeError)
    assert.throws(() => emu.fault('manifest', { delayMs: -1 }), TypeError)
    assert.throws(() => emu.fault('manifest', { largeBodyBytes: 1.5 }), TypeError)
    assert.throws(() => emu.fault('manifest', { redirect: 42 }), TypeError)
    assert.throws(() => emu.fault('manifest', { hang: 'yes' }), TypeError)
    assert.throws(() => emu.fault('manifest', { status: 500, body: 42 }), TypeError)
    assert.throws(() => emu.fault('manifest', { delayMs: 5, body: 'no status' }), TypeError)
    assert.throws(() => emu.fault('manifest', { delay: 5 }), /Unknown fault field delay/)
  })
})
