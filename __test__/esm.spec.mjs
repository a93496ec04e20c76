// The ESM entry (index.mjs), imported by package name as an app would: named
// and default imports give the very objects require() gives, and they work.

import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import * as namespace from 'opentok-native'
import opentok, {
  OpenTokArchive,
  OpenTokArchiveVideoResource,
  OpenTokError,
  OpenTokSDK,
  RoleConstants,
} from 'opentok-native'
import { startEmulator } from 'opentok-native/emulator'

const require = createRequire(import.meta.url)
const cjs = require('opentok-native')

test('the package name resolves to index.mjs for import and index.js for require', () => {
  assert.match(import.meta.resolve('opentok-native'), /\/index\.mjs$/)
  assert.match(require.resolve('opentok-native'), /\/index\.js$/)
  assert.match(import.meta.resolve('opentok-native/emulator'), /\/emulator\/index\.js$/)
})

test('named imports are the objects require() gives', () => {
  assert.equal(OpenTokSDK, cjs.OpenTokSDK)
  assert.equal(RoleConstants, cjs.RoleConstants)
  assert.equal(OpenTokError, cjs.OpenTokError)
  assert.equal(OpenTokArchive, cjs.OpenTokArchive)
  assert.equal(OpenTokArchiveVideoResource, cjs.OpenTokArchiveVideoResource)
})

test('the default import is module.exports itself', () => {
  assert.equal(opentok, cjs)
  assert.equal(opentok.OpenTokSDK, OpenTokSDK)
})

test('the ESM entry exports exactly the CommonJS names, plus default', () => {
  assert.deepEqual(Object.keys(namespace).sort(), [...Object.keys(cjs), 'default'].sort())
  assert.equal(namespace.default, cjs)
})

test('a token made through the ESM import verifies, and decodes to its options', () => {
  const sdk = new OpenTokSDK('12345678', 'esm-secret')
  const sessionId = `1_${Buffer.from('1~12345678~~2012-05-16 23:22:34.874487+00:00~0.5~').toString('base64url')}`
  const token = sdk.generateToken({ session_id: sessionId, role: RoleConstants.MODERATOR, connection_data: 'esm' })
  assert.equal(sdk.verifyToken(token), true)
  assert.equal(opentok.OpenTokSDK('12345678', 'another-secret').verifyToken(token), false)
  const decoded = OpenTokSDK.decodeToken(token)
  assert.equal(decoded.partnerId, '12345678')
  assert.equal(decoded.sessionId, sessionId)
  assert.equal(decoded.role, 'moderator')
  assert.equal(decoded.connectionData, 'esm')
})

test('opentok-native/emulator imports, and a session made through it yields a token that verifies', {
  timeout: 30_000,
}, async (t) => {
  assert.equal(startEmulator, require('opentok-native/emulator').startEmulator)
  const emulator = await startEmulator()
  t.after(() => emulator.close())
  const sdk = OpenTokSDK(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url, timeout: 10_000 })
  const sessionId = await sdk.createSession({ mediaMode: 'routed' })
  assert.equal(sdk.sessionId, sessionId)
  assert.equal(emulator.sessions.at(-1).sessionId, sessionId)
  const token = sdk.generateToken()
  assert.equal(sdk.verifyToken(token), true)
  assert.equal(OpenTokSDK.decodeToken(token).sessionId, sessionId)
})

test('errors from the ESM import are OpenTokError instances', { timeout: 30_000 }, async (t) => {
  const emulator = await startEmulator()
  t.after(() => emulator.close())
  const sdk = new OpenTokSDK(emulator.apiKey, 'wrong-secret', { apiUrl: emulator.url, timeout: 10_000 })
  await assert.rejects(sdk.createSession(), (err) => {
    assert.ok(err instanceof OpenTokError)
    assert.ok(err instanceof cjs.OpenTokError)
    assert.equal(err.code, 'OPENTOK_AUTH')
    return true
  })
})
