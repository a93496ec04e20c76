'use strict'

const { randomUUID } = require('node:crypto')

/**
 * @typedef {{ connectionId: string, sessionId: string, apiKey: string, role: string, data: string }} Connection
 * @typedef {'camera' | 'screen' | 'custom'} VideoType
 * @typedef {{ id: string, sessionId: string, connectionId: string, videoType: VideoType, name: string,
 *   layoutClassList: string[] }} Stream
 */

/** The clients connected to sessions and the streams they publish (stand-ins: no media flows). */
class Clients {
  /** @type {Map<string, Connection>} */
  #connections = new Map()
  /** @type {Map<string, Stream>} in publish order */
  #streams = new Map()

  /**
   * @param {{ sessionId: string, apiKey: string, role: string, data: string }} spec
   * @returns {Connection}
   */
  connect(spec) {
    const connection = { connectionId: randomUUID(), ...spec }
    this.#connections.set(connection.connectionId, connection)
    return connection
  }

  /**
   * @param {string} connectionId
   * @returns {Connection | undefined}
   */
  connection(connectionId) {
    return this.#connections.get(connectionId)
  }

  /**
   * @param {string} sessionId
   * @returns {number} how many clients are connected to the session
   */
  countIn(sessionId) {
    let count = 0
    for (const connection of this.#connections.values()) if (connection.sessionId === sessionId) count += 1
    return count
  }

  /**
   * Removes a client and its streams.
   * @param {string} connectionId
   * @returns {string[]} the IDs of the streams that went with it
   */
  disconnect(connectionId) {
    this.#connections.delete(connectionId)
    const gone = [...this.#streams.values()].filter((stream) => stream.connectionId === connectionId)
    for (const stream of gone) this.#streams.delete(stream.id)
    return gone.map((stream) => stream.id)
  }

  /**
   * @param {Connection} connection
   * @param {{ name: string, videoType: VideoType, layoutClassList: string[] }} spec
   * @returns {Stream}
   */
  publish(connection, spec) {
    const { connectionId, sessionId } = connection
    const stream = { id: randomUUID(), sessionId, connectionId, ...spec, layoutClassList: [...spec.layoutClassList] }
    this.#streams.set(stream.id, stream)
    return stream
  }

  /**
   * @param {string} sessionId
   * @returns {Stream[]} the session's streams, oldest first
   */
  streamsOf(sessionId) {
    return [...this.#streams.values()].filter((stream) => stream.sessionId === sessionId)
  }

  /**
   * @param {string} sessionId
   * @param {string} streamId
   * @returns {Stream | undefined} the stream when it is published in that session
   */
  stream(sessionId, streamId) {
    const stream = this.#streams.get(streamId)
    return stream?.sessionId === sessionId ? stream : undefined
  }
}

/**
 * @param {Stream} stream
 * @returns {{ id: string, videoType: VideoType, name: string, layoutClassList: string[] }} the stream as the REST API shows it
 */
function streamJson({ id, videoType, name, layoutClassList }) {
  return { id, videoType, name, layoutClassList: [...layoutClassList] }
}

module.exports = { Clients, streamJson }
