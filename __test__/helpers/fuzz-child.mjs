// Shared by the hardening suites (__test__/hardening-*.spec.mjs): the fuzz
// loop (fuzz-runner.mjs) runs in a child process (with --expose-gc), so that
// an abort, a heap overflow or a hang of the product shows up as a failed
// test instead of killing the test runner. The child prints one line
// `HARDENING-SUMMARY <json>` when it is done.
//
// Every case is generated from its own PRNG, derived from (seed, index):
// `OPENTOK_FUZZ_SEED=<seed> OPENTOK_FUZZ_CASE=<index> node --expose-gc
// __test__/helpers/fuzz-child.mjs fuzz` replays one case alone.

import { randomBytes } from 'node:crypto'
import { openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { fuzz } from './fuzz-runner.mjs'
import { fuzzSeed, isolatedEnv } from './hardening.mjs'
import { OpenTokSDK, runNode } from './network.mjs'

/**
 * Runs the fuzz loop in a child (`--expose-gc`), killed after `timeoutMs`.
 * `lastCase` is the index and description of the last case started (the culprit of a crash or a hang).
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string, summary: any, lastCase: string, ms: number, timedOut: boolean }>}
 */
export async function runFuzzChild({ seed, count, timeoutMs, extraEnv = {} }) {
  const progressPath = join(tmpdir(), `opentok-fuzz-${process.pid}-${randomBytes(4).toString('hex')}.log`)
  try {
    const run = await runNode(`import(${JSON.stringify(import.meta.url)}).then((helper) => helper.main())`, {
      timeoutMs,
      env: isolatedEnv({
        NODE_OPTIONS: '--expose-gc --no-warnings',
        OPENTOK_FUZZ_SEED: String(seed),
        OPENTOK_FUZZ_COUNT: String(count),
        OPENTOK_FUZZ_PROGRESS: progressPath,
        OPENTOK_API_URL: 'http://127.0.0.1:9',
        ...extraEnv,
      }),
    })
    const line = run.stdout.split('\n').find((l) => l.startsWith('HARDENING-SUMMARY '))
    const summary = line ? JSON.parse(line.slice('HARDENING-SUMMARY '.length)) : undefined
    let progress = ''
    try {
      progress = readFileSync(progressPath, 'utf8').slice(-4096)
    } catch {
      /* the child died before its first case */
    }
    return { ...run, summary, lastCase: progress.trimEnd().split('\n').at(-1) ?? '' }
  } finally {
    rmSync(progressPath, { force: true })
  }
}

/**
 * OPENTOK_FUZZ_PLANT: a bug planted in the SDK object of the child, to show
 * that the fuzz loop and its checks do catch each kind of failure.
 */
function plantBug(kind) {
  const proto = OpenTokSDK.prototype
  if (kind === 'throw') {
    const verify = proto.verifyToken
    proto.verifyToken = function (token) {
      if (typeof token === 'string' && token.includes('%')) throw new Error('planted: an error without a code')
      return verify.call(this, token)
    }
  } else if (kind === 'abort') {
    const decode = OpenTokSDK.decodeToken
    OpenTokSDK.decodeToken = (token) => {
      if (typeof token === 'string' && token.includes('%')) process.abort()
      return decode(token)
    }
  } else if (kind === 'hang') {
    const manifest = proto.getArchiveManifest
    proto.getArchiveManifest = function (archiveId, ...rest) {
      // Every promise-form call but those for the real archive (the setup fetches it).
      const real =
        typeof archiveId === 'string' &&
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(archiveId)
      if (typeof archiveId === 'string' && !real && typeof rest[0] === 'string' && rest[1] === undefined)
        return new Promise(() => {})
      return manifest.call(this, archiveId, ...rest)
    }
  } else if (kind !== undefined && kind !== '') {
    throw new Error(`unknown OPENTOK_FUZZ_PLANT ${kind}`)
  }
}

/** The child's entry point: runs the loop the environment describes, prints its summary. */
export async function main() {
  const seed = fuzzSeed()
  const count = Number(process.env.OPENTOK_FUZZ_COUNT ?? 100_000)
  const onlyText = process.env.OPENTOK_FUZZ_CASE
  const only = onlyText !== undefined && onlyText !== '' ? Number(onlyText) : undefined
  const settleMs = Number(process.env.OPENTOK_FUZZ_SETTLE_MS ?? 30_000)
  plantBug(process.env.OPENTOK_FUZZ_PLANT)
  console.log(`seed=${seed} count=${count}${only !== undefined ? ` case=${only}` : ''}`)
  try {
    // The case about to run, to a file the parent reads: a crash or a hang is attributed to it.
    const progressFd = process.env.OPENTOK_FUZZ_PROGRESS ? openSync(process.env.OPENTOK_FUZZ_PROGRESS, 'w') : undefined
    const progress =
      progressFd === undefined
        ? undefined
        : (c) => writeSync(progressFd, `${c.index}\t${c.describe().slice(0, 500).replaceAll('\n', ' ')}\n`)
    const summary = await fuzz({ seed, count, only, settleMs, log: (line) => console.log(line), progress })
    console.log(`HARDENING-SUMMARY ${JSON.stringify(summary)}`)
  } catch (err) {
    console.error('the fuzz loop itself failed:', err)
    process.exit(2)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === 'fuzz') {
  await main()
}
