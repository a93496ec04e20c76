#!/usr/bin/env node
'use strict'

// Packs opentok-native the way napi-rs packages ship: one platform package per
// npm/<platform>/ directory holding the prebuilt addon, and the main package
// (JS, types, loader; no addon) listing them in `optionalDependencies`, so
// `npm install opentok-native` fetches the one addon that fits the machine and
// never builds anything.
//
//   node scripts/pack.js [outDir] [--json] [--all]
//
// Build first (`npm run build`): this packs the addons already built, each
// `<binaryName>.<platform>.node` taken from the repository root (where
// `napi build` and `napi artifacts` put it) or else from npm/<platform>/ (where
// `napi artifacts` also puts it), copied into npm/<platform>/. One build makes
// one platform's addon; platforms with none are left out (named on stderr),
// both as tarballs and from `optionalDependencies`. With --all (a release, after
// `napi artifacts` gathered every target's addon) a missing addon is an error.
// npm/ must hold exactly one package per `napi.targets` entry of package.json.
// The tarballs go to outDir (default: dist/); their paths are printed, the main
// one first (with --json: { main, platforms: { <platform>: path } }).
//
// `optionalDependencies` is written into the packed manifest only, as
// `napi pre-publish` does at release time, never into the repository's
// package.json: there, a dependency on the unpublished platform package
// leaves a lockfile `npm ci` refuses, and once published it would shadow the
// addon built from the checkout. The packed manifest also drops the `prepare`
// script (the build from source). No dependencies; no network.

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..')
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function fail(message) {
  process.stderr.write(`pack: ${message}\n`)
  process.exit(1)
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'))
}

/** Runs `npm pack` in `dir` (lifecycle scripts off: nothing is built here) and returns npm's JSON report. */
function npmPack(dir, args) {
  const out = execFileSync(NPM, ['pack', '--json', '--ignore-scripts', ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  // npm may print notices before the JSON array.
  return JSON.parse(out.slice(out.indexOf('[')))[0]
}

/** The newest modification time under `dir` of files whose names pass `keep`, 0 when none. */
function newestMtime(dir, keep) {
  let newest = 0
  if (!fs.existsSync(dir)) return newest
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, keep))
    else if (keep(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs)
  }
  return newest
}

/**
 * The napi-rs platform name of a Rust target triple (the npm/<platform>/
 * directory): `x86_64-unknown-linux-gnu` → `linux-x64-gnu`. The same mapping
 * as lib/load-binding.js.
 */
function platformOfTriple(triple) {
  const arches = { x86_64: 'x64', aarch64: 'arm64', i686: 'ia32', armv7: 'arm', riscv64gc: 'riscv64' }
  const [cpu, , os, abi] = triple.split('-')
  const arch = arches[cpu] ?? cpu
  if (os === 'darwin') return `darwin-${arch}`
  if (os === 'windows') return `win32-${arch}-${abi}`
  if (os === 'linux') return `linux-${arch}-${abi}`
  return [os, arch, abi].filter(Boolean).join('-')
}

