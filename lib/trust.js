'use strict'

// The certificates Node's own https trusts by default in this process, handed
// to the native client once, so that opentok-native trusts what an app's
// other https requests trust: Node's bundled roots, NODE_EXTRA_CA_CERTS, and
// the system store when Node runs with --use-system-ca or NODE_USE_SYSTEM_CA=1.

const fs = require('node:fs')
const tls = require('node:tls')
const binding = require('./load-binding.js')

let store

/** Node's default CA certificates, as PEM strings. */
function defaultCertificates() {
  // Node 22.15 and later say exactly what they trust, system store included.
  if (typeof tls.getCACertificates === 'function') return tls.getCACertificates('default')
  // Older lines: the bundled roots, plus the file Node read at start-up.
  const pems = [...tls.rootCertificates]
  const extra = process.env.NODE_EXTRA_CA_CERTS
  if (extra) {
    try {
      pems.push(fs.readFileSync(extra, 'utf8'))
    } catch {
      // Node itself warned about an unreadable file at start-up and went on without it.
    }
  }
  return pems
}

/** The native handle of Node's default roots, made on first use. */
function nodeRoots() {
  store ??= binding.TrustStore(Buffer.from(defaultCertificates().join('\n')))
  return store
}

module.exports = { nodeRoots }
