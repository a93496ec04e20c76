// Secrets: a distinctive API secret (and the tokens signed with it, and the
// X-OPENTOK-AUTH JWTs of today's wire) never shows in an error, a warning, the
// NODE_DEBUG=opentok log, or any printing or serialisation of the SDK and
// archive objects, on both wires; redirects are not followed
// (the redirect target receives nothing); IDs and tokens with control
// characters are refused before anything is sent; IDs holding "../" and its
// encodings stay inside one path segment.

import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { inspect } from 'node:util'
import { distinctiveSecret, isolatedEnv } from './helpers/hardening.mjs'
import {
  captureProcessEvents,
  closedPortUrl,
  native,
  OpenTokArchive,
  OpenTokError,
  OpenTokSDK,
  PROTOCOLS,
  runNode,
  sleep,
  startEmulator,
  startRecorder,
} from './helpers/network.mjs'
import { credentialForms, findLeak, leakViews, restJwtsOf } from './helpers/secret-leaks.mjs'
import { sessionIdFor } from './helpers/token.mjs'

const API_KEY = String(randomInt(10_000_000, 99_999_999))
const SECRET = distinctiveSecret()
const WRONG_SECRET = distinctiveSecret()
/** How long a request that was wrongly sent takes to reach a local server, with margin. */
const SETTLE_MS = 60

let emu
let recorder
let closedUrl
let sdk
let wrongSdk
/** The SDK objects of each wire: `sdk` and `wrongSdk` are today's. */
const sdks = {}
let token
let wrongToken
let spec
/** Every form of every credential of this file. */
let forms

before(async () => {
  emu = await startEmulator({ apiKey: API_KEY, apiSecret: SECRET })
  recorder = await startRecorder()
  closedUrl = await closedPortUrl()
  sdk = new OpenTokSDK(API_KEY, SECRET, { apiUrl: emu.url, timeout: 2000 })
  wrongSdk = new OpenTokSDK(API_KEY, WRONG_SECRET, { apiUrl: emu.url, timeout: 2000 })
  sdks.current = { sdk, wrongSdk }
  sdks.legacy = {
    sdk: new OpenTokSDK(API_KEY, SECRET, { apiUrl: emu.url, timeout: 2000, protocol: 'legacy' }),
    wrongSdk: new OpenTokSDK(API_KEY, WRONG_SECRET, { apiUrl: emu.url, timeout: 2000, protocol: 'legacy' }),
  }
  token = sdk.generateToken({ session_id: sessionIdFor(API_KEY), role: 'moderator' })
  wrongToken = wrongSdk.generateToken({ session_id: sessionIdFor(API_KEY), role: 'moderator' })
  spec = emu.addArchive({ title: 'Secrets', videos: [{ length: 5, name: 'v' }] })
  forms = [
    ...credentialForms({ apiKey: API_KEY, secret: SECRET, token }),
    ...credentialForms({ apiKey: API_KEY, secret: WRONG_SECRET, token: wrongToken }),
  ]
})
after(async () => {
  await emu?.close()
  await recorder?.close()
})

/** `forms`, and every X-OPENTOK-AUTH JWT sent so far: each is a credential too. */
const allForms = () => [
  ...forms,
  ...credentialForms({ jwts: [...restJwtsOf(emu.requests), ...restJwtsOf(recorder.requests)] }),
]

const assertNoLeak = (value, what, options) => {
  const leak = findLeak(value, allForms(), options)
  assert.equal(leak, null, `${what}: ${leak}`)
}

const archiveOf = (s, { archiveId = spec.archiveId, tok = token, apiUrl = emu.url } = {}) =>
  new OpenTokArchive(s, { archiveId, token: tok, apiUrl })

/**
 * Every failure kind, for each of the three calls: `setup` makes it happen,
 * `call(style)` starts the call (with `style` as its callback, if any).
 */
