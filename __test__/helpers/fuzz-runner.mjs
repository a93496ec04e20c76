// Shared by the hardening suites (__test__/hardening-*.spec.mjs): the fuzz
// loop over the cases of fuzz-cases.mjs, and the checks each call must pass.
// It runs in a child process (fuzz-child.mjs).
import { inspect } from 'node:util'
import { buildCase } from './fuzz-cases.mjs'
import { API_CODES, PANIC, SYNC_CODES } from './hardening.mjs'
import { hostileValue } from './hostile-values.mjs'
import { closedPortUrl, moderatorToken, OpenTokArchive, OpenTokError, OpenTokSDK, startEmulator } from './network.mjs'
import { sessionIdFor } from './token.mjs'

// ---------------------------------------------------------------------------
// Judging one call.

/** Why a synchronously thrown `err` is not acceptable for the case, or null. */
export function judgeThrown(err, ctx) {
  if (ctx.sentinels.has(err)) return null // the user's own getter or trap: propagated unchanged
  if (!(err instanceof Error)) return `threw a non-Error: ${safeInspect(err)}`
  if (PANIC.test(String(err.message)) || PANIC.test(String(err.stack)))
    return `a Rust panic reached JavaScript: ${err.message}`
  if (typeof err.message !== 'string' || err.message === '') return `threw ${err.name} with an empty message`
  if (!(err instanceof TypeError || err instanceof RangeError || err.constructor === Error))
    return `threw a ${err.constructor?.name}: ${err.message}`
  if (ctx.revoked && err instanceof TypeError && /revoked/.test(err.message)) return null
  if (!SYNC_CODES.has(err.code))
    return `threw ${err.name} with code ${safeInspect(err.code)} (not an SDK code): ${err.message}`
  if (err.code === 'ERR_INVALID_ARG_TYPE' && !(err instanceof TypeError)) return `ERR_INVALID_ARG_TYPE on a ${err.name}`
  if (err.code === 'ERR_OUT_OF_RANGE' && !(err instanceof RangeError)) return `ERR_OUT_OF_RANGE on a ${err.name}`
  return null
}

/** Why a rejection `err` is not acceptable, or null. */
export function judgeRejection(err) {
  if (err instanceof OpenTokError) {
    if (!API_CODES.has(err.code)) return `rejected with an OpenTokError of code ${safeInspect(err.code)}`
    if (typeof err.message !== 'string' || err.message === '') return 'rejected with an empty message'
    if (PANIC.test(err.message)) return `a Rust panic reached JavaScript: ${err.message}`
    return null
  }
  if (err instanceof TypeError && SYNC_CODES.has(err.code)) return null
  return `rejected with ${safeInspect(err)}, not an OpenTokError or TypeError`
}

export function safeInspect(value) {
  try {
    const text = inspect(value, { depth: 1, breakLength: Infinity })
    return text.length > 300 ? `${text.slice(0, 300)}…` : text
  } catch {
    return `<${typeof value} that cannot be inspected>`
  }
}

/** Waits for `promise` at most `ms`: `{ settled, value, error, rejected }`. */
function settleWithin(promise, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ settled: false }), ms)
    Promise.resolve(promise).then(
      (value) => {
        clearTimeout(timer)
        resolve({ settled: true, value })
      },
      (error) => {
        clearTimeout(timer)
        resolve({ settled: true, rejected: true, error })
      },
    )
  })
}

const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve))

/**
 * Runs one case synchronously: the problem found (string) or null, and what
 * is left to check asynchronously.
 */
export function runCase(c) {
  let returned
  let threw = false
  let thrown
  try {
    returned = c.run(c.args)
  } catch (err) {
    threw = true
    thrown = err
  }
  const cbIndex = c.callbackIndex ? c.callbackIndex(c.args) : -1
  const callback = cbIndex >= 0 ? c.args[cbIndex] : undefined
  const pending = { case: c, promise: undefined, callbackRecord: undefined, followUp: c.ctx.followUp }
  if (threw) return { problem: judgeThrown(thrown, c.ctx), pending, threw: true, thrown }
  if (c.network) {
    if (callback === undefined) {
      if (!(returned instanceof Promise))
        return { problem: `returned ${safeInspect(returned)}, not a Promise`, pending }
      pending.promise = returned
    } else {
      if (returned !== undefined)
        return { problem: `with a callback it returned ${safeInspect(returned)}, not undefined`, pending }
      pending.callbackRecord = c.ctx.functions.find((r) => r.value === callback)
      if (!pending.callbackRecord) return { problem: 'internal: callback not tracked', pending }
      pending.callbackRecord.isCallback = true
    }
    return { problem: null, pending }
  }
  return { problem: c.check ? c.check(returned) : null, pending }
}

