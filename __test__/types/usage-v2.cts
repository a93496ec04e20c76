// The 2.x surface as code written against @types/opentok 2.14 uses it
// (`import OpenTok = require(...)`, its type names, its callback shapes),
// then the promise forms only opentok-native has.

import OpenTok = require('opentok-native')

type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false
function assertType<A, B>(_same: Equal<A, B>): void {}

// ------------------------------------------------ as @types/opentok code writes it

const env: OpenTok.Env = { apiUrl: 'http://127.0.0.1:9000', timeout: 5000 }
const opentok = new OpenTok('46123456', 'secret', env)
const sessionOptions: OpenTok.SessionOptions = { mediaMode: 'routed', archiveMode: 'always', location: '10.0.0.1' }

opentok.createSession(sessionOptions, (error: Error | null, session?: OpenTok.Session) => {
  if (error || !session) return
  const id: string = session.sessionId
  const tokenOptions: OpenTok.TokenOptions2 = {
    role: 'moderator',
    data: 'x',
    expireTime: 1,
    initialLayoutClassList: ['a'],
  }
  const token: OpenTok.Token = opentok.generateToken(id, tokenOptions)
  void token
})

const archiveOptions: OpenTok.ArchiveOptions = {
  name: 'n',
  hasAudio: true,
  outputMode: 'composed',
  layout: { type: 'bestFit' },
}
opentok.startArchive('S', archiveOptions, (error: Error | null, archive?: OpenTok.Archive) => {
  if (error || !archive) return
  const status: OpenTok.ArchiveStatus = archive.status
  archive.stop((err: Error | null, stopped?: OpenTok.Archive) => void [err, stopped])
  archive.delete((err: Error | null) => void err)
  void status
})
opentok.stopArchive('A', (error: Error | null, archive?: OpenTok.Archive) => void [error, archive])
opentok.getArchive('A', (error: Error | null, archive?: OpenTok.Archive) => void [error, archive])
opentok.deleteArchive('A', (error: Error | null) => void error)
const list: OpenTok.ListArchivesOptions = { count: 10, offset: 0, sessionId: 'S' }
opentok.listArchives(list, (error: Error | null, archives?: OpenTok.Archive[], totalCount?: number) => {
  void [error, archives, totalCount]
})
const patch: OpenTok.PatchStream = { hasAudio: true, hasVideo: false }
opentok.addArchiveStream('A', 'ST', patch, (error: Error | null) => void error)
opentok.removeArchiveStream('A', 'ST', patch, (error: Error | null) => void error)
opentok.setArchiveLayout('A', 'custom', 'stream { }', (error: Error | null) => void error)
opentok.setArchiveLayout('A', 'bestFit', null, (error: Error | null) => void error)
const signal: OpenTok.SignalOptions = { type: 'chat', data: 'hello' }
opentok.signal('S', null, signal, (error: Error | null) => void error)
opentok.signal('S', 'C', signal, (error: Error | null) => void error)
opentok.forceDisconnect('S', 'C', (error: Error | null) => void error)
opentok.getStream('S', 'ST', (error: Error | null, stream?: OpenTok.Stream) => void [error, stream?.videoType])
opentok.listStreams('S', (error: Error | null, streams?: OpenTok.Stream[]) => void [error, streams])
opentok.setStreamClassLists('S', [{ id: 'ST', layoutClassList: ['full'] }], (error: Error | null) => void error)

// ------------------------------------------------ what only opentok-native has

async function promises(ot: OpenTok): Promise<void> {
  const session = await ot.createSession()
  assertType<typeof session, OpenTok.Session>(true)
  const t1: string = session.generateToken({ role: 'publisheronly' }, true)
  const archive = await ot.startArchive(session.sessionId)
  const { archives, totalCount } = await ot.listArchives({ sessionId: session.sessionId })
  assertType<typeof archives, OpenTok.Archive[]>(true)
  assertType<typeof totalCount, number>(true)
  assertType<Awaited<ReturnType<typeof archive.stop>>, OpenTok.Archive>(true)
  await ot.forceMuteAll(session.sessionId, { excludedStreamIds: ['a'] })
  await ot.forceMuteStream(session.sessionId, 'ST')
  await ot.disableForceMute(session.sessionId)
  const streams: OpenTok.Stream[] = await ot.listStreams(session.sessionId)
  void [t1, streams]
  try {
    await ot.getArchive('A')
  } catch (err) {
    if (err instanceof OpenTok.NotFoundError) {
      assertType<typeof err.name, 'NotFoundError'>(true)
      const status: number | undefined = err.status
      void status
    }
  }
}
void promises

const sdk: OpenTok.OpenTokSDK = new OpenTok.OpenTokSDK(1, 'secret')
void sdk

// @ts-expect-error no such role
opentok.generateToken('S', { role: 'owner' })
async function misuse(): Promise<void> {
  // @ts-expect-error listArchives' promise is an object, not an array
  const wrong: OpenTok.Archive[] = await opentok.listArchives()
  void wrong
}
void misuse
// @ts-expect-error a signal needs its data
opentok.signal('S', null, { type: 'chat' })
// @ts-expect-error the 2.x kinds are classes of the module
new OpenTok.SipError('x')
