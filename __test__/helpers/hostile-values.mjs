// Shared by the hardening suites (__test__/hardening-*.spec.mjs): a seeded
// generator of hostile JavaScript values, for the fuzz cases (fuzz-cases.mjs).
import { randomString } from './random-options.mjs'
import { sessionIdFor } from './token.mjs'

// ---------------------------------------------------------------------------
// Hostile values. Each generator returns `[value, description]`; values are
// made fresh for each case (getters and proxies keep state), except the big
// immutable ones, made once.

const MiB = 1024 * 1024
export const HUGE = {
  '1 MB of "a"': 'a'.repeat(MiB),
  '1 MB of "a" + lone \\ud800 at the end': `${'a'.repeat(MiB - 1)}\ud800`,
  '1 MB of "😀"': '😀'.repeat(MiB / 2),
  '\\udc00 + 1 MB of "é"': `\udc00${'é'.repeat(MiB)}`,
  '1 MB of "a" + "\\r\\n" at the end': `${'a'.repeat(MiB)}\r\n`,
  '1 MB of "%2e%2e/"': '%2e%2e/'.repeat(MiB / 8),
}
const HUGE_NAMES = Object.keys(HUGE)
const DEEP_OBJECT = (() => {
  let o = { end: true }
  for (let i = 0; i < 20_000; i++) o = { a: o }
  return o
})()
const DEEP_ARRAY = (() => {
  let a = ['end']
  for (let i = 0; i < 20_000; i++) a = [a]
  return a
})()

export const CONTROL_CHARS = [
  '\r\n',
  '\0',
  '\t',
  '\u0085',
  '\u2028',
  '\u2029',
  '\x7f',
  '\x1b',
  '\n',
  '\r',
  '\x0b',
  '\f',
]
export const TRAVERSALS = [
  '../',
  '..%2F',
  '%2e%2e/',
  '../../hl/session/create',
  '..%2F..%2Fx',
  '%2e%2e%2f%2e%2e%2fx',
  '..\\..\\x',
  '/abs',
  'a/b',
  '?q=1',
  '#frag',
  '%00',
  '%',
  '%zz',
  '..',
  '.',
  '.%2e',
  '%2e',
]
const STRINGS = [
  '',
  ' ',
  'a',
  '0',
  '-0',
  'NaN',
  'Infinity',
  '1e309',
  '123456',
  '0x10',
  ' 1 ',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'T1==',
  'T1==AAAA',
  'T1==!!!!',
  'T1==partner_id',
  '1_',
  '2_',
  '1_MX4',
  'subscriber',
  'publisher',
  'moderator',
  'MODERATOR',
  'http://127.0.0.1:1',
  'api.opentok.com',
  '\ud800',
  '\udfff',
  '\ud83d',
  'a\ud800',
  '\udc00a',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\u{10ffff}',
]
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  42,
  NaN,
  Infinity,
  -Infinity,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -(2 ** 63),
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  2 ** 32,
  2 ** 53,
  1e21,
  -1e21,
  1e-7,
  123456,
  14971292,
  1.5e9,
  4102444800,
  20000,
  999999,
  1000000,
]
const BIGINTS = [0n, -0n, 1n, -1n, 123456n, 2n ** 64n, -(2n ** 63n), 10n ** 400n]

/**
 * The state of one case: hostile values register what they may throw, and
 * functions register themselves to be checked after the call.
 */
export class CaseContext {
  constructor(rng, env) {
    this.rng = rng
    this.env = env
    /** Values a user getter or trap of this case throws: they must propagate unchanged. */
    this.sentinels = new Set()
    /** A revoked proxy is among the values: V8's own TypeError about it may propagate. */
    this.revoked = false
    /** The tracked functions made for this case. */
    this.functions = []
  }

  /** A fresh value for a getter or trap to throw, sometimes not an Error at all. */
  sentinel() {
    const n = this.sentinels.size
    const value = this.rng.chance(0.8)
      ? new Error(`thrown by a hostile getter (${n})`)
      : Object.freeze({ thrownByHostileGetter: n })
    this.sentinels.add(value)
    return value
  }
}

/** A function that records its calls; `length` as given (or overridden by the caller). */
function trackedFunction(ctx, arity) {
  const record = { calls: [], fn: undefined, value: undefined, arity }
  const fns = [
    function () {
      record.calls.push([...arguments])
    },
    function (a) {
      record.calls.push([...arguments])
    },
    function (a, b) {
      record.calls.push([...arguments])
    },
    function (a, b, c) {
      record.calls.push([...arguments])
    },
  ]
  record.fn = fns[arity]
  ctx.functions.push(record)
  return record
}

