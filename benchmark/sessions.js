'use strict'

// The sessions suite: createSession against the project's REST API emulator
// (plain HTTP on 127.0.0.1, in a child process so that this process's CPU
// time is the client's alone), at concurrency 1 and 64, for
//
//   - opentok-native: `await sdk.createSession()` (promise form),
//   - opentok@0.3.0: `createSession(location, callback)`, its `https` swapped
//     for `http` by a require hook inside this process only,
//   - a hand-written fetch() (Node's global fetch, undici): the baseline.
//
// Every contender makes the same number of calls per round; rounds rotate
// the order of the contenders; the figures are medians across rounds.
// Before timing, one session ID of each contender is decoded and checked,
// and after every batch the emulator must have created exactly one session
// of our API key per call, so a failing contender fails the run instead of
// being measured.

const crypto = require('node:crypto')
const http = require('node:http')
const Module = require('node:module')
const { startEmulatorProcess } = require('./emulator-process.js')
const { fmt, fmtMs, fmtUs, table } = require('./format.js')
const { runBatch, summarizeLevel, threadTimes, threadDelta } = require('./load.js')
const { API_KEY, API_SECRET } = require('./tokens.js')

const BASELINE = 'fetch'

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

function contenders(emulator) {
  const NativeSDK = require('..').OpenTokSDK
  const native = new NativeSDK(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url })
  const nativeLegacy = new NativeSDK(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url, protocol: 'legacy' })

  const Original = loadOpentok03(emulator.url).OpenTokSDK
  const original = new Original(emulator.apiKey, emulator.apiSecret)

  // fetch on today's wire: a fresh HS256 JWT per request, the JSON answer.
  const endpoint = `${emulator.url}/session/create`
  const jwtHeader = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')
  function restJwt() {
    const iat = Math.floor(Date.now() / 1000)
    const claims = { iss: emulator.apiKey, ist: 'project', iat, exp: iat + 300, jti: crypto.randomUUID() }
    const signed = `${jwtHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`
    return `${signed}.${crypto.createHmac('sha256', emulator.apiSecret).update(signed).digest('base64url')}`
  }
  async function fetchCreateSession() {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'X-OPENTOK-AUTH': restJwt(),
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: '',
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`fetch: HTTP ${res.status}: ${text.slice(0, 200)}`)
    const id = JSON.parse(text)[0]?.session_id
    if (!id) throw new Error(`fetch: no session_id in ${text.slice(0, 200)}`)
    return id
  }

  return [
    {
      id: 'native',
      label: 'opentok-native (current wire)',
      call: () => native.createSession(),
    },
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
      id: 'fetch',
      label: 'fetch (baseline, current wire)',
      call: fetchCreateSession,
    },
  ]
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
  if (server.sessions !== calls || ours !== calls) {
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
    results,
  }
}

async function run(config) {
  const emulator = await startEmulatorProcess({ apiKey: API_KEY, apiSecret: API_SECRET })
  try {
    const list = contenders(emulator)
    // Check every contender once before timing any of them.
    for (const c of list) checkSessionId(await c.call(), c.label)
    await emulator.stats()
    const scenarios = []
    for (const level of config.levels) scenarios.push(await runLevel(emulator, list, level, config.rounds))
    return {
      unit: 'createSession calls',
      emulator: { url: emulator.url, pid: emulator.pid, process: 'child' },
      scenarios,
    }
  } finally {
    emulator.stop()
  }
}

// ---- printing

const fmtRatio = (r) => `${r.toFixed(2)}x`

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
    const base = scenario.results.find((r) => r.id === scenario.baseline)
    console.log(`\n${scenario.id}: ${scenario.title}`)
    const rows = [
      [
        'contender',
        'req/s',
        'min – max',
        'p50 ms',
        'p99 ms',
        'client CPU µs/call',
        `req/s vs fetch`,
        'CPU vs fetch',
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
    const native = scenario.results.find((r) => r.id === 'native')
    if (native && native !== base) {
      const met = native.rps >= base.rps && native.cpuUsPerCall < base.cpuUsPerCall
      console.log(
        `  goal (opentok-native >= fetch req/s with less client CPU per call): ${met ? 'met' : 'NOT met'} ` +
          `(req/s ${fmtRatio(native.vsBaseline.rps)}, CPU/call ${fmtRatio(native.vsBaseline.cpuUsPerCall)})`,
      )
    }
    for (const r of scenario.results) {
      const parts = Object.entries(r.threadsUsPerCall)
        .sort((a, b) => b[1] - a[1])
        .map(([group, us]) => `${group} ${fmtUs(us)}`)
      if (parts.length)
        console.log(`  client CPU by thread, µs/call (all rounds, 10 ms ticks), ${r.label}: ${parts.join(', ')}`)
    }
  }
}

module.exports = {
  name: 'sessions',
  description:
    'createSession against the emulator (child process): opentok-native vs opentok@0.3.0 vs fetch, concurrency 1 and 64',
  settings,
  run,
  print,
  checkSessionId,
  loadOpentok03,
}
