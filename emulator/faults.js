'use strict'

const { MP4 } = require('./media-files.js')

/**
 * @typedef {'createSession' | 'manifest' | 'url' | 'download' | 'startArchive' | 'stopArchive' | 'getArchive'
 *   | 'listArchives' | 'deleteArchive' | 'setArchiveLayout' | 'patchArchiveStreams' | 'archiveDownload' | 'signal'
 *   | 'forceDisconnect' | 'getStream' | 'listStreams' | 'setStreamClassLists' | 'forceMute' | '*'} FaultRoute
 * @typedef {{ delayMs?: number, times?: number, status?: number, body?: string, contentType?: string,
 *   reset?: true, hang?: true, malformed?: true, largeBodyBytes?: number, redirect?: string }} FaultSpec
 * @typedef {import('node:http').ServerResponse} ServerResponse
 */

const ACTIONS = ['status', 'reset', 'hang', 'malformed', 'largeBodyBytes', 'redirect']
/**
 * What faults send, by the format of the route: `partial` is what reset and
 * hang send before they stop (a believable start of an answer), `malformed`
 * a whole body that does not parse.
 * @typedef {{ contentType: string, partial: string | Buffer, malformed: string | Buffer }} Sample
 */
/** @type {Sample} */
const XML = {
  contentType: 'text/xml',
  partial: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sessions><Session><session_id>',
  malformed: '<?xml version="1.0" encoding="UTF-8"?><sessions><Session><session_id>1_MX4</partner_id></Sess',
}
const SAMPLES = {
  legacy: XML,
  xml: XML,
  json: {
    contentType: 'application/json',
    partial: '{"id":"',
    malformed: '{"id":"8c1e8f1a-0000-4000-8000-000000000000","status":"started",',
  },
  mp4: {
    contentType: 'video/mp4',
    partial: MP4.subarray(0, 12),
    // A box that claims 256 bytes and ends after 12.
    malformed: Buffer.concat([Buffer.from([0, 0, 1, 0]), MP4.subarray(4, 12)]),
  },
}
const CHUNK = Buffer.alloc(64 * 1024, ' ')

/** @type {(value: unknown) => boolean} */
const isCount = (value) => Number.isSafeInteger(value) && /** @type {number} */ (value) >= 0
/** @type {(value: unknown) => boolean} */
const isString = (value) => typeof value === 'string'
/** @type {(value: unknown) => boolean} */
const isTrue = (value) => value === true

/** @type {Record<string, [(value: unknown) => boolean, string]>} */
const FIELDS = {
  delayMs: [isCount, 'a whole number >= 0'],
  times: [(value) => isCount(value) && value !== 0, 'a whole number > 0'],
  status: [
    (value) => Number.isInteger(value) && Number(value) >= 100 && Number(value) <= 599,
    'an HTTP status (100 to 599)',
  ],
  body: [isString, 'a string'],
  contentType: [isString, 'a string'],
  reset: [isTrue, 'true'],
  hang: [isTrue, 'true'],
  malformed: [isTrue, 'true'],
  largeBodyBytes: [isCount, 'a whole number >= 0'],
  redirect: [isString, 'a URL string'],
}

/**
 * Throws a TypeError unless `spec` is a fault `add` can store.
 * @param {FaultSpec} spec
 */
function validate(spec) {
  if (typeof spec !== 'object' || spec === null) throw new TypeError('The fault spec must be an object')
  for (const [key, value] of Object.entries(spec)) {
    if (!Object.hasOwn(FIELDS, key)) throw new TypeError(`Unknown fault field ${key}`)
    const [isValid, expected] = FIELDS[key]
    if (value !== undefined && !isValid(value)) throw new TypeError(`${key} must be ${expected}`)
  }
  const actions = ACTIONS.filter((key) => /** @type {Record<string, unknown>} */ (spec)[key] !== undefined)
  if (actions.length > 1)
    throw new TypeError(`A fault takes one of ${ACTIONS.join(', ')}, not ${actions.join(' and ')}`)
  if (actions.length === 0 && spec.delayMs === undefined) throw new TypeError('The fault spec does nothing')
  if ((spec.body ?? spec.contentType) !== undefined && spec.status === undefined) {
    throw new TypeError('body and contentType go with status')
  }
}

