// Every call form of the public API, type-checked against index.d.ts (never run).
// Each `@ts-expect-error` marks a misuse that must not compile; the types
// spec also checks that removing one of them breaks the build.

import { promisify } from 'node:util'
import {
  type Callback,
  type DecodedToken,
  type ErrorFirstCallback,
  type LegacyCallback,
  OpenTokArchive,
  OpenTokArchiveVideoResource,
  OpenTokError,
  type OpenTokErrorCode,
  OpenTokSDK,
  type Role,
  RoleConstants,
  type RoleName,
  type SDKOptions,
  type SessionProperties,
  type TokenOptions,
} from 'opentok-native'

/** `true` only when A and B are the same type. */
type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false
function assertType<A, B>(_same: Equal<A, B>): void {}

declare const archiveId: string
declare const sessionId: string

async function constructing(): Promise<void> {
  const a = new OpenTokSDK('12345678', 'secret')
  const b = OpenTokSDK(12345678, 'secret') // callable without `new`
  const c = new OpenTokSDK('1', 's', {
    apiUrl: 'http://127.0.0.1:4000',
    timeout: 5000,
    ca: '-----BEGIN CERTIFICATE-----',
  })
  const d = OpenTokSDK('1', 's', { ca: Buffer.from('pem') })
  const e = OpenTokSDK('1', 's', null)
  assertType<typeof a, OpenTokSDK>(true)
  assertType<typeof b, OpenTokSDK>(true)
  assertType<typeof c | typeof d | typeof e, OpenTokSDK>(true)
  const options: SDKOptions = { apiUrl: 'api.opentok.com' }
  void options

  // @ts-expect-error the secret is required
  new OpenTokSDK('1')
  // @ts-expect-error the API key is a string or a number
  new OpenTokSDK({ key: 1 }, 's')
  // @ts-expect-error timeout is a number of milliseconds
  new OpenTokSDK('1', 's', { timeout: '5000' })
  // @ts-expect-error apiUrl is a string
  new OpenTokSDK('1', 's', { apiUrl: new URL('http://x') })
  // @ts-expect-error unknown options are refused
  new OpenTokSDK('1', 's', { apiURL: 'x' })
  // @ts-expect-error ca is PEM text or bytes
  new OpenTokSDK('1', 's', { ca: 42 })
  const styled: OpenTokSDK[] = [
    OpenTokSDK('1', 's', { callbackStyle: 'auto' }),
    OpenTokSDK('1', 's', { callbackStyle: 'error-first' }),
    new OpenTokSDK('1', 's', { callbackStyle: 'result' }),
  ]
  void styled
  // @ts-expect-error callbackStyle is 'auto', 'error-first' or 'result'
  new OpenTokSDK('1', 's', { callbackStyle: 'node' })
  const wired: OpenTokSDK[] = [
    new OpenTokSDK('1', 's', { protocol: 'legacy', tokenFormat: 'JWT' }),
    new OpenTokSDK('1', 's', { protocol: 'current', tokenFormat: 'T1', proxy: 'http://u:p@127.0.0.1:3128' }),
    new OpenTokSDK('1', 's', { ca: ['-----BEGIN CERTIFICATE-----', Buffer.from('pem')] }),
  ]
  void wired
  // @ts-expect-error protocol is 'current' or 'legacy'
  new OpenTokSDK('1', 's', { protocol: 'v1' })
  // @ts-expect-error tokenFormat is 'T1' or 'JWT'
  new OpenTokSDK('1', 's', { tokenFormat: 'jwt' })
  // @ts-expect-error proxy is a URL string
  new OpenTokSDK('1', 's', { proxy: new URL('http://127.0.0.1:3128') })

  // Instances and properties
  assertType<typeof a.partnerId, string | number>(true)
  assertType<typeof a.partnerSecret, string>(true)
  assertType<typeof a.api_url, string>(true)
  assertType<typeof a.sessionId, string | undefined>(true)
  a.api_url = 'http://127.0.0.1:4000'
  a.api_url = undefined // back to OPENTOK_API_URL / api.opentok.com
  a.sessionId = sessionId
  a.partnerId = 42
  // @ts-expect-error partnerSecret is read-only
  a.partnerSecret = 'other'
  // @ts-expect-error api_url is a string
  a.api_url = 42
  const isSdk: boolean = a instanceof OpenTokSDK
  void isSdk

  // A subclass works as with any constructor.
  class MySdk extends OpenTokSDK {
    label = 'mine'
  }
  assertType<MySdk['generateToken'], OpenTokSDK['generateToken']>(true)
}

