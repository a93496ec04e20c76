'use strict'

// Hand-written createSession clients on today's wire, the floor for a client
// written in JavaScript: POST /session/create with a fresh HS256 JWT in
// X-OPENTOK-AUTH and an empty form body (what opentok-native posts for
// createSession() with no options), then `[0].session_id` of the JSON answer.

const crypto = require('node:crypto')
const http = require('node:http')

const JWT_HEADER = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')

/** A REST API JWT as the SDKs sign one per request: {iss, ist: 'project', iat, exp: iat+300, jti}. */
function restJwt(apiKey, apiSecret) {
  const iat = Math.floor(Date.now() / 1000)
  const claims = { iss: apiKey, ist: 'project', iat, exp: iat + 300, jti: crypto.randomUUID() }
  const signed = `${JWT_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`
  return `${signed}.${crypto.createHmac('sha256', apiSecret).update(signed).digest('base64url')}`
}

/** The session ID of a /session/create answer; throws on an HTTP error or when there is none. */
function sessionIdOf(label, status, text) {
  if (status !== 200) throw new Error(`${label}: HTTP ${status}: ${text.slice(0, 200)}`)
  const id = JSON.parse(text)[0]?.session_id
  if (!id) throw new Error(`${label}: no session_id in ${text.slice(0, 200)}`)
  return id
}

/** createSession() with Node's global fetch (undici and its connection pool). */
function fetchCreateSession({ url, apiKey, apiSecret }) {
  const endpoint = `${url}/session/create`
  return async () => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'X-OPENTOK-AUTH': restJwt(apiKey, apiSecret),
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: '',
    })
    return sessionIdOf('fetch', res.status, await res.text())
  }
}

/**
 * createSession() with `http.request` and nothing else: a keep-alive agent
 * of its own (no socket limit, so every worker keeps its connection), the
 * headers written out, the body collected as a string.
 */
function httpCreateSession({ url, apiKey, apiSecret }) {
  const { hostname, port, pathname } = new URL(`${url}/session/create`)
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity })
  return () =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: hostname,
          port,
          path: pathname,
          method: 'POST',
          headers: {
            'X-OPENTOK-AUTH': restJwt(apiKey, apiSecret),
            Accept: 'application/json',
            'Content-Type': 'application/x-www-form-urlencoded',
            'Content-Length': 0,
          },
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk) => {
            text += chunk
          })
          res.on('error', reject)
          res.on('end', () => {
            try {
              resolve(sessionIdOf('node:http', res.statusCode, text))
            } catch (err) {
              reject(err)
            }
          })
        },
      )
      req.on('error', reject)
      req.end()
    })
}

module.exports = { fetchCreateSession, httpCreateSession }
