#!/usr/bin/env node
'use strict'

// Bounded run of every cargo-fuzz target (see fuzz/README.md).
//
//   node fuzz/run.js                      every target, 60 s each
//   FUZZ_SECONDS=20 node fuzz/run.js      20 s each
//   FUZZ_TARGETS=xml_manifest,options_wire node fuzz/run.js
//   FUZZ_SANITIZER=none node fuzz/run.js  no AddressSanitizer
//
// Installs cargo-fuzz when it is missing, builds the targets once, runs each
// for a bounded time with RUSTC_BOOTSTRAP=1 (cargo-fuzz needs nightly flags;
// this lets the stable toolchain accept them), prints per target the number
// of executions and the result, and exits non-zero if any target crashed,
// timed out on an input, or could not run. No dependencies.

const { spawn, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const fuzzDir = __dirname
const seconds = positiveInt(process.env.FUZZ_SECONDS, 60, 'FUZZ_SECONDS')
const env = { ...process.env, RUSTC_BOOTSTRAP: '1' }

/** libFuzzer dictionaries by target. */
const DICTS = {
  xml_manifest: 'xml.dict',
  xml_session: 'xml.dict',
  xml_errors: 'xml.dict',
  options_wire: 'options_wire.dict',
  token_decode: 'token.dict',
  session_id: 'token.dict',
}

function positiveInt(text, fallback, name) {
  if (text === undefined || text === '') return fallback
  const n = Number(text)
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`fuzz/run.js: ${name} must be a positive whole number of seconds, got ${JSON.stringify(text)}`)
    process.exit(2)
  }
  return n
}

function cargo(args, options = {}) {
  return spawnSync('cargo', args, { cwd: root, env, encoding: 'utf8', ...options })
}

function ensureCargoFuzz() {
  const probe = cargo(['fuzz', '--version'])
  if (probe.status === 0) return probe.stdout.trim()
  console.log('cargo-fuzz not found: installing it (cargo install cargo-fuzz --locked; a few minutes)...')
  const install = cargo(['install', 'cargo-fuzz', '--locked'], { stdio: 'inherit' })
  if (install.status !== 0) {
    console.error('fuzz/run.js: could not install cargo-fuzz')
    process.exit(2)
  }
  return cargo(['fuzz', '--version']).stdout.trim()
}

function listTargets() {
  const listed = cargo(['fuzz', 'list'])
  if (listed.status !== 0) {
    console.error(`fuzz/run.js: cargo fuzz list failed:\n${listed.stderr}`)
    process.exit(2)
  }
  const all = listed.stdout
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
  const wanted = (process.env.FUZZ_TARGETS || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const unknown = wanted.filter((t) => !all.includes(t))
  if (unknown.length) {
    console.error(`fuzz/run.js: unknown target(s) ${unknown.join(', ')}; targets: ${all.join(', ')}`)
    process.exit(2)
  }
  return wanted.length ? wanted : all
}

/** Builds every target once; falls back to no sanitizer if ASan cannot build (unless one was asked for). */
function build() {
  const asked = process.env.FUZZ_SANITIZER
  const first = asked || 'address'
  console.log(`building fuzz targets (sanitizer: ${first})...`)
  let result = cargo(['fuzz', 'build', '-s', first], { stdio: 'inherit' })
  if (result.status === 0) return first
  if (asked || first === 'none') {
    console.error(`fuzz/run.js: cargo fuzz build -s ${first} failed`)
    process.exit(2)
  }
  console.log('building with AddressSanitizer failed; retrying without a sanitizer (-s none)...')
  result = cargo(['fuzz', 'build', '-s', 'none'], { stdio: 'inherit' })
  if (result.status !== 0) {
    console.error('fuzz/run.js: cargo fuzz build -s none failed')
    process.exit(2)
  }
  return 'none'
}

function runTarget(target, sanitizer) {
  const corpus = path.join(fuzzDir, 'corpus', target)
  const seeds = path.join(fuzzDir, 'seeds', target)
  const logs = path.join(fuzzDir, 'logs')
  fs.mkdirSync(corpus, { recursive: true })
  fs.mkdirSync(logs, { recursive: true })
  const dirs = [corpus]
  if (fs.existsSync(seeds)) dirs.push(seeds)
  const libfuzzer = [`-max_total_time=${seconds}`, '-print_final_stats=1', '-timeout=10']
  if (DICTS[target]) libfuzzer.push(`-dict=${path.join(fuzzDir, 'dicts', DICTS[target])}`)
  const args = ['fuzz', 'run', '-s', sanitizer, target, ...dirs, '--', ...libfuzzer]
  const logPath = path.join(logs, `${target}.log`)

  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn('cargo', args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    const chunks = []
    child.stdout.on('data', (d) => chunks.push(d))
    child.stderr.on('data', (d) => chunks.push(d))
    // libFuzzer stops itself after max_total_time; this only guards against a hang.
    let killed = false
    const guard = setTimeout(
      () => {
        killed = true
        try {
          process.kill(-child.pid, 'SIGKILL')
        } catch {}
      },
      (seconds + 180) * 1000,
    )
    child.on('error', (err) => chunks.push(Buffer.from(`\nfuzz/run.js: ${err.message}\n`)))
    child.on('close', (code, signal) => {
      clearTimeout(guard)
      const output = Buffer.concat(chunks).toString('utf8')
      fs.writeFileSync(logPath, `$ RUSTC_BOOTSTRAP=1 cargo ${args.join(' ')}\n${output}`)
      resolve(summarize(target, output, { code, signal, killed, logPath, elapsed: (Date.now() - started) / 1000 }))
    })
  })
}

