// Faults, through the emulator: every kind of broken server, for the three
// network calls in the three call styles, repeated, with successful calls in
// between. Each faulty call must end once, with its documented error code,
// within the SDK timeout (plus a margin), without an unhandled rejection, and
// the calls after it must succeed again. On both wires: today's (the
// default) and the 0.3.x one (`protocol: 'legacy'`).

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { callInStyle, fmtMiB, STYLES, samplePeakRss, settledRssMiB, spyProcessEvents } from './helpers/load.mjs'
import {
  closedPortUrl,
  OpenTokArchive,
  OpenTokError,
  PROTOCOLS,
  sleep,
  startRecorder,
  useEmulator,
} from './helpers/network.mjs'

const STRESS = process.env.OPENTOK_STRESS === '1'
/** Rounds of each fault (each round: 3 calls x 3 styles, then 3 successful calls). */
const ROUNDS = STRESS ? 200 : 20
/** Rounds of the 50 MiB body (each: 3 calls with a Content-Length, 1 chunked). */
const BIG_ROUNDS = STRESS ? 300 : 30
const TIMEOUT = 500
/** Every faulty call settles within the timeout plus this. */
const MARGIN = 1000
/** How long a callback is watched for a second call once all calls settled. */
const GRACE_MS = 300
const BIG = 50 * 1024 * 1024
/** RSS the 50 MiB rounds may add (a single buffered body would be 50 MiB). */
const RSS_GROWTH_LIMIT_MIB = 40

const ctx = useEmulator()
const forbiddenXml = '<Errors><error code="403"><forbidden message="Invalid partner credentials"/></error></Errors>'
const notFoundXml = '<Errors><error code="404"><notFound message="Archive gone"/></error></Errors>'
// The error documents of today's service.
const refusedJson = '{"code":-1,"message":"Invalid signature","description":"The JWT is not signed with the secret."}'
const conflictPayload = '<errorPayload><code>1004</code><message>Session conflict</message></errorPayload>'

/**
 * The faults. `spec` is put on every route ('*') for the faulty phase of a
 * round; `closed` sends the faulty calls to a closed port instead. `expect`
 * holds what every resulting OpenTokError has; `message` is matched against
 * its message; `requests` says how many requests reach the emulator per
 * faulty call (1: sent once, never retried nor redirected).
 */
const FAULTS = [
  {
    name: 'refused connection (closed port)',
    closed: true,
    expect: { code: 'OPENTOK_NETWORK', status: undefined },
    message: /refused/i,
    requests: 0,
  },
  {
    name: 'connection reset mid-body',
    spec: { reset: true },
    expect: { code: 'OPENTOK_NETWORK', status: undefined },
    message: /broke while reading/,
  },
  {
    name: 'body that never ends (hang)',
    spec: { hang: true },
    expect: { code: 'OPENTOK_TIMEOUT', status: undefined },
    message: /within 500 ms/,
    timesOut: true,
  },
  {
    name: 'slow server past the timeout',
    spec: { delayMs: TIMEOUT + 1500 },
    expect: { code: 'OPENTOK_TIMEOUT', status: undefined },
    message: /within 500 ms/,
    timesOut: true,
  },
  { name: 'HTTP 500', spec: { status: 500 }, expect: { code: 'OPENTOK_SERVER', status: 500, serverCode: undefined } },
  {
    name: 'HTTP 503 with a text body',
    spec: { status: 503, body: 'busy', contentType: 'text/plain' },
    expect: { code: 'OPENTOK_SERVER', status: 503 },
  },
  {
    name: 'Errors XML with HTTP 200',
    spec: { status: 200, body: forbiddenXml },
    expect: { code: 'OPENTOK_AUTH', status: 200, serverCode: '403', serverMessage: 'Invalid partner credentials' },
  },
  {
    name: 'Errors XML with HTTP 403',
    // The emulator labels a fault's body as its route answers (JSON to today's wire): say it is XML.
    spec: { status: 403, body: forbiddenXml, contentType: 'text/xml' },
    expect: { code: 'OPENTOK_AUTH', status: 403, serverCode: '403', serverMessage: 'Invalid partner credentials' },
  },
  {
    name: 'Errors XML with HTTP 404',
    spec: { status: 404, body: notFoundXml, contentType: 'text/xml' },
    expect: { code: 'OPENTOK_NOT_FOUND', status: 404, serverMessage: 'Archive gone' },
  },
  {
    name: 'JSON error with HTTP 403',
    spec: { status: 403, body: refusedJson, contentType: 'application/json' },
    expect: { code: 'OPENTOK_AUTH', status: 403, serverCode: '-1', serverMessage: 'Invalid signature' },
  },
  {
    name: 'errorPayload XML with HTTP 409',
    spec: { status: 409, body: conflictPayload, contentType: 'text/xml' },
    expect: { code: 'OPENTOK_REQUEST', status: 409, serverCode: '1004', serverMessage: 'Session conflict' },
  },
  {
    name: 'garbage body',
    spec: { status: 200, body: 'garbage \u0000\u00ff{<<&', contentType: 'application/octet-stream' },
    expect: { code: 'OPENTOK_BAD_RESPONSE' },
  },
  { name: 'malformed XML', spec: { malformed: true }, expect: { code: 'OPENTOK_BAD_RESPONSE' } },
  {
    name: '50 MiB body',
    spec: { largeBodyBytes: BIG },
    expect: { code: 'OPENTOK_BAD_RESPONSE' },
    message: /larger than 1 MiB/,
  },
  {
    name: 'redirect (to a working route)',
    redirect: true,
    expect: { code: 'OPENTOK_SERVER', status: 302 },
    message: /redirects are not followed/,
  },
]

