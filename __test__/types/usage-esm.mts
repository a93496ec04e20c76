// The ESM entry as a consumer imports it: default, named and namespace imports.

import type * as namespace from 'opentok-native'
import opentok, { type OpenTokArchive, type OpenTokError, OpenTokSDK, type RoleConstants } from 'opentok-native'

type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false
function assertType<A, B>(_same: Equal<A, B>): void {}

// The default export is the whole module object, with the named exports on it.
assertType<typeof opentok.OpenTokSDK, typeof OpenTokSDK>(true)
assertType<typeof opentok.RoleConstants, typeof RoleConstants>(true)
assertType<typeof opentok.OpenTokError, typeof OpenTokError>(true)
assertType<typeof namespace.OpenTokSDK, typeof OpenTokSDK>(true)

const sdk = new opentok.OpenTokSDK('12345678', 'secret')
const sdk2 = OpenTokSDK('12345678', 'secret')
const token: string = sdk.generateToken('1_MX4xMjM0NTY3OH4', { role: opentok.RoleConstants.MODERATOR })
const valid: boolean = sdk2.verifyToken(token)
const archive: OpenTokArchive = await sdk.getArchiveManifest('archive', token)
const sessionId: string = await sdk.createSession({ mediaMode: 'routed' })
sdk.createSession((err, id) => {
  assertType<typeof err, OpenTokError | null>(true)
  assertType<typeof id, string | undefined>(true)
})
void [valid, archive, sessionId]

// @ts-expect-error a role is a string
sdk.generateToken({ role: true })
// @ts-expect-error no such export
opentok.OpenTok
