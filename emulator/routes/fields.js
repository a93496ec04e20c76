'use strict'

const { Refusal } = require('../refusal.js')

/** @type {(value: unknown) => value is Record<string, unknown>} */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Reads the fields of a JSON body (or of an object inside one), refusing a
 * wrong one with 400 and a message naming it. JSON null counts as absent.
 */
class Fields {
  #value
  #prefix

  /**
   * @param {unknown} value
   * @param {string} [prefix] the path of `value` in the body, e.g. "layout."
   */
  constructor(value, prefix = '') {
    if (!isObject(value)) throw new Refusal(400, `${prefix ? prefix.slice(0, -1) : 'The body'} must be a JSON object`)
    this.#value = value
    this.#prefix = prefix
  }

  /**
   * @param {string} field
   * @returns {boolean}
   */
  has(field) {
    return this.#value[field] != null
  }

  /**
   * @param {string} field
   * @param {boolean} [fallback] the value when absent; absent is refused without one
   * @returns {boolean}
   */
  boolean(field, fallback) {
    const value = this.#value[field] ?? fallback
    if (typeof value !== 'boolean') throw this.#bad(field, 'must be true or false')
    return value
  }

  /**
   * @template {string} T
   * @param {string} field
   * @param {readonly T[]} values
   * @param {T} [fallback] the value when absent; absent is refused without one
   * @returns {T}
   */
  choice(field, values, fallback) {
    const value = this.#value[field] ?? fallback
    if (!values.includes(/** @type {T} */ (value))) throw this.#bad(field, `must be one of ${values.join(', ')}`)
    return /** @type {T} */ (value)
  }

  /**
   * @param {string} field
   * @param {{ required?: boolean, max?: number }} [rules]
   * @returns {string | undefined}
   */
  string(field, { required = false, max = Infinity } = {}) {
    const value = this.#value[field]
    if (value == null && !required) return undefined
    if (typeof value !== 'string') throw this.#bad(field, 'must be a string')
    if (value.length > max) throw this.#bad(field, `must be at most ${max} characters`)
    return value
  }

  /**
   * @param {string} field
   * @returns {string} a string that is not empty
   */
  id(field) {
    const value = this.#value[field]
    if (typeof value !== 'string' || value === '') throw this.#bad(field, 'must be a non-empty string')
    return value
  }

  /**
   * @param {string} field
   * @returns {string[] | undefined}
   */
  strings(field) {
    const value = this.#value[field]
    if (value == null) return undefined
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw this.#bad(field, 'must be an array of strings')
    }
    return value
  }

  /**
   * @param {string} field
   * @returns {unknown[]}
   */
  array(field) {
    const value = this.#value[field]
    if (!Array.isArray(value)) throw this.#bad(field, 'must be an array')
    return value
  }

  /**
   * @param {string} field
   * @returns {Fields} the fields of the object held in `field`
   */
  object(field) {
    return new Fields(this.#value[field], `${this.#prefix}${field}.`)
  }

  /**
   * @param {string} field
   * @param {string} problem
   * @returns {Refusal}
   */
  #bad(field, problem) {
    return new Refusal(400, `${this.#prefix}${field} ${problem}`)
  }
}

module.exports = { Fields }