function roles(): void {
  assertType<typeof RoleConstants.SUBSCRIBER, 'subscriber'>(true)
  assertType<typeof RoleConstants.PUBLISHER, 'publisher'>(true)
  assertType<typeof RoleConstants.MODERATOR, 'moderator'>(true)
  assertType<Role, 'subscriber' | 'publisher' | 'moderator'>(true)
  assertType<typeof OpenTokSDK.RoleConstants, typeof RoleConstants>(true)
  // @ts-expect-error RoleConstants is frozen
  RoleConstants.MODERATOR = 'publisher'
  // @ts-expect-error there is no such role constant
  void RoleConstants.ADMIN
}

function tokens(sdk: OpenTokSDK): void {
  const t1: string = sdk.generateToken({ session_id: sessionId })
  const t2: string = sdk.generateToken({ sessionId, role: RoleConstants.MODERATOR })
  const t3: string = sdk.generateToken({ session: sessionId, role: 'subscriber', connection_data: 'userId:42' })
  const t4: string = sdk.generateToken(sessionId)
  const t5: string = sdk.generateToken(sessionId, {
    role: 'publisher',
    expire_time: Math.floor(Date.now() / 1000) + 60,
  })
  const t6: string = sdk.generateToken() // the SDK object's last session
  const t7: string = sdk.generate_token({ session_id: sessionId, create_time: 1700000000, nonce: 42 })
  const t8: string = sdk.generate_token(sessionId, { expire_time: '1700000600', create_time: '1700000000', nonce: 'n' })
  const t9: string = sdk.generateToken({ session_id: sessionId, any_other_option: ['passed', 'through'] })
  const options: TokenOptions = { role: 'moderator' }
  const t10: string = sdk.generateToken(sessionId, options)
  void [t1, t2, t3, t4, t5, t6, t7, t8, t9, t10]

  // @ts-expect-error not a session ID nor an options object
  sdk.generateToken(123)
  // A role held in a `string` compiles (the runtime refuses a string that is not a role)
  const roleFromConfig: string = String(process.env.ROLE)
  const t11: string = sdk.generateToken({ session_id: sessionId, role: roleFromConfig })
  const t12: string = sdk.generate_token(sessionId, { role: roleFromConfig })
  // while the three roles are still what RoleName spells out
  const named: RoleName = RoleConstants.SUBSCRIBER
  assertType<Extract<RoleName, Role>, Role>(true)
  // connection_data takes what 0.3.x wrote: numbers, BigInts, booleans, null
  const t13: string = sdk.generateToken(sessionId, { connection_data: 42 })
  const t14: string = sdk.generateToken(sessionId, { connection_data: true })
  const t15: string = sdk.generateToken(sessionId, { connection_data: null, expire_time: 1700000600n })
  void [t11, t12, t13, t14, t15, named]
  // @ts-expect-error a role is a string
  sdk.generateToken({ session_id: sessionId, role: 1 })
  // @ts-expect-error connection_data is not an object (pass JSON.stringify(value))
  sdk.generateToken({ session_id: sessionId, connection_data: { userId: 42 } })
  // @ts-expect-error expire_time is Unix seconds, not a Date
  sdk.generateToken({ session_id: sessionId, expire_time: new Date() })
  // @ts-expect-error session_id is a string
  sdk.generateToken({ session_id: 42 })
  // @ts-expect-error the options come second when a session ID is given
  sdk.generateToken({ role: 'publisher' }, sessionId)
  // @ts-expect-error a token is a string, not a promise
  sdk.generateToken(sessionId).then(() => {})

  const ok: boolean = sdk.verifyToken(t1)
  void ok
  // @ts-expect-error the token argument is required
  sdk.verifyToken()
  // @ts-expect-error the token is a string
  sdk.verifyToken(42)

  const decoded = OpenTokSDK.decodeToken(t1)
  assertType<typeof decoded, DecodedToken>(true)
  assertType<typeof decoded.format, 'T1' | 'JWT'>(true)
  assertType<typeof decoded.partnerId, string>(true)
  assertType<typeof decoded.signature, string>(true)
  assertType<typeof decoded.data, string>(true)
  assertType<typeof decoded.fields, Record<string, string | string[]>>(true)
  assertType<typeof decoded.sessionId, string | undefined>(true)
  assertType<typeof decoded.role, string | undefined>(true)
  assertType<typeof decoded.createTime, number | undefined>(true)
  assertType<typeof decoded.expireTime, number | undefined>(true)
  assertType<typeof decoded.nonce, string | undefined>(true)
  assertType<typeof decoded.connectionData, string | undefined>(true)
  const { decodeToken } = OpenTokSDK // a plain function, no `this`
  decodeToken(t1)
  // @ts-expect-error the token argument is required
  OpenTokSDK.decodeToken()
  // @ts-expect-error decodeToken is static, not an instance method
  sdk.decodeToken(t1)
}

