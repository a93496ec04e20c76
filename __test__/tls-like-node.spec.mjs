// TLS trust as Node's https has it: each case runs Node's own https.request
// and opentok-native with the same certificates and the same `ca`, and both
// must agree (both connect, or both refuse). Certificates are made here.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import https from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import tls from 'node:tls'
import { makeCa, selfsigned } from './helpers/certificates.mjs'
import { OpenTokSDK, REPO_ROOT, startEmulator } from './helpers/network.mjs'

const IP_ONLY = [{ type: 7, ip: '127.0.0.1' }]

/**
 * A self-signed certificate as `openssl req -x509 -newkey rsa:2048 -nodes
 * -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1` makes it: marked
 * as a CA (OpenSSL's default for req -x509), the server's own name in its SAN.
 */
function selfSignedLikeOpenssl({ altNames = IP_ONLY, notBeforeDate, notAfterDate } = {}) {
  return selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...(notBeforeDate && { notBeforeDate, notAfterDate }),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames },
    ],
  })
}

function makeLeaf(ca) {
  return selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: IP_ONLY },
    ],
  })
}

/** Whether Node's https.request reaches `url` trusting `ca` (undefined: Node's defaults). */
function nodeConnects(url, ca) {
  return new Promise((resolve) => {
    const req = https.request(`${url}/`, { ca, agent: false }, (res) => {
      res.resume()
      resolve({ ok: true })
    })
    req.on('error', (err) => resolve({ ok: false, why: err.code ?? err.message }))
    req.end()
  })
}

/** Whether opentok-native reaches `emu` with `options`; a refusal must be OPENTOK_NETWORK. */
async function nativeConnects(emu, options) {
  try {
    await new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: emu.url, timeout: 5000, ...options }).createSession()
    return { ok: true }
  } catch (err) {
    assert.equal(err.code, 'OPENTOK_NETWORK', err.message)
    return { ok: false, why: err.message }
  }
}

const days = (n) => new Date(Date.now() + n * 86_400_000)

describe('TLS trust: opentok-native and Node https agree', () => {
  const servers = {}
  let ca
  let otherCa
  before(async () => {
    ;[ca, otherCa] = await Promise.all([makeCa('a test CA'), makeCa('another CA')])
    const certs = {
      opensslStyle: await selfSignedLikeOpenssl(),
      wrongName: await selfSignedLikeOpenssl({ altNames: [{ type: 2, value: 'example.com' }] }),
      expired: await selfSignedLikeOpenssl({ notBeforeDate: days(-30), notAfterDate: days(-1) }),
      caSigned: await makeLeaf(ca),
    }
    for (const [name, cert] of Object.entries(certs)) {
      servers[name] = { cert, emu: await startEmulator({ tls: { key: cert.private, cert: cert.cert } }) }
    }
  })
  after(() => Promise.all(Object.values(servers).map(({ emu }) => emu.close())))

  const cases = [
    ['a self-signed certificate made the openssl way, given as ca', 'opensslStyle', (s) => s.cert.cert, true],
    ['the same, as a Buffer', 'opensslStyle', (s) => Buffer.from(s.cert.cert), true],
    ['the same, in an array with another CA', 'opensslStyle', (s) => [otherCa.cert, s.cert.cert], true],
    ['a self-signed certificate for another host name', 'wrongName', (s) => s.cert.cert, false],
    ['an expired self-signed certificate', 'expired', (s) => s.cert.cert, false],
    ['a self-signed certificate, another one given as ca', 'opensslStyle', () => otherCa.cert, false],
    ['a self-signed certificate and no ca', 'opensslStyle', () => undefined, false],
    ['a certificate signed by the CA given as ca', 'caSigned', () => ca.cert, true],
    ['a certificate signed by a CA, another CA given', 'caSigned', () => otherCa.cert, false],
  ]
  for (const [name, server, caOf, expected] of cases) {
    test(name, async () => {
      const { emu, ...rest } = servers[server]
      const trust = caOf(rest)
      const node = await nodeConnects(emu.url, trust)
      const native = await nativeConnects(emu, trust === undefined ? {} : { ca: trust })
      assert.equal(node.ok, expected, `Node: ${node.why}`)
      assert.equal(native.ok, expected, `opentok-native: ${native.why}`)
    })
  }
})

