'use strict'

// The archives suite: v2 archive round trips against the project's REST API
// emulator (plain HTTP on 127.0.0.1, in a child process so that this
// process's CPU time is the client's alone), at concurrency 1 and 16, for
//
//   - opentok-native's 2.x API: `await ot.getArchive(id)` etc. (promise form),
//   - opentok@2.23.2 (devDependency `opentok-2`): the same calls in the
//     callback form, each wrapped in a promise: the baseline.
//
// Scenarios: `getArchive(id)` of one existing (stopped, available) archive,
// and `startArchive(sessionId)` + `stopArchive(id)` pairs, each pair on a
// session of a pool (one per worker) whose previous archive is stopped. The
// sessions are routed, and each has a client connected and publishing
// through the emulator's hooks (archives need one). Before timing, each
// contender's answers are checked (archive ID, session ID and status), and
// after every batch the emulator must have received exactly the requests of
// the batch's calls, so a failing contender fails the run instead of being
// measured.

const { startEmulatorProcess } = require('./emulator-process.js')
const { fmt, fmtMs, fmtUs, table } = require('./format.js')
const { runBatch, summarizeLevel, threadTimes, threadDelta } = require('./load.js')
const { API_KEY, API_SECRET } = require('./tokens.js')

const BASELINE = 'opentok-2'
const POOL = 16 // sessions for start/stop pairs: at least the highest concurrency

function versionOf(name) {
  try {
    return require(`${name}/package.json`).version
  } catch {
    return '?'
  }
}

/** Throws unless `archive` is an archive object with the given fields. */
function checkArchive(archive, want, label) {
  for (const [key, value] of Object.entries(want)) {
    if (archive?.[key] !== value) {
      throw new Error(
        `${label}: archive check failed: ${key} is ${JSON.stringify(archive?.[key])}, not ${JSON.stringify(value)}\n` +
          `  archive: ${JSON.stringify(archive)}`,
      )
    }
  }
}

/** 2.x's error-first callback as a promise. */
const promised = (fn) => new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))))

/**
 * The contenders, as `{ id, label, getArchive(id), startArchive(sessionId), stopArchive(id) }`,
 * each returning a promise of the archive.
 */
function sdks(emulator) {
  const OpenTok = require('..')
  const native = new OpenTok(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url })
  const OpenTok2 = require('opentok-2')
  const official = new OpenTok2(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url })
  return [
    {
      id: 'native',
      label: 'opentok-native (2.x API, promises)',
      getArchive: (id) => native.getArchive(id),
      startArchive: (sessionId) => native.startArchive(sessionId),
      stopArchive: (id) => native.stopArchive(id),
    },
    {
      id: 'opentok-2',
      label: `opentok@${versionOf('opentok-2')} (callbacks)`,
      getArchive: (id) => promised((cb) => official.getArchive(id, cb)),
      startArchive: (sessionId) => promised((cb) => official.startArchive(sessionId, cb)),
      stopArchive: (id) => promised((cb) => official.stopArchive(id, cb)),
    },
  ]
}

/** A routed session of API_KEY with a client connected and publishing (through the emulator's hooks). */
async function routedSession(emulator, ot, name) {
  const session = await ot.createSession({ mediaMode: 'routed' })
  await emulator.connect(ot.generateToken(session.sessionId, { role: 'publisher' }), name)
  return session.sessionId
}

/**
 * The scenarios: per contender a `call()` for runBatch, and the requests
 * one call makes, by route (as the emulator process counts them).
 */
function scenarioKinds(fixture) {
  return [
    {
      id: 'get',
      title: 'getArchive(id) of an existing archive',
      routes: { 'GET archive/:id': 1 },
      call: (sdk) => () => sdk.getArchive(fixture.archiveId),
      check: (archive, label) => checkArchive(archive, { id: fixture.archiveId, status: 'available' }, label),
    },
    {
      id: 'startstop',
      title: 'startArchive(sessionId) + stopArchive(id), a pair per call, one session per worker',
      routes: { 'POST archive': 1, 'POST archive/:id/stop': 1 },
      call: (sdk, label) => {
        const free = [...fixture.pool]
        return async () => {
          const sessionId = free.pop()
          const started = await sdk.startArchive(sessionId)
          if (started?.status !== 'started' || started.sessionId !== sessionId) {
            checkArchive(started, { status: 'started', sessionId }, label)
          }
          const stopped = await sdk.stopArchive(started.id)
          free.push(sessionId)
          return { stopped, startedId: started.id, sessionId }
        }
      },
      check: (pair, label) =>
        checkArchive(pair.stopped, { id: pair.startedId, sessionId: pair.sessionId, status: 'stopped' }, label),
    },
  ]
}

/** The calls per batch and per warm-up, for each scenario and concurrency. */
function settings(opts) {
  const levels = opts.quick
    ? {
        get: [
          { concurrency: 1, calls: 50, warmup: 20 },
          { concurrency: 16, calls: 200, warmup: 64 },
        ],
        startstop: [
          { concurrency: 1, calls: 25, warmup: 10 },
          { concurrency: 16, calls: 100, warmup: 32 },
        ],
      }
    : {
        get: [
          { concurrency: 1, calls: 500, warmup: 200 },
          { concurrency: 16, calls: 2000, warmup: 500 },
        ],
        startstop: [
          { concurrency: 1, calls: 250, warmup: 100 },
          { concurrency: 16, calls: 1000, warmup: 250 },
        ],
      }
  return { quick: opts.quick, rounds: opts.rounds ?? (opts.quick ? 3 : 5), sessionPool: POOL, levels }
}

