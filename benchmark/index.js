#!/usr/bin/env node
'use strict'

// Benchmark driver: `node benchmark/index.js [suite] [--quick] [--json] [--rounds N] [--time MS] [--baseline DIR]`.
// Picks a suite module, runs it, prints a table (or JSON). See README.md.

const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { goalLine, table } = require('./format.js')

// Suites by name; each module exports { name, description, run(settings) }
// where run returns (or resolves to) { unit, scenarios: [{ id, title,
// baseline, results: [{ id, label, iterations, samples, median, min, max }] }] }.
// A suite may also export settings(opts) (its own settings from the parsed
// options), print(report) (its own table; results then need no `median`) and
// acceptsBaselineDir: true (it measures the --baseline checkout too, from
// settings.baselineDir).
const SUITES = {
  tokens: './tokens.js',
  sessions: './sessions.js',
  archives: './archives.js',
  memory: './memory.js',
}
const DEFAULT_SUITE = 'tokens'

const USAGE = `usage: node benchmark/index.js [suite] [options]

suites:   ${Object.keys(SUITES).join(', ')} (default: ${DEFAULT_SUITE})
options:
  --quick      short smoke run (CI): tokens 3 rounds x 2000 calls per contender,
               sessions 3 rounds x 50 (c=1) / 200 (c=64) calls,
               archives 3 rounds x 50 / 200 getArchive, 25 / 100 start+stop pairs (c=1 / c=16),
               memory 100,000 tokens and 5,000 sessions (instead of 1,000,000 and 100,000)
  --json       print the results as JSON only
  --rounds N   rounds per scenario (default 5; quick: 3); not used by memory
  --time MS    tokens: target duration of one contender's batch in a round (default 400)
  --baseline DIR
               tokens, sessions: also measure "opentok-native (before)", the package
               in DIR (another checkout with its built addon), in the same run
  --help       this text`

function parseArgs(argv) {
  const opts = { suite: DEFAULT_SUITE, quick: false, json: false, rounds: undefined, time: 400, baseline: undefined }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [flag, inline] = arg.startsWith('--') ? arg.split('=', 2) : [arg]
    const text = () => {
      const raw = inline ?? argv[++i]
      if (raw === undefined || raw === '') usageError(`${flag} needs a value`)
      return raw
    }
    const value = () => {
      const raw = text()
      const n = Number(raw)
      if (!Number.isInteger(n) || n < 1) usageError(`${flag} needs a positive integer, got ${raw}`)
      return n
    }
    switch (flag) {
      case '--quick':
        opts.quick = true
        break
      case '--json':
        opts.json = true
        break
      case '--rounds':
        opts.rounds = value()
        break
      case '--time':
        opts.time = value()
        break
      case '--baseline':
        opts.baseline = text()
        break
      case '--help':
      case '-h':
        console.log(USAGE)
        process.exit(0)
        break
      default:
        if (arg.startsWith('-')) usageError(`unknown option ${arg}`)
        if (!Object.hasOwn(SUITES, arg)) usageError(`unknown suite ${arg}`)
        opts.suite = arg
    }
  }
  return opts
}

/** The checked --baseline directory, absolute; exits with a usage error when the suite or the directory will not do. */
function baselineDir(opts, suite) {
  if (!suite.acceptsBaselineDir) {
    const suites = Object.keys(SUITES).filter((name) => require(SUITES[name]).acceptsBaselineDir)
    usageError(`--baseline: suite ${opts.suite} does not take it (${suites.join(', ')} do)`)
  }
  const dir = path.resolve(opts.baseline)
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) usageError(`--baseline: ${dir} is not a directory`)
  return dir
}

function usageError(message) {
  console.error(`${message}\n\n${USAGE}`)
  process.exit(2)
}

function machineInfo() {
  const cpus = os.cpus()
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
  }
}

function fmtNs(ns) {
  return ns >= 100 ? Math.round(ns).toLocaleString('en-US') : ns.toFixed(1)
}

function fmtRatio(r) {
  return r >= 10 ? `${r.toFixed(1)}x` : `${r.toFixed(2)}x`
}

function printReport(report) {
  const { machine, settings } = report
  console.log(`opentok-native benchmark: ${report.suite}`)
  console.log(
    `node ${machine.node} (V8 ${machine.v8}), ${machine.platform}, ${machine.cpu}, ${machine.cores} cores, load ${machine.loadavg.join(' ')}`,
  )
  const batch = settings.iterations ? `${settings.iterations} calls` : `~${settings.targetMs} ms`
  console.log(
    `${settings.rounds} rounds, each contender ${batch} per round, order rotated each round${settings.quick ? ' (quick run)' : ''}`,
  )
  for (const scenario of report.scenarios) {
    const base = scenario.results.find((r) => r.id === scenario.baseline)
    console.log(`\n${scenario.id}: ${scenario.title}`)
    const rows = [['contender', `median ${report.unit}`, 'min – max', 'per second', `vs ${base.label}`]]
    for (const r of scenario.results) {
      rows.push([
        r.label,
        fmtNs(r.median),
        `${fmtNs(r.min)} – ${fmtNs(r.max)}`,
        Math.round(1e9 / r.median).toLocaleString('en-US'),
        fmtRatio(r.ratio),
      ])
    }
    console.log(table(rows))
    for (const r of scenario.results) {
      if (r !== base) console.log(`  ${r.label} / ${base.label} = ${fmtRatio(r.ratio)}`)
    }
    for (const goal of scenario.goals ?? []) console.log(goalLine(goal))
  }
  if (report.before) printBeforeAfter(report)
}

/** The closing note of a --baseline run: this checkout's opentok-native against the before checkout's, per scenario. */
function printBeforeAfter(report) {
  const { before } = report
  console.log(`\nbefore / after: "before" is ${before.dir} (version ${before.version}), "after" this checkout`)
  for (const scenario of report.scenarios) {
    const after = scenario.results.find((r) => r.id === 'native')
    const earlier = scenario.results.find((r) => r.id === 'native-before')
    if (!earlier) continue
    console.log(
      `  ${scenario.id}: ${fmtNs(after.median)} ${report.unit} after, ${fmtNs(earlier.median)} before: ` +
        `after / before = ${fmtRatio(after.median / earlier.median)}`,
    )
  }
  for (const label of before.notMeasured) console.log(`  not measured, the before checkout has not got it: ${label}`)
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const suite = require(SUITES[opts.suite])
  const settings = suite.settings
    ? suite.settings(opts)
    : opts.quick
      ? { quick: true, rounds: opts.rounds ?? 3, iterations: 2000, warmup: 500 }
      : { quick: false, rounds: opts.rounds ?? 5, targetMs: opts.time }
  if (opts.baseline !== undefined) settings.baselineDir = baselineDir(opts, suite)

  if (!opts.json) console.error(`running ${suite.name}: ${suite.description} ...`)
  const result = await suite.run(settings)

  const { scenarios, ...extra } = result
  const report = {
    suite: suite.name,
    ...extra,
    machine: machineInfo(),
    settings,
    scenarios: scenarios.map((scenario) => {
      const base = scenario.results.find((r) => r.id === scenario.baseline)
      if (typeof base?.median !== 'number') return scenario
      return {
        ...scenario,
        results: scenario.results.map((r) => ({ ...r, rounds: r.samples.length, ratio: r.median / base.median })),
      }
    }),
  }

  if (opts.json) console.log(JSON.stringify(report, null, 2))
  else (suite.print ?? printReport)(report)
}

main().catch((err) => {
  console.error(err?.stack ? err.stack : err)
  process.exit(1)
})
