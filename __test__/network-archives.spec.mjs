// getArchiveManifest and downloadArchiveURL against the emulator: the
// archive object, download URLs, request paths and headers, argument checks.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { inspect } from 'node:util'
import {
  FLV_SIGNATURE,
  OpenTokArchive,
  OpenTokArchiveVideoResource,
  OpenTokSDK,
  pathSegments,
  throwsBeforeSending,
  USER_AGENT,
  useEmulator,
} from './helpers/network.mjs'

const ctx = useEmulator()

/** Checks `archive` against the emulator's `expected` archive. */
function assertArchive(archive, expected) {
  assert.ok(archive instanceof OpenTokSDK.OpenTokArchive)
  assert.equal(OpenTokSDK.OpenTokArchive, OpenTokArchive)
  assert.equal(archive.archiveId, expected.archiveId)
  assert.equal(archive.title, expected.title)
  assert.equal(archive.resources.length, expected.videos.length)
  archive.resources.forEach((resource, i) => {
    const video = expected.videos[i]
    assert.ok(resource instanceof OpenTokSDK.OpenTokArchiveVideoResource)
    assert.deepEqual({ ...resource }, { vid: video.id, id: video.id, length: String(video.length), name: video.name })
    assert.equal(resource.getId(), video.id)
  })
  assert.deepEqual(
    archive.timeline,
    expected.timeline.map(({ type, id, offset }) => ({ type, id, offset: String(offset) })),
  )
}

describe('getArchiveManifest', () => {
  test('resolves to an OpenTokArchive with every video and timeline event, in order', async () => {
    const expected = ctx.archive({
      title: 'Three & more <videos>',
      videos: [
        { length: 10, name: 'host' },
        { length: 7, name: 'guest "one"' },
        { length: 3, name: 'späť 😀' },
      ],
      timeline: [
        { type: 'RECORD_START', id: 'v-host', offset: 0 },
        { type: 'PAUSE', id: 'v-guest', offset: 2 },
        { type: 'RECORD_STOP', id: 'v-host', offset: 10 },
      ],
    })
    const archive = await ctx.sdk().getArchiveManifest(expected.archiveId, ctx.token())
    assertArchive(archive, expected)
  })

  test('default timelines and explicit video IDs come through', async () => {
    const expected = ctx.archive({
      videos: [
        { id: 'video-a', length: 1, name: 'a' },
        { id: 'video-b', length: 2, name: 'b' },
      ],
    })
    assertArchive(await ctx.sdk().getArchiveManifest(expected.archiveId, ctx.token()), expected)
    assert.equal(expected.timeline.length, 4)
  })

  test('an archive without videos has empty resources and timeline', async () => {
    const expected = ctx.archive({ title: 'empty', videos: [] })
    const archive = await ctx.sdk().getArchiveManifest(expected.archiveId, ctx.token())
    assertArchive(archive, expected)
    assert.deepEqual(archive.resources, [])
    assert.deepEqual(archive.timeline, [])
  })

  test('get_archive_manifest is an alias, and the callback form gives the archive', async () => {
    const sdk = ctx.sdk()
    assert.equal(sdk.get_archive_manifest, sdk.getArchiveManifest)
    const expected = ctx.archive()
    const archive = await new Promise((resolve, reject) => {
      const returned = sdk.get_archive_manifest(expected.archiveId, ctx.token(), (err, result) =>
        err ? reject(err) : resolve(result),
      )
      assert.equal(returned, undefined)
    })
    assertArchive(archive, expected)
  })

  test('sends GET /archive/getmanifest/<id> with the token and the User-Agent, never the secret', async () => {
    const { archiveId } = ctx.archive()
    const token = ctx.token()
    const sent = ctx.track()
    await ctx.sdk().getArchiveManifest(archiveId, token)
    const [request] = sent()
    assert.equal(request.method, 'GET')
    assert.equal(request.path, `/archive/getmanifest/${archiveId}`)
    assert.equal(request.headers['x-tb-token-auth'], token)
    assert.equal(request.headers['user-agent'], USER_AGENT)
    assert.equal(request.headers['x-tb-partner-auth'], undefined)
    assert.ok(!JSON.stringify(request).includes(ctx.emu.apiSecret), 'the API secret is not sent with a token call')
  })

  test('the token is not visible in keys, JSON or inspect of the archive', async () => {
    const expected = ctx.archive()
    const token = ctx.token()
    const archive = await ctx.sdk().getArchiveManifest(expected.archiveId, token)
    assert.deepEqual(Object.keys(archive), ['archiveId', 'title', 'resources', 'timeline'])
    for (const view of [JSON.stringify(archive), inspect(archive, { depth: Infinity }), String(archive)]) {
      assert.ok(!view.includes(token), view)
      assert.ok(!view.includes(ctx.emu.apiSecret), view)
    }
  })

  test('addVideoResource appends a resource', async () => {
    const expected = ctx.archive({ videos: [{ length: 5, name: 'only' }] })
    const archive = await ctx.sdk().getArchiveManifest(expected.archiveId, ctx.token())
    const extra = new OpenTokArchiveVideoResource('extra-id', '9', 'extra')
    archive.addVideoResource(extra)
    assert.equal(archive.resources.length, 2)
    assert.equal(archive.resources[1], extra)
    assert.equal(archive.resources[1].getId(), 'extra-id')
  })
})