async function sessions(sdk: OpenTokSDK): Promise<void> {
  // Promises: every argument shape
  const s1: string = await sdk.createSession()
  const s2: string = await sdk.createSession('10.1.2.3')
  const s3: string = await sdk.createSession({ 'p2p.preference': 'enabled' })
  const s4: string = await sdk.createSession('10.1.2.3', { mediaMode: 'routed' })
  const s5: string = await sdk.createSession(undefined, { mediaMode: 'relayed', custom: 1, flag: true })
  const s6: string = await sdk.createSession(null, null)
  const s7: string = await sdk.create_session('', {})
  const properties: SessionProperties = { 'p2p.preference': 'disabled' }
  const s8: string = await sdk.createSession(properties)
  void [s1, s2, s3, s4, s5, s6, s7, s8]

  // 0.3.x callbacks, `(sessionId)`: the result or undefined
  const r1: void = sdk.createSession((id) => {
    assertType<typeof id, string | undefined>(true)
  })
  const r2: void = sdk.createSession('10.1.2.3', (id) => {
    assertType<typeof id, string | undefined>(true)
  })
  const r3: void = sdk.createSession({ 'p2p.preference': 'enabled' }, (id) => {
    assertType<typeof id, string | undefined>(true)
  })
  const r4: void = sdk.createSession('10.1.2.3', { 'p2p.preference': 'enabled' }, (id) => {
    assertType<typeof id, string | undefined>(true)
  })
  const r5: void = sdk.create_session(null, undefined, () => {})
  void [r1, r2, r3, r4, r5]

  // Error-first callbacks, `(err, sessionId)`
  sdk.createSession((err, id) => {
    assertType<typeof err, OpenTokError | null>(true)
    assertType<typeof id, string | undefined>(true)
    if (err) assertType<typeof err.code, OpenTokErrorCode>(true)
  })
  sdk.createSession('10.1.2.3', (err, id) => {
    assertType<typeof err, OpenTokError | null>(true)
    assertType<typeof id, string | undefined>(true)
  })
  sdk.createSession({ mediaMode: 'routed' }, async (err, id) => {
    assertType<typeof err, OpenTokError | null>(true)
    assertType<typeof id, string | undefined>(true)
  })
  sdk.create_session('10.1.2.3', {}, (err, id) => {
    assertType<typeof err, OpenTokError | null>(true)
    assertType<typeof id, string | undefined>(true)
  })

  // util.promisify gives the promise form, bound or not
  const created: string = await promisify(sdk.createSession.bind(sdk))('10.1.2.3', {})
  const created2: string = await promisify(sdk.create_session).call(sdk, { mediaMode: 'routed' })
  const manifest: OpenTokArchive = await promisify(sdk.getArchiveManifest.bind(sdk))(archiveId, 'token')
  const url: string = await promisify(manifest.downloadArchiveURL.bind(manifest))('video')
  void [created, created2, url]

  // Callbacks held in variables, of either style or of the union
  const legacy: LegacyCallback<string> = (id) => void id
  const errorFirst: ErrorFirstCallback<string> = (err, id) => void [err, id]
  const either: Callback<string> = Math.random() < 0.5 ? legacy : errorFirst
  sdk.createSession(legacy)
  sdk.createSession(errorFirst)
  sdk.createSession(either)
  sdk.createSession('10.1.2.3', either)
  sdk.createSession('10.1.2.3', {}, either)

  // @ts-expect-error the callback must be a function
  sdk.createSession('10.1.2.3', {}, 'not a function')
  // @ts-expect-error the callback must be a function
  sdk.createSession({}, 42)
  // @ts-expect-error the location is a string
  sdk.createSession(42)
  // @ts-expect-error property values are strings, numbers or booleans
  sdk.createSession({ nested: { a: 1 } })
  // @ts-expect-error no such media mode
  sdk.createSession({ mediaMode: 'p2p' })
  // @ts-expect-error the session ID is a string, not an error
  sdk.createSession((err: Error, id: string) => void [err, id])
  // @ts-expect-error a legacy callback gets `undefined` on failure
  sdk.createSession((id: string) => void id)
  // @ts-expect-error with a callback, nothing is returned
  sdk.createSession(() => {}).then(() => {})
  sdk.createSession((err, id) => {
    // @ts-expect-error the error-first `err` is not the session ID
    const s: string = err
    void [s, id]
  })
}

