// The addon at run time: many calls in flight on one SDK object, a process
// that exits by itself once no call is pending (and not before), and worker
// threads.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Worker } from 'node:worker_threads'
import { decodeSessionId, emulatorEnv, PROTOCOLS, REPO_ROOT, runNode, useEmulator } from './helpers/network.mjs'

// The emulator's session IDs start with 1_ on the 0.3.x wire and 2_ on today's, like the real service's.
const ID_PREFIX = { current: /^2_/, legacy: /^1_/ }

const ctx = useEmulator()

describe('many calls in flight', () => {
  test('500 concurrent createSession calls on one SDK: 500 distinct IDs, 500 requests', async () => {
    const sdk = ctx.sdk({ timeout: 15_000 })
    const sent = ctx.track()
    const ids = await Promise.all(Array.from({ length: 500 }, (_, i) => sdk.createSession(`10.0.${i >> 8}.${i & 255}`)))
    assert.equal(new Set(ids).size, 500)
    assert.equal(sent().length, 500)
    ids.forEach((id, i) =>
      assert.deepEqual(decodeSessionId(id).slice(1, 3), [ctx.emu.apiKey, `10.0.${i >> 8}.${i & 255}`]),
    )
    assert.ok(ids.includes(sdk.sessionId))
  })

  for (const protocol of PROTOCOLS)
    test(`mixed calls in flight, some failing, each settle with their own outcome (${protocol} wire)`, async () => {
      const sdk = ctx.sdk({ timeout: 15_000, protocol })
      const expected = ctx.archive()
      const token = ctx.token()
      const calls = Array.from({ length: 60 }, (_, i) => {
        switch (i % 3) {
          case 0:
            return sdk.createSession()
          case 1:
            return sdk.getArchiveManifest(expected.archiveId, token)
          default:
            return sdk.getArchiveManifest(`missing-${i}`, token)
        }
      })
      const results = await Promise.allSettled(calls)
      results.forEach((result, i) => {
        if (i % 3 === 0) assert.match(result.value, ID_PREFIX[protocol])
        else if (i % 3 === 1) assert.equal(result.value.archiveId, expected.archiveId)
        else assert.equal(result.reason.code, 'OPENTOK_NOT_FOUND')
      })
    })
})

describe('process lifetime', () => {
  const BOUND_MS = 5000

  test('a process exits by itself once its calls are done and its emulator closed', async () => {
    const result = await runNode(
      `
      const { OpenTokSDK } = require('./index.js');
      const { startEmulator } = require('./emulator');
      startEmulator().then(async (emu) => {
        const sdk = new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: emu.url });
        const id = await sdk.createSession();
        const failed = await sdk.getArchiveManifest('missing', 'T1==x').catch((err) => err.code);
        console.log(id.slice(0, 2), failed);
        await emu.close();
      });
    `,
      { timeoutMs: BOUND_MS },
    )
    assert.ok(!result.timedOut, `the process did not exit within ${BOUND_MS} ms`)
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout.trim(), '2_ OPENTOK_AUTH')
  })

  test('a pooled keep-alive connection to a server still running does not hold the process', async () => {
    const result = await runNode(
      `
      const { OpenTokSDK } = require('./index.js');
      const sdk = new OpenTokSDK(process.env.EMU_KEY, process.env.EMU_SECRET, { apiUrl: process.env.EMU_URL });
      sdk.createSession((err, id) => console.log(err ? err.code : id));
    `,
      { env: emulatorEnv(ctx), timeoutMs: BOUND_MS },
    )
    assert.ok(!result.timedOut, `the process did not exit within ${BOUND_MS} ms`)
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout.trim(), ctx.emu.sessions.at(-1).sessionId)
  })

  test('a pending call keeps the process alive until it settles', async () => {
    ctx.emu.fault('createSession', { delayMs: 400, times: 1 })
    const result = await runNode(
      `
      const { OpenTokSDK } = require('./index.js');
      const sdk = new OpenTokSDK(process.env.EMU_KEY, process.env.EMU_SECRET, { apiUrl: process.env.EMU_URL });
      const start = Date.now();
      sdk.createSession().then((id) => console.log(id, Date.now() - start));
    `,
      { env: emulatorEnv(ctx), timeoutMs: BOUND_MS },
    )
    assert.equal(result.code, 0, result.stderr)
    const [id, ms] = result.stdout.trim().split(' ')
    assert.equal(id, ctx.emu.sessions.at(-1).sessionId)
    assert.ok(Number(ms) >= 390, `settled after ${ms} ms`)
  })

  test('a pending call that times out settles, then the process exits', async () => {
    ctx.emu.fault('createSession', { hang: true, times: 1 })
    const result = await runNode(
      `
      const { OpenTokSDK } = require('./index.js');
      const sdk = new OpenTokSDK(process.env.EMU_KEY, process.env.EMU_SECRET, { apiUrl: process.env.EMU_URL, timeout: 300 });
      sdk.createSession().catch((err) => console.log(err.code));
    `,
      { env: emulatorEnv(ctx), timeoutMs: BOUND_MS },
    )
    assert.ok(!result.timedOut)
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout.trim(), 'OPENTOK_TIMEOUT')
  })
})

describe('worker threads', () => {
  const WORKER = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { OpenTokSDK } = require(workerData.root + 'index.js');
    const sdk = new OpenTokSDK(workerData.key, workerData.secret, { apiUrl: workerData.url });
    sdk.createSession(workerData.location).then((id) => parentPort.postMessage(id), (err) => parentPort.postMessage('error ' + err.message));
  `
  const startWorker = (location) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { root: REPO_ROOT, url: ctx.emu.url, key: ctx.emu.apiKey, secret: ctx.emu.apiSecret, location },
    })
    const message = new Promise((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    const exit = new Promise((resolve) => worker.once('exit', resolve))
    return { worker, message, exit }
  }

  test('a worker creates a session against the emulator of the main thread, posts it back and exits', async () => {
    const { message, exit } = startWorker('10.7.7.7')
    const sessionId = await message
    assert.deepEqual(decodeSessionId(sessionId).slice(1, 3), [ctx.emu.apiKey, '10.7.7.7'])
    assert.equal(ctx.emu.sessions.at(-1).sessionId, sessionId)
    assert.equal(await exit, 0)
  })

  test('four workers and the main thread at once', async () => {
    const workers = [1, 2, 3, 4].map((n) => startWorker(`10.8.8.${n}`))
    const main = ctx.sdk().createSession('10.8.8.0')
    const ids = await Promise.all([main, ...workers.map((w) => w.message)])
    ids.forEach((id, n) => assert.equal(decodeSessionId(id)[2], `10.8.8.${n}`))
    assert.deepEqual(await Promise.all(workers.map((w) => w.exit)), [0, 0, 0, 0])
  })

  test('terminating a worker with a call in flight leaves the main thread working', async () => {
    ctx.emu.fault('createSession', { hang: true, times: 1 })
    const sent = ctx.track()
    const { worker, exit } = startWorker('10.9.9.9')
    while (sent().length === 0) await new Promise((resolve) => setTimeout(resolve, 10))
    await worker.terminate()
    assert.equal(await exit, 1)
    assert.match(await ctx.sdk().createSession(), ID_PREFIX.current)
    assert.match(await ctx.sdk({ protocol: 'legacy' }).createSession(), ID_PREFIX.legacy)
  })
})
