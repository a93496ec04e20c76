'use strict'

// Runs the project's REST API emulator (../emulator) in a child Node process,
// so that the benchmark's process.cpuUsage() measures the client alone.
//
// The child prints {url, apiKey, apiSecret, pid} as one JSON line on stdout,
// then answers requests over the IPC channel:
//   - `stats`: connections accepted, sessions created and requests received
//     (also counted by route) since the previous `stats`, its own CPU time
//     and its resident set size; with `forgetSessions`, the emulator also
//     forgets every session created so far (see below);
//   - `connect`: a client joins with a token (emulator.connect) and publishes
//     a stream (emulator.publish), as archives need a connected client.
// It exits when the IPC channel closes (the parent exited or died), and the
// parent also kills it on stop() and on process exit.

const { spawn } = require('node:child_process')
const path = require('node:path')

const EMULATOR = path.join(__dirname, '..', 'emulator', 'index.js')
const START_TIMEOUT_MS = 10_000
const STATS_TIMEOUT_MS = 5_000

// The child's program. It counts accepted connections by wrapping
// http.createServer before the emulator loads (no emulator file is changed),
// and empties the emulator's `requests` / `sessions` logs at every `stats`
// so that they do not grow over the run. The emulator keeps every v2 archive
// (there is no way to forget one) and looks up the archives recording a
// session by scanning all of them, so that every startArchive would cost more
// than the one before; the child gives that lookup an index by session (same
// answer: the started archives of the session, in start order). The emulator
// also keeps every session it created in a private index by ID, for the calls
// that name a session later (about 1 KB a session: 100 MB over the memory
// suite's 100,000); the child keeps that index in a Sessions object of its
// own (created by the emulator's own code), which `stats` with
// `forgetSessions` replaces by an empty one. Only a suite that never names
// an earlier session again may ask for that.
const CHILD = `
'use strict'
const http = require('node:http')
const path = require('node:path')
const state = path.join(path.dirname(process.env.BENCH_EMULATOR), 'state')
const { Archives } = require(path.join(state, 'archives-v2.js'))
const { Sessions } = require(path.join(state, 'sessions.js'))
const indexes = new Map() // the emulator's Sessions -> the Sessions holding its index by ID
const create = Sessions.prototype.create
const owned = Sessions.prototype.owned
Sessions.prototype.create = function (spec, now) {
  if (!indexes.has(this)) indexes.set(this, new Sessions())
  const index = indexes.get(this)
  const session = create.call(index, spec, now)
  this.records.push(index.records.pop())
  return session
}
Sessions.prototype.owned = function (apiKey, sessionId) {
  const index = indexes.get(this)
  return index ? owned.call(index, apiKey, sessionId) : undefined
}
const forgetSessions = () => { for (const sessions of indexes.keys()) indexes.set(sessions, new Sessions()) }
const bySession = new WeakMap() // Archives instance -> sessionId -> Set of archives started and maybe still recording
const start = Archives.prototype.start
Archives.prototype.start = function (...args) {
  const archive = start.apply(this, args)
  let index = bySession.get(this)
  if (!index) bySession.set(this, (index = new Map()))
  let set = index.get(archive.sessionId)
  if (!set) index.set(archive.sessionId, (set = new Set()))
  set.add(archive)
  return archive
}
Archives.prototype.recording = function (sessionId) {
  const set = bySession.get(this)?.get(sessionId)
  const out = []
  if (!set) return out
  // An archive never goes back to started: drop the others for good.
  for (const archive of set) if (archive.status === 'started') out.push(archive); else set.delete(archive)
  return out
}
// 'GET archive/:id' for GET /v2/project/<apiKey>/archive/<id>; the apiKey is our own or the route is 'other'.
const routeOf = (method, target, apiKey) => {
  const p = target.split('?')[0]
  const v2 = '/v2/project/' + apiKey + '/'
  if (!p.startsWith('/v2/')) return method + ' ' + p
  if (!p.startsWith(v2)) return 'other'
  return method + ' ' + p.slice(v2.length).replace(/^archive\\/[^/]+/, 'archive/:id')
}
let connections = 0
const createServer = http.createServer
http.createServer = function (...args) {
  const server = createServer.apply(this, args)
  server.on('connection', () => { connections++ })
  return server
}
const { startEmulator } = require(process.env.BENCH_EMULATOR)
startEmulator({ apiKey: process.env.BENCH_API_KEY, apiSecret: process.env.BENCH_API_SECRET }).then((emu) => {
  let seen = 0
  process.on('message', (msg) => {
    if (msg && msg.op === 'connect') {
      try {
        const connectionId = emu.connect(msg.token)
        const streamId = emu.publish(connectionId, { name: msg.name || '' })
        process.send({ id: msg.id, connectionId, streamId })
      } catch (err) {
        process.send({ id: msg.id, error: String(err && err.message) + ' (' + String(err && err.code) + ')' })
      }
      return
    }
    if (!msg || msg.op !== 'stats') return
    const cpu = process.cpuUsage()
    const keys = {}
    for (const s of emu.sessions) keys[s.apiKey] = (keys[s.apiKey] || 0) + 1
    const routes = {}
    for (const r of emu.requests) {
      const route = routeOf(r.method, r.path, emu.apiKey)
      routes[route] = (routes[route] || 0) + 1
    }
    process.send({
      id: msg.id,
      connections: connections - seen,
      requests: emu.requests.length,
      routes,
      sessions: emu.sessions.length,
      sessionKeys: keys,
      cpuUs: cpu.user + cpu.system,
      rssBytes: process.memoryUsage.rss(),
    })
    seen = connections
    emu.requests.length = 0
    emu.sessions.length = 0
    if (msg.forgetSessions) forgetSessions()
  })
  process.on('disconnect', () => { emu.close().finally(() => process.exit(0)) })
  process.stdout.write(JSON.stringify({ url: emu.url, apiKey: emu.apiKey, apiSecret: emu.apiSecret, pid: process.pid }) + '\\n')
}, (err) => {
  console.error(err && err.stack ? err.stack : err)
  process.exit(1)
})
`