/** The three calls; `apiUrl` is where the faulty ones go. Each returns what the SDK method returns. */
const CALLS = [
  { call: 'createSession', run: (w, callback) => (callback ? w.sdk.createSession(callback) : w.sdk.createSession()) },
  {
    call: 'getArchiveManifest',
    run: (w, callback) => w.sdk.getArchiveManifest(w.expected.archiveId, w.token, callback),
  },
  {
    call: 'downloadArchiveURL',
    run: (w, callback) => w.faultyArchive.downloadArchiveURL(w.expected.videos[0].id, callback),
  },
]

let events
let closedUrl
let faultyCallsMade = 0
before(async () => {
  events = spyProcessEvents()
  closedUrl = await closedPortUrl()
})
after(() => events.dispose())

/** One SDK object per fault, kept for all its rounds, with a real archive fetched through it. */
async function world(apiUrl, protocol) {
  const sdk = ctx.sdk({ timeout: TIMEOUT, protocol })
  const expected = ctx.archive()
  const token = ctx.token()
  const archive = await sdk.getArchiveManifest(expected.archiveId, token)
  const faultyArchive = new OpenTokArchive(sdk, { archiveId: expected.archiveId, token, apiUrl })
  return { sdk, expected, token, archive, faultyArchive }
}

/** The three calls succeed on `w`, in `style`, with their own results. */
async function succeed(w, style) {
  const [session, manifest, url] = await Promise.all(
    [
      (cb) => (cb ? w.sdk.createSession(cb) : w.sdk.createSession()),
      (cb) => w.sdk.getArchiveManifest(w.expected.archiveId, w.token, cb),
      (cb) => w.archive.downloadArchiveURL(w.expected.videos[1].id, cb),
    ].map((run) => callInStyle(style, run).settled),
  )
  for (const r of [session, manifest, url])
    assert.ok(!r.err, `a successful call after faults failed: ${r.err?.message}`)
  assert.ok(
    ctx.emu.sessions.some((s) => s.sessionId === session.value),
    'the session ID is one the server created',
  )
  assert.equal(manifest.value.archiveId, w.expected.archiveId)
  assert.deepEqual(
    manifest.value.resources.map((v) => v.getId()),
    w.expected.videos.map((v) => v.id),
  )
  assert.equal(url.value, `${ctx.emu.url}/download/${w.expected.archiveId}/${w.expected.videos[1].id}.flv`)
}

