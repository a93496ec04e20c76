// Type definitions for opentok-native: the opentok 2.x API and the 0.3.x API, typed.
//
// The module is CommonJS: `module.exports` is the 2.x constructor `OpenTok`,
// carrying the 0.3.x surface (`OpenTokSDK`, `RoleConstants`, ...) and the 2.x
// error kinds as properties. Its ESM entry (index.mjs) re-exports it as the
// default export and its properties as named exports. A class merged with a
// namespace, then `export =`, describes exactly that: `require(...)`,
// `import x = require(...)`, named imports and, from ESM (or with
// esModuleInterop), `import OpenTok from 'opentok-native'`. Code written
// against @types/opentok 2.14 compiles against it.

/**
 * The opentok 2.x client: `new OpenTok(apiKey, apiSecret[, apiUrl | env])`,
 * also callable without `new`. Every REST call takes 2.x's error-first
 * callback and returns a promise when it is left out. Failures are
 * `OpenTokError`s of one of the 2.x kinds (`AuthError`, `NotFoundError`,
 * `ArchiveError`, `SignalError`, `ForceDisconnectError`, `RequestError`,
 * `ArgumentError`).
 */
declare class opentok {
  /** Throws an `ArgumentError` when the key is not a string or number or the secret not a string. */
  constructor(apiKey: string | number, apiSecret: string, env?: string | opentok.Env)
  readonly apiKey: string
  /** The endpoint, fixed at construction (default `https://api.opentok.com`). */
  readonly apiUrl: string
  /** Readable, as in 2.x; not an own property (never serialised). */
  readonly apiSecret: string

  createSession(callback: opentok.Callback2<opentok.Session>): void
  createSession(options: opentok.SessionOptions | null | undefined, callback: opentok.Callback2<opentok.Session>): void
  createSession(options?: opentok.SessionOptions | null): Promise<opentok.Session>

  /** A JWT client token, or a T1 token when `generateT1Token` is true. Throws an `ArgumentError`. */
  generateToken(sessionId: string, options?: opentok.TokenOptions2 | null, generateT1Token?: boolean): opentok.Token

  startArchive(sessionId: string, callback: opentok.Callback2<opentok.Archive>): void
  startArchive(
    sessionId: string,
    options: opentok.ArchiveOptions | null | undefined,
    callback: opentok.Callback2<opentok.Archive>,
  ): void
  startArchive(sessionId: string, options?: opentok.ArchiveOptions | null): Promise<opentok.Archive>
  stopArchive(archiveId: string, callback: opentok.Callback2<opentok.Archive>): void
  stopArchive(archiveId: string): Promise<opentok.Archive>
  getArchive(archiveId: string, callback: opentok.Callback2<opentok.Archive>): void
  getArchive(archiveId: string): Promise<opentok.Archive>
  deleteArchive(archiveId: string, callback: opentok.VoidCallback2): void
  deleteArchive(archiveId: string): Promise<void>
  listArchives(callback: opentok.ListArchivesCallback): void
  listArchives(options: opentok.ListArchivesOptions | null | undefined, callback: opentok.ListArchivesCallback): void
  listArchives(options?: opentok.ListArchivesOptions | null): Promise<opentok.ArchiveList>
  addArchiveStream(archiveId: string, streamId: string, callback: opentok.VoidCallback2): void
  addArchiveStream(
    archiveId: string,
    streamId: string,
    options: opentok.PatchStream | null | undefined,
    callback: opentok.VoidCallback2,
  ): void
  addArchiveStream(archiveId: string, streamId: string, options?: opentok.PatchStream | null): Promise<void>
  removeArchiveStream(archiveId: string, streamId: string, callback: opentok.VoidCallback2): void
  /** The 4-argument form @types/opentok declares; the options are ignored. */
  removeArchiveStream(
    archiveId: string,
    streamId: string,
    options: opentok.PatchStream,
    callback: opentok.VoidCallback2,
  ): void
  removeArchiveStream(archiveId: string, streamId: string): Promise<void>
  setArchiveLayout(
    archiveId: string,
    type: opentok.LayoutType,
    stylesheet: string | null | undefined,
    callback: opentok.VoidCallback2,
  ): void
  setArchiveLayout(
    archiveId: string,
    type: opentok.LayoutType,
    stylesheet: string | null | undefined,
    screenshareType: opentok.ScreenshareType | null | undefined,
    callback: opentok.VoidCallback2,
  ): void
  setArchiveLayout(archiveId: string, type: opentok.LayoutType, callback: opentok.VoidCallback2): void
  setArchiveLayout(
    archiveId: string,
    type: opentok.LayoutType,
    stylesheet?: string | null,
    screenshareType?: opentok.ScreenshareType | null,
  ): Promise<void>