function failureKinds() {
  const call = {
    createSession: (s) => (cb) => s.createSession(cb),
    getArchiveManifest:
      (s, tok = token) =>
      (cb) =>
        s.getArchiveManifest(spec.archiveId, tok, cb),
    downloadArchiveURL:
      (s, tok = token) =>
      (cb) =>
        archiveOf(s, { tok, apiUrl: s.api_url }).downloadArchiveURL(spec.videos[0].id, cb),
  }
  const route = { createSession: 'createSession', getArchiveManifest: 'manifest', downloadArchiveURL: 'url' }
  const kinds = []
  // createSession on both wires; the archive calls are the same on both, so on today's only.
  const runs = [
    ...PROTOCOLS.map((protocol) => ({ name: 'createSession', protocol })),
    { name: 'getArchiveManifest', protocol: 'current' },
    { name: 'downloadArchiveURL', protocol: 'current' },
  ]
  for (const { name, protocol } of runs) {
    // Looked up when a call starts: the SDK objects are made in before().
    const sdkOf = () => sdks[protocol].sdk
    const closed = () => new OpenTokSDK(API_KEY, SECRET, { apiUrl: closedUrl, protocol })
    const quick = () => new OpenTokSDK(API_KEY, SECRET, { apiUrl: emu.url, timeout: 200, protocol })
    const withFault = (fault) => () => emu.fault(route[name], fault)
    const wire = `${protocol} wire`
    kinds.push(
      {
        name,
        wire,
        kind: 'auth failure',
        code: 'OPENTOK_AUTH',
        start: (cb) =>
          (name === 'createSession' ? call[name](sdks[protocol].wrongSdk) : call[name](sdkOf(), wrongToken))(cb),
      },
      { name, wire, kind: 'network refused', code: 'OPENTOK_NETWORK', start: (cb) => call[name](closed())(cb) },
      {
        name,
        wire,
        kind: 'timeout',
        code: 'OPENTOK_TIMEOUT',
        setup: withFault({ hang: true }),
        start: (cb) => call[name](quick())(cb),
      },
      {
        name,
        wire,
        kind: 'bad response (malformed)',
        code: 'OPENTOK_BAD_RESPONSE',
        setup: withFault(
          name === 'downloadArchiveURL'
            ? { status: 200, body: '<html>', contentType: 'text/html' }
            : { malformed: true },
        ),
        start: (cb) => call[name](sdkOf())(cb),
      },
      {
        name,
        wire,
        kind: 'bad response (2 MiB body)',
        code: 'OPENTOK_BAD_RESPONSE',
        setup: withFault({ largeBodyBytes: 2 * 1024 * 1024 }),
        start: (cb) => call[name](sdkOf())(cb),
      },
      {
        name,
        wire,
        kind: 'server error (500)',
        code: 'OPENTOK_SERVER',
        setup: withFault({ status: 500, body: 'busy' }),
        start: (cb) => call[name](sdkOf())(cb),
      },
      {
        name,
        wire,
        kind: 'connection reset',
        code: 'OPENTOK_NETWORK',
        setup: withFault({ reset: true }),
        start: (cb) => call[name](sdkOf())(cb),
      },
      {
        name,
        wire,
        kind: 'redirect',
        code: 'OPENTOK_SERVER',
        setup: () => emu.fault(route[name], { redirect: `${recorder.url}/` }),
        start: (cb) => call[name](sdkOf())(cb),
      },
    )
  }
  return kinds
}

describe('errors of every failure kind never show the secret or a token', () => {
  for (const k of failureKinds()) {
    test(`${k.name} (${k.wire}), ${k.kind}: ${k.code}`, async () => {
      emu.clearFaults()
      k.setup?.()
      let err
      try {
        await k.start()
        assert.fail('the call succeeded')
      } catch (e) {
        err = e
      } finally {
        emu.clearFaults()
      }
      assert.ok(err instanceof OpenTokError, inspect(err))
      assert.equal(err.code, k.code, err.message)
      assert.ok(err.message.startsWith(`${k.name} failed:`), err.message)
      assertNoLeak(err, `the ${k.kind} error of ${k.name}`)
    })
  }
})