/** The kind of a problem, to tell whether a smaller input still shows the same one. */
const problemKind = (problem) => problem.replace(/:.*$/s, '').replace(/\d+/g, 'N')

const shortInspect = (value) => {
  try {
    return inspect(value, { depth: 2, maxStringLength: 60, maxArrayLength: 5, breakLength: Infinity, getters: false })
  } catch {
    return `<${typeof value}>`
  }
}

/**
 * The smallest form of failing case `index` that still fails the same way
 * (synchronous failures): trailing arguments dropped, then the keys of its
 * object arguments deleted one by one, then arguments set to undefined.
 */
export function shrinkCase(seed, index, env, problem) {
  const kind = problemKind(problem)
  const edits = []
  const attempt = (candidate) => {
    try {
      const c = buildCase(seed, index, env)
      for (const edit of candidate) edit(c)
      const r = runCase(c)
      r.pending.promise?.catch(() => {})
      r.pending.followUp?.catch(() => {})
      return r.problem && problemKind(r.problem) === kind ? { c, problem: r.problem } : null
    } catch {
      return null
    }
  }
  let best = attempt(edits)
  if (!best) return { index, problem, minimal: '(did not fail again when replayed alone)' }
  const tryEdit = (edit) => {
    const found = attempt([...edits, edit])
    if (!found) return false
    edits.push(edit)
    best = found
    return true
  }
  while (
    best.c.args.length > 0 &&
    tryEdit((c) => {
      c.args.length = Math.max(0, c.args.length - 1)
    })
  ) {
    /* dropped one */
  }
  for (let i = 0; i < best.c.args.length; i++) {
    const arg = best.c.args[i]
    if (arg !== null && typeof arg === 'object' && !Array.isArray(arg) && !ArrayBuffer.isView(arg)) {
      let keys = []
      try {
        keys = Object.keys(arg)
      } catch {
        /* a hostile proxy: kept whole */
      }
      for (const key of keys)
        tryEdit((c) => {
          delete c.args[i][key]
        })
    }
    if (arg !== undefined)
      tryEdit((c) => {
        c.args[i] = undefined
      })
    // Strings: halved while they still fail.
    while (typeof best.c.args[i] === 'string' && best.c.args[i].length > 8) {
      const half = Math.ceil(best.c.args[i].length / 2)
      if (
        !tryEdit((c) => {
          c.args[i] = c.args[i].slice(0, half)
        }) &&
        !tryEdit((c) => {
          c.args[i] = c.args[i].slice(-half)
        })
      )
        break
    }
  }
  const { c } = best
  return { index, problem: best.problem, minimal: `${c.name}(${c.args.map(shortInspect).join(', ')})` }
}