  signal(
    sessionId: string,
    connectionId: string | null | undefined,
    payload: opentok.SignalOptions,
    callback: opentok.VoidCallback2,
  ): void
  signal(sessionId: string, connectionId: string | null | undefined, payload: opentok.SignalOptions): Promise<void>
  forceDisconnect(sessionId: string, connectionId: string, callback: opentok.VoidCallback2): void
  forceDisconnect(sessionId: string, connectionId: string): Promise<void>
  forceMuteStream(sessionId: string, streamId: string, callback: opentok.VoidCallback2): void
  forceMuteStream(sessionId: string, streamId: string): Promise<void>
  forceMuteAll(sessionId: string, callback: opentok.VoidCallback2): void
  forceMuteAll(
    sessionId: string,
    options: opentok.ForceMuteAllOptions | null | undefined,
    callback: opentok.VoidCallback2,
  ): void
  forceMuteAll(sessionId: string, options?: opentok.ForceMuteAllOptions | null): Promise<void>
  disableForceMute(sessionId: string, callback: opentok.VoidCallback2): void
  disableForceMute(sessionId: string): Promise<void>

  getStream(sessionId: string, streamId: opentok.StreamId, callback: opentok.Callback2<opentok.Stream>): void
  getStream(sessionId: string, streamId: opentok.StreamId): Promise<opentok.Stream>
  listStreams(sessionId: string, callback: opentok.Callback2<opentok.Stream[]>): void
  listStreams(sessionId: string): Promise<opentok.Stream[]>
  setStreamClassLists(
    sessionId: string,
    classListArray: ReadonlyArray<opentok.StreamClassList>,
    callback: opentok.VoidCallback2,
  ): void
  setStreamClassLists(sessionId: string, classListArray: ReadonlyArray<opentok.StreamClassList>): Promise<void>
}

declare namespace opentok {
  // ---------------------------------------------------------------- roles

  /** A token role. */
  type Role = 'subscriber' | 'publisher' | 'moderator'

  /**
   * What `role` takes: any string, so a role read from a request or config
   * compiles, while editors still offer the three roles. The runtime
   * refuses (RangeError) any other string, as the service would.
   */
  type RoleName = Role | (string & {})

  /** The token roles (a frozen object). */
  const RoleConstants: {
    readonly SUBSCRIBER: 'subscriber'
    readonly PUBLISHER: 'publisher'
    readonly MODERATOR: 'moderator'
  }

  // ---------------------------------------------------------------- options

  interface SDKOptions {
    /**
     * Endpoint: a bare `host[:port]` (HTTPS) or a full `http://` / `https://`
     * URL with an optional path prefix. Default: `OPENTOK_API_URL`, else
     * `'api.opentok.com'`.
     */
    apiUrl?: string | undefined
    /** Bound on each whole REST call, in milliseconds (1 to 2147483647; default 20000). */
    timeout?: number | undefined
    /**
     * The CA certificate(s) to trust instead of Node's default roots, as
     * Node's `https` takes `ca`: PEM as a string or its bytes (any
     * ArrayBufferView), or an array of them. A self-signed server
     * certificate given here is trusted (host name and dates still checked).
     */
    ca?: PemInput | readonly PemInput[] | undefined
    /** An `http://` or `https://` proxy URL (credentials allowed) for every call, instead of HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
    proxy?: string | undefined
    /**
     * The wire: `'current'` (the default) signs REST calls with an
     * `X-OPENTOK-AUTH` JWT and reads JSON, as today's service wants;
     * `'legacy'` sends the retired 0.3.x requests, byte for byte.
     */
    protocol?: 'current' | 'legacy' | undefined
    /** `'T1'` (the default) or `'JWT'`: the JWT client token opentok-node 2.19+ makes, with the same option rules. */
    tokenFormat?: 'T1' | 'JWT' | undefined
    /**
     * How callbacks are called. `'auto'` (the default): error-first
     * `(err, result)` when the function declares two or more parameters,
     * else the 0.3.x `(result)`. `'error-first'` or `'result'`: every
     * callback that style, whatever it declares (for wrappers such as
     * `function () { ... arguments ... }`). `util.promisify` gives the
     * promise form in every style.
     */
    callbackStyle?: CallbackStyle | undefined
  }