describe('warnings of 0.3.x-style callbacks (one parameter) never show the secret or a token', () => {
  for (const k of failureKinds()) {
    test(`${k.name} (${k.wire}), ${k.kind}`, async () => {
      emu.clearFaults()
      k.setup?.()
      const events = captureProcessEvents()
      try {
        const results = []
        const called = new Promise((resolve) => {
          k.start((result) => {
            results.push(result)
            resolve()
          })
        })
        await called
        await sleep(20)
        if (k.name === 'getArchiveManifest') {
          assert.equal(results.length, 1, 'the 0.3.x callback is called once')
          assert.ok(results[0] instanceof OpenTokArchive, 'with an (empty) archive, as 0.3.x gave')
          assert.deepEqual(results[0].resources, [])
          assertNoLeak(results[0], `the empty archive of ${k.name}, ${k.kind}`)
        } else {
          assert.deepEqual(results, [undefined], 'the 0.3.x callback gets undefined, once')
        }
        const warnings = events.warnings.filter((w) => w instanceof OpenTokError)
        assert.equal(warnings.length, 1, `one OpenTokError warning, got ${events.warnings.map(String)}`)
        assert.equal(warnings[0].code, k.code)
        for (const warning of events.warnings) assertNoLeak(warning, `the warning of ${k.name}, ${k.kind}`)
      } finally {
        events.dispose()
        emu.clearFaults()
      }
    })
  }
})

describe('argument errors never show the secret or a token', () => {
  const cases = {
    'new OpenTokSDK(Symbol, secret)': () => new OpenTokSDK(Symbol('k'), SECRET),
    'new OpenTokSDK(key, secret, "options")': () => new OpenTokSDK(API_KEY, SECRET, 'options'),
    'new OpenTokSDK(key, secret, { timeout: -1 })': () => new OpenTokSDK(API_KEY, SECRET, { timeout: -1 }),
    'new OpenTokSDK(key, secret, { timeout: NaN })': () => new OpenTokSDK(API_KEY, SECRET, { timeout: NaN }),
    'new OpenTokSDK(key, secret, { ca: garbage })': () =>
      new OpenTokSDK(API_KEY, SECRET, { ca: `-----BEGIN CERTIFICATE-----\n${SECRET}\n-----END CERTIFICATE-----\n` }),
    'new OpenTokSDK(key, secret, { ca: 1 })': () => new OpenTokSDK(API_KEY, SECRET, { ca: 1 }),
    'new OpenTokSDK("", secret)': () => new OpenTokSDK('', SECRET),
    'generateToken({ role: "owner" })': () => sdk.generateToken({ session_id: sessionIdFor(API_KEY), role: 'owner' }),
    'generateToken(session of another key)': () => sdk.generateToken(sessionIdFor('1234')),
    'generateToken({ connection_data: 1001 chars })': () =>
      sdk.generateToken({ session_id: sessionIdFor(API_KEY), connection_data: 'x'.repeat(1001) }),
    'generateToken({ expire_time: past })': () =>
      sdk.generateToken({ session_id: sessionIdFor(API_KEY), expire_time: 1 }),
    'generateToken({ connection_data: lone surrogate at the end })': () =>
      sdk.generateToken({ session_id: sessionIdFor(API_KEY), connection_data: 'a\ud800' }),
    'createSession(42)': () => sdk.createSession(42),
    'createSession({ x: {} })': () => sdk.createSession({ x: {} }),
    'getArchiveManifest(id, 42)': () => sdk.getArchiveManifest(spec.archiveId, 42),
    'getArchiveManifest("a\\r\\nb", token)': () => sdk.getArchiveManifest('a\r\nb', token),
    'getArchiveManifest(id, token + "\\r\\n")': () => sdk.getArchiveManifest(spec.archiveId, `${token}\r\nX-Leak: 1`),
    'getArchiveManifest(id, token + "é")': () => sdk.getArchiveManifest(spec.archiveId, `${token}é`),
    'getArchiveManifest(id, token, "cb")': () => sdk.getArchiveManifest(spec.archiveId, token, 'cb'),
    'downloadArchiveURL(42)': () => archiveOf(sdk).downloadArchiveURL(42),
    'downloadArchiveURL on an archive whose token has "\\n"': () =>
      archiveOf(sdk, { tok: `${token}\n` }).downloadArchiveURL('v'),
    'createSession with api_url "ftp://x"': () => {
      const s = new OpenTokSDK(API_KEY, SECRET)
      s.api_url = 'ftp://x'
      return s.createSession()
    },
    'createSession with api_url holding "\\n"': () => {
      const s = new OpenTokSDK(API_KEY, SECRET)
      s.api_url = `${emu.url}/a\nb`
      return s.createSession()
    },
    'verifyToken(42)': () => sdk.verifyToken(42),
    'decodeToken(token + "!")': () => OpenTokSDK.decodeToken(`${token}!`),
    'decodeToken(token cut short)': () => OpenTokSDK.decodeToken(token.slice(0, 50)),
  }
  for (const [name, call] of Object.entries(cases)) {
    test(name, () => {
      let err
      assert.throws(call, (e) => {
        err = e
        return true
      })
      assert.ok(err instanceof Error && typeof err.code === 'string', inspect(err))
      assertNoLeak(err, name)
    })
  }
})

