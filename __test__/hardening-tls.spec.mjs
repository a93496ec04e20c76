// TLS, against the emulator serving HTTPS with certificates made here: a test
// CA and a leaf for 127.0.0.1 and localhost that it signs. Certificates are
// always verified: an unknown issuer is refused unless options.ca trusts it.

import assert from 'node:assert/strict'
import https from 'node:https'
import { after, before, describe, test } from 'node:test'
import { makeCa, selfsigned } from './helpers/certificates.mjs'
import {
  FLV_SIGNATURE,
  moderatorToken,
  OpenTokArchive,
  OpenTokSDK,
  rejectsWith,
  startEmulator,
} from './helpers/network.mjs'

const STRESS = process.env.OPENTOK_STRESS === '1'
/** Calls through one TLS-verifying SDK object, all in flight at once. */
const PARALLEL_CALLS = STRESS ? 2000 : 200

const SERVER_NAMES = [
  { type: 2, value: 'localhost' },
  { type: 7, ip: '127.0.0.1' },
]

/** A server certificate for `altNames`, signed by `ca` (self-signed without one). */
function makeLeaf({ ca, altNames = SERVER_NAMES, notBeforeDate, notAfterDate } = {}) {
  return selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...(ca && { ca: { key: ca.private, cert: ca.cert } }),
    ...(notBeforeDate && { notBeforeDate, notAfterDate }),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  })
}

const CERT_PROBLEM = /certificate/i
const days = (n) => new Date(Date.now() + n * 24 * 3600 * 1000)

let ca
let otherCa
let emu
let expected
before(async () => {
  ;[ca, otherCa] = await Promise.all([makeCa('opentok-native test CA'), makeCa('some other CA')])
  const leaf = await makeLeaf({ ca })
  emu = await startEmulator({ tls: { key: leaf.private, cert: leaf.cert } })
  expected = emu.addArchive({
    title: 'Over TLS',
    videos: [
      { length: 5, name: 'host' },
      { length: 6, name: 'guest' },
    ],
  })
})
after(() => emu?.close())

const sdkWith = (options) => new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: emu.url, timeout: 5000, ...options })
const token = () => moderatorToken(emu.apiKey, emu.apiSecret)
const track = () => {
  const start = emu.requests.length
  return () => emu.requests.slice(start)
}

/** GET over HTTPS with Node's own TLS, trusting `ca`: status, type and body. */
function httpsGet(url, caPem) {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca: caPem }, (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode, type: res.headers['content-type'], body: Buffer.concat(chunks) }),
        )
      })
      .on('error', reject)
  })
}

/** The three calls fail with OPENTOK_NETWORK naming a certificate problem, and no request reaches the server. */
async function refusedByTls(sdk, problem = CERT_PROBLEM) {
  const sent = track()
  const secrets = [emu.apiSecret]
  const errors = [
    await rejectsWith(
      sdk.createSession(),
      { call: 'createSession', code: 'OPENTOK_NETWORK', status: undefined },
      secrets,
    ),
    await rejectsWith(
      sdk.getArchiveManifest(expected.archiveId, token()),
      { call: 'getArchiveManifest', code: 'OPENTOK_NETWORK' },
      secrets,
    ),
    await rejectsWith(
      new OpenTokArchive(sdk, { archiveId: expected.archiveId, token: token(), apiUrl: emu.url }).downloadArchiveURL(
        expected.videos[0].id,
      ),
      { call: 'downloadArchiveURL', code: 'OPENTOK_NETWORK' },
      secrets,
    ),
  ]
  for (const err of errors) assert.match(err.message, problem)
  assert.deepEqual(sent(), [], 'no request got through the refused handshake')
  return errors
}

