'use strict'

// The SDK object for a command, from the same environment variables as the
// SDK: OPENTOK_API_KEY, OPENTOK_API_SECRET (OPENTOK_API_URL the SDK reads itself).

const { CliError } = require('./errors.js')

const KEY = 'OPENTOK_API_KEY'
const SECRET = 'OPENTOK_API_SECRET'

/** The variables of KEY and SECRET that are unset or empty in `env`. */
const missingIn = (env) => [KEY, SECRET].filter((name) => !env[name])

/**
 * An OpenTokSDK with the credentials of `env`. When one is missing: null if
 * `need` is 'optional', else a CliError naming the variables.
 * @param {'required' | 'optional'} need
 * @param {NodeJS.ProcessEnv} env
 * @param {Function} OpenTokSDK
 */
function sdkFromEnv(need, env, OpenTokSDK) {
  const missing = missingIn(env)
  if (missing.length === 0) return new OpenTokSDK(env[KEY], env[SECRET])
  if (need === 'optional') return null
  const which = missing.length === 1 ? `${missing[0]} is not set; ` : ''
  throw new CliError(`missing credentials: ${which}set ${KEY} and ${SECRET}`)
}

module.exports = { sdkFromEnv }
