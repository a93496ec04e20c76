// Packaging as napi-rs packages ship: scripts/pack.js makes the main tarball
// (JS, types, loader) and the platform tarball (the prebuilt addon); a fresh
// project installs both without network or cargo, and the installed package
// works, from CommonJS and ESM, on the addon of the platform package.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'))
const PLATFORM = 'linux-x64-gnu'
const PLATFORM_PACKAGE = `${pkg.name}-${PLATFORM}`
const ADDON = `${pkg.napi.binaryName}.${PLATFORM}.node`
const supported =
  process.platform === 'linux' &&
  process.arch === 'x64' &&
  !process.report?.getReport().sharedObjects?.some((f) => f.includes('musl'))

/** Runs a command; resolves to { code, stdout, stderr }, never rejects. */
function run(file, args, options) {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 90_000, ...options },
      (error, stdout, stderr) => {
        resolve({ code: error ? (error.code ?? error.signal ?? 1) : 0, stdout, stderr })
      },
    )
  })
}

async function ok(file, args, options) {
  const result = await run(file, args, options)
  assert.equal(result.code, 0, `${file} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

/** The first executable called `name` on PATH. */
function which(name, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK)
      return join(dir, name)
    } catch {}
  }
  return null
}

/** Every file under `dir`, relative, with '/' separators. */
function listFiles(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  )
}

test('pack, install offline without cargo, and run the installed package', {
  skip: !supported && 'the prebuilt addon is linux-x64-gnu',
  timeout: 240_000,
}, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'opentok-native-packaging-'))
  t.after(() => rmSync(work, { recursive: true, force: true }))
  const out = join(work, 'tarballs')
  const app = join(work, 'app')

  // An environment with node and npm but no cargo, no user npmrc, an empty
  // npm cache and a registry that does not answer: nothing can be built or fetched.
  const npm = which('npm')
  assert.ok(npm, 'npm on PATH')
  const PATH = [...new Set([dirname(process.execPath), dirname(npm), '/usr/bin', '/bin'])].join(delimiter)
  assert.equal(which('cargo', PATH), null, `cargo must not be on ${PATH}`)
  writeFileSync(join(work, 'npmrc'), '')
  const env = {
    PATH,
    HOME: work,
    npm_config_userconfig: join(work, 'npmrc'),
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  }

  let tarballs
  await t.test('scripts/pack.js makes both tarballs', async () => {
    const stdout = await ok(process.execPath, [join(REPO_ROOT, 'scripts', 'pack.js'), out, '--json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PATH },
    })
    tarballs = JSON.parse(stdout)
    assert.ok(existsSync(tarballs.main), tarballs.main)
    assert.deepEqual(Object.keys(tarballs.platforms), [PLATFORM])
    assert.ok(existsSync(tarballs.platforms[PLATFORM]))
  })

  await t.test('the main tarball holds the JS, the types and the loader, and nothing else', async () => {
    const entries = (await ok('tar', ['-tzf', tarballs.main], { env })).split('\n').filter(Boolean)
    assert.ok(
      entries.every((entry) => entry.startsWith('package/')),
      'one package/ root',
    )
    const files = entries.map((entry) => entry.slice('package/'.length))
    for (const required of [
      'package.json',
      'README.md',
      'index.js',
      'index.mjs',
      'index.d.ts',
      'binding.js',
      'lib/sdk.js',
      'lib/archive.js',
      'emulator/index.js',
      'emulator/index.d.ts',
    ]) {
      assert.ok(files.includes(required), `${required} in the main tarball`)
    }
    for (const dir of ['lib', 'emulator', 'cli']) {
      if (!existsSync(join(REPO_ROOT, dir))) continue
      const repoFiles = listFiles(join(REPO_ROOT, dir))
        .filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))
        .map((f) => `${dir}/${f}`)
      assert.deepEqual(
        repoFiles.filter((f) => !files.includes(f)),
        [],
        `every ${dir}/ module in the main tarball`,
      )
    }
    const forbidden = files.filter(
      (f) =>
        /^(src|target|__test__|benchmark|npm|node_modules|scripts|examples|fuzz)\//.test(f) ||
        f.includes('/node_modules/') ||
        f.endsWith('.node') ||
        /^Cargo\./.test(f),
    )
    assert.deepEqual(forbidden, [], 'no sources, build output, tests, platform packages or addons')

    // Every path the manifest points at is in the tarball.
    const manifest = JSON.parse(await ok('tar', ['-xzOf', tarballs.main, 'package/package.json'], { env }))
    const pointed = [manifest.main, manifest.types, ...Object.values(manifest.bin ?? {})]
    const walk = (value) => (typeof value === 'string' ? pointed.push(value) : Object.values(value ?? {}).forEach(walk))
    walk(manifest.exports)
    for (const target of pointed.map((p) => p.replace(/^\.\//, '')))
      assert.ok(files.includes(target), `${target} (from package.json) in the tarball`)

    // It lists the platform package, at the same version, as an optional dependency.
    assert.deepEqual(manifest.optionalDependencies, { [PLATFORM_PACKAGE]: pkg.version })
    assert.equal(manifest.version, pkg.version)
    assert.deepEqual(manifest.dependencies ?? {}, {}, 'no runtime dependencies')
    const installScripts = ['preinstall', 'install', 'postinstall', 'prepare'].filter(
      (name) => manifest.scripts?.[name],
    )
    assert.deepEqual(installScripts, [], 'nothing runs, nothing builds at install')
    assert.equal(existsSync(join(REPO_ROOT, 'binding.gyp')), false, 'no binding.gyp: npm would run node-gyp')
  })

  await t.test('the platform tarball holds the addon, for linux x64 glibc only', async () => {
    const files = (await ok('tar', ['-tzf', tarballs.platforms[PLATFORM]], { env })).split('\n').filter(Boolean).sort()
    assert.deepEqual(files, ['package/README.md', `package/${ADDON}`, 'package/package.json'])
    const manifest = JSON.parse(
      await ok('tar', ['-xzOf', tarballs.platforms[PLATFORM], 'package/package.json'], { env }),
    )
    assert.equal(manifest.name, PLATFORM_PACKAGE)
    assert.equal(manifest.version, pkg.version)
    assert.equal(manifest.main, ADDON)
    assert.deepEqual([manifest.os, manifest.cpu, manifest.libc], [['linux'], ['x64'], ['glibc']])
  })

  await t.test('a fresh project installs both tarballs offline, with no cargo on PATH', async () => {
    mkdirSync(app)
    await ok(npm, ['init', '-y'], { cwd: app, env })
    const install = await run(
      npm,
      ['install', '--offline', '--no-audit', '--no-fund', tarballs.main, tarballs.platforms[PLATFORM]],
      { cwd: app, env, timeout: 120_000 },
    )
    assert.equal(install.code, 0, `npm install failed:\n${install.stdout}\n${install.stderr}`)
    assert.doesNotMatch(install.stdout + install.stderr, /install scripts/, 'no install script to run or approve')
    const installed = join(app, 'node_modules', pkg.name)
    assert.ok(existsSync(join(installed, 'package.json')))
    assert.ok(existsSync(join(app, 'node_modules', PLATFORM_PACKAGE, ADDON)))
    // Nothing was built: no target/, and the main package has no addon of its own.
    assert.equal(existsSync(join(installed, 'target')), false)
    assert.equal(existsSync(join(app, 'target')), false)
    assert.deepEqual(
      listFiles(installed).filter((f) => f.endsWith('.node')),
      [],
    )
  })

  await t.test('require() generates and verifies a token on the platform package addon', async () => {
    const script = `
      const OpenTok = require('opentok-native')
      const sdk = new OpenTok.OpenTokSDK('12345678', 'packaged-secret')
      const sessionId = '1_' + Buffer.from('1~12345678~~2012-05-16 23:22:34.874487+00:00~0.5~').toString('base64url')
      const token = sdk.generateToken({ session_id: sessionId, role: OpenTok.RoleConstants.MODERATOR })
      const addons = Object.keys(require.cache).filter((f) => f.endsWith('.node'))
      console.log(JSON.stringify({
        verified: sdk.verifyToken(token),
        foreign: OpenTok.OpenTokSDK('12345678', 'other').verifyToken(token),
        role: OpenTok.OpenTokSDK.decodeToken(token).role,
        addons,
        entry: require.resolve('opentok-native'),
      }))`
    const result = JSON.parse(await ok(process.execPath, ['-e', script], { cwd: app, env }))
    assert.equal(result.verified, true)
    assert.equal(result.foreign, false)
    assert.equal(result.role, 'moderator')
    assert.equal(result.entry, join(realpathSync(app), 'node_modules', pkg.name, 'index.js'))
    assert.deepEqual(result.addons, [join(realpathSync(app), 'node_modules', PLATFORM_PACKAGE, ADDON)])
  })

  await t.test('ESM imports work too, the emulator included', async () => {
    const script = `
      import opentok, { OpenTokSDK, RoleConstants } from 'opentok-native'
      import { startEmulator } from 'opentok-native/emulator'
      const emulator = await startEmulator()
      try {
        const sdk = OpenTokSDK(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url, timeout: 10000 })
        const sessionId = await sdk.createSession()
        const token = sdk.generateToken({ role: RoleConstants.PUBLISHER })
        console.log(JSON.stringify({
          same: opentok.OpenTokSDK === OpenTokSDK,
          verified: sdk.verifyToken(token),
          session: opentok.OpenTokSDK.decodeToken(token).sessionId === sessionId,
          entry: import.meta.resolve('opentok-native'),
        }))
      } finally {
        await emulator.close()
      }`
    const result = JSON.parse(await ok(process.execPath, ['--input-type=module', '-e', script], { cwd: app, env }))
    assert.deepEqual({ ...result, entry: undefined }, { same: true, verified: true, session: true, entry: undefined })
    assert.match(result.entry, /\/node_modules\/opentok-native\/index\.mjs$/)
  })
})