/** The three calls work over HTTPS, and the download URL is an https one of the emulator that serves the FLV. */
async function worksOverTls(sdk) {
  const sent = track()
  const sessionId = await sdk.createSession()
  assert.equal(sessionId, emu.sessions.at(-1).sessionId)
  const archive = await sdk.getArchiveManifest(expected.archiveId, token())
  assert.deepEqual(
    archive.resources.map((v) => v.getId()),
    expected.videos.map((v) => v.id),
  )
  const url = await archive.downloadArchiveURL(expected.videos[1].id)
  assert.equal(url, `${emu.url}/download/${expected.archiveId}/${expected.videos[1].id}.flv`)
  assert.ok(url.startsWith('https://127.0.0.1:'), url)
  assert.equal(sent().length, 3)
  return url
}

describe('the emulator over HTTPS', () => {
  test('startEmulator({ tls }) serves https:// with the same routes; the download URL serves the FLV', async () => {
    assert.match(emu.url, /^https:\/\/127\.0\.0\.1:\d+$/)
    const url = await worksOverTls(sdkWith({ ca: ca.cert }))
    const flv = await httpsGet(url, ca.cert)
    assert.equal(flv.status, 200)
    assert.equal(flv.type, 'video/x-flv')
    assert.equal(flv.body.subarray(0, 3).toString('latin1'), FLV_SIGNATURE)
  })

  test('a tls option without a key and cert is refused', async () => {
    for (const tls of [null, 'x', {}, { key: ca.private }, { cert: ca.cert }]) {
      await assert.rejects(startEmulator({ tls }), TypeError, JSON.stringify(tls))
    }
  })
})

describe('certificate verification', () => {
  test('by default (built-in roots only) the test CA is unknown: OPENTOK_NETWORK naming the certificate problem', async () => {
    const [err] = await refusedByTls(sdkWith({}))
    assert.match(err.message, /UnknownIssuer|unknown issuer/i)
    assert.ok(err.message.includes(emu.url), err.message)
  })

  test('options.ca as a PEM string: createSession, manifest and URL work', async () => {
    await worksOverTls(sdkWith({ ca: ca.cert }))
  })

  test('options.ca as a Buffer: the same', async () => {
    await worksOverTls(sdkWith({ ca: Buffer.from(ca.cert) }))
  })

  test('options.ca as a bundle (another CA first, then the test CA) works', async () => {
    await worksOverTls(sdkWith({ ca: `${otherCa.cert}\n${ca.cert}` }))
  })

  test('a bare host:port means HTTPS, and is verified the same way', async () => {
    const bare = emu.url.replace('https://', '')
    const sdk = sdkWith({ ca: ca.cert, apiUrl: bare })
    assert.equal(await sdk.createSession(), emu.sessions.at(-1).sessionId)
    await refusedByTls(sdkWith({ apiUrl: bare }))
  })

  test('the certificate names localhost too: https://localhost:PORT works with the CA', async () => {
    const sdk = sdkWith({ ca: ca.cert, apiUrl: emu.url.replace('127.0.0.1', 'localhost') })
    assert.equal(await sdk.createSession(), emu.sessions.at(-1).sessionId)
  })

  test('a different CA in options.ca is still refused', async () => {
    await refusedByTls(sdkWith({ ca: otherCa.cert }))
  })

  test('a self-signed leaf given as its own CA is trusted (rustls accepts a non-CA trust anchor)', async () => {
    const self = await makeLeaf()
    const own = await startEmulator({
      apiKey: emu.apiKey,
      apiSecret: emu.apiSecret,
      tls: { key: self.private, cert: self.cert },
    })
    try {
      const trusted = new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: own.url, ca: self.cert })
      assert.equal(await trusted.createSession(), own.sessions.at(-1).sessionId)
      const untrusted = new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: own.url, ca: ca.cert })
      await rejectsWith(untrusted.createSession(), { call: 'createSession', code: 'OPENTOK_NETWORK' })
      assert.equal(own.requests.length, 1)
    } finally {
      await own.close()
    }
  })

  describe('certificates the CA signed but that do not fit', () => {
    const cases = {
      'a certificate for another name only': {
        altNames: [{ type: 2, value: 'api.example.com' }],
        problem: /NotValidForName|not valid for/i,
      },
      'an expired certificate': { notBeforeDate: days(-30), notAfterDate: days(-1), problem: /Expired/i },
      'a certificate not yet valid': {
        notBeforeDate: days(10),
        notAfterDate: days(40),
        problem: /NotValidYet|not valid yet/i,
      },
    }
    for (const [label, { problem, ...leafOptions }] of Object.entries(cases)) {
      test(`${label}: refused even with the CA trusted`, async () => {
        const leaf = await makeLeaf({ ca, ...leafOptions })
        const bad = await startEmulator({
          apiKey: emu.apiKey,
          apiSecret: emu.apiSecret,
          tls: { key: leaf.private, cert: leaf.cert },
        })
        try {
          const sdk = new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: bad.url, ca: ca.cert })
          const err = await rejectsWith(sdk.createSession(), { call: 'createSession', code: 'OPENTOK_NETWORK' }, [
            emu.apiSecret,
          ])
          assert.match(err.message, CERT_PROBLEM)
          assert.match(err.message, problem)
          assert.deepEqual(bad.requests, [], 'nothing was sent')
        } finally {
          await bad.close()
        }
      })
    }
  })

  test(`${PARALLEL_CALLS} calls at once over TLS on one SDK object, each with its own result`, async (t) => {
    const sdk = sdkWith({ ca: ca.cert, timeout: 60_000 })
    const start = performance.now()
    const ids = await Promise.all(Array.from({ length: PARALLEL_CALLS }, () => sdk.createSession()))
    const ms = performance.now() - start
    assert.equal(new Set(ids).size, PARALLEL_CALLS)
    const known = new Set(emu.sessions.map((s) => s.sessionId))
    assert.ok(ids.every((id) => known.has(id)))
    t.diagnostic(`${PARALLEL_CALLS} createSession calls over TLS at once in ${ms.toFixed(0)} ms`)
  })
})

