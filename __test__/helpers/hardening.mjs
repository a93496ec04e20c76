// Shared by the hardening suites (__test__/hardening-*.spec.mjs): the stress
// switch, the seed of a run and the PRNG of each case, number formatting, the
// error codes the SDK throws or rejects with, and a proxy-free environment for
// child processes. Beside it:
// - hostile-values.mjs: a seeded generator of hostile JavaScript values;
// - fuzz-cases.mjs: the calls of every public entry point made from them;
// - fuzz-runner.mjs: the fuzz loop, and the checks each call must pass;
// - fuzz-child.mjs: the fuzz loop run in a child process;
// - secret-leaks.mjs: where a credential could show, and the check that it does not.
import { randomBytes } from 'node:crypto'
import { prng } from './token.mjs'

export const STRESS = process.env.OPENTOK_STRESS === '1'

/** A distinctive secret: appears nowhere unless leaked. */
export const distinctiveSecret = () => `S3cr3t-${randomBytes(12).toString('hex')}`

/** The seed of this run: OPENTOK_FUZZ_SEED, else a random 32-bit one. */
export function fuzzSeed() {
  const given = process.env.OPENTOK_FUZZ_SEED
  return given !== undefined && given !== '' ? Number(given) >>> 0 : randomBytes(4).readUInt32LE(0)
}

/** The PRNG of case `index` of a run: each case can be replayed alone. */
export const caseRng = (seed, index) => prng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0)

/** `1234567` → `1,234,567`. */
export const grouped = (n) => Math.round(n).toLocaleString('en-US')
export const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

// ---------------------------------------------------------------------------
// The error codes the SDK throws or rejects with.

export const SYNC_CODES = new Set([
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
  'ERR_OUT_OF_RANGE',
  'OPENTOK_INVALID_SESSION_ID',
  'ERR_INVALID_URI',
])
export const API_CODES = new Set([
  'OPENTOK_AUTH',
  'OPENTOK_NOT_FOUND',
  'OPENTOK_REQUEST',
  'OPENTOK_SERVER',
  'OPENTOK_BAD_RESPONSE',
  'OPENTOK_NETWORK',
  'OPENTOK_TIMEOUT',
])

/** What a Rust panic that reached JavaScript would look like. */
export const PANIC = /panicked|RUST_BACKTRACE|unwrap\(\)|called `(Option|Result)::/

// ---------------------------------------------------------------------------
// Child processes.

/** An environment without proxies, so that nothing leaves 127.0.0.1. */
export function isolatedEnv(extra = {}) {
  const env = { ...process.env }
  for (const name of Object.keys(env)) if (/_proxy$/i.test(name)) delete env[name]
  return { ...env, NO_PROXY: '*', no_proxy: '*', ...extra }
}