  type CallbackStyle = 'auto' | 'error-first' | 'result'

  /** A PEM certificate (or several), as text or bytes. */
  type PemInput = string | ArrayBufferView

  interface TokenOptions {
    /** The session; else `sessionId`, else `session`, else the SDK object's `sessionId`. */
    session_id?: string | undefined
    sessionId?: string | undefined
    session?: string | undefined
    /** `'subscriber'`, `'publisher'` or `'moderator'`; default `'publisher'`. */
    role?: RoleName | undefined
    /**
     * Whole Unix seconds (a number, BigInt or string of digits), in the future, at most 30 days after
     * `create_time`: e.g. `Math.floor(Date.now() / 1000) + 3600`.
     */
    expire_time?: number | bigint | string | undefined
    /**
     * At most 1000 characters. A number, BigInt or boolean is written as its text and `null` as
     * nothing, as 0.3.x wrote them; for an object, pass `JSON.stringify(value)`.
     */
    connection_data?: string | number | bigint | boolean | null | undefined
    /** Whole Unix seconds; defaults to now. Fix it (with `nonce`) for reproducible tokens. */
    create_time?: number | bigint | string | undefined
    /** A finite number or a string; defaults to a random integer below 999999. */
    nonce?: number | string | undefined
    /** Any other option is passed through into the token, as the original does. */
    [option: string]: unknown
  }

  type SessionPropertyValue = string | number | boolean

  interface SessionProperties {
    /** `'relayed'` sends `p2p.preference=enabled`, `'routed'` sends `disabled`. Not with `p2p.preference`. */
    mediaMode?: 'relayed' | 'routed' | undefined
    'p2p.preference'?: 'enabled' | 'disabled' | undefined
    /** Every other property is sent as a form field, `String(value)`. */
    [property: string]: SessionPropertyValue | undefined
  }

  // ---------------------------------------------------------------- callbacks

  /** Error-first callback, chosen when the function declares two or more parameters. */
  type ErrorFirstCallback<T> = (err: OpenTokError | null, result?: T) => void

  /**
   * The 0.3.x callback, chosen when the function declares fewer than two
   * parameters: on failure it gets `Failed` (`undefined`, but an empty
   * `OpenTokArchive` for a manifest, as 0.3.x gave) and the error is emitted
   * as a process warning.
   */
  type LegacyCallback<T, Failed = undefined> = (result: T | Failed) => void

  /** Either callback style; the runtime tells them apart by `callback.length` (see `SDKOptions.callbackStyle`). */
  type Callback<T, Failed = undefined> = ErrorFirstCallback<T> | LegacyCallback<T, Failed>

  /**
   * Typing device only. As the contextual type of an inline function, it
   * types `(result) => ...` as a `LegacyCallback` and `(err, result) => ...`
   * as an `ErrorFirstCallback`, the way the runtime calls them. The generic
   * signature is never called: it only keeps the error-first signature from
   * typing one-parameter functions.
   */
  interface ErrorFirstCallbackContext<T> {
    (err: OpenTokError | null, result?: T): void
    <Unused extends never>(result: Unused): void
  }

