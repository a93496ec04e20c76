'use strict'

const { verifyClientToken } = require('./auth/client-token.js')
const { join, leave } = require('./presence.js')

const VIDEO_TYPES = ['camera', 'screen', 'custom']

/**
 * @param {string} code
 * @param {string} message
 * @returns {Error & { code: string }}
 */
const hookError = (code, message) => Object.assign(new Error(message), { code })

/**
 * The test hooks that stand in for clients, since no media client can
 * connect to the emulator: they connect with a real token, publish, leave.
 * @param {import('./context.js').Context} ctx
 */
function clientHooks(ctx) {
  /** @type {(connectionId: unknown) => import('./state/clients.js').Connection} */
  const connected = (connectionId) => {
    const connection = ctx.clients.connection(String(connectionId))
    if (!connection) throw hookError('UNKNOWN_CONNECTION', `No client is connected as ${connectionId}`)
    return connection
  }

  return {
    /**
     * Connects a client with a T1 or JWT client token, checked as the service does.
     * @param {string} token
     * @param {{ data?: string }} [options] the connection data; the token's connection_data by default
     * @returns {string} the connection ID
     */
    connect(token, { data } = {}) {
      if (typeof token !== 'string') throw new TypeError('The token must be a string')
      if (data !== undefined && typeof data !== 'string') throw new TypeError('data must be a string')
      const verdict = verifyClientToken(token, (key) => ctx.credentials.secretOf(key), ctx.clock.seconds())
      if (verdict.error !== undefined) throw hookError('INVALID_TOKEN', verdict.error)
      const session = ctx.sessions.owned(verdict.apiKey, verdict.sessionId)
      if (!session) {
        const message = `Session ${verdict.sessionId} was not created by this emulator for API key ${verdict.apiKey}`
        throw hookError('UNKNOWN_SESSION', message)
      }
      return join(ctx, session, verdict.role, data ?? verdict.connectionData)
    },

    /**
     * Publishes a stream from a connected client that is not a subscriber.
     * @param {string} connectionId
     * @param {{ name?: string, videoType?: 'camera' | 'screen' | 'custom', layoutClassList?: string[] }} [options]
     * @returns {string} the stream ID
     */
    publish(connectionId, { name = '', videoType = 'camera', layoutClassList = [] } = {}) {
      const connection = connected(connectionId)
      if (connection.role === 'subscriber') throw hookError('CANNOT_PUBLISH', 'A subscriber cannot publish')
      if (typeof name !== 'string') throw new TypeError('name must be a string')
      if (!VIDEO_TYPES.includes(videoType)) throw new TypeError(`videoType must be one of ${VIDEO_TYPES.join(', ')}`)
      if (!Array.isArray(layoutClassList) || !layoutClassList.every((item) => typeof item === 'string')) {
        throw new TypeError('layoutClassList must be an array of strings')
      }
      return ctx.clients.publish(connection, { name, videoType, layoutClassList }).id
    },

    /**
     * The client leaves; its streams go.
     * @param {string} connectionId
     */
    disconnect(connectionId) {
      leave(ctx, connected(connectionId).connectionId)
    },
  }
}

module.exports = { clientHooks }
