import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { moderatorToken } from './helpers/t1.mjs'

const EMULATOR = fileURLToPath(new URL('../emulator/index.js', import.meta.url))
const CLI = fileURLToPath(new URL('../emulator/cli.js', import.meta.url))
const { startEmulator } = createRequire(import.meta.url)(EMULATOR)

/**
 * Runs node with `args`, giving up (and killing it) after `timeoutMs`.
 * `onStdout` sees the output so far and the child, e.g. to signal it.
 */
function run(args, { timeoutMs = 15_000, onStdout } = {}) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
    onStdout?.(stdout, child)
  })
  child.stderr.on('data', (chunk) => (stderr += chunk))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`node ${args.join(' ')} still running after ${timeoutMs} ms\n${stdout}\n${stderr}`))
    }, timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}

const createSession = (emu) =>
  fetch(`${emu.url}/hl/session/create`, {
    method: 'POST',
    headers: {
      'X-TB-PARTNER-AUTH': `${emu.apiKey}:${emu.apiSecret}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: `partner_id=${emu.apiKey}&location=10.0.0.${Math.floor(Math.random() * 255)}`,
  })

describe('emulator lifecycle', () => {
  test('reports its start time', async (t) => {
    const start = performance.now()
    const emu = await startEmulator()
    t.diagnostic(`startEmulator() resolved in ${(performance.now() - start).toFixed(1)} ms`)
    assert.ok(emu.url.startsWith('http://127.0.0.1:'))
    assert.ok(Number(new URL(emu.url).port) > 0)
    await emu.close()
  })

  test('logs every request with method, path, headers and body', async () => {
    const emu = await startEmulator()
    try {
      const archive = emu.addArchive({ title: 'logged', videos: [] })
      const token = moderatorToken(emu.apiKey, emu.apiSecret)
      await (await createSession(emu)).text()
      await (
        await fetch(`${emu.url}/archive/getmanifest/${archive.archiveId}?x=1`, {
          headers: { 'X-TB-TOKEN-AUTH': token },
        })
      ).text()
      await (await fetch(`${emu.url}/elsewhere`, { method: 'PUT', body: 'ignored?' })).text()
      assert.equal(emu.requests.length, 3)
      const [create, manifest, other] = emu.requests
      assert.equal(create.method, 'POST')
      assert.equal(create.path, '/hl/session/create')
      assert.equal(create.headers['x-tb-partner-auth'], `${emu.apiKey}:${emu.apiSecret}`)
      assert.equal(create.headers['content-type'], 'application/x-www-form-urlencoded')
      assert.ok(create.body.startsWith(`partner_id=${emu.apiKey}&location=10.0.0.`), create.body)
      assert.deepEqual(
        [manifest.method, manifest.path, manifest.body],
        ['GET', `/archive/getmanifest/${archive.archiveId}?x=1`, ''],
      )
      assert.equal(manifest.headers['x-tb-token-auth'], token)
      assert.deepEqual([other.method, other.path, other.body], ['PUT', '/elsewhere', 'ignored?'])
    } finally {
      await emu.close()
    }
  })

  test('serves hundreds of parallel requests on every route', async () => {
    const emu = await startEmulator()
    try {
      const archive = emu.addArchive({ title: 'busy', videos: [{ length: 1, name: 'a' }] })
      const headers = { 'X-TB-TOKEN-AUTH': moderatorToken(emu.apiKey, emu.apiSecret) }
      const videoId = archive.videos[0].id
      const calls = Array.from({ length: 600 }, async (_, i) => {
        const res = await [
          () => createSession(emu),
          () => fetch(`${emu.url}/archive/getmanifest/${archive.archiveId}`, { headers }),
          () => fetch(`${emu.url}/hl/archive/url/${archive.archiveId}/${videoId}`, { headers }),
        ][i % 3]()
        return [res.status, await res.text()]
      })
      const answers = await Promise.all(calls)
      answers.forEach(([status, text], i) => {
        assert.equal(status, 200)
        const expected = [
          '<session_id>1_',
          `archiveid="${archive.archiveId}"`,
          `/download/${archive.archiveId}/${videoId}.flv`,
        ][i % 3]
        assert.ok(text.includes(expected), text)
      })
      assert.equal(emu.sessions.length, 200)
      assert.equal(emu.requests.length, 600)
    } finally {
      await emu.close()
    }
  })

  test('close() is idempotent and stops answering', async () => {
    const emu = await startEmulator()
    await (await createSession(emu)).text()
    await Promise.all([emu.close(), emu.close()])
    await emu.close()
    await assert.rejects(fetch(`${emu.url}/hl/session/create`, { method: 'POST' }), TypeError)
  })

  test('close() lets the process exit with keep-alive and hanging connections open', async () => {
    const script = `
      const http = require('node:http');
      const { startEmulator } = require(${JSON.stringify(EMULATOR)});
      (async () => {
        const emu = await startEmulator();
        const agent = new http.Agent({ keepAlive: true });
        await new Promise((resolve, reject) => {
          http.get(emu.url + '/idle', { agent }, (res) => res.resume().on('end', resolve)).on('error', reject);
        });
        await (await fetch(emu.url + '/idle-too')).text();
        emu.fault('download', { hang: true });
        const hanging = await fetch(emu.url + '/download/a/b.flv');
        const body = hanging.text().catch(() => 'dropped');
        if (agent.freeSockets[Object.keys(agent.freeSockets)[0]]?.length !== 1) throw new Error('no idle keep-alive socket');
        await emu.close();
        console.log('closed', await body);
      })();
    `
    const { code, signal, stdout, stderr } = await run(['-e', script], { timeoutMs: 10_000 })
    assert.equal(stderr, '')
    assert.equal(stdout, 'closed dropped\n')
    assert.deepEqual([code, signal], [0, null])
  })

  test('startEmulator rejects when the port is taken', async () => {
    const blocker = createServer()
    await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    try {
      await assert.rejects(startEmulator({ port: blocker.address().port }), { code: 'EADDRINUSE' })
    } finally {
      blocker.close()
    }
  })
})

describe('opentok-native-emulator command', () => {
  test('is an executable node script', () => {
    assert.ok(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n'))
    assert.ok(statSync(CLI).mode & 0o111, 'executable bit')
  })

  test('prints its URL and credentials, serves requests, and stops on SIGTERM', async () => {
    let answered
    const result = await run([CLI, '--port', '0', '--api-key', '2468', '--api-secret', 'cli-secret'], {
      onStdout(stdout, child) {
        if (answered || !stdout.includes('OPENTOK_API_SECRET=')) return
        const env = Object.fromEntries(
          stdout
            .split('\n')
            .filter((line) => line.startsWith('OPENTOK_'))
            .map((line) => line.split('=')),
        )
        answered = createSession({
          url: env.OPENTOK_API_URL,
          apiKey: env.OPENTOK_API_KEY,
          apiSecret: env.OPENTOK_API_SECRET,
        })
          .then(async (res) => ({ env, status: res.status, text: await res.text() }))
          .finally(() => child.kill('SIGTERM'))
      },
    })
    const { env, status, text } = await answered
    assert.ok(env.OPENTOK_API_URL.startsWith('http://127.0.0.1:'), env.OPENTOK_API_URL)
    assert.deepEqual([env.OPENTOK_API_KEY, env.OPENTOK_API_SECRET], ['2468', 'cli-secret'])
    assert.ok(result.stdout.includes(`listening on ${env.OPENTOK_API_URL}`))
    assert.equal(status, 200)
    assert.ok(text.includes('<partner_id>2468</partner_id>'), text)
    assert.deepEqual([result.code, result.signal, result.stderr], [0, null, ''])
  })

  test('generates credentials when none are given', async () => {
    const result = await run([CLI], {
      onStdout: (stdout, child) => stdout.includes('Ctrl-C') && child.kill('SIGINT'),
    })
    assert.match(result.stdout, /^OPENTOK_API_KEY=[0-9]{8}$/m)
    assert.match(result.stdout, /^OPENTOK_API_SECRET=[0-9a-f]{40}$/m)
    assert.equal(result.code, 0)
  })

  test('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await run([CLI, '--help'])
    assert.equal(code, 0)
    assert.ok(stdout.startsWith('Usage: opentok-native-emulator'), stdout)
    for (const flag of ['--port', '--host', '--api-key', '--api-secret']) assert.ok(stdout.includes(flag))
  })

  for (const [args, message] of [
    [['--bogus'], "Unknown option '--bogus'"],
    [['--port', 'eighty'], '--port must be 0 to 65535'],
    [['--port', '70000'], '--port must be 0 to 65535'],
    [['--api-key', '123'], '--api-key and --api-secret go together'],
    [['--api-key', 'a:b', '--api-secret', 's'], 'Invalid API key'],
    [['stray'], 'Unexpected argument'],
  ]) {
    test(`refuses ${args.join(' ')} with a message and a non-zero exit`, async () => {
      const { code, stdout, stderr } = await run([CLI, ...args])
      assert.notEqual(code, 0)
      assert.equal(stdout, '')
      assert.ok(stderr.startsWith(`opentok-native-emulator: `) && stderr.includes(message), stderr)
    })
  }
})
