// Plain fetch calls to the emulator's current wire (POST /session/create and
// /v2/project/<apiKey>/...), authenticated with JWTs signed in ./jwt.mjs.
import assert from 'node:assert/strict'
import { clientJwt, restJwt } from './jwt.mjs'

export const FORM = 'application/x-www-form-urlencoded'

/**
 * One request. `json` is sent as a JSON body, `form` (an object) as a form;
 * `auth` null leaves X-OPENTOK-AUTH out, a string replaces the fresh token.
 * @returns {Promise<{ status: number, type: string | null, date: string | null, headers: Headers, text: string, json: any }>}
 */
export async function call(
  emu,
  method,
  path,
  { json, form, body, auth, accept = 'application/json', headers = {} } = {},
) {
  const sent = { ...headers }
  if (auth !== null) sent['X-OPENTOK-AUTH'] = auth ?? restJwt(emu.apiKey, emu.apiSecret)
  if (accept !== null) sent.Accept = accept
  let payload = body
  if (json !== undefined) {
    payload = JSON.stringify(json)
    sent['Content-Type'] ??= 'application/json'
  } else if (form !== undefined) {
    payload = new URLSearchParams(form).toString()
    sent['Content-Type'] ??= FORM
  }
  const res = await fetch(`${emu.url}${path}`, { method, headers: sent, body: payload })
  const text = await res.text()
  const type = res.headers.get('content-type')
  return {
    status: res.status,
    type,
    date: res.headers.get('date'),
    headers: res.headers,
    text,
    json: parse(type, text),
  }
}

/** The body as JSON when it says it is JSON and is; undefined otherwise (faults send broken JSON). */
function parse(type, text) {
  try {
    return type === 'application/json' ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}

/** A call under /v2/project/<the primary key>. */
export const v2 = (emu, method, path, options) => call(emu, method, `/v2/project/${emu.apiKey}${path}`, options)

/** Creates a session on the current wire and returns its ID; `form` defaults to a routed session. */
export async function createSession(emu, form = { 'p2p.preference': 'disabled' }, options = {}) {
  const res = await call(emu, 'POST', '/session/create', { form, ...options })
  assert.equal(res.status, 200, res.text)
  return res.json[0].session_id
}

/**
 * A routed session (or one made of `form`) with one client connected with a JWT of `role`, publishing one stream.
 * @returns {Promise<{ sessionId: string, connectionId: string, streamId: string }>}
 */
export async function liveSession(emu, { form, role = 'moderator', name = 'cam' } = {}) {
  const sessionId = await createSession(emu, form)
  const connectionId = emu.connect(clientJwt(emu.apiKey, emu.apiSecret, sessionId, { role }))
  const streamId = emu.publish(connectionId, { name })
  return { sessionId, connectionId, streamId }
}

/** The `~`-separated fields of a session ID. */
export function sessionIdFields(sessionId) {
  return Buffer.from(sessionId.slice(2), 'base64url').toString('utf8').split('~')
}

/** Asserts a JSON error document. */
export function assertRefusal(res, status, message) {
  assert.equal(res.status, status, res.text)
  assert.equal(res.type, 'application/json')
  assert.equal(res.json.code, status)
  assert.equal(res.json.message, message)
  assert.ok(typeof res.json.description === 'string' && res.json.description.length > 20, res.json.description)
}
