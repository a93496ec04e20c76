// Shared by the hardening suites (__test__/hardening-*.spec.mjs): a seeded
// generator of hostile JavaScript values, the fuzz loop over every public
// entry point, and the checks each call must pass.
//
// The fuzz loop runs in a child process (with --expose-gc), so that an abort,
// a heap overflow or a hang of the product shows up as a failed test instead
// of killing the test runner. The child prints one line
// `HARDENING-SUMMARY <json>` when it is done.
//
// Every case is generated from its own PRNG, derived from (seed, index):
// `OPENTOK_FUZZ_SEED=<seed> OPENTOK_FUZZ_CASE=<index> node --expose-gc
// __test__/helpers/hardening.mjs fuzz` replays one case alone.
import { openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { closedPortUrl, moderatorToken, runNode, startEmulator, OpenTokArchive, OpenTokError, OpenTokSDK } from './network.mjs';
import { randomString } from './random-options.mjs';
import { nowSeconds, prng, sessionIdFor } from './token.mjs';

export const STRESS = process.env.OPENTOK_STRESS === '1';

/** A distinctive secret: appears nowhere unless leaked. */
export const distinctiveSecret = () => `S3cr3t-${randomBytes(12).toString('hex')}`;

/** The seed of this run: OPENTOK_FUZZ_SEED, else a random 32-bit one. */
export function fuzzSeed() {
  const given = process.env.OPENTOK_FUZZ_SEED;
  return given !== undefined && given !== '' ? Number(given) >>> 0 : randomBytes(4).readUInt32LE(0);
}

/** The PRNG of case `index` of a run: each case can be replayed alone. */
export const caseRng = (seed, index) => prng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);

/** `1234567` → `1,234,567`. */
export const grouped = (n) => Math.round(n).toLocaleString('en-US');
export const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// ---------------------------------------------------------------------------
// The error codes the SDK throws or rejects with.

export const SYNC_CODES = new Set(['ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE', 'ERR_OUT_OF_RANGE', 'OPENTOK_INVALID_SESSION_ID', 'ERR_INVALID_URI']);
export const API_CODES = new Set(['OPENTOK_AUTH', 'OPENTOK_NOT_FOUND', 'OPENTOK_SERVER', 'OPENTOK_BAD_RESPONSE', 'OPENTOK_NETWORK', 'OPENTOK_TIMEOUT']);

