'use strict'

// The help texts: the tool's, and each command's from its module.

const { COMMANDS } = require('./commands/index.js')
const { table } = require('./output.js')

function toolHelp() {
  return `Usage: opentok-native <command> [options]

OpenTok sessions, tokens and archives from the shell.

Commands:
${table(
  COMMANDS.map((command) => [command.name, command.summary]),
  '  ',
)}

Options:
  --json         print one JSON document on stdout instead of text
  -h, --help     show this help; 'opentok-native <command> --help' shows a command's
  -v, --version  print the version

Environment:
  OPENTOK_API_KEY     API key (decode only uses it, with the secret, to check signatures)
  OPENTOK_API_SECRET  API secret; never printed
  OPENTOK_API_URL     endpoint: host[:port] (HTTPS) or an http(s):// URL (default api.opentok.com)

Exit status: 0 done; 1 failed (missing credentials, a value the SDK refuses,
an error of the server or the network); 2 usage error (unknown command or
option, missing or extra argument, a bad --role or --expire). Errors are one
line on stderr, with the SDK's error code, e.g. [OPENTOK_AUTH].`
}

function commandHelp(command) {
  return `Usage: ${command.usage}\n\n${command.help}`
}

module.exports = { toolHelp, commandHelp }