describe('downloadArchiveURL', () => {
  test('gives a URL for each video; fetching it gives the FLV file', async () => {
    const expected = ctx.archive({
      videos: [
        { length: 1, name: 'a' },
        { length: 2, name: 'b' },
        { length: 3, name: 'c' },
      ],
    })
    const archive = await ctx.sdk().getArchiveManifest(expected.archiveId, ctx.token())
    for (const resource of archive.resources) {
      const url = await archive.downloadArchiveURL(resource.getId())
      assert.equal(url, `${ctx.emu.url}/download/${expected.archiveId}/${resource.vid}.flv`)
      const res = await fetch(url)
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('content-type'), 'video/x-flv')
      const body = Buffer.from(await res.arrayBuffer())
      assert.equal(body.subarray(0, 3).toString('latin1'), FLV_SIGNATURE)
    }
  })

  test('sends GET /hl/archive/url/<archiveId>/<videoId> with the manifest token', async () => {
    const expected = ctx.archive()
    const token = ctx.token()
    const archive = await ctx.sdk().getArchiveManifest(expected.archiveId, token)
    const sent = ctx.track()
    await archive.downloadArchiveURL(expected.videos[1].id)
    const [request] = sent()
    assert.equal(request.method, 'GET')
    assert.equal(request.path, `/hl/archive/url/${expected.archiveId}/${expected.videos[1].id}`)
    assert.equal(request.headers['x-tb-token-auth'], token)
    assert.equal(request.headers['user-agent'], USER_AGENT)
    assert.equal(request.headers['x-tb-partner-auth'], undefined)
  })

  test('callback forms: error-first and single-argument', async () => {
    const expected = ctx.archive()
    const archive = await ctx.sdk().getArchiveManifest(expected.archiveId, ctx.token())
    const videoId = expected.videos[0].id
    const viaErrorFirst = await new Promise((resolve) => {
      assert.equal(
        archive.downloadArchiveURL(videoId, (err, url) => resolve([err, url])),
        undefined,
      )
    })
    const viaSingle = await new Promise((resolve) => archive.downloadArchiveURL(videoId, (url) => resolve(url)))
    const wanted = `${ctx.emu.url}/download/${expected.archiveId}/${videoId}.flv`
    assert.deepEqual(viaErrorFirst, [null, wanted])
    assert.equal(viaSingle, wanted)
  })

  test('two archives fetched at once keep their own download URLs', async () => {
    const sdk = ctx.sdk()
    const [one, two] = [ctx.archive({ title: 'one' }), ctx.archive({ title: 'two' })]
    const [archiveOne, archiveTwo] = await Promise.all([
      sdk.getArchiveManifest(one.archiveId, ctx.token()),
      sdk.getArchiveManifest(two.archiveId, ctx.token()),
    ])
    const [urlTwo, urlOne] = await Promise.all([
      archiveTwo.downloadArchiveURL(two.videos[0].id),
      archiveOne.downloadArchiveURL(one.videos[0].id),
    ])
    assert.equal(urlOne, `${ctx.emu.url}/download/${one.archiveId}/${one.videos[0].id}.flv`)
    assert.equal(urlTwo, `${ctx.emu.url}/download/${two.archiveId}/${two.videos[0].id}.flv`)
  })

  test('twenty archives fetched at once never mix up their URLs', async () => {
    const sdk = ctx.sdk()
    const expected = Array.from({ length: 20 }, (_, i) =>
      ctx.archive({ title: `archive ${i}`, videos: [{ length: i + 1, name: `v${i}` }] }),
    )
    const archives = await Promise.all(expected.map((a) => sdk.getArchiveManifest(a.archiveId, ctx.token())))
    archives.forEach((archive, i) => assertArchive(archive, expected[i]))
    // Ask in reverse order, all at once, each archive for its own video.
    const urls = await Promise.all(
      [...archives].reverse().map((archive) => archive.downloadArchiveURL(archive.resources[0].vid)),
    )
    urls.reverse().forEach((url, i) => {
      assert.equal(url, `${ctx.emu.url}/download/${expected[i].archiveId}/${expected[i].videos[0].id}.flv`)
    })
  })

  test('an archive fetched with one SDK keeps its endpoint after sdk.api_url changes', async () => {
    const sdk = ctx.sdk()
    const expected = ctx.archive()
    const archive = await sdk.getArchiveManifest(expected.archiveId, ctx.token())
    sdk.api_url = 'http://127.0.0.1:1'
    assert.equal(
      await archive.downloadArchiveURL(expected.videos[0].id),
      `${ctx.emu.url}/download/${expected.archiveId}/${expected.videos[0].id}.flv`,
    )
  })
})