  /** The parameter type of each method's first callback overload: see `ErrorFirstCallbackContext`. */
  type CallbackByArity<T, Failed = undefined> = LegacyCallback<T, Failed> | ErrorFirstCallbackContext<T>

  // ---------------------------------------------------------------- errors

  type OpenTokErrorCode =
    | 'OPENTOK_AUTH'
    | 'OPENTOK_NOT_FOUND'
    | 'OPENTOK_REQUEST'
    | 'OPENTOK_SERVER'
    | 'OPENTOK_BAD_RESPONSE'
    | 'OPENTOK_NETWORK'
    | 'OPENTOK_TIMEOUT'

  interface OpenTokErrorDetails {
    code: OpenTokErrorCode
    status?: number | undefined
    serverCode?: string | undefined
    serverMessage?: string | undefined
  }

  /** A failed REST call (rejected promise, or `err` of an error-first callback). */
  class OpenTokError extends Error {
    constructor(message: string, details: OpenTokErrorDetails)
    name: 'OpenTokError'
    /** What kind of failure. */
    code: OpenTokErrorCode
    /** The HTTP status, when an answer came. */
    status: number | undefined
    /** `code` of the server's Errors document, when it sent one. */
    serverCode: string | undefined
    /** `message` of the server's Errors document, when it sent one. */
    serverMessage: string | undefined
  }

  // ---------------------------------------------------------------- tokens

  /** The parts and fields of a T1 or JWT client token, as `OpenTokSDK.decodeToken` reads them (no signature check). */
  interface DecodedToken {
    format: 'T1' | 'JWT'
    /** The API key: a T1 token's `partner_id`, a JWT's `iss`. */
    partnerId: string
    /** T1: hex HMAC-SHA1 of `data`; JWT: the base64url HS256 signature. */
    signature: string
    /** What is signed: T1's query string, or a JWT's claims as JSON text. */
    data: string
    /** Every field of `data` (a JWT's claims, non-strings as JSON text); a T1 name given more than once maps to all its values, in order. */
    fields: Record<string, string | string[]>
    /** The first value of `session_id`, of `role`, ... or `undefined` when the token has none. */
    sessionId: string | undefined
    role: string | undefined
    /** `create_time` as a number (NaN when it is not numeric). */
    createTime: number | undefined
    /** `expire_time` as a number (NaN when it is not numeric). */
    expireTime: number | undefined
    nonce: string | undefined
    connectionData: string | undefined
  }

  // ---------------------------------------------------------------- archives

  interface TimelineEvent {
    type: string
    id: string
    offset: string
  }

  /** One video of an archive. */
  interface OpenTokArchiveVideoResource {
    vid: string
    /** The same as `vid`. */
    id: string
    length: string
    name: string
    /** `vid`. */
    getId(): string
  }

  interface OpenTokArchiveVideoResourceConstructor {
    new (vid: string, length: string, name: string): OpenTokArchiveVideoResource
    (vid: string, length: string, name: string): OpenTokArchiveVideoResource
    readonly prototype: OpenTokArchiveVideoResource
  }

  /** Also callable without `new`. */
  const OpenTokArchiveVideoResource: OpenTokArchiveVideoResourceConstructor

  /** What an archive made by hand needs to download its videos. */
  interface OpenTokArchiveDetails {
    archiveId?: string | undefined
    title?: string | undefined
    /** A moderator token for the archive's session. */
    token?: string | undefined
    /** The endpoint; the SDK object's `api_url` when not given. */
    apiUrl?: string | undefined
  }

  /** An archive's manifest, as `getArchiveManifest` resolves it. */
  interface OpenTokArchive {
    archiveId: string
    title: string
    /** Every video, in order. */
    resources: OpenTokArchiveVideoResource[]
    /** Every event, in order. */
    timeline: TimelineEvent[]
    addVideoResource(resource: OpenTokArchiveVideoResource): void

    /** The download URL of one video of this archive. */
    downloadArchiveURL: DownloadArchiveURL
  }

