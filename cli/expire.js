'use strict'

// Reads --expire: Unix seconds, an ISO 8601 date, or a duration from now.

const { UsageError } = require('./errors.js')

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }

/**
 * The expire time in whole Unix seconds for `text`:
 * - `1735689600`: Unix seconds, as is;
 * - `30m`, `1h`, `7d`, `1d12h`: that long from `now` (units s, m, h, d, w);
 * - `2030-01-01T00:00:00Z`: an ISO 8601 date (UTC unless it says otherwise).
 * Range checks (in the future, at most 30 days ahead) are the SDK's.
 * @param {string} text
 * @param {number} now Unix seconds
 */
function parseExpire(text, now) {
  if (/^\d+$/.test(text)) return Number(text)
  if (/^(\d+[smhdw])+$/.test(text)) {
    let seconds = 0
    for (const [, count, unit] of text.matchAll(/(\d+)([smhdw])/g)) seconds += Number(count) * UNIT_SECONDS[unit]
    return now + seconds
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const hasZone = /(Z|[+-]\d\d:?\d\d)$/.test(text)
    const ms = Date.parse(text.includes('T') && !hasZone ? `${text}Z` : text)
    if (Number.isFinite(ms)) return Math.floor(ms / 1000)
  }
  throw new UsageError(
    `--expire must be Unix seconds (1735689600), a duration from now (30m, 1h, 7d) or an ISO date, not '${text}'`,
    'token',
  )
}

module.exports = { parseExpire }