describe('options.ca that is not a certificate: TypeError ERR_INVALID_ARG_VALUE at construction', () => {
  const pemBlock = (base64) => `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`
  const malformed = {
    'an empty string': () => '',
    'an empty Buffer': () => Buffer.alloc(0),
    'text that is not PEM': () => 'not a certificate',
    'a PEM block whose body is not base64': () => pemBlock('not base64!!'),
    'a private key, no certificate': () => ca.private,
    'a public key, no certificate': () => ca.public,
    'a misspelt PEM label': () => ca.cert.replace(/CERTIFICATE/g, 'CERTIFICAT'),
  }
  for (const [label, make] of Object.entries(malformed)) {
    test(label, () => {
      assert.throws(
        () => new OpenTokSDK('123456', 'secret', { ca: make() }),
        (err) => {
          assert.ok(err instanceof TypeError, `a TypeError, got ${err}`)
          assert.equal(err.code, 'ERR_INVALID_ARG_VALUE', err.message)
          assert.match(err.message, /options\.ca/)
          return true
        },
      )
    })
  }

  test('wrong types: TypeError ERR_INVALID_ARG_TYPE', () => {
    for (const value of [42, true, {}, [42], [], () => 'pem']) {
      assert.throws(() => new OpenTokSDK('123456', 'secret', { ca: value }), {
        name: 'TypeError',
        code: 'ERR_INVALID_ARG_TYPE',
      })
    }
  })

  // Well-formed PEM armour around something that is not a certificate must
  // fail at construction, not at the first call.
  const undecodable = {
    'a PEM block of base64 that is not DER': () => pemBlock(Buffer.from('hello world, not DER').toString('base64')),
    'a certificate cut short': () =>
      ca.cert
        .split('\n')
        .filter((_, i) => i !== 2)
        .join('\n'),
  }
  for (const [label, make] of Object.entries(undecodable)) {
    test(label, () => {
      assert.throws(() => new OpenTokSDK('123456', 'secret', { ca: make() }), {
        name: 'TypeError',
        code: 'ERR_INVALID_ARG_VALUE',
      })
    })
  }
})
