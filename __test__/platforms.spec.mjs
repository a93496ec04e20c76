// The prebuilt platforms are named in four places that must agree:
// package.json `napi.targets`, the npm/<platform>/ packages, the build and
// test matrices of .github/workflows/platforms.yml, and the Node lines that
// `engines`, the workflows and scripts/test-node-lines.js test.

import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const read = (file) => readFileSync(join(REPO_ROOT, file), 'utf8')
const pkg = JSON.parse(read('package.json'))
const WORKFLOW = read('.github/workflows/platforms.yml')

// Rust target triple → napi-rs platform name, package os/cpu/libc.
const TARGETS = {
  'x86_64-unknown-linux-gnu': { platform: 'linux-x64-gnu', os: 'linux', cpu: 'x64', libc: 'glibc' },
  'aarch64-unknown-linux-gnu': { platform: 'linux-arm64-gnu', os: 'linux', cpu: 'arm64', libc: 'glibc' },
  'x86_64-unknown-linux-musl': { platform: 'linux-x64-musl', os: 'linux', cpu: 'x64', libc: 'musl' },
  'aarch64-unknown-linux-musl': { platform: 'linux-arm64-musl', os: 'linux', cpu: 'arm64', libc: 'musl' },
  'x86_64-apple-darwin': { platform: 'darwin-x64', os: 'darwin', cpu: 'x64' },
  'aarch64-apple-darwin': { platform: 'darwin-arm64', os: 'darwin', cpu: 'arm64' },
  'x86_64-pc-windows-msvc': { platform: 'win32-x64-msvc', os: 'win32', cpu: 'x64' },
}

/** The text of one job of platforms.yml (from `  <name>:` to the next job). */
function job(name) {
  const start = WORKFLOW.indexOf(`\n  ${name}:\n`)
  assert.ok(start >= 0, `platforms.yml has a ${name} job`)
  const next = WORKFLOW.slice(start + 1).search(/\n {2}[a-z][\w-]*:\n/)
  return next < 0 ? WORKFLOW.slice(start) : WORKFLOW.slice(start, start + 1 + next)
}

const targetsIn = (text) =>
  [...text.matchAll(/^\s+(?:- )?target: (\S+)$|^\s+- ([a-z0-9_]+-[a-z0-9_-]+)$/gm)].map((m) => m[1] ?? m[2])
const nodeLinesIn = (text) =>
  [...text.matchAll(/^\s+node: \[([^\]]*)\]$/gm)].map((m) => m[1].split(',').map((v) => v.trim().replace(/['"]/g, '')))

test('napi.targets are the seven release targets', () => {
  assert.deepEqual([...pkg.napi.targets].sort(), Object.keys(TARGETS).sort())
})

test('one npm/<platform> package per target, its manifest matching the target and the main package', () => {
  const dirs = readdirSync(join(REPO_ROOT, 'npm')).filter((d) => existsSync(join(REPO_ROOT, 'npm', d, 'package.json')))
  assert.deepEqual(dirs.sort(), pkg.napi.targets.map((t) => TARGETS[t].platform).sort())
  for (const triple of pkg.napi.targets) {
    const { platform, os, cpu, libc } = TARGETS[triple]
    const manifest = JSON.parse(read(`npm/${platform}/package.json`))
    const addon = `${pkg.napi.binaryName}.${platform}.node`
    assert.equal(manifest.name, `${pkg.name}-${platform}`)
    assert.equal(manifest.version, pkg.version, `${platform}: version`)
    assert.equal(manifest.license, pkg.license, `${platform}: license`)
    assert.deepEqual(manifest.engines, pkg.engines, `${platform}: engines`)
    assert.equal(manifest.main, addon)
    assert.deepEqual(manifest.files, [addon])
    assert.deepEqual(manifest.os, [os])
    assert.deepEqual(manifest.cpu, [cpu])
    assert.deepEqual(manifest.libc, libc ? [libc] : undefined, `${platform}: libc`)
    assert.ok(read(`npm/${platform}/README.md`).includes(triple), `npm/${platform}/README.md names ${triple}`)
  }
})

test('platforms.yml builds every target and tests every target', () => {
  assert.deepEqual(targetsIn(job('build')).sort(), [...pkg.napi.targets].sort(), 'build matrix')
  const tested = [...targetsIn(job('test-macos-windows')), ...targetsIn(job('test-linux'))]
  assert.deepEqual(tested.sort(), [...pkg.napi.targets].sort(), 'test matrices')
})

test('the Node lines tested are the ones engines claims', async () => {
  const lowest = pkg.engines.node.match(/^>= ?(\d+)$/)?.[1]
  assert.ok(lowest, `engines.node is ">= N": ${pkg.engines.node}`)
  const script = read('scripts/test-node-lines.js')
  const lines = JSON.parse(script.match(/^const NODE_LINES = (\[.*\])$/m)[1].replace(/'/g, '"'))
  assert.equal(lines[0], lowest, 'scripts/test-node-lines.js starts at the lowest line engines claims')
  for (const name of ['test-macos-windows', 'test-linux']) {
    assert.deepEqual(nodeLinesIn(job(name)), [lines], `${name} runs Node ${lines.join(', ')}`)
  }
  assert.match(read('.github/workflows/ci.yml'), new RegExp(`node-version: ${lowest}\\n`), 'ci.yml: default Node')
})
