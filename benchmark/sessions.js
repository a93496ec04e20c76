'use strict'

// The sessions suite: createSession against the project's REST API emulator
// (plain HTTP on 127.0.0.1, in a child process so that this process's CPU
// time is the client's alone), at concurrency 1 and 64, for
//
//   - opentok-native: `await sdk.createSession()` (promise form), on both
//     wires, and with --baseline the before checkout's on its default wire,
//   - opentok@0.3.0: `createSession(location, callback)`, its `https` swapped
//     for `http` by a require hook inside this process only,
//   - opentok@2.23.2: `createSession(callback)`, pointed at the emulator by
//     its `apiUrl` option,
//   - a hand-written fetch() (Node's global fetch, undici),
//   - a hand-written minimal node:http client: the baseline.
//
// Every contender makes the same number of calls per round; rounds rotate
// the order of the contenders; the figures are medians across rounds.
// Before timing, one session ID of each contender is decoded and checked,
// and after every batch the emulator must have created exactly one session
// of our API key per call, so a failing contender fails the run instead of
// being measured.

const http = require('node:http')
const Module = require('node:module')
const { loadBeforeCheckout } = require('./before-checkout.js')
const { startEmulatorProcess } = require('./emulator-process.js')
const { loadFloor } = require('./floor.js')
const { fmt, fmtMs, fmtUs, goalLine, table } = require('./format.js')
const { fetchCreateSession, httpCreateSession } = require('./hand-written-clients.js')
const { runBatch, summarizeLevel, threadTimes, threadDelta } = require('./load.js')
const { API_KEY, API_SECRET } = require('./tokens.js')

const BASELINE = 'http-minimal'
const BASELINE_SHORT = 'node:http' // in the column headers

function versionOf(name) {
  try {
    return require(`${name}/package.json`).version
  } catch {
    return '?'
  }
}

/** Throws unless `id` is a session ID of API_KEY: '1_' or '2_' + base64url('1~<apiKey>~...'). */
function checkSessionId(id, label) {
  const fail = (why) => {
    throw new Error(`${label}: session ID check failed: ${why}\n  session ID: ${JSON.stringify(id)}`)
  }
  if (typeof id !== 'string' || !/^[12]_/.test(id)) fail('not a string starting with "1_" or "2_"')
  const record = Buffer.from(id.slice(2), 'base64url').toString('utf8')
  if (!record.startsWith(`1~${API_KEY}~`)) fail(`decodes to ${JSON.stringify(record)}, not "1~${API_KEY}~..."`)
}

/**
 * opentok@0.3.0's module, loaded afresh with its `require('https')` answered
 * by an http-backed stand-in that sends every request to `apiUrl`. Nothing in
 * node_modules is changed, and the hook is removed once the module is loaded.
 * The stand-in uses http.globalAgent, as the original uses https.globalAgent.
 */
function loadOpentok03(apiUrl) {
  const file = require.resolve('opentok')
  const { hostname, port } = new URL(apiUrl)
  const httpsStandIn = {
    request(options, callback) {
      return http.request({ ...options, host: hostname, port: Number(port) }, callback)
    },
  }
  const load = Module._load
  Module._load = function (request, parent, ...rest) {
    if ((request === 'https' || request === 'node:https') && parent?.filename === file) return httpsStandIn
    return load.call(this, request, parent, ...rest)
  }
  try {
    delete require.cache[file]
    return require(file)
  } finally {
    Module._load = load
    delete require.cache[file] // a later require('opentok') gets the untouched module
  }
}

function contenders(emulator, before) {
  const options = { apiUrl: emulator.url }
  const NativeSDK = require('..').OpenTokSDK
  const native = new NativeSDK(emulator.apiKey, emulator.apiSecret, options)
  const nativeLegacy = new NativeSDK(emulator.apiKey, emulator.apiSecret, { ...options, protocol: 'legacy' })

  const Original = loadOpentok03(emulator.url).OpenTokSDK
  const original = new Original(emulator.apiKey, emulator.apiSecret)

  const OpenTok2 = require('opentok-2')
  const ot2 = new OpenTok2(emulator.apiKey, emulator.apiSecret, options)

  const list = [
    {
      id: 'native',
      label: 'opentok-native (current wire)',
      call: () => native.createSession(),
    },
  ]
  if (before) {
    const earlier = new before.OpenTok.OpenTokSDK(emulator.apiKey, emulator.apiSecret, options)
    list.push({
      id: 'native-before',
      label: 'opentok-native (before)',
      // its default wire, whichever that was then
      call: () => earlier.createSession(),
    })
  }
  list.push(
    {
      id: 'native-legacy',
      label: "opentok-native (protocol: 'legacy')",
      call: () => nativeLegacy.createSession(),
    },
    {
      id: 'opentok-0.3',
      label: `opentok@${versionOf('opentok')}`,
      // (location, callback): the callback gets the session ID (or, on a
      // failure, the previous one: the per-batch session count catches that).
      call: () => new Promise((resolve) => original.createSession('', resolve)),
    },
    {
      id: 'opentok-2',
      label: `opentok@${versionOf('opentok-2')}`,
      call: () =>
        new Promise((resolve, reject) =>
          ot2.createSession((err, session) => (err ? reject(err) : resolve(session.sessionId))),
        ),
    },
    {
      id: 'fetch',
      label: 'fetch (current wire)',
      call: fetchCreateSession(emulator),
    },
    {
      id: 'http-minimal',
      label: 'node:http minimal (baseline, current wire)',
      call: httpCreateSession(emulator),
    },
    floorContender(emulator),
  )
  return list
}

