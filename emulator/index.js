'use strict'

const { createContext } = require('./context.js')
const { clientHooks } = require('./hooks.js')
const { createRouter } = require('./router.js')
const { ROUTES } = require('./routes/index.js')
const { listen } = require('./server.js')
const { archiveJson } = require('./state/archives-v2.js')
const { generateCredentials } = require('./state/credentials.js')

/**
 * @typedef {import('./context.js').Context} Context
 *
 * @typedef {object} EmulatorOptions
 * @property {number} [port] TCP port; 0 (the default) picks a free one
 * @property {string} [host] address to listen on, '127.0.0.1' by default
 * @property {string | number} [apiKey] primary API key; random 8 digits when not given
 * @property {string} [apiSecret] its secret; random 40 hex digits when not given
 * @property {{ key: string | Buffer, cert: string | Buffer }} [tls] PEM key and certificate (chain):
 *   serve HTTPS, and `url` and download URLs are https://
 * @property {number} [clockSkewMs] added to the host clock to give the emulator's "now" (0 by default)
 * @property {number} [archiveReadyMs] how long a stopped v2 archive takes to become available (0 by default)
 *
 * @typedef {ReturnType<typeof archiveJson> & { layout: import('./state/archives-v2.js').Layout,
 *   multiArchiveTag: string | null }} ArchiveView
 *
 * @typedef {object} Emulator
 * @property {string} url base URL, e.g. "http://127.0.0.1:45678" (https:// with `tls`)
 * @property {string} apiKey the primary API key
 * @property {string} apiSecret the primary API secret
 * @property {import('./context.js').RecordedRequest[]} requests every request received, oldest first
 * @property {import('./state/sessions.js').RecordedSession[]} sessions every session created, oldest first
 * @property {import('./context.js').RecordedSignal[]} signals every signal sent through the REST API
 * @property {import('./context.js').RecordedDisconnect[]} disconnects every forced disconnection
 * @property {import('./context.js').RecordedMute[]} mutes every forced mute, of one stream or of all
 * @property {ArchiveView[]} archivesV2 a snapshot of every v2 archive, oldest first, as GET shows it
 *   (deleted ones included), plus its layout and multiArchiveTag
 * @property {(apiKey: string | number, apiSecret: string) => void} addCredentials accepts another key pair
 * @property {(spec: import('./state/archives-v1.js').ArchiveSpec) => import('./state/archives-v1.js').Archive} addArchive
 *   registers an OpenTok 1.0 archive (owned by spec.apiKey, else the primary key) and returns it with its IDs filled in
 * @property {ReturnType<typeof clientHooks>['connect']} connect a client joins with a T1 or JWT token
 * @property {ReturnType<typeof clientHooks>['publish']} publish a connected client publishes a stream
 * @property {ReturnType<typeof clientHooks>['disconnect']} disconnect a connected client leaves
 * @property {(route: import('./faults.js').FaultRoute, spec: import('./faults.js').FaultSpec) => void} fault
 *   makes matching requests misbehave (all of them, or the next spec.times)
 * @property {() => void} clearFaults removes every fault
 * @property {(skewMs: number) => void} setClockSkew sets the milliseconds added to the host clock
 * @property {() => Promise<void>} close stops the server and drops open connections
 */

/**
 * Starts an emulator of the OpenTok REST API on a local port.
 * @param {EmulatorOptions} [options]
 * @returns {Promise<Emulator>}
 */
async function startEmulator({
  port = 0,
  host = '127.0.0.1',
  apiKey,
  apiSecret,
  tls,
  clockSkewMs = 0,
  archiveReadyMs = 0,
} = {}) {
  if ((apiKey === undefined) !== (apiSecret === undefined)) {
    throw new TypeError('Give both apiKey and apiSecret, or neither')
  }
  if (tls !== undefined && (typeof tls !== 'object' || tls === null || !tls.key || !tls.cert)) {
    throw new TypeError('tls must be an object with a PEM key and cert')
  }
  if (!Number.isSafeInteger(archiveReadyMs) || archiveReadyMs < 0) {
    throw new TypeError('archiveReadyMs must be a whole number of milliseconds >= 0')
  }
  const ctx = createContext({ clockSkewMs, archiveReadyMs })
  const { credentials } = ctx
  const given = apiKey === undefined ? generateCredentials() : { apiKey, apiSecret }
  const primary = credentials.add(given.apiKey, /** @type {string} */ (given.apiSecret))
  const server = await listen(createRouter(ROUTES, ctx), { port, host, tls })
  ctx.url = server.url

  return {
    url: server.url,
    apiKey: primary.apiKey,
    apiSecret: primary.apiSecret,
    requests: ctx.requests,
    sessions: ctx.sessions.records,
    signals: ctx.signals,
    disconnects: ctx.disconnects,
    mutes: ctx.mutes,
    get archivesV2() {
      return ctx.archives.all(ctx.clock.now()).map((archive) => ({
        ...archiveJson(archive, ctx.url),
        layout: { ...archive.layout },
        multiArchiveTag: archive.multiArchiveTag,
      }))
    },
    addCredentials(key, secret) {
      credentials.add(key, secret)
    },
    addArchive(spec) {
      const owner = String(spec.apiKey ?? primary.apiKey)
      if (credentials.secretOf(owner) === undefined) throw new Error(`API key ${owner} is not registered`)
      return ctx.legacyArchives.add(spec, owner)
    },
    ...clientHooks(ctx),
    fault: (route, spec) => ctx.faults.add(route, spec),
    clearFaults: () => ctx.faults.clear(),
    setClockSkew: (skewMs) => ctx.clock.setSkew(skewMs),
    close: server.close,
  }
}

module.exports = { startEmulator }
