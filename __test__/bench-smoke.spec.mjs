// The benchmarks must keep running: each suite's quick mode is run once and its
// report checked for shape. Speed is never asserted here (see benchmark/).

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

function quickReport(suite) {
  const stdout = execFileSync(process.execPath, ['benchmark/index.js', suite, '--quick', '--json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return JSON.parse(stdout)
}

test('the tokens benchmark measures every contender against opentok-native', () => {
  const report = quickReport('tokens')
  assert.equal(report.suite, 'tokens')
  const full = report.scenarios.find((s) => s.id === 'full')
  const labels = full.results.map((r) => r.label)
  assert.deepEqual(labels, ['opentok-native', 'opentok@0.3.0', 'opentok-token@1.1.1', 'opentok@2.23.2 (T1)'])
  for (const result of full.results) assert.ok(result.median > 0 && Number.isFinite(result.ratio), result.label)
  const jwt = report.scenarios.find((s) => s.id === 'jwt')
  assert.deepEqual(
    jwt.results.map((r) => r.label),
    ["opentok-native (tokenFormat: 'JWT')", 'opentok@2.23.2 (default, jsonwebtoken)', 'hand-written node:crypto HS256'],
  )
  for (const result of jwt.results) assert.ok(result.median > 0 && Number.isFinite(result.ratio), result.label)
})

test('the sessions benchmark runs native on both wires, opentok@0.3.0 and fetch against the emulator', () => {
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
      'fetch (baseline, current wire)',
    ])
    for (const result of scenario.results) {
      assert.ok(result.rps > 0 && result.p50Ms > 0 && result.cpuUsPerCall > 0, `${scenario.id} ${result.label}`)
    }
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
