// Runs the jasmine spec the original opentok module published
// (spec/opentok_spec.coffee of the npm package, installed under a devDependency
// alias such as opentok-0.3.4) unchanged against opentok-native and the
// emulator. The package is copied to a temporary directory and its
// lib/opentok.js replaced by one line that requires this repository; the spec
// then runs in jasmine-node (a child process, with a timeout), with
// OPENTOK_API_URL pointing at an emulator on 127.0.0.1 that knows the spec's
// hard-coded credentials and archive. Nothing is sent anywhere else.
//
// Also a script: `node __test__/helpers/original-specs.mjs 0.3.4` prints the run.
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { REPO_ROOT, requireFromRepo } from './token.mjs'

export const VERSIONS = ['0.3.0', '0.3.2', '0.3.4', '1.0.2']

/** What every published spec hard-codes. */
export const SPEC_API_KEY = '14971292'
export const SPEC_API_SECRET = 'ecbe2b25afec7887bd72fe4763b87add8ce02658'
export const SPEC_ARCHIVE_ID = '5f74aee5-ab3f-421b-b124-ed2a698ee939'

const JASMINE_NODE = join(REPO_ROOT, 'node_modules', 'jasmine-node', 'bin', 'jasmine-node')
const TIMEOUT_MS = 60_000

/** The summary line jasmine-node prints last: `13 tests, 21 assertions, 1 failure, 0 skipped`. */
const SUMMARY = /^(\d+) tests?, (\d+) assertions?, (\d+) failures?, (\d+) skipped/m

/** The `  1) Suite spec name` / `Message:` blocks of the failures, as { name, message }. */
function failuresOf(output) {
  const failures = []
  const block = /^ {2}\d+\) (.+)\n {3}Message:\n {5}(.+)$/gm
  for (let match = block.exec(output); match !== null; match = block.exec(output)) {
    failures.push({ name: match[1].trim(), message: match[2].trim() })
  }
  return failures
}

/**
 * Runs the published spec of opentok@`version` against this repository.
 * `archiveVideos`: the videos of the spec's archive (one by default; the spec needs one).
 * @returns {Promise<{ code: number | null, signal: string | null, output: string,
 *   summary: { tests: number, assertions: number, failures: number, skipped: number } | undefined,
 *   failures: Array<{ name: string, message: string }>, emulatorUrl: string,
 *   requests: Array<{ method: string, path: string, body: string }> }>}
 */
export async function runOriginalSpec(
  version,
  { timeoutMs = TIMEOUT_MS, archiveVideos = [{ length: 42, name: 'spec video' }] } = {},
) {
  const { startEmulator } = requireFromRepo('./emulator/index.js')
  const dir = mkdtempSync(join(tmpdir(), `opentok-${version}-spec-`))
  const emu = await startEmulator({ apiKey: SPEC_API_KEY, apiSecret: SPEC_API_SECRET })
  try {
    emu.addArchive({ archiveId: SPEC_ARCHIVE_ID, title: 'spec archive', videos: archiveVideos })
    cpSync(join(REPO_ROOT, 'node_modules', `opentok-${version}`), dir, { recursive: true, dereference: true })
    writeFileSync(join(dir, 'lib', 'opentok.js'), `module.exports = require(${JSON.stringify(REPO_ROOT)})\n`)
    const env = { ...process.env, OPENTOK_API_URL: emu.url }
    delete env.NODE_DEBUG
    const args = [JASMINE_NODE, '--coffee', '--verbose', '--captureExceptions', join(dir, 'spec')]
    const { code, signal, output } = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
      let output = ''
      child.stdout.on('data', (chunk) => {
        output += chunk
      })
      child.stderr.on('data', (chunk) => {
        output += chunk
      })
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      child.on('error', reject)
      child.on('close', (code, signal) => {
        clearTimeout(timer)
        resolve({ code, signal, output })
      })
    })
    const match = SUMMARY.exec(output)
    const summary = match && {
      tests: Number(match[1]),
      assertions: Number(match[2]),
      failures: Number(match[3]),
      skipped: Number(match[4]),
    }
    const requests = emu.requests.map(({ method, path, body }) => ({ method, path, body }))
    return {
      code,
      signal,
      output,
      summary: summary ?? undefined,
      failures: failuresOf(output),
      emulatorUrl: emu.url,
      requests,
    }
  } finally {
    await emu.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const version of process.argv.length > 2 ? process.argv.slice(2) : VERSIONS) {
    const run = await runOriginalSpec(version)
    process.stdout.write(`== opentok@${version} spec: exit ${run.code}\n${run.output}\n`)
    for (const r of run.requests) process.stdout.write(`   ${r.method} ${r.path} ${r.body}\n`)
  }
}
