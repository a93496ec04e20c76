// Where calls go and how long they may take: sdk.api_url, options.apiUrl,
// OPENTOK_API_URL, path prefixes, bare hosts (HTTPS), timeouts, redirects and
// the response size limit.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  decodeSessionId,
  MiB,
  OpenTokSDK,
  rejectsWith,
  runNode,
  sessionsXml,
  timed,
  useEmulator,
  useRecorder,
  withEnv,
  withRecorder,
} from './helpers/network.mjs'

const ctx = useEmulator()
const secrets = () => [ctx.emu.apiSecret]

describe('the endpoint', () => {
  test('with nothing set, api_url is the real service (not called here)', async () => {
    await withEnv({ OPENTOK_API_URL: undefined }, () => {
      const sdk = new OpenTokSDK(ctx.emu.apiKey, ctx.emu.apiSecret)
      assert.equal(sdk.api_url, 'api.opentok.com')
      assert.ok(Object.keys(sdk).includes('api_url'))
    })
  })

  test('options.apiUrl is used, and shows as api_url', async () => {
    const sdk = ctx.sdk()
    assert.equal(sdk.api_url, ctx.emu.url)
    const sent = ctx.track()
    await sdk.createSession()
    assert.equal(sent().length, 1)
  })

  test('an assigned sdk.api_url is used from the next call on', async () => {
    await withRecorder(undefined, async (recorder) => {
      const sdk = new OpenTokSDK(ctx.emu.apiKey, ctx.emu.apiSecret)
      sdk.api_url = ctx.emu.url
      const id = await sdk.createSession()
      assert.equal(decodeSessionId(id)[1], ctx.emu.apiKey)
      sdk.api_url = recorder.url
      assert.equal(await sdk.createSession(), '1_recorded')
      assert.equal(recorder.requests.length, 1)
    })
  })

  test('OPENTOK_API_URL is read at each call when nothing was given or assigned', async () => {
    await withRecorder(undefined, async (recorder) => {
      const sdk = new OpenTokSDK(ctx.emu.apiKey, ctx.emu.apiSecret)
      await withEnv({ OPENTOK_API_URL: ctx.emu.url }, async () => {
        assert.equal(sdk.api_url, ctx.emu.url)
        assert.equal(decodeSessionId(await sdk.createSession())[1], ctx.emu.apiKey)
      })
      await withEnv({ OPENTOK_API_URL: recorder.url }, async () => {
        assert.equal(await sdk.createSession(), '1_recorded')
      })
      assert.equal(recorder.requests.length, 1)
    })
  })

  test('options.apiUrl and an assigned api_url win over OPENTOK_API_URL', async () => {
    await withRecorder(undefined, async (recorder) => {
      await withEnv({ OPENTOK_API_URL: recorder.url }, async () => {
        await ctx.sdk().createSession()
        const assigned = new OpenTokSDK(ctx.emu.apiKey, ctx.emu.apiSecret)
        assigned.api_url = ctx.emu.url
        await assigned.createSession()
      })
      assert.deepEqual(recorder.requests, [])
    })
  })

  test('OPENTOK_API_URL set in the environment of a new process is used', async () => {
    const result = await runNode(
      `
      const { OpenTokSDK } = require('./index.js');
      const sdk = new OpenTokSDK(process.env.EMU_KEY, process.env.EMU_SECRET);
      console.log(sdk.api_url);
      sdk.createSession().then((id) => console.log(id));
    `,
      { env: { OPENTOK_API_URL: ctx.emu.url, EMU_KEY: ctx.emu.apiKey, EMU_SECRET: ctx.emu.apiSecret } },
    )
    assert.equal(result.code, 0, result.stderr)
    const [apiUrl, sessionId] = result.stdout.trim().split('\n')
    assert.equal(apiUrl, ctx.emu.url)
    assert.equal(sessionId, ctx.emu.sessions.at(-1).sessionId)
  })

  describe('a full URL with a path prefix is used as is', () => {
    const recording = useRecorder((req, res) => {
      if (req.url.includes('/archive/getmanifest/')) {
        res
          .writeHead(200, { 'Content-Type': 'text/xml' })
          .end(
            '<manifest archiveid="a1" title="t"><resources><video id="v1" length="1" name="n"/></resources><timeline/></manifest>',
          )
      } else if (req.url.includes('/hl/archive/url/')) {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('http://127.0.0.1:9/v1.flv')
      } else {
        res.writeHead(200, { 'Content-Type': 'text/xml' }).end(sessionsXml('1_prefixed'))
      }
    })

    for (const [protocol, createPath] of [
      ['current', '/session/create'],
      ['legacy', '/hl/session/create'],
    ])
      for (const prefix of ['/prefix', '/prefix/', '/a/b/v2']) {
        test(`prefix ${prefix} (${protocol} wire)`, async () => {
          const { server } = recording
          const start = server.requests.length
          const sdk = new OpenTokSDK('123456', 'prefix-secret', { apiUrl: `${server.url}${prefix}`, protocol })
          assert.equal(await sdk.createSession(), '1_prefixed')
          const archive = await sdk.getArchiveManifest('a1', 'T1==token')
          assert.equal(await archive.downloadArchiveURL('v1'), 'http://127.0.0.1:9/v1.flv')
          const base = prefix.replace(/\/$/, '')
          assert.deepEqual(
            server.requests.slice(start).map((r) => `${r.method} ${r.path}`),
            [`POST ${base}${createPath}`, `GET ${base}/archive/getmanifest/a1`, `GET ${base}/hl/archive/url/a1/v1`],
          )
        })
      }
  })

  test('a bare host:port means HTTPS: against a plain HTTP port it fails with OPENTOK_NETWORK', async () => {
    const sent = ctx.track()
    const sdk = ctx.sdk()
    sdk.api_url = ctx.emu.url.replace('http://', '')
    assert.match(sdk.api_url, /^127\.0\.0\.1:\d+$/)
    const err = await rejectsWith(
      sdk.createSession(),
      { call: 'createSession', code: 'OPENTOK_NETWORK', status: undefined },
      secrets(),
    )
    assert.match(err.message, /https:\/\/127\.0\.0\.1:\d+/, 'the message names the HTTPS URL tried')
    assert.deepEqual(sent(), [], 'no HTTP request arrived: the client spoke TLS')
  })

  for (const bad of ['', '   ', 'ftp://127.0.0.1:21', 'http://', 'http://127.0.0.1:1/a b', '127.0.0.1\r\n:80']) {
    test(`api_url ${JSON.stringify(bad)} is refused with ERR_INVALID_ARG_VALUE, before sending`, async () => {
      const sdk = ctx.sdk()
      sdk.api_url = bad
      assert.throws(() => sdk.createSession(), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' })
      assert.throws(() => sdk.getArchiveManifest('a', ctx.token()), {
        name: 'TypeError',
        code: 'ERR_INVALID_ARG_VALUE',
      })
    })
  }
})

describe('options.timeout', () => {
  const TIMEOUT = 300
  const MARGIN = 700

  test('a slow answer past the timeout fails with OPENTOK_TIMEOUT, in about the timeout', async () => {
    ctx.emu.fault('createSession', { delayMs: 3000, times: 1 })
    const { ms, error } = await timed(() => ctx.sdk({ timeout: TIMEOUT }).createSession())
    assert.ok(error, 'the call failed')
    const err = await rejectsWith(Promise.reject(error), { call: 'createSession', code: 'OPENTOK_TIMEOUT' }, secrets())
    assert.match(err.message, new RegExp(`${TIMEOUT} ms`))
    assert.ok(ms >= TIMEOUT - 20 && ms < TIMEOUT + MARGIN, `settled after ${ms} ms`)
  })

  test('an answer that starts but never ends fails with OPENTOK_TIMEOUT (the timeout bounds the body too)', async () => {
    const expected = ctx.archive()
    ctx.emu.fault('manifest', { hang: true, times: 1 })
    const { ms, error } = await timed(() =>
      ctx.sdk({ timeout: TIMEOUT }).getArchiveManifest(expected.archiveId, ctx.token()),
    )
    await rejectsWith(Promise.reject(error), { call: 'getArchiveManifest', code: 'OPENTOK_TIMEOUT' }, secrets())
    assert.ok(ms >= TIMEOUT - 20 && ms < TIMEOUT + MARGIN, `settled after ${ms} ms`)
  })

  test('a delay shorter than the timeout is waited for', async () => {
    ctx.emu.fault('createSession', { delayMs: 150, times: 1 })
    const { ms, value, error } = await timed(() => ctx.sdk({ timeout: 2000 }).createSession())
    assert.equal(error, undefined)
    assert.equal(value, ctx.emu.sessions.at(-1).sessionId)
    assert.ok(ms >= 140, `answered after ${ms} ms`)
  })

  test('the timeout is per SDK object', async () => {
    ctx.emu.fault('createSession', { delayMs: 600, times: 2 })
    const [short, long] = await Promise.allSettled([
      ctx.sdk({ timeout: 200 }).createSession(),
      ctx.sdk({ timeout: 3000 }).createSession(),
    ])
    assert.equal(short.reason?.code, 'OPENTOK_TIMEOUT')
    assert.equal(long.status, 'fulfilled')
  })

  test('the timeout bounds a callback call too', async () => {
    ctx.emu.fault('createSession', { hang: true, times: 1 })
    const start = performance.now()
    const err = await new Promise((resolve) => ctx.sdk({ timeout: TIMEOUT }).createSession((e, id) => resolve(e ?? id)))
    assert.equal(err.code, 'OPENTOK_TIMEOUT')
    assert.ok(performance.now() - start < TIMEOUT + MARGIN)
  })

  for (const [bad, Class, code] of [
    [0, RangeError, 'ERR_OUT_OF_RANGE'],
    [-1, RangeError, 'ERR_OUT_OF_RANGE'],
    [1.5, RangeError, 'ERR_OUT_OF_RANGE'],
    [NaN, RangeError, 'ERR_OUT_OF_RANGE'],
    [Infinity, RangeError, 'ERR_OUT_OF_RANGE'],
    [2 ** 31, RangeError, 'ERR_OUT_OF_RANGE'],
    ['x', TypeError, 'ERR_INVALID_ARG_TYPE'],
    ['1000', TypeError, 'ERR_INVALID_ARG_TYPE'],
    [true, TypeError, 'ERR_INVALID_ARG_TYPE'],
    [{}, TypeError, 'ERR_INVALID_ARG_TYPE'],
  ]) {
    test(`timeout ${String(bad)} is refused at construction`, () => {
      assert.throws(
        () => new OpenTokSDK(ctx.emu.apiKey, ctx.emu.apiSecret, { apiUrl: ctx.emu.url, timeout: bad }),
        (err) => {
          assert.ok(err instanceof Class, String(err))
          assert.equal(err.code, code)
          assert.match(err.message, /timeout/)
          return true
        },
      )
    })
  }

  test('timeouts of 1 ms and 2147483647 ms are accepted', () => {
    assert.ok(ctx.sdk({ timeout: 1 }))
    assert.ok(ctx.sdk({ timeout: 2147483647 }))
  })
})

describe('redirects are never followed', () => {
  const target = useRecorder()

  for (const route of ['createSession', 'manifest', 'url']) {
    test(`a 302 on ${route} fails with OPENTOK_SERVER, status 302, and the target receives nothing`, async () => {
      const expected = ctx.archive()
      const sdk = ctx.sdk()
      const archive = await sdk.getArchiveManifest(expected.archiveId, ctx.token())
      const location = `${target.server.url}/hl/session/create`
      ctx.emu.fault(route, { redirect: location, times: 1 })
      const calls = {
        createSession: ['createSession', () => sdk.createSession()],
        manifest: ['getArchiveManifest', () => sdk.getArchiveManifest(expected.archiveId, ctx.token())],
        url: ['downloadArchiveURL', () => archive.downloadArchiveURL(expected.videos[0].id)],
      }
      const [call, run] = calls[route]
      const err = await rejectsWith(run(), { call, code: 'OPENTOK_SERVER', status: 302 }, secrets())
      assert.ok(err.message.includes(location), err.message)
      assert.deepEqual(target.server.requests, [])
    })
  }
})

describe('the response size limit (1 MiB)', () => {
  test('a 2 MiB answer from the emulator fails with OPENTOK_BAD_RESPONSE', async () => {
    ctx.emu.fault('createSession', { largeBodyBytes: 2 * MiB, times: 1 })
    await rejectsWith(ctx.sdk().createSession(), { call: 'createSession', code: 'OPENTOK_BAD_RESPONSE' }, secrets())
  })

  // Sessions XML padded with spaces to `size` bytes, sent with or without a Content-Length.
  const padded = (size) => {
    const xml = sessionsXml('1_padded')
    return xml + ' '.repeat(size - Buffer.byteLength(xml))
  }
  const server = useRecorder((req, res) => {
    const body = padded(Number(/^(?:\/chunked)?\/(\d+)\//.exec(req.url)[1]))
    assert.ok(body.length > 1000)
    if (req.url.startsWith('/chunked')) {
      res.writeHead(200, { 'Content-Type': 'text/xml' })
      res.write(body.slice(0, 1000))
      res.end(body.slice(1000))
    } else {
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': body.length }).end(body)
    }
  })

  for (const mode of ['', '/chunked']) {
    const framing = mode ? 'chunked' : 'with Content-Length'
    test(`${framing}: exactly 1 MiB is read, 1 MiB + 1 byte is refused`, async () => {
      const at = (size) => new OpenTokSDK('1', 'size-secret', { apiUrl: `${server.server.url}${mode}/${size}` })
      assert.equal(await at(MiB).createSession(), '1_padded')
      await rejectsWith(at(MiB + 1).createSession(), { call: 'createSession', code: 'OPENTOK_BAD_RESPONSE' }, [
        'size-secret',
      ])
    })
  }

  test('a large error answer is cut short and still reported by its status', async () => {
    await withRecorder(
      (req, res) => {
        res.writeHead(503, { 'Content-Type': 'text/plain' })
        res.end('x'.repeat(3 * MiB))
      },
      async (huge) => {
        const sdk = new OpenTokSDK('1', 'huge-secret', { apiUrl: huge.url })
        await rejectsWith(sdk.createSession(), { call: 'createSession', code: 'OPENTOK_SERVER', status: 503 }, [
          'huge-secret',
        ])
      },
    )
  })
})
