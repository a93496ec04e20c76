#!/usr/bin/env node
'use strict'

const { parseArgs } = require('node:util')
const { startEmulator } = require('./index.js')

const USAGE = `Usage: opentok-native-emulator [--port N] [--host H] [--api-key K --api-secret S]

Runs a local emulator of the OpenTok REST API until Ctrl-C or SIGTERM. It serves
today's wire (POST /session/create and the v2 API under /v2/project/<key>/...,
with X-OPENTOK-AUTH JWTs) and the retired 0.3.x routes (/hl/session/create,
archive manifests and URLs). From code, startEmulator() also stands in for
clients and injects faults.

Options:
  --port N        TCP port to listen on (default 0: any free port)
  --host H        address to listen on (default 127.0.0.1)
  --api-key K     API key to accept (default: random 8 digits)
  --api-secret S  its API secret (default: random 40 hex digits)
  -h, --help      show this help`

/**
 * @param {string[]} args
 * @returns {{ help: boolean, start: import('./index.js').EmulatorOptions }}
 */
function parseOptions(args) {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-key': { type: 'string' },
      'api-secret': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const port = Number(values.port)
  if (!/^\d+$/.test(values.port) || port > 65535) throw new Error(`--port must be 0 to 65535, not ${values.port}`)
  if ((values['api-key'] === undefined) !== (values['api-secret'] === undefined)) {
    throw new Error('--api-key and --api-secret go together')
  }
  return {
    help: values.help,
    start: { port, host: values.host, apiKey: values['api-key'], apiSecret: values['api-secret'] },
  }
}

/**
 * @param {unknown} err
 * @param {number} exitCode
 * @param {string} [hint] a line to add
 */
function fail(err, exitCode, hint) {
  const message = err instanceof Error ? err.message : String(err)
  console.error(`opentok-native-emulator: ${message}${hint ? `\n${hint}` : ''}`)
  process.exitCode = exitCode
}

async function main() {
  let options
  try {
    options = parseOptions(process.argv.slice(2))
  } catch (err) {
    fail(err, 2, 'Run it with --help for usage.')
    return
  }
  if (options.help) {
    console.log(USAGE)
    return
  }
  let emulator
  try {
    emulator = await startEmulator(options.start)
  } catch (err) {
    fail(err, 1)
    return
  }
  // Listen for signals before printing: whoever reads the URL may stop us at once.
  // `once`: a second Ctrl-C during close falls back to Node's default and kills the process.
  const stop = () => emulator.close()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  console.log(`OpenTok emulator listening on ${emulator.url}
  API key:    ${emulator.apiKey}
  API secret: ${emulator.apiSecret}

OPENTOK_API_URL=${emulator.url}
OPENTOK_API_KEY=${emulator.apiKey}
OPENTOK_API_SECRET=${emulator.apiSecret}

Press Ctrl-C to stop.`)
}

main()
