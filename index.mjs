// ESM entry: the same module as index.js (the 2.x constructor) as the
// default export, and its properties as named exports.
import opentok from './index.js'

export const {
  OpenTokSDK,
  RoleConstants,
  OpenTokError,
  OpenTokArchive,
  OpenTokArchiveVideoResource,
  ArgumentError,
  AuthError,
  ArchiveError,
  SignalError,
  ForceDisconnectError,
  RequestError,
  NotFoundError,
} = opentok
export default opentok
