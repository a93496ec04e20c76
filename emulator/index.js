'use strict'

const { Archives } = require('./archives.js')
const { Credentials, generateCredentials } = require('./credentials.js')
const { Faults } = require('./faults.js')
const { createRouter } = require('./routes.js')
const { listen } = require('./server.js')

/**
 * @typedef {object} EmulatorOptions
 * @property {number} [port] TCP port; 0 (the default) picks a free one
 * @property {string} [host] address to listen on, '127.0.0.1' by default
 * @property {string | number} [apiKey] primary API key; random 8 digits when not given
 * @property {string} [apiSecret] its secret; random 40 hex digits when not given
 * @property {{ key: string | Buffer, cert: string | Buffer }} [tls] PEM key and certificate (chain):
 *   serve HTTPS, and `url` and download URLs are https://
 *
 * @typedef {object} Emulator
 * @property {string} url base URL, e.g. "http://127.0.0.1:45678" (https:// with `tls`)
 * @property {string} apiKey the primary API key
 * @property {string} apiSecret the primary API secret
 * @property {import('./routes.js').RecordedRequest[]} requests every request received, oldest first
 * @property {import('./routes.js').RecordedSession[]} sessions every session created, oldest first
 * @property {(apiKey: string | number, apiSecret: string) => void} addCredentials accepts another key pair
 * @property {(spec: import('./archives.js').ArchiveSpec) => import('./archives.js').Archive} addArchive
 *   registers an archive (owned by spec.apiKey, else the primary key) and returns it with its IDs filled in
 * @property {(route: import('./faults.js').FaultRoute, spec: import('./faults.js').FaultSpec) => void} fault
 *   makes matching requests misbehave (all of them, or the next spec.times)
 * @property {() => void} clearFaults removes every fault
 * @property {() => Promise<void>} close stops the server and drops open connections
 */

/**
 * Starts an emulator of the OpenTok REST API on a local port.
 * @param {EmulatorOptions} [options]
 * @returns {Promise<Emulator>}
 */
async function startEmulator({ port = 0, host = '127.0.0.1', apiKey, apiSecret, tls } = {}) {
  if ((apiKey === undefined) !== (apiSecret === undefined)) {
    throw new TypeError('Give both apiKey and apiSecret, or neither')
  }
  if (tls !== undefined && (typeof tls !== 'object' || tls === null || !tls.key || !tls.cert)) {
    throw new TypeError('tls must be an object with a PEM key and cert')
  }
  const credentials = new Credentials()
  const given = apiKey === undefined ? generateCredentials() : { apiKey, apiSecret }
  const primary = credentials.add(given.apiKey, /** @type {string} */ (given.apiSecret))
  const archives = new Archives()
  const faults = new Faults()
  /** @type {import('./routes.js').State} */
  const state = { url: '', credentials, archives, faults, requests: [], sessions: [] }
  const server = await listen(createRouter(state), { port, host, tls })
  state.url = server.url

  return {
    url: server.url,
    apiKey: primary.apiKey,
    apiSecret: primary.apiSecret,
    requests: state.requests,
    sessions: state.sessions,
    addCredentials(key, secret) {
      credentials.add(key, secret)
    },
    addArchive(spec) {
      const owner = String(spec.apiKey ?? primary.apiKey)
      if (credentials.secretOf(owner) === undefined) throw new Error(`API key ${owner} is not registered`)
      return archives.add(spec, owner)
    },
    fault: (route, spec) => faults.add(route, spec),
    clearFaults: () => faults.clear(),
    close: server.close,
  }
}

module.exports = { startEmulator }
