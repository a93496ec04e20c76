'use strict'

// The public module: the opentok 0.3.x JavaScript surface over the native binding.

const { OpenTokArchive, OpenTokArchiveVideoResource } = require('./lib/archive.js')
const { OpenTokError } = require('./lib/errors.js')
const { OpenTokSDK, RoleConstants } = require('./lib/sdk.js')

module.exports = { OpenTokSDK, RoleConstants, OpenTokError, OpenTokArchive, OpenTokArchiveVideoResource }
