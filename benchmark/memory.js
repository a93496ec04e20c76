'use strict'

// The memory suite: whether the process's resident set stays flat over many
// calls, that is, whether anything is kept per call (by the addon, its
// runtime or the JS layer):
//
//   - tokens: 1,000,000 generateToken calls on one SDK object, each with its
//     own connection_data;
//   - sessions: 100,000 createSession calls against the emulator (in a child
//     process, as for the sessions suite) at concurrency 64.
//
// Each part runs in 10 equal steps and samples RSS, heapTotal and heapUsed
// after each (after global.gc() when node runs with --expose-gc). The goal:
// RSS at the end within 10% of RSS after the first step, which also warms up
// the JIT, the connection pool and the allocator. heapTotal shows V8 growing
// its own heap (its young generation doubles up to a limit as allocation goes
// on), which raises RSS in steps that then stop; a leak keeps raising it.
// So that those steps do not hide what the addon keeps, the suite runs in a
// child node with V8's young generation fixed at the size it grows to here
// (--min-semi-space-size = --max-semi-space-size = 16 MB) and --expose-gc;
// started so already (node with those flags), it runs in place.
// The first and the last token and session ID are checked, and every step
// must have created one session of our API key per call, so a failing
// contender fails the run. The emulator process's RSS is sampled too: its
// `stats` (once a step) empties its request and session logs and makes it
// forget the sessions created so far, which this suite never names again.

const { spawnSync } = require('node:child_process')
const path = require('node:path')
const { startEmulatorProcess } = require('./emulator-process.js')
const { fmt, goalLine, table } = require('./format.js')
const { runBatch } = require('./load.js')
const { checkSessionId } = require('./sessions.js')
const { API_KEY, API_SECRET, checkToken, makeSessionId } = require('./tokens.js')

const STEPS = 10
const GOAL_SHARE = 0.1 // RSS at the end within this share of RSS after the first step

const gcExposed = typeof global.gc === 'function'

function settings(opts) {
  return opts.quick
    ? { quick: true, steps: STEPS, tokens: { calls: 100_000 }, sessions: { calls: 5_000, concurrency: 64 } }
    : { quick: false, steps: STEPS, tokens: { calls: 1_000_000 }, sessions: { calls: 100_000, concurrency: 64 } }
}

/** The process's memory after `calls` calls (collected first when global.gc is there). */
function sample(calls) {
  if (gcExposed) global.gc()
  const { rss, heapTotal, heapUsed } = process.memoryUsage()
  return { calls, rssBytes: rss, heapTotalBytes: heapTotal, heapUsedBytes: heapUsed }
}

/** Calls done after step `s` (1-based) of `steps`, for `calls` calls in all. */
const callsAfter = (s, calls, steps) => Math.round((s * calls) / steps)

/** Part A: `calls` generateToken calls on one SDK object, connection_data `user:<i>`. */
function tokensPart({ calls }, steps) {
  const sdk = new (require('..').OpenTokSDK)(API_KEY, API_SECRET)
  const sessionId = makeSessionId(API_KEY)
  const token = (i) => sdk.generateToken({ session_id: sessionId, role: 'publisher', connection_data: `user:${i}` })
  const check = (t, i) =>
    checkToken(t, 'opentok-native', { session_id: sessionId, role: 'publisher', connection_data: `user:${i}` })
  check(token(0), 0)

  const samples = []
  let last
  let i = 0
  for (let s = 1; s <= steps; s++) {
    for (const end = callsAfter(s, calls, steps); i < end; i++) last = token(i)
    samples.push(sample(i))
  }
  check(last, calls - 1)
  return {
    id: 'tokens',
    title: `${fmt(calls, 0)} × generateToken({session_id, role: 'publisher', connection_data: \`user:\${i}\`}) on one SDK object`,
    samples,
  }
}

/**
 * Part B: `calls` createSession calls at `concurrency`. The emulator's
 * `stats` after every step checks the step's session count, empties its
 * request and session logs and makes it forget its sessions, so that the
 * child does not grow with the run.
 */
async function sessionsPart(emulator, { calls, concurrency }, steps) {
  const label = 'opentok-native'
  const sdk = new (require('..').OpenTokSDK)(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url })
  const stats = () => emulator.stats({ forgetSessions: true })
  checkSessionId(await sdk.createSession(), label)
  await stats()

  const samples = []
  let done = 0
  for (let s = 1; s <= steps; s++) {
    const n = callsAfter(s, calls, steps) - done
    const batch = await runBatch(() => sdk.createSession(), { calls: n, concurrency })
    const server = await stats()
    checkSessionId(batch.last, label)
    const ours = server.sessionKeys[API_KEY] ?? 0
    if (server.sessions !== n || ours !== n) {
      throw new Error(`${label}: ${n} calls created ${server.sessions} sessions (${ours} of API key ${API_KEY})`)
    }
    done += n
    samples.push({ ...sample(done), emulatorRssBytes: server.rssBytes })
  }
  return {
    id: 'sessions',
    title: `${fmt(calls, 0)} × createSession() at concurrency ${concurrency} against the emulator (child process)`,
    samples,
  }
}