/** What a Rust panic that reached JavaScript would look like. */
export const PANIC = /panicked|RUST_BACKTRACE|unwrap\(\)|called `(Option|Result)::/;

// ---------------------------------------------------------------------------
// Hostile values. Each generator returns `[value, description]`; values are
// made fresh for each case (getters and proxies keep state), except the big
// immutable ones, made once.

const MiB = 1024 * 1024;
const HUGE = {
  '1 MB of "a"': 'a'.repeat(MiB),
  '1 MB of "a" + lone \\ud800 at the end': 'a'.repeat(MiB - 1) + '\ud800',
  '1 MB of "😀"': '😀'.repeat(MiB / 2),
  '\\udc00 + 1 MB of "é"': '\udc00' + 'é'.repeat(MiB),
  '1 MB of "a" + "\\r\\n" at the end': 'a'.repeat(MiB) + '\r\n',
  '1 MB of "%2e%2e/"': '%2e%2e/'.repeat(MiB / 8),
};
const HUGE_NAMES = Object.keys(HUGE);
const DEEP_OBJECT = (() => {
  let o = { end: true };
  for (let i = 0; i < 20_000; i++) o = { a: o };
  return o;
})();
const DEEP_ARRAY = (() => {
  let a = ['end'];
  for (let i = 0; i < 20_000; i++) a = [a];
  return a;
})();

export const CONTROL_CHARS = ['\r\n', '\0', '\t', '\u0085', '\u2028', '\u2029', '\x7f', '\x1b', '\n', '\r', '\x0b', '\f'];
export const TRAVERSALS = ['../', '..%2F', '%2e%2e/', '../../hl/session/create', '..%2F..%2Fx', '%2e%2e%2f%2e%2e%2fx', '..\\..\\x', '/abs', 'a/b', '?q=1', '#frag', '%00', '%', '%zz', '..', '.', '.%2e', '%2e'];
const STRINGS = ['', ' ', 'a', '0', '-0', 'NaN', 'Infinity', '1e309', '123456', '0x10', ' 1 ', 'null', 'undefined', 'true', '__proto__', 'constructor',
  'prototype', 'toString', 'hasOwnProperty', 'T1==', 'T1==AAAA', 'T1==!!!!', 'T1==partner_id', '1_', '2_', '1_MX4', 'subscriber', 'publisher', 'moderator',
  'MODERATOR', 'http://127.0.0.1:1', 'api.opentok.com', '\ud800', '\udfff', '\ud83d', 'a\ud800', '\udc00a', '\ufeff', '\ufffe', '\uffff', '\u{10ffff}'];
const NUMBERS = [0, -0, 1, -1, 0.5, -0.5, 42, NaN, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON,
  Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -(2 ** 63), 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 53, 1e21, -1e21, 1e-7, 123456,
  14971292, 1.5e9, 4102444800, 20000, 999999, 1000000];
const BIGINTS = [0n, -0n, 1n, -1n, 123456n, 2n ** 64n, -(2n ** 63n), 10n ** 400n];

/**
 * The state of one case: hostile values register what they may throw, and
 * functions register themselves to be checked after the call.
 */
export class CaseContext {
  constructor(rng, env) {
    this.rng = rng;
    this.env = env;
    /** Values a user getter or trap of this case throws: they must propagate unchanged. */
    this.sentinels = new Set();
    /** A revoked proxy is among the values: V8's own TypeError about it may propagate. */
    this.revoked = false;
    /** The tracked functions made for this case. */
    this.functions = [];
  }

  /** A fresh value for a getter or trap to throw, sometimes not an Error at all. */
  sentinel() {
    const n = this.sentinels.size;
    const value = this.rng.chance(0.8) ? new Error(`thrown by a hostile getter (${n})`) : Object.freeze({ thrownByHostileGetter: n });
    this.sentinels.add(value);
    return value;
  }
}

/** A function that records its calls; `length` as given (or overridden by the caller). */
function trackedFunction(ctx, arity) {
  const record = { calls: [], fn: undefined, value: undefined, arity };
  const fns = [
    function () { record.calls.push([...arguments]); },
    function (a) { record.calls.push([...arguments]); },
    function (a, b) { record.calls.push([...arguments]); },
    function (a, b, c) { record.calls.push([...arguments]); },
  ];
  record.fn = fns[arity];
  ctx.functions.push(record);
  return record;
}

const describeString = (s) => {
  if (s.length > 60) return `${JSON.stringify(s.slice(0, 24))}…(${s.length} units)…${JSON.stringify(s.slice(-8))}`;
  return JSON.stringify(s);
};

/** A string of one of the classes the product treats differently. */
export function hostileString(ctx) {
  const { rng, env } = ctx;
  switch (rng.int(13)) {
    case 0: { const s = rng.pick(STRINGS); return [s, describeString(s)]; }
    case 1: case 2: { const s = randomString(rng); return [s, describeString(s)]; }
    case 3: { const s = randomString(rng, { maxParts: 3 }) + rng.pick(['\ud800', '\udbff', '\udc00', '\udfff']); return [s, `${describeString(s)} (lone surrogate at the end)`]; }
    case 4: {
      const base = rng.pick(['abc', env.archiveId, env.sessionId, env.token]);
      const at = rng.int(base.length + 1);
      const s = base.slice(0, at) + rng.pick(CONTROL_CHARS) + base.slice(at);
      return [s, describeString(s)];
    }
    case 5: { const s = rng.pick(TRAVERSALS) + (rng.chance(0.5) ? rng.pick(['', 'x', env.archiveId]) : ''); return [s, describeString(s)]; }
    case 6: {
      if (rng.chance(0.2)) { const name = rng.pick(HUGE_NAMES); return [HUGE[name], `<${name}>`]; }
      const s = rng.pick(['x', 'é', '😀', '%', '\ud800']).repeat(rng.between(1001, 20_000));
      return [s, `<${s.length} units of ${JSON.stringify(s.slice(0, 2))}>`];
    }
    case 7: return [env.sessionId, '<valid session ID>'];
    case 8: return [env.token, '<valid moderator token>'];
    case 9: return mutatedToken(ctx);
    case 10: { const s = String(rng.pick(NUMBERS)); return [s, JSON.stringify(s)]; }
    case 11: { const s = sessionIdFor(rng.pick(['123456', env.apiKey, '']), { date: randomString(rng, { maxParts: 2 }) }); return [s, `<session ID ${describeString(s)}>`]; }
    default: { const s = 'T1==' + Buffer.from(randomString(rng, { maxParts: 8 })).toString(rng.pick(['base64', 'base64url', 'hex'])); return [s, describeString(s)]; }
  }
}

/** A valid token, cut, padded, re-signed or with a byte flipped. */
function mutatedToken(ctx) {
  const { rng, env } = ctx;
  const token = env.token;
  switch (rng.int(5)) {
    case 0: { const at = rng.int(token.length); return [token.slice(0, at), `<valid token cut at ${at}>`]; }
    case 1: {
      const at = rng.int(token.length);
      const s = token.slice(0, at) + String.fromCharCode(rng.between(0x20, 0x7e)) + token.slice(at + 1);
      return [s, `<valid token with unit ${at} changed>`];
    }
    case 2: return [token + '='.repeat(rng.between(1, 3)), '<valid token + padding>'];
    case 3: {
      const payload = Buffer.from(token.slice(4), 'base64').toString('latin1');
      const s = 'T1==' + Buffer.from(payload.replace(/role=moderator/, 'role=' + randomString(rng, { maxParts: 2 })), 'latin1').toString('base64');
      return [s, '<valid token with its role rewritten>'];
    }
    default: {
      const payload = `partner_id=${rng.pick([env.apiKey, '', '&', '\ud800'])}&sig=${rng.pick(['', 'zz', 'a'.repeat(40)])}${rng.pick([':', '', '::'])}${randomString(rng)}`;
      return ['T1==' + Buffer.from(payload).toString('base64'), `<T1 token of payload ${describeString(payload)}>`];
    }
  }
}

function hostileNumber(ctx) {
  const { rng } = ctx;
  const n = rng.chance(0.7) ? rng.pick(NUMBERS) : (rng.next() - 0.5) * 10 ** rng.between(-20, 30);
  return [n, Object.is(n, -0) ? '-0' : String(n)];
}

/** A function: tracked (so the checks know whether and how often it was called), sometimes with an odd `length`. */
function hostileFunction(ctx) {
  const { rng } = ctx;
  const record = trackedFunction(ctx, rng.int(4));
  const fn = record.fn;
  const made = pickFunction(ctx, record, fn);
  record.value = made[0];
  return made;
}

function pickFunction(ctx, record, fn) {
  const { rng } = ctx;
  switch (rng.int(8)) {
    case 0: {
      const length = rng.pick([NaN, -1, 1e9, '2', Infinity, 2.5, null]);
      Object.defineProperty(fn, 'length', { value: length });
      return [fn, `function with length ${String(length)}`];
    }
    case 1: {
      const thrown = ctx.sentinel();
      Object.defineProperty(fn, 'length', { get() { throw thrown; } });
      record.hostile = thrown;
      return [fn, 'function whose length getter throws'];
    }
    case 2: return [new Proxy(fn, {}), `Proxy(function of arity ${record.arity})`];
    case 3: {
      const thrown = ctx.sentinel();
      record.hostile = thrown;
      return [new Proxy(fn, { get() { throw thrown; } }), 'Proxy(function) whose get trap throws'];
    }
    case 4: {
      const bound = fn.bind(null);
      return [bound, `bound function of arity ${record.arity}`];
    }
    default: return [fn, `function of arity ${record.arity}`];
  }
}

/** A sparse array of huge length, built fresh (the product must neither hang nor run out of memory). */
function sparseArray(ctx) {
  const arr = [];
  // (A length below ~1e8 makes V8 allocate the holes: costly to build, and the product's bound is 1e6 items.)
  arr.length = ctx.rng.pick([1e9, 2 ** 32 - 1, 2 ** 31]);
  if (ctx.rng.chance(0.5)) arr[ctx.rng.int(10)] = 'x';
  return [arr, `sparse array of length ${arr.length}`];
}

/** Objects of every odd kind. */
function hostileObject(ctx, depth) {
  const { rng } = ctx;
  switch (rng.int(30)) {
    case 0: return [{}, '{}'];
    case 1: return [Object.create(null), 'Object.create(null)'];
    case 2: {
      const o = Object.create(null);
      o.session_id = ctx.env.sessionId;
      o.role = 'moderator';
      return [o, 'null-prototype {session_id, role}'];
    }
    case 3: {
      const o = JSON.parse(`{"__proto__": {"role": "moderator", "timeout": 1}, "session_id": ${JSON.stringify(ctx.env.sessionId)}}`);
      return [o, 'JSON.parse with an own "__proto__" key'];
    }
    case 4: {
      const o = { a: 1 };
      const thrown = ctx.sentinel();
      const key = rng.pick(['session_id', 'sessionId', 'session', 'role', 'expire_time', 'connection_data', 'timeout', 'apiUrl', 'ca', 'a', 'p2p.preference', 'mediaMode']);
      Object.defineProperty(o, key, { enumerable: true, get() { throw thrown; } });
      return [o, `object whose getter "${key}" throws`];
    }
    case 5: {
      const o = { session_id: ctx.env.sessionId, role: 'publisher', b: 2 };
      Object.defineProperty(o, 'a', {
        enumerable: true,
        get() {
          delete o.b;
          o.role = 'moderator';
          o.added = Symbol('added');
          return 'mutated';
        },
      });
      return [o, 'object whose getter deletes, changes and adds keys'];
    }
    case 6: return [Object.freeze({ session_id: ctx.env.sessionId, role: 'subscriber' }), 'frozen {session_id, role}'];
    case 7: return [rng.pick([new Date(0), new Date(NaN), new Date(8.64e15)]), 'Date'];
    case 8: return [rng.pick([/re/g, new RegExp('(?:)')]), 'RegExp'];
    case 9: return [rng.pick([new Map([['role', 'moderator']]), new Set([1]), new WeakMap(), new WeakSet()]), 'Map/Set/WeakMap/WeakSet'];
    case 10: {
      const v = rng.pick([() => new Uint8Array(16), () => Buffer.from('-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----\n'), () => new ArrayBuffer(8),
        () => new DataView(new ArrayBuffer(4)), () => new Float64Array([NaN, -0]), () => new BigInt64Array(2), () => Buffer.alloc(0), () => new Uint16Array(1000)])();
      return [v, v.constructor.name];
    }
    case 11: return [rng.pick([new String('boxed'), new Number(1), new Boolean(false), Object(Symbol('s')), Object(1n)]), 'boxed primitive'];
    case 12: return [rng.pick([Promise.resolve(1), new Error('an error'), new TypeError('t'), globalThis.Math, JSON]), 'Promise/Error/Math/JSON'];
    case 13: return [new Proxy({ session_id: ctx.env.sessionId, a: 1 }, {}), 'transparent Proxy({session_id, a})'];
    case 14: {
      const thrown = ctx.sentinel();
      return [new Proxy({ a: 1 }, { ownKeys() { throw thrown; } }), 'Proxy whose ownKeys trap throws'];
    }
    case 15: {
      const thrown = ctx.sentinel();
      return [new Proxy({ a: 1 }, { get() { throw thrown; } }), 'Proxy whose get trap throws'];
    }
    case 16: {
      const thrown = ctx.sentinel();
      return [new Proxy({ a: 1 }, { getOwnPropertyDescriptor() { throw thrown; }, has() { throw thrown; } }), 'Proxy whose getOwnPropertyDescriptor and has traps throw'];
    }
    case 17: {
      const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
      revoke();
      ctx.revoked = true;
      return [proxy, 'revoked Proxy'];
    }
    case 18: return [DEEP_OBJECT, '{a: {a: … 20,000 levels}}'];
    case 19: { const o = { a: 1 }; o.self = o; o.list = [o]; return [o, 'cyclic object']; }
    case 20: {
      const o = {};
      const n = rng.chance(0.9) ? rng.pick([10, 100, 1000]) : 10_000;
      for (let i = 0; i < n; i++) o[`k${i}`] = i;
      return [o, `object with ${n} keys`];
    }
    case 21: {
      const thrown = ctx.sentinel();
      const o = { [Symbol.toPrimitive]() { throw thrown; }, toString() { throw thrown; }, valueOf() { throw thrown; }, toJSON() { throw thrown; } };
      ctx.sentinels.delete(thrown); // never to be called: a coercion of it is a finding
      return [o, 'object whose toString/valueOf/toPrimitive/toJSON throw'];
    }
    case 22: { const args = (function () { return arguments; })(1, 'a'); return [args, 'arguments object']; }
    case 23: {
      const proto = { session_id: ctx.env.sessionId, role: 'moderator' };
      return [Object.create(proto), 'object inheriting {session_id, role}'];
    }
    default: return depth > 0 ? hostileArray(ctx, depth - 1) : [{ b: 1 }, '{b: 1}'];
  }
}

function hostileArray(ctx, depth) {
  const { rng } = ctx;
  switch (rng.int(10)) {
    case 0: return [[], '[]'];
    case 1: return [[, 1, , 'a', ,], 'array with holes']; // eslint-disable-line no-sparse-arrays
    case 2: return sparseArray(ctx);
    case 3: {
      const thrown = ctx.sentinel();
      const a = [1, 2];
      Object.defineProperty(a, 1, { enumerable: true, get() { throw thrown; } });
      return [a, 'array whose item getter throws'];
    }
    case 4: {
      const a = ['a', 'b'];
      Object.defineProperty(a, 0, { enumerable: true, get() { a.length = rng.chance(0.5) ? 0 : 5; return 'x'; } });
      return [a, 'array whose item getter changes its length'];
    }
    case 5: return [DEEP_ARRAY, '[[[… 20,000 levels]]]'];
    case 6: return [Object.freeze(['moderator', 1]), 'frozen array'];
    case 7: return [new Proxy(['a', 'b'], {}), 'Proxy of an array'];
    case 8: {
      const items = [];
      const n = rng.int(5);
      const descs = [];
      for (let i = 0; i < n; i++) {
        const [v, d] = hostileValue(ctx, depth);
        items.push(v);
        descs.push(d);
      }
      return [items, `[${descs.join(', ')}]`];
    }
    default: {
      const thrown = ctx.sentinel();
      return [new Proxy([1, 2, 3], { get(t, k) { if (k === 'length') throw thrown; return Reflect.get(t, k); } }), 'Proxy of an array whose length getter throws'];
    }
  }
}

/** Any value at all. */
export function hostileValue(ctx, depth = 1) {
  const { rng } = ctx;
  switch (rng.int(16)) {
    case 0: return [undefined, 'undefined'];
    case 1: return [null, 'null'];
    case 2: { const b = rng.chance(0.5); return [b, String(b)]; }
    case 3: case 4: return hostileNumber(ctx);
    case 5: { const b = rng.pick(BIGINTS); return [b, `${b}n`]; }
    case 6: return [rng.pick([Symbol('s'), Symbol.iterator, Symbol.for('opentok')]), 'Symbol'];
    case 7: case 8: case 9: return hostileString(ctx);
    case 10: return hostileFunction(ctx);
    case 11: case 12: return hostileArray(ctx, depth);
    default: return hostileObject(ctx, depth);
  }
}

// ---------------------------------------------------------------------------
// Valid-looking arguments, so that calls get past the first check.

function tokenOptions(ctx) {
  const { rng, env } = ctx;
  const o = {};
  const descs = [];
  const set = (key, [value, desc]) => {
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
    descs.push(`${JSON.stringify(key)}: ${desc}`);
  };
  const valid = {
    session_id: () => [env.sessionId, '<valid session ID>'],
    sessionId: () => [env.sessionId, '<valid session ID>'],
    session: () => [env.sessionId, '<valid session ID>'],
    role: () => { const r = rng.pick(['subscriber', 'publisher', 'moderator']); return [r, JSON.stringify(r)]; },
    expire_time: () => { const t = nowSeconds() + rng.between(60, 86400); return [t, String(t)]; },
    create_time: () => { const t = nowSeconds(); return [t, String(t)]; },
    nonce: () => { const n = rng.int(999999); return [n, String(n)]; },
    connection_data: () => { const s = randomString(rng, { maxParts: 4 }); return [s, describeString(s)]; },
  };
  const keys = Object.keys(valid);
  const n = rng.int(6);
  if (rng.chance(0.7)) set(rng.pick(['session_id', 'sessionId', 'session']), rng.chance(0.8) ? valid.session_id() : hostileValue(ctx));
  for (let i = 0; i < n; i++) {
    const key = rng.chance(0.7) ? rng.pick(keys) : rng.pick(['__proto__', 'x', '', '0', 'constructor', 'toString', randomString(rng, { maxParts: 2 })]);
    set(key, Object.hasOwn(valid, key) && rng.chance(0.5) ? valid[key]() : hostileValue(ctx));
  }
  return [o, `{${descs.join(', ')}}`];
}

function sessionProperties(ctx) {
  const { rng } = ctx;
  const o = {};
  const descs = [];
  const n = rng.int(4);
  for (let i = 0; i < n; i++) {
    const key = rng.pick(['p2p.preference', 'mediaMode', 'location', 'partner_id', 'x', '', randomString(rng, { maxParts: 2 })]);
    const pick = rng.int(4);
    const [value, desc] = pick === 0 ? [rng.pick(['enabled', 'disabled', 'relayed', 'routed']), 'a preference']
      : pick === 1 ? [rng.chance(0.5), 'a boolean']
        : hostileValue(ctx);
    o[key] = value;
    descs.push(`${JSON.stringify(key)}: ${desc}`);
  }
  return [o, `{${descs.join(', ')}}`];
}

/** An argument: valid (from `valid`) with probability `p`, else anything. */
const either = (ctx, p, valid) => (ctx.rng.chance(p) ? valid() : hostileValue(ctx));

// ---------------------------------------------------------------------------
// The entry points. Each case says how it was called (`desc`), how to call it
// (`run`), and which of its arguments is the callback, if any.

/** Extra trailing arguments, sometimes. */
function extras(ctx, args, descs) {
  if (!ctx.rng.chance(0.1)) return;
  const n = ctx.rng.between(1, 3);
  for (let i = 0; i < n; i++) {
    const [v, d] = hostileValue(ctx, 0);
    args.push(v);
    descs.push(d);
  }
}

/** `args` and `descs`, then sometimes a callback (mostly a tracked function), then sometimes extra arguments. */
function withCallback(ctx, args, descs) {
  if (ctx.rng.chance(0.2)) {
    const [cb, d] = ctx.rng.chance(0.7) ? hostileFunction(ctx) : hostileValue(ctx);
    args.push(cb);
    descs.push(d);
  }
  extras(ctx, args, descs);
  return { args, descs };
}

/** A call that goes out: to the emulator, or with probability `pClosed` to the closed port. */
function networkCase(ctx, name, pClosed, make) {
  const closed = ctx.rng.chance(pClosed);
  return { name: `${name}${closed ? ' (closed port)' : ''}`, network: true, ...make(closed) };
}

const CASES = [
  // [weight, name, build(ctx) -> { args, descs, run(args), callbackIndex(args) }]
  [16, 'generateToken(options)', (ctx) => {
    const args = [];
    const descs = [];
    const [v, d] = ctx.rng.chance(0.6) ? tokenOptions(ctx) : hostileValue(ctx);
    args.push(v);
    descs.push(d);
    extras(ctx, args, descs);
    const method = ctx.rng.chance(0.2) ? 'generate_token' : 'generateToken';
    const scratch = ctx.rng.chance(0.15);
    const sdk = scratch ? ctx.env.scratchSdk(ctx) : ctx.env.sdk;
    const on = scratch ? ` on an SDK whose sessionId is ${ctx.scratchSessionId}` : '';
    return { name: `${method}(options)${on}`, args, descs, run: (a) => sdk[method](...a), check: checkToken };
  }],
  [14, 'generateToken(sessionId, options)', (ctx) => {
    const args = [];
    const descs = [];
    const [sid, sd] = ctx.rng.chance(0.5) ? [ctx.env.sessionId, '<valid session ID>'] : hostileString(ctx);
    args.push(sid);
    descs.push(sd);
    if (ctx.rng.chance(0.9)) {
      const [v, d] = ctx.rng.chance(0.5) ? tokenOptions(ctx) : hostileValue(ctx);
      args.push(v);
      descs.push(d);
    }
    extras(ctx, args, descs);
    const method = ctx.rng.chance(0.2) ? 'generate_token' : 'generateToken';
    return { name: `${method}(sessionId, options)`, args, descs, run: (a) => ctx.env.sdk[method](...a), check: checkToken };
  }],
  [16, 'createSession', (ctx) => {
    const { rng, env } = ctx;
    const args = [];
    const descs = [];
    const n = rng.pick([0, 1, 1, 2, 2, 2, 3]);
    for (let i = 0; i < n; i++) {
      const [v, d] = rng.chance(0.5)
        ? (i === 0 && rng.chance(0.5) ? either(ctx, 0.6, () => [rng.pick(['127.0.0.1', '', '10.1.2.3', '::1']), 'a location']) : sessionProperties(ctx))
        : hostileValue(ctx);
      args.push(v);
      descs.push(d);
    }
    extras(ctx, args, descs);
    const method = rng.chance(0.2) ? 'create_session' : 'createSession';
    return networkCase(ctx, method, 0.3, (closed) => ({
      args,
      descs,
      run: (a) => (closed ? env.closedSdk : env.sdk)[method](...a),
      callbackIndex: (a) => (a.length > 0 && typeof a[a.length - 1] === 'function' ? a.length - 1 : -1),
      check: (value) => typeof value === 'string' && value.length > 0 ? null : `resolved to ${inspect(value)}, not a session ID`,
    }));
  }],
  [10, 'getArchiveManifest', (ctx) => {
    const { rng, env } = ctx;
    const [id, idd] = either(ctx, 0.5, () => rng.chance(0.7) ? [env.archiveId, '<existing archive ID>'] : hostileString(ctx));
    const [tok, tokd] = either(ctx, 0.6, () => rng.chance(0.7) ? [env.token, '<valid moderator token>'] : mutatedToken(ctx));
    const method = rng.chance(0.2) ? 'get_archive_manifest' : 'getArchiveManifest';
    return networkCase(ctx, method, 0.2, (closed) => ({
      ...withCallback(ctx, [id, tok], [idd, tokd]),
      run: (a) => (closed ? env.closedSdk : env.sdk)[method](...a),
      callbackIndex: (a) => (typeof a[2] === 'function' ? 2 : -1),
      check: (value) => value instanceof OpenTokArchive ? null : `resolved to ${inspect(value)}, not an OpenTokArchive`,
    }));
  }],
  [8, 'archive.downloadArchiveURL', (ctx) => {
    const { rng, env } = ctx;
    const [vid, vidd] = either(ctx, 0.5, () => rng.chance(0.6) ? [env.videoId, '<existing video ID>'] : hostileString(ctx));
    return networkCase(ctx, 'archive.downloadArchiveURL', 0.2, (closed) => ({
      ...withCallback(ctx, [vid], [vidd]),
      run: (a) => (closed ? env.closedArchive : env.archive).downloadArchiveURL(...a),
      callbackIndex: (a) => (typeof a[1] === 'function' ? 1 : -1),
      check: (value) => typeof value === 'string' && /^https?:\/\//.test(value) ? null : `resolved to ${inspect(value)}, not a URL`,
    }));
  }],
  [10, 'OpenTokSDK.decodeToken', (ctx) => {
    const [v, d] = ctx.rng.chance(0.7) ? hostileString(ctx) : hostileValue(ctx);
    const args = [v];
    const descs = [d];
    extras(ctx, args, descs);
    return {
      name: 'OpenTokSDK.decodeToken',
      args,
      descs,
      run: (a) => OpenTokSDK.decodeToken(...a),
      check: (value) => value && typeof value.partnerId === 'string' && typeof value.fields === 'object' ? null : `returned ${inspect(value)}`,
    };
  }],
  [8, 'sdk.verifyToken', (ctx) => {
    const [v, d] = ctx.rng.chance(0.7) ? hostileString(ctx) : hostileValue(ctx);
    const args = [v];
    const descs = [d];
    extras(ctx, args, descs);
    return { name: 'sdk.verifyToken', args, descs, run: (a) => ctx.env.sdk.verifyToken(...a), check: (value) => typeof value === 'boolean' ? null : `returned ${inspect(value)}` };
  }],
  [12, 'new OpenTokSDK', (ctx) => {
    const { rng, env } = ctx;
    const [key, keyd] = either(ctx, 0.5, () => rng.chance(0.5) ? [env.apiKey, '<API key>'] : [Number(env.apiKey), '<API key as a number>']);
    const [secret, secretd] = either(ctx, 0.5, () => [env.apiSecret, '<secret>']);
    const args = [key, secret];
    const descs = [keyd, secretd];
    if (rng.chance(0.8)) {
      let options;
      let od;
      if (rng.chance(0.6)) {
        options = {};
        const parts = [];
        for (const name of ['apiUrl', 'timeout', 'ca']) {
          if (!rng.chance(0.4)) continue;
          const [v, d] = name === 'timeout' && rng.chance(0.5) ? hostileNumber(ctx) : hostileValue(ctx);
          options[name] = v;
          parts.push(`${name}: ${d}`);
        }
        od = `{${parts.join(', ')}}`;
      } else {
        [options, od] = hostileValue(ctx);
      }
      args.push(options);
      descs.push(od);
    }
    extras(ctx, args, descs);
    const withNew = rng.chance(0.7);
    // Now and then the SDK made is used for a call to the closed port: the client is built from the options.
    const thenCall = rng.chance(0.03);
    return {
      name: withNew ? 'new OpenTokSDK' : 'OpenTokSDK (without new)',
      args,
      descs,
      run: (a) => {
        const sdk = withNew ? new OpenTokSDK(...a) : OpenTokSDK(...a);
        if (!(sdk instanceof OpenTokSDK)) return sdk;
        if (thenCall) {
          sdk.api_url = env.closedUrl;
          ctx.followUp = sdk.createSession();
        }
        return sdk;
      },
      check: (value) => value instanceof OpenTokSDK ? null : `returned ${inspect(value)}, not an OpenTokSDK`,
    };
  }],
  [6, 'sdk.api_url = x; createSession', (ctx) => {
    const { rng, env } = ctx;
    let url;
    let d;
    switch (rng.chance(0.05) ? 3 : rng.int(3)) {
      // Any value but a string: a random string could name a real host (bare host names mean HTTPS to it).
      case 0: do [url, d] = hostileValue(ctx); while (typeof url === 'string'); break;
      case 1: url = `${env.closedUrl}/${randomString(rng, { maxParts: 4 })}`; d = describeString(url); break;
      case 2: url = rng.pick(['', ' ', 'ftp://x', 'http://', 'https://', 'http://[::1', 'http://127.0.0.1:99999', 'http://127.0.0.1:0', `//${new URL(env.closedUrl).host}`, 'http:x', 'file:///etc/passwd',
        `${env.closedUrl}/\ud800`, `${env.closedUrl}/\r\nX: y`, `${env.closedUrl}?a=b`, `${env.closedUrl}#h`, env.closedUrl.replace('http://', 'https://')]); d = describeString(url); break;
      default: url = `${env.closedUrl}/${HUGE['1 MB of "a"']}`; d = '<closed port + 1 MB path>';
    }
    return {
      name: 'createSession with sdk.api_url set',
      args: [url],
      descs: [`api_url = ${d}`],
      network: true,
      run: ([u]) => {
        env.urlSdk.api_url = u;
        return env.urlSdk.createSession();
      },
      callbackIndex: () => -1,
      check: (value) => typeof value === 'string' ? null : `resolved to ${inspect(value)}`,
    };
  }],
];
const TOTAL_WEIGHT = CASES.reduce((sum, [w]) => sum + w, 0);

