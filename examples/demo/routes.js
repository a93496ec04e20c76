'use strict'

// The demo's two routes, over node:http:
//   GET /?role=R&archive=ID           the page: session, a fresh token, an archive
//   GET /download?archive=ID&video=V  302 to the video's download URL

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
  const routes = { '/': home, '/download': download }
  return function handle(req, res) {
    const url = parseUrl(`http://localhost${req.url}`)
    const route = url && routes[url.pathname]
    let answer
    if (!url || !req.url.startsWith('/')) {
      answer = Promise.resolve(failure(400, 'Bad request', 'That is not a path of this demo.'))
    } else if (req.method !== 'GET' && req.method !== 'HEAD') {
      answer = Promise.resolve(failure(405, 'Method not allowed', `This demo only answers GET, not ${req.method}.`))
    } else if (!route) {
      answer = Promise.resolve(failure(404, 'Not found', `There is no page at ${url.pathname}.`))
    } else {
      answer = route(demo, url.searchParams)
    }
    answer
      .catch((err) => {
        console.error(`opentok-native demo: ${req.method} ${url.pathname} failed:`, demo.redact(err?.stack ?? err))
        return failure(500, 'Internal error', 'The demo hit a bug; its console says more.')
      })
      .then(({ status, body, location }) => {
        res.writeHead(status, location ? { ...HEADERS, Location: location } : HEADERS)
        res.end(body.toString())
      })
      .catch((err) => {
        console.error('opentok-native demo: could not answer:', err.message)
        res.destroy()
      })
  }
}

async function home(demo, params) {
  const role = params.get('role') ?? RoleConstants.PUBLISHER
  if (!ROLES.includes(role)) {
    return failure(400, 'Unknown role', `"${role}" is not a role: pick ${ROLES.join(', ')}.`)
  }
  const archiveId = archiveParam(demo, params)
  const view = { demo, role, archiveId, lookedUp: params.has('archive') }
  const session = await sdkCall(demo, () => demo.session())
  if (session.error) return { status: 502, body: page.renderHome({ ...view, sessionError: session.error }) }
  view.sessionId = session.value
  view.token = tokenView(demo, view.sessionId, role)
  if (archiveId)
    view.archive = await sdkCall(demo, () =>
      demo.sdk.getArchiveManifest(archiveId, moderatorToken(demo, view.sessionId)),
    )
  return { status: 200, body: page.renderHome(view) }
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
