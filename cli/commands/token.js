'use strict'

// opentok-native token --session ID [--role ROLE] [--expire WHEN] [--data TEXT] [--format t1|jwt]

const { UsageError } = require('../errors.js')
const { parseExpire } = require('../expire.js')

const ROLES = ['subscriber', 'publisher', 'moderator']
const FORMATS = { t1: 'T1', jwt: 'JWT' }

module.exports = {
  name: 'token',
  summary: 'generate a token to join a session',
  usage: 'opentok-native token --session ID [--role ROLE] [--expire WHEN] [--data TEXT] [--format t1|jwt] [--json]',
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
  -f, --format F     t1 (default) or jwt: a JWT client token, as opentok-node 2.19+ makes
  --json             print {"token", "format", "sessionId", "role", "createTime", "expireTime", "connectionData"}

A role other than the three, or an --expire that is not a time, is a usage
error (exit 2); values the SDK refuses (an expire time in the past or more than
30 days ahead, a session of another API key, data too long) exit 1.`,
  options: {
    session: { type: 'string', short: 's' },
    role: { type: 'string', short: 'r' },
    expire: { type: 'string', short: 'e' },
    data: { type: 'string', short: 'd' },
    format: { type: 'string', short: 'f' },
  },
  positionals: [],
  required: ['session'],
  credentials: 'required',

  prepare({ values }) {
    if (values.role !== undefined && !ROLES.includes(values.role)) {
      throw new UsageError(`--role must be one of ${ROLES.join(', ')}, not '${values.role}'`, 'token')
    }
    const format = values.format ?? 't1'
    if (!Object.hasOwn(FORMATS, format)) {
      throw new UsageError(`--format must be t1 or jwt, not '${format}'`, 'token')
    }
    return {
      tokenFormat: FORMATS[format],
      fields: {
        session_id: values.session,
        role: values.role,
        expire_time:
          values.expire === undefined ? undefined : parseExpire(values.expire, Math.floor(Date.now() / 1000)),
        connection_data: values.data,
      },
    }
  },

  async run({ tokenFormat, fields }, { sdk, OpenTokSDK }) {
    const signer = tokenFormat === 'T1' ? sdk : new OpenTokSDK(sdk.partnerId, sdk.partnerSecret, { tokenFormat })
    const token = signer.generateToken(fields)
    const decoded = OpenTokSDK.decodeToken(token)
    return {
      token,
      format: decoded.format,
      sessionId: decoded.sessionId,
      role: decoded.role,
      createTime: decoded.createTime,
      expireTime: decoded.expireTime ?? null,
      connectionData: decoded.connectionData ?? null,
    }
  },

  text: (result) => result.token,
}