  interface OpenTokArchiveConstructor {
    new (sdk: OpenTokSDK, details?: OpenTokArchiveDetails): OpenTokArchive
    (sdk: OpenTokSDK, details?: OpenTokArchiveDetails): OpenTokArchive
    readonly prototype: OpenTokArchive
  }

  /** Also callable without `new`. */
  const OpenTokArchive: OpenTokArchiveConstructor

  // ---------------------------------------------------------------- callback-taking methods

  // Each carries its promise form for util.promisify (util.promisify.custom
  // at runtime, `__promisify__` for the typings of node:util), and its `bind`
  // keeps it: util.promisify(sdk.createSession.bind(sdk)) is the promise form.

  interface CreateSessionPromise {
    (location?: string | null, properties?: SessionProperties | null): Promise<string>
    (properties: SessionProperties): Promise<string>
  }

  interface CreateSession {
    (location?: string | null, properties?: SessionProperties | null): Promise<string>
    (properties: SessionProperties): Promise<string>
    (callback: CallbackByArity<string>): void
    (callback: Callback<string>): void
    (locationOrProperties: string | SessionProperties | null | undefined, callback: CallbackByArity<string>): void
    (locationOrProperties: string | SessionProperties | null | undefined, callback: Callback<string>): void
    (
      location: string | null | undefined,
      properties: SessionProperties | null | undefined,
      callback: CallbackByArity<string>,
    ): void
    (
      location: string | null | undefined,
      properties: SessionProperties | null | undefined,
      callback: Callback<string>,
    ): void
    __promisify__: CreateSessionPromise
    bind(thisArg: unknown): CreateSession
  }

  interface GetArchiveManifest {
    (archiveId: string, token: string, callback?: undefined): Promise<OpenTokArchive>
    (archiveId: string, token: string, callback: CallbackByArity<OpenTokArchive, never>): void
    (archiveId: string, token: string, callback: Callback<OpenTokArchive, never>): void
    (archiveId: string, token: string, callback?: Callback<OpenTokArchive, never>): Promise<OpenTokArchive> | undefined
    __promisify__: (archiveId: string, token: string) => Promise<OpenTokArchive>
    bind(thisArg: unknown): GetArchiveManifest
  }

  interface DownloadArchiveURL {
    (videoId: string, callback?: undefined): Promise<string>
    (videoId: string, callback: CallbackByArity<string>): void
    (videoId: string, callback: Callback<string>): void
    (videoId: string, callback?: Callback<string>): Promise<string> | undefined
    __promisify__: (videoId: string) => Promise<string>
    bind(thisArg: unknown): DownloadArchiveURL
  }

  // ---------------------------------------------------------------- the SDK

  interface OpenTokSDK {
    /** The API key, as given. */
    partnerId: string | number
    /** The API secret: readable, never enumerable, not assignable. */
    readonly partnerSecret: string
    /** Reads the assigned value, else `OPENTOK_API_URL`, else `'api.opentok.com'`; assign `undefined` to go back to those. */
    get api_url(): string
    set api_url(value: string | undefined)
    /** The last session this object created (or one you assign). */
    sessionId: string | undefined

    /**
     * A T1 token, synchronously. Throws an `Error` with code
     * `OPENTOK_INVALID_SESSION_ID` for a missing or foreign session ID, and a
     * `TypeError` / `RangeError` naming the option for a bad option.
     */
    generateToken(options?: TokenOptions): string
    generateToken(sessionId: string, options?: TokenOptions): string
    generate_token(options?: TokenOptions): string
    generate_token(sessionId: string, options?: TokenOptions): string

    /** Whether `token` is a T1 token of this API key, correctly signed (constant-time check). */
    verifyToken(token: string): boolean

    /**
     * Creates a session and resolves to its ID (also stored in `sessionId`).
     * `location` is sent only when it is an IPv4 address.
     */
    createSession: CreateSession
    /** Alias of `createSession`. */
    create_session: OpenTokSDK['createSession']

    /** Reads an archive's manifest; `token` must be a moderator token. */
    getArchiveManifest: GetArchiveManifest
    /** Alias of `getArchiveManifest`. */
    get_archive_manifest: OpenTokSDK['getArchiveManifest']
  }