function checkToken(value) {
  return typeof value === 'string' && value.startsWith('T1==') ? null : `returned ${inspect(value)}, not a token`;
}

/** Builds case `index` of the run of `seed`. */
export function buildCase(seed, index, env) {
  const rng = caseRng(seed, index);
  const ctx = new CaseContext(rng, env);
  let roll = rng.int(TOTAL_WEIGHT);
  let entry = CASES[0];
  for (const c of CASES) {
    if (roll < c[0]) { entry = c; break; }
    roll -= c[0];
  }
  const built = entry[2](ctx);
  return { ctx, index, kind: entry[1], ...built, describe: () => `${built.name}(${built.descs.join(', ')})` };
}

// ---------------------------------------------------------------------------
// Judging one call.

/** Why a synchronously thrown `err` is not acceptable for the case, or null. */
export function judgeThrown(err, ctx) {
  if (ctx.sentinels.has(err)) return null; // the user's own getter or trap: propagated unchanged
  if (!(err instanceof Error)) return `threw a non-Error: ${safeInspect(err)}`;
  if (PANIC.test(String(err.message)) || PANIC.test(String(err.stack))) return `a Rust panic reached JavaScript: ${err.message}`;
  if (typeof err.message !== 'string' || err.message === '') return `threw ${err.name} with an empty message`;
  if (!(err instanceof TypeError || err instanceof RangeError || err.constructor === Error)) return `threw a ${err.constructor?.name}: ${err.message}`;
  if (ctx.revoked && err instanceof TypeError && /revoked/.test(err.message)) return null;
  if (!SYNC_CODES.has(err.code)) return `threw ${err.name} with code ${safeInspect(err.code)} (not an SDK code): ${err.message}`;
  if (err.code === 'ERR_INVALID_ARG_TYPE' && !(err instanceof TypeError)) return `ERR_INVALID_ARG_TYPE on a ${err.name}`;
  if (err.code === 'ERR_OUT_OF_RANGE' && !(err instanceof RangeError)) return `ERR_OUT_OF_RANGE on a ${err.name}`;
  return null;
}