describe('redirects are not followed: the target receives nothing', () => {
  const calls = {
    createSession: ['createSession', () => sdk.createSession()],
    'createSession (legacy wire)': ['createSession', () => sdks.legacy.sdk.createSession()],
    getArchiveManifest: ['manifest', () => sdk.getArchiveManifest(spec.archiveId, token)],
    downloadArchiveURL: ['url', () => archiveOf(sdk).downloadArchiveURL(spec.videos[0].id)],
  }
  for (const [name, [route, call]] of Object.entries(calls)) {
    test(`${name}: OPENTOK_SERVER with status 302, and no request at the recording server`, async () => {
      const before = recorder.requests.length
      emu.fault(route, { redirect: `${recorder.url}/` })
      try {
        await assert.rejects(call(), (err) => {
          assert.ok(err instanceof OpenTokError, inspect(err))
          assert.equal(err.code, 'OPENTOK_SERVER')
          assert.equal(err.status, 302)
          assertNoLeak(err, `the redirect error of ${name}`)
          return true
        })
        await sleep(SETTLE_MS * 3)
        assert.deepEqual(
          recorder.requests.slice(before),
          [],
          'the redirect was followed: the recording server got a request',
        )
      } finally {
        emu.clearFaults()
      }
    })
  }

  for (const protocol of PROTOCOLS) {
    test(`the recording server does record what reaches it (the check above can fail, ${protocol} wire)`, async () => {
      const before = recorder.requests.length
      const s = new OpenTokSDK(API_KEY, SECRET, { apiUrl: recorder.url, protocol })
      await s.createSession()
      const got = recorder.requests.slice(before)
      assert.equal(got.length, 1)
      // This request went there on purpose: it carries the secret (0.3.x) or
      // the REST JWT (today's), as a redirect followed would.
      assert.notEqual(findLeak(JSON.stringify(got[0].headers), allForms()), null)
      if (protocol === 'current') {
        assert.equal(findLeak(JSON.stringify(got[0].headers), forms), null, 'the secret itself is not sent')
        assert.equal(restJwtsOf(got).length, 1)
      }
    })
  }
})

