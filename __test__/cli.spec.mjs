// The opentok-native command-line tool (cli/index.js), run as a child process
// against an emulator: every command in text and --json form, help, version,
// and every kind of error with its exit code (2 usage, 1 failure).

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import {
  closedPortUrl,
  decodeSessionId,
  FLV_SIGNATURE,
  moderatorToken,
  nowSeconds,
  REPO_ROOT,
  signT1,
  useEmulator,
  VERSION,
} from './helpers/network.mjs'
import { decodeToken, sessionIdFor, verifyToken } from './helpers/token.mjs'

const CLI = join(REPO_ROOT, 'cli', 'index.js')
const COMMANDS = ['session', 'token', 'decode', 'manifest', 'url']
const ctx = useEmulator()

/** The parent's environment without any OPENTOK_ variable, so that only what a test gives counts. */
const BASE_ENV = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OPENTOK_')))

/** The emulator's endpoint and credentials as the tool reads them; `vars` replace or (undefined) remove. */
function emulatorEnv(vars = {}) {
  const env = {
    OPENTOK_API_URL: ctx.emu.url,
    OPENTOK_API_KEY: ctx.emu.apiKey,
    OPENTOK_API_SECRET: ctx.emu.apiSecret,
    ...vars,
  }
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined))
}

/**
 * Runs the tool with `args` and exactly the OPENTOK_ variables of `env`.
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
function cli(args, env = emulatorEnv()) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: REPO_ROOT, env: { ...BASE_ENV, ...env }, timeout: 15_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? err.code : 0, stdout, stderr })
      },
    )
  })
}

/** Runs the tool, asserts success with nothing on stderr, and returns stdout. */
async function ok(args, env) {
  const run = await cli(args, env)
  assert.equal(run.stderr, '', `stderr of ${args.join(' ')}`)
  assert.equal(run.code, 0, `exit code of ${args.join(' ')}`)
  return run.stdout
}

/** The one line of text a command printed. */
async function line(args, env) {
  const stdout = await ok(args, env)
  assert.match(stdout, /^[^\n]+\n$/, 'one line on stdout')
  return stdout.trim()
}

/** Runs a command that must print one JSON document, and parses it. */
async function json(args, env) {
  return JSON.parse(await ok([...args, '--json'], env))
}

/**
 * Runs the tool, expects it to fail with `code` and one `error:` line on
 * stderr matching `pattern`, nothing on stdout, no stack trace, and none of
 * `secrets` anywhere. Returns the line.
 */
async function fails(args, { code, pattern, env, secrets = [] }) {
  const run = await cli(args, env)
  assert.equal(run.code, code, `exit code of ${args.join(' ')}: ${run.stderr}`)
  assert.equal(run.stdout, '', 'nothing on stdout')
  assert.match(run.stderr, /^error: [^\n]+\n$/, `one error line: ${run.stderr}`)
  assert.doesNotMatch(run.stderr, /\bat .*:\d+:\d+/, 'no stack trace')
  assert.match(run.stderr.trimEnd(), pattern)
  for (const secret of secrets)
    assert.ok(!(run.stdout + run.stderr).includes(secret), `the secret ${secret} never shows`)
  return run.stderr.trim()
}

/** A moderator token made by the tool, for a session it created. */
const cliModeratorToken = async (extra = []) =>
  line(['token', '--session', await line(['session']), '--role', 'moderator', ...extra])
/** A moderator token of the emulator's key, signed with node:crypto. */
const signedModeratorToken = () => moderatorToken(ctx.emu.apiKey, ctx.emu.apiSecret)

/** Registers an archive of two videos with a title that needs escaping in XML. */
const addArchive = () =>
  ctx.emu.addArchive({
    title: 'Interview <Q&A> "2"',
    videos: [
      { length: 120, name: 'host' },
      { length: 118, name: 'guest speaker' },
    ],
  })