function main(argv) {
  const json = argv.includes('--json')
  const all = argv.includes('--all')
  const positional = argv.filter((arg) => !arg.startsWith('--'))
  if (argv.includes('--help') || positional.length > 1) {
    process.stdout.write('usage: node scripts/pack.js [outDir] [--json] [--all]\n')
    process.exit(argv.includes('--help') ? 0 : 1)
  }
  const outDir = path.resolve(positional[0] ?? path.join(ROOT, 'dist'))

  const pkg = readJson(path.join(ROOT, 'package.json'))
  const binaryName = pkg.napi?.binaryName ?? pkg.name
  if (!fs.existsSync(path.join(ROOT, 'binding.js'))) fail('binding.js is missing: run `npm run build` first')

  const npmDir = path.join(ROOT, 'npm')
  const dirs = fs.existsSync(npmDir)
    ? fs.readdirSync(npmDir).filter((name) => fs.existsSync(path.join(npmDir, name, 'package.json')))
    : []
  if (dirs.length === 0) fail('no platform package under npm/')
  const targets = (pkg.napi?.targets ?? []).map(platformOfTriple)
  const unlisted = dirs.filter((dir) => !targets.includes(dir))
  const undone = targets.filter((target) => !dirs.includes(target))
  if (unlisted.length > 0) fail(`npm/${unlisted.join(', npm/')}: not in napi.targets of package.json`)
  if (undone.length > 0) fail(`napi.targets ${undone.join(', ')}: no npm/<platform>/package.json`)
  const addonOf = (platform) => `${binaryName}.${platform}.node`
  const sourceOf = (platform) =>
    [path.join(ROOT, addonOf(platform)), path.join(npmDir, platform, addonOf(platform))].find((file) =>
      fs.existsSync(file),
    )
  const platforms = dirs.filter((platform) => sourceOf(platform))
  const unbuilt = dirs.filter((platform) => !sourceOf(platform))
  if (unbuilt.length > 0 && (all || platforms.length === 0)) {
    fail(`no addon built for ${unbuilt.join(', ')}: run \`npm run build\` (or \`napi artifacts\` in a release)`)
  }
  if (unbuilt.length > 0) process.stderr.write(`pack: no addon built for ${unbuilt.join(', ')}: left out\n`)

  // Each platform package: its addon copied in, its manifest checked against the main one.
  const newestSource = newestMtime(path.join(ROOT, 'src'), (name) => name.endsWith('.rs'))
  for (const platform of platforms) {
    const dir = path.join(npmDir, platform)
    const manifest = readJson(path.join(dir, 'package.json'))
    const addon = addonOf(platform)
    if (manifest.name !== `${pkg.name}-${platform}`)
      fail(`npm/${platform}/package.json: name must be ${pkg.name}-${platform}`)
    if (manifest.version !== pkg.version) {
      fail(
        `npm/${platform}/package.json: version ${manifest.version}, but ${pkg.name} is ${pkg.version} (napi version syncs them)`,
      )
    }
    if (manifest.main !== addon || !(manifest.files ?? []).includes(addon)) {
      fail(`npm/${platform}/package.json: main and files must name ${addon}`)
    }
    const built = sourceOf(platform)
    if (fs.statSync(built).mtimeMs < newestSource) {
      process.stderr.write(`pack: warning: ${addon} is older than src/: run \`npm run build\` for a fresh addon\n`)
    }
    // Copied then renamed, so a concurrent pack never sees half a file.
    if (built !== path.join(dir, addon)) {
      const copy = path.join(dir, `.${addon}.${process.pid}.tmp`)
      fs.copyFileSync(built, copy)
      fs.renameSync(copy, path.join(dir, addon))
    }
  }

  fs.mkdirSync(outDir, { recursive: true })
  const tarballs = { main: null, platforms: {} }
  for (const platform of platforms) {
    const report = npmPack(path.join(npmDir, platform), ['--pack-destination', outDir])
    tarballs.platforms[platform] = path.join(outDir, report.filename)
  }

  // The main package: what `npm pack` would take from the root ("files"),
  // staged with a manifest that lists every platform package.
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), `${pkg.name}-pack-`))
  try {
    const { files } = npmPack(ROOT, ['--dry-run'])
    for (const { path: file } of files) {
      if (file === 'package.json') continue
      if (file.endsWith('.node')) fail(`the main package would hold an addon (${file}): fix "files" in package.json`)
      fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true })
      fs.copyFileSync(path.join(ROOT, file), path.join(stage, file))
    }
    const optionalDependencies = { ...pkg.optionalDependencies }
    for (const platform of platforms) optionalDependencies[`${pkg.name}-${platform}`] = pkg.version
    // `prepare` builds the addon from a checkout; the packed package never builds
    // (npm would list it as an install script of a tarball install otherwise).
    const { prepare, ...scripts } = pkg.scripts ?? {}
    const manifest = { ...pkg, scripts, optionalDependencies }
    fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
    const report = npmPack(stage, ['--pack-destination', outDir])
    tarballs.main = path.join(outDir, report.filename)
  } finally {
    fs.rmSync(stage, { recursive: true, force: true })
  }

  if (json) process.stdout.write(`${JSON.stringify(tarballs, null, 2)}\n`)
  else process.stdout.write(`${[tarballs.main, ...Object.values(tarballs.platforms)].join('\n')}\n`)
}

main(process.argv.slice(2))