/** Runs `script` (ESM) in a child Node with `env`, and returns what it printed as JSON. */
function inChild(script, env) {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })
  assert.equal(child.status, 0, child.stderr)
  return JSON.parse(child.stdout.trim().split('\n').at(-1))
}

const CHILD = (caOption) => `
  import https from 'node:https'
  import { createRequire } from 'node:module'
  const require = createRequire(process.cwd() + '/package.json')
  const { OpenTokSDK } = require('./index.js')
  const { startEmulator } = require('./emulator/index.js')
  const { readFileSync } = require('node:fs')
  const emu = await startEmulator({ tls: { key: readFileSync(process.env.T_KEY), cert: readFileSync(process.env.T_CERT) } })
  const ca = ${caOption}
  const node = await new Promise((resolve) => {
    const req = https.request(emu.url + '/', { agent: false, ...(ca && { ca }) }, (res) => { res.resume(); resolve(true) })
    req.on('error', () => resolve(false))
    req.end()
  })
  const native = await new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: emu.url, ...(ca && { ca }) })
    .createSession().then(() => true, (err) => err.code === 'OPENTOK_NETWORK' ? false : String(err))
  await emu.close()
  console.log(JSON.stringify({ node, native }))
`

describe("Node's own trust settings", () => {
  let dir
  let files
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opentok-native-tls-'))
    const cert = await selfSignedLikeOpenssl()
    const other = await makeCa('unrelated')
    files = { key: join(dir, 'key.pem'), cert: join(dir, 'cert.pem'), other: join(dir, 'other.pem') }
    writeFileSync(files.key, cert.private)
    writeFileSync(files.cert, cert.cert)
    writeFileSync(files.other, other.cert)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const base = () => ({ T_KEY: files.key, T_CERT: files.cert })

  test('NODE_EXTRA_CA_CERTS is added to the roots', () => {
    const result = inChild(CHILD('undefined'), { ...base(), NODE_EXTRA_CA_CERTS: files.cert })
    assert.deepEqual(result, { node: true, native: true })
  })

  test('without it, the same server is refused by both', () => {
    const result = inChild(CHILD('undefined'), { ...base(), NODE_EXTRA_CA_CERTS: files.other })
    assert.deepEqual(result, { node: false, native: false })
  })

  test('an explicit ca replaces the roots NODE_EXTRA_CA_CERTS added, as in Node', () => {
    const ca = `readFileSync(${JSON.stringify(files.other)}, 'utf8')`
    const result = inChild(CHILD(ca), { ...base(), NODE_EXTRA_CA_CERTS: files.cert })
    assert.deepEqual(result, { node: false, native: false })
  })

  const systemCa =
    typeof tls.getCACertificates === 'function' && process.allowedNodeEnvironmentFlags.has('--use-system-ca')
  test('NODE_USE_SYSTEM_CA=1 uses the system store (SSL_CERT_FILE here)', {
    skip: !systemCa && `Node ${process.version} has no --use-system-ca (Node 22.19+ and 24.6+ have it)`,
  }, () => {
    const env = { ...base(), NODE_EXTRA_CA_CERTS: '', SSL_CERT_FILE: files.cert, SSL_CERT_DIR: dir }
    assert.deepEqual(inChild(CHILD('undefined'), { ...env, NODE_USE_SYSTEM_CA: '1' }), { node: true, native: true })
    assert.deepEqual(inChild(CHILD('undefined'), env), { node: false, native: false })
  })
})