describe('session', { concurrency: true }, () => {
  test('prints the ID of a new session of the API key, created on the server', async () => {
    const sessionId = await line(['session'])
    const record = decodeSessionId(sessionId)
    assert.equal(record[1], ctx.emu.apiKey)
    assert.equal(record[2], '', 'no location')
    const created = ctx.emu.sessions.find((session) => session.sessionId === sessionId)
    assert.deepEqual(created, { sessionId, apiKey: ctx.emu.apiKey, location: null, properties: {} })
  })

  test('--location and --p2p: the location is in the ID, p2p.preference=enabled is sent', async () => {
    const sessionId = await line(['session', '--location', '10.1.2.3', '--p2p'])
    assert.equal(decodeSessionId(sessionId)[2], '10.1.2.3')
    const created = ctx.emu.sessions.find((session) => session.sessionId === sessionId)
    // Today's service reads p2p.preference as the media mode instead of keeping it as a property.
    assert.deepEqual(created.properties, {})
    assert.equal(created.mediaMode, 'relayed')
    assert.equal(created.location, '10.1.2.3')
    assert.ok(
      ctx.emu.requests.some(
        (r) => r.path === '/session/create' && r.body === 'location=10.1.2.3&p2p.preference=enabled',
      ),
      'the form sent holds the location and p2p.preference=enabled',
    )
  })

  test('--json: {sessionId, location, p2p}, also with --json before the command', async () => {
    const result = await json(['session', '--location', '10.9.8.7'])
    assert.deepEqual(Object.keys(result), ['sessionId', 'location', 'p2p'])
    assert.deepEqual([result.location, result.p2p], ['10.9.8.7', false])
    assert.deepEqual(decodeSessionId(result.sessionId).slice(1, 3), [ctx.emu.apiKey, '10.9.8.7'])

    const leading = JSON.parse(await ok(['--json', 'session', '--p2p']))
    assert.equal(leading.p2p, true)
    const created = ctx.emu.sessions.find((session) => session.sessionId === leading.sessionId)
    // Today's service reads p2p.preference=enabled as the relayed media mode.
    assert.deepEqual([created.properties, created.mediaMode], [{}, 'relayed'])
  })
})

describe('token', { concurrency: true }, () => {
  const SESSION = () => sessionIdFor(ctx.emu.apiKey)

  test('prints a token signed with the secret, with the role, expire time and data asked for', async () => {
    const before = nowSeconds()
    const token = await line([
      'token',
      '--session',
      SESSION(),
      '--role',
      'moderator',
      '--expire',
      '1h',
      '--data',
      'name=Ann & co',
    ])
    const { fields, partnerId } = verifyToken(token, ctx.emu.apiSecret)
    assert.equal(partnerId, ctx.emu.apiKey)
    assert.equal(fields.session_id, SESSION())
    assert.equal(fields.role, 'moderator')
    assert.equal(fields.connection_data, 'name=Ann & co')
    const expire = Number(fields.expire_time)
    assert.ok(expire >= before + 3600 && expire <= nowSeconds() + 3600, `expire_time ${expire} is an hour from now`)
  })

  test('defaults: publisher, no expire_time, no connection data', async () => {
    const { fields } = verifyToken(await line(['token', '-s', SESSION()]), ctx.emu.apiSecret)
    assert.deepEqual(Object.keys(fields), ['session_id', 'create_time', 'nonce', 'role'])
    assert.equal(fields.role, 'publisher')
  })

  test('--expire: Unix seconds as given; 30m, 7d, 1d12h from now; an ISO date', async () => {
    const exact = nowSeconds() + 5000
    const cases = [
      [String(exact), exact, exact],
      ['30m', 30 * 60, 'relative'],
      ['7d', 7 * 86400, 'relative'],
      ['1d12h', 36 * 3600, 'relative'],
      [new Date((exact + 100) * 1000).toISOString().replace('.000Z', 'Z'), exact + 100, exact + 100],
    ]
    for (const [expire, seconds, kind] of cases) {
      const { fields } = verifyToken(await line(['token', '-s', SESSION(), '-e', expire]), ctx.emu.apiSecret)
      const got = Number(fields.expire_time)
      if (kind === 'relative') {
        assert.ok(
          Math.abs(got - Number(fields.create_time) - seconds) <= 2,
          `--expire ${expire}: ${got} is ${seconds} s after create_time`,
        )
      } else {
        assert.equal(got, seconds, `--expire ${expire}`)
      }
    }
  })

  test('--json: the token and what it holds', async () => {
    const result = await json(['token', '--session', SESSION(), '--role', 'subscriber', '--data', 'x'])
    // The keys `token --help` documents, format included (t1 by default).
    assert.deepEqual(Object.keys(result), [
      'token',
      'format',
      'sessionId',
      'role',
      'createTime',
      'expireTime',
      'connectionData',
    ])
    assert.equal(result.format, 'T1')
    const { fields } = verifyToken(result.token, ctx.emu.apiSecret)
    assert.deepEqual(
      [result.sessionId, result.role, result.createTime, result.expireTime, result.connectionData],
      [fields.session_id, 'subscriber', Number(fields.create_time), null, 'x'],
    )
    assert.equal(fields.role, 'subscriber')
  })
})