const MB = (bytes) => fmt(bytes / 2 ** 20, 1)

/** The scenario of a part, with its goal: RSS at the end against RSS after the first step. */
function scenarioOf({ id, title, samples }) {
  const first = samples[0].rssBytes
  const end = samples.at(-1).rssBytes
  const change = end / first - 1
  return {
    id,
    title,
    baseline: 'native',
    goals: [
      {
        text: `RSS at the end within ${GOAL_SHARE * 100}% of RSS after the first ${100 / samples.length}%`,
        met: Math.abs(change) <= GOAL_SHARE,
        detail: `${MB(first)} MB after the first ${100 / samples.length}%, ${MB(end)} MB at the end: ${change >= 0 ? '+' : ''}${fmt(change * 100, 1)}%`,
      },
    ],
    results: [{ id: 'native', label: 'opentok-native', samples }],
  }
}

const SEMI_SPACE_MB = 16
const CHILD_FLAGS = [`--min-semi-space-size=${SEMI_SPACE_MB}`, `--max-semi-space-size=${SEMI_SPACE_MB}`, '--expose-gc']

/** Whether this process was started with the child's flags. */
const isFixedYoungGeneration = () => CHILD_FLAGS.every((flag) => process.execArgv.includes(flag))

/** The suite's report from a child node started with CHILD_FLAGS. */
function runInChild(config) {
  const args = [
    ...CHILD_FLAGS,
    path.join(__dirname, 'index.js'),
    'memory',
    '--json',
    ...(config.quick ? ['--quick'] : []),
  ]
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  if (child.status !== 0) throw new Error(`the memory suite's child node failed (exit ${child.status})`)
  const { unit, gcExposed, youngGeneration, emulator, scenarios } = JSON.parse(child.stdout)
  return { unit, gcExposed, youngGeneration, emulator, scenarios }
}

async function run(config) {
  if (!isFixedYoungGeneration()) return runInChild(config)
  const tokens = tokensPart(config.tokens, config.steps)
  const emulator = await startEmulatorProcess({ apiKey: API_KEY, apiSecret: API_SECRET })
  try {
    const sessions = await sessionsPart(emulator, config.sessions, config.steps)
    return {
      unit: 'bytes',
      gcExposed,
      youngGeneration: `fixed: ${CHILD_FLAGS.slice(0, 2).join(' ')}`,
      emulator: { url: emulator.url, pid: emulator.pid, process: 'child' },
      scenarios: [scenarioOf(tokens), scenarioOf(sessions)],
    }
  } finally {
    emulator.stop()
  }
}

function print(report) {
  const { machine } = report
  console.log(`opentok-native benchmark: ${report.suite}${report.settings.quick ? ' (quick run)' : ''}`)
  console.log(
    `node ${machine.node} (V8 ${machine.v8}), ${machine.platform}, ${machine.cpu}, ${machine.cores} cores, load ${machine.loadavg.join(' ')}`,
  )
  console.log(
    report.gcExposed
      ? 'global.gc() exposed: run before every sample'
      : 'global.gc() not exposed: samples without a collection first',
  )
  console.log(`V8's young generation: ${report.youngGeneration ?? 'as V8 sizes it'}`)
  for (const scenario of report.scenarios) {
    const { samples } = scenario.results[0]
    const withEmulator = samples[0].emulatorRssBytes !== undefined
    console.log(`\n${scenario.id}: ${scenario.title}`)
    const rows = [
      ['after calls', 'RSS MB', 'heapTotal MB', 'heapUsed MB', ...(withEmulator ? ['emulator RSS MB'] : [])],
    ]
    for (const s of samples) {
      rows.push([
        fmt(s.calls, 0),
        MB(s.rssBytes),
        MB(s.heapTotalBytes),
        MB(s.heapUsedBytes),
        ...(withEmulator ? [MB(s.emulatorRssBytes)] : []),
      ])
    }
    console.log(table(rows))
    for (const goal of scenario.goals) console.log(goalLine(goal))
  }
}

module.exports = {
  name: 'memory',
  description: `RSS flatness: generateToken and createSession (emulator, c=64), sampled in ${STEPS} steps`,
  settings,
  run,
  print,
}
