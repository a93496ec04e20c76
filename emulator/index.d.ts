import type { IncomingHttpHeaders } from 'node:http'

export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number
  /** Address to listen on; '127.0.0.1' by default. */
  host?: string
  /** Primary API key; a random 8-digit string when not given. Give it with `apiSecret`. */
  apiKey?: string | number
  /** Secret of the primary API key; 40 random hex digits when not given. */
  apiSecret?: string
  /**
   * Serve HTTPS (node:https) with this PEM private key and certificate (or
   * chain, leaf first); `url` and the download URLs then start with https://.
   */
  tls?: { key: string | Buffer; cert: string | Buffer }
  /**
   * Milliseconds added to the host clock to give the emulator's "now", used
   * for every time check and for the Date header of every answer; 0 by
   * default. Negative puts the emulator behind the client.
   */
  clockSkewMs?: number
  /** How long a stopped v2 archive takes to become available, in ms of the emulator's clock; 0 by default. */
  archiveReadyMs?: number
}

export interface ArchiveVideo {
  id: string
  /** Seconds. */
  length: number
  name: string
}

export interface TimelineEvent {
  /** e.g. 'RECORD_START', 'RECORD_STOP' */
  type: string
  /** The video the event is about. */
  id: string
  /** Seconds from the start of the archive. */
  offset: number
}

/** An OpenTok 1.0 archive for the 0.3.x routes (manifest, URL, FLV download). */
export interface ArchiveSpec {
  /** A random UUID when not given. */
  archiveId?: string
  title: string
  /** Each video's `id` is a random UUID when not given. */
  videos?: Array<{ id?: string; length: number; name: string }>
  /** RECORD_START at 0 and RECORD_STOP at its length for each video when not given. */
  timeline?: TimelineEvent[]
  /** The owner; must be registered. The primary API key when not given. */
  apiKey?: string | number
}

export interface Archive {
  archiveId: string
  title: string
  apiKey: string
  videos: ArchiveVideo[]
  timeline: TimelineEvent[]
}

export type ArchiveStatus = 'started' | 'stopped' | 'available' | 'deleted'

export interface ArchiveLayout {
  type: 'bestFit' | 'pip' | 'verticalPresentation' | 'horizontalPresentation' | 'focus' | 'custom'
  /** Only with type 'custom'. */
  stylesheet?: string
  /** Only with type 'bestFit'. */
  screenshareType?: 'bestFit' | 'pip' | 'verticalPresentation' | 'horizontalPresentation'
}

/** A v2 archive as GET /v2/project/<apiKey>/archive/<id> answers it, plus what only the emulator shows. */
export interface ArchiveV2 {
  /** A random UUID. */
  id: string
  /** 'stopped' turns 'available' `archiveReadyMs` after the stop; deleted archives stay, out of the lists. */
  status: ArchiveStatus
  name: string | null
  /** '' while started, then 'user initiated'. */
  reason: string
  sessionId: string
  /** The API key; a number when it is all digits. */
  projectId: string | number
  partnerId: string | number
  /** Ms since the epoch, at the emulator's clock. */
  createdAt: number
  updatedAt: number
  /** Bytes of the download once available, else 0. */
  size: number
  /** Seconds between start and stop; 0 while started. */
  duration: number
  outputMode: 'composed' | 'individual'
  hasAudio: boolean
  hasVideo: boolean
  /** null for individual archives. */
  resolution: string | null
  streamMode: 'auto' | 'manual'
  /** Hex SHA-256 of the download once available, else null. */
  sha256sum: string | null
  password: ''
  /** `<url>/v2/archive-download/<id>/archive.mp4` (archive.zip when individual) once available, else null. */
  url: string | null
  /** The streams a started manual-mode archive records, else []. */
  streams: Array<{ streamId: string; hasAudio: boolean; hasVideo: boolean }>
  /** Not in the REST answers: the layout set at start or by PUT .../layout ({ type: 'bestFit' } by default). */
  layout: ArchiveLayout
  /** Not in the REST answers. */
  multiArchiveTag: string | null
}

export type FaultRoute =
  /** POST /hl/session/create and POST /session/create */
  | 'createSession'
  | 'manifest'
  | 'url'
  | 'download'
  | 'startArchive'
  | 'stopArchive'
  | 'getArchive'
  | 'listArchives'
  | 'deleteArchive'
  | 'setArchiveLayout'
  | 'patchArchiveStreams'
  /** GET /v2/archive-download/<archiveId>/<file> */
  | 'archiveDownload'
  /** To the whole session and to one connection. */
  | 'signal'
  | 'forceDisconnect'
  | 'getStream'
  | 'listStreams'
  | 'setStreamClassLists'
  /** One stream, and the whole session. */
  | 'forceMute'
  | '*'

/**
 * `delayMs` and `times` combine with at most one of the other fields. Faults
 * answer in the route's own content type: text/xml on the 0.3.x routes,
 * application/json on the v2 ones, JSON or XML by Accept on POST
 * /session/create, video/mp4 on archiveDownload.
 */
