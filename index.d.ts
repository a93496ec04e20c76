// Type definitions for opentok-native: the opentok 0.3.x API, typed.

/** Token roles. */
export declare const RoleConstants: Readonly<{
  SUBSCRIBER: 'subscriber'
  PUBLISHER: 'publisher'
  MODERATOR: 'moderator'
}>
export type Role = (typeof RoleConstants)[keyof typeof RoleConstants]

export interface SDKOptions {
  /** Endpoint: a bare `host[:port]` (HTTPS) or a full http(s) URL with an optional path prefix. */
  apiUrl?: string
  /** Bound on each whole REST call, in milliseconds (default 20000). */
  timeout?: number
  /** Extra trusted CA certificate(s), PEM. */
  ca?: string | Buffer
}

export interface TokenOptions {
  session_id?: string
  sessionId?: string
  session?: string
  role?: Role
  /** Whole Unix seconds, in the future, at most 30 days after create_time. */
  expire_time?: number | string
  /** At most 1000 characters. */
  connection_data?: string
  /** Whole Unix seconds; defaults to now. Fix it (with nonce) for reproducible tokens. */
  create_time?: number | string
  /** Defaults to a random integer below 999999. */
  nonce?: number | string
  /** Any other option is passed through into the token, as the original does. */
  [option: string]: unknown
}

export type SessionPropertyValue = string | number | boolean
export interface SessionProperties {
  /** `relayed` sends `p2p.preference=enabled`, `routed` sends `disabled`. */
  mediaMode?: 'relayed' | 'routed'
  'p2p.preference'?: 'enabled' | 'disabled'
  [property: string]: SessionPropertyValue | undefined
}

/** Error-first callback: `(err, result)`. */
export type ErrorFirstCallback<T> = (err: OpenTokError | null, result?: T) => void
/** The 0.3.x callback: `(result)`; on failure it gets `undefined` and the error is emitted as a process warning. */
export type LegacyCallback<T> = (result: T | undefined) => void
export type Callback<T> = ErrorFirstCallback<T> | LegacyCallback<T>

export type OpenTokErrorCode =
  | 'OPENTOK_AUTH'
  | 'OPENTOK_NOT_FOUND'
  | 'OPENTOK_SERVER'
  | 'OPENTOK_BAD_RESPONSE'
  | 'OPENTOK_NETWORK'
  | 'OPENTOK_TIMEOUT'

/** A failed REST call. */
export declare class OpenTokError extends Error {
  readonly name: 'OpenTokError'
  readonly code: OpenTokErrorCode
  /** The HTTP status, when an answer came. */
  readonly status?: number
  /** `code` of the server's Errors document, when it sent one. */
  readonly serverCode?: string
  /** `message` of the server's Errors document, when it sent one. */
  readonly serverMessage?: string
}

export interface TimelineEvent {
  type: string
  id: string
  offset: string
}

export declare class OpenTokArchiveVideoResource {
  constructor(vid: string, length: string, name: string)
  vid: string
  id: string
  length: string
  name: string
  getId(): string
}

export declare class OpenTokArchive {
  archiveId: string
  title: string
  resources: OpenTokArchiveVideoResource[]
  timeline: TimelineEvent[]
  addVideoResource(resource: OpenTokArchiveVideoResource): void
  /** The download URL (FLV) of one video of this archive. */
  downloadArchiveURL(videoId: string): Promise<string>
  downloadArchiveURL(videoId: string, callback: Callback<string>): void
}

export declare class OpenTokSDK {
  constructor(apiKey: string | number, apiSecret: string, options?: SDKOptions)
  static readonly RoleConstants: typeof RoleConstants
  static readonly OpenTokArchive: typeof OpenTokArchive
  static readonly OpenTokArchiveVideoResource: typeof OpenTokArchiveVideoResource
  static readonly OpenTokError: typeof OpenTokError

  /** The API key, as given. */
  partnerId: string | number
  /** The API secret: readable, never enumerable. */
  readonly partnerSecret: string
  /** Assigned value, else OPENTOK_API_URL, else 'api.opentok.com'. */
  api_url: string
  /** The last session this object created (or one you assign). */
  sessionId: string | undefined

  generateToken(options?: TokenOptions): string
  generateToken(sessionId: string, options?: TokenOptions): string
  generate_token(options?: TokenOptions): string
  generate_token(sessionId: string, options?: TokenOptions): string

  createSession(): Promise<string>
  createSession(location: string): Promise<string>
  createSession(properties: SessionProperties): Promise<string>
  createSession(location: string | undefined, properties: SessionProperties): Promise<string>
  createSession(callback: Callback<string>): void
  createSession(location: string, callback: Callback<string>): void
  createSession(properties: SessionProperties, callback: Callback<string>): void
  createSession(location: string | undefined, properties: SessionProperties, callback: Callback<string>): void
  create_session: OpenTokSDK['createSession']

  getArchiveManifest(archiveId: string, token: string): Promise<OpenTokArchive>
  getArchiveManifest(archiveId: string, token: string, callback: Callback<OpenTokArchive>): void
  get_archive_manifest: OpenTokSDK['getArchiveManifest']
}
