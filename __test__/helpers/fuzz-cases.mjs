// Shared by the hardening suites (__test__/hardening-*.spec.mjs): the fuzz
// cases, one call of a public entry point each, with arguments made of valid
// values and of hostile ones (hostile-values.mjs). Every case is generated
// from its own PRNG, derived from (seed, index): it can be replayed alone.
import { inspect } from 'node:util'
import { caseRng } from './hardening.mjs'
import {
  CaseContext,
  describeString,
  HUGE,
  hostileFunction,
  hostileNumber,
  hostileString,
  hostileValue,
  mutatedToken,
} from './hostile-values.mjs'
import { OpenTokArchive, OpenTokSDK } from './network.mjs'
import { randomString } from './random-options.mjs'
import { nowSeconds } from './token.mjs'

// ---------------------------------------------------------------------------
// Valid-looking arguments, so that calls get past the first check.

function tokenOptions(ctx) {
  const { rng, env } = ctx
  const o = {}
  const descs = []
  const set = (key, [value, desc]) => {
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
    descs.push(`${JSON.stringify(key)}: ${desc}`)
  }
  const valid = {
    session_id: () => [env.sessionId, '<valid session ID>'],
    sessionId: () => [env.sessionId, '<valid session ID>'],
    session: () => [env.sessionId, '<valid session ID>'],
    role: () => {
      const r = rng.pick(['subscriber', 'publisher', 'moderator'])
      return [r, JSON.stringify(r)]
    },
    expire_time: () => {
      const t = nowSeconds() + rng.between(60, 86400)
      return [t, String(t)]
    },
    create_time: () => {
      const t = nowSeconds()
      return [t, String(t)]
    },
    nonce: () => {
      const n = rng.int(999999)
      return [n, String(n)]
    },
    connection_data: () => {
      const s = randomString(rng, { maxParts: 4 })
      return [s, describeString(s)]
    },
  }
  const keys = Object.keys(valid)
  const n = rng.int(6)
  if (rng.chance(0.7))
    set(rng.pick(['session_id', 'sessionId', 'session']), rng.chance(0.8) ? valid.session_id() : hostileValue(ctx))
  for (let i = 0; i < n; i++) {
    const key = rng.chance(0.7)
      ? rng.pick(keys)
      : rng.pick(['__proto__', 'x', '', '0', 'constructor', 'toString', randomString(rng, { maxParts: 2 })])
    set(key, Object.hasOwn(valid, key) && rng.chance(0.5) ? valid[key]() : hostileValue(ctx))
  }
  return [o, `{${descs.join(', ')}}`]
}

function sessionProperties(ctx) {
  const { rng } = ctx
  const o = {}
  const descs = []
  const n = rng.int(4)
  for (let i = 0; i < n; i++) {
    const key = rng.pick([
      'p2p.preference',
      'mediaMode',
      'location',
      'partner_id',
      'x',
      '',
      randomString(rng, { maxParts: 2 }),
    ])
    const pick = rng.int(4)
    const [value, desc] =
      pick === 0
        ? [rng.pick(['enabled', 'disabled', 'relayed', 'routed']), 'a preference']
        : pick === 1
          ? [rng.chance(0.5), 'a boolean']
          : hostileValue(ctx)
    o[key] = value
    descs.push(`${JSON.stringify(key)}: ${desc}`)
  }
  return [o, `{${descs.join(', ')}}`]
}

/** An argument: valid (from `valid`) with probability `p`, else anything. */
const either = (ctx, p, valid) => (ctx.rng.chance(p) ? valid() : hostileValue(ctx))

// ---------------------------------------------------------------------------
// The entry points. Each case says how it was called (`desc`), how to call it
// (`run`), and which of its arguments is the callback, if any.

/** Extra trailing arguments, sometimes. */
function extras(ctx, args, descs) {
  if (!ctx.rng.chance(0.1)) return
  const n = ctx.rng.between(1, 3)
  for (let i = 0; i < n; i++) {
    const [v, d] = hostileValue(ctx, 0)
    args.push(v)
    descs.push(d)
  }
}

/** `args` and `descs`, then sometimes a callback (mostly a tracked function), then sometimes extra arguments. */
function withCallback(ctx, args, descs) {
  if (ctx.rng.chance(0.2)) {
    const [cb, d] = ctx.rng.chance(0.7) ? hostileFunction(ctx) : hostileValue(ctx)
    args.push(cb)
    descs.push(d)
  }
  extras(ctx, args, descs)
  return { args, descs }
}

/** A call that goes out: to the emulator, or with probability `pClosed` to the closed port. */
function networkCase(ctx, name, pClosed, make) {
  const closed = ctx.rng.chance(pClosed)
  return { name: `${name}${closed ? ' (closed port)' : ''}`, network: true, ...make(closed) }
}

