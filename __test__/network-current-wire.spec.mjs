// Today's wire (the default of an SDK object): the exact createSession
// request (POST /session/create, an X-OPENTOK-AUTH HS256 JWT checked here with
// node:crypto, Accept: application/json, the form), the JSON and XML answers,
// every error document and status, every refusal of the emulator's JWT check
// as OPENTOK_AUTH, and the clock-skew correction; and `protocol: 'legacy'`,
// which sends exactly the 0.3.x request.

import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { isolatedEnv } from './helpers/hardening.mjs'
import { restJwt, signJwt } from './helpers/jwt.mjs'
import {
  decodeSessionId,
  OpenTokSDK,
  rejectsWith,
  runNode,
  sessionsXml,
  startEmulator,
  USER_AGENT,
  useEmulator,
  withRecorder,
} from './helpers/network.mjs'

const ctx = useEmulator()
const FORM = 'application/x-www-form-urlencoded'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const nowS = () => Date.now() / 1000

/** Checks an X-OPENTOK-AUTH value independently of the product: HS256 with `secret`; returns its claims. */
function verifiedClaims(jwt, secret) {
  assert.equal(typeof jwt, 'string', 'an X-OPENTOK-AUTH header')
  const parts = jwt.split('.')
  assert.equal(parts.length, 3, jwt)
  const [header, claims, signature] = parts
  assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url')), { alg: 'HS256', typ: 'JWT' })
  const expected = createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url')
  assert.equal(signature, expected, 'HS256 of the first two parts with the API secret')
  return JSON.parse(Buffer.from(claims, 'base64url'))
}

/** The claims of a JWT, unchecked. */
const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url'))

