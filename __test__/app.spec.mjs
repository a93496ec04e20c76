// The demo app (examples/app.js, `npm start`), run as a child process the way
// a newcomer runs it: over plain HTTP in both modes (embedded emulator, and
// "real service" simulated by an emulator this test starts), then driven in
// Debian's chromium with playwright-core.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { chromium } from 'playwright-core'
import { decodeSessionId, FLV_SIGNATURE, startEmulator } from './helpers/network.mjs'
import { REPO_ROOT, verifyToken } from './helpers/token.mjs'

const APP = join(REPO_ROOT, 'examples', 'app.js')
const URL_LINE = /^opentok-native demo: (http:\/\/127\.0\.0\.1:\d+)$/m
const SCREENSHOT = '/tmp/opentok-native-demo.png'
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

// Whatever a test started is stopped at the end of the file, even when the test failed half-way.
const cleanups = []
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

/** An emulator standing in for the real service, closed at the end of the file. */
async function serviceEmulator() {
  const emulator = await startEmulator()
  cleanups.push(() => emulator.close())
  return emulator
}

/**
 * Starts the app with PORT=0 and no OPENTOK_* variable but those in `env`;
 * resolves once it printed its URL.
 */
async function startApp(env = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OPENTOK_')))
  const child = spawn(process.execPath, [APP], {
    cwd: REPO_ROOT,
    env: { ...base, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const app = { child, stdout: '', stderr: '' }
  child.stdout.setEncoding('utf8').on('data', (chunk) => (app.stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk) => (app.stderr += chunk))
  app.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  cleanups.push(() => stopApp(app, 'SIGKILL'))
  let timer
  app.url = await new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no URL printed within 10 s:\n${app.stdout}${app.stderr}`)), 10_000)
    child.stdout.on('data', () => {
      const match = URL_LINE.exec(app.stdout)
      if (match) resolve(match[1])
    })
    app.exited.then(({ code }) =>
      reject(new Error(`the app exited (${code}) before printing its URL:\n${app.stdout}${app.stderr}`)),
    )
  }).finally(() => clearTimeout(timer))
  return app
}

/** Sends `signal` and waits for the exit: { code, signal, ms }. Killed (and so failing) after 5 s. */
async function stopApp(app, signal = 'SIGTERM') {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return app.exited
  const start = performance.now()
  app.child.kill(signal)
  const killer = setTimeout(() => app.child.kill('SIGKILL'), 5_000)
  const exit = await app.exited
  clearTimeout(killer)
  return { ...exit, ms: performance.now() - start }
}

/** The generated credentials an emulator-mode app prints. */
function printedCredentials(stdout) {
  const apiKey = /^ {2}API key: +(\d+)/m.exec(stdout)?.[1]
  const apiSecret = /^ {2}API secret: +([0-9a-f]{40})/m.exec(stdout)?.[1]
  assert.ok(apiKey && apiSecret, `generated credentials printed:\n${stdout}`)
  return { apiKey, apiSecret }
}

/** The text of the element with `id` in an HTML page (no nested elements). */
function byId(body, id) {
  const match = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(body)
  assert.ok(match, `element #${id} in the page`)
  return match[1].replaceAll('&amp;', '&')
}

/** The 4 bytes at offset 4 of an MP4: the type of its first box. */
const MP4_FIRST_BOX = 'ftyp'

/** POSTs the 2.x panel's form, as the page does (same Origin). */
function recordArchive(app, headers = { origin: app.url }) {
  return get(app, '/archive2', { method: 'POST', headers })
}

async function get(app, path, options = {}) {
  const res = await fetch(new URL(path, app.url), { redirect: 'manual', ...options })
  return { status: res.status, headers: res.headers, body: await res.text() }
}

describe('demo app over HTTP, embedded emulator', () => {
  let app
  let creds
  before(async () => {
    app = await startApp()
    creds = printedCredentials(app.stdout)
  })

  test('says it runs on the emulator, prints its credentials and URL', () => {
    assert.match(app.stdout, /OPENTOK_API_KEY and OPENTOK_API_SECRET are not set/)
    assert.match(app.stdout, /emulator URL: +http:\/\/127\.0\.0\.1:\d+/)
    assert.match(app.stdout, /^ {2}session: +[12]_/m)
    assert.equal(app.stderr, '')
  })

  test('/ shows the API key, its session and a verified publisher token; no secret, no external resource', async () => {
    const { status, headers, body } = await get(app, '/')
    assert.equal(status, 200)
    assert.equal(headers.get('content-type'), 'text/html; charset=utf-8')
    assert.match(headers.get('content-security-policy'), /default-src 'none'/)
    assert.equal(byId(body, 'api-key'), creds.apiKey)
    const sessionId = byId(body, 'session-id')
    assert.equal(decodeSessionId(sessionId)[1], creds.apiKey)
    const token = verifyToken(byId(body, 'token'), creds.apiSecret).fields
    assert.equal(token.role, 'publisher')
    assert.equal(token.session_id, sessionId)
    assert.match(byId(body, 'token-verifies'), /^✓ Verifies/)
    assert.equal(byId(body, 'archive-title'), 'Demo archive')
    assert.equal(body.match(/>Download FLV</g)?.length, 3)
    assert.ok(!body.includes(creds.apiSecret), 'the page never shows the secret')
    assert.doesNotMatch(body, /<script|<link|<img|src=/i)
  })

  test('/?role=subscriber gives a subscriber token, fresh at each load', async () => {
    const first = await get(app, '/?role=subscriber')
    assert.equal(first.status, 200)
    assert.match(first.body, /<option value="subscriber" selected>/)
    const token = byId(first.body, 'token')
    assert.equal(verifyToken(token, creds.apiSecret).fields.role, 'subscriber')
    assert.notEqual(byId((await get(app, '/?role=subscriber')).body, 'token'), token)
  })

  test('an unknown role is a 400 page that says so, escaped', async () => {
    const { status, body } = await get(app, `/?role=${encodeURIComponent('<b>admin')}`)
    assert.equal(status, 400)
    assert.match(body, /&quot;&lt;b&gt;admin&quot; is not a role: pick subscriber, publisher, moderator/)
    assert.ok(!body.includes('<b>admin'))
  })

  test('a download link redirects to the video; a wrong one is a 404 page', async () => {
    const page = await get(app, '/')
    const link = /href="(\/download\?[^"]+)"/.exec(page.body)[1].replaceAll('&amp;', '&')
    const { status, headers } = await get(app, link)
    assert.equal(status, 302)
    assert.match(headers.get('location'), /^http:\/\/127\.0\.0\.1:\d+\/download\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.flv$/)
    const missing = await get(app, link.replace(/video=[^&]+/, 'video=nope'))
    assert.equal(missing.status, 404)
    assert.match(missing.body, /has no video nope/)
  })

  test('POST /archive2 records a 2.x archive of a routed session, with a simulated client; its link gets the MP4', async () => {
    const before = await get(app, '/')
    assert.match(byId(before.body, 'archive2-client-note'), /simulated one/)
    assert.match(before.body, /<form method="post" action="\/archive2" id="archive2-form">/)
    const posted = await recordArchive(app)
    assert.equal(posted.status, 303)
    const archiveId = /^\/\?archive2=([0-9a-f-]{36})$/.exec(posted.headers.get('location'))?.[1]
    assert.ok(archiveId, posted.headers.get('location'))
    const { status, body } = await get(app, posted.headers.get('location'))
    assert.equal(status, 200)
    assert.equal(byId(body, 'archive2-id'), archiveId)
    assert.equal(byId(body, 'archive2-status'), 'available')
    const sessionId = byId(body, 'archive2-session')
    assert.equal(decodeSessionId(sessionId)[1], creds.apiKey)
    assert.notEqual(sessionId, byId(body, 'session-id'), 'its own (routed) session')
    assert.match(byId(body, 'archive2-connection'), /^[0-9a-f-]{36}$/)
    assert.match(byId(body, 'archive2-stream'), /^[0-9a-f-]{36}$/)
    const link = /id="archive2-download" href="([^"]+)"/.exec(body)[1].replaceAll('&amp;', '&')
    assert.equal(link, `/archive2/download?id=${archiveId}`)
    const redirect = await get(app, link)
    assert.equal(redirect.status, 302)
    const location = redirect.headers.get('location')
    assert.match(location, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/v2/archive-download/${archiveId}/archive\\.mp4$`))
    const mp4 = await fetch(location)
    assert.equal(mp4.status, 200)
    assert.equal(mp4.headers.get('content-type'), 'video/mp4')
    assert.equal(
      Buffer.from(await mp4.arrayBuffer())
        .subarray(4, 8)
        .toString('latin1'),
      MP4_FIRST_BOX,
    )
    // A second run: the same session and client, a new archive.
    const again = await get(app, (await recordArchive(app)).headers.get('location'))
    assert.equal(byId(again.body, 'archive2-session'), sessionId)
    assert.notEqual(byId(again.body, 'archive2-id'), archiveId)
    assert.equal(byId(again.body, 'archive2-status'), 'available')
  })

  test('/archive2 refuses GET (405, Allow: POST) and a POST from another origin (403); unknown archives are 404', async () => {
    const got = await get(app, '/archive2')
    assert.equal(got.status, 405)
    assert.equal(got.headers.get('allow'), 'POST')
    assert.equal(byId(got.body, 'error'), '/archive2 only answers POST, not GET.')
    for (const headers of [{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site', origin: app.url }]) {
      assert.equal((await recordArchive(app, headers)).status, 403, JSON.stringify(headers))
    }
    const missing = await get(app, '/archive2/download?id=no-such-archive')
    assert.equal(missing.status, 404)
    assert.match(byId(missing.body, 'error'), /^Archive not found/)
    assert.equal(byId((await get(app, '/?archive2=no-such-archive')).body, 'archive2-error'), 'Archive not found ')
  })

  test('SDK errors are readable messages with their code', async () => {
    const { status, body } = await get(app, '/?archive=no-such-archive')
    assert.equal(status, 200)
    assert.equal(
      byId(body, 'archive-error'),
      'getArchiveManifest failed: HTTP 404 Not Found: Archive no-such-archive not found (code 404) ',
    )
    assert.match(body, /<code>OPENTOK_NOT_FOUND<\/code>/)
    assert.doesNotMatch(body, /\bat .+:\d+:\d+/, 'no stack')
  })
})

describe('demo app lifecycle', () => {
  test('SIGTERM closes it cleanly: exit code 0, at once, even with a request half-sent', async () => {
    const app = await startApp()
    assert.equal((await get(app, '/')).status, 200)
    const { port } = new URL(app.url)
    const socket = connect(Number(port), '127.0.0.1')
    await once(socket, 'connect')
    socket.on('error', () => {}).write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n') // headers never finished
    const exit = await stopApp(app)
    socket.destroy()
    assert.deepEqual([exit.code, exit.signal], [0, null], app.stdout + app.stderr)
    assert.ok(exit.ms < 2_000, `exited in ${exit.ms} ms`)
    assert.match(app.stdout, /SIGTERM, shutting down/)
  })

  test('SIGINT (Ctrl-C) too', async () => {
    const app = await startApp()
    const exit = await stopApp(app, 'SIGINT')
    assert.deepEqual([exit.code, exit.signal], [0, null], app.stdout + app.stderr)
  })

  test('half the credentials, or a bad PORT, is a clear error', async () => {
    for (const [env, message, code] of [
      [{ OPENTOK_API_KEY: '12345678' }, /set both OPENTOK_API_KEY and OPENTOK_API_SECRET/, 1],
      [{ PORT: 'eighty' }, /PORT must be 0 to 65535, not "eighty"/, 2],
    ]) {
      await assert.rejects(startApp(env), (err) => {
        assert.match(err.message, new RegExp(`exited \\(${code}\\)`))
        assert.match(err.message, message)
        return true
      })
    }
  })
})

describe('demo app with credentials (a stand-in for the real service)', () => {
  let emulator
  let app
  before(async () => {
    emulator = await serviceEmulator()
    app = await startApp({
      OPENTOK_API_KEY: emulator.apiKey,
      OPENTOK_API_SECRET: emulator.apiSecret,
      OPENTOK_API_URL: emulator.url,
    })
  })

  test('uses the given endpoint and credentials, and starts no emulator of its own', async () => {
    assert.doesNotMatch(app.stdout, /emulator/i)
    assert.ok(app.stdout.includes(`OpenTok service at ${emulator.url} with API key ${emulator.apiKey}`), app.stdout)
    assert.ok(!app.stdout.includes(emulator.apiSecret), 'the secret is never printed')
    assert.equal(emulator.sessions.length, 1)
    assert.equal(emulator.sessions[0].apiKey, emulator.apiKey)
    const { status, body } = await get(app, '/?role=moderator')
    assert.equal(status, 200)
    assert.equal(byId(body, 'api-key'), emulator.apiKey)
    assert.equal(byId(body, 'session-id'), emulator.sessions[0].sessionId)
    assert.equal(verifyToken(byId(body, 'token'), emulator.apiSecret).fields.role, 'moderator')
    assert.match(byId(body, 'no-archive'), /^No archive to show/)
    assert.match(body, /<input type="text" name="archive"/)
    assert.equal(emulator.sessions.length, 1, 'one session, created at start')
  })

  test('?archive=ID looks an archive up on that service', async () => {
    const archive = emulator.addArchive({ title: 'Board <meeting>', videos: [{ length: 5, name: 'chair' }] })
    const { status, body } = await get(app, `/?archive=${archive.archiveId}`)
    assert.equal(status, 200)
    assert.equal(byId(body, 'archive-title'), 'Board &lt;meeting&gt;')
    assert.match(body, /<td>chair<\/td><td>5 s<\/td>/)
    const manifestRequest = emulator.requests.findLast((r) => r.path.startsWith('/archive/getmanifest/'))
    assert.equal(manifestRequest.path, `/archive/getmanifest/${archive.archiveId}`)
  })

  test('the 2.x panel says a real client must connect; once one did, POST /archive2 records an archive', async () => {
    const before = await get(app, '/')
    assert.match(
      before.body,
      /id="archive2-client-note"><strong>Real service:<\/strong> the demo cannot simulate a client/,
    )
    const refused = await recordArchive(app)
    assert.equal(refused.status, 502, 'no client connected: startArchive fails')
    assert.equal(byId(refused.body, 'archive2-error'), 'Session not found ')
    const routed = emulator.sessions.find((s) => s.sessionId === byId(refused.body, 'archive2-session'))
    assert.equal(routed?.mediaMode, 'routed', 'a routed session on that service')
    // A real client, played by this test: it connects with the token the page shows.
    const connectionId = emulator.connect(byId(refused.body, 'archive2-token'))
    emulator.publish(connectionId, { name: 'real client' })
    const posted = await recordArchive(app)
    assert.equal(posted.status, 303)
    const { body } = await get(app, posted.headers.get('location'))
    assert.equal(byId(body, 'archive2-status'), 'available')
    const archive = emulator.archivesV2.find((a) => a.id === byId(body, 'archive2-id'))
    assert.equal(archive?.sessionId, routed.sessionId)
    assert.doesNotMatch(body, /archive2-connection/, 'no simulated client')
  })
})

describe('demo app with credentials the service refuses', () => {
  test('the page shows the createSession error (502), without the secret', async () => {
    const emulator = await serviceEmulator()
    const wrongSecret = 'not-the-secret-0123456789'
    const app = await startApp({
      OPENTOK_API_KEY: emulator.apiKey,
      OPENTOK_API_SECRET: wrongSecret,
      OPENTOK_API_URL: emulator.url,
    })
    assert.match(app.stdout, /could not create a session: createSession failed: HTTP 403 .*\(OPENTOK_AUTH\)/)
    const { status, body } = await get(app, '/')
    assert.equal(status, 502)
    // Today's service refuses the JWT signed with the wrong secret (the 0.3.x one said 'Invalid partner credentials').
    assert.match(byId(body, 'session-error'), /^createSession failed: HTTP 403 Forbidden: Invalid signature/)
    const jwts = emulator.requests.map((r) => r.headers['x-opentok-auth']).filter(Boolean)
    assert.ok(jwts.length >= 1, 'the app sent a JWT')
    for (const jwt of jwts) assert.ok(!body.includes(jwt) && !app.stdout.includes(jwt), 'the JWT never shows')
    assert.match(body, /<code>OPENTOK_AUTH<\/code>/)
    assert.ok(!body.includes(wrongSecret) && !app.stdout.includes(wrongSecret))
  })
})

// Without chromium: a failure under CI (which must install it: see .ci/run), a skip elsewhere.
const noBrowser =
  !existsSync(CHROMIUM) &&
  !process.env.CI &&
  `chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`

describe('demo app in a browser (chromium)', { skip: noBrowser }, () => {
  if (!existsSync(CHROMIUM)) {
    test('chromium is installed', () =>
      assert.fail(`chromium not found at ${CHROMIUM}: CI installs it in .ci/run; set CHROMIUM_PATH to use another`))
    return
  }
  let app
  let creds
  let browser
  let page
  before(async () => {
    app = await startApp()
    creds = printedCredentials(app.stdout)
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
  })
  after(() => browser?.close())

  test('the page shows the API key and a session ID of that key', async () => {
    const response = await page.goto(app.url)
    assert.equal(response.status(), 200)
    assert.equal(await page.title(), 'opentok-native demo')
    assert.equal(await page.textContent('#api-key'), creds.apiKey)
    assert.equal(decodeSessionId(await page.textContent('#session-id'))[1], creds.apiKey)
    assert.match(await page.textContent('#mode'), /Emulator mode\./)
  })

  test('picking moderator gives a moderator token that verifies', async () => {
    await page.selectOption('#role', 'moderator')
    await Promise.all([page.waitForURL(/[?&]role=moderator/), page.click('#role-form button')])
    const token = await page.textContent('#token')
    const decoded = verifyToken(token, creds.apiSecret).fields // node:crypto, with the printed secret
    assert.equal(decoded.role, 'moderator')
    assert.equal(decoded.session_id, await page.textContent('#session-id'))
    const shownRole = await page.textContent('#token-fields tr:has(th:text-is("role")) td')
    assert.equal(shownRole, 'moderator')
    assert.match(await page.textContent('#token-verifies'), /^✓ Verifies/)
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    assert.ok(readFileSync(SCREENSHOT).length > 10_000, 'a screenshot with something in it')
  })

  test("the archive's videos are listed; a download link gets the FLV from the emulator", async () => {
    const names = await page.$$eval('#videos tr td:first-child', (cells) => cells.map((cell) => cell.textContent))
    assert.deepEqual(names, ['host', 'guest', 'screen share'])
    const flv = page.waitForResponse((res) => res.url().endsWith('.flv'))
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#videos a >> nth=1')])
    const response = await flv
    assert.equal(response.status(), 200)
    assert.equal(response.headers()['content-type'], 'video/x-flv')
    assert.equal(response.request().redirectedFrom()?.url().startsWith(`${app.url}/download?`), true)
    const body = readFileSync(await download.path())
    assert.equal(body.subarray(0, 3).toString('latin1'), FLV_SIGNATURE)
  })

  test('"Record an archive" (2.x) shows an available archive; its link gets the MP4 from the emulator', async () => {
    await page.goto(app.url)
    await Promise.all([page.waitForURL(/\?archive2=[0-9a-f-]{36}$/), page.click('#archive2-form button')])
    assert.equal(await page.textContent('#archive2-status'), 'available')
    const archiveId = await page.textContent('#archive2-id')
    assert.equal(new URL(page.url()).searchParams.get('archive2'), archiveId)
    assert.equal(decodeSessionId(await page.textContent('#archive2-session'))[1], creds.apiKey)
    assert.match(await page.textContent('#archive2-name'), /^opentok-native demo /)
    // Chromium plays an MP4 in the tab (where it saves an FLV): the navigation's response is the file,
    // whose bytes the page's own request context reads again (a playing video's body never settles).
    const [response] = await Promise.all([
      page.waitForResponse((res) => res.url().endsWith(`/${archiveId}/archive.mp4`)),
      page.click('#archive2-download'),
    ])
    assert.equal(response.status(), 200)
    assert.equal(response.headers()['content-type'], 'video/mp4')
    assert.equal(response.request().redirectedFrom()?.url(), `${app.url}/archive2/download?id=${archiveId}`)
    const file = await page.request.get(response.url())
    assert.equal((await file.body()).subarray(4, 8).toString('latin1'), MP4_FIRST_BOX)
  })

  test('an invalid role is a 400 page with a message', async () => {
    const response = await page.goto(`${app.url}/?role=superuser`)
    assert.equal(response.status(), 400)
    assert.equal(await page.textContent('h1'), '400 Unknown role')
    assert.equal(await page.textContent('#error'), '"superuser" is not a role: pick subscriber, publisher, moderator.')
  })
})