/** Checks a settled faulty call: one settle, of the right kind, in time. */
function checkFaultyCall(fault, call, record, timeLimit) {
  const label = `${fault.name}, ${call}, ${record.style}`
  assert.ok(record.ms < timeLimit, `${label}: settled after ${record.ms.toFixed(0)} ms (limit ${timeLimit} ms)`)
  if (fault.timesOut)
    assert.ok(record.ms >= TIMEOUT - 20, `${label}: timed out early, after ${record.ms.toFixed(0)} ms`)
  const err = record.err
  if (record.style === 'promise') {
    assert.ok(record.returned instanceof Promise, `${label}: a promise is returned`)
  } else {
    assert.equal(record.returned, undefined, `${label}: a callback call returns undefined`)
  }
  if (record.style === '0.3.x') {
    if (call === 'getArchiveManifest') {
      // an empty archive, as 0.3.x gave
      assert.equal(record.args.length, 1, `${label}: the 0.3.x callback gets one argument`)
      const [archive] = record.args
      assert.ok(archive instanceof OpenTokArchive, `${label}: the 0.3.x callback gets an OpenTokArchive`)
      assert.deepEqual([archive.resources, archive.timeline], [[], []], `${label}: an empty archive`)
    } else {
      assert.deepEqual(record.args, [undefined], `${label}: the 0.3.x callback gets undefined`)
    }
    return // its error is checked among the warnings
  }
  if (record.style === 'error-first')
    assert.equal(record.args.length, 1, `${label}: error-first callback gets (err) only`)
  checkError(fault, call, err, label)
}

function checkError(fault, call, err, label) {
  assert.ok(err instanceof OpenTokError, `${label}: an OpenTokError, got ${err}`)
  assert.ok(err.message.startsWith(`${call} failed:`), `${label}: ${err.message}`)
  for (const [key, value] of Object.entries(fault.expect))
    assert.equal(err[key], value, `${label}: ${key} of "${err.message}"`)
  if (fault.message) assert.match(err.message, fault.message, label)
}

for (const protocol of PROTOCOLS)
  describe(`every fault, every call, every style: the documented error, once, in time; successes after (${protocol} wire)`, () => {
    for (const fault of FAULTS) {
      test(`${fault.name}: ${ROUNDS} rounds of 3 calls x 3 styles, then 3 successful calls`, async (t) => {
        const faultyUrl = fault.closed ? closedUrl : ctx.emu.url
        const w = await world(faultyUrl, protocol)
        const spec = fault.redirect ? { redirect: `${ctx.emu.url}/hl/session/create` } : fault.spec
        const records = []
        const warningsBefore = events.warnings.length
        const started = performance.now()
        let slowest = 0

        for (let round = 0; round < ROUNDS; round++) {
          if (spec) ctx.emu.fault('*', spec)
          const sent = ctx.track()
          w.sdk.api_url = faultyUrl // read when each call starts
          const roundRecords = []
          for (const { call, run } of CALLS) {
            for (const style of STYLES) roundRecords.push({ call, record: callInStyle(style, (cb) => run(w, cb)) })
          }
          w.sdk.api_url = ctx.emu.url
          await Promise.all(roundRecords.map(({ record }) => record.settled))
          ctx.emu.clearFaults()
          faultyCallsMade += roundRecords.length
          for (const { call, record } of roundRecords) {
            checkFaultyCall(fault, call, record, TIMEOUT + MARGIN)
            slowest = Math.max(slowest, record.ms)
          }
          const perCall = fault.requests ?? 1
          assert.equal(
            sent().length,
            roundRecords.length * perCall,
            'each faulty call sent its request once: no retry, no redirect followed',
          )
          records.push(...roundRecords)
          await succeed(w, STYLES[round % STYLES.length])
        }

        await sleep(GRACE_MS)
        for (const { call, record } of records) {
          if (record.style !== 'promise')
            assert.equal(
              record.count,
              1,
              `${fault.name}, ${call}, ${record.style}: callback called ${record.count} times`,
            )
        }
        // Each 0.3.x callback's failure came as one warning: the OpenTokError itself.
        const warnings = events.warnings.slice(warningsBefore)
        assert.equal(
          warnings.length,
          ROUNDS * CALLS.length,
          `one warning per failed 0.3.x call: ${warnings.map(String).slice(0, 3)}`,
        )
        for (const { call } of CALLS) {
          const forCall = warnings.filter((w) => w.message?.startsWith(`${call} failed:`))
          assert.equal(forCall.length, ROUNDS, `${call}: ${ROUNDS} warnings`)
          for (const err of forCall) checkError(fault, call, err, `${fault.name}, ${call}, 0.3.x warning`)
        }
        assert.deepEqual(events.rejections, [], 'no unhandled rejection')
        t.diagnostic(
          `${fault.name} (${protocol} wire): ${records.length} faulty calls survived in ${(performance.now() - started).toFixed(0)} ms, slowest settle ${slowest.toFixed(0)} ms (limit ${TIMEOUT + MARGIN} ms)`,
        )
      })
    }
  })