describe("today's wire: the createSession request", () => {
  test('POST /session/create with X-OPENTOK-AUTH, Accept: application/json, a form and the User-Agent; no partner credentials', async () => {
    const sent = ctx.track()
    const before = Math.floor(nowS())
    const sessionId = await ctx.sdk().createSession()
    const [request] = sent()
    assert.equal(request.method, 'POST')
    assert.equal(request.path, '/session/create')
    assert.equal(request.headers.accept, 'application/json')
    assert.equal(request.headers['content-type'], FORM)
    assert.equal(request.headers['user-agent'], USER_AGENT)
    assert.equal(request.headers['x-tb-partner-auth'], undefined)
    assert.equal(request.headers['x-tb-token-auth'], undefined)
    assert.equal(request.body, '')
    const claims = verifiedClaims(request.headers['x-opentok-auth'], ctx.emu.apiSecret)
    assert.deepEqual(Object.keys(claims).sort(), ['exp', 'iat', 'iss', 'ist', 'jti'])
    assert.equal(claims.iss, ctx.emu.apiKey)
    assert.equal(claims.ist, 'project')
    assert.ok(Number.isInteger(claims.iat), `iat in whole seconds: ${claims.iat}`)
    assert.ok(claims.iat >= before && claims.iat <= Math.ceil(nowS()), `iat ${claims.iat} is now`)
    assert.equal(claims.exp, claims.iat + 300)
    assert.match(claims.jti, UUID)
    assert.match(sessionId, /^2_/)
    assert.equal(ctx.emu.sessions.at(-1).wire, 'current')
  })

  test('a fresh JWT for each request: a distinct jti each time, signed by each SDK object with its own secret', async () => {
    ctx.emu.addCredentials('24681357', 'second-project-secret')
    const other = new OpenTokSDK('24681357', 'second-project-secret', { apiUrl: ctx.emu.url })
    const sdk = ctx.sdk()
    const sent = ctx.track()
    await Promise.all([sdk.createSession(), sdk.createSession(), other.createSession(), sdk.createSession()])
    const requests = sent()
    assert.equal(requests.length, 4)
    const jwts = requests.map((r) => r.headers['x-opentok-auth'])
    assert.equal(new Set(jwts).size, 4, 'no JWT is reused')
    assert.equal(new Set(jwts.map((jwt) => claimsOf(jwt).jti)).size, 4, 'no jti is reused')
    const byKey = jwts.map((jwt) => claimsOf(jwt).iss).sort()
    assert.deepEqual(byKey, ['24681357', ctx.emu.apiKey, ctx.emu.apiKey, ctx.emu.apiKey].sort())
    for (const jwt of jwts) {
      const secret = claimsOf(jwt).iss === '24681357' ? 'second-project-secret' : ctx.emu.apiSecret
      verifiedClaims(jwt, secret)
    }
  })

  const BODIES = [
    { args: [], body: '' },
    { args: ['10.1.2.3'], body: 'location=10.1.2.3' },
    { args: ['localhost'], body: '', why: 'a location that is not IPv4 is left out' },
    { args: ['example.com', { a: 'b' }], body: 'a=b', why: 'a host name is left out' },
    { args: ['::1'], body: '', why: 'IPv6 is left out' },
    { args: ['10.0.0.256'], body: '', why: 'not an IPv4 address' },
    { args: [{ mediaMode: 'relayed' }], body: 'p2p.preference=enabled' },
    { args: [{ mediaMode: 'routed' }], body: 'p2p.preference=disabled' },
    {
      args: ['10.0.0.1', { mediaMode: 'routed', archiveMode: 'always' }],
      body: 'location=10.0.0.1&p2p.preference=disabled&archiveMode=always',
    },
    {
      args: [null, { 'p2p.preference': 'disabled', e2ee: true, archiveName: 'x y' }],
      body: 'p2p.preference=disabled&e2ee=true&archiveName=x%20y',
    },
  ]
  for (const { args, body, why } of BODIES) {
    test(`createSession(${args.map((a) => JSON.stringify(a)).join(', ')}) sends ${JSON.stringify(body)}${why ? ` (${why})` : ''}`, async () => {
      const sent = ctx.track()
      const sessionId = await ctx.sdk().createSession(...args)
      const [request] = sent()
      assert.equal(request.body, body)
      assert.ok(!request.body.includes('partner_id'))
      const location = new URLSearchParams(body).get('location')
      assert.equal(decodeSessionId(sessionId)[2], location ?? '')
    })
  }

  test('mediaMode and archiveMode reach the service as it reads them', async () => {
    await ctx.sdk().createSession({ mediaMode: 'routed', archiveMode: 'always' })
    const recorded = ctx.emu.sessions.at(-1)
    assert.deepEqual([recorded.mediaMode, recorded.archiveMode], ['routed', 'always'])
  })
})

describe("protocol: 'legacy' sends exactly the 0.3.x request", () => {
  for (const [args, body] of [
    [[], (key) => `partner_id=${key}`],
    [['localhost'], (key) => `partner_id=${key}`],
    [
      ['10.1.2.3', { 'p2p.preference': 'enabled' }],
      (key) => `partner_id=${key}&location=10.1.2.3&p2p.preference=enabled`,
    ],
  ]) {
    test(`createSession(${args.map((a) => JSON.stringify(a)).join(', ')})`, async () => {
      const sent = ctx.track()
      await ctx.sdk({ protocol: 'legacy' }).createSession(...args)
      const [request] = sent()
      assert.equal(request.method, 'POST')
      assert.equal(request.path, '/hl/session/create')
      assert.equal(request.body, body(ctx.emu.apiKey))
      assert.equal(request.headers['x-tb-partner-auth'], `${ctx.emu.apiKey}:${ctx.emu.apiSecret}`)
      assert.equal(request.headers['content-type'], FORM)
      assert.equal(request.headers['user-agent'], USER_AGENT)
      assert.equal(request.headers['x-opentok-auth'], undefined)
      assert.equal(ctx.emu.sessions.at(-1).wire, 'legacy')
    })
  }
})