function stat(output, name) {
  const m = output.match(new RegExp(`stat::${name}:\\s*(\\d+)`))
  return m ? Number(m[1]) : undefined
}

function summarize(target, output, { code, signal, killed, logPath, elapsed }) {
  const doneRuns = output.match(/Done (\d+) runs/)
  let execs = stat(output, 'number_of_executed_units') ?? (doneRuns ? Number(doneRuns[1]) : undefined)
  if (execs === undefined) {
    // A crash stops before the final stats; take the last status line (#N ...).
    const status = [...output.matchAll(/^#(\d+)\s/gm)]
    if (status.length) execs = Number(status[status.length - 1][1])
  }
  const result = {
    target,
    execs,
    perSec: stat(output, 'average_exec_per_sec'),
    newUnits: stat(output, 'new_units_added'),
    elapsed,
    logPath,
  }
  if (code === 0 && !killed) return { ...result, ok: true, status: 'ok' }

  const artifact = (output.match(/(?:Test unit written to|Failing input:\s*)\s*(\S+)/) || [])[1]
  const panic = output.match(/panicked at [^\n]*\n[^\n]*/)
  const kind = killed
    ? 'hung (killed)'
    : /ERROR: libFuzzer: timeout/.test(output)
      ? 'input timeout'
      : /ERROR: libFuzzer: out-of-memory/.test(output)
        ? 'out of memory'
        : /ERROR: AddressSanitizer/.test(output)
          ? 'AddressSanitizer error'
          : panic || /ERROR: libFuzzer: deadly signal/.test(output)
            ? 'crash'
            : `failed (exit ${code ?? signal})`
  return { ...result, ok: false, status: kind, artifact, panic: panic?.[0].trim() }
}

function formatCount(n) {
  return n === undefined ? '?' : n.toLocaleString('en-US')
}

async function main() {
  const started = Date.now()
  const version = ensureCargoFuzz()
  const targets = listTargets()
  const sanitizer = build()
  console.log(`\n${version}; ${targets.length} target(s), ${seconds} s each, sanitizer ${sanitizer}\n`)

  const results = []
  for (const target of targets) {
    process.stdout.write(`${target.padEnd(20)} running ${seconds} s... `)
    const r = await runTarget(target, sanitizer)
    results.push(r)
    const rate =
      r.perSec === undefined ? '' : ` (${formatCount(r.perSec)}/s, ${formatCount(r.newUnits)} new corpus units)`
    console.log(`${r.status.toUpperCase()}: ${formatCount(r.execs)} executions${rate}`)
    if (!r.ok) {
      if (r.panic) console.log(`    ${r.panic.replace(/\n/g, '\n    ')}`)
      if (r.artifact) {
        const file = path.resolve(root, r.artifact)
        if (fs.existsSync(file)) {
          const input = fs.readFileSync(file)
          console.log(`    input (${input.length} bytes, base64): ${input.toString('base64').slice(0, 400)}`)
        }
        console.log(`    reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run -s ${sanitizer} ${target} ${r.artifact}`)
      }
      console.log(`    log: ${path.relative(root, r.logPath)}`)
    }
  }

  const failed = results.filter((r) => !r.ok)
  const total = results.reduce((sum, r) => sum + (r.execs || 0), 0)
  console.log(
    `\n${results.length - failed.length}/${results.length} target(s) clean, ${formatCount(total)} executions in ${Math.round((Date.now() - started) / 1000)} s` +
      (failed.length ? `; FAILED: ${failed.map((r) => `${r.target} (${r.status})`).join(', ')}` : ''),
  )
  process.exit(failed.length ? 1 : 0)
}

main().catch((err) => {
  console.error(err)
  process.exit(2)
})
