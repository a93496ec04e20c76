'use strict'

// The demo's HTML: one page, rendered on the server, every value escaped.

const { RoleConstants } = require('opentok-native')
const { html, raw } = require('./html.js')

const CSS = `
:root { font: 16px/1.5 system-ui, sans-serif; color: #1d2330; background: #f6f7f9 }
body { max-width: 60rem; margin: 2rem auto; padding: 0 1rem }
h1 { font-size: 1.6rem; margin: 0 0 .75rem }
h2 { font-size: 1.15rem; margin: 0 0 .5rem }
section { background: #fff; border: 1px solid #dde1e7; border-radius: .5rem; padding: 1rem 1.25rem; margin: 1rem 0 }
code { font: .88rem/1.4 ui-monospace, monospace; overflow-wrap: anywhere; background: #eef1f5; padding: 0 .2rem; border-radius: .2rem }
table { border-collapse: collapse; width: 100%; margin-top: .5rem }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e4e7ec; vertical-align: top }
th { white-space: nowrap; font-weight: 600; color: #4a5263 }
form { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; margin: .25rem 0 .75rem }
input, select, button { font: inherit; padding: .2rem .5rem }
input[type=text] { flex: 1; min-width: 16rem }
.note { border-left: 4px solid #2f6fed; background: #eaf1ff; padding: .6rem .9rem; border-radius: .3rem }
.error { border-left: 4px solid #c62828; background: #fdecec; padding: .6rem .9rem; border-radius: .3rem }
.ok { color: #1a7f37; font-weight: 600 }
.bad { color: #c62828; font-weight: 600 }
.muted { color: #5d6575; font-size: .9rem }
`

function layout(title, body) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(CSS)}</style>
</head>
<body>
${body}
</body>
</html>
`
}

/** A failure: { message, code } from the SDK, or a plain message. */
function errorBox(error, id) {
  const { message, code } = typeof error === 'string' ? { message: error } : error
  return html`<p class="error" id="${id}" role="alert">${message}${code ? html` <code>${code}</code>` : ''}</p>`
}

function modeNote(demo) {
  if (demo.emulatorUrl) {
    return html`<p class="note" id="mode"><strong>Emulator mode.</strong> OPENTOK_API_KEY and OPENTOK_API_SECRET
are not set, so everything below comes from the emulator that ships with opentok-native, at <code>${demo.emulatorUrl}</code>,
with credentials generated for this run. Set both variables to use the real service.</p>`
  }
  return html`<p class="note" id="mode"><strong>Real service</strong> at <code>${demo.endpoint}</code>, with the API key from OPENTOK_API_KEY.</p>`
}

function sessionSection(view) {
  return html`<section>
<h2>Session</h2>
<table>
<tr><th>API key</th><td><code id="api-key">${view.demo.apiKey}</code></td></tr>
<tr><th>Session ID</th><td>${view.sessionError ? errorBox(view.sessionError, 'session-error') : html`<code id="session-id">${view.sessionId}</code>`}</td></tr>
</table>
<p class="muted">Created once, at start, with <code>sdk.createSession()</code>${view.sessionError ? '; until that works, every page load tries again' : ''}.</p>
</section>`
}

function roleForm(view) {
  const options = Object.values(RoleConstants).map(
    (role) => html`<option value="${role}"${role === view.role ? html` selected` : ''}>${role}</option>`,
  )
  return html`<form method="get" action="/" id="role-form">
<label for="role">Role</label>
<select name="role" id="role">${options}</select>
${view.lookedUp ? html`<input type="hidden" name="archive" value="${view.archiveId ?? ''}">` : ''}
<button type="submit">New token</button>
</form>`
}

function tokenFields(decoded) {
  const rows = [['partner_id', decoded.partnerId]]
  for (const [name, value] of Object.entries(decoded.fields)) {
    const text = [].concat(value).join(', ')
    const time = (name === 'create_time' || name === 'expire_time') && /^\d+$/.test(text)
    rows.push([name, time ? `${text} (${new Date(Number(text) * 1000).toISOString()})` : text])
  }
  rows.push(['sig', decoded.signature])
  return html`<table id="token-fields">
${rows.map(
  ([name, value]) => html`<tr><th>${name}</th><td><code>${value}</code></td></tr>
`,
)}</table>`
}

function tokenSection(view) {
  const { token } = view
  let body
  if (token.error) {
    body = errorBox(token.error, 'token-error')
  } else {
    const verdict = token.verifies
      ? html`<p class="ok" id="token-verifies">✓ Verifies: <code>sdk.verifyToken(token)</code> is true (signed with this API key's secret).</p>`
      : html`<p class="bad" id="token-verifies">✗ Does not verify: <code>sdk.verifyToken(token)</code> is false.</p>`
    body = html`<p><code id="token">${token.value}</code></p>
${verdict}
<p class="muted">Decoded with <code>OpenTokSDK.decodeToken(token)</code>:</p>
${tokenFields(token.decoded)}`
  }
  return html`<section>
<h2>Token</h2>
<p class="muted">A fresh token at every page load, from <code>sdk.generateToken({ session_id, role })</code>.</p>
${roleForm(view)}
${body}
</section>`
}

function videoRows(archive) {
  return archive.resources.map((video) => {
    const link = `/download?${new URLSearchParams({ archive: archive.archiveId, video: video.getId() })}`
    return html`<tr><td>${video.name}</td><td>${video.length} s</td><td><code>${video.getId()}</code></td><td><a href="${link}">Download FLV</a></td></tr>
`
  })
}

