'use strict'

// opentok-native decode TOKEN

const { clean, table } = require('../output.js')

const TIME_FIELDS = ['create_time', 'expire_time', 'iat', 'exp']

/** `seconds` with its UTC date, e.g. `1735689600 (2025-01-01T00:00:00Z)`. */
function withDate(seconds) {
  const ms = Number(seconds) * 1000
  if (!/^\d+$/.test(seconds) || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return seconds
  return `${seconds} (${new Date(ms).toISOString().replace('.000Z', 'Z')})`
}

/** What the signature line says. */
function signatureVerdict(result, apiKey) {
  if (result.verified === null) return 'not checked (set OPENTOK_API_KEY and OPENTOK_API_SECRET to check it)'
  if (result.verified) return 'yes (signed with OPENTOK_API_SECRET)'
  if (String(apiKey) !== result.partnerId)
    return `no: the token is API key ${result.partnerId}'s, OPENTOK_API_KEY is ${apiKey}`
  return 'NO: not signed with OPENTOK_API_SECRET'
}

module.exports = {
  name: 'decode',
  summary: "print a token's fields and check its signature",
  usage: 'opentok-native decode TOKEN [--json]',
  help: `Prints the fields of a T1 or JWT client token: its API key, signature and data (session,
role, creation and expire times, nonce, connection data, any other field).
When OPENTOK_API_KEY and OPENTOK_API_SECRET are set, also says whether the
signature is theirs; without them the token is only decoded. Nothing is sent
over the network. The exit status is 0 whatever the signature: read "verified".

Options:
  --json  print {"format", "partnerId", "signature", "data", "fields", "sessionId", "role",
          "createTime", "expireTime", "nonce", "connectionData", "verified"}
          ("verified": true, false, or null when not checked)`,
  options: {},
  positionals: ['TOKEN'],
  credentials: 'optional',

  prepare({ positionals }) {
    return { token: positionals[0] }
  },

  async run({ token }, { sdk, OpenTokSDK }) {
    const decoded = OpenTokSDK.decodeToken(token)
    const result = {}
    for (const [name, value] of Object.entries(decoded)) result[name] = value ?? null
    result.verified = sdk ? sdk.verifyToken(token) : null
    return result
  },

  text(result, { sdk }) {
    // A JWT names its API key among its claims (iss); a T1 token in its head.
    const rows = result.format === 'JWT' ? [['format', 'JWT']] : [['partner_id', result.partnerId]]
    for (const [name, value] of Object.entries(result.fields)) {
      for (const one of [].concat(value)) rows.push([name, TIME_FIELDS.includes(name) ? withDate(one) : one])
    }
    rows.push(['signature', result.signature], ['verified', signatureVerdict(result, sdk?.partnerId)])
    return table(rows.map(([name, value]) => [clean(name), clean(value)]))
  },
}
