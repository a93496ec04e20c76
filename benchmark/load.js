'use strict'

const { median } = require('./measure.js')

// Closed-loop load for asynchronous contenders: a fixed number of calls, at
// most `concurrency` in flight, with per-call latency, wall time and the
// process's CPU time (all threads: JS, libuv, V8 helpers, native runtimes).

const fs = require('node:fs')
const { performance } = require('node:perf_hooks')

/** p in [0, 1]: nearest-rank percentile of a sorted array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil(p * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

/**
 * Runs `calls` calls of `call()` (which returns a promise) with `concurrency`
 * workers, each starting its next call when its previous one settles.
 * Rejects on the first failed call, or after `timeoutMs`.
 * @returns {Promise<{ calls: number, wallMs: number, rps: number, p50Ms: number, p99Ms: number,
 *   cpuUsPerCall: number, cpuUs: number, last: unknown }>}
 */
function runBatch(call, { calls, concurrency, timeoutMs = 30_000 }) {
  const latencies = new Float64Array(calls)
  let next = 0
  let last
  let failed = false

  async function worker() {
    while (next < calls && !failed) {
      const i = next++
      const t0 = performance.now()
      last = await call()
      latencies[i] = performance.now() - t0
    }
  }

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      failed = true
      reject(new Error(`batch of ${calls} calls at concurrency ${concurrency} did not finish within ${timeoutMs} ms`))
    }, timeoutMs)

    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const workers = []
    for (let w = 0; w < Math.min(concurrency, calls); w++) workers.push(worker())
    Promise.all(workers).then(
      () => {
        const wallMs = performance.now() - t0
        const cpu = process.cpuUsage(cpu0)
        clearTimeout(timer)
        if (failed) return
        const sorted = Array.from(latencies).sort((a, b) => a - b)
        const cpuUs = cpu.user + cpu.system
        resolve({
          calls,
          wallMs,
          rps: (calls * 1000) / wallMs,
          p50Ms: percentile(sorted, 0.5),
          p99Ms: percentile(sorted, 0.99),
          cpuUs,
          cpuUsPerCall: cpuUs / calls,
          last,
        })
      },
      (err) => {
        failed = true
        clearTimeout(timer)
        reject(err)
      },
    )
  })
}

// ---- CPU time by thread (Linux /proc), to see where a contender spends it.

const clockTick = 100 // USER_HZ: 100 on every mainstream Linux

/** Thread group of a thread name (comm, at most 15 characters). */
function threadGroup(tid, comm) {
  if (tid === process.pid) return 'main'
  // opentok-native-io, cut to 15 characters: the addon's I/O thread
  if (comm.startsWith('opentok-native')) return 'addon I/O'
  if (comm.startsWith('tokio')) return 'tokio' // tokio-rt-worker: an older build's runtime (--baseline)
  // Node's own threads (V8 platform workers: GC, compiler; libuv pool) are all named "node".
  if (comm.startsWith('node') || comm.startsWith('V8') || comm.startsWith('libuv')) return 'node helpers'
  return 'other'
}

/**
 * CPU time so far of every live thread, by tid: { group, us }. Empty when
 * /proc/self/task cannot be read (not Linux).
 */
function threadTimes() {
  const out = new Map()
  let tids
  try {
    tids = fs.readdirSync('/proc/self/task')
  } catch {
    return out
  }
  for (const name of tids) {
    let stat
    try {
      stat = fs.readFileSync(`/proc/self/task/${name}/stat`, 'latin1')
    } catch {
      continue // the thread ended meanwhile
    }
    const open = stat.indexOf('(')
    const close = stat.lastIndexOf(')')
    const fields = stat.slice(close + 2).split(' ')
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    const ticks = Number(fields[11]) + Number(fields[12])
    const tid = Number(name)
    out.set(tid, { group: threadGroup(tid, stat.slice(open + 1, close)), us: (ticks * 1e6) / clockTick })
  }
  return out
}

/** CPU µs per thread group spent between two threadTimes() snapshots. */
function threadDelta(before, after) {
  const groups = {}
  for (const [tid, { group, us }] of after) {
    const d = us - (before.get(tid)?.us ?? 0)
    if (d > 0) groups[group] = (groups[group] ?? 0) + d
  }
  return groups
}

/**
 * The results of one concurrency level: per contender, the medians of its
 * rounds (`samples[i]`, batches of `calls` calls each) and its warm-up
 * connections (`warm[i]`), with ratios against the contender `baselineId`.
 */
function summarizeLevel(contenders, samples, warm, calls, baselineId) {
  const results = contenders.map((c, i) => {
    const s = samples[i]
    const series = {
      rps: s.map((b) => b.rps),
      p50Ms: s.map((b) => b.p50Ms),
      p99Ms: s.map((b) => b.p99Ms),
      cpuUsPerCall: s.map((b) => b.cpuUsPerCall),
      serverCpuUsPerCall: s.map((b) => b.serverCpuUs / b.calls),
      connections: s.map((b) => b.server.connections),
    }
    const threadsUsPerCall = {}
    for (const b of s) {
      for (const [group, us] of Object.entries(b.threads)) threadsUsPerCall[group] = (threadsUsPerCall[group] ?? 0) + us
    }
    for (const group of Object.keys(threadsUsPerCall)) threadsUsPerCall[group] /= calls * s.length
    return {
      id: c.id,
      label: c.label,
      calls: calls,
      rounds: s.length,
      rps: median(series.rps),
      rpsMin: Math.min(...series.rps),
      rpsMax: Math.max(...series.rps),
      p50Ms: median(series.p50Ms),
      p99Ms: median(series.p99Ms),
      cpuUsPerCall: median(series.cpuUsPerCall),
      serverCpuUsPerCall: median(series.serverCpuUsPerCall),
      warmupConnections: warm[i].connections,
      connections: series.connections.reduce((a, b) => a + b, 0),
      threadsUsPerCall,
      samples: series,
    }
  })
  const base = results.find((r) => r.id === baselineId)
  for (const r of results) {
    r.vsBaseline = {
      rps: r.rps / base.rps,
      cpuUsPerCall: r.cpuUsPerCall / base.cpuUsPerCall,
      p50Ms: r.p50Ms / base.p50Ms,
      p99Ms: r.p99Ms / base.p99Ms,
    }
  }
  return results
}

module.exports = { runBatch, percentile, summarizeLevel, threadTimes, threadDelta }