/** Waits for what a call left running: its promise, a follow-up call, its callback; counts and judges the outcome. */
async function awaitPending(p, settleMs, outcomes, fail) {
  if (p.promise) {
    const r = await settleWithin(p.promise, settleMs)
    if (!r.settled) return fail(p.case, `the promise did not settle within ${settleMs} ms`)
    if (r.rejected) outcomes.rejected++
    else outcomes.resolved++
    const problem = r.rejected ? judgeRejection(r.error) : p.case.check?.(r.value)
    if (problem) fail(p.case, problem)
  }
  if (p.followUp) {
    const r = await settleWithin(p.followUp, settleMs)
    const problem = !r.settled ? `did not settle within ${settleMs} ms` : r.rejected ? judgeRejection(r.error) : null
    if (problem) fail(p.case, `the follow-up createSession: ${problem}`)
  }
  if (p.callbackRecord) {
    const { calls } = p.callbackRecord
    const deadline = performance.now() + settleMs
    while (calls.length === 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
    if (calls.length === 0) return fail(p.case, `the callback was not called within ${settleMs} ms`)
    outcomes.callbacks++
  }
  return undefined
}

/**
 * Checks the tracked functions of a batch once everything settled: each
 * callback called once (error-first ones with null or an OpenTokError first),
 * every other function never. Returns how many OpenTokError warnings the
 * failed 0.3.x-style callbacks must have caused (NaN: cannot tell).
 */
function checkFunctions(pendings, fail) {
  let expectedWarnings = 0
  for (const p of pendings) {
    for (const record of p.case.ctx.functions) {
      if (!record.isCallback) {
        if (record.calls.length !== 0)
          fail(p.case, `a function that is not the callback was called ${record.calls.length} times`)
        continue
      }
      if (record.calls.length !== 1) fail(p.case, `the callback was called ${record.calls.length} times`)
      const [first] = record.calls
      let errorFirst
      try {
        errorFirst = record.fn.length >= 2
      } catch {
        expectedWarnings = NaN // a hostile length: either style is acceptable
        continue
      }
      if (first && errorFirst && first[0] !== null && !(first[0] instanceof OpenTokError))
        fail(p.case, `error-first callback got ${safeInspect(first[0])} first`)
      // A failed call gives a 0.3.x callback undefined, or for a manifest an
      // empty archive, told apart by its missing title (every emulator archive has one).
      const failed =
        first && (first[0] === undefined || (first[0] instanceof OpenTokArchive && first[0].title === undefined))
      if (first && !errorFirst && failed) expectedWarnings++
    }
  }
  return expectedWarnings
}

/**
 * The fuzz loop. Returns the summary the child prints.
 * @param {{ seed: number, count: number, only?: number, batch?: number, settleMs?: number,
 *   log?: (line: string) => void, progress?: (c: object) => void }} options
 */
export async function fuzz({ seed, count, only, batch = 250, settleMs = 30_000, log = () => {}, progress = () => {} }) {
  const started = performance.now()
  const env = await fuzzEnvironment()
  const failures = []
  const counts = {}
  const outcomes = { returned: 0, threw: 0, sentinel: 0, resolved: 0, rejected: 0, callbacks: 0 }
  const warnings = []
  const unexpected = []
  const onWarning = (w) => warnings.push(w)
  const brief = (value) =>
    value instanceof Error ? `${value.name} ${value.code ?? ''}: ${value.message}` : safeInspect(value)
  const onRejection = (reason) => unexpected.push(`unhandled rejection: ${brief(reason)}`)
  const onException = (err) => unexpected.push(`uncaught exception: ${brief(err)}`)
  process.on('warning', onWarning)
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
  let failureCount = 0
  const record = (failure) => {
    failureCount++
    if (failures.length < 100) failures.push(failure)
  }
  const fail = (c, problem) => record({ index: c.index, call: c.describe(), problem })
  const rssSamples = []
  const shrunk = []

  const measure = () => {
    global.gc?.()
    global.gc?.()
    return process.memoryUsage()
  }
  // Before the loop; and after a warm-up, when the allocator's arenas, the
  // connection pools and V8's code caches have reached their working size.
  const start0 = measure()
  let rssBefore = 0
  let heapBefore = 0
  const warmup = Math.min(10_000, Math.floor(count / 10))
  const indices = only !== undefined ? [only] : Array.from({ length: count }, (_, i) => i)
  // Cases whose hostile callback threw after the call was made: a later unhandled rejection is theirs.
  const suspects = []

  for (let start = 0; start < indices.length; start += batch) {
    if (start >= warmup && rssBefore === 0) {
      const m = measure()
      rssBefore = m.rss
      heapBefore = m.heapUsed
    }
    const pendings = []
    for (const index of indices.slice(start, start + batch)) {
      const c = buildCase(seed, index, env)
      counts[c.kind] = (counts[c.kind] ?? 0) + 1
      progress(c)
      const { problem, pending, threw, thrown } = runCase(c)
      if (problem) {
        fail(c, problem)
        if (shrunk.length < 5) shrunk.push(shrinkCase(seed, index, env, problem))
      }
      if (threw) {
        outcomes.threw++
        if (c.ctx.sentinels.size > 0) outcomes.sentinel++
        // The call got as far as reading its callback's `length`: it may have started already.
        if (c.network && c.ctx.functions.some((r) => r.hostile === thrown)) suspects.push(c)
      } else {
        outcomes.returned++
      }
      pendings.push(pending)
    }
    // Every promise settles, every callback is called exactly once, nothing else is called.
    await Promise.all(pendings.map((p) => awaitPending(p, settleMs, outcomes, fail)))
    await nextMacrotask()
    await nextMacrotask()
    const expectedWarnings = checkFunctions(pendings, fail)
    const apiWarnings = warnings.splice(0).filter((w) => w instanceof OpenTokError)
    if (!Number.isNaN(expectedWarnings) && apiWarnings.length !== expectedWarnings) {
      record({
        index: -1,
        call: `batch from case ${indices[start]}`,
        problem: `${apiWarnings.length} OpenTokError warnings for ${expectedWarnings} failed 0.3.x-style callbacks`,
      })
    }
    if (unexpected.length > 0) {
      // Attributed to the cases of the batch that threw from a hostile callback after the call had started.
      for (const problem of unexpected.splice(0)) {
        const operation = /(\w+) failed:/.exec(problem)?.[1] ?? ''
        const likely = suspects.filter((c) => operation !== '' && c.kind.endsWith(operation))
        const blamed = likely.length > 0 ? likely : suspects
        const call =
          blamed.length === 0
            ? `one of the calls of the batch from case ${indices[start]}`
            : blamed.length === 1
              ? blamed[0].describe()
              : `one of: ${blamed
                  .map((c) => `#${c.index} ${c.describe()}`)
                  .join(' | ')
                  .slice(0, 2000)}`
        record({ index: blamed[0]?.index ?? -1, call, problem })
      }
    }
    suspects.length = 0
    env.emu.requests.length = 0
    env.emu.sessions.length = 0
    if (start % (batch * 40) === 0) {
      log(`${start} cases, ${failureCount} failures, ${((performance.now() - started) / 1000).toFixed(1)} s`)
      if (start > 0) rssSamples.push([start, measure().rss])
    }
  }
  const after = measure()
  if (rssBefore === 0) {
    rssBefore = after.rss
    heapBefore = after.heapUsed
  }
  process.off('warning', onWarning)
  process.off('unhandledRejection', onRejection)
  process.off('uncaughtException', onException)
  await env.close()
  return {
    seed,
    count: indices.length,
    ms: Math.round(performance.now() - started),
    failures,
    failureCount,
    counts,
    rssSamples,
    outcomes,
    shrunk,
    rssStart: start0.rss,
    rssBefore,
    rssAfter: after.rss,
    heapBefore,
    heapAfter: after.heapUsed,
  }
}

/** An emulator, an archive on it, SDKs pointed at it and at a closed port. */
export async function fuzzEnvironment() {
  const emu = await startEmulator()
  const closedUrl = await closedPortUrl()
  const sdk = new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: emu.url, timeout: 5000 })
  const closedSdk = new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: closedUrl, timeout: 2000 })
  const spec = emu.addArchive({
    title: 'Fuzz',
    videos: [
      { length: 10, name: 'a' },
      { length: 12, name: 'b' },
    ],
  })
  const sessionId = sessionIdFor(emu.apiKey)
  const token = moderatorToken(emu.apiKey, emu.apiSecret, { session_id: sessionId })
  const archive = await sdk.getArchiveManifest(spec.archiveId, token)
  const closedArchive = new OpenTokArchive(closedSdk, { archiveId: spec.archiveId, token, apiUrl: closedUrl })
  return {
    emu,
    apiKey: emu.apiKey,
    apiSecret: emu.apiSecret,
    closedUrl,
    sdk,
    /** `sdk` on the 0.3.x wire. */
    legacySdk: new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: emu.url, timeout: 5000, protocol: 'legacy' }),
    closedSdk,
    /** An SDK whose api_url the cases set (its client is built once). */
    urlSdk: new OpenTokSDK(emu.apiKey, emu.apiSecret, { timeout: 2000 }),
    archive,
    closedArchive,
    archiveId: spec.archiveId,
    videoId: spec.videos[0].id,
    sessionId,
    token,
    /** An SDK whose `sessionId` (the default session of generateToken) is anything at all. */
    scratchSdk(ctx) {
      const scratch = new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: closedUrl })
      const [value, desc] = ctx.rng.chance(0.3) ? [sessionId, '<valid session ID>'] : hostileValue(ctx)
      scratch.sessionId = value
      ctx.scratchSessionId = desc
      return scratch
    },
    close: () => emu.close(),
  }
}
