'use strict'

// The public module: the opentok 2.x constructor, carrying the opentok 0.3.x
// surface as properties (so `require('opentok-native').OpenTokSDK` still works).

const { OpenTokArchive, OpenTokArchiveVideoResource } = require('./lib/archive.js')
const { OpenTokError } = require('./lib/errors.js')
const { OpenTokSDK, RoleConstants } = require('./lib/sdk.js')
const { OpenTok } = require('./lib/v2/opentok.js')

OpenTok.OpenTokSDK = OpenTokSDK
OpenTok.RoleConstants = RoleConstants
OpenTok.OpenTokError = OpenTokError
OpenTok.OpenTokArchive = OpenTokArchive
OpenTok.OpenTokArchiveVideoResource = OpenTokArchiveVideoResource

module.exports = OpenTok