describe("today's wire: answers", () => {
  test('the JSON array answer gives its session_id', async () => {
    const answer = [
      {
        session_id: '2_fromjson',
        project_id: '123456',
        partner_id: '123456',
        create_dt: 'x',
        media_server_url: '',
      },
    ]
    await withRecorder(
      (req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer)),
      async (server) => {
        const sdk = new OpenTokSDK('123456', 'json-secret', { apiUrl: server.url })
        assert.equal(await sdk.createSession(), '2_fromjson')
        assert.equal(sdk.sessionId, '2_fromjson')
        assert.equal(server.requests[0].path, '/session/create')
      },
    )
  })

  test('the sessions XML answer gives its session_id', async () => {
    await withRecorder(
      (req, res) => res.writeHead(200, { 'Content-Type': 'text/xml' }).end(sessionsXml('2_fromxml')),
      async (server) => {
        const sdk = new OpenTokSDK('123456', 'xml-secret', { apiUrl: server.url })
        assert.equal(await sdk.createSession(), '2_fromxml')
      },
    )
  })

  test('the emulator answers XML to a client that does not ask for JSON, and the SDK asks for JSON', async () => {
    const sent = ctx.track()
    await ctx.sdk().createSession()
    assert.equal(sent()[0].headers.accept, 'application/json')
  })

  for (const [label, body] of [
    ['an empty JSON array', '[]'],
    ['a JSON array without session_id', '[{"project_id":"1"}]'],
    ['a JSON object', '{"session_id":"2_x"}'],
  ]) {
    test(`${label} is OPENTOK_BAD_RESPONSE`, async () => {
      await withRecorder(
        (req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body),
        async (server) => {
          await rejectsWith(new OpenTokSDK('123456', 'bad-answer-secret', { apiUrl: server.url }).createSession(), {
            call: 'createSession',
            code: 'OPENTOK_BAD_RESPONSE',
          })
        },
      )
    })
  }
})

describe("today's wire: error documents and statuses", () => {
  const DOCUMENTS = [
    {
      name: 'JSON {code, message, description}, numeric code',
      status: 403,
      type: 'application/json',
      body: '{"code":-1,"message":"Invalid signature","description":"Signed with another secret."}',
      expect: { code: 'OPENTOK_AUTH', serverCode: '-1', serverMessage: 'Invalid signature' },
    },
    {
      name: 'JSON with a string code',
      status: 400,
      type: 'application/json; charset=utf-8',
      body: '{"code":"1004","message":"Bad location","description":"..."}',
      expect: { code: 'OPENTOK_REQUEST', serverCode: '1004', serverMessage: 'Bad location' },
    },
    {
      name: 'errorPayload XML',
      status: 409,
      type: 'text/xml',
      body: '<errorPayload><code>1004</code><message>Session conflict</message></errorPayload>',
      expect: { code: 'OPENTOK_REQUEST', serverCode: '1004', serverMessage: 'Session conflict' },
    },
    {
      name: 'the legacy Errors document with its HTTP status',
      status: 403,
      type: 'text/xml',
      body: '<Errors><error code="403"><forbidden message="Invalid partner credentials"/></error></Errors>',
      expect: { code: 'OPENTOK_AUTH', serverCode: '403', serverMessage: 'Invalid partner credentials' },
    },
    {
      name: 'the legacy Errors document with HTTP 200',
      status: 200,
      type: 'text/xml',
      body: '<Errors><error code="404"><notFound message="No such thing"/></error></Errors>',
      expect: { code: 'OPENTOK_NOT_FOUND', serverCode: '404', serverMessage: 'No such thing' },
    },
  ]
  for (const doc of DOCUMENTS) {
    test(`${doc.name}: HTTP ${doc.status} → ${doc.expect.code}`, async () => {
      await withRecorder(
        (req, res) => res.writeHead(doc.status, { 'Content-Type': doc.type }).end(doc.body),
        async (server) => {
          const err = await rejectsWith(
            new OpenTokSDK('123456', 'document-secret', { apiUrl: server.url }).createSession(),
            { call: 'createSession', status: doc.status, ...doc.expect },
            ['document-secret'],
          )
          assert.ok(err.message.includes(doc.expect.serverMessage), err.message)
          assert.equal(server.requests.length, 1, 'sent once: the Date header agrees with the local clock')
        },
      )
    })
  }

  const STATUSES = [
    [400, 'OPENTOK_REQUEST'],
    [405, 'OPENTOK_REQUEST'],
    [409, 'OPENTOK_REQUEST'],
    [413, 'OPENTOK_REQUEST'],
    [401, 'OPENTOK_AUTH'],
    [403, 'OPENTOK_AUTH'],
    [404, 'OPENTOK_NOT_FOUND'],
    [408, 'OPENTOK_SERVER'],
    [429, 'OPENTOK_SERVER'],
    [500, 'OPENTOK_SERVER'],
    [502, 'OPENTOK_SERVER'],
    [503, 'OPENTOK_SERVER'],
  ]
  for (const [status, code] of STATUSES) {
    test(`HTTP ${status} without a body → ${code}`, async () => {
      await withRecorder(
        (req, res) => res.writeHead(status).end(),
        async (server) => {
          await rejectsWith(new OpenTokSDK('123456', 'status-secret', { apiUrl: server.url }).createSession(), {
            call: 'createSession',
            code,
            status,
            serverCode: undefined,
            serverMessage: undefined,
          })
          assert.equal(server.requests.length, 1)
        },
      )
    })
  }
})

