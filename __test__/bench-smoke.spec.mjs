// The benchmarks must keep running: each suite's quick mode is run once and its
// report checked for shape. Speed and memory goals are never asserted here
// (see benchmark/): only that each goal was evaluated.

import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

function quickReport(suite, ...args) {
  const stdout = execFileSync(process.execPath, ['benchmark/index.js', suite, '--quick', '--json', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return JSON.parse(stdout)
}

function assertGoalsEvaluated(scenario, count) {
  assert.equal(scenario.goals.length, count, scenario.id)
  for (const goal of scenario.goals) {
    assert.equal(typeof goal.met, 'boolean', goal.text)
    assert.ok(goal.text && goal.detail, scenario.id)
  }
}

// A second copy of this checkout with its built addon, for --baseline.
let beforeDir
before(() => {
  beforeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-before-'))
  const skipped = /[/\\](node_modules|target|\.git)([/\\]|$)/
  fs.cpSync(root, beforeDir, { recursive: true, filter: (file) => !skipped.test(file.slice(root.length - 1)) })
})
after(() => fs.rmSync(beforeDir, { recursive: true, force: true }))

test('the tokens benchmark measures every contender against opentok-native', () => {
  const report = quickReport('tokens')
  assert.equal(report.suite, 'tokens')
  const full = report.scenarios.find((s) => s.id === 'full')
  const labels = full.results.map((r) => r.label)
  const floors = ['floor: crossing only', 'floor: crossing + arguments read + HMAC + base64']
  assert.deepEqual(labels, ['opentok-native', 'opentok@0.3.0', 'opentok-token@1.1.1', 'opentok@2.23.2 (T1)', ...floors])
  assertGoalsEvaluated(full, 1)
  for (const result of full.results) assert.ok(result.median > 0 && Number.isFinite(result.ratio), result.label)
  const jwt = report.scenarios.find((s) => s.id === 'jwt')
  assert.deepEqual(
    jwt.results.map((r) => r.label),
    [
      "opentok-native (tokenFormat: 'JWT')",
      'opentok@2.23.2 (default, jsonwebtoken)',
      'hand-written node:crypto HS256',
      ...floors,
    ],
  )
  assertGoalsEvaluated(jwt, 1)
  for (const result of jwt.results) assert.ok(result.median > 0 && Number.isFinite(result.ratio), result.label)
  const rcd = report.scenarios.find((s) => s.id === 'rcd')
  assert.deepEqual(
    rcd.results.map((r) => r.label),
    ['opentok-native', 'opentok@0.3.0', ...floors],
  )
  assertGoalsEvaluated(rcd, 2)
  const verify = report.scenarios.find((s) => s.id === 'verify')
  assert.deepEqual(
    verify.results.map((r) => r.label),
    [
      'opentok-native',
      'hand-written node:crypto T1 check',
      'floor: crossing only',
      'floor: crossing + token read + base64 + HMAC',
    ],
  )
  for (const result of verify.results) assert.ok(result.median > 0 && Number.isFinite(result.ratio), result.label)
  assertGoalsEvaluated(verify, 2)
  assert.equal(report.before, undefined)
})

test('tokens --baseline DIR measures the copy in DIR as "opentok-native (before)" in every scenario', () => {
  const report = quickReport('tokens', '--baseline', beforeDir)
  assert.equal(report.before.dir, fs.realpathSync(beforeDir))
  assert.ok(report.before.addons.length > 0)
  for (const addon of report.before.addons) assert.ok(addon.startsWith(report.before.dir), addon)
  assert.deepEqual(report.before.notMeasured, [])
  for (const scenario of report.scenarios) {
    const ids = scenario.results.map((r) => r.id)
    assert.deepEqual(ids.slice(0, 2), ['native', 'native-before'], scenario.id)
    const earlier = scenario.results[1]
    assert.ok(earlier.median > 0 && earlier.label.startsWith('opentok-native (before'), scenario.id)
  }
})

test('--baseline refuses this checkout itself and the suites that do not take it', () => {
  const self = spawnSync(process.execPath, ['benchmark/index.js', 'tokens', '--quick', '--baseline', root], {
    cwd: root,
    encoding: 'utf8',
  })
  assert.notEqual(self.status, 0)
  assert.match(self.stderr, /that is this checkout/)
  const archives = spawnSync(process.execPath, ['benchmark/index.js', 'archives', '--baseline', beforeDir], {
    cwd: root,
    encoding: 'utf8',
  })
  assert.equal(archives.status, 2)
  assert.match(archives.stderr, /suite archives does not take it/)
})

test('the sessions benchmark runs native on both wires, opentok@0.3.0, opentok@2.23.2, fetch and node:http against the emulator', () => {
  const report = quickReport('sessions')
  assert.equal(report.suite, 'sessions')
  assert.deepEqual(
    report.scenarios.map((s) => s.concurrency),
    [1, 64],
  )
  for (const scenario of report.scenarios) {
    const labels = scenario.results.map((r) => r.label)
    assert.deepEqual(labels, [
      'opentok-native (current wire)',
      "opentok-native (protocol: 'legacy')",
      'opentok@0.3.0',
      'opentok@2.23.2',
      'fetch (current wire)',
      'node:http minimal (baseline, current wire)',
      'floor: restCall shape, I/O thread and back, no HTTP',
    ])
    assert.equal(scenario.baseline, 'http-minimal')
    assert.match(scenario.notes[0], /client CPU = [\d.]+x its floor/)
    for (const result of scenario.results) {
      assert.ok(result.rps > 0 && result.p50Ms > 0 && result.cpuUsPerCall > 0, `${scenario.id} ${result.label}`)
    }
    assertGoalsEvaluated(scenario, 3)
  }
})

test('sessions --baseline DIR runs the copy in DIR against the emulator too', () => {
  const report = quickReport('sessions', '--baseline', beforeDir)
  assert.equal(report.before.dir, fs.realpathSync(beforeDir))
  for (const scenario of report.scenarios) {
    const earlier = scenario.results.find((r) => r.id === 'native-before')
    assert.equal(earlier.label, 'opentok-native (before)')
    assert.ok(earlier.rps > 0 && earlier.cpuUsPerCall > 0, scenario.id)
  }
})

test('the archives benchmark runs opentok-native 2.x and opentok@2.23.2 against the emulator', () => {
  const report = quickReport('archives')
  assert.equal(report.suite, 'archives')
  assert.deepEqual(
    report.scenarios.map((s) => s.id),
    ['get-c1', 'get-c16', 'startstop-c1', 'startstop-c16'],
  )
  for (const scenario of report.scenarios) {
    assert.equal(scenario.baseline, 'opentok-2')
    const labels = scenario.results.map((r) => r.label)
    assert.deepEqual(labels, ['opentok-native (2.x API, promises)', 'opentok@2.23.2 (callbacks)'])
    for (const result of scenario.results) {
      assert.ok(result.rps > 0 && result.p50Ms > 0 && result.cpuUsPerCall > 0, `${scenario.id} ${result.label}`)
      assert.ok(Number.isFinite(result.vsBaseline.rps) && Number.isFinite(result.vsBaseline.cpuUsPerCall))
    }
  }
})

test('the memory benchmark samples RSS over generateToken and createSession calls', () => {
  const report = quickReport('memory')
  assert.equal(report.suite, 'memory')
  assert.equal(typeof report.gcExposed, 'boolean')
  const parts = { tokens: 100_000, sessions: 5_000 }
  assert.deepEqual(
    report.scenarios.map((s) => s.id),
    Object.keys(parts),
  )
  for (const scenario of report.scenarios) {
    const { samples } = scenario.results[0]
    assert.equal(samples.length, 10, scenario.id)
    assert.equal(samples.at(-1).calls, parts[scenario.id], scenario.id)
    for (const sample of samples) assert.ok(sample.rssBytes > 0 && sample.heapUsedBytes > 0, scenario.id)
    assertGoalsEvaluated(scenario, 1)
  }
  for (const sample of report.scenarios[1].results[0].samples) assert.ok(sample.emulatorRssBytes > 0)
})