/** The injected faults, matched in the order they were added. */
class Faults {
  /** @type {Array<{ route: FaultRoute, spec: FaultSpec, left: number }>} */
  #entries = []
  #routes

  /** @param {string[]} routeNames the names faults may target, besides '*' */
  constructor(routeNames) {
    this.#routes = [...new Set(routeNames), '*']
  }

  /**
   * @param {FaultRoute} route
   * @param {FaultSpec} spec
   */
  add(route, spec) {
    if (!this.#routes.includes(route)) {
      throw new TypeError(`Unknown fault route ${JSON.stringify(route)}; use one of ${this.#routes.join(', ')}`)
    }
    validate(spec)
    this.#entries.push({ route, spec: { ...spec }, left: spec.times ?? Infinity })
  }

  clear() {
    this.#entries.length = 0
  }

  /**
   * Picks the fault for a request, using up one of its `times`.
   * @param {string | null} route the matched route, null when none matched
   * @returns {FaultSpec | undefined}
   */
  take(route) {
    const index = this.#entries.findIndex((entry) => entry.route === '*' || entry.route === route)
    if (index < 0) return undefined
    const entry = this.#entries[index]
    entry.left -= 1
    if (entry.left === 0) this.#entries.splice(index, 1)
    return entry.spec
  }
}

/**
 * Waits, unless the client goes away first.
 * @param {ServerResponse} res
 * @param {number} ms
 * @returns {Promise<boolean>} whether the response can still be written
 */
function delay(res, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      res.off('close', onClose)
      resolve(true)
    }, ms)
    const onClose = () => {
      clearTimeout(timer)
      resolve(false)
    }
    res.once('close', onClose)
  })
}

/**
 * Writes `total` bytes of spaces, following back-pressure so that even a huge
 * body never sits in memory.
 * @param {ServerResponse} res
 * @param {number} total
 */
function streamBytes(res, total) {
  let left = total
  const pump = () => {
    while (left > 0) {
      const size = Math.min(left, CHUNK.length)
      left -= size
      if (!res.write(CHUNK.subarray(0, size))) {
        res.once('drain', pump)
        return
      }
    }
    res.end()
  }
  pump()
}

/**
 * Starts an answer that promises more than it sends.
 * @param {ServerResponse} res
 * @param {Sample} sample
 * @param {() => void} [then] called once the partial body is on the wire
 */
function sendPartial(res, { contentType, partial }, then) {
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': partial.length * 4 })
  res.write(partial, then)
}

/**
 * Answers with the fault, after its delay if any.
 * @param {FaultSpec} spec
 * @param {ServerResponse} res
 * @param {keyof typeof SAMPLES} format how the route answers
 * @returns {Promise<boolean>} true when the fault answered, false when the
 *   route should answer normally (a pure delay)
 */
async function applyFault(spec, res, format) {
  const sample = SAMPLES[format]
  if (spec.delayMs && !(await delay(res, spec.delayMs))) return true
  if (spec.status !== undefined) {
    res.writeHead(spec.status, { 'Content-Type': spec.contentType ?? sample.contentType }).end(spec.body ?? '')
  } else if (spec.reset) {
    sendPartial(res, sample, () => res.socket?.destroy())
  } else if (spec.hang) {
    sendPartial(res, sample)
  } else if (spec.malformed) {
    res.writeHead(200, { 'Content-Type': sample.contentType }).end(sample.malformed)
  } else if (spec.largeBodyBytes !== undefined) {
    res.writeHead(200, { 'Content-Type': sample.contentType, 'Content-Length': spec.largeBodyBytes })
    streamBytes(res, spec.largeBodyBytes)
  } else if (spec.redirect !== undefined) {
    res.writeHead(302, { Location: spec.redirect }).end()
  } else {
    return false
  }
  return true
}

module.exports = { Faults, applyFault }
