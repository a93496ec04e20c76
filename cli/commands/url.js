'use strict'

// opentok-native url ARCHIVE_ID VIDEO_ID --token T

const { clean } = require('../output.js')

module.exports = {
  name: 'url',
  summary: 'print the download URL of one video of an archive',
  usage: 'opentok-native url ARCHIVE_ID VIDEO_ID --token TOKEN [--json]',
  help: `Prints the download URL (FLV) of one video of an archive. The video IDs are
listed by: opentok-native manifest ARCHIVE_ID --token TOKEN

Options:
  -t, --token TOKEN  a moderator token of a session of the archive's API key (required)
  --json             print {"archiveId", "videoId", "url"}`,
  options: { token: { type: 'string', short: 't' } },
  positionals: ['ARCHIVE_ID', 'VIDEO_ID'],
  required: ['token'],
  credentials: 'required',

  prepare({ values, positionals }) {
    return { archiveId: positionals[0], videoId: positionals[1], token: values.token }
  },

  async run({ archiveId, videoId, token }, { sdk }) {
    const archive = await sdk.getArchiveManifest(archiveId, token)
    return { archiveId, videoId, url: await archive.downloadArchiveURL(videoId) }
  },

  text: (result) => clean(result.url),
}
