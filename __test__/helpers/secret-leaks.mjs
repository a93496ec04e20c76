// Shared by the hardening suites (__test__/hardening-*.spec.mjs): where a
// credential could show, and the check that it does not.
import { inspect } from 'node:util'

/**
 * The forms in which a credential could leak: as is, its random part, and
 * base64 (alone and as `key:secret`, the way an auth header would carry it);
 * for a JWT (an X-OPENTOK-AUTH token, or a JWT client token), the whole token,
 * its claims part and its signature.
 * @param {{ apiKey?: string, secret?: string, token?: string, jwts?: string[] }} credential
 * @returns {string[]}
 */
export function credentialForms({ apiKey, secret, token, jwts = [] }) {
  const forms = []
  for (const jwt of jwts) {
    const [, claims, signature] = jwt.split('.')
    forms.push(jwt, claims, signature)
  }
  if (secret !== undefined) {
    forms.push(
      secret,
      secret.replace(/^S3cr3t-/, ''),
      Buffer.from(secret).toString('base64'),
      encodeURIComponent(secret),
    )
    if (apiKey !== undefined) forms.push(`${apiKey}:${secret}`, Buffer.from(`${apiKey}:${secret}`).toString('base64'))
  }
  if (token?.startsWith('T1==')) {
    const payload = Buffer.from(token.slice(4), 'base64').toString('utf8')
    const signature = /&sig=([0-9a-f]{40}):/.exec(payload)?.[1]
    forms.push(token, token.slice(4, 60))
    if (signature) forms.push(signature)
  } else if (token !== undefined) {
    forms.push(...credentialForms({ jwts: [token] }))
  }
  return forms.filter((form) => form !== undefined && form.length >= 12)
}

/**
 * Every X-OPENTOK-AUTH JWT in recorded `requests` (the emulator's log or a
 * recorder's): each is a credential, as the secret is.
 * @param {Array<{ headers: Record<string, unknown> }>} requests
 * @returns {string[]}
 */
export function restJwtsOf(requests) {
  return requests.map((request) => request.headers['x-opentok-auth']).filter((jwt) => typeof jwt === 'string')
}

/** Writes what `console.dir(value, options)` prints, captured from process.stdout. */
export function consoleDirText(value, options) {
  const chunks = []
  const write = process.stdout.write
  process.stdout.write = (chunk, ...rest) => {
    chunks.push(String(chunk))
    const callback = rest.find((r) => typeof r === 'function')
    callback?.()
    return true
  }
  try {
    console.dir(value, options)
  } finally {
    process.stdout.write = write
  }
  return chunks.join('')
}

/**
 * Every way `value` could be printed, logged or serialised, by name; with
 * `getters`, also util.inspect's `getters: true`, which calls accessors.
 */
export function leakViews(value, { getters = false } = {}) {
  const views = {}
  const add = (name, make) => {
    try {
      views[name] = String(make())
    } catch (err) {
      views[name] = `<threw ${err?.message}>`
    }
  }
  add('String()', () => String(value))
  add('message', () => value?.message)
  add('stack', () => value?.stack)
  add('inspect', () => inspect(value))
  add('inspect showHidden depth:Infinity', () => inspect(value, { showHidden: true, depth: Infinity }))
  add('inspect showHidden depth:Infinity customInspect:false', () =>
    inspect(value, { showHidden: true, depth: Infinity, customInspect: false }),
  )
  if (getters)
    add('inspect showHidden depth:Infinity customInspect:false getters:true', () =>
      inspect(value, { showHidden: true, depth: Infinity, customInspect: false, getters: true }),
    )
  add('console.dir showHidden', () => consoleDirText(value, { showHidden: true, depth: Infinity }))
  add('JSON.stringify', () => JSON.stringify(value))
  add('structuredClone', () => inspect(structuredClone(value), { showHidden: true, depth: Infinity }))
  add('own properties', () => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return ''
    return Reflect.ownKeys(value)
      .map((key) => {
        const descriptor = Object.getOwnPropertyDescriptor(value, key)
        return `${String(key)}=${inspect('value' in descriptor ? descriptor.value : descriptor.get?.call(value), { showHidden: true, depth: Infinity, customInspect: false })}`
      })
      .join('\n')
  })
  return views
}

/** Names the view and credential form of the first leak of `forms` in `value`, or null. */
export function findLeak(value, forms, options) {
  for (const [view, text] of Object.entries(typeof value === 'string' ? { text: value } : leakViews(value, options))) {
    for (const form of forms) {
      const at = text.indexOf(form)
      if (at >= 0)
        return `${view} shows ${JSON.stringify(form.slice(0, 12))}…: …${text.slice(Math.max(0, at - 120), at + form.length + 40)}…`
    }
  }
  return null
}