/**
 * Starts the emulator in a child process.
 * @param {{ apiKey: string, apiSecret: string }} credentials
 * @returns {Promise<{ url: string, apiKey: string, apiSecret: string, pid: number,
 *   stats: (options?: { forgetSessions?: boolean }) => Promise<{ connections: number, requests: number, routes: Record<string, number>,
 *     sessions: number, sessionKeys: Record<string, number>, cpuUs: number, rssBytes: number }>,
 *   connect: (token: string, name?: string) => Promise<{ connectionId: string, streamId: string }>,
 *   stop: () => void }>}
 */
function startEmulatorProcess({ apiKey, apiSecret }) {
  const child = spawn(process.execPath, ['-e', CHILD], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_EMULATOR: EMULATOR, BENCH_API_KEY: apiKey, BENCH_API_SECRET: apiSecret },
  })

  const stop = () => {
    process.removeListener('exit', stop)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  // Also on process.exit() and on an uncaught exception.
  process.on('exit', stop)

  let nextId = 0
  const pending = new Map()
  child.on('message', (msg) => {
    const waiter = pending.get(msg.id)
    if (waiter) {
      pending.delete(msg.id)
      waiter.resolve(msg)
    }
  })
  const rejectPending = (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`emulator process exited (${signal ?? code})`))
    pending.clear()
  }

  /** Sends `{ op, ...args }` and resolves with the child's answer. */
  const ask = (op, args = {}) =>
    new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error('emulator process is gone'))
      const id = nextId++
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new Error(`emulator process did not answer \`${op}\``))
      }, STATS_TIMEOUT_MS)
      pending.set(id, {
        resolve: (msg) => {
          clearTimeout(timer)
          resolve(msg)
        },
        reject: (err) => {
          clearTimeout(timer)
          reject(err)
        },
      })
      child.send({ ...args, op, id })
    })
  const stats = ({ forgetSessions = false } = {}) => ask('stats', { forgetSessions })
  const connect = (token, name) =>
    ask('connect', { token, name }).then((msg) => {
      if (msg.error) throw new Error(`emulator.connect/publish failed: ${msg.error}`)
      return { connectionId: msg.connectionId, streamId: msg.streamId }
    })

  return new Promise((resolve, reject) => {
    let out = ''
    const fail = (err) => {
      clearTimeout(timer)
      stop()
      reject(err)
    }
    const timer = setTimeout(
      () => fail(new Error(`emulator process did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    )
    child.once('error', fail)
    child.once('exit', (code, signal) => fail(new Error(`emulator process exited before starting (${signal ?? code})`)))
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk) => {
      out += chunk
      const nl = out.indexOf('\n')
      if (nl < 0) return
      clearTimeout(timer)
      child.removeAllListeners('error')
      child.removeAllListeners('exit')
      child.on('exit', rejectPending)
      child.stdout.removeAllListeners('data')
      child.stdout.resume()
      let info
      try {
        info = JSON.parse(out.slice(0, nl))
      } catch {
        return fail(new Error(`emulator process printed ${JSON.stringify(out.slice(0, nl))}`))
      }
      resolve({ ...info, stats, connect, stop })
    })
  })
}

module.exports = { startEmulatorProcess }
