// CommonJS consumers: `import x = require(...)` and a plain require().

import opentok = require('opentok-native')

import { type OpenTokSDK, RoleConstants } from 'opentok-native'

type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false
function assertType<A, B>(_same: Equal<A, B>): void {}

assertType<typeof opentok.OpenTokSDK, typeof OpenTokSDK>(true)
const required: typeof opentok = require('opentok-native')

const sdk: opentok.OpenTokSDK = new opentok.OpenTokSDK(12345678, 'secret', { timeout: 1000 })
const token: string = sdk.generate_token({ session_id: 'x', role: RoleConstants.SUBSCRIBER })
const options: opentok.TokenOptions = { role: 'publisher' }
sdk.createSession('10.1.2.3', (sessionId) => {
  assertType<typeof sessionId, string | undefined>(true)
})
void [required, token, options]

// @ts-expect-error no such role
const bad: opentok.Role = 'owner'
// @ts-expect-error the module has no default export under CommonJS
opentok.default
