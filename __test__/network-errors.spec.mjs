// Every kind of failure of the three calls, as an OpenTokError with its code,
// status and the server's code and message, named after the call and never
// showing the API secret.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  closedPortUrl,
  native,
  nowSeconds,
  OpenTokArchive,
  OpenTokError,
  OpenTokSDK,
  PROTOCOLS,
  rejectsWith,
  signT1,
  useEmulator,
  withRecorder,
} from './helpers/network.mjs'

const ctx = useEmulator()
const secrets = () => [ctx.emu.apiSecret]
const forbiddenXml = (message) => `<Errors><error code="403"><forbidden message="${message}"/></error></Errors>`

/**
 * The three calls against the emulator, each started after `setup` (which may
 * add faults); `route` is the emulator's fault route for it.
 */
const CALLS = [
  { call: 'createSession', route: 'createSession', run: async (sdk) => sdk.createSession() },
  {
    call: 'getArchiveManifest',
    route: 'manifest',
    run: async (sdk) => sdk.getArchiveManifest(ctx.archive().archiveId, ctx.token()),
  },
  {
    call: 'downloadArchiveURL',
    route: 'url',
    run: async (sdk) => {
      const expected = ctx.archive()
      const archive = await sdk.getArchiveManifest(expected.archiveId, ctx.token())
      return archive.downloadArchiveURL(expected.videos[0].id)
    },
  },
]

test('OpenTokError is exported, an Error subclass named OpenTokError', () => {
  assert.equal(typeof OpenTokError, 'function')
  assert.equal(OpenTokSDK.OpenTokError, OpenTokError)
  assert.equal(native.OpenTokError, OpenTokError)
  const err = new OpenTokError('createSession failed: x', { code: 'OPENTOK_SERVER', status: 500 })
  assert.ok(err instanceof Error)
  assert.equal(err.name, 'OpenTokError')
  assert.deepEqual([err.code, err.status], ['OPENTOK_SERVER', 500])
})

describe('authentication failures: OPENTOK_AUTH', () => {
  // What the emulator says to a wrong secret and to an unknown key on each wire.
  const REFUSALS = {
    legacy: { wrongSecret: 'Invalid partner credentials', unknownKey: 'Invalid partner credentials' },
    current: { wrongSecret: 'Invalid signature', unknownKey: 'Unknown issuer' },
  }
  for (const protocol of PROTOCOLS) {
    test(`a wrong secret: 403 with the server code and message; neither secret shows (${protocol} wire)`, async () => {
      const sdk = new OpenTokSDK(ctx.emu.apiKey, 'the-wrong-secret-1234', { apiUrl: ctx.emu.url, protocol })
      await rejectsWith(
        sdk.createSession(),
        {
          call: 'createSession',
          code: 'OPENTOK_AUTH',
          status: 403,
          serverCode: '403',
          serverMessage: REFUSALS[protocol].wrongSecret,
        },
        [...secrets(), 'the-wrong-secret-1234'],
      )
    })

    test(`an unknown API key: 403 (${protocol} wire)`, async () => {
      const sdk = new OpenTokSDK('99999999', 'unknown-key-secret', { apiUrl: ctx.emu.url, protocol })
      await rejectsWith(
        sdk.createSession(),
        { call: 'createSession', code: 'OPENTOK_AUTH', status: 403, serverMessage: REFUSALS[protocol].unknownKey },
        ['unknown-key-secret'],
      )
    })
  }

  const badTokens = {
    'a forged token (signed with another secret)': () =>
      signT1(ctx.emu.apiKey, 'not-the-secret', {
        session_id: '1_x',
        create_time: nowSeconds(),
        nonce: 1,
        role: 'moderator',
      }),
    'an expired token (expire_time passed)': () =>
      ctx.token({ create_time: nowSeconds() - 3600, expire_time: nowSeconds() - 60 }),
    'an expired token (24 h after create_time)': () => ctx.token({ create_time: nowSeconds() - 25 * 3600 }),
    'a subscriber token': () => ctx.token({ role: 'subscriber' }),
    'a publisher token': () => ctx.token({ role: 'publisher' }),
    'a token that is not T1': () => 'not-a-token',
  }
  for (const [label, makeToken] of Object.entries(badTokens)) {
    test(`${label}: 403 for the manifest and for the URL`, async () => {
      const expected = ctx.archive()
      const sdk = ctx.sdk()
      const token = makeToken()
      await rejectsWith(
        sdk.getArchiveManifest(expected.archiveId, token),
        {
          call: 'getArchiveManifest',
          code: 'OPENTOK_AUTH',
          status: 403,
          serverCode: '403',
        },
        secrets(),
      )
      // An archive built by hand around the bad token: the URL call is refused too.
      const archive = new OpenTokArchive(sdk, { archiveId: expected.archiveId, token, apiUrl: ctx.emu.url })
      await rejectsWith(
        archive.downloadArchiveURL(expected.videos[0].id),
        {
          call: 'downloadArchiveURL',
          code: 'OPENTOK_AUTH',
          status: 403,
          serverCode: '403',
        },
        secrets(),
      )
    })
  }

  test('an archive of another partner: 403', async () => {
    ctx.emu.addCredentials('55667788', 'other-partner-secret')
    const theirs = ctx.emu.addArchive({ title: 'theirs', apiKey: '55667788', videos: [] })
    await rejectsWith(
      ctx.sdk().getArchiveManifest(theirs.archiveId, ctx.token()),
      {
        call: 'getArchiveManifest',
        code: 'OPENTOK_AUTH',
        status: 403,
      },
      [...secrets(), 'other-partner-secret'],
    )
  })

  for (const { call, route, run } of CALLS) {
    test(`${call}: an Errors document with code 403 sent with HTTP 200 is OPENTOK_AUTH`, async () => {
      const sdk = ctx.sdk()
      const pending = run(sdk)
      ctx.emu.fault(route, { status: 200, body: forbiddenXml('Invalid partner credentials'), times: 1 })
      const err = await rejectsWith(
        pending,
        {
          call,
          code: 'OPENTOK_AUTH',
          status: 200,
          serverCode: '403',
          serverMessage: 'Invalid partner credentials',
        },
        secrets(),
      )
      assert.ok(err.message.includes('Invalid partner credentials'), err.message)
    })
  }
})

