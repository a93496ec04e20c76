// new OpenTokSDK(apiKey, apiSecret[, options]): argument checks, the
// properties of the original module, and a secret that never shows.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, test } from 'node:test'
import { format, inspect } from 'node:util'

import { API_KEY, native, OpenTokSDK, REPO_ROOT, RoleConstants } from './helpers/token.mjs'

// api_url defaults to this variable when set; these tests check the built-in default.
delete process.env.OPENTOK_API_URL

const SECRET = 'Sup3r-s3cr3t-value'

const invalidArg = (name) => ({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: new RegExp(name) })

describe('constructing', () => {
  test('with or without new, it is an OpenTokSDK', () => {
    for (const sdk of [
      new OpenTokSDK(API_KEY, SECRET),
      OpenTokSDK(API_KEY, SECRET),
      OpenTokSDK(API_KEY, SECRET, {}),
      new OpenTokSDK(API_KEY, SECRET, null),
    ]) {
      assert.ok(sdk instanceof OpenTokSDK)
      assert.equal(typeof sdk.generateToken, 'function')
      assert.equal(sdk.partnerId, API_KEY)
    }
  })

  test('apiKey is a non-empty string or a finite number', () => {
    for (const apiKey of ['1', '123456', 123456, 0, 1.5, -7])
      assert.equal(new OpenTokSDK(apiKey, SECRET).partnerId, apiKey)
    for (const apiKey of [
      undefined,
      null,
      {},
      [],
      ['123456'],
      NaN,
      Infinity,
      -Infinity,
      '',
      Symbol('k'),
      1n,
      () => '123456',
      true,
      new String('123456'),
    ]) {
      assert.throws(() => new OpenTokSDK(apiKey, SECRET), invalidArg('apiKey'), String(apiKey))
      assert.throws(() => OpenTokSDK(apiKey, SECRET), invalidArg('apiKey'), String(apiKey))
    }
  })

  test('apiSecret is a non-empty string', () => {
    for (const apiSecret of [
      undefined,
      null,
      {},
      [],
      '',
      123456,
      0,
      NaN,
      Symbol('s'),
      1n,
      () => SECRET,
      true,
      new String(SECRET),
      Buffer.from(SECRET),
    ]) {
      assert.throws(() => new OpenTokSDK(API_KEY, apiSecret), invalidArg('apiSecret'), String(apiSecret))
    }
    assert.throws(() => new OpenTokSDK(API_KEY), invalidArg('apiSecret'))
    assert.throws(() => new OpenTokSDK(), TypeError)
  })

  test('options, when given, is an object', () => {
    for (const options of [1, 'api.opentok.com', true, Symbol('o'), 1n, () => ({})]) {
      assert.throws(() => new OpenTokSDK(API_KEY, SECRET, options), invalidArg('options'), String(options))
    }
    assert.ok(new OpenTokSDK(API_KEY, SECRET, undefined) instanceof OpenTokSDK)
  })
})

describe('properties', () => {
  test('partnerId is kept as given: a number stays a number', () => {
    assert.equal(new OpenTokSDK(123456, SECRET).partnerId, 123456)
    assert.equal(new OpenTokSDK('123456', SECRET).partnerId, '123456')
  })

  test('partnerSecret is readable', () => {
    assert.equal(new OpenTokSDK(API_KEY, SECRET).partnerSecret, SECRET)
  })

  test('api_url defaults to api.opentok.com and is writable per object', () => {
    const sdk = new OpenTokSDK(API_KEY, SECRET)
    assert.equal(sdk.api_url, 'api.opentok.com')
    sdk.api_url = 'localhost:8443'
    assert.equal(sdk.api_url, 'localhost:8443')
    assert.equal(new OpenTokSDK(API_KEY, SECRET).api_url, 'api.opentok.com')
  })

  test('sessionId is undefined until assigned', () => {
    const sdk = new OpenTokSDK(API_KEY, SECRET)
    assert.ok('sessionId' in sdk)
    assert.equal(sdk.sessionId, undefined)
    sdk.sessionId = 'a session'
    assert.equal(sdk.sessionId, 'a session')
  })

  test('RoleConstants: exported by the module and on OpenTokSDK, frozen', () => {
    assert.deepEqual({ ...RoleConstants }, { SUBSCRIBER: 'subscriber', PUBLISHER: 'publisher', MODERATOR: 'moderator' })
    assert.equal(OpenTokSDK.RoleConstants, RoleConstants)
    assert.equal(native.RoleConstants, RoleConstants)
    assert.ok(Object.isFrozen(RoleConstants))
    assert.throws(() => {
      RoleConstants.PUBLISHER = 'admin'
    }, TypeError)
    assert.throws(() => {
      RoleConstants.OWNER = 'owner'
    }, TypeError)
    assert.equal(RoleConstants.PUBLISHER, 'publisher')
  })
})

