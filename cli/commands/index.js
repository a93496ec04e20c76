'use strict'

// The subcommands, in the order the help lists them.

const COMMANDS = [
  require('./session.js'),
  require('./token.js'),
  require('./decode.js'),
  require('./manifest.js'),
  require('./url.js'),
]

const findCommand = (name) => COMMANDS.find((command) => command.name === name)

module.exports = { COMMANDS, findCommand }