function archiveBody(view) {
  if (!view.archiveId) {
    return html`<p class="note" id="no-archive">No archive to show: the demo only knows the archives it registers in the emulator.
Enter the ID of an archive of your API key to read its manifest.</p>`
  }
  const { archive } = view
  if (archive.error) return errorBox(archive.error, 'archive-error')
  const { value } = archive
  return html`<table>
<tr><th>Title</th><td id="archive-title">${value.title}</td></tr>
<tr><th>Archive ID</th><td><code id="archive-id">${value.archiveId}</code></td></tr>
</table>
<table id="videos">
<tr><th>Video</th><th>Length</th><th>ID</th><th>File</th></tr>
${videoRows(value)}</table>
<p class="muted">Each link asks <code>archive.downloadArchiveURL(videoId)</code> for the video's URL and redirects there.</p>`
}

function archiveSection(view) {
  return html`<section>
<h2>Archive</h2>
<p class="muted">Read with <code>sdk.getArchiveManifest(archiveId, moderatorToken)</code>.</p>
<form method="get" action="/" id="archive-form">
<input type="hidden" name="role" value="${view.role}">
<label for="archive">Archive ID</label>
<input type="text" name="archive" id="archive" value="${view.archiveId ?? ''}" placeholder="an archive ID">
<button type="submit">Look up</button>
</form>
${archiveBody(view)}
</section>`
}

function clientNote(demo, archive2) {
  if (demo.emulatorUrl) {
    return html`<p class="muted" id="archive2-client-note">Archives need a client publishing in the session: here a simulated one,
the emulator's <code>emulator.connect(token)</code> with a token from <code>ot.generateToken(sessionId, { role: 'publisher' })</code>,
then <code>emulator.publish(connectionId, { name })</code>.</p>`
  }
  const { sessionId, token } = archive2
  const tokenRow = token?.error
    ? errorBox(token.error, 'archive2-token-error')
    : token && html`<br>Publisher token for it: <code id="archive2-token">${token.value}</code>`
  return html`<p class="note" id="archive2-client-note"><strong>Real service:</strong> the demo cannot simulate a client here.
Connect a real client to the routed session (with OpenTok.js and a publisher token) and publish a stream before you
click, or <code>startArchive</code> fails.${sessionId ? tokenRow : html` The session is created at the first click.`}</p>`
}

function archive2Table(archive) {
  const link = `/archive2/download?${new URLSearchParams({ id: archive.id })}`
  const file =
    archive.status === 'available'
      ? html`<a id="archive2-download" href="${link}">Download MP4</a> <span class="muted">(${archive.size} bytes)</span>`
      : html`none yet: <a href="/?${new URLSearchParams({ archive2: archive.id })}">reload</a> to ask again`
  return html`<table id="archive2">
<tr><th>Archive ID</th><td><code id="archive2-id">${archive.id}</code></td></tr>
<tr><th>Name</th><td id="archive2-name">${archive.name}</td></tr>
<tr><th>Status</th><td id="archive2-status">${archive.status}</td></tr>
<tr><th>File</th><td>${file}</td></tr>
</table>
<p class="muted">Read with <code>ot.getArchive(id)</code>; the link asks it again for the archive's <code>url</code> and redirects there.</p>`
}

function archive2Section(view) {
  const archive2 = view.archive2 ?? {}
  const { sessionId, client, archive, error } = archive2
  let result = ''
  if (error) result = errorBox(error, 'archive2-error')
  else if (archive?.error) result = errorBox(archive.error, 'archive2-error')
  else if (archive) result = archive2Table(archive.value)
  return html`<section id="archive2-panel">
<h2>2.x archive</h2>
<p class="muted">With the 2.x API, <code>new OpenTok(apiKey, apiSecret)</code>: <code>ot.createSession({ mediaMode: 'routed' })</code>
once (archives need a routed session), then <code>ot.startArchive(sessionId, { name })</code>, <code>ot.stopArchive(id)</code>
and <code>ot.getArchive(id)</code> until it is available.</p>
${clientNote(view.demo, archive2)}
<form method="post" action="/archive2" id="archive2-form">
<button type="submit">Record an archive</button>
</form>
<table>
<tr><th>Routed session</th><td>${sessionId ? html`<code id="archive2-session">${sessionId}</code>` : html`<span class="muted">not created yet</span>`}</td></tr>
${client ? html`<tr><th>Simulated client</th><td>connection <code id="archive2-connection">${client.connectionId}</code>, stream <code id="archive2-stream">${client.streamId}</code></td></tr>` : ''}
</table>
${result}
</section>`
}

/**
 * The page: view = { demo, role, archiveId, lookedUp, sessionId | sessionError, token, archive,
 * archive2: { sessionId, client, token, archive } | { error } }.
 */
function renderHome(view) {
  return layout(
    'opentok-native demo',
    html`<h1>opentok-native demo</h1>
${modeNote(view.demo)}
${sessionSection(view)}
${
  view.sessionError
    ? ''
    : html`${tokenSection(view)}
${archiveSection(view)}`
}
${archive2Section(view)}
<p class="muted">Source: examples/app.js and examples/demo/ in opentok-native.</p>`,
  )
}

/** A page for a failed request: message is a string or an SDK error { message, code }. */
function renderError({ status, title, message }) {
  return layout(
    `${status} ${title}`,
    html`<h1>${status} ${title}</h1>
${errorBox(message, 'error')}
<p><a href="/">Back to the demo</a></p>`,
  )
}

function renderRedirect(url) {
  return layout('Redirecting', html`<p>Redirecting to <a href="${url}">${url}</a>.</p>`)
}

module.exports = { renderHome, renderError, renderRedirect }
