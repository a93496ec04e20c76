'use strict'

const { runCall } = require('./call.js')
const { kCallbackStyle, promisifiable, readCallback, settle } = require('./callbacks.js')
const { invalidArgType } = require('./errors.js')
const { kNative } = require('./symbols.js')

const kSdk = Symbol('opentok.sdk')
const kApiUrl = Symbol('opentok.archiveApiUrl')
// The token is a credential: kept outside the object, out of any inspection.
const tokens = new WeakMap()

/** One video of an archive. */
function OpenTokArchiveVideoResource(vid, length, name) {
  if (!(this instanceof OpenTokArchiveVideoResource)) return new OpenTokArchiveVideoResource(vid, length, name)
  this.vid = vid
  this.id = vid
  this.length = length
  this.name = name
}

OpenTokArchiveVideoResource.prototype.getId = function getId() {
  return this.vid
}

/**
 * An archive's manifest. It keeps its own archive ID, token and endpoint,
 * so archives fetched at the same time never mix up their download URLs.
 */
function OpenTokArchive(sdk, details = {}) {
  if (!(this instanceof OpenTokArchive)) return new OpenTokArchive(sdk, details)
  Object.defineProperty(this, kSdk, { value: sdk })
  Object.defineProperty(this, kApiUrl, { value: details.apiUrl, writable: true })
  tokens.set(this, details.token)
  this.archiveId = details.archiveId
  this.title = details.title
  this.resources = []
  this.timeline = []
}

OpenTokArchive.prototype.addVideoResource = function addVideoResource(resource) {
  this.resources.push(resource)
}

/** downloadArchiveURL(videoId[, callback]): the download URL of one video. */
OpenTokArchive.prototype.downloadArchiveURL = promisifiable(function downloadArchiveURL(videoId, callback) {
  if (typeof videoId !== 'string') throw invalidArgType('videoId', 'a string', videoId)
  const sdk = this[kSdk]
  const receiver = readCallback(callback, sdk?.[kCallbackStyle])
  const apiUrl = this[kApiUrl] ?? sdk.api_url
  const params = { archiveId: this.archiveId, videoId, token: tokens.get(this) }
  const promise = runCall(sdk[kNative], 'downloadArchiveURL', apiUrl, params)
  return settle(promise, receiver)
})

/** The archive for a manifest the native call returned. */
function archiveFromManifest(sdk, request, manifest) {
  const archive = new OpenTokArchive(sdk, { ...request, title: manifest.title })
  for (const video of manifest.videos) {
    archive.addVideoResource(new OpenTokArchiveVideoResource(video.id, video.length, video.name))
  }
  archive.timeline = manifest.timeline.map(({ type, id, offset }) => ({ type, id, offset }))
  return archive
}

module.exports = { OpenTokArchive, OpenTokArchiveVideoResource, archiveFromManifest }
