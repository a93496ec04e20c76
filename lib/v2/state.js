'use strict'

// What a 2.x OpenTok object keeps out of sight: its native state (which
// holds the secret) and its fixed apiUrl. Objects it makes (sessions,
// archives) reach it through `ownerOf`, never through a property.

const { runCall } = require('../call.js')
const { fromRestFailure } = require('./errors.js')

const states = new WeakMap()
const owners = new WeakMap()

function setState(ot, state) {
  states.set(ot, state)
}

/** The state of OpenTok object `ot`; a TypeError for anything else (an unbound call). */
function stateOf(ot) {
  const state = states.get(ot)
  if (state === undefined) throw new TypeError('This method must be called on an OpenTok object')
  return state
}

/**
 * Runs REST call `operation` for `ot`; a failure becomes the 2.x error
 * `errors` names for its status (see fromRestFailure).
 */
function call(ot, operation, params, errors) {
  const { native, apiUrl } = stateOf(ot)
  return runCall(native, operation, apiUrl, params).catch((err) => {
    throw fromRestFailure(err, errors)
  })
}

function setOwner(object, ot) {
  owners.set(object, ot)
}

function ownerOf(object) {
  const ot = owners.get(object)
  if (ot === undefined) throw new TypeError('This object was not made by an OpenTok object')
  return ot
}

module.exports = { setState, stateOf, call, setOwner, ownerOf }
