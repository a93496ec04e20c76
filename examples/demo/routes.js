'use strict'

// The demo's routes, over node:http:
//   GET /?role=R&archive=ID&archive2=ID  the page: session, a fresh token, an archive, a 2.x archive
//   GET /download?archive=ID&video=V     302 to the video's download URL
//   POST /archive2                       2.x API: records an archive of the routed session
//                                        (start, stop, wait until available), then 303 to /?archive2=ID
//   GET /archive2/download?id=ID         302 to that archive's MP4

const { OpenTokSDK, RoleConstants } = require('opentok-native')
const page = require('./page.js')

const ROLES = Object.values(RoleConstants)

const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  // Tokens are credentials: never cached, never sent on as a referrer.
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  // Nothing but this page's own inline CSS, whatever ends up in it.
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
}

/** The request listener of the demo's server. */
function createHandler(demo) {
  const routes = {
    '/': { GET: home },
    '/download': { GET: download },
    '/archive2': { POST: recordArchive },
    '/archive2/download': { GET: downloadArchive2 },
  }
  return function handle(req, res) {
    const url = parseUrl(`http://localhost${req.url}`)
    const route = url && Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined
    const method = req.method === 'HEAD' ? 'GET' : req.method
    let answer
    if (!url || !req.url.startsWith('/')) {
      answer = Promise.resolve(failure(400, 'Bad request', 'That is not a path of this demo.'))
    } else if (!route) {
      answer = Promise.resolve(failure(404, 'Not found', `There is no page at ${url.pathname}.`))
    } else if (!Object.hasOwn(route, method)) {
      const allow = Object.keys(route).join(', ')
      const refusal = failure(405, 'Method not allowed', `${url.pathname} only answers ${allow}, not ${req.method}.`)
      answer = Promise.resolve({ ...refusal, allow })
    } else if (method === 'POST' && !sameOrigin(req)) {
      answer = Promise.resolve(failure(403, 'Forbidden', 'This form only works from the demo page itself.'))
    } else {
      req.resume() // no route reads a body
      answer = route[method](demo, url.searchParams)
    }
    answer
      .catch((err) => {
        console.error(`opentok-native demo: ${req.method} ${url.pathname} failed:`, demo.redact(err?.stack ?? err))
        return failure(500, 'Internal error', 'The demo hit a bug; its console says more.')
      })
      .then(({ status, body, location, allow }) => {
        res.writeHead(status, { ...HEADERS, ...(location && { Location: location }), ...(allow && { Allow: allow }) })
        res.end(body.toString())
      })
      .catch((err) => {
        console.error('opentok-native demo: could not answer:', err.message)
        res.destroy()
      })
  }
}

async function home(demo, params, archive2Error) {
  const role = params.get('role') ?? RoleConstants.PUBLISHER
  if (!ROLES.includes(role)) {
    return failure(400, 'Unknown role', `"${role}" is not a role: pick ${ROLES.join(', ')}.`)
  }
  const archiveId = archiveParam(demo, params)
  const archive2 = { ...(await archive2View(demo, params)), error: archive2Error }
  const view = { demo, role, archiveId, lookedUp: params.has('archive'), archive2 }
  const session = await sdkCall(demo, () => demo.session())
  if (session.error) return { status: 502, body: page.renderHome({ ...view, sessionError: session.error }) }
  view.sessionId = session.value
  view.token = tokenView(demo, view.sessionId, role)
  if (archiveId)
    view.archive = await sdkCall(demo, () =>
      demo.sdk.getArchiveManifest(archiveId, moderatorToken(demo, view.sessionId)),
    )
  return { status: archive2Error ? 502 : 200, body: page.renderHome(view) }
}

/** The 2.x panel: the routed session and client (if any yet), and ?archive2=ID read with ot.getArchive. */
async function archive2View(demo, params) {
  const sessionId = demo.routedSessionId()
  const view = { sessionId, client: sessionId && demo.connectedClient(sessionId) }
  if (sessionId && !demo.emulatorUrl) {
    view.token = sdkCallSync(demo, () => demo.ot.generateToken(sessionId, { role: 'publisher' }))
  }
  const id = params.get('archive2')?.trim()
  if (id) view.archive = await sdkCall(demo, () => demo.ot.getArchive(id))
  return view
}

/** How long POST /archive2 waits for a stopped archive to become available before showing it as it is. */
const AVAILABLE_WITHIN_MS = 20_000
const POLL_MS = 200

/**
 * POST /archive2, with the 2.x API: the routed session (created once), a simulated
 * client publishing in it (emulator only), then startArchive, stopArchive and
 * getArchive until the archive is available (or failed, or the wait is over).
 */
