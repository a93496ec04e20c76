// index.d.ts, the public contract: the usage files under __test__/types compile
// (strict, nodenext, resolving 'opentok-native' through package.json
// "exports"), and every misuse they mark with `@ts-expect-error` really fails:
// a copy with that one directive removed must not compile, at that line.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, extname, join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const TYPES_DIR = join(REPO_ROOT, '__test__', 'types')
const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const USAGE_FILES = ['usage.ts', 'usage-esm.mts', 'usage-require.cts', 'usage-v2.cts']
const DIRECTIVE = /^\s*\/\/ @ts-expect-error\b/

/** Runs tsc; resolves to { code, output } (output: diagnostics, one a line). */
function tsc(args, cwd = REPO_ROOT) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSC, ...args, '--pretty', 'false'],
      { cwd, timeout: 120_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (error.code ?? 1) : 0, output: `${stdout}${stderr}` })
      },
    )
  })
}

/** `file(line,col): error TSxxxx: message` lines, parsed. */
function diagnostics(output) {
  const found = []
  for (const line of output.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line.trim())
    if (m) found.push({ file: basename(m[1]), line: Number(m[2]), code: m[4], message: m[5] })
  }
  return found
}

/**
 * Writes, into a temp dir, one copy of a usage file per `@ts-expect-error`
 * with that directive removed; returns the dir and, per copy, the line that
 * must now fail.
 */
function writeVariants() {
  const dir = mkdtempSync(join(tmpdir(), 'opentok-native-types-'))
  // 'opentok-native' resolves as from an installed copy: node_modules/opentok-native -> the repo,
  // and the repo's @types next to it.
  writeFileSync(join(dir, 'package.json'), '{ "name": "types-variants", "private": true }\n')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(REPO_ROOT, join(dir, 'node_modules', 'opentok-native'), 'dir')
  symlinkSync(join(REPO_ROOT, 'node_modules', '@types'), join(dir, 'node_modules', '@types'), 'dir')

  const expected = new Map() // variant file name -> the 1-based line that must now fail
  for (const name of USAGE_FILES) {
    const lines = readFileSync(join(TYPES_DIR, name), 'utf8').split('\n')
    lines.forEach((line, index) => {
      if (!DIRECTIVE.test(line)) return
      const variant = lines.slice()
      variant[index] = '// (@ts-expect-error removed)' // keeps the line numbers
      const ext = extname(name)
      const file = `${basename(name, ext)}.variant${index + 1}${ext}`
      writeFileSync(join(dir, file), variant.join('\n'))
      expected.set(file, index + 2)
    })
  }
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: join(TYPES_DIR, 'tsconfig.json'), files: [...expected.keys()] }),
  )
  return { dir, expected }
}

// The compilations run at once; each test awaits its own. Only the first
// checks the declaration files themselves (@types/node included: slow); the
// others skip that, which changes nothing for the usage files.
const variants = writeVariants()
after(() => rmSync(variants.dir, { recursive: true, force: true }))
const nodenextRun = tsc(['-p', TYPES_DIR, '--noEmit'])
const standaloneRun = tsc(['-p', join(TYPES_DIR, 'tsconfig.dts.json')])
const bundlerRun = tsc(['-p', join(TYPES_DIR, 'tsconfig.bundler.json'), '--noEmit', '--skipLibCheck'])
const variantsRun = tsc(['-p', variants.dir, '--noEmit', '--skipLibCheck'])

test('the usage files compile: tsc -p __test__/types --noEmit (nodenext, strict)', { timeout: 120_000 }, async () => {
  const { code, output } = await nodenextRun
  assert.equal(code, 0, output)
})

test('index.d.ts compiles on its own, without @types/node', { timeout: 120_000 }, async () => {
  const { code, output } = await standaloneRun
  assert.equal(code, 0, output)
})

test('the ESM usage compiles under moduleResolution bundler too (default import of the module)', {
  timeout: 120_000,
}, async () => {
  const { code, output } = await bundlerRun
  assert.equal(code, 0, output)
})

test('each @ts-expect-error marks a real error: removing any one of them breaks the build at that line', {
  timeout: 120_000,
}, async () => {
  const { expected } = variants
  assert.ok(expected.size >= 40, `found ${expected.size} @ts-expect-error directives`)
  const { code, output } = await variantsRun
  assert.notEqual(code, 0, 'the variants must not compile')
  const found = diagnostics(output)
  assert.ok(found.length > 0, output)
  // Every error is an expected one: in a variant, at its line (not, say, a module not found).
  for (const d of found) {
    assert.equal(expected.get(d.file), d.line, `unexpected error ${d.file}(${d.line}): ${d.code} ${d.message}`)
  }
  // And every variant fails.
  const failing = new Set(found.map((d) => d.file))
  const passing = [...expected.keys()].filter((file) => !failing.has(file))
  assert.deepEqual(passing, [], 'these variants compiled although a directive was removed')
})