/** Why a rejection `err` is not acceptable, or null. */
export function judgeRejection(err) {
  if (err instanceof OpenTokError) {
    if (!API_CODES.has(err.code)) return `rejected with an OpenTokError of code ${safeInspect(err.code)}`;
    if (typeof err.message !== 'string' || err.message === '') return 'rejected with an empty message';
    if (PANIC.test(err.message)) return `a Rust panic reached JavaScript: ${err.message}`;
    return null;
  }
  if (err instanceof TypeError && SYNC_CODES.has(err.code)) return null;
  return `rejected with ${safeInspect(err)}, not an OpenTokError or TypeError`;
}

export function safeInspect(value) {
  try {
    const text = inspect(value, { depth: 1, breakLength: Infinity });
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return `<${typeof value} that cannot be inspected>`;
  }
}

/** Waits for `promise` at most `ms`: `{ settled, value, error, rejected }`. */
function settleWithin(promise, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ settled: false }), ms);
    Promise.resolve(promise).then(
      (value) => { clearTimeout(timer); resolve({ settled: true, value }); },
      (error) => { clearTimeout(timer); resolve({ settled: true, rejected: true, error }); },
    );
  });
}

const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs one case synchronously: the problem found (string) or null, and what
 * is left to check asynchronously.
 */
