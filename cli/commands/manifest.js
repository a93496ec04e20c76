'use strict'

// opentok-native manifest ARCHIVE_ID --token T

const { clean, table } = require('../output.js')

module.exports = {
  name: 'manifest',
  summary: "print an archive's title, videos and timeline",
  usage: 'opentok-native manifest ARCHIVE_ID --token TOKEN [--json]',
  help: `Reads an archive's manifest and prints its title, each video (ID, length in
seconds, name) and its timeline of events.

Options:
  -t, --token TOKEN  a moderator token of a session of the archive's API key (required;
                     make one with: opentok-native token --session ID --role moderator)
  --json             print {"archiveId", "title", "videos": [{"id", "length", "name"}],
                     "timeline": [{"type", "id", "offset"}]} (numbers as the server sent them, strings)`,
  options: { token: { type: 'string', short: 't' } },
  positionals: ['ARCHIVE_ID'],
  required: ['token'],
  credentials: 'required',

  prepare({ values, positionals }) {
    return { archiveId: positionals[0], token: values.token }
  },

  async run({ archiveId, token }, { sdk }) {
    const archive = await sdk.getArchiveManifest(archiveId, token)
    return {
      archiveId: archive.archiveId,
      title: archive.title,
      videos: archive.resources.map(({ id, length, name }) => ({ id, length, name })),
      timeline: archive.timeline.map(({ type, id, offset }) => ({ type, id, offset })),
    }
  },

  text(result) {
    const videos = result.videos.map(({ id, length, name }) => [id, length, name])
    const events = result.timeline.map(({ type, id, offset }) => [offset, type, id])
    const section = (heading, columns, rows) =>
      [
        heading,
        rows.length === 0
          ? '  none'
          : table(
              [columns, ...rows].map((row) => row.map(clean)),
              '  ',
            ),
      ].join('\n')
    return [
      table([
        ['Archive', clean(result.archiveId)],
        ['Title', clean(result.title)],
      ]),
      '',
      section(`Videos (${videos.length})`, ['ID', 'LENGTH', 'NAME'], videos),
      '',
      section(`Timeline (${events.length} events)`, ['OFFSET', 'TYPE', 'VIDEO'], events),
    ].join('\n')
  },
}