describe("every refusal of the emulator's JWT check is OPENTOK_AUTH with its message", () => {
  test('a wrong secret: 403 Invalid signature', async () => {
    const sdk = new OpenTokSDK(ctx.emu.apiKey, 'a-wrong-secret-000', { apiUrl: ctx.emu.url })
    await rejectsWith(
      sdk.createSession(),
      { call: 'createSession', code: 'OPENTOK_AUTH', status: 403, serverMessage: 'Invalid signature' },
      ['a-wrong-secret-000', ctx.emu.apiSecret],
    )
  })

  test('an unregistered key: 403 Unknown issuer', async () => {
    const sdk = new OpenTokSDK('13572468', 'unregistered-secret', { apiUrl: ctx.emu.url })
    await rejectsWith(
      sdk.createSession(),
      { call: 'createSession', code: 'OPENTOK_AUTH', status: 403, serverMessage: 'Unknown issuer' },
      ['unregistered-secret'],
    )
  })

  // Every other reason, made to reach the emulator: a relay forwards the SDK's
  // request with a hand-made X-OPENTOK-AUTH and hands the emulator's answer back.
  const key = () => ctx.emu.apiKey
  const secret = () => ctx.emu.apiSecret
  const now = () => Math.floor(nowS())
  const REASONS = [
    ['no header', () => null, 401, 'Missing X-OPENTOK-AUTH header'],
    ['not a JWT', () => 'not-a-jwt', 401, 'Invalid token format'],
    [
      'alg none',
      () => restJwt(key(), secret(), {}, { header: { alg: 'none', typ: 'JWT' }, signature: '' }),
      403,
      'Invalid token algorithm: only HS256 is accepted',
    ],
    ['an object iss', () => restJwt(key(), secret(), { iss: { key: key() } }), 403, 'Invalid issuer format'],
    ['an unknown iss', () => restJwt('11110000', secret()), 403, 'Unknown issuer'],
    ['a wrong signature', () => restJwt(key(), 'not-the-secret'), 403, 'Invalid signature'],
    ['ist account', () => restJwt(key(), secret(), { ist: 'account' }), 403, 'Invalid issuer type'],
    ['a string iat', () => restJwt(key(), secret(), { iat: 'now' }), 403, 'Invalid issued time'],
    [
      'an iat a minute ahead',
      () => restJwt(key(), secret(), { iat: now() + 60, exp: now() + 360 }),
      403,
      'issued time cannot be greater than current time',
    ],
    ['a string exp', () => restJwt(key(), secret(), { exp: 'later' }), 403, 'Invalid expiration time'],
    ['an exp past', () => restJwt(key(), secret(), { iat: now() - 400, exp: now() - 100 }), 403, 'token expired'],
    [
      'a lifetime over 5 minutes',
      () => restJwt(key(), secret(), { exp: now() + 301 }),
      403,
      'expiration time cannot be more than 5 minutes after issued time',
    ],
  ]
  for (const [name, jwt, status, message] of REASONS) {
    test(`${name}: ${status} ${message}`, async () => {
      const relay = async (req, res, body) => {
        const headers = { 'content-type': req.headers['content-type'], accept: req.headers.accept }
        const auth = jwt()
        if (auth !== null) headers['x-opentok-auth'] = auth
        const answer = await fetch(`${ctx.emu.url}${req.url}`, { method: req.method, headers, body })
        res
          .writeHead(answer.status, {
            'Content-Type': answer.headers.get('content-type'),
            Date: answer.headers.get('date'),
          })
          .end(await answer.text())
      }
      await withRecorder(relay, async (server) => {
        await rejectsWith(
          new OpenTokSDK(ctx.emu.apiKey, ctx.emu.apiSecret, { apiUrl: server.url }).createSession(),
          { call: 'createSession', code: 'OPENTOK_AUTH', status, serverCode: String(status), serverMessage: message },
          [ctx.emu.apiSecret],
        )
        assert.equal(server.requests.length, 1, "the emulator's clock agrees with ours: sent once")
      })
    })
  }

  test('the relay does pass a good JWT (the checks above can fail)', async () => {
    const relay = async (req, res, body) => {
      const headers = {
        'content-type': req.headers['content-type'],
        accept: req.headers.accept,
        'x-opentok-auth': signJwt(
          { iss: ctx.emu.apiKey, ist: 'project', iat: Math.floor(nowS()), exp: Math.floor(nowS()) + 300 },
          ctx.emu.apiSecret,
        ),
      }
      const answer = await fetch(`${ctx.emu.url}${req.url}`, { method: req.method, headers, body })
      res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') }).end(await answer.text())
    }
    await withRecorder(relay, async (server) => {
      const sdk = new OpenTokSDK(ctx.emu.apiKey, ctx.emu.apiSecret, { apiUrl: server.url })
      assert.match(await sdk.createSession(), /^2_/)
    })
  })
})