async function recordArchive(demo, params) {
  const recorded = await sdkCall(demo, () =>
    demo.exclusive(async () => {
      const sessionId = await demo.routedSession()
      demo.simulatedClient(sessionId)
      const name = `opentok-native demo ${new Date().toISOString()}`
      const started = await demo.ot.startArchive(sessionId, { name })
      let archive = await demo.ot.stopArchive(started.id)
      const deadline = Date.now() + AVAILABLE_WITHIN_MS
      while (archive.status === 'stopped' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS))
        archive = await demo.ot.getArchive(archive.id)
      }
      return archive.id
    }),
  )
  if (recorded.error) return home(demo, params, recorded.error)
  const location = `/?${new URLSearchParams({ archive2: recorded.value })}`
  return { status: 303, location, body: page.renderRedirect(location) }
}

/** GET /archive2/download?id=ID: 302 to the archive's url, as the FLV links do. */
async function downloadArchive2(demo, params) {
  const id = params.get('id')?.trim()
  if (!id) return failure(400, 'Bad download link', 'A download link needs ?id=ARCHIVE_ID.')
  const found = await sdkCall(demo, () => demo.ot.getArchive(id))
  if (found.error) return failure(found.error.code === 'OPENTOK_NOT_FOUND' ? 404 : 502, 'Download failed', found.error)
  const archive = found.value
  if (archive.status !== 'available' || !archive.url) {
    return failure(409, 'Not available', `Archive ${id} is ${archive.status}: only an available archive has a file.`)
  }
  const location = httpUrl(archive.url)
  if (!location) return failure(502, 'Download failed', `The service gave an unusable URL: ${archive.url}`)
  return { status: 302, location, body: page.renderRedirect(location) }
}

/**
 * Whether a POST may come from where it comes: browsers say where in Sec-Fetch-Site
 * (or, older ones, Origin, which is "null" under this page's no-referrer policy);
 * a request with neither (curl, a test) is no page's.
 */
function sameOrigin(req) {
  const site = req.headers['sec-fetch-site']
  if (site !== undefined) return site === 'same-origin' || site === 'none'
  const origin = req.headers.origin
  return origin === undefined || origin === `http://${req.headers.host}`
}

async function download(demo, params) {
  const archiveId = archiveParam(demo, params)
  const videoId = params.get('video')
  if (!archiveId || !videoId) return failure(400, 'Bad download link', 'A download link needs ?archive=ID&video=ID.')
  const found = await sdkCall(demo, async () => {
    const archive = await demo.sdk.getArchiveManifest(archiveId, moderatorToken(demo, await demo.session()))
    if (!archive.resources.some((video) => video.getId() === videoId)) return undefined
    return archive.downloadArchiveURL(videoId)
  })
  if (found.error) return failure(found.error.code === 'OPENTOK_NOT_FOUND' ? 404 : 502, 'Download failed', found.error)
  if (found.value === undefined) return failure(404, 'No such video', `Archive ${archiveId} has no video ${videoId}.`)
  const location = httpUrl(found.value)
  if (!location) return failure(502, 'Download failed', `The service gave an unusable URL: ${found.value}`)
  return { status: 302, location, body: page.renderRedirect(location) }
}

function parseUrl(text) {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

/** The URL, normalised (so that it is a valid Location header), if it is an http(s) one. */
function httpUrl(text) {
  const url = parseUrl(text)
  return url?.protocol === 'http:' || url?.protocol === 'https:' ? url.href : undefined
}

/** ?archive=ID, trimmed; without it, the emulator's demo archive (if any). An empty one means none. */
function archiveParam(demo, params) {
  return params.has('archive') ? params.get('archive').trim() : demo.demoArchiveId
}

function moderatorToken(demo, sessionId) {
  return demo.sdk.generateToken({ session_id: sessionId, role: RoleConstants.MODERATOR })
}

/** A fresh token of `role`, what it decodes to and whether it verifies. */
function tokenView(demo, sessionId, role) {
  const made = sdkCallSync(demo, () =>
    demo.sdk.generateToken({
      session_id: sessionId,
      role,
      connection_data: `demo page load ${new Date().toISOString()}`,
    }),
  )
  if (made.error) return made
  return { value: made.value, decoded: OpenTokSDK.decodeToken(made.value), verifies: demo.sdk.verifyToken(made.value) }
}

/**
 * Runs an SDK call: { value } or { error: { message, code } }. The SDK's
 * errors all carry a `code`; anything else is a bug of the demo and is rethrown.
 */
async function sdkCall(demo, fn) {
  try {
    return { value: await fn() }
  } catch (err) {
    return sdkFailure(demo, err)
  }
}

function sdkCallSync(demo, fn) {
  try {
    return { value: fn() }
  } catch (err) {
    return sdkFailure(demo, err)
  }
}

function sdkFailure(demo, err) {
  if (typeof err?.code !== 'string') throw err
  return { error: { message: demo.redact(err.message), code: err.code } }
}

function failure(status, title, message) {
  return { status, body: page.renderError({ status, title, message }) }
}

module.exports = { createHandler }
