'use strict'

// What the error document says when a refusal brings no description of its own.
/** @type {Record<number, string>} */
const DESCRIPTIONS = {
  400: 'The request is malformed or holds a value the service does not accept.',
  401: 'The request is not authenticated: send a valid X-OPENTOK-AUTH token.',
  403: 'The credentials were understood but refused.',
  404: 'The resource does not exist, or does not belong to this project.',
  405: 'The method is not allowed for this resource in its current state.',
  409: 'The request conflicts with the current state of the resource.',
  415: 'The request body has a content type this route does not read.',
  500: 'The emulator failed while answering the request.',
}

/** A request the emulator turns down: the router writes it in the route's error format. */
class Refusal extends Error {
  /**
   * @param {number} status
   * @param {string} message
   * @param {string} [description] longer text for the JSON error document
   */
  constructor(status, message, description) {
    super(message)
    this.status = status
    this.description = description ?? DESCRIPTIONS[status] ?? message
  }
}

module.exports = { Refusal }