describe('unknown archives and videos: OPENTOK_NOT_FOUND', () => {
  test('an unknown archive', async () => {
    await rejectsWith(
      ctx.sdk().getArchiveManifest('no-such-archive', ctx.token()),
      {
        call: 'getArchiveManifest',
        code: 'OPENTOK_NOT_FOUND',
        status: 404,
        serverCode: '404',
        serverMessage: 'Archive no-such-archive not found',
      },
      secrets(),
    )
  })

  test('an unknown video', async () => {
    const expected = ctx.archive()
    const archive = await ctx.sdk().getArchiveManifest(expected.archiveId, ctx.token())
    await rejectsWith(
      archive.downloadArchiveURL('no-such-video'),
      {
        call: 'downloadArchiveURL',
        code: 'OPENTOK_NOT_FOUND',
        status: 404,
        serverCode: '404',
      },
      secrets(),
    )
  })

  test('a 404 without a body', async () => {
    ctx.emu.fault('createSession', { status: 404, times: 1 })
    await rejectsWith(
      ctx.sdk().createSession(),
      {
        call: 'createSession',
        code: 'OPENTOK_NOT_FOUND',
        status: 404,
        serverCode: undefined,
        serverMessage: undefined,
      },
      secrets(),
    )
  })
})

describe('server failures: OPENTOK_SERVER', () => {
  for (const { call, route, run } of CALLS) {
    test(`${call}: 500 without a body`, async () => {
      const pending = run(ctx.sdk())
      ctx.emu.fault(route, { status: 500, times: 1 })
      await rejectsWith(
        pending,
        { call, code: 'OPENTOK_SERVER', status: 500, serverCode: undefined, serverMessage: undefined },
        secrets(),
      )
    })
  }

  test('503 with a plain text body', async () => {
    ctx.emu.fault('createSession', { status: 503, body: 'down for maintenance', contentType: 'text/plain', times: 1 })
    await rejectsWith(
      ctx.sdk().createSession(),
      { call: 'createSession', code: 'OPENTOK_SERVER', status: 503, serverCode: undefined },
      secrets(),
    )
  })

  for (const protocol of PROTOCOLS) {
    test(`500 with an Errors document gives its code and message (${protocol} wire)`, async () => {
      ctx.emu.fault('createSession', {
        status: 500,
        body: '<Errors><error code="500"><internalError message="Something broke"/></error></Errors>',
        // The emulator labels a fault's body as the route would answer: JSON to today's wire, which asks for it.
        contentType: 'text/xml',
        times: 1,
      })
      await rejectsWith(
        ctx.sdk({ protocol }).createSession(),
        {
          call: 'createSession',
          code: 'OPENTOK_SERVER',
          status: 500,
          serverCode: '500',
          serverMessage: 'Something broke',
        },
        secrets(),
      )
    })
  }

  test('a 302 redirect', async () => {
    ctx.emu.fault('createSession', { redirect: 'http://127.0.0.1:9/elsewhere', times: 1 })
    await rejectsWith(
      ctx.sdk().createSession(),
      { call: 'createSession', code: 'OPENTOK_SERVER', status: 302 },
      secrets(),
    )
  })
})

