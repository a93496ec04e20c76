'use strict'

// Timing and statistics for synchronous micro-benchmarks.
//
// compareSync(contenders, settings) runs each contender in batches, in
// several rounds, rotating the order every round so that no contender always
// runs first (warm caches, turbo clocks) or last (GC debt of the others), and
// returns the median, min and max ns per call across rounds.

const { hrtime } = process

// Results are folded into this value so that no call can be optimised away.
let sink = 0

/** How long a contender is warmed up by default, in ms. */
const WARMUP_MS = 300

/** Nanoseconds taken by `n` calls of `fn`. */
function timeBatch(fn, n) {
  let acc = 0
  const start = hrtime.bigint()
  for (let i = 0; i < n; i++) acc += fn().length
  const elapsed = hrtime.bigint() - start
  sink = (sink + acc) | 0
  return Number(elapsed)
}

/** Calls `fn` in growing batches for about `ms` milliseconds (JIT warm-up). */
function warmUp(fn, ms) {
  const end = Date.now() + ms
  let n = 64
  while (Date.now() < end) {
    timeBatch(fn, n)
    if (n < 1 << 16) n *= 2
  }
}

/**
 * How many calls of a (warm) `fn` take about `targetMs`: doubles the batch
 * until one batch lasts at least `probeMs`, then scales.
 */
function calibrate(fn, { targetMs, probeMs = 100 }) {
  let n = 64
  let ns = timeBatch(fn, n)
  while (ns < probeMs * 1e6) {
    n *= 2
    ns = timeBatch(fn, n)
  }
  return Math.max(1, Math.round((n * targetMs * 1e6) / ns))
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function summarize(samples) {
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
  }
}

/**
 * @param {{id: string, fn: () => {length: number}}[]} contenders
 * @param {{rounds: number, targetMs?: number, warmupMs?: number, iterations?: number, warmup?: number}} settings
 *   `iterations` fixes the batch size (quick runs; `warmup` calls first),
 *   otherwise each contender is warmed up for `warmupMs` (default 300) and
 *   its batch calibrated to last about `targetMs`.
 * @returns {{id: string, iterations: number, samples: number[], median: number, min: number, max: number}[]}
 *   samples and statistics in ns per call.
 */
function compareSync(contenders, settings) {
  const { rounds } = settings
  let sizes
  if (settings.iterations) {
    for (const c of contenders) timeBatch(c.fn, settings.warmup ?? 0)
    sizes = contenders.map(() => settings.iterations)
  } else {
    for (const c of contenders) warmUp(c.fn, settings.warmupMs ?? WARMUP_MS)
    sizes = contenders.map((c) => calibrate(c.fn, settings))
  }

  const samples = contenders.map(() => [])
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (round + k) % contenders.length
      samples[i].push(timeBatch(contenders[i].fn, sizes[i]) / sizes[i])
    }
  }

  return contenders.map((c, i) => ({
    id: c.id,
    iterations: sizes[i],
    samples: samples[i],
    ...summarize(samples[i]),
  }))
}

module.exports = { WARMUP_MS, compareSync, warmUp, calibrate, timeBatch, median, summarize, sinkValue: () => sink }