describe('control characters in IDs and tokens are refused before anything is sent', () => {
  const CONTROLS = {
    '\\r\\n': '\r\n',
    '\\r': '\r',
    '\\n': '\n',
    '\\0': '\0',
    '\\t': '\t',
    '\\x7f': '\x7f',
    '\\x1b': '\x1b',
    '\\u0085': '\u0085',
    '\\u2028': '\u2028',
    '\\u2029': '\u2029',
  }
  const at = (base, c) => ({ start: c + base, middle: base.slice(0, 5) + c + base.slice(5), end: base + c })
  for (const [label, c] of Object.entries(CONTROLS)) {
    test(`${label}: at the start, in the middle and at the end of archive IDs, video IDs and tokens`, async () => {
      const targets = []
      for (const [where, id] of Object.entries(at(spec.archiveId, c))) {
        targets.push([`getArchiveManifest archiveId (${where})`, () => sdk.getArchiveManifest(id, token)])
        targets.push([
          `downloadArchiveURL on an archive whose archiveId has it (${where})`,
          () => archiveOf(sdk, { archiveId: id }).downloadArchiveURL(spec.videos[0].id),
        ])
      }
      for (const [where, tok] of Object.entries(at(token, c))) {
        targets.push([`getArchiveManifest token (${where})`, () => sdk.getArchiveManifest(spec.archiveId, tok)])
        targets.push([
          `downloadArchiveURL on an archive whose token has it (${where})`,
          () => archiveOf(sdk, { tok }).downloadArchiveURL(spec.videos[0].id),
        ])
      }
      for (const [where, id] of Object.entries(at(spec.videos[0].id, c))) {
        targets.push([`downloadArchiveURL videoId (${where})`, () => archiveOf(sdk).downloadArchiveURL(id)])
      }
      const problems = []
      const before = emu.requests.length
      for (const [what, call] of targets) {
        try {
          const promise = call()
          promise?.catch?.(() => {})
          problems.push(
            `${what}: not refused (the call was made: ${promise instanceof Promise ? 'a promise' : inspect(promise)} returned)`,
          )
        } catch (err) {
          if (!(err instanceof TypeError) || err.code !== 'ERR_INVALID_ARG_VALUE')
            problems.push(`${what}: threw ${inspect(err)}`)
          else assertNoLeak(err, what)
        }
      }
      await sleep(SETTLE_MS)
      for (const r of emu.requests.slice(before)) problems.push(`sent ${r.method} ${r.path}`)
      assert.deepEqual(problems, [], `${label} in IDs and tokens:\n${problems.join('\n')}`)
    })
  }
})