describe('IDs in request paths', () => {
  const ODD_IDS = [
    'a/b',
    'a?b=1',
    'a#frag',
    'with space',
    'späť-😀',
    '../x',
    '../../etc/passwd',
    '%2F',
    '100%',
    'a+b',
    '.x',
    '...',
    'a\\b',
    'semi;colon',
    '&amp;',
  ]

  for (const id of ODD_IDS) {
    test(`archive and video ID ${JSON.stringify(id)} each reach the server as one path segment`, async () => {
      const expected = ctx.emu.addArchive({
        archiveId: `arch-${id}`,
        title: id,
        videos: [{ id: `vid-${id}`, length: 1, name: id }],
      })
      const sent = ctx.track()
      const archive = await ctx.sdk().getArchiveManifest(expected.archiveId, ctx.token())
      assertArchive(archive, expected)
      await archive.downloadArchiveURL(`vid-${id}`)
      const [manifest, url] = sent()
      assert.deepEqual(pathSegments(manifest.path), ['archive', 'getmanifest', `arch-${id}`], manifest.path)
      assert.deepEqual(pathSegments(url.path), ['hl', 'archive', 'url', `arch-${id}`, `vid-${id}`], url.path)
      assert.ok(!/[?#]/.test(manifest.path + url.path), 'no query or fragment')
    })
  }
})

describe('argument checks, before anything is sent', () => {
  const CONTROL = ['a\r\nX-Injected: 1', 'a\nb', 'a\0b', '\t', 'a\u007fb', 'a\u0085b']

  for (const bad of CONTROL) {
    test(`archive ID ${JSON.stringify(bad)} is refused with ERR_INVALID_ARG_VALUE`, async () => {
      const sdk = ctx.sdk()
      await throwsBeforeSending(ctx, () => sdk.getArchiveManifest(bad, ctx.token()), TypeError, 'ERR_INVALID_ARG_VALUE')
      await throwsBeforeSending(
        ctx,
        () => sdk.getArchiveManifest(bad, ctx.token(), (err, a) => assert.fail(`no callback ${err} ${a}`)),
        TypeError,
        'ERR_INVALID_ARG_VALUE',
      )
    })
  }

  for (const bad of ['..', '.', '']) {
    test(`archive ID ${JSON.stringify(bad)} is refused with ERR_INVALID_ARG_VALUE`, async () => {
      await throwsBeforeSending(
        ctx,
        () => ctx.sdk().getArchiveManifest(bad, ctx.token()),
        TypeError,
        'ERR_INVALID_ARG_VALUE',
      )
    })
  }

  for (const bad of ['T1==abc\r\nX-Injected: 1', 'T1==abc\0', 'T1==\n', 'T1==é', '']) {
    test(`token ${JSON.stringify(bad)} is refused with ERR_INVALID_ARG_VALUE`, async () => {
      await throwsBeforeSending(
        ctx,
        () => ctx.sdk().getArchiveManifest('some-archive', bad),
        TypeError,
        'ERR_INVALID_ARG_VALUE',
      )
    })
  }

  test('video IDs with control characters, "." or ".." are refused with ERR_INVALID_ARG_VALUE', async () => {
    const expected = ctx.archive()
    const archive = await ctx.sdk().getArchiveManifest(expected.archiveId, ctx.token())
    for (const bad of [...CONTROL, '..', '.', '']) {
      await throwsBeforeSending(ctx, () => archive.downloadArchiveURL(bad), TypeError, 'ERR_INVALID_ARG_VALUE')
    }
  })

  test('a non-string archive ID, token or video ID, or a non-function callback, is ERR_INVALID_ARG_TYPE', async () => {
    const sdk = ctx.sdk()
    for (const args of [
      [42, ctx.token()],
      [null, ctx.token()],
      ['id', undefined],
      ['id', 42],
      ['id', ctx.token(), 'callback'],
    ]) {
      await throwsBeforeSending(ctx, () => sdk.getArchiveManifest(...args), TypeError, 'ERR_INVALID_ARG_TYPE')
    }
    const expected = ctx.archive()
    const archive = await sdk.getArchiveManifest(expected.archiveId, ctx.token())
    await throwsBeforeSending(ctx, () => archive.downloadArchiveURL(7), TypeError, 'ERR_INVALID_ARG_TYPE')
    await throwsBeforeSending(
      ctx,
      () => archive.downloadArchiveURL(expected.videos[0].id, {}),
      TypeError,
      'ERR_INVALID_ARG_TYPE',
    )
  })
})