describe('answers that cannot be used: OPENTOK_BAD_RESPONSE', () => {
  for (const { call, route, run } of CALLS.slice(0, 2)) {
    test(`${call}: malformed XML`, async () => {
      const pending = run(ctx.sdk())
      ctx.emu.fault(route, { malformed: true, times: 1 })
      await rejectsWith(pending, { call, code: 'OPENTOK_BAD_RESPONSE' }, secrets())
    })

    for (const body of ['garbage', '', '<?xml version="1.0"?><nothing/>', '{"sessionId":"1_x"}']) {
      test(`${call}: 200 with ${JSON.stringify(body)}`, async () => {
        const pending = run(ctx.sdk())
        ctx.emu.fault(route, { status: 200, body, times: 1 })
        await rejectsWith(pending, { call, code: 'OPENTOK_BAD_RESPONSE', status: undefined }, secrets())
      })
    }
  }

  test('createSession: a sessions document without a session_id', async () => {
    ctx.emu.fault('createSession', {
      status: 200,
      body: '<sessions><Session><partner_id>1</partner_id></Session></sessions>',
      times: 1,
    })
    await rejectsWith(ctx.sdk().createSession(), { call: 'createSession', code: 'OPENTOK_BAD_RESPONSE' }, secrets())
  })

  for (const body of [
    'not a url',
    '',
    'ftp://127.0.0.1/a.flv',
    '<html>oops</html>',
    'http://a b/c',
    'javascript:alert(1)',
  ]) {
    test(`downloadArchiveURL: an answer ${JSON.stringify(body)} that is not a URL`, async () => {
      const { run } = CALLS[2]
      const pending = run(ctx.sdk())
      ctx.emu.fault('url', { status: 200, body, contentType: 'text/plain', times: 1 })
      await rejectsWith(pending, { call: 'downloadArchiveURL', code: 'OPENTOK_BAD_RESPONSE' }, secrets())
    })
  }

  test('downloadArchiveURL: white space around the URL is trimmed', async () => {
    const { run } = CALLS[2]
    const pending = run(ctx.sdk())
    ctx.emu.fault('url', { status: 200, body: '  http://127.0.0.1:9/v.flv\r\n', contentType: 'text/plain', times: 1 })
    assert.equal(await pending, 'http://127.0.0.1:9/v.flv')
  })

  for (const { call, route, run } of CALLS) {
    test(`${call}: a body over 1 MiB`, async () => {
      const pending = run(ctx.sdk())
      ctx.emu.fault(route, { largeBodyBytes: 2 * 1024 * 1024, times: 1 })
      await rejectsWith(pending, { call, code: 'OPENTOK_BAD_RESPONSE' }, secrets())
    })
  }
})

describe('transport failures: OPENTOK_NETWORK and OPENTOK_TIMEOUT', () => {
  test('a refused connection (a closed port of 127.0.0.1)', async () => {
    const url = await closedPortUrl()
    const sdk = ctx.sdk()
    sdk.api_url = url
    const err = await rejectsWith(
      sdk.createSession(),
      { call: 'createSession', code: 'OPENTOK_NETWORK', status: undefined },
      secrets(),
    )
    assert.ok(err.message.includes(url), err.message)
    await rejectsWith(
      sdk.getArchiveManifest('a', ctx.token()),
      { call: 'getArchiveManifest', code: 'OPENTOK_NETWORK' },
      secrets(),
    )
  })

  for (const { call, route, run } of CALLS) {
    test(`${call}: the connection reset mid-body`, async () => {
      const pending = run(ctx.sdk())
      ctx.emu.fault(route, { reset: true, times: 1 })
      await rejectsWith(pending, { call, code: 'OPENTOK_NETWORK' }, secrets())
    })

    test(`${call}: no answer within the timeout`, async () => {
      const pending = run(ctx.sdk({ timeout: 300 }))
      ctx.emu.fault(route, { hang: true, times: 1 })
      await rejectsWith(pending, { call, code: 'OPENTOK_TIMEOUT', status: undefined }, secrets())
    })
  }

  test('a server that closes the connection without answering', async () => {
    await withRecorder(
      (req) => req.socket.destroy(),
      async (rude) => {
        const sdk = ctx.sdk()
        sdk.api_url = rude.url
        await rejectsWith(sdk.createSession(), { call: 'createSession', code: 'OPENTOK_NETWORK' }, secrets())
        assert.equal(rude.requests.length >= 1, true)
      },
    )
  })

  test('the SDK works again once the faults are gone', async () => {
    const sdk = ctx.sdk({ timeout: 300 })
    ctx.emu.fault('createSession', { reset: true, times: 1 })
    ctx.emu.fault('createSession', { hang: true, times: 1 })
    await assert.rejects(sdk.createSession(), { code: 'OPENTOK_NETWORK' })
    await assert.rejects(sdk.createSession(), { code: 'OPENTOK_TIMEOUT' })
    assert.equal(await sdk.createSession(), ctx.emu.sessions.at(-1).sessionId)
  })
})
