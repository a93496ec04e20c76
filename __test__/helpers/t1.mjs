// Signs T1 tokens with node:crypto, independently of the emulator's own code,
// following the token format of docs/protocol.md.
import { createHmac, randomInt } from 'node:crypto'
import { stringify } from 'node:querystring'

export const nowSeconds = () => Math.floor(Date.now() / 1000)

/**
 * @param {string} apiKey the partner_id written in the token
 * @param {string} apiSecret the secret it is signed with
 * @param {Record<string, string | number | undefined>} fields the data, in order; undefined ones are left out
 * @returns {string}
 */
export function signT1(apiKey, apiSecret, fields) {
  const data = stringify(Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)))
  const sig = createHmac('sha1', apiSecret).update(data).digest('hex')
  return `T1==${Buffer.from(`partner_id=${apiKey}&sig=${sig}:${data}`, 'utf8').toString('base64')}`
}

/**
 * A moderator token created now for a session of `apiKey`; `fields` replace
 * or add data fields.
 * @param {string} apiKey
 * @param {string} apiSecret
 * @param {Record<string, string | number | undefined>} [fields]
 * @returns {string}
 */
export function moderatorToken(apiKey, apiSecret, fields = {}) {
  const sessionId = `1_${Buffer.from(`1~${apiKey}~~${new Date().toISOString()}~0.5~`).toString('base64url')}`
  return signT1(apiKey, apiSecret, {
    session_id: sessionId,
    create_time: nowSeconds(),
    nonce: randomInt(999999),
    role: 'moderator',
    ...fields,
  })
}