export const describeString = (s) => {
  if (s.length > 60) return `${JSON.stringify(s.slice(0, 24))}…(${s.length} units)…${JSON.stringify(s.slice(-8))}`
  return JSON.stringify(s)
}

/** A string of one of the classes the product treats differently. */
export function hostileString(ctx) {
  const { rng, env } = ctx
  switch (rng.int(13)) {
    case 0: {
      const s = rng.pick(STRINGS)
      return [s, describeString(s)]
    }
    case 1:
    case 2: {
      const s = randomString(rng)
      return [s, describeString(s)]
    }
    case 3: {
      const s = randomString(rng, { maxParts: 3 }) + rng.pick(['\ud800', '\udbff', '\udc00', '\udfff'])
      return [s, `${describeString(s)} (lone surrogate at the end)`]
    }
    case 4: {
      const base = rng.pick(['abc', env.archiveId, env.sessionId, env.token])
      const at = rng.int(base.length + 1)
      const s = base.slice(0, at) + rng.pick(CONTROL_CHARS) + base.slice(at)
      return [s, describeString(s)]
    }
    case 5: {
      const s = rng.pick(TRAVERSALS) + (rng.chance(0.5) ? rng.pick(['', 'x', env.archiveId]) : '')
      return [s, describeString(s)]
    }
    case 6: {
      if (rng.chance(0.2)) {
        const name = rng.pick(HUGE_NAMES)
        return [HUGE[name], `<${name}>`]
      }
      const s = rng.pick(['x', 'é', '😀', '%', '\ud800']).repeat(rng.between(1001, 20_000))
      return [s, `<${s.length} units of ${JSON.stringify(s.slice(0, 2))}>`]
    }
    case 7:
      return [env.sessionId, '<valid session ID>']
    case 8:
      return [env.token, '<valid moderator token>']
    case 9:
      return mutatedToken(ctx)
    case 10: {
      const s = String(rng.pick(NUMBERS))
      return [s, JSON.stringify(s)]
    }
    case 11: {
      const s = sessionIdFor(rng.pick(['123456', env.apiKey, '']), { date: randomString(rng, { maxParts: 2 }) })
      return [s, `<session ID ${describeString(s)}>`]
    }
    default: {
      const s = `T1==${Buffer.from(randomString(rng, { maxParts: 8 })).toString(rng.pick(['base64', 'base64url', 'hex']))}`
      return [s, describeString(s)]
    }
  }
}

/** A valid token, cut, padded, re-signed or with a byte flipped. */
export function mutatedToken(ctx) {
  const { rng, env } = ctx
  const token = env.token
  switch (rng.int(5)) {
    case 0: {
      const at = rng.int(token.length)
      return [token.slice(0, at), `<valid token cut at ${at}>`]
    }
    case 1: {
      const at = rng.int(token.length)
      const s = token.slice(0, at) + String.fromCharCode(rng.between(0x20, 0x7e)) + token.slice(at + 1)
      return [s, `<valid token with unit ${at} changed>`]
    }
    case 2:
      return [token + '='.repeat(rng.between(1, 3)), '<valid token + padding>']
    case 3: {
      const payload = Buffer.from(token.slice(4), 'base64').toString('latin1')
      const s =
        'T1==' +
        Buffer.from(payload.replace(/role=moderator/, `role=${randomString(rng, { maxParts: 2 })}`), 'latin1').toString(
          'base64',
        )
      return [s, '<valid token with its role rewritten>']
    }
    default: {
      const payload = `partner_id=${rng.pick([env.apiKey, '', '&', '\ud800'])}&sig=${rng.pick(['', 'zz', 'a'.repeat(40)])}${rng.pick([':', '', '::'])}${randomString(rng)}`
      return [`T1==${Buffer.from(payload).toString('base64')}`, `<T1 token of payload ${describeString(payload)}>`]
    }
  }
}

export function hostileNumber(ctx) {
  const { rng } = ctx
  const n = rng.chance(0.7) ? rng.pick(NUMBERS) : (rng.next() - 0.5) * 10 ** rng.between(-20, 30)
  return [n, Object.is(n, -0) ? '-0' : String(n)]
}

/** A function: tracked (so the checks know whether and how often it was called), sometimes with an odd `length`. */
export function hostileFunction(ctx) {
  const { rng } = ctx
  const record = trackedFunction(ctx, rng.int(4))
  const fn = record.fn
  const made = pickFunction(ctx, record, fn)
  record.value = made[0]
  return made
}