  interface OpenTokSDKConstructor {
    /** Throws a `TypeError` (code `ERR_INVALID_ARG_TYPE`) for a bad key, secret or option. */
    new (apiKey: string | number, apiSecret: string, options?: SDKOptions | null): OpenTokSDK
    (apiKey: string | number, apiSecret: string, options?: SDKOptions | null): OpenTokSDK
    readonly prototype: OpenTokSDK
    readonly RoleConstants: typeof RoleConstants
    readonly OpenTokArchive: OpenTokArchiveConstructor
    readonly OpenTokArchiveVideoResource: OpenTokArchiveVideoResourceConstructor
    readonly OpenTokError: typeof OpenTokError
    /** The parts and fields of a T1 token, without checking its signature (see `verifyToken`). Throws a `TypeError` for what is not a T1 token. */
    readonly decodeToken: (token: string) => DecodedToken
  }

  /** `new OpenTokSDK(apiKey, apiSecret[, options])`; also callable without `new`. */
  const OpenTokSDK: OpenTokSDKConstructor

  // ================================================================ the 2.x surface

  /** The third argument of the constructor (a string is the apiUrl). */
  interface Env {
    apiUrl?: string | undefined
    /** Milliseconds for each whole REST call (default 20000); 2.x reads it with parseInt. */
    timeout?: number | string | undefined
    /** The CA certificate(s) to trust instead of Node's default roots (see `SDKOptions.ca`). */
    ca?: PemInput | readonly PemInput[] | undefined
    /** Accepted for 2.x code; not sent. */
    uaAddendum?: string | undefined
    /** An `http(s)://` proxy URL for every call, instead of the environment's. */
    proxy?: string | undefined
  }

  type Token = string
  type StreamId = string
  type MediaMode = 'relayed' | 'routed'
  type ArchiveMode = 'manual' | 'always'
  type OutputMode = 'composed' | 'individual'
  type ArchiveStatus = 'available' | 'expired' | 'failed' | 'paused' | 'started' | 'stopped' | 'uploaded'
  type LayoutType = 'bestFit' | 'pip' | 'verticalPresentation' | 'horizontalPresentation' | 'focus' | 'custom'
  type ScreenshareType = 'bestFit' | 'horizontalPresentation' | 'verticalPresentation' | 'pip'
  type BroadcastLayoutType = 'bestFit' | 'pip' | 'verticalPresentation' | 'horizontalPresentation' | 'focus'
  /** The roles of 2.x client tokens. */
  type TokenRole = Role | 'publisheronly'

  /** 2.x's error-first callback of a call that gives a value. */
  type Callback2<T> = (error: OpenTokError2 | null, value?: T) => void
  /** 2.x's error-first callback of a call that gives nothing. */
  type VoidCallback2 = (error: OpenTokError2 | null) => void
  type ListArchivesCallback = (error: OpenTokError2 | null, archives?: Archive[], totalCount?: number) => void

  interface SessionOptions {
    /** Default `'relayed'` (another value is read as `'relayed'`, as 2.x does). */
    mediaMode?: MediaMode | undefined
    /** Default `'manual'`; `'always'` needs `mediaMode: 'routed'`. */
    archiveMode?: ArchiveMode | undefined
    /** An IPv4 address. */
    location?: string | undefined
    e2ee?: boolean | undefined
    archiveName?: string | undefined
    archiveResolution?: string | undefined
    /** Any other property is sent as a form field, `String(value)`. */
    [property: string]: string | number | boolean | undefined
  }

  /** What createSession gives: the ID and the options it was made with. */
  interface Session {
    sessionId: string
    mediaMode: MediaMode
    archiveMode: ArchiveMode
    location?: string
    e2ee?: boolean
    [property: string]: unknown
    generateToken(options?: TokenOptions2 | null, generateT1Token?: boolean): Token
  }

  /** The options of the 2.x `generateToken`. */
  interface TokenOptions2 {
    role?: TokenRole | undefined
    /** At most 1024 characters. */
    data?: string | undefined
    /** Unix seconds (rounded), in the future. Default: 24 hours from now. */
    expireTime?: number | undefined
    /** Joined with spaces; at most 1024 characters in all. */
    initialLayoutClassList?: string[] | string | undefined
  }