describe('decode', { concurrency: true }, () => {
  const FIELDS = () => ({
    session_id: sessionIdFor(ctx.emu.apiKey),
    create_time: 1700000000,
    nonce: 4242,
    role: 'moderator',
    expire_time: 1700003600,
    connection_data: 'a&b=c d',
    custom: 'kept',
  })
  const signed = (secret = ctx.emu.apiSecret) => signT1(ctx.emu.apiKey, secret, FIELDS())

  test('text: every field in order, times with their date, and a verified signature', async () => {
    const token = signed()
    const lines = (await ok(['decode', token]))
      .trimEnd()
      .split('\n')
      .map((text) => text.split(/ {2,}/))
    assert.deepEqual(lines, [
      ['partner_id', ctx.emu.apiKey],
      ['session_id', FIELDS().session_id],
      ['create_time', '1700000000 (2023-11-14T22:13:20Z)'],
      ['nonce', '4242'],
      ['role', 'moderator'],
      ['expire_time', '1700003600 (2023-11-14T23:13:20Z)'],
      ['connection_data', 'a&b=c d'],
      ['custom', 'kept'],
      ['signature', decodeToken(token).sig],
      ['verified', 'yes (signed with OPENTOK_API_SECRET)'],
    ])
  })

  test('text: a token signed with another secret is reported, one without credentials is not checked', async () => {
    const forged = await ok(['decode', signed('not-the-secret')])
    assert.match(forged, /^verified +NO: not signed with OPENTOK_API_SECRET$/m)
    const unchecked = await ok(['decode', signed()], { OPENTOK_API_URL: ctx.emu.url })
    assert.match(unchecked, /^verified +not checked \(set OPENTOK_API_KEY and OPENTOK_API_SECRET/m)
    assert.match(unchecked, /^connection_data +a&b=c d$/m)
  })

  test('--json round-trips what `token` made, and says verified true, false or null', async () => {
    const token = await line([
      'token',
      '-s',
      sessionIdFor(ctx.emu.apiKey),
      '-r',
      'moderator',
      '-d',
      'name=Ann & co',
      '-e',
      '2h',
    ])
    const result = await json(['decode', token])
    const independent = decodeToken(token)
    assert.deepEqual(result.fields, independent.fields)
    assert.deepEqual(
      [
        result.partnerId,
        result.signature,
        result.data,
        result.sessionId,
        result.role,
        result.connectionData,
        result.nonce,
      ],
      [
        ctx.emu.apiKey,
        independent.sig,
        independent.data,
        independent.fields.session_id,
        'moderator',
        'name=Ann & co',
        independent.fields.nonce,
      ],
    )
    assert.deepEqual(
      [result.createTime, result.expireTime],
      [Number(independent.fields.create_time), Number(independent.fields.expire_time)],
    )
    assert.equal(result.verified, true)
    assert.equal((await json(['decode', signed('not-the-secret')])).verified, false)
    assert.equal((await json(['decode', token], {})).verified, null)
  })

  test('token --format jwt makes a JWT client token that decode reads and verifies', async () => {
    const token = await line(['token', '-s', sessionIdFor(ctx.emu.apiKey), '-r', 'moderator', '--format', 'jwt'])
    assert.equal(token.split('.').length, 3)
    const result = await json(['decode', token])
    assert.deepEqual(
      [result.format, result.partnerId, result.role, result.sessionId, result.verified],
      ['JWT', ctx.emu.apiKey, 'moderator', sessionIdFor(ctx.emu.apiKey), true],
    )
    assert.equal(result.fields.scope, 'session.connect')
    assert.match(await ok(['decode', token]), /^format +JWT\niss +\d+\n/)
    await fails(['token', '-s', 'x', '--format', 'jws'], { code: 2, pattern: /--format must be t1 or jwt, not 'jws'/ })
  })
})

describe('manifest and url', { concurrency: true }, () => {
  test('manifest: title, each video (ID, length, name) and the timeline, as text', async () => {
    const archive = addArchive()
    const token = await cliModeratorToken()
    const lines = (await ok(['manifest', archive.archiveId, '--token', token])).trimEnd().split('\n')
    const [v1, v2] = archive.videos
    assert.deepEqual(
      lines.map((text) => text.trim().split(/ {2,}/)),
      [
        ['Archive', archive.archiveId],
        ['Title', 'Interview <Q&A> "2"'],
        [''],
        ['Videos (2)'],
        ['ID', 'LENGTH', 'NAME'],
        [v1.id, '120', 'host'],
        [v2.id, '118', 'guest speaker'],
        [''],
        ['Timeline (4 events)'],
        ['OFFSET', 'TYPE', 'VIDEO'],
        ['0', 'RECORD_START', v1.id],
        ['120', 'RECORD_STOP', v1.id],
        ['0', 'RECORD_START', v2.id],
        ['118', 'RECORD_STOP', v2.id],
      ],
    )
  })

  test('manifest --json: the archive as the emulator holds it; an empty archive', async () => {
    const archive = addArchive()
    const token = await cliModeratorToken(['--expire', '10m'])
    const result = await json(['manifest', archive.archiveId, '-t', token])
    assert.deepEqual(result, {
      archiveId: archive.archiveId,
      title: archive.title,
      videos: archive.videos.map(({ id, length, name }) => ({ id, length: String(length), name })),
      timeline: archive.timeline.map(({ type, id, offset }) => ({ type, id, offset: String(offset) })),
    })
    const empty = ctx.emu.addArchive({ title: 'Empty', videos: [] })
    assert.deepEqual(await json(['manifest', empty.archiveId, '-t', token]), {
      archiveId: empty.archiveId,
      title: 'Empty',
      videos: [],
      timeline: [],
    })
    assert.match(await ok(['manifest', empty.archiveId, '-t', token]), /Videos \(0\)\n {2}none\n/)
  })

  test('url: the download URL of each video, which serves an FLV file; --json', async () => {
    const archive = addArchive()
    const token = await cliModeratorToken()
    for (const video of archive.videos) {
      const url = await line(['url', archive.archiveId, video.id, '--token', token])
      assert.equal(url, `${ctx.emu.url}/download/${archive.archiveId}/${video.id}.flv`)
      const body = Buffer.from(await (await fetch(url)).arrayBuffer())
      assert.equal(body.subarray(0, 3).toString('latin1'), FLV_SIGNATURE)
    }
    const [, second] = archive.videos
    assert.deepEqual(await json(['url', archive.archiveId, second.id, '-t', token]), {
      archiveId: archive.archiveId,
      videoId: second.id,
      url: `${ctx.emu.url}/download/${archive.archiveId}/${second.id}.flv`,
    })
  })
})

describe('help and version', { concurrency: true }, () => {
  test('--help, -h and `help`: usage, every command, the variables, exit codes; no credentials needed', async () => {
    const help = await ok(['--help'], {})
    assert.match(help, /^Usage: opentok-native <command>/)
    for (const command of COMMANDS) assert.match(help, new RegExp(`^ {2}${command} +\\S`, 'm'), `lists ${command}`)
    for (const name of ['OPENTOK_API_KEY', 'OPENTOK_API_SECRET', 'OPENTOK_API_URL', '--json', '--version'])
      assert.ok(help.includes(name), name)
    assert.match(help, /Exit status: 0 .*; 1 .*; 2 usage error/s)
    assert.equal(await ok(['-h'], {}), help)
    assert.equal(await ok(['help'], {}), help)
  })

  test("<command> --help: that command's usage and every option it takes", async () => {
    const options = {
      session: ['--location', '--p2p', '--json'],
      token: ['--session', '--role', '--expire', '--data', '--json', '30m', '1h', '7d', 'Unix seconds'],
      decode: ['TOKEN', '--json', 'verified'],
      manifest: ['ARCHIVE_ID', '--token', '--json'],
      url: ['ARCHIVE_ID', 'VIDEO_ID', '--token', '--json'],
    }
    for (const command of COMMANDS) {
      const help = await ok([command, '--help'], {})
      assert.match(help, new RegExp(`^Usage: opentok-native ${command} `))
      for (const option of options[command]) assert.ok(help.includes(option), `${command} --help mentions ${option}`)
      assert.equal(await ok(['help', command], {}), help, `help ${command}`)
      assert.equal(await ok([command, 'anything', '--bogus', '-h'], {}), help, `${command} -h wins over bad arguments`)
    }
  })

  test('--version prints the package version', async () => {
    assert.equal(await ok(['--version'], {}), `${VERSION}\n`)
    assert.equal(await ok(['-v'], {}), `${VERSION}\n`)
  })
})

describe('usage errors: exit 2', { concurrency: true }, () => {
  const usage = (args, pattern) => fails(args, { code: 2, pattern })

  test('no command, an unknown command, an unknown option', async () => {
    await usage([], /no command given; see 'opentok-native --help'/)
    await usage(['sessions'], /unknown command 'sessions' \(commands: session, token, decode, manifest, url\)/)
    await usage(['--bogus', 'session'], /unknown option '--bogus'; see 'opentok-native --help'/)
    await usage(
      ['session', '--p2p', '--bogus'],
      /unknown option '--bogus' for session; see 'opentok-native session --help'/,
    )
    await usage(['token', '-s', 'x', '-x'], /unknown option '-x' for token/)
    await usage(['help', 'nope'], /unknown command 'nope'/)
  })

  test('missing or extra arguments, a missing required option or option value', async () => {
    await usage(['decode'], /missing TOKEN; see 'opentok-native decode --help'/)
    await usage(['url', 'archive'], /missing VIDEO_ID/)
    await usage(['session', 'extra'], /unexpected argument 'extra'/)
    await usage(['url', 'a', 'b', 'c', '--token', 't'], /unexpected argument 'c'/)
    await usage(['token'], /missing --session; see 'opentok-native token --help'/)
    await usage(['manifest', 'archive'], /missing --token/)
    await usage(['token', '--session'], /--session <value>' argument missing/)
    await usage(['session', '--p2p=yes'], /'--p2p' does not take an argument/)
  })

  test('a --role other than the three and an --expire that is not a time (checked before credentials)', async () => {
    const message = await fails(['token', '-s', 'x', '--role', 'admin'], {
      code: 2,
      pattern: /--role must be one of subscriber, publisher, moderator, not 'admin'/,
      env: {},
    })
    assert.match(message, /see 'opentok-native token --help'$/)
    for (const expire of ['soon', '1x', '-5', '2030-13-45']) {
      await fails(['token', '-s', 'x', `--expire=${expire}`], {
        code: 2,
        pattern: new RegExp(`--expire must be .* not '${expire}'`),
      })
    }
  })
})

describe('session --location: an IPv4 address, as the SDK sends no other', { concurrency: true }, () => {
  test('anything else is a usage error, before credentials are read', async () => {
    for (const location of ['localhost', '::1', '01.2.3.4', 'example.com']) {
      await fails(['session', '--location', location], {
        code: 2,
        pattern: new RegExp(`--location must be an IPv4 address, not '${location.replaceAll('.', '\\.')}'`),
        env: {},
      })
    }
  })
})

describe('failures: exit 1', { concurrency: true }, () => {
  test("a wrong secret: the server's 403 with [OPENTOK_AUTH], and the secret never shows", async () => {
    const secret = 'the-wrong-secret-0123456789'
    const sent = ctx.emu.requests.length
    // Today's service refuses a JWT signed with the wrong secret with 'Invalid signature'
    // (the 0.3.x one said 'Invalid partner credentials': network-errors.spec.mjs checks both wires).
    const message = await fails(['session'], {
      code: 1,
      pattern: /^error: createSession failed: HTTP 403 .*Invalid signature.* \[OPENTOK_AUTH\]$/m,
      env: emulatorEnv({ OPENTOK_API_SECRET: secret }),
      secrets: [secret, ctx.emu.apiSecret],
    })
    const jwts = ctx.emu.requests
      .slice(sent)
      .map((r) => r.headers['x-opentok-auth'])
      .filter(Boolean)
    assert.ok(jwts.length >= 1, 'the tool sent a JWT')
    for (const jwt of jwts) assert.ok(!message.includes(jwt.split('.')[2]), 'the JWT never shows')
    await fails(['session', '--json'], {
      code: 1,
      pattern: /\[OPENTOK_AUTH\]/,
      env: emulatorEnv({ OPENTOK_API_SECRET: secret }),
      secrets: [secret],
    })
  })

  test('the secret is masked even where an error message would hold it', async () => {
    const secret = 'secret-in-the-path-9876'
    const url = `${await closedPortUrl()}/${secret}`
    const message = await fails(['session'], {
      code: 1,
      pattern: /\[OPENTOK_NETWORK\]$/,
      env: emulatorEnv({ OPENTOK_API_URL: url, OPENTOK_API_SECRET: secret }),
      secrets: [secret],
    })
    // The SDK already scrubs its own credential from error text.
    assert.ok(message.includes('/[redacted]/session/create'), message)
  })

  test('missing credentials: the message names the variables, for every command that needs them', async () => {
    const runs = [['session'], ['token', '-s', 'x'], ['manifest', 'a', '-t', 't'], ['url', 'a', 'v', '-t', 't']]
    for (const args of runs) {
      await fails(args, {
        code: 1,
        pattern: /^error: missing credentials: set OPENTOK_API_KEY and OPENTOK_API_SECRET$/m,
        env: { OPENTOK_API_URL: ctx.emu.url },
      })
    }
    await fails(['session'], {
      code: 1,
      pattern: /OPENTOK_API_SECRET is not set; set OPENTOK_API_KEY and OPENTOK_API_SECRET/,
      env: emulatorEnv({ OPENTOK_API_SECRET: undefined }),
    })
    await fails(['session'], {
      code: 1,
      pattern: /OPENTOK_API_KEY is not set/,
      env: emulatorEnv({ OPENTOK_API_KEY: '' }),
    })
  })

  test('an unreachable endpoint: [OPENTOK_NETWORK] naming the URL', async () => {
    const url = await closedPortUrl()
    await fails(['session'], {
      code: 1,
      pattern: new RegExp(`createSession failed: .*${url.replace(/[.]/g, '\\.')}.*\\[OPENTOK_NETWORK\\]$`),
      env: emulatorEnv({ OPENTOK_API_URL: url }),
    })
    await fails(['manifest', 'a', '-t', signedModeratorToken()], {
      code: 1,
      pattern: /getArchiveManifest failed: .*\[OPENTOK_NETWORK\]$/,
      env: emulatorEnv({ OPENTOK_API_URL: url }),
    })
  })

  test('values the SDK refuses: an --expire out of range, a session of another key, a token that is not one', async () => {
    const session = sessionIdFor(ctx.emu.apiKey)
    await fails(['token', '-s', session, '--expire', '31d'], {
      code: 1,
      pattern: /"expire_time" is out of range: must be at most 30 days .*\[ERR_OUT_OF_RANGE\]$/,
    })
    await fails(['token', '-s', session, '--expire', '100'], {
      code: 1,
      pattern: /"expire_time" is out of range: must be in the future.*\[ERR_OUT_OF_RANGE\]$/,
    })
    await fails(['token', '-s', sessionIdFor('99999999')], {
      code: 1,
      pattern: /An invalid session ID was passed \[OPENTOK_INVALID_SESSION_ID\]$/,
    })
    await fails(['decode', 'not-a-token'], { code: 1, pattern: /not a T1 token.*\[ERR_INVALID_ARG_VALUE\]$/ })
  })

  test('archives: a publisher token [OPENTOK_AUTH], an unknown archive or video [OPENTOK_NOT_FOUND]', async () => {
    const archive = addArchive()
    const publisher = await line(['token', '-s', sessionIdFor(ctx.emu.apiKey)])
    await fails(['manifest', archive.archiveId, '-t', publisher], {
      code: 1,
      pattern: /getArchiveManifest failed: HTTP 403 .*Moderator.*\[OPENTOK_AUTH\]$/,
    })
    const moderator = signedModeratorToken()
    await fails(['manifest', 'no-such-archive', '-t', moderator], {
      code: 1,
      pattern: /HTTP 404 .*\[OPENTOK_NOT_FOUND\]$/,
    })
    await fails(['url', archive.archiveId, 'no-such-video', '-t', moderator, '--json'], {
      code: 1,
      pattern: /downloadArchiveURL failed: HTTP 404 .*\[OPENTOK_NOT_FOUND\]$/,
    })
  })
})
