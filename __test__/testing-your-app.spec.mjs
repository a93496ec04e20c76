// Keeps the README's "Testing your app" section true: its two examples (a
// nock-based test of opentok 2.x, and the same test on the embedded emulator
// with opentok-native) are taken from README.md and run as they are, each in
// its own `node --test` child. Only the package names are mapped: `opentok`
// to the opentok@2.23.2 devDependency (`opentok-2`), `opentok-native` to this
// checkout. Then the reason the section gives is shown: a nock scope does not
// see opentok-native's requests, which leave through Rust sockets, not Node's
// http module. Everything here talks to 127.0.0.1 only (nock answers the 2.x
// example in-process, with other network connections disabled).

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const require = createRequire(import.meta.url)
const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')

/** The ```js blocks of the README section titled `title`. */
function jsBlocks(title) {
  const start = README.indexOf(`\n## ${title}\n`)
  assert.ok(start >= 0, `README has a "## ${title}" section`)
  const end = README.indexOf('\n## ', start + 1)
  const section = README.slice(start, end < 0 ? undefined : end)
  return [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
}

/** `source` with the package names an app uses mapped to what this checkout has. */
function mapRequires(source) {
  const mapped = {
    opentok: require.resolve('opentok-2'),
    'opentok-native': REPO_ROOT,
    'opentok-native/emulator': join(REPO_ROOT, 'emulator', 'index.js'),
    nock: require.resolve('nock'),
  }
  return source.replace(/require\('([^']+)'\)/g, (call, name) =>
    name in mapped ? `require(${JSON.stringify(mapped[name])})` : call,
  )
}

const work = mkdtempSync(join(tmpdir(), 'opentok-native-readme-'))
after(() => rmSync(work, { recursive: true, force: true }))

/** Runs `source` as a test file with `node --test`; resolves to the TAP summary counts. */
function runTestFile(name, source) {
  const file = join(work, name)
  writeFileSync(file, source)
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--test', '--test-reporter=tap', file],
      // Without NODE_TEST_CONTEXT (set for this file by the runner), the child reports its own TAP.
      { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_TEST_CONTEXT: undefined } },
      (error, stdout, stderr) => {
        const count = (key) => Number(stdout.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1])
        resolve({ code: error ? (error.code ?? 1) : 0, pass: count('pass'), fail: count('fail'), stdout, stderr })
      },
    )
  })
}

const blocks = jsBlocks('Testing your app')

test('the section has the nock example (opentok 2.x) and the emulator example (opentok-native)', () => {
  assert.equal(blocks.length, 2, 'two js examples')
  assert.match(blocks[0], /require\('nock'\)/)
  assert.match(blocks[0], /require\('opentok'\)/)
  assert.match(blocks[1], /require\('opentok-native\/emulator'\)/)
  assert.match(blocks[1], /startEmulator\(\)/)
})

test("the README's nock example passes against opentok@2.23.2", async () => {
  const result = await runTestFile('nock-example.test.js', mapRequires(blocks[0]))
  assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`)
  assert.ok(result.pass >= 1 && result.fail === 0, result.stdout)
})

test("the README's emulator example passes against opentok-native", async () => {
  const result = await runTestFile('emulator-example.test.js', mapRequires(blocks[1]))
  assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`)
  assert.ok(result.pass >= 1 && result.fail === 0, result.stdout)
})

test("nock does not see opentok-native's requests: they reach the server, the nock scope stays pending", async (t) => {
  const nock = require('nock')
  const { OpenTokSDK } = require(REPO_ROOT)
  const { startEmulator } = require(join(REPO_ROOT, 'emulator', 'index.js'))
  const emulator = await startEmulator()
  // Requiring nock activated it for this process; restored at the end.
  t.after(async () => {
    nock.cleanAll()
    nock.enableNetConnect()
    nock.restore()
    await emulator.close()
  })
  nock.disableNetConnect()
  const scope = nock(emulator.url)
    .post('/hl/session/create')
    .reply(200, '<sessions><Session><session_id>from-nock</session_id></Session></sessions>')

  const opentok = new OpenTokSDK(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url })
  const sessionId = await opentok.createSession()

  assert.notEqual(sessionId, 'from-nock', 'the answer came from the emulator, not from nock')
  assert.equal(emulator.sessions.length, 1)
  assert.equal(emulator.sessions[0].sessionId, sessionId)
  assert.equal(scope.isDone(), false, 'the nock interceptor was never used')
  assert.deepEqual(scope.pendingMocks(), [`POST ${emulator.url}/hl/session/create`])
})
