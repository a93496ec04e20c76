'use strict'

// Reads the command line: which command, its options and arguments, or a
// request for help or the version. Anything it cannot read is a UsageError.

const { parseArgs } = require('node:util')
const { COMMANDS, findCommand } = require('./commands/index.js')
const { UsageError } = require('./errors.js')

const HELP_FLAGS = ['--help', '-h']
const VERSION_FLAGS = ['--version', '-v']
const COMMON_OPTIONS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }

/** The arguments before a `--` terminator (after it, `--help` is a value). */
const flagsOf = (args) => (args.includes('--') ? args.slice(0, args.indexOf('--')) : args)

/** The command named `name`, or a UsageError listing the commands. */
function commandNamed(name) {
  const command = findCommand(name)
  if (!command) {
    throw new UsageError(`unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})`)
  }
  return command
}

/** A parseArgs error as one line of ours. */
function parseError(err, command) {
  if (typeof err.code !== 'string' || !err.code.startsWith('ERR_PARSE_ARGS')) throw err
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']*)'/.exec(err.message)?.[1] ?? err.message
    return new UsageError(`unknown option '${option}' for ${command.name}`, command.name)
  }
  return new UsageError(err.message.split('\n')[0], command.name)
}

/** The options and positionals of `command` in `args`, checked for count and required options. */
function parseCommand(command, args) {
  let parsed
  try {
    parsed = parseArgs({
      args,
      options: { ...COMMON_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    })
  } catch (err) {
    throw parseError(err, command)
  }
  const { values, positionals } = parsed
  const names = command.positionals
  if (positionals.length < names.length) throw new UsageError(`missing ${names[positionals.length]}`, command.name)
  if (positionals.length > names.length) {
    throw new UsageError(`unexpected argument '${positionals[names.length]}'`, command.name)
  }
  for (const name of command.required ?? []) {
    if (values[name] === undefined) throw new UsageError(`missing --${name}`, command.name)
  }
  return { values, positionals }
}

/**
 * @param {string[]} argv the arguments after the script
 * @returns {{ kind: 'help', command?: object } | { kind: 'version' }
 *   | { kind: 'run', command: object, values: object, positionals: string[] }}
 */
function parseCommandLine(argv) {
  // Options before the command: the tool's own, and --json for the command.
  const leading = []
  let i = 0
  for (; i < argv.length && argv[i].startsWith('-'); i++) {
    if (HELP_FLAGS.includes(argv[i])) return { kind: 'help' }
    if (VERSION_FLAGS.includes(argv[i])) return { kind: 'version' }
    if (argv[i] !== '--json') throw new UsageError(`unknown option '${argv[i]}'`)
    leading.push(argv[i])
  }
  if (i === argv.length) throw new UsageError('no command given')
  const rest = argv.slice(i + 1)
  if (argv[i] === 'help') {
    if (rest.length > 1) throw new UsageError(`unexpected argument '${rest[1]}'`)
    return rest.length === 0 ? { kind: 'help' } : { kind: 'help', command: commandNamed(rest[0]) }
  }
  const command = commandNamed(argv[i])
  if (flagsOf(rest).some((arg) => HELP_FLAGS.includes(arg))) return { kind: 'help', command }
  return { kind: 'run', command, ...parseCommand(command, [...leading, ...rest]) }
}

module.exports = { parseCommandLine }
