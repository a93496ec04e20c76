'use strict'

// Chooses where the demo talks to, builds its SDK object and creates its session.
//   OPENTOK_API_KEY and OPENTOK_API_SECRET set: the real service, as configured
//     (OPENTOK_API_URL if set, else the SDK's default endpoint).
//   Neither set: the emulator that ships with the package, on a free local port.

// The package by its own name, exactly as an app that installed it writes it
// (Node resolves a package's own name from inside it).
const { OpenTokSDK } = require('opentok-native')
const { startEmulator } = require('opentok-native/emulator')

const DEMO_ARCHIVE = {
  title: 'Demo archive',
  videos: [
    { length: 42, name: 'host' },
    { length: 40, name: 'guest' },
    { length: 15, name: 'screen share' },
  ],
}

/**
 * Starts the demo's backend and returns what the routes need:
 * { sdk, apiKey, emulatorUrl, endpoint, demoArchiveId, session(), redact(text), close() }.
 * `log` prints a line for the person who ran `npm start`.
 */
async function setUp(env, log) {
  const apiKey = env.OPENTOK_API_KEY
  const apiSecret = env.OPENTOK_API_SECRET
  if (apiKey && apiSecret) return realService(apiKey, apiSecret, log)
  if (apiKey || apiSecret) {
    throw new Error('set both OPENTOK_API_KEY and OPENTOK_API_SECRET (real service), or neither (embedded emulator)')
  }
  return emulated(env, log)
}

async function realService(apiKey, apiSecret, log) {
  const sdk = new OpenTokSDK(apiKey, apiSecret)
  log(`opentok-native demo: using the OpenTok service at ${sdk.api_url} with API key ${apiKey} (from OPENTOK_API_KEY).`)
  const demo = createDemo({ sdk, apiSecret, endpoint: sdk.api_url, close: async () => {} })
  await logSession(demo, log)
  return demo
}

async function emulated(env, log) {
  const emulator = await startEmulator()
  const sdk = new OpenTokSDK(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url })
  const archive = emulator.addArchive(DEMO_ARCHIVE)
  log(
    [
      'opentok-native demo: OPENTOK_API_KEY and OPENTOK_API_SECRET are not set, so the demo runs against',
      'the embedded OpenTok emulator: no account needed, nothing leaves this machine.',
      `  emulator URL:  ${emulator.url}`,
      `  API key:       ${emulator.apiKey}  (generated for this run)`,
      `  API secret:    ${emulator.apiSecret}  (generated for this run)`,
      `  demo archive:  ${archive.archiveId}  (${archive.videos.length} videos)`,
      ...(env.OPENTOK_API_URL ? [`  (OPENTOK_API_URL is ignored without credentials)`] : []),
    ].join('\n'),
  )
  const demo = createDemo({
    sdk,
    apiSecret: emulator.apiSecret,
    emulatorUrl: emulator.url,
    endpoint: emulator.url,
    demoArchiveId: archive.archiveId,
    close: () => emulator.close(),
  })
  await logSession(demo, log)
  return demo
}

function createDemo({ sdk, apiSecret, emulatorUrl, endpoint, demoArchiveId, close }) {
  let sessionId
  let pending
  return {
    sdk,
    apiKey: String(sdk.partnerId),
    emulatorUrl,
    endpoint,
    demoArchiveId,
    /** The demo's session, created once; after a failure the next call tries again. */
    async session() {
      if (sessionId) return sessionId
      pending ??= sdk.createSession().finally(() => {
        pending = undefined
      })
      sessionId = await pending
      return sessionId
    },
    /** The text with the API secret blanked out, should it ever appear. */
    redact: (text) => String(text).split(apiSecret).join('[secret]'),
    close,
  }
}

async function logSession(demo, log) {
  try {
    log(`  session:       ${await demo.session()}`)
  } catch (err) {
    log(
      `  could not create a session: ${demo.redact(err.message)} (${err.code}); the page shows the error and tries again.`,
    )
  }
}

module.exports = { setUp }
