'use strict'

// How the tool fails: a usage error (exit 2) or anything else (exit 1).

const EXIT_FAILURE = 1
const EXIT_USAGE = 2

/** The command line cannot be read: exit 2, with a pointer to the help of `command`. */
class UsageError extends Error {
  constructor(message, command) {
    super(message)
    this.name = 'UsageError'
    this.command = command
  }
}

/** A failure of the tool itself (no SDK error code), e.g. missing credentials: exit 1. */
class CliError extends Error {
  constructor(message) {
    super(message)
    this.name = 'CliError'
  }
}

const exitCodeFor = (err) => (err instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE)

module.exports = { UsageError, CliError, exitCodeFor, EXIT_FAILURE, EXIT_USAGE }
