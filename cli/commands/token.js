'use strict'

// opentok-native token --session ID [--role ROLE] [--expire WHEN] [--data TEXT]

const { UsageError } = require('../errors.js')
const { parseExpire } = require('../expire.js')

const ROLES = ['subscriber', 'publisher', 'moderator']

module.exports = {
  name: 'token',
  summary: 'generate a token to join a session',
  usage: 'opentok-native token --session ID [--role ROLE] [--expire WHEN] [--data TEXT] [--json]',
  help: `Generates a token for a session of OPENTOK_API_KEY, signed with
OPENTOK_API_SECRET, and prints it. Nothing is sent over the network.

Options:
  -s, --session ID   the session (required)
  -r, --role ROLE    subscriber, publisher (default) or moderator
                     (moderator is needed to read archives)
  -e, --expire WHEN  when the token expires, at most 30 days ahead:
                       Unix seconds       1735689600
                       a time from now    30m, 1h, 7d, 1d12h (units s m h d w)
                       an ISO 8601 date   2030-01-01T12:00:00Z (UTC unless it says)
                     default: 24 hours after creation (the server's rule)
  -d, --data TEXT    connection data handed to the other clients (at most 1000 characters)
  --json             print {"token", "sessionId", "role", "createTime", "expireTime", "connectionData"}

A role other than the three, or an --expire that is not a time, is a usage
error (exit 2); values the SDK refuses (an expire time in the past or more than
30 days ahead, a session of another API key, data too long) exit 1.`,
  options: {
    session: { type: 'string', short: 's' },
    role: { type: 'string', short: 'r' },
    expire: { type: 'string', short: 'e' },
    data: { type: 'string', short: 'd' },
  },
  positionals: [],
  required: ['session'],
  credentials: 'required',

  prepare({ values }) {
    if (values.role !== undefined && !ROLES.includes(values.role)) {
      throw new UsageError(`--role must be one of ${ROLES.join(', ')}, not '${values.role}'`, 'token')
    }
    return {
      session_id: values.session,
      role: values.role,
      expire_time: values.expire === undefined ? undefined : parseExpire(values.expire, Math.floor(Date.now() / 1000)),
      connection_data: values.data,
    }
  },

  async run(options, { sdk, OpenTokSDK }) {
    const token = sdk.generateToken(options)
    const decoded = OpenTokSDK.decodeToken(token)
    return {
      token,
      sessionId: decoded.sessionId,
      role: decoded.role,
      createTime: decoded.createTime,
      expireTime: decoded.expireTime ?? null,
      connectionData: decoded.connectionData ?? null,
    }
  },

  text: (result) => result.token,
}
