'use strict'

// Everything the tool writes: results on stdout, one error line on stderr.

const { UsageError } = require('./errors.js')

// A reader closing the pipe early (`| head`) is not an error of ours.
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err
})

/** `text` with control characters (terminal escapes, newlines) shown as \uXXXX, for text output. */
function clean(text) {
  return String(text).replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** Rows of cells as aligned columns, each line starting with `indent`. */
function table(rows, indent = '') {
  const widths = []
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, String(cell).length)
    })
  }
  return rows
    .map(
      (row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : String(cell).padEnd(widths[i]))).join('  '),
    )
    .join('\n')
}

/** Writes `text` and a newline on stdout. */
function print(text) {
  process.stdout.write(`${text}\n`)
}

/** Writes `result` on stdout as one JSON document. */
function printJson(result) {
  print(JSON.stringify(result, null, 2))
}

/**
 * The one line that reports `err`: its message, its code when it has one
 * (`[OPENTOK_AUTH]`), a pointer to the help for usage errors; every secret
 * of `secrets` masked, control characters escaped.
 * @param {unknown} err
 * @param {Array<string | undefined>} secrets
 */
function errorLine(err, secrets) {
  let message = err instanceof Error ? err.message : String(err)
  message = message.split(/\r?\n/).filter(Boolean).join(' ')
  if (err instanceof UsageError) {
    message += `; see 'opentok-native ${err.command ? `${err.command} ` : ''}--help'`
  } else if (err !== null && typeof err === 'object' && typeof err.code === 'string') {
    message += ` [${err.code}]`
  }
  for (const secret of secrets) {
    if (secret) message = message.split(secret).join('***')
  }
  return `error: ${clean(message)}`
}

/** Reports `err` on stderr. */
function printError(err, secrets) {
  process.stderr.write(`${errorLine(err, secrets)}\n`)
}

module.exports = { clean, table, print, printJson, printError, errorLine }