  interface PredefinedArchiveLayoutOptions {
    type: 'bestFit' | 'pip' | 'verticalPresentation' | 'horizontalPresentation' | 'focus'
  }
  interface CustomArchiveLayoutOptions {
    type: 'custom'
    stylesheet: string
  }
  interface ScreenshareArchiveLayoutOptions {
    type: 'bestFit'
    screenshareType?: ScreenshareType
  }
  type ArchiveLayoutOptions =
    | PredefinedArchiveLayoutOptions
    | CustomArchiveLayoutOptions
    | ScreenshareArchiveLayoutOptions

  /** The options of startArchive, sent as given (any other key too). */
  interface ArchiveOptions {
    name?: string | undefined
    hasAudio?: boolean | undefined
    hasVideo?: boolean | undefined
    outputMode?: OutputMode | undefined
    layout?: ArchiveLayoutOptions | undefined
    resolution?: string | undefined
    streamMode?: 'auto' | 'manual' | undefined
    multiArchiveTag?: string | undefined
    [option: string]: unknown
  }

  interface ArchiveStream {
    streamId: string
    hasAudio: boolean
    hasVideo: boolean
  }

  /** An archive: every key the service sent, and stop() and delete(). */
  interface Archive {
    id: string
    status: ArchiveStatus
    name: string
    sessionId: string
    createdAt: number
    duration: number | string
    size: number
    hasAudio: boolean
    hasVideo: boolean
    outputMode: OutputMode
    reason: string
    url: string | null
    partnerId?: string | number
    projectId?: string | number
    resolution?: string
    streamMode?: 'auto' | 'manual'
    streams?: ArchiveStream[]
    [key: string]: unknown
    stop(callback: Callback2<Archive>): void
    stop(): Promise<Archive>
    delete(callback: VoidCallback2): void
    delete(): Promise<void>
  }

  interface ListArchivesOptions {
    offset?: number | string | undefined
    count?: number | string | undefined
    sessionId?: string | undefined
  }

  /** What the promise of listArchives resolves to. */
  interface ArchiveList {
    archives: Archive[]
    totalCount: number
  }

  interface PatchStream {
    hasAudio?: boolean | undefined
    hasVideo?: boolean | undefined
  }

  interface SignalOptions {
    type?: string | undefined
    data: string
    [key: string]: unknown
  }

  interface ForceMuteAllOptions {
    excludedStreamIds?: string[] | undefined
  }

  /** A stream of a session: every key the service sent. */
  interface Stream {
    id: string
    videoType: 'camera' | 'screen' | 'custom'
    name: string
    layoutClassList: string[]
    [key: string]: unknown
  }

  interface StreamClassList {
    id: string
    layoutClassList: string[]
  }

  /** What every 2.x kind carries: the fields of an OpenTokError (at run time each is one). */
  class OpenTokError2 extends Error {
    constructor(message?: string, details?: Partial<OpenTokErrorDetails>)
    /** The core's kind of failure; `'ERR_INVALID_ARG_VALUE'` for an argument refused before sending. */
    code: OpenTokErrorCode | 'ERR_INVALID_ARG_VALUE' | undefined
    status: number | undefined
    serverCode: string | undefined
    serverMessage: string | undefined
  }
  class ArgumentError extends OpenTokError2 {
    name: 'ArgumentError'
  }
  class AuthError extends OpenTokError2 {
    name: 'AuthError'
  }
  class ArchiveError extends OpenTokError2 {
    name: 'ArchiveError'
  }
  class SignalError extends OpenTokError2 {
    name: 'SignalError'
  }
  class ForceDisconnectError extends OpenTokError2 {
    name: 'ForceDisconnectError'
  }
  class RequestError extends OpenTokError2 {
    name: 'RequestError'
  }
  class NotFoundError extends OpenTokError2 {
    name: 'NotFoundError'
  }
}

export = opentok