export interface FaultSpec {
  /** Wait this long first; alone, the route then answers normally. */
  delayMs?: number
  /** Apply to the next `times` matching requests only; every one when not given. */
  times?: number
  /** Answer with this status and `body` (default empty) of `contentType` (default: the route's). */
  status?: number
  body?: string
  contentType?: string
  /** Send the headers and part of the body, then destroy the socket. */
  reset?: true
  /** Send the headers and part of the body, then never finish. */
  hang?: true
  /** Answer 200 with a body that does not parse (XML, JSON or MP4). */
  malformed?: true
  /** Answer 200 with a body of this many bytes, streamed. */
  largeBodyBytes?: number
  /** Answer 302 with this Location. */
  redirect?: string
}

export interface RecordedRequest {
  method: string
  /** The request target as sent, query string included. */
  path: string
  /** Lower-cased names, as Node parses them. */
  headers: IncomingHttpHeaders
  body: string
}

export interface RecordedSession {
  sessionId: string
  apiKey: string
  /** The `location` form field, null when it was not sent. */
  location: string | null
  /**
   * The form fields the service does not read: on the 0.3.x wire every one
   * but `partner_id` and `location` (e.g. { 'p2p.preference': 'enabled' });
   * today every one but location, p2p.preference, archiveMode and e2ee.
   */
  properties: Record<string, string>
  /**
   * Not enumerable, like the three below, so that records keep deep-equalling
   * the four fields above: 'routed' when p2p.preference is 'disabled'.
   */
  readonly mediaMode: 'relayed' | 'routed'
  /** 'manual' on the 0.3.x wire. */
  readonly archiveMode: 'manual' | 'always'
  readonly e2ee: boolean
  /** 'legacy' from POST /hl/session/create (1_ IDs), 'current' from POST /session/create (2_ IDs). */
  readonly wire: 'legacy' | 'current'
}

export interface RecordedSignal {
  sessionId: string
  /** null when sent to every client of the session. */
  connectionId: string | null
  /** null when not given. */
  type: string | null
  data: string
}

export interface RecordedDisconnect {
  sessionId: string
  connectionId: string
}

export interface RecordedMute {
  sessionId: string
  /** null when muting the whole session. */
  streamId: string | null
  /** false lifts a session-wide mute; always true for one stream. */
  active: boolean
  /** [] for one stream. */
  excludedStreamIds: string[]
}

/** What the client hooks throw when the service would refuse the client. */
export interface EmulatorHookError extends Error {
  code: 'INVALID_TOKEN' | 'UNKNOWN_SESSION' | 'UNKNOWN_CONNECTION' | 'CANNOT_PUBLISH'
}

export interface PublishOptions {
  /** '' by default. */
  name?: string
  /** 'camera' by default. */
  videoType?: 'camera' | 'screen' | 'custom'
  /** [] by default. */
  layoutClassList?: string[]
}

export interface Emulator {
  /** Base URL, e.g. 'http://127.0.0.1:45678' ('https://...' with the `tls` option). */
  readonly url: string
  readonly apiKey: string
  readonly apiSecret: string
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[]
  /** Every session created, on either wire, oldest first. */
  readonly sessions: RecordedSession[]
  /** Every signal sent through the REST API, oldest first. */
  readonly signals: RecordedSignal[]
  /** Every forced disconnection, oldest first (not clients that left by `disconnect`). */
  readonly disconnects: RecordedDisconnect[]
  /** Every forced mute, of one stream or of a session, oldest first. */
  readonly mutes: RecordedMute[]
  /** A fresh snapshot of every v2 archive at the emulator's clock, oldest first, deleted ones included. */
  readonly archivesV2: ArchiveV2[]
  /** Accepts another API key / secret pair. Throws if the key is already registered. */
  addCredentials(apiKey: string | number, apiSecret: string): void
  /** Registers an OpenTok 1.0 archive and returns it with its IDs filled in. */
  addArchive(spec: ArchiveSpec): Archive
  /**
   * A client connects with a T1 or JWT client token, checked as the service
   * does (signature, expiry at the emulator's clock, role) to a session the
   * emulator created for the token's key. The first client of an
   * archiveMode 'always' session starts its archive.
   * @param options.data the connection data; the token's connection_data by default
   * @returns the connection ID
   * @throws {EmulatorHookError} INVALID_TOKEN (the reason as message) or UNKNOWN_SESSION
   */
  connect(token: string, options?: { data?: string }): string
  /**
   * A connected client publishes a stream.
   * @returns the stream ID
   * @throws {EmulatorHookError} UNKNOWN_CONNECTION, or CANNOT_PUBLISH for a subscriber
   */
  publish(connectionId: string, options?: PublishOptions): string
  /**
   * A connected client leaves; its streams go with it.
   * @throws {EmulatorHookError} UNKNOWN_CONNECTION
   */
  disconnect(connectionId: string): void
  /** Makes requests to `route` misbehave; faults match in the order they were added. */
  fault(route: FaultRoute, spec: FaultSpec): void
  clearFaults(): void
  /** Sets the milliseconds added to the host clock (see `clockSkewMs`). */
  setClockSkew(skewMs: number): void
  /** Stops listening and destroys open connections, keep-alive ones included. */
  close(): Promise<void>
}

/** Starts an emulator of the OpenTok REST API. */
export function startEmulator(options?: EmulatorOptions): Promise<Emulator>