describe('"../" and its encodings in IDs stay inside one path segment', () => {
  const IDS = [
    '../',
    '..%2F',
    '%2e%2e/',
    '%2E%2E%2F',
    '../../hl/session/create',
    '..%2F..%2Fhl%2Fsession%2Fcreate',
    '%2e%2e/%2e%2e/x',
    '..\\..\\x',
    '..;/x',
    '.%2e/',
    '/',
    '//',
    'a/../b',
    '?x=1',
    '#f',
    '%',
    '%00',
    ' ',
    'é/..',
    '..',
  ]
  const pathOf = (requests) => {
    assert.equal(requests.length, 1, `one request, got ${requests.map((r) => r.path)}`)
    return requests[0].path
  }
  for (const id of IDS) {
    test(`${JSON.stringify(id)} as archive ID and as video ID`, async () => {
      // Manifest: /archive/getmanifest/<archiveId>
      let before = emu.requests.length
      let refused = false
      try {
        await sdk.getArchiveManifest(id, token).catch((err) => assert.ok(err instanceof OpenTokError, inspect(err)))
      } catch (err) {
        // Refusing the ID before sending is as safe: only "." and ".." may be refused so.
        assert.ok(err instanceof TypeError && err.code === 'ERR_INVALID_ARG_VALUE', inspect(err))
        refused = true
      }
      if (refused) {
        await sleep(SETTLE_MS)
        assert.ok(id === '..' || id === '.', `${JSON.stringify(id)} refused: ${id}`)
        assert.deepEqual(emu.requests.slice(before), [])
      } else {
        const path = pathOf(emu.requests.slice(before))
        assert.doesNotMatch(path, /[?#]/, path)
        const segments = path.split('/')
        assert.deepEqual(segments.slice(0, 3), ['', 'archive', 'getmanifest'], path)
        assert.equal(segments.length, 4, `the ID spilled into more segments: ${path}`)
        assert.equal(decodeURIComponent(segments[3]), id, path)
      }

      // URL: /hl/archive/url/<archiveId>/<videoId>, both holding the ID.
      before = emu.requests.length
      refused = false
      try {
        await archiveOf(sdk, { archiveId: id })
          .downloadArchiveURL(id)
          .catch((err) => assert.ok(err instanceof OpenTokError, inspect(err)))
      } catch (err) {
        assert.ok(err instanceof TypeError && err.code === 'ERR_INVALID_ARG_VALUE', inspect(err))
        refused = true
      }
      if (refused) {
        await sleep(SETTLE_MS)
        assert.ok(id === '..' || id === '.')
        assert.deepEqual(emu.requests.slice(before), [])
      } else {
        const path = pathOf(emu.requests.slice(before))
        assert.doesNotMatch(path, /[?#]/, path)
        const segments = path.split('/')
        assert.deepEqual(segments.slice(0, 4), ['', 'hl', 'archive', 'url'], path)
        assert.equal(segments.length, 6, `the IDs spilled into more segments: ${path}`)
        assert.deepEqual(segments.slice(4).map(decodeURIComponent), [id, id], path)
      }
    })
  }
})

describe('printing and serialising the SDK and archive objects never shows the secret or the token', () => {
  for (const protocol of PROTOCOLS)
    test(`util.inspect (showHidden, depth: Infinity, customInspect: false), console.dir, JSON.stringify, structuredClone of the SDK (${protocol} wire)`, async () => {
      const fresh = new OpenTokSDK(API_KEY, SECRET, { apiUrl: emu.url, protocol })
      assertNoLeak(fresh, 'a new SDK')
      await fresh.createSession() // the HTTP client and a session now exist
      fresh.generateToken({ role: 'moderator' })
      const views = leakViews(fresh)
      assert.match(
        views['inspect showHidden depth:Infinity customInspect:false'],
        new RegExp(API_KEY),
        'the view shows the object',
      )
      assert.match(views['console.dir showHidden'], /sessionId/)
      assertNoLeak(fresh, 'an SDK after calls')
      assertNoLeak(Object.getOwnPropertyDescriptors(fresh), 'the property descriptors of an SDK')
      assertNoLeak({ ...fresh }, 'a spread copy of an SDK')
      assertNoLeak(native, 'the module exports')
      assertNoLeak(OpenTokSDK.prototype, 'the prototype')
      // The secret stays readable, as in the original, without being an own property.
      assert.equal(fresh.partnerSecret, SECRET)
      assert.ok(!Reflect.ownKeys(fresh).includes('partnerSecret'))
    })

  test('util.inspect (showHidden, customInspect: false), console.dir, JSON.stringify of an archive never show its token', async () => {
    const archive = await sdk.getArchiveManifest(spec.archiveId, token)
    assert.ok(archive instanceof OpenTokArchive)
    const views = leakViews(archive)
    assert.match(views['inspect showHidden depth:Infinity customInspect:false'], new RegExp(spec.archiveId))
    assertNoLeak(archive, 'an archive')
    assertNoLeak(archive.resources, 'its resources')
    assert.match(await archive.downloadArchiveURL(spec.videos[0].id), /^http:/) // the token is still there, unseen
  })

  test('util.inspect with showHidden and getters: true shows neither the secret nor the token, of the SDK or of an archive', async () => {
    // With showHidden, util.inspect lists the prototype's accessors, and
    // `getters: true` calls them: `partnerSecret` would hand the secret over.
    const fresh = new OpenTokSDK(API_KEY, SECRET, { apiUrl: emu.url })
    assertNoLeak(fresh, 'an SDK', { getters: true })
    assertNoLeak(await fresh.getArchiveManifest(spec.archiveId, token), 'an archive', { getters: true })
  })

  test('the leak check does find a secret or a token wherever it is (the checks above can fail)', () => {
    for (const leaky of [
      { a: { deep: [SECRET] } },
      new Error(`x ${token}`),
      Object.defineProperty({}, 'hidden', { value: SECRET }),
      { [Symbol('s')]: Buffer.from(`${API_KEY}:${SECRET}`).toString('base64') },
      {
        get lazy() {
          return SECRET
        },
      },
    ]) {
      assert.notEqual(findLeak(leaky, forms), null, inspect(leaky))
    }
    // A REST JWT the SDK sent is found too, whole or by its signature.
    const [jwt] = restJwtsOf(emu.requests)
    assert.ok(jwt, 'the SDK sent an X-OPENTOK-AUTH JWT')
    for (const leaky of [{ header: jwt }, new Error(`sig ${jwt.split('.')[2]}`)]) {
      assert.equal(findLeak(leaky, forms), null)
      assert.notEqual(findLeak(leaky, allForms()), null, inspect(leaky))
    }
  })
})

describe('NODE_DEBUG=opentok logs every call, never the secret or a token', () => {
  const CREATE_PATH = { current: '/session/create', legacy: '/hl/session/create' }
  for (const protocol of PROTOCOLS)
    test(`createSession, getArchiveManifest, downloadArchiveURL and failures: method, path, status, time (${protocol} wire)`, async () => {
      const source = `
      const { OpenTokSDK } = require('./index.js');
      const { EMU_URL, EMU_KEY, EMU_SECRET, WRONG_SECRET, TOKEN, WRONG_TOKEN, ARCHIVE, VIDEO, PROTOCOL } = process.env;
      (async () => {
        const sdk = new OpenTokSDK(EMU_KEY, EMU_SECRET, { apiUrl: EMU_URL, protocol: PROTOCOL });
        const sessionId = await sdk.createSession();
        const wrong = new OpenTokSDK(EMU_KEY, WRONG_SECRET, { apiUrl: EMU_URL, protocol: PROTOCOL });
        await wrong.createSession().catch((e) => console.log('refused', e.code));
        const token = sdk.generateToken({ session_id: sessionId, role: 'moderator' });
        const archive = await sdk.getArchiveManifest(ARCHIVE, TOKEN);
        const url = await archive.downloadArchiveURL(VIDEO);
        await sdk.getArchiveManifest(ARCHIVE, WRONG_TOKEN).catch((e) => console.log('refused', e.code));
        // A 0.3.x-style callback: the failure is printed as a warning on stderr.
        await new Promise((resolve) => sdk.getArchiveManifest(ARCHIVE, WRONG_TOKEN, function (result) { resolve(result); }));
        console.log(JSON.stringify({ sessionId, token, url }));
      })();`
      const { code, stdout, stderr, timedOut } = await runNode(source, {
        env: isolatedEnv({
          NODE_DEBUG: 'opentok',
          EMU_URL: emu.url,
          EMU_KEY: API_KEY,
          EMU_SECRET: SECRET,
          WRONG_SECRET,
          PROTOCOL: protocol,
          TOKEN: token,
          WRONG_TOKEN: wrongToken,
          ARCHIVE: spec.archiveId,
          VIDEO: spec.videos[0].id,
        }),
        timeoutMs: 20_000,
      })
      assert.ok(!timedOut, 'the child hung')
      assert.equal(code, 0, stderr)
      const { token: childToken } = JSON.parse(stdout.trim().split('\n').at(-1))
      const lines = stderr.split('\n').filter((line) => /^OPENTOK \d+:/.test(line))
      const expected = [
        new RegExp(`^OPENTOK \\d+: POST ${CREATE_PATH[protocol]} 200 \\d+\\.\\d ms$`),
        new RegExp(`^OPENTOK \\d+: POST ${CREATE_PATH[protocol]} 403 OPENTOK_AUTH \\d+\\.\\d ms$`),
        new RegExp(`^OPENTOK \\d+: GET /archive/getmanifest/${spec.archiveId} 200 \\d+\\.\\d ms$`),
        new RegExp(`^OPENTOK \\d+: GET /hl/archive/url/${spec.archiveId}/${spec.videos[0].id} 200 \\d+\\.\\d ms$`),
        new RegExp(`^OPENTOK \\d+: GET /archive/getmanifest/${spec.archiveId} 403 OPENTOK_AUTH \\d+\\.\\d ms$`),
        new RegExp(`^OPENTOK \\d+: GET /archive/getmanifest/${spec.archiveId} 403 OPENTOK_AUTH \\d+\\.\\d ms$`),
      ]
      assert.equal(lines.length, expected.length, `the NODE_DEBUG lines:\n${stderr}`)
      expected.forEach((pattern, i) => assert.match(lines[i], pattern))
      assert.match(stderr, /\[OPENTOK_AUTH\] OpenTokError: getArchiveManifest failed/, 'the warning was printed')
      // The child's JWTs reached this file's emulator: allForms() holds them.
      if (protocol === 'current') assert.ok(restJwtsOf(emu.requests).length >= 2, 'the child sent JWTs')
      const childForms = [...allForms(), ...credentialForms({ token: childToken })]
      const leak = findLeak(stderr, childForms) ?? findLeak(stdout.replace(childToken, ''), childForms)
      assert.equal(leak, null, `the NODE_DEBUG run printed a credential: ${leak}`)
    })
})

describe('a server that reflects the credentials back', () => {
  // Server-supplied text (an Errors document's message, a Location header) is
  // copied into error messages; a proxy or debugging server that echoes the
  // request's auth header would put the secret into logs.
  const reflecting = {
    'an Errors document echoing X-TB-PARTNER-AUTH': (req, res) =>
      res
        .writeHead(403, { 'Content-Type': 'text/xml' })
        .end(
          `<Errors><error code="403"><forbidden message="bad ${req.headers['x-tb-partner-auth']}"/></error></Errors>`,
        ),
    'a redirect whose Location holds X-TB-PARTNER-AUTH': (req, res) =>
      res.writeHead(302, { Location: `http://127.0.0.1:9/${req.headers['x-tb-partner-auth']}` }).end(),
  }
  for (const [name, respond] of Object.entries(reflecting)) {
    test(`${name}: the error does not repeat the secret`, async () => {
      const server = await startRecorder(respond)
      try {
        const s = new OpenTokSDK(API_KEY, SECRET, { apiUrl: server.url, protocol: 'legacy' })
        await assert.rejects(s.createSession(), (err) => {
          assert.ok(err instanceof OpenTokError)
          assertNoLeak(err, name)
          return true
        })
        assert.equal(server.requests.length, 1)
      } finally {
        await server.close()
      }
    })
  }

  // Today's wire: the X-OPENTOK-AUTH JWT echoed in each error document, and in a Location.
  const echo = (req) => `bad ${req.headers['x-opentok-auth']}`
  const reflectingJwt = {
    'a JSON error echoing X-OPENTOK-AUTH': (req, res) =>
      res
        .writeHead(403, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ code: 403, message: echo(req), description: echo(req) })),
    'an errorPayload XML echoing X-OPENTOK-AUTH': (req, res) =>
      res
        .writeHead(400, { 'Content-Type': 'text/xml' })
        .end(`<errorPayload><code>400</code><message>${echo(req)}</message></errorPayload>`),
    'an Errors document echoing X-OPENTOK-AUTH': (req, res) =>
      res
        .writeHead(403, { 'Content-Type': 'text/xml' })
        .end(`<Errors><error code="403"><forbidden message="${echo(req)}"/></error></Errors>`),
    'a redirect whose Location holds X-OPENTOK-AUTH': (req, res) =>
      res.writeHead(302, { Location: `http://127.0.0.1:9/${req.headers['x-opentok-auth']}` }).end(),
  }
  for (const [name, respond] of Object.entries(reflectingJwt)) {
    test(`${name}: the error shows it as [redacted], nor does a warning show it`, async () => {
      const server = await startRecorder(respond)
      const events = captureProcessEvents()
      try {
        // The JWTs this server got (and echoed) are credentials too.
        const noLeak = (value, what) => {
          const leak = findLeak(value, [...allForms(), ...credentialForms({ jwts: restJwtsOf(server.requests) })])
          assert.equal(leak, null, `${what}: ${leak}`)
        }
        const s = new OpenTokSDK(API_KEY, SECRET, { apiUrl: server.url })
        await assert.rejects(s.createSession(), (err) => {
          assert.ok(err instanceof OpenTokError)
          noLeak(err, name)
          assert.match(err.message, /\/?\[redacted\]/, err.message)
          if (err.serverMessage !== undefined) assert.equal(err.serverMessage, 'bad [redacted]')
          return true
        })
        await new Promise((resolve) => s.createSession(resolve)) // a 0.3.x callback: a warning
        await sleep(20)
        assert.equal(events.warnings.length, 1, String(events.warnings))
        noLeak(events.warnings[0], `the warning of ${name}`)
        assert.equal(restJwtsOf(server.requests).length, 2, 'the server did get the JWTs, one per call')
      } finally {
        events.dispose()
        await server.close()
      }
    })
  }
})