function pickFunction(ctx, record, fn) {
  const { rng } = ctx
  switch (rng.int(8)) {
    case 0: {
      const length = rng.pick([NaN, -1, 1e9, '2', Infinity, 2.5, null])
      Object.defineProperty(fn, 'length', { value: length })
      return [fn, `function with length ${String(length)}`]
    }
    case 1: {
      const thrown = ctx.sentinel()
      Object.defineProperty(fn, 'length', {
        get() {
          throw thrown
        },
      })
      record.hostile = thrown
      return [fn, 'function whose length getter throws']
    }
    case 2:
      return [new Proxy(fn, {}), `Proxy(function of arity ${record.arity})`]
    case 3: {
      const thrown = ctx.sentinel()
      record.hostile = thrown
      return [
        new Proxy(fn, {
          get() {
            throw thrown
          },
        }),
        'Proxy(function) whose get trap throws',
      ]
    }
    case 4: {
      const bound = fn.bind(null)
      return [bound, `bound function of arity ${record.arity}`]
    }
    default:
      return [fn, `function of arity ${record.arity}`]
  }
}

/** A sparse array of huge length, built fresh (the product must neither hang nor run out of memory). */
function sparseArray(ctx) {
  const arr = []
  // (A length below ~1e8 makes V8 allocate the holes: costly to build, and the product's bound is 1e6 items.)
  arr.length = ctx.rng.pick([1e9, 2 ** 32 - 1, 2 ** 31])
  if (ctx.rng.chance(0.5)) arr[ctx.rng.int(10)] = 'x'
  return [arr, `sparse array of length ${arr.length}`]
}

/** Objects of every odd kind. */
function hostileObject(ctx, depth) {
  const { rng } = ctx
  switch (rng.int(30)) {
    case 0:
      return [{}, '{}']
    case 1:
      return [Object.create(null), 'Object.create(null)']
    case 2: {
      const o = Object.create(null)
      o.session_id = ctx.env.sessionId
      o.role = 'moderator'
      return [o, 'null-prototype {session_id, role}']
    }
    case 3: {
      const o = JSON.parse(
        `{"__proto__": {"role": "moderator", "timeout": 1}, "session_id": ${JSON.stringify(ctx.env.sessionId)}}`,
      )
      return [o, 'JSON.parse with an own "__proto__" key']
    }
    case 4: {
      const o = { a: 1 }
      const thrown = ctx.sentinel()
      const key = rng.pick([
        'session_id',
        'sessionId',
        'session',
        'role',
        'expire_time',
        'connection_data',
        'timeout',
        'apiUrl',
        'ca',
        'a',
        'p2p.preference',
        'mediaMode',
      ])
      Object.defineProperty(o, key, {
        enumerable: true,
        get() {
          throw thrown
        },
      })
      return [o, `object whose getter "${key}" throws`]
    }
    case 5: {
      const o = { session_id: ctx.env.sessionId, role: 'publisher', b: 2 }
      Object.defineProperty(o, 'a', {
        enumerable: true,
        get() {
          delete o.b
          o.role = 'moderator'
          o.added = Symbol('added')
          return 'mutated'
        },
      })
      return [o, 'object whose getter deletes, changes and adds keys']
    }
    case 6:
      return [Object.freeze({ session_id: ctx.env.sessionId, role: 'subscriber' }), 'frozen {session_id, role}']
    case 7:
      return [rng.pick([new Date(0), new Date(NaN), new Date(8.64e15)]), 'Date']
    case 8:
      return [rng.pick([/re/g, /(?:)/]), 'RegExp']
    case 9:
      return [
        rng.pick([new Map([['role', 'moderator']]), new Set([1]), new WeakMap(), new WeakSet()]),
        'Map/Set/WeakMap/WeakSet',
      ]
    case 10: {
      const v = rng.pick([
        () => new Uint8Array(16),
        () => Buffer.from('-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----\n'),
        () => new ArrayBuffer(8),
        () => new DataView(new ArrayBuffer(4)),
        () => new Float64Array([NaN, -0]),
        () => new BigInt64Array(2),
        () => Buffer.alloc(0),
        () => new Uint16Array(1000),
      ])()
      return [v, v.constructor.name]
    }
    case 11:
      return [
        rng.pick([new String('boxed'), new Number(1), new Boolean(false), Object(Symbol('s')), Object(1n)]),
        'boxed primitive',
      ]
    case 12:
      return [
        rng.pick([Promise.resolve(1), new Error('an error'), new TypeError('t'), globalThis.Math, JSON]),
        'Promise/Error/Math/JSON',
      ]
    case 13:
      return [new Proxy({ session_id: ctx.env.sessionId, a: 1 }, {}), 'transparent Proxy({session_id, a})']
    case 14: {
      const thrown = ctx.sentinel()
      return [
        new Proxy(
          { a: 1 },
          {
            ownKeys() {
              throw thrown
            },
          },
        ),
        'Proxy whose ownKeys trap throws',
      ]
    }
    case 15: {
      const thrown = ctx.sentinel()
      return [
        new Proxy(
          { a: 1 },
          {
            get() {
              throw thrown
            },
          },
        ),
        'Proxy whose get trap throws',
      ]
    }
    case 16: {
      const thrown = ctx.sentinel()
      return [
        new Proxy(
          { a: 1 },
          {
            getOwnPropertyDescriptor() {
              throw thrown
            },
            has() {
              throw thrown
            },
          },
        ),
        'Proxy whose getOwnPropertyDescriptor and has traps throw',
      ]
    }
    case 17: {
      const { proxy, revoke } = Proxy.revocable({ a: 1 }, {})
      revoke()
      ctx.revoked = true
      return [proxy, 'revoked Proxy']
    }
    case 18:
      return [DEEP_OBJECT, '{a: {a: … 20,000 levels}}']
    case 19: {
      const o = { a: 1 }
      o.self = o
      o.list = [o]
      return [o, 'cyclic object']
    }
    case 20: {
      const o = {}
      const n = rng.chance(0.9) ? rng.pick([10, 100, 1000]) : 10_000
      for (let i = 0; i < n; i++) o[`k${i}`] = i
      return [o, `object with ${n} keys`]
    }
    case 21: {
      const thrown = ctx.sentinel()
      const o = {
        [Symbol.toPrimitive]() {
          throw thrown
        },
        toString() {
          throw thrown
        },
        valueOf() {
          throw thrown
        },
        toJSON() {
          throw thrown
        },
      }
      ctx.sentinels.delete(thrown) // never to be called: a coercion of it is a finding
      return [o, 'object whose toString/valueOf/toPrimitive/toJSON throw']
    }
    case 22: {
      const args = (function () {
        return arguments
      })(1, 'a')
      return [args, 'arguments object']
    }
    case 23: {
      const proto = { session_id: ctx.env.sessionId, role: 'moderator' }
      return [Object.create(proto), 'object inheriting {session_id, role}']
    }
    default:
      return depth > 0 ? hostileArray(ctx, depth - 1) : [{ b: 1 }, '{b: 1}']
  }
}

