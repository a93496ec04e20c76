// Where no addon fits the machine, `require('opentok-native')` fails with one
// error (code OPENTOK_NATIVE_UNSUPPORTED_PLATFORM) naming the platform, the
// prebuilt packages and how to build from a checkout. Each case runs in a child
// process on a copy of the package's JavaScript (index.js, lib/, binding.js,
// package.json) in a temporary directory, so the addon is missing, damaged or
// the platform faked, without touching the checkout.

import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'))
// The prebuilt packages, as npm/<platform>/ names them.
const PACKAGES = readdirSync(join(REPO_ROOT, 'npm'))
  .filter((dir) => existsSync(join(REPO_ROOT, 'npm', dir, 'package.json')))
  .map((dir) => JSON.parse(readFileSync(join(REPO_ROOT, 'npm', dir, 'package.json'), 'utf8')).name)
  .sort()
const glibc = process.platform === 'linux' && Boolean(process.report.getReport().header.glibcVersionRuntime)
const HERE =
  process.platform === 'linux'
    ? `linux-${process.arch}-${glibc ? 'gnu' : 'musl'}`
    : process.platform === 'win32'
      ? `win32-${process.arch}-msvc`
      : `${process.platform}-${process.arch}`

const dirs = []
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A copy of the package's JavaScript without any addon; `extra` files are written into it. */
function copyPackage({ binding = true, extra = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'opentok-native-load-'))
  dirs.push(dir)
  for (const file of ['index.js', 'index.mjs', 'package.json', 'lib', ...(binding ? ['binding.js'] : [])]) {
    cpSync(join(REPO_ROOT, file), join(dir, file), { recursive: true })
  }
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content)
  return dir
}

// Loads the package in a child and prints what `require` threw, as JSON.
const PROBE = `
try {
  require(process.argv[1])
  console.log(JSON.stringify({ loaded: true }))
} catch (e) {
  console.log(JSON.stringify({ code: e.code, message: e.message, platform: e.platform, packages: e.packages,
    cause: e.cause && String(e.cause.message) }))
}`

/** Requires `dir` in a child process (with `preload` run first) and returns what it threw. */
function load(dir, preload) {
  const args = preload ? ['--require', preload] : []
  const stdout = execFileSync(process.execPath, [...args, '-e', PROBE, dir], { encoding: 'utf8', timeout: 30_000 })
  return JSON.parse(stdout)
}

function assertCommon(result, platform) {
  assert.equal(result.code, 'OPENTOK_NATIVE_UNSUPPORTED_PLATFORM', result.message)
  assert.equal(result.platform, platform)
  assert.deepEqual([...result.packages].sort(), PACKAGES)
  for (const name of PACKAGES) assert.ok(result.message.includes(name), `${name} named in:\n${result.message}`)
  assert.match(result.message, /`npm install`.*cargo/)
}

test('the checkout loads its addon through lib/load-binding.js', () => {
  assert.deepEqual(load(REPO_ROOT), { loaded: true })
})

test('no addon for a supported platform: names the missing package and how to install it', () => {
  const result = load(copyPackage())
  assertCommon(result, HERE)
  if (PACKAGES.includes(`${pkg.name}-${HERE}`)) {
    assert.match(result.message, new RegExp(`no native addon found for ${HERE}`))
    assert.ok(result.message.includes(`npm install ${pkg.name}-${HERE}@${pkg.version}`), result.message)
    assert.match(result.message, /--omit=optional/)
  }
  assert.match(result.cause, /^Cannot find native binding/, 'the napi-rs loader error is kept as the cause')
  assert.doesNotMatch(result.message, /This is a checkout/, 'an installed package has no Cargo.toml')
})

test('an unsupported platform (faked freebsd riscv64): says no prebuilt addon exists and lists those that do', () => {
  const dir = copyPackage()
  const preload = join(dir, 'fake-platform.js')
  writeFileSync(
    preload,
    "Object.defineProperty(process, 'platform', { value: 'freebsd' })\n" +
      "Object.defineProperty(process, 'arch', { value: 'riscv64' })\n",
  )
  const result = load(dir, preload)
  assertCommon(result, 'freebsd-riscv64')
  assert.match(result.message, /no prebuilt native addon exists for freebsd-riscv64 \(freebsd riscv64\)/)
  assert.match(result.message, /Prebuilt addons are published for: /)
})

test('an addon that is there but does not load: its loader message is shown', {
  skip: !PACKAGES.includes(`${pkg.name}-${HERE}`) && `no prebuilt addon for ${HERE}`,
}, () => {
  const dir = copyPackage({ extra: { [`${pkg.napi.binaryName}.${HERE}.node`]: 'not an addon\n' } })
  const result = load(dir)
  assertCommon(result, HERE)
  assert.match(result.message, new RegExp(`the native addon for ${HERE} was found but could not be loaded`))
  assert.ok(result.message.includes(join(dir, `${pkg.napi.binaryName}.${HERE}.node`)), result.message)
})

test('a checkout that was never built (no binding.js): says `npm install` there builds it', () => {
  const dir = copyPackage({ binding: false, extra: { 'Cargo.toml': '' } })
  const result = load(dir)
  assertCommon(result, HERE)
  assert.match(result.message, /the native addon is not built \(no binding\.js/)
  assert.ok(result.message.includes(`This is a checkout: \`npm install\` (or \`npm run build\`) in ${dir}`))
})

test('the ESM entry rejects with the same error', () => {
  const dir = copyPackage()
  const url = pathToFileURL(join(dir, 'index.mjs')).href
  const script = `try { await import(${JSON.stringify(url)}); console.log('loaded') } catch (e) { console.log('rejected', e.code) }`
  // Node 20 also reports the CommonJS module's error as uncaught once the import
  // rejected (exit code 1); Node 22 and 24 do not. Only the rejection is checked.
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
  })
  assert.equal(child.stdout.trim(), 'rejected OPENTOK_NATIVE_UNSUPPORTED_PLATFORM', child.stderr)
})
