// Signs JWTs with node:crypto, independently of the emulator's code, following
// the X-OPENTOK-AUTH and client token formats of docs/protocol.md.
import { createHmac, randomUUID } from 'node:crypto'

export const nowSeconds = () => Math.floor(Date.now() / 1000)

const encode = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

/**
 * A compact JWS. Claims whose value is undefined are left out (JSON.stringify drops them).
 * @param {object | string} claims an object, or raw text for the payload
 * @param {string} secret HMAC-SHA256 key
 * @param {{ header?: object | string, signature?: string }} [options] another header, or a given signature
 */
export function signJwt(claims, secret, { header = { alg: 'HS256', typ: 'JWT' }, signature } = {}) {
  const input = `${encode(header)}.${encode(claims)}`
  return `${input}.${signature ?? createHmac('sha256', secret).update(input).digest('base64url')}`
}

/** An X-OPENTOK-AUTH token as opentok@2.23.2 makes it (plus a jti); `claims` replace or add claims. */
export function restJwt(apiKey, apiSecret, claims = {}, options = {}) {
  const iat = nowSeconds()
  return signJwt({ iss: apiKey, ist: 'project', iat, exp: iat + 300, jti: randomUUID(), ...claims }, apiSecret, options)
}

/** A JWT client token for `sessionId` with the claims opentok@2.23.2 puts in; `claims` replace or add claims. */
export function clientJwt(apiKey, apiSecret, sessionId, claims = {}, options = {}) {
  const now = nowSeconds()
  return signJwt(
    {
      iss: apiKey,
      ist: 'project',
      iat: now,
      exp: now + 86400,
      session_id: sessionId,
      create_time: now,
      nonce: Math.random(),
      role: 'publisher',
      expire_time: now + 86400,
      initial_layout_class_list: '',
      scope: 'session.connect',
      ...claims,
    },
    apiSecret,
    options,
  )
}
