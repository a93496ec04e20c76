'use strict'

// Every route the emulator serves, one module per REST resource: a new
// resource slots in by adding its module here.
/** @type {import('../router.js').Route[]} */
const ROUTES = [
  require('./legacy-sessions.js'),
  require('./legacy-archives.js'),
  require('./sessions.js'),
  require('./archives.js'),
  require('./signals.js'),
  require('./moderation.js'),
  require('./streams.js'),
].flatMap((module) => module.routes)

module.exports = { ROUTES }
