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

export type FaultRoute = 'createSession' | 'manifest' | 'url' | 'download' | '*'

/** `delayMs` and `times` combine with at most one of the other fields. */
export interface FaultSpec {
  /** Wait this long first; alone, the route then answers normally. */
  delayMs?: number
  /** Apply to the next `times` matching requests only; every one when not given. */
  times?: number
  /** Answer with this status and `body` (default empty) of `contentType` (default 'text/xml'). */
  status?: number
  body?: string
  contentType?: string
  /** Send the headers and part of the body, then destroy the socket. */
  reset?: true
  /** Send the headers and part of the body, then never finish. */
  hang?: true
  /** Answer 200 with a malformed XML body. */
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
  /** Every other form field but `partner_id`, e.g. { 'p2p.preference': 'enabled' }. */
  properties: Record<string, string>
}

export interface Emulator {
  /** Base URL, e.g. 'http://127.0.0.1:45678' ('https://...' with the `tls` option). */
  readonly url: string
  readonly apiKey: string
  readonly apiSecret: string
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[]
  /** Every session created, oldest first. */
  readonly sessions: RecordedSession[]
  /** Accepts another API key / secret pair. Throws if the key is already registered. */
  addCredentials(apiKey: string | number, apiSecret: string): void
  /** Registers an archive and returns it with its IDs filled in. */
  addArchive(spec: ArchiveSpec): Archive
  /** Makes requests to `route` misbehave; faults match in the order they were added. */
  fault(route: FaultRoute, spec: FaultSpec): void
  clearFaults(): void
  /** Stops listening and destroys open connections, keep-alive ones included. */
  close(): Promise<void>
}

/** Starts an emulator of the OpenTok REST API. */
export function startEmulator(options?: EmulatorOptions): Promise<Emulator>
