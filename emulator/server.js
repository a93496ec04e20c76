'use strict'

const http = require('node:http')
const https = require('node:https')

// Tests fire thousands of requests at once; with Node's default backlog of 511
// the kernel drops the excess connections and clients retry only after 1-3 s.
const BACKLOG = 4096

/**
 * Starts an HTTP server (HTTPS when `tls` holds a key and certificate) that
 * can be closed at once, keep-alive clients included.
 * @param {http.RequestListener} listener
 * @param {{ port: number, host: string, tls?: { key: string | Buffer, cert: string | Buffer } }} address
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
async function listen(listener, { port, host, tls }) {
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, listener) : http.createServer(listener)
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port, host, backlog: BACKLOG }, () => {
      server.off('error', reject)
      resolve(undefined)
    })
  })
  const bound = /** @type {import('node:net').AddressInfo} */ (server.address())
  const hostPart = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address

  /** @type {Promise<void> | undefined} */
  let closing
  const close = () => {
    // server.close() alone would wait for idle keep-alive connections to time out.
    closing ??= new Promise((resolve) => {
      server.close(() => resolve())
      for (const socket of sockets) socket.destroy()
    })
    return closing
  }
  return { url: `${tls ? 'https' : 'http'}://${hostPart}:${bound.port}`, close }
}

module.exports = { listen }
