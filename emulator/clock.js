'use strict'

/**
 * The emulator's notion of now: the host clock plus a skew, so that tests can
 * play a service whose clock differs from the client's.
 */
class Clock {
  #skewMs = 0

  /** @param {number} [skewMs] */
  constructor(skewMs = 0) {
    this.setSkew(skewMs)
  }

  /** @param {number} skewMs milliseconds added to the host clock; negative puts the emulator behind */
  setSkew(skewMs) {
    if (!Number.isFinite(skewMs)) throw new TypeError('The clock skew must be a finite number of milliseconds')
    this.#skewMs = skewMs
  }

  /** @returns {number} milliseconds since the epoch */
  now() {
    return Date.now() + this.#skewMs
  }

  /** @returns {number} Unix seconds, with their fraction */
  seconds() {
    return this.now() / 1000
  }
}

module.exports = { Clock }