const CASES = [
  // [weight, name, build(ctx) -> { args, descs, run(args), callbackIndex(args) }]
  [
    16,
    'generateToken(options)',
    (ctx) => {
      const args = []
      const descs = []
      const [v, d] = ctx.rng.chance(0.6) ? tokenOptions(ctx) : hostileValue(ctx)
      args.push(v)
      descs.push(d)
      extras(ctx, args, descs)
      const method = ctx.rng.chance(0.2) ? 'generate_token' : 'generateToken'
      const scratch = ctx.rng.chance(0.15)
      const sdk = scratch ? ctx.env.scratchSdk(ctx) : ctx.env.sdk
      const on = scratch ? ` on an SDK whose sessionId is ${ctx.scratchSessionId}` : ''
      return { name: `${method}(options)${on}`, args, descs, run: (a) => sdk[method](...a), check: checkToken }
    },
  ],
  [
    14,
    'generateToken(sessionId, options)',
    (ctx) => {
      const args = []
      const descs = []
      const [sid, sd] = ctx.rng.chance(0.5) ? [ctx.env.sessionId, '<valid session ID>'] : hostileString(ctx)
      args.push(sid)
      descs.push(sd)
      if (ctx.rng.chance(0.9)) {
        const [v, d] = ctx.rng.chance(0.5) ? tokenOptions(ctx) : hostileValue(ctx)
        args.push(v)
        descs.push(d)
      }
      extras(ctx, args, descs)
      const method = ctx.rng.chance(0.2) ? 'generate_token' : 'generateToken'
      return {
        name: `${method}(sessionId, options)`,
        args,
        descs,
        run: (a) => ctx.env.sdk[method](...a),
        check: checkToken,
      }
    },
  ],
  [
    16,
    'createSession',
    (ctx) => {
      const { rng, env } = ctx
      const args = []
      const descs = []
      const n = rng.pick([0, 1, 1, 2, 2, 2, 3])
      for (let i = 0; i < n; i++) {
        const [v, d] = rng.chance(0.5)
          ? i === 0 && rng.chance(0.5)
            ? either(ctx, 0.6, () => [rng.pick(['127.0.0.1', '', '10.1.2.3', '::1']), 'a location'])
            : sessionProperties(ctx)
          : hostileValue(ctx)
        args.push(v)
        descs.push(d)
      }
      extras(ctx, args, descs)
      const method = rng.chance(0.2) ? 'create_session' : 'createSession'
      // Half on today's wire (the default), half on the 0.3.x one.
      const legacy = rng.chance(0.5)
      return networkCase(ctx, method, 0.3, (closed) => ({
        args,
        descs,
        run: (a) => (closed ? env.closedSdk : legacy ? env.legacySdk : env.sdk)[method](...a),
        callbackIndex: (a) => (a.length > 0 && typeof a[a.length - 1] === 'function' ? a.length - 1 : -1),
        check: (value) =>
          typeof value === 'string' && value.length > 0 ? null : `resolved to ${inspect(value)}, not a session ID`,
      }))
    },
  ],
  [
    10,
    'getArchiveManifest',
    (ctx) => {
      const { rng, env } = ctx
      const [id, idd] = either(ctx, 0.5, () =>
        rng.chance(0.7) ? [env.archiveId, '<existing archive ID>'] : hostileString(ctx),
      )
      const [tok, tokd] = either(ctx, 0.6, () =>
        rng.chance(0.7) ? [env.token, '<valid moderator token>'] : mutatedToken(ctx),
      )
      const method = rng.chance(0.2) ? 'get_archive_manifest' : 'getArchiveManifest'
      return networkCase(ctx, method, 0.2, (closed) => ({
        ...withCallback(ctx, [id, tok], [idd, tokd]),
        run: (a) => (closed ? env.closedSdk : env.sdk)[method](...a),
        callbackIndex: (a) => (typeof a[2] === 'function' ? 2 : -1),
        check: (value) =>
          value instanceof OpenTokArchive ? null : `resolved to ${inspect(value)}, not an OpenTokArchive`,
      }))
    },
  ],
  [
    8,
    'archive.downloadArchiveURL',
    (ctx) => {
      const { rng, env } = ctx
      const [vid, vidd] = either(ctx, 0.5, () =>
        rng.chance(0.6) ? [env.videoId, '<existing video ID>'] : hostileString(ctx),
      )
      return networkCase(ctx, 'archive.downloadArchiveURL', 0.2, (closed) => ({
        ...withCallback(ctx, [vid], [vidd]),
        run: (a) => (closed ? env.closedArchive : env.archive).downloadArchiveURL(...a),
        callbackIndex: (a) => (typeof a[1] === 'function' ? 1 : -1),
        check: (value) =>
          typeof value === 'string' && /^https?:\/\//.test(value) ? null : `resolved to ${inspect(value)}, not a URL`,
      }))
    },
  ],
  [
    10,
    'OpenTokSDK.decodeToken',
    (ctx) => {
      const [v, d] = ctx.rng.chance(0.7) ? hostileString(ctx) : hostileValue(ctx)
      const args = [v]
      const descs = [d]
      extras(ctx, args, descs)
      return {
        name: 'OpenTokSDK.decodeToken',
        args,
        descs,
        run: (a) => OpenTokSDK.decodeToken(...a),
        check: (value) =>
          value && typeof value.partnerId === 'string' && typeof value.fields === 'object'
            ? null
            : `returned ${inspect(value)}`,
      }
    },
  ],
  [
    8,
    'sdk.verifyToken',
    (ctx) => {
      const [v, d] = ctx.rng.chance(0.7) ? hostileString(ctx) : hostileValue(ctx)
      const args = [v]
      const descs = [d]
      extras(ctx, args, descs)
      return {
        name: 'sdk.verifyToken',
        args,
        descs,
        run: (a) => ctx.env.sdk.verifyToken(...a),
        check: (value) => (typeof value === 'boolean' ? null : `returned ${inspect(value)}`),
      }
    },
  ],
  [
    12,
    'new OpenTokSDK',
    (ctx) => {
      const { rng, env } = ctx
      const [key, keyd] = either(ctx, 0.5, () =>
        rng.chance(0.5) ? [env.apiKey, '<API key>'] : [Number(env.apiKey), '<API key as a number>'],
      )
      const [secret, secretd] = either(ctx, 0.5, () => [env.apiSecret, '<secret>'])
      const args = [key, secret]
      const descs = [keyd, secretd]
      if (rng.chance(0.8)) {
        let options
        let od
        if (rng.chance(0.6)) {
          options = {}
          const parts = []
          for (const name of ['apiUrl', 'timeout', 'ca']) {
            if (!rng.chance(0.4)) continue
            const [v, d] = name === 'timeout' && rng.chance(0.5) ? hostileNumber(ctx) : hostileValue(ctx)
            options[name] = v
            parts.push(`${name}: ${d}`)
          }
          od = `{${parts.join(', ')}}`
        } else {
          ;[options, od] = hostileValue(ctx)
        }
        args.push(options)
        descs.push(od)
      }
      extras(ctx, args, descs)
      const withNew = rng.chance(0.7)
      // Now and then the SDK made is used for a call to the closed port: the client is built from the options.
      const thenCall = rng.chance(0.03)
      return {
        name: withNew ? 'new OpenTokSDK' : 'OpenTokSDK (without new)',
        args,
        descs,
        run: (a) => {
          const sdk = withNew ? new OpenTokSDK(...a) : OpenTokSDK(...a)
          if (!(sdk instanceof OpenTokSDK)) return sdk
          if (thenCall) {
            sdk.api_url = env.closedUrl
            ctx.followUp = sdk.createSession()
          }
          return sdk
        },
        check: (value) => (value instanceof OpenTokSDK ? null : `returned ${inspect(value)}, not an OpenTokSDK`),
      }
    },
  ],
  [
    6,
    'sdk.api_url = x; createSession',
    (ctx) => {
      const { rng, env } = ctx
      let url
      let d
      switch (rng.chance(0.05) ? 3 : rng.int(3)) {
        // Any value but a string: a random string could name a real host (bare host names mean HTTPS to it).
        case 0:
          do [url, d] = hostileValue(ctx)
          while (typeof url === 'string')
          break
        case 1:
          url = `${env.closedUrl}/${randomString(rng, { maxParts: 4 })}`
          d = describeString(url)
          break
        case 2:
          url = rng.pick([
            '',
            ' ',
            'ftp://x',
            'http://',
            'https://',
            'http://[::1',
            'http://127.0.0.1:99999',
            'http://127.0.0.1:0',
            `//${new URL(env.closedUrl).host}`,
            'http:x',
            'file:///etc/passwd',
            `${env.closedUrl}/\ud800`,
            `${env.closedUrl}/\r\nX: y`,
            `${env.closedUrl}?a=b`,
            `${env.closedUrl}#h`,
            env.closedUrl.replace('http://', 'https://'),
          ])
          d = describeString(url)
          break
        default:
          url = `${env.closedUrl}/${HUGE['1 MB of "a"']}`
          d = '<closed port + 1 MB path>'
      }
      return {
        name: 'createSession with sdk.api_url set',
        args: [url],
        descs: [`api_url = ${d}`],
        network: true,
        run: ([u]) => {
          env.urlSdk.api_url = u
          return env.urlSdk.createSession()
        },
        callbackIndex: () => -1,
        check: (value) => (typeof value === 'string' ? null : `resolved to ${inspect(value)}`),
      }
    },
  ],
]
const TOTAL_WEIGHT = CASES.reduce((sum, [w]) => sum + w, 0)

function checkToken(value) {
  return typeof value === 'string' && value.startsWith('T1==') ? null : `returned ${inspect(value)}, not a token`
}

/** Builds case `index` of the run of `seed`. */
export function buildCase(seed, index, env) {
  const rng = caseRng(seed, index)
  const ctx = new CaseContext(rng, env)
  let roll = rng.int(TOTAL_WEIGHT)
  let entry = CASES[0]
  for (const c of CASES) {
    if (roll < c[0]) {
      entry = c
      break
    }
    roll -= c[0]
  }
  const built = entry[2](ctx)
  return { ctx, index, kind: entry[1], ...built, describe: () => `${built.name}(${built.descs.join(', ')})` }
}