async function archives(sdk: OpenTokSDK): Promise<void> {
  const token = sdk.generateToken(sessionId, { role: RoleConstants.MODERATOR })
  const archive = await sdk.getArchiveManifest(archiveId, token)
  assertType<typeof archive, OpenTokArchive>(true)
  assertType<typeof archive.archiveId, string>(true)
  assertType<typeof archive.title, string>(true)
  assertType<typeof archive.resources, OpenTokArchiveVideoResource[]>(true)
  assertType<typeof archive.timeline, Array<{ type: string; id: string; offset: string }>>(true)
  const a2: OpenTokArchive = await sdk.get_archive_manifest(archiveId, token)
  const a3: Promise<OpenTokArchive> = sdk.getArchiveManifest(archiveId, token, undefined)
  void [a2, a3]

  sdk.getArchiveManifest(archiveId, token, (result) => {
    // never undefined: a failed call gives the 0.3.x callback an empty archive
    assertType<typeof result, OpenTokArchive>(true)
    void result.resources.length
  })
  sdk.get_archive_manifest(archiveId, token, (result: OpenTokArchive) => void result.resources.length)
  sdk.get_archive_manifest(archiveId, token, (err, result) => {
    assertType<typeof err, OpenTokError | null>(true)
    assertType<typeof result, OpenTokArchive | undefined>(true)
  })
  const maybe: Callback<OpenTokArchive> | undefined = undefined
  const r: Promise<OpenTokArchive> | undefined = sdk.getArchiveManifest(archiveId, token, maybe)
  void r

  for (const video of archive.resources) {
    assertType<typeof video.vid | typeof video.id | typeof video.length | typeof video.name, string>(true)
    const id: string = video.getId()
    const url: string = await archive.downloadArchiveURL(id)
    void url
    archive.downloadArchiveURL(id, (u) => {
      assertType<typeof u, string | undefined>(true)
    })
    archive.downloadArchiveURL(id, (err, u) => {
      assertType<typeof err, OpenTokError | null>(true)
      assertType<typeof u, string | undefined>(true)
    })
    // @ts-expect-error the video ID is a string
    archive.downloadArchiveURL(42)
    // @ts-expect-error the callback must be a function
    archive.downloadArchiveURL(id, {})
  }

  // @ts-expect-error the token argument is required
  sdk.getArchiveManifest(archiveId)
  // @ts-expect-error the callback must be a function
  sdk.getArchiveManifest(archiveId, token, 'cb')
  // @ts-expect-error an archive ID is a string
  sdk.get_archive_manifest(1, token)

  // The classes, as the original exports them (also callable without `new`)
  const resource = new OpenTokArchiveVideoResource('vid', '120', 'host')
  const resource2 = OpenTokSDK.OpenTokArchiveVideoResource('vid', '118', 'guest')
  const made = new OpenTokArchive(sdk, { archiveId, token, title: 'Interview' })
  const made2 = OpenTokSDK.OpenTokArchive(sdk)
  made.addVideoResource(resource)
  made2.addVideoResource(resource2)
  const isArchive: boolean = made instanceof OpenTokArchive
  void isArchive
  // @ts-expect-error a resource, not a string
  made.addVideoResource('vid')
  // @ts-expect-error an archive belongs to an SDK object
  new OpenTokArchive()
}

function errors(err: unknown): void {
  if (err instanceof OpenTokError) {
    assertType<typeof err.code, OpenTokErrorCode>(true)
    assertType<typeof err.status, number | undefined>(true)
    assertType<typeof err.serverCode, string | undefined>(true)
    assertType<typeof err.serverMessage, string | undefined>(true)
    assertType<typeof err.name, 'OpenTokError'>(true)
    const asError: Error = err
    void asError
    switch (err.code) {
      case 'OPENTOK_AUTH':
      case 'OPENTOK_NOT_FOUND':
      case 'OPENTOK_REQUEST':
      case 'OPENTOK_SERVER':
      case 'OPENTOK_BAD_RESPONSE':
      case 'OPENTOK_NETWORK':
      case 'OPENTOK_TIMEOUT':
        break
      default: {
        const exhaustive: never = err.code
        void exhaustive
      }
    }
    // @ts-expect-error not one of the seven codes
    if (err.code === 'OPENTOK_FORBIDDEN') return
  }
  assertType<typeof OpenTokSDK.OpenTokError, typeof OpenTokError>(true)
  const made = new OpenTokError('createSession failed', { code: 'OPENTOK_TIMEOUT' })
  void made
  // @ts-expect-error not one of the seven codes
  new OpenTokError('x', { code: 'ETIMEDOUT' })
}

void [constructing, roles, tokens, sessions, archives, errors]
