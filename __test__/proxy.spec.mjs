// Proxies: HTTPS_PROXY / HTTP_PROXY with credentials, NO_PROXY, and
// options.proxy over them, through a proxy started here on 127.0.0.1 that
// checks the credentials (CONNECT for https targets, absolute-form requests
// for http ones). The proxy credentials never show in an error.
import assert from 'node:assert/strict'
import http from 'node:http'
import net from 'node:net'
import { after, afterEach, before, describe, test } from 'node:test'
import { inspect } from 'node:util'
import { OpenTokSDK, startEmulator } from './helpers/network.mjs'
import { requireFromRepo } from './helpers/token.mjs'

const selfsigned = requireFromRepo('selfsigned')
const USER = 'proxy-user'
const PASSWORD = 'p@ss:w0rd'
const PROXY_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'ALL_PROXY',
  'all_proxy',
  'NO_PROXY',
  'no_proxy',
]

/** A forward and CONNECT proxy that wants `Proxy-Authorization: Basic USER:PASSWORD`. */
async function startProxy() {
  const seen = []
  const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
  const server = http.createServer((req, res) => {
    seen.push({ kind: 'forward', target: req.url, auth: req.headers['proxy-authorization'] })
    if (req.headers['proxy-authorization'] !== expected) return res.writeHead(407).end()
    const target = new URL(req.url)
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers)
        answer.pipe(res)
      },
    )
    req.pipe(upstream)
  })
  server.on('connect', (req, socket, head) => {
    seen.push({ kind: 'connect', target: req.url, auth: req.headers['proxy-authorization'] })
    if (req.headers['proxy-authorization'] !== expected) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const [host, port] = req.url.split(':')
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(socket).pipe(upstream)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const sockets = new Set()
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  const { port } = server.address()
  return {
    port,
    seen,
    url: (user = USER, password = PASSWORD) =>
      `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(resolve)
      }),
  }
}

/** Runs `fn` with the proxy variables set to `env` (and the others unset), then restores them. */
async function withEnv(env, fn) {
  const saved = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]))
  for (const name of PROXY_VARIABLES) delete process.env[name]
  Object.assign(process.env, env)
  try {
    return await fn()
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

function assertNoCredentials(text) {
  for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), USER]) {
    assert.ok(!text.includes(secret), `a proxy credential shows in: ${text}`)
  }
}

describe('proxies', () => {
  let proxy
  let plain
  let secure
  let ca
  before(async () => {
    proxy = await startProxy()
    plain = await startEmulator()
    ca = await selfsigned.generate([{ name: 'commonName', value: 'proxy test CA' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ],
    })
    secure = await startEmulator({ tls: { key: ca.private, cert: ca.cert } })
  })
  afterEach(() => {
    proxy.seen.length = 0
  })
  after(() => Promise.all([proxy?.close(), plain?.close(), secure?.close()]))

  const sdkFor = (emu, options = {}) =>
    new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: emu.url, ca: emu === secure ? ca.cert : undefined, ...options })

  test('HTTPS_PROXY with credentials: an https call goes through a CONNECT tunnel that carries them', async () => {
    await withEnv({ HTTPS_PROXY: proxy.url() }, () => sdkFor(secure).createSession())
    const { port } = new URL(secure.url)
    assert.deepEqual(proxy.seen, [
      {
        kind: 'connect',
        target: `127.0.0.1:${port}`,
        auth: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`,
      },
    ])
  })

  test('lower-case https_proxy works the same', async () => {
    await withEnv({ https_proxy: proxy.url() }, () => sdkFor(secure).createSession())
    assert.equal(proxy.seen[0]?.kind, 'connect')
  })

  test('HTTP_PROXY: an http call is forwarded in absolute form with the credentials', async () => {
    await withEnv({ HTTP_PROXY: proxy.url() }, () => sdkFor(plain).createSession())
    assert.equal(proxy.seen.length, 1)
    assert.equal(proxy.seen[0].kind, 'forward')
    assert.equal(proxy.seen[0].target, `${plain.url}/session/create`)
  })

  test('NO_PROXY sends the call direct', async () => {
    await withEnv({ HTTPS_PROXY: proxy.url(), NO_PROXY: '127.0.0.1' }, () => sdkFor(secure).createSession())
    assert.deepEqual(proxy.seen, [])
  })

  test('options.proxy overrides the environment', async () => {
    const closed = 'http://127.0.0.1:1'
    await withEnv({ HTTPS_PROXY: closed, HTTP_PROXY: closed, NO_PROXY: '127.0.0.1' }, () =>
      sdkFor(secure, { proxy: proxy.url() }).createSession(),
    )
    assert.equal(proxy.seen.length, 1, 'through options.proxy despite NO_PROXY and the dead HTTPS_PROXY')
  })

  test('wrong credentials: OPENTOK_NETWORK, and no credential in the error or the inspected SDK', async () => {
    for (const [env, options] of [
      [{ HTTPS_PROXY: proxy.url(USER, 'wrong') }, {}],
      [{}, { proxy: proxy.url(USER, 'wrong') }],
      [{ HTTPS_PROXY: proxy.url() }, {}],
    ]) {
      // The last case sends the right credentials to a proxy that refuses the tunnel's target.
      const target = env.HTTPS_PROXY === proxy.url() ? { ...secure, url: 'https://127.0.0.1:1' } : secure
      const sdk = sdkFor(target, options)
      const err = await withEnv(env, () =>
        sdk.createSession().then(
          () => assert.fail('the call went through'),
          (e) => e,
        ),
      )
      assert.equal(err.code, 'OPENTOK_NETWORK', err.message)
      assertNoCredentials(err.message)
      assertNoCredentials(inspect(err, { showHidden: true, depth: 5 }))
      assertNoCredentials(inspect(sdk, { showHidden: true, depth: 5 }))
      assertNoCredentials(JSON.stringify(sdk))
    }
  })

  test('a proxy that is not an http(s) URL is refused at construction', () => {
    for (const bad of ['127.0.0.1:3128', 'socks5://127.0.0.1:1080', '']) {
      assert.throws(() => sdkFor(plain, { proxy: bad }), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' }, bad)
    }
    assert.throws(() => sdkFor(plain, { proxy: 3128 }), { code: 'ERR_INVALID_ARG_TYPE' })
  })
})