export function runCase(c) {
  let returned;
  let threw = false;
  let thrown;
  try {
    returned = c.run(c.args);
  } catch (err) {
    threw = true;
    thrown = err;
  }
  const cbIndex = c.callbackIndex ? c.callbackIndex(c.args) : -1;
  const callback = cbIndex >= 0 ? c.args[cbIndex] : undefined;
  const pending = { case: c, promise: undefined, callbackRecord: undefined, followUp: c.ctx.followUp };
  if (threw) return { problem: judgeThrown(thrown, c.ctx), pending, threw: true, thrown };
  if (c.network) {
    if (callback === undefined) {
      if (!(returned instanceof Promise)) return { problem: `returned ${safeInspect(returned)}, not a Promise`, pending };
      pending.promise = returned;
    } else {
      if (returned !== undefined) return { problem: `with a callback it returned ${safeInspect(returned)}, not undefined`, pending };
      pending.callbackRecord = c.ctx.functions.find((r) => r.value === callback);
      if (!pending.callbackRecord) return { problem: 'internal: callback not tracked', pending };
      pending.callbackRecord.isCallback = true;
    }
    return { problem: null, pending };
  }
  return { problem: c.check ? c.check(returned) : null, pending };
}

/** The kind of a problem, to tell whether a smaller input still shows the same one. */
const problemKind = (problem) => problem.replace(/:.*$/s, '').replace(/\d+/g, 'N');

