#!/usr/bin/env node
'use strict'

// opentok-native: the command-line tool. Reads the command line, runs the
// command with an SDK made from the environment, prints the result.

const { parseCommandLine } = require('./args.js')
const { sdkFromEnv } = require('./credentials.js')
const { exitCodeFor } = require('./errors.js')
const { commandHelp, toolHelp } = require('./help.js')
const { print, printError, printJson } = require('./output.js')

async function main(argv, env) {
  const parsed = parseCommandLine(argv)
  if (parsed.kind === 'version') return print(require('../package.json').version)
  if (parsed.kind === 'help') return print(parsed.command ? commandHelp(parsed.command) : toolHelp())

  const { command, values, positionals } = parsed
  const input = command.prepare({ values, positionals })
  // Loaded only now: help, version and usage errors work without the native addon.
  const { OpenTokSDK } = require('..')
  const sdk = sdkFromEnv(command.credentials, env, OpenTokSDK)
  const result = await command.run(input, { sdk, OpenTokSDK })
  if (values.json) printJson(result)
  else print(command.text(result, { sdk }))
}

main(process.argv.slice(2), process.env).catch((err) => {
  printError(err, [process.env.OPENTOK_API_SECRET])
  process.exitCode = exitCodeFor(err)
})
