'use strict'

// The opentok-native demo: `npm start`, then open the URL it prints.
// Without OPENTOK_API_KEY / OPENTOK_API_SECRET it runs against the embedded
// emulator; with them, against the real service. PORT (default 8000; 0 picks
// a free port) sets where it listens, on 127.0.0.1 only.

const http = require('node:http')
const { setUp } = require('./demo/setup.js')
const { createHandler } = require('./demo/routes.js')

const HOST = '127.0.0.1'
const DEFAULT_PORT = 8000

function portFrom(value) {
  if (value === undefined || value === '') return DEFAULT_PORT
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new Error(`PORT must be 0 to 65535, not ${JSON.stringify(value)}`)
  return Number(value)
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, HOST, () => {
      server.off('error', reject)
      resolve(server.address().port)
    })
  })
}

function fail(message, exitCode) {
  console.error(`opentok-native demo: ${message}`)
  process.exitCode = exitCode
}

async function main() {
  let port
  try {
    port = portFrom(process.env.PORT)
  } catch (err) {
    return fail(err.message, 2)
  }
  let demo
  try {
    demo = await setUp(process.env, console.log)
  } catch (err) {
    return fail(err.message, 1)
  }
  const server = http.createServer(createHandler(demo))
  let actualPort
  try {
    actualPort = await listen(server, port)
  } catch (err) {
    await demo.close()
    const inUse = err.code === 'EADDRINUSE'
    return fail(inUse ? `port ${port} is in use: set PORT to another one (PORT=0 picks a free one)` : err.message, 1)
  }
  // `once`: a second Ctrl-C while closing falls back to Node's default and ends the process.
  const stop = async (signal) => {
    console.log(`opentok-native demo: ${signal}, shutting down`)
    server.close()
    server.closeAllConnections()
    await demo.close()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  console.log(`opentok-native demo: http://${HOST}:${actualPort}`)
}

main()