const shortInspect = (value) => {
  try {
    return inspect(value, { depth: 2, maxStringLength: 60, maxArrayLength: 5, breakLength: Infinity, getters: false });
  } catch {
    return `<${typeof value}>`;
  }
};

/**
 * The smallest form of failing case `index` that still fails the same way
 * (synchronous failures): trailing arguments dropped, then the keys of its
 * object arguments deleted one by one, then arguments set to undefined.
 */
export function shrinkCase(seed, index, env, problem) {
  const kind = problemKind(problem);
  const edits = [];
  const attempt = (candidate) => {
    try {
      const c = buildCase(seed, index, env);
      for (const edit of candidate) edit(c);
      const r = runCase(c);
      r.pending.promise?.catch(() => {});
      r.pending.followUp?.catch(() => {});
      return r.problem && problemKind(r.problem) === kind ? { c, problem: r.problem } : null;
    } catch {
      return null;
    }
  };
  let best = attempt(edits);
  if (!best) return { index, problem, minimal: '(did not fail again when replayed alone)' };
  const tryEdit = (edit) => {
    const found = attempt([...edits, edit]);
    if (!found) return false;
    edits.push(edit);
    best = found;
    return true;
  };
  while (best.c.args.length > 0 && tryEdit((c) => { c.args.length = Math.max(0, c.args.length - 1); })) { /* dropped one */ }
  for (let i = 0; i < best.c.args.length; i++) {
    const arg = best.c.args[i];
    if (arg !== null && typeof arg === 'object' && !Array.isArray(arg) && !ArrayBuffer.isView(arg)) {
      let keys = [];
      try { keys = Object.keys(arg); } catch { /* a hostile proxy: kept whole */ }
      for (const key of keys) tryEdit((c) => { delete c.args[i][key]; });
    }
    if (arg !== undefined) tryEdit((c) => { c.args[i] = undefined; });
    // Strings: halved while they still fail.
    while (typeof best.c.args[i] === 'string' && best.c.args[i].length > 8) {
      const half = Math.ceil(best.c.args[i].length / 2);
      if (!tryEdit((c) => { c.args[i] = c.args[i].slice(0, half); }) && !tryEdit((c) => { c.args[i] = c.args[i].slice(-half); })) break;
    }
  }
  const { c } = best;
  return { index, problem: best.problem, minimal: `${c.name}(${c.args.map(shortInspect).join(', ')})` };
}