function hostileArray(ctx, depth) {
  const { rng } = ctx
  switch (rng.int(10)) {
    case 0:
      return [[], '[]']
    case 1:
      return [[, 1, , 'a', ,], 'array with holes'] // eslint-disable-line no-sparse-arrays
    case 2:
      return sparseArray(ctx)
    case 3: {
      const thrown = ctx.sentinel()
      const a = [1, 2]
      Object.defineProperty(a, 1, {
        enumerable: true,
        get() {
          throw thrown
        },
      })
      return [a, 'array whose item getter throws']
    }
    case 4: {
      const a = ['a', 'b']
      Object.defineProperty(a, 0, {
        enumerable: true,
        get() {
          a.length = rng.chance(0.5) ? 0 : 5
          return 'x'
        },
      })
      return [a, 'array whose item getter changes its length']
    }
    case 5:
      return [DEEP_ARRAY, '[[[… 20,000 levels]]]']
    case 6:
      return [Object.freeze(['moderator', 1]), 'frozen array']
    case 7:
      return [new Proxy(['a', 'b'], {}), 'Proxy of an array']
    case 8: {
      const items = []
      const n = rng.int(5)
      const descs = []
      for (let i = 0; i < n; i++) {
        const [v, d] = hostileValue(ctx, depth)
        items.push(v)
        descs.push(d)
      }
      return [items, `[${descs.join(', ')}]`]
    }
    default: {
      const thrown = ctx.sentinel()
      return [
        new Proxy([1, 2, 3], {
          get(t, k) {
            if (k === 'length') throw thrown
            return Reflect.get(t, k)
          },
        }),
        'Proxy of an array whose length getter throws',
      ]
    }
  }
}

/** Any value at all. */
export function hostileValue(ctx, depth = 1) {
  const { rng } = ctx
  switch (rng.int(16)) {
    case 0:
      return [undefined, 'undefined']
    case 1:
      return [null, 'null']
    case 2: {
      const b = rng.chance(0.5)
      return [b, String(b)]
    }
    case 3:
    case 4:
      return hostileNumber(ctx)
    case 5: {
      const b = rng.pick(BIGINTS)
      return [b, `${b}n`]
    }
    case 6:
      return [rng.pick([Symbol('s'), Symbol.iterator, Symbol.for('opentok')]), 'Symbol']
    case 7:
    case 8:
    case 9:
      return hostileString(ctx)
    case 10:
      return hostileFunction(ctx)
    case 11:
    case 12:
      return hostileArray(ctx, depth)
    default:
      return hostileObject(ctx, depth)
  }
}