describe('clock skew', () => {
  let skewed
  before(async () => {
    skewed = await startEmulator({ clockSkewMs: -60_000 })
  })
  after(() => skewed?.close())

  test('an emulator 60 s behind: refused once (iat in its future), sent again on its time, then one request per call', async () => {
    const sdk = new OpenTokSDK(skewed.apiKey, skewed.apiSecret, { apiUrl: skewed.url })
    const start = skewed.requests.length
    const sessionId = await sdk.createSession()
    assert.match(sessionId, /^2_/)
    const [first, second] = skewed.requests.slice(start)
    assert.equal(skewed.requests.length - start, 2, 'two requests: the refused one and the one sent again')
    const firstClaims = verifiedClaims(first.headers['x-opentok-auth'], skewed.apiSecret)
    const secondClaims = verifiedClaims(second.headers['x-opentok-auth'], skewed.apiSecret)
    assert.ok(Math.abs(firstClaims.iat - nowS()) <= 2, `the first iat is the local time: ${firstClaims.iat}`)
    assert.ok(Math.abs(secondClaims.iat - (nowS() - 60)) <= 3, `the second iat is the emulator's: ${secondClaims.iat}`)
    assert.equal(secondClaims.exp, secondClaims.iat + 300)
    assert.notEqual(firstClaims.jti, secondClaims.jti)
    assert.equal(second.body, first.body)
    // The first JWT is refused by the emulator as 'issued time cannot be greater than current time'.
    const replay = await fetch(`${skewed.url}/session/create`, {
      method: 'POST',
      headers: { 'X-OPENTOK-AUTH': first.headers['x-opentok-auth'], Accept: 'application/json' },
    })
    assert.equal(replay.status, 403)
    assert.equal((await replay.json()).message, 'issued time cannot be greater than current time')

    const next = skewed.requests.length
    await sdk.createSession()
    assert.equal(skewed.requests.length - next, 1, 'the offset is kept: the next call needs one request')
    // Each SDK object learns its own offset.
    const fresh = skewed.requests.length
    await new OpenTokSDK(skewed.apiKey, skewed.apiSecret, { apiUrl: skewed.url }).createSession()
    assert.equal(skewed.requests.length - fresh, 2)
  })

  test("an emulator 400 s ahead: the JWT is refused as expired, then sent again on the emulator's time", async () => {
    const ahead = await startEmulator({ clockSkewMs: 400_000 })
    try {
      const sdk = new OpenTokSDK(ahead.apiKey, ahead.apiSecret, { apiUrl: ahead.url })
      assert.match(await sdk.createSession(), /^2_/)
      assert.equal(ahead.requests.length, 2)
      const iat = claimsOf(ahead.requests[1].headers['x-opentok-auth']).iat
      assert.ok(Math.abs(iat - (nowS() + 400)) <= 3, `iat ${iat} on the emulator's time`)
    } finally {
      await ahead.close()
    }
  })

  test('NODE_DEBUG=opentok says the call was sent again with the clock corrected, and only that call', async () => {
    const source = `
      const { OpenTokSDK } = require('./index.js');
      const { EMU_URL, EMU_KEY, EMU_SECRET } = process.env;
      const sdk = new OpenTokSDK(EMU_KEY, EMU_SECRET, { apiUrl: EMU_URL });
      sdk.createSession().then(() => sdk.createSession()).then(() => console.log('done'));`
    const result = await runNode(source, {
      env: isolatedEnv({
        NODE_DEBUG: 'opentok',
        EMU_URL: skewed.url,
        EMU_KEY: skewed.apiKey,
        EMU_SECRET: skewed.apiSecret,
      }),
    })
    assert.equal(result.code, 0, result.stderr)
    const lines = result.stderr.split('\n').filter((line) => /^OPENTOK \d+:/.test(line))
    assert.equal(lines.length, 2, result.stderr)
    assert.match(
      lines[0],
      /^OPENTOK \d+: POST \/session\/create 200 \d+\.\d ms \(sent again with the clock corrected\)$/,
    )
    assert.match(lines[1], /^OPENTOK \d+: POST \/session\/create 200 \d+\.\d ms$/)
  })

  test('a server that always refuses with a Date 60 s behind: sent twice, then OPENTOK_AUTH with its message', async () => {
    const refuse = (req, res) =>
      res
        .writeHead(403, {
          'Content-Type': 'application/json',
          Date: new Date(Date.now() - 60_000).toUTCString(),
        })
        .end('{"code":403,"message":"issued time cannot be greater than current time","description":"..."}')
    await withRecorder(refuse, async (server) => {
      await rejectsWith(
        new OpenTokSDK('123456', 'always-refused-secret', { apiUrl: server.url }).createSession(),
        {
          call: 'createSession',
          code: 'OPENTOK_AUTH',
          status: 403,
          serverMessage: 'issued time cannot be greater than current time',
        },
        ['always-refused-secret'],
      )
      assert.equal(server.requests.length, 2, 'sent once more, not more')
      const [first, second] = server.requests.map((r) => claimsOf(r.headers['x-opentok-auth']).iat)
      assert.ok(first - second >= 58 && first - second <= 62, `corrected by the Date header: ${first} → ${second}`)
    })
  })

  for (const [label, headers] of [
    ['no Date header', {}],
    ['a Date within 2 s', null],
  ]) {
    test(`a 401 with ${label}: no retry`, async () => {
      const refuse = (req, res) => {
        if (headers) res.sendDate = false
        res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"code":401,"message":"nope"}')
      }
      await withRecorder(refuse, async (server) => {
        await rejectsWith(new OpenTokSDK('123456', 'no-date-secret', { apiUrl: server.url }).createSession(), {
          call: 'createSession',
          code: 'OPENTOK_AUTH',
          status: 401,
          serverMessage: 'nope',
        })
        assert.equal(server.requests.length, 1)
      })
    })
  }

  test("protocol 'legacy' never retries: the 0.3.x request carries no time", async () => {
    const sent = skewed.requests.length
    const sdk = new OpenTokSDK(skewed.apiKey, skewed.apiSecret, { apiUrl: skewed.url, protocol: 'legacy' })
    assert.match(await sdk.createSession(), /^1_/)
    assert.equal(skewed.requests.length - sent, 1)
  })
})