describe('50 MiB bodies: memory stays bounded', () => {
  // A 50 MiB body sent chunked, with no Content-Length to refuse it by: the
  // SDK must stop reading at its 1 MiB limit.
  let chunked
  before(async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x')
    chunked = await startRecorder((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml' }) // no Content-Length: chunked
      let left = BIG
      const pump = () => {
        while (left > 0) {
          left -= chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      res.on('close', () => (left = 0))
      pump()
    })
  })
  after(() => chunked?.close())

  test(`${BIG_ROUNDS} rounds of 50 MiB answers to the 3 calls and a chunked one: OPENTOK_BAD_RESPONSE, bounded RSS`, async (t) => {
    const w = await world(ctx.emu.url)
    const chunkedSdk = ctx.sdk({ timeout: 5000 })
    chunkedSdk.api_url = chunked.url
    const before = await settledRssMiB()
    const peakOf = samplePeakRss()
    const started = performance.now()
    for (let round = 0; round < BIG_ROUNDS; round++) {
      ctx.emu.fault('*', { largeBodyBytes: BIG })
      const results = await Promise.allSettled([
        ...CALLS.map(({ run }) => run(w, undefined)),
        chunkedSdk.createSession(),
      ])
      ctx.emu.clearFaults()
      results.forEach((result, i) => {
        const call = CALLS[i]?.call ?? 'createSession'
        assert.equal(result.status, 'rejected', `${call} must fail`)
        assert.equal(result.reason.code, 'OPENTOK_BAD_RESPONSE', result.reason.message)
        assert.match(result.reason.message, /larger than 1 MiB/)
      })
      faultyCallsMade += results.length
      if (round % 10 === 9) await succeed(w, 'promise')
    }
    const ms = performance.now() - started
    const peak = peakOf()
    const afterRss = await settledRssMiB()
    t.diagnostic(
      `${BIG_ROUNDS * 4} answers of 50 MiB (${BIG_ROUNDS * 3} with a Content-Length, ${BIG_ROUNDS} chunked) refused in ${ms.toFixed(0)} ms; ` +
        `RSS before ${fmtMiB(before)}, peak ${fmtMiB(peak)}, after ${fmtMiB(afterRss)}`,
    )
    assert.ok(afterRss - before < RSS_GROWTH_LIMIT_MIB, `RSS grew by ${fmtMiB(afterRss - before)}`)
    assert.ok(peak - before < RSS_GROWTH_LIMIT_MIB, `RSS peaked ${fmtMiB(peak - before)} above the start`)
    assert.deepEqual(events.rejections, [], 'no unhandled rejection')
  })
})

test('after every fault the process is up, nothing went unhandled, and the SDK still works', async (t) => {
  for (const protocol of PROTOCOLS) {
    const w = await world(ctx.emu.url, protocol)
    await succeed(w, 'promise')
    await succeed(w, 'error-first')
    await succeed(w, '0.3.x')
  }
  assert.deepEqual(events.rejections, [], 'no unhandled rejection')
  assert.equal(process.exitCode, undefined)
  t.diagnostic(`faulty calls survived in this file: ${faultyCallsMade}`)
})
