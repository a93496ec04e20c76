'use strict'

// Number formats, the aligned text table and the goal line shared by the suites' reports.

const fmt = (n, digits) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const fmtMs = (ms) => fmt(ms, ms >= 10 ? 1 : ms >= 1 ? 2 : 3)
const fmtUs = (us) => fmt(us, us >= 100 ? 0 : 1)

/** Rows of cells as columns: the first left-aligned, the others right-aligned. */
function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)))
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   '))
    .join('\n')
}

/** A goal's printed line: `  goal (<what>): met (<figures>)`, or `NOT met`. */
const goalLine = ({ text, met, detail }) => `  goal (${text}): ${met ? 'met' : 'NOT met'} (${detail})`

module.exports = { fmt, fmtMs, fmtUs, goalLine, table }
