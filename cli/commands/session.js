'use strict'

const { isIPv4 } = require('node:net')
const { UsageError } = require('../errors.js')
const { clean } = require('../output.js')

// opentok-native session [--location IP] [--p2p]

module.exports = {
  name: 'session',
  summary: 'create a session and print its ID',
  usage: 'opentok-native session [--location IP] [--p2p] [--json]',
  help: `Creates a session (a room) and prints its ID.

Options:
  --location IP  an IPv4 address near the participants: where to host the session
  --p2p          a peer-to-peer (relayed) session: p2p.preference=enabled
  --json         print {"sessionId", "location", "p2p"}`,
  options: { location: { type: 'string' }, p2p: { type: 'boolean' } },
  positionals: [],
  credentials: 'required',

  prepare({ values }) {
    // The SDK leaves out a location that is not IPv4; here that is a mistake to report.
    if (values.location !== undefined && !isIPv4(values.location))
      throw new UsageError(`--location must be an IPv4 address, not '${values.location}'`, 'session')
    return { location: values.location, p2p: values.p2p === true }
  },

  async run({ location, p2p }, { sdk }) {
    const sessionId = await sdk.createSession(location, p2p ? { 'p2p.preference': 'enabled' } : {})
    return { sessionId, location: location ?? null, p2p }
  },

  text: (result) => clean(result.sessionId),
}