describe('the secret never shows', () => {
  const sdk = new OpenTokSDK(API_KEY, SECRET)
  sdk.sessionId = 'some-session'

  test('not enumerable: absent from keys, entries, spread, for-in and JSON', () => {
    assert.equal(sdk.partnerSecret, SECRET)
    assert.notEqual(Object.getOwnPropertyDescriptor(sdk, 'partnerSecret')?.enumerable, true)
    assert.ok(!Object.getOwnPropertyNames(sdk).some((name) => sdk[name] === SECRET))
    assert.ok(!Object.keys(sdk).includes('partnerSecret'))
    assert.ok(!Object.values(sdk).includes(SECRET))
    assert.ok(!('partnerSecret' in { ...sdk }))
    assert.ok(!Object.values({ ...sdk }).includes(SECRET))
    const forIn = []
    for (const key in sdk) forIn.push(key)
    assert.ok(!forIn.includes('partnerSecret'), forIn.join())
    assert.ok(forIn.includes('partnerId'))
    const json = JSON.stringify(sdk)
    assert.ok(!json.includes(SECRET), json)
    assert.ok(json.includes(API_KEY), json)
  })

  test('not in util.inspect, even with showHidden and unlimited depth, nor in %o / %O / %j', () => {
    const shown = [
      inspect(sdk),
      inspect(sdk, { showHidden: true, depth: Infinity }),
      inspect({ nested: { sdk } }, { showHidden: true, depth: Infinity }),
      inspect([sdk], { showHidden: true, depth: Infinity, colors: true }),
      format('%o %O %j %s', sdk, sdk, sdk, sdk),
    ]
    for (const text of shown) {
      assert.ok(!text.includes(SECRET), text)
      assert.ok(text.includes(API_KEY), text)
    }
  })

  /** What `log` writes to stdout. */
  function captureStdout(log) {
    const written = []
    const write = process.stdout.write
    process.stdout.write = (chunk, ...rest) => (
      written.push(String(chunk)), rest.find((arg) => typeof arg === 'function')?.(), true
    )
    try {
      log()
    } finally {
      process.stdout.write = write
    }
    return written.join('')
  }

  test('not in console.log output', () => {
    const output = captureStdout(() => {
      console.log(sdk)
      console.log('%o', sdk)
      console.log({ sdk })
      console.dir(sdk)
    })
    assert.ok(output.includes(API_KEY), output)
    assert.ok(!output.includes(SECRET), output)
  })

  // console.dir inspects with customInspect: false, so showHidden would reach
  // any own property holding the secret, enumerable or not.
  test('not with showHidden when custom inspection is off (console.dir)', () => {
    const output = captureStdout(() => console.dir(sdk, { showHidden: true }))
    assert.ok(output.includes(API_KEY), output)
    assert.ok(!output.includes(SECRET), output)
    const text = inspect(sdk, { showHidden: true, customInspect: false })
    assert.ok(!text.includes(SECRET), text)
  })

  test('not in the output of `console.log(new OpenTokSDK(...))` in a fresh process', () => {
    const code = "const {OpenTokSDK}=require('.');console.log(new OpenTokSDK('123456','s3cr3t'))"
    const stdout = execFileSync(process.execPath, ['-e', code], { cwd: REPO_ROOT, encoding: 'utf8' })
    assert.match(stdout, /123456/)
    assert.ok(!stdout.includes('s3cr3t'), stdout)
  })
})