/**
 * The floor: the native restCall's shape (benchmark/floor.js) called as the
 * SDK calls it, its promise settled from the I/O thread with a createSession
 * outcome given beforehand, parsed as the SDK parses it. No HTTP, so it
 * creates no session.
 */
function floorContender(emulator) {
  const sessionId = `1_${Buffer.from(`1~${API_KEY}~~floor~`).toString('base64url')}`
  const outcome = JSON.stringify({
    trace: { method: 'POST', path: '/session/create', status: 200, attempts: 1 },
    value: sessionId,
  })
  const restCall = loadFloor().floorRestCall(outcome)
  const params = JSON.stringify({ properties: [] })
  return {
    id: 'floor',
    label: 'floor: restCall shape, I/O thread and back, no HTTP',
    floor: true,
    call: () => restCall(null, 'createSession', emulator.url, params).then((text) => JSON.parse(text).value),
  }
}

/** The calls per batch and per warm-up, for each concurrency. */
function settings(opts) {
  return opts.quick
    ? {
        quick: true,
        rounds: opts.rounds ?? 3,
        levels: [
          { concurrency: 1, calls: 50, warmup: 20 },
          { concurrency: 64, calls: 200, warmup: 128 },
        ],
      }
    : {
        quick: false,
        rounds: opts.rounds ?? 5,
        levels: [
          { concurrency: 1, calls: 500, warmup: 200 },
          { concurrency: 64, calls: 2000, warmup: 1000 },
        ],
      }
}

/** Runs one batch and checks, through the emulator, that it created `calls` sessions. */
async function measuredBatch(emulator, contender, level, calls) {
  const before = threadTimes()
  const batch = await runBatch(contender.call, { calls, concurrency: level.concurrency })
  const threads = threadDelta(before, threadTimes())
  const server = await emulator.stats()
  checkSessionId(batch.last, contender.label)
  const ours = server.sessionKeys[API_KEY] ?? 0
  const expected = contender.floor ? 0 : calls
  if (server.sessions !== expected || ours !== expected) {
    throw new Error(
      `${contender.label}: ${calls} calls at concurrency ${level.concurrency} created ${server.sessions} sessions ` +
        `(${ours} of API key ${API_KEY}) on ${server.requests} requests`,
    )
  }
  return { ...batch, threads, server }
}

async function runLevel(emulator, list, level, rounds) {
  // Warm-up: JIT, lazily loaded code (undici), connection pools.
  const warm = []
  for (const c of list) {
    const before = (await emulator.stats()).cpuUs
    const batch = await measuredBatch(emulator, c, level, level.warmup)
    warm.push({ connections: batch.server.connections, cpuUs: batch.server.cpuUs - before })
  }

  const samples = list.map(() => [])
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < list.length; k++) {
      const i = (round + k) % list.length
      const serverBefore = (await emulator.stats()).cpuUs
      const batch = await measuredBatch(emulator, list[i], level, level.calls)
      samples[i].push({ ...batch, serverCpuUs: batch.server.cpuUs - serverBefore })
    }
  }

  const results = summarizeLevel(list, samples, warm, level.calls, BASELINE)
  return {
    id: `c${level.concurrency}`,
    title: `createSession, concurrency ${level.concurrency}: ${level.calls} calls per contender per round, after ${level.warmup} warm-up calls`,
    concurrency: level.concurrency,
    calls: level.calls,
    warmup: level.warmup,
    baseline: BASELINE,
    goals: goals(results),
    notes: notes(results),
    results,
  }
}

const fmtRatio = (r) => `${r.toFixed(2)}x`

/** What the level's figures say beyond the goals: opentok-native as a multiple of its floor. */
function notes(results) {
  const byId = Object.fromEntries(results.map((r) => [r.id, r]))
  const { native, floor } = byId
  const multiple = native.cpuUsPerCall / floor.cpuUsPerCall
  return [
    `opentok-native (current wire) client CPU = ${fmtRatio(multiple)} its floor ` +
      `(${fmtUs(native.cpuUsPerCall)} against ${fmtUs(floor.cpuUsPerCall)} µs a call: the crossing and the thread hops alone)`,
  ]
}