/** Runs one batch and checks, through the emulator, that it made exactly the requests of `calls` calls. */
async function measuredBatch(emulator, entry, kind, level, calls) {
  const before = threadTimes()
  const batch = await runBatch(entry.call, { calls, concurrency: level.concurrency })
  const threads = threadDelta(before, threadTimes())
  const server = await emulator.stats()
  kind.check(batch.last, entry.label)
  const want = Object.fromEntries(Object.entries(kind.routes).map(([route, n]) => [route, n * calls]))
  const perCall = Object.values(kind.routes).reduce((a, b) => a + b, 0)
  const ok =
    server.requests === perCall * calls &&
    server.sessions === 0 &&
    Object.entries(want).every(([route, n]) => server.routes[route] === n)
  if (!ok) {
    throw new Error(
      `${entry.label}: ${calls} ${kind.id} calls at concurrency ${level.concurrency}: the emulator received ` +
        `${JSON.stringify(server.routes)} (${server.requests} requests, ${server.sessions} sessions created), ` +
        `not ${JSON.stringify(want)}`,
    )
  }
  return { ...batch, threads, server }
}

async function runLevel(emulator, kind, entries, level, rounds) {
  // Warm-up: JIT, lazily loaded code, connection pools.
  const warm = []
  for (const e of entries) {
    const before = (await emulator.stats()).cpuUs
    const batch = await measuredBatch(emulator, e, kind, level, level.warmup)
    warm.push({ connections: batch.server.connections, cpuUs: batch.server.cpuUs - before })
  }

  const samples = entries.map(() => [])
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < entries.length; k++) {
      const i = (round + k) % entries.length
      const serverBefore = (await emulator.stats()).cpuUs
      const batch = await measuredBatch(emulator, entries[i], kind, level, level.calls)
      samples[i].push({ ...batch, serverCpuUs: batch.server.cpuUs - serverBefore })
    }
  }

  const results = summarizeLevel(entries, samples, warm, level.calls, BASELINE)
  return {
    id: `${kind.id}-c${level.concurrency}`,
    kind: kind.id,
    title: `${kind.title}, concurrency ${level.concurrency}: ${level.calls} calls per contender per round, after ${level.warmup} warm-up calls`,
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
    const list = sdks(emulator)
    // The fixture, made with opentok-native's 2.x API (checked as it goes):
    // the session pool, and one archive started and stopped for getArchive.
    const ot = new (require('..'))(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url })
    const pool = []
    for (let i = 0; i < POOL; i++) pool.push(await routedSession(emulator, ot, `bench-${i}`))
    const started = await ot.startArchive(pool[0], { name: 'bench' })
    checkArchive(started, { status: 'started', sessionId: pool[0] }, 'fixture startArchive')
    checkArchive(await ot.stopArchive(started.id), { id: started.id, status: 'stopped' }, 'fixture stopArchive')
    const fixture = { pool, archiveId: started.id }
    const kinds = scenarioKinds(fixture)

    // Check every contender's answers once before timing any of them.
    for (const c of list) {
      checkArchive(await c.getArchive(fixture.archiveId), { id: fixture.archiveId, status: 'available' }, c.label)
      const a = await c.startArchive(pool[0])
      checkArchive(a, { status: 'started', sessionId: pool[0] }, c.label)
      checkArchive(await c.stopArchive(a.id), { id: a.id, sessionId: pool[0], status: 'stopped' }, c.label)
      checkArchive(await c.getArchive(a.id), { id: a.id, status: 'available' }, c.label)
    }
    await emulator.stats()

    const scenarios = []
    for (const kind of kinds) {
      for (const level of config.levels[kind.id]) {
        const entries = list.map((c) => ({ id: c.id, label: c.label, call: kind.call(c, c.label) }))
        scenarios.push(await runLevel(emulator, kind, entries, level, config.rounds))
      }
    }
    return {
      unit: 'archive calls',
      emulator: { url: emulator.url, pid: emulator.pid, process: 'child' },
      fixture: { archiveId: fixture.archiveId, sessions: pool.length },
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
        'calls/s',
        'min – max',
        'p50 ms',
        'p99 ms',
        'client CPU µs/call',
        `calls/s vs 2.23.2`,
        'CPU vs 2.23.2',
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
      console.log(
        `  opentok-native / ${base.label}: calls/s ${fmtRatio(native.vsBaseline.rps)}, ` +
          `client CPU per call ${fmtRatio(native.vsBaseline.cpuUsPerCall)}`,
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
  name: 'archives',
  description:
    'getArchive and startArchive+stopArchive against the emulator (child process): opentok-native 2.x vs opentok@2.23.2, concurrency 1 and 16',
  settings,
  run,
  print,
  checkArchive,
}
