'use strict'

// Chooses where the demo talks to, builds its SDK object and creates its session.
//   OPENTOK_API_KEY and OPENTOK_API_SECRET set: the real service, as configured
//     (OPENTOK_API_URL if set, else the SDK's default endpoint).
//   Neither set: the emulator that ships with the package, on a free local port.

// The package by its own name, exactly as an app that installed it writes it
// (Node resolves a package's own name from inside it). The module is the 2.x
// constructor; the 0.3.x class hangs off it.
const OpenTok = require('opentok-native')
const { OpenTokSDK } = OpenTok
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
 * { sdk, ot, apiKey, emulatorUrl, endpoint, demoArchiveId, session(), routedSession(),
 *   simulatedClient(sessionId),
 *   connectedClient(sessionId), exclusive(fn), redact(text), close() }.
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
  const ot = new OpenTok(apiKey, apiSecret, { apiUrl: sdk.api_url })
  const demo = createDemo({ sdk, ot, apiSecret, endpoint: sdk.api_url, close: async () => {} })
  await logSession(demo, log)
  return demo
}

async function emulated(env, log) {
  const emulator = await startEmulator()
  const sdk = new OpenTokSDK(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url })
  const ot = new OpenTok(emulator.apiKey, emulator.apiSecret, { apiUrl: emulator.url })
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
    ot,
    emulator,
    apiSecret: emulator.apiSecret,
    emulatorUrl: emulator.url,
    endpoint: emulator.url,
    demoArchiveId: archive.archiveId,
    close: () => emulator.close(),
  })
  await logSession(demo, log)
  return demo
}

/**
 * `fn`'s result, computed once; after a failure the next call tries again.
 * `get()` resolves to it; `peek()` is it, or undefined until it exists.
 */
function once(fn) {
  let value
  let pending
  return {
    async get() {
      if (value !== undefined) return value
      pending ??= fn().finally(() => {
        pending = undefined
      })
      value = await pending
      return value
    },
    peek: () => value,
  }
}

function createDemo({ sdk, ot, emulator, apiSecret, emulatorUrl, endpoint, demoArchiveId, close }) {
  let sessionId
  let pending
  let queue = Promise.resolve()
  const clients = new Map() // routed session ID -> { connectionId, streamId }
  const routedSession = once(async () => (await ot.createSession({ mediaMode: 'routed' })).sessionId)
  return {
    sdk,
    ot,
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
    /** The 2.x panel's routed session (archives need one), created at its first use. */
    routedSession: routedSession.get,
    /** Its ID, or undefined until it exists. */
    routedSessionId: routedSession.peek,
    /**
     * Emulator only: a client stand-in connected to the session with a publisher
     * token and publishing a stream, once per session: { connectionId, streamId }.
     * Against the real service, undefined: a real client has to connect.
     */
    simulatedClient(id) {
      if (!emulator) return undefined
      if (!clients.has(id)) {
        const connectionId = emulator.connect(
          ot.generateToken(id, { role: 'publisher', data: 'demo: simulated client' }),
        )
        clients.set(id, { connectionId, streamId: emulator.publish(connectionId, { name: 'simulated client' }) })
      }
      return clients.get(id)
    },
    /** The simulated client of the session, if one connected yet. */
    connectedClient: (id) => clients.get(id),
    /** Runs `fn` after every earlier one has settled (one archive run at a time). */
    exclusive(fn) {
      const run = queue.then(fn)
      queue = run.catch(() => {})
      return run
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