/** Waits for what a call left running: its promise, a follow-up call, its callback; counts and judges the outcome. */
async function awaitPending(p, settleMs, outcomes, fail) {
  if (p.promise) {
    const r = await settleWithin(p.promise, settleMs);
    if (!r.settled) return fail(p.case, `the promise did not settle within ${settleMs} ms`);
    if (r.rejected) outcomes.rejected++;
    else outcomes.resolved++;
    const problem = r.rejected ? judgeRejection(r.error) : p.case.check?.(r.value);
    if (problem) fail(p.case, problem);
  }
  if (p.followUp) {
    const r = await settleWithin(p.followUp, settleMs);
    const problem = !r.settled ? `did not settle within ${settleMs} ms` : r.rejected ? judgeRejection(r.error) : null;
    if (problem) fail(p.case, `the follow-up createSession: ${problem}`);
  }
  if (p.callbackRecord) {
    const { calls } = p.callbackRecord;
    const deadline = performance.now() + settleMs;
    while (calls.length === 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    if (calls.length === 0) return fail(p.case, `the callback was not called within ${settleMs} ms`);
    outcomes.callbacks++;
  }
  return undefined;
}

/**
 * Checks the tracked functions of a batch once everything settled: each
 * callback called once (error-first ones with null or an OpenTokError first),
 * every other function never. Returns how many OpenTokError warnings the
 * failed 0.3.x-style callbacks must have caused (NaN: cannot tell).
 */
function checkFunctions(pendings, fail) {
  let expectedWarnings = 0;
  for (const p of pendings) {
    for (const record of p.case.ctx.functions) {
      if (!record.isCallback) {
        if (record.calls.length !== 0) fail(p.case, `a function that is not the callback was called ${record.calls.length} times`);
        continue;
      }
      if (record.calls.length !== 1) fail(p.case, `the callback was called ${record.calls.length} times`);
      const [first] = record.calls;
      let errorFirst;
      try {
        errorFirst = record.fn.length >= 2;
      } catch {
        expectedWarnings = NaN; // a hostile length: either style is acceptable
        continue;
      }
      if (first && errorFirst && first[0] !== null && !(first[0] instanceof OpenTokError)) fail(p.case, `error-first callback got ${safeInspect(first[0])} first`);
      if (first && !errorFirst && first[0] === undefined) expectedWarnings++;
    }
  }
  return expectedWarnings;
}

/**
 * The fuzz loop. Returns the summary the child prints.
 * @param {{ seed: number, count: number, only?: number, batch?: number, settleMs?: number,
 *   log?: (line: string) => void, progress?: (c: object) => void }} options
 */
export async function fuzz({ seed, count, only, batch = 250, settleMs = 30_000, log = () => {}, progress = () => {} }) {
  const started = performance.now();
  const env = await fuzzEnvironment();
  const failures = [];
  const counts = {};
  const outcomes = { returned: 0, threw: 0, sentinel: 0, resolved: 0, rejected: 0, callbacks: 0 };
  const warnings = [];
  const unexpected = [];
  const onWarning = (w) => warnings.push(w);
  const brief = (value) => (value instanceof Error ? `${value.name} ${value.code ?? ''}: ${value.message}` : safeInspect(value));
  const onRejection = (reason) => unexpected.push(`unhandled rejection: ${brief(reason)}`);
  const onException = (err) => unexpected.push(`uncaught exception: ${brief(err)}`);
  process.on('warning', onWarning);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  let failureCount = 0;
  const record = (failure) => {
    failureCount++;
    if (failures.length < 100) failures.push(failure);
  };
  const fail = (c, problem) => record({ index: c.index, call: c.describe(), problem });
  const rssSamples = [];
  const shrunk = [];

  const measure = () => {
    global.gc?.();
    global.gc?.();
    return process.memoryUsage();
  };
  // Before the loop; and after a warm-up, when the allocator's arenas, the
  // connection pools and V8's code caches have reached their working size.
  const start0 = measure();
  let rssBefore = 0;
  let heapBefore = 0;
  const warmup = Math.min(10_000, Math.floor(count / 10));
  const indices = only !== undefined ? [only] : Array.from({ length: count }, (_, i) => i);
  // Cases whose hostile callback threw after the call was made: a later unhandled rejection is theirs.
  const suspects = [];

  for (let start = 0; start < indices.length; start += batch) {
    if (start >= warmup && rssBefore === 0) {
      const m = measure();
      rssBefore = m.rss;
      heapBefore = m.heapUsed;
    }
    const pendings = [];
    for (const index of indices.slice(start, start + batch)) {
      const c = buildCase(seed, index, env);
      counts[c.kind] = (counts[c.kind] ?? 0) + 1;
      progress(c);
      const { problem, pending, threw, thrown } = runCase(c);
      if (problem) {
        fail(c, problem);
        if (shrunk.length < 5) shrunk.push(shrinkCase(seed, index, env, problem));
      }
      if (threw) {
        outcomes.threw++;
        if (c.ctx.sentinels.size > 0) outcomes.sentinel++;
        // The call got as far as reading its callback's `length`: it may have started already.
        if (c.network && c.ctx.functions.some((r) => r.hostile === thrown)) suspects.push(c);
      } else {
        outcomes.returned++;
      }
      pendings.push(pending);
    }
    // Every promise settles, every callback is called exactly once, nothing else is called.
    await Promise.all(pendings.map((p) => awaitPending(p, settleMs, outcomes, fail)));
    await nextMacrotask();
    await nextMacrotask();
    const expectedWarnings = checkFunctions(pendings, fail);
    const apiWarnings = warnings.splice(0).filter((w) => w instanceof OpenTokError);
    if (!Number.isNaN(expectedWarnings) && apiWarnings.length !== expectedWarnings) {
      record({ index: -1, call: `batch from case ${indices[start]}`, problem: `${apiWarnings.length} OpenTokError warnings for ${expectedWarnings} failed 0.3.x-style callbacks` });
    }
    if (unexpected.length > 0) {
      // Attributed to the cases of the batch that threw from a hostile callback after the call had started.
      for (const problem of unexpected.splice(0)) {
        const operation = /(\w+) failed:/.exec(problem)?.[1] ?? '';
        const likely = suspects.filter((c) => operation !== '' && c.kind.endsWith(operation));
        const blamed = likely.length > 0 ? likely : suspects;
        const call = blamed.length === 0 ? `one of the calls of the batch from case ${indices[start]}`
          : blamed.length === 1 ? blamed[0].describe() : `one of: ${blamed.map((c) => `#${c.index} ${c.describe()}`).join(' | ').slice(0, 2000)}`;
        record({ index: blamed[0]?.index ?? -1, call, problem });
      }
    }
    suspects.length = 0;
    env.emu.requests.length = 0;
    env.emu.sessions.length = 0;
    if (start % (batch * 40) === 0) {
      log(`${start} cases, ${failureCount} failures, ${((performance.now() - started) / 1000).toFixed(1)} s`);
      if (start > 0) rssSamples.push([start, measure().rss]);
    }
  }
  const after = measure();
  if (rssBefore === 0) {
    rssBefore = after.rss;
    heapBefore = after.heapUsed;
  }
  process.off('warning', onWarning);
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
  await env.close();
  return {
    seed,
    count: indices.length,
    ms: Math.round(performance.now() - started),
    failures,
    failureCount,
    counts,
    rssSamples,
    outcomes,
    shrunk,
    rssStart: start0.rss,
    rssBefore,
    rssAfter: after.rss,
    heapBefore,
    heapAfter: after.heapUsed,
  };
}

/** An emulator, an archive on it, SDKs pointed at it and at a closed port. */
export async function fuzzEnvironment() {
  const emu = await startEmulator();
  const closedUrl = await closedPortUrl();
  const sdk = new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: emu.url, timeout: 5000 });
  const closedSdk = new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: closedUrl, timeout: 2000 });
  const spec = emu.addArchive({ title: 'Fuzz', videos: [{ length: 10, name: 'a' }, { length: 12, name: 'b' }] });
  const sessionId = sessionIdFor(emu.apiKey);
  const token = moderatorToken(emu.apiKey, emu.apiSecret, { session_id: sessionId });
  const archive = await sdk.getArchiveManifest(spec.archiveId, token);
  const closedArchive = new OpenTokArchive(closedSdk, { archiveId: spec.archiveId, token, apiUrl: closedUrl });
  return {
    emu,
    apiKey: emu.apiKey,
    apiSecret: emu.apiSecret,
    closedUrl,
    sdk,
    closedSdk,
    /** An SDK whose api_url the cases set (its client is built once). */
    urlSdk: new OpenTokSDK(emu.apiKey, emu.apiSecret, { timeout: 2000 }),
    archive,
    closedArchive,
    archiveId: spec.archiveId,
    videoId: spec.videos[0].id,
    sessionId,
    token,
    /** An SDK whose `sessionId` (the default session of generateToken) is anything at all. */
    scratchSdk(ctx) {
      const scratch = new OpenTokSDK(emu.apiKey, emu.apiSecret, { apiUrl: closedUrl });
      const [value, desc] = ctx.rng.chance(0.3) ? [sessionId, '<valid session ID>'] : hostileValue(ctx);
      scratch.sessionId = value;
      ctx.scratchSessionId = desc;
      return scratch;
    },
    close: () => emu.close(),
  };
}

// ---------------------------------------------------------------------------
// Running the fuzz loop in a child process.

/** An environment without proxies, so that nothing leaves 127.0.0.1. */
export function isolatedEnv(extra = {}) {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/_proxy$/i.test(name)) delete env[name];
  return { ...env, NO_PROXY: '*', no_proxy: '*', ...extra };
}

/**
 * Runs the fuzz loop in a child (`--expose-gc`), killed after `timeoutMs`.
 * `lastCase` is the index and description of the last case started (the culprit of a crash or a hang).
 * @returns {Promise<{ code: number | null, signal: string | null, stdout: string, stderr: string, summary: any, lastCase: string, ms: number, timedOut: boolean }>}
 */
