// ESM entry: the same module as index.js, with named exports and a default.
import opentok from './index.js'

export const { OpenTokSDK, RoleConstants, OpenTokError, OpenTokArchive, OpenTokArchiveVideoResource } = opentok
export default opentok