/** The goals of one concurrency level, for opentok-native on the current wire. */
function goals(results) {
  const byId = Object.fromEntries(results.map((r) => [r.id, r]))
  const { native } = byId
  const cpuVs = (other) => native.cpuUsPerCall / other.cpuUsPerCall
  const vsMinimal = cpuVs(byId['http-minimal'])
  const vsOt2 = cpuVs(byId['opentok-2'])
  const rpsVsFetch = native.rps / byId.fetch.rps
  const cpuVsFetch = cpuVs(byId.fetch)
  return [
    {
      text: 'client CPU per call of opentok-native (current wire) <= 0.5x node:http minimal',
      met: vsMinimal <= 0.5,
      detail: fmtRatio(vsMinimal),
    },
    {
      text: `opentok-native client CPU below ${byId['opentok-2'].label}`,
      met: vsOt2 < 1,
      detail: fmtRatio(vsOt2),
    },
    {
      text: 'opentok-native >= fetch req/s with less client CPU per call',
      met: rpsVsFetch >= 1 && cpuVsFetch < 1,
      detail: `req/s ${fmtRatio(rpsVsFetch)}, CPU/call ${fmtRatio(cpuVsFetch)}`,
    },
  ]
}

async function run(config) {
  const before = config.baselineDir ? loadBeforeCheckout(config.baselineDir) : null
  const emulator = await startEmulatorProcess({ apiKey: API_KEY, apiSecret: API_SECRET })
  try {
    const list = contenders(emulator, before)
    // Check every contender once before timing any of them.
    for (const c of list) checkSessionId(await c.call(), c.label)
    await emulator.stats()
    const scenarios = []
    for (const level of config.levels) scenarios.push(await runLevel(emulator, list, level, config.rounds))
    return {
      unit: 'createSession calls',
      emulator: { url: emulator.url, pid: emulator.pid, process: 'child' },
      ...(before && { before: before.info }),
      scenarios,
    }
  } finally {
    emulator.stop()
  }
}

// ---- printing

function print(report) {
  const { machine, settings: s } = report
  console.log(`opentok-native benchmark: ${report.suite}`)
  console.log(
    `node ${machine.node} (V8 ${machine.v8}), ${machine.platform}, ${machine.cpu}, ${machine.cores} cores, load ${machine.loadavg.join(' ')}`,
  )
  console.log(
    `emulator: ${report.emulator.url} in a child process (its CPU is not in "client CPU"); ` +
      `${s.rounds} rounds, order rotated each round, medians across rounds${s.quick ? ' (quick run)' : ''}`,
  )
  for (const scenario of report.scenarios) {
    console.log(`\n${scenario.id}: ${scenario.title}`)
    const rows = [
      [
        'contender',
        'req/s',
        'min – max',
        'p50 ms',
        'p99 ms',
        'client CPU µs/call',
        `req/s vs ${BASELINE_SHORT}`,
        `CPU vs ${BASELINE_SHORT}`,
        'emulator µs/call',
        'new conns (warm-up / rounds)',
      ],
    ]
    for (const r of scenario.results) {
      rows.push([
        r.label,
        fmt(r.rps, 0),
        `${fmt(r.rpsMin, 0)} – ${fmt(r.rpsMax, 0)}`,
        fmtMs(r.p50Ms),
        fmtMs(r.p99Ms),
        fmtUs(r.cpuUsPerCall),
        fmtRatio(r.vsBaseline.rps),
        fmtRatio(r.vsBaseline.cpuUsPerCall),
        fmtUs(r.serverCpuUsPerCall),
        `${r.warmupConnections} / ${r.connections}`,
      ])
    }
    console.log(table(rows))
    for (const note of scenario.notes) console.log(`  ${note}`)
    for (const goal of scenario.goals) console.log(goalLine(goal))
    for (const r of scenario.results) {
      const parts = Object.entries(r.threadsUsPerCall)
        .sort((a, b) => b[1] - a[1])
        .map(([group, us]) => `${group} ${fmtUs(us)}`)
      if (parts.length)
        console.log(`  client CPU by thread, µs/call (all rounds, 10 ms ticks), ${r.label}: ${parts.join(', ')}`)
    }
  }
  if (report.before) printBeforeAfter(report)
}

/** The closing note of a --baseline run: this checkout's opentok-native (current wire) against the before checkout's. */
function printBeforeAfter(report) {
  console.log(
    `\nbefore / after: "before" is ${report.before.dir} (version ${report.before.version}), "after" this checkout`,
  )
  for (const scenario of report.scenarios) {
    const after = scenario.results.find((r) => r.id === 'native')
    const earlier = scenario.results.find((r) => r.id === 'native-before')
    console.log(
      `  ${scenario.id}: req/s ${fmt(after.rps, 0)} after, ${fmt(earlier.rps, 0)} before (after / before ${fmtRatio(after.rps / earlier.rps)}); ` +
        `client CPU µs/call ${fmtUs(after.cpuUsPerCall)} after, ${fmtUs(earlier.cpuUsPerCall)} before ` +
        `(after / before ${fmtRatio(after.cpuUsPerCall / earlier.cpuUsPerCall)})`,
    )
  }
}

module.exports = {
  name: 'sessions',
  description:
    'createSession against the emulator (child process): opentok-native vs opentok@0.3.0, opentok@2.23.2, fetch and node:http, concurrency 1 and 64',
  acceptsBaselineDir: true,
  settings,
  run,
  print,
  checkSessionId,
  loadOpentok03,
}