export async function runFuzzChild({ seed, count, timeoutMs, extraEnv = {} }) {
  const progressPath = join(tmpdir(), `opentok-fuzz-${process.pid}-${randomBytes(4).toString('hex')}.log`);
  try {
    const run = await runNode(`import(${JSON.stringify(import.meta.url)}).then((helper) => helper.main())`, {
      timeoutMs,
      env: isolatedEnv({
        NODE_OPTIONS: '--expose-gc --no-warnings',
        OPENTOK_FUZZ_SEED: String(seed),
        OPENTOK_FUZZ_COUNT: String(count),
        OPENTOK_FUZZ_PROGRESS: progressPath,
        OPENTOK_API_URL: 'http://127.0.0.1:9',
        ...extraEnv,
      }),
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('HARDENING-SUMMARY '));
    const summary = line ? JSON.parse(line.slice('HARDENING-SUMMARY '.length)) : undefined;
    let progress = '';
    try {
      progress = readFileSync(progressPath, 'utf8').slice(-4096);
    } catch { /* the child died before its first case */ }
    return { ...run, summary, lastCase: progress.trimEnd().split('\n').at(-1) ?? '' };
  } finally {
    rmSync(progressPath, { force: true });
  }
}

/**
 * OPENTOK_FUZZ_PLANT: a bug planted in the SDK object of the child, to show
 * that the fuzz loop and its checks do catch each kind of failure.
 */
function plantBug(kind) {
  const proto = OpenTokSDK.prototype;
  if (kind === 'throw') {
    const verify = proto.verifyToken;
    proto.verifyToken = function (token) {
      if (typeof token === 'string' && token.includes('%')) throw new Error('planted: an error without a code');
      return verify.call(this, token);
    };
  } else if (kind === 'abort') {
    const decode = OpenTokSDK.decodeToken;
    OpenTokSDK.decodeToken = function (token) {
      if (typeof token === 'string' && token.includes('%')) process.abort();
      return decode(token);
    };
  } else if (kind === 'hang') {
    const manifest = proto.getArchiveManifest;
    proto.getArchiveManifest = function (archiveId, ...rest) {
      // Every promise-form call but those for the real archive (the setup fetches it).
      const real = typeof archiveId === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(archiveId);
      if (typeof archiveId === 'string' && !real && typeof rest[0] === 'string' && rest[1] === undefined) return new Promise(() => {});
      return manifest.call(this, archiveId, ...rest);
    };
  } else if (kind !== undefined && kind !== '') {
    throw new Error(`unknown OPENTOK_FUZZ_PLANT ${kind}`);
  }
}

/** The child's entry point: runs the loop the environment describes, prints its summary. */
export async function main() {
  const seed = fuzzSeed();
  const count = Number(process.env.OPENTOK_FUZZ_COUNT ?? 100_000);
  const onlyText = process.env.OPENTOK_FUZZ_CASE;
  const only = onlyText !== undefined && onlyText !== '' ? Number(onlyText) : undefined;
  const settleMs = Number(process.env.OPENTOK_FUZZ_SETTLE_MS ?? 30_000);
  plantBug(process.env.OPENTOK_FUZZ_PLANT);
  console.log(`seed=${seed} count=${count}${only !== undefined ? ` case=${only}` : ''}`);
  try {
    // The case about to run, to a file the parent reads: a crash or a hang is attributed to it.
    const progressFd = process.env.OPENTOK_FUZZ_PROGRESS ? openSync(process.env.OPENTOK_FUZZ_PROGRESS, 'w') : undefined;
    const progress = progressFd === undefined ? undefined : (c) => writeSync(progressFd, `${c.index}\t${c.describe().slice(0, 500).replaceAll('\n', ' ')}\n`);
    const summary = await fuzz({ seed, count, only, settleMs, log: (line) => console.log(line), progress });
    console.log(`HARDENING-SUMMARY ${JSON.stringify(summary)}`);
  } catch (err) {
    console.error('the fuzz loop itself failed:', err);
    process.exit(2);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === 'fuzz') {
  await main();
}

// ---------------------------------------------------------------------------
// Secrets: where a credential could show, and the check that it does not.

/**
 * The forms in which a credential could leak: as is, its random part, and
 * base64 (alone and as `key:secret`, the way an auth header would carry it).
 * @param {{ apiKey?: string, secret?: string, token?: string }} credential
 * @returns {string[]}
 */
export function credentialForms({ apiKey, secret, token }) {
  const forms = [];
  if (secret !== undefined) {
    forms.push(secret, secret.replace(/^S3cr3t-/, ''), Buffer.from(secret).toString('base64'), encodeURIComponent(secret));
    if (apiKey !== undefined) forms.push(`${apiKey}:${secret}`, Buffer.from(`${apiKey}:${secret}`).toString('base64'));
  }
  if (token !== undefined) {
    const payload = Buffer.from(token.slice(4), 'base64').toString('utf8');
    const signature = /&sig=([0-9a-f]{40}):/.exec(payload)?.[1];
    forms.push(token, token.slice(4, 60));
    if (signature) forms.push(signature);
  }
  return forms.filter((form) => form.length >= 12);
}

/** Writes what `console.dir(value, options)` prints, captured from process.stdout. */
export function consoleDirText(value, options) {
  const chunks = [];
  const write = process.stdout.write;
  process.stdout.write = (chunk, ...rest) => {
    chunks.push(String(chunk));
    const callback = rest.find((r) => typeof r === 'function');
    callback?.();
    return true;
  };
  try {
    console.dir(value, options);
  } finally {
    process.stdout.write = write;
  }
  return chunks.join('');
}

/**
 * Every way `value` could be printed, logged or serialised, by name; with
 * `getters`, also util.inspect's `getters: true`, which calls accessors.
 */
export function leakViews(value, { getters = false } = {}) {
  const views = {};
  const add = (name, make) => {
    try {
      views[name] = String(make());
    } catch (err) {
      views[name] = `<threw ${err?.message}>`;
    }
  };
  add('String()', () => String(value));
  add('message', () => value?.message);
  add('stack', () => value?.stack);
  add('inspect', () => inspect(value));
  add('inspect showHidden depth:Infinity', () => inspect(value, { showHidden: true, depth: Infinity }));
  add('inspect showHidden depth:Infinity customInspect:false', () => inspect(value, { showHidden: true, depth: Infinity, customInspect: false }));
  if (getters) add('inspect showHidden depth:Infinity customInspect:false getters:true', () => inspect(value, { showHidden: true, depth: Infinity, customInspect: false, getters: true }));
  add('console.dir showHidden', () => consoleDirText(value, { showHidden: true, depth: Infinity }));
  add('JSON.stringify', () => JSON.stringify(value));
  add('structuredClone', () => inspect(structuredClone(value), { showHidden: true, depth: Infinity }));
  add('own properties', () => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return '';
    return Reflect.ownKeys(value).map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      return `${String(key)}=${inspect('value' in descriptor ? descriptor.value : descriptor.get?.call(value), { showHidden: true, depth: Infinity, customInspect: false })}`;
    }).join('\n');
  });
  return views;
}

/** Names the view and credential form of the first leak of `forms` in `value`, or null. */
export function findLeak(value, forms, options) {
  for (const [view, text] of Object.entries(typeof value === 'string' ? { text: value } : leakViews(value, options))) {
    for (const form of forms) {
      const at = text.indexOf(form);
      if (at >= 0) return `${view} shows ${JSON.stringify(form.slice(0, 12))}…: …${text.slice(Math.max(0, at - 120), at + form.length + 40)}…`;
    }
  }
  return null;
}
