'use strict'

// Loads the native addon through the loader `napi build` generates
// (../binding.js), and turns its failure into one error that says what to do.
//
// binding.js looks for `opentok-native.<platform>.node` beside itself (a
// checkout after `npm install`), then for the `opentok-native-<platform>`
// package that `optionalDependencies` installs. When neither fits the machine
// it throws "Cannot find native binding" with every attempt nested in `cause`,
// which names neither the machine nor the packages that do exist. This throws
// instead an Error with code OPENTOK_NATIVE_UNSUPPORTED_PLATFORM that names
// the platform (os, cpu, libc), lists the prebuilt packages (from
// package.json `napi.targets`) and says how to build from a checkout; the
// loader's own error stays in `cause`.

const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..')
const CODE = 'OPENTOK_NATIVE_UNSUPPORTED_PLATFORM'

const ARCHES = { x86_64: 'x64', aarch64: 'arm64', i686: 'ia32', armv7: 'arm', riscv64gc: 'riscv64' }

/**
 * The napi-rs platform name of a Rust target triple, the suffix of the
 * platform package and of the addon file: `x86_64-unknown-linux-gnu` →
 * `linux-x64-gnu`, `aarch64-apple-darwin` → `darwin-arm64`,
 * `x86_64-pc-windows-msvc` → `win32-x64-msvc`.
 */
function platformOfTriple(triple) {
  const [cpu, , os, abi] = triple.split('-')
  const arch = ARCHES[cpu] ?? cpu
  if (os === 'darwin') return `darwin-${arch}`
  if (os === 'windows') return `win32-${arch}-${abi}`
  if (os === 'linux') return `linux-${arch}-${abi}`
  return [os, arch, abi].filter(Boolean).join('-')
}

/** 'musl' or 'gnu' on Linux (how Node itself was linked), null elsewhere. */
function libc() {
  if (process.platform !== 'linux') return null
  try {
    const report = process.report?.getReport()
    if (report?.header?.glibcVersionRuntime) return 'gnu'
    if (report?.sharedObjects?.some((file) => /libc\.musl-|ld-musl-/.test(file))) return 'musl'
  } catch {}
  return 'gnu'
}

/** This machine's platform name as napi-rs spells it (see platformOfTriple). */
function currentPlatform() {
  const { platform, arch } = process
  if (platform === 'linux') return `linux-${arch}-${libc()}${arch === 'arm' ? 'eabihf' : ''}`
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

function readPackage() {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  } catch {
    return {}
  }
}

/** Every message in an error's `cause` chain, outermost first. */
function causeMessages(error) {
  const messages = []
  for (let e = error; e && messages.length < 64; e = e.cause) messages.push(String(e.message ?? e))
  return messages
}

/** The error to throw when `../binding.js` threw `loadError`. */
function unsupportedPlatformError(loadError) {
  const pkg = readPackage()
  const name = pkg.name ?? 'opentok-native'
  const version = pkg.version ?? ''
  const platforms = (pkg.napi?.targets ?? []).map(platformOfTriple).sort()
  const platform = currentPlatform()
  const packageOf = (p) => `${name}-${p}`
  const checkout = fs.existsSync(path.join(ROOT, 'Cargo.toml'))

  const machine = `${process.platform} ${process.arch}${libc() ? ` (${libc() === 'gnu' ? 'glibc' : 'musl'})` : ''}`
  const lines = []
  const bindingMissing = loadError?.code === 'MODULE_NOT_FOUND' && /binding\.js/.test(loadError.message.split('\n')[0])
  // Messages other than "Cannot find module …" come from an addon that was
  // found but could not be loaded (wrong glibc, damaged file, wrong Node-API).
  const loadFailures = causeMessages(loadError?.cause).filter(
    (message) =>
      !/^Cannot find module\b/.test(message) &&
      !/^Unsupported (OS|architecture)\b/.test(message) &&
      !/^WASI binding\b/.test(message),
  )

  if (bindingMissing) {
    lines.push(`${name}: the native addon is not built (no binding.js in ${ROOT}), on ${machine}.`)
  } else if (loadFailures.length > 0) {
    lines.push(`${name}: the native addon for ${platform} was found but could not be loaded on ${machine}:`)
    for (const message of loadFailures) lines.push(`  ${message.split('\n')[0]}`)
  } else if (platforms.includes(platform)) {
    lines.push(
      `${name}: no native addon found for ${platform} (${machine}): the package ${packageOf(platform)} is not installed.`,
      `It is an optional dependency of ${name}: it is left out by \`npm install --omit=optional\` (or --no-optional),` +
        ' and by a lockfile that npm wrote on another platform (https://github.com/npm/cli/issues/4828).',
      `Install it with \`npm install ${packageOf(platform)}${version ? `@${version}` : ''}\`, or remove node_modules and the lockfile and run \`npm install\` again.`,
    )
  } else {
    lines.push(`${name}: no prebuilt native addon exists for ${platform} (${machine}).`)
  }
  if (platforms.length > 0) {
    lines.push(`Prebuilt addons are published for: ${platforms.map((p) => `${p} (${packageOf(p)})`).join(', ')}.`)
  }
  lines.push(
    checkout
      ? `This is a checkout: \`npm install\` (or \`npm run build\`) in ${ROOT} builds the addon for this machine with cargo (Rust toolchain needed).`
      : `To build it for this machine: in a checkout of the ${name} repository, \`npm install\` builds the addon with cargo (Rust toolchain needed), then install that checkout.`,
  )

  const error = new Error(lines.join('\n'))
  error.code = CODE
  error.platform = platform
  error.packages = platforms.map(packageOf)
  error.cause = loadError
  return error
}

function loadBinding() {
  try {
    return require('../binding.js')
  } catch (loadError) {
    throw unsupportedPlatformError(loadError)
  }
}

module.exports = loadBinding()
