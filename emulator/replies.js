'use strict'

/** @typedef {{ status: number, contentType?: string, body: string | Buffer }} Reply */

/** @type {(status: number, value: unknown) => Reply} */
const json = (status, value) => ({ status, contentType: 'application/json', body: JSON.stringify(value) })

/** @type {(body: string) => Reply} */
const xml = (body) => ({ status: 200, contentType: 'text/xml', body })

/** @type {(status?: number) => Reply} an answer without a body */
const empty = (status = 204) => ({ status, body: '' })

module.exports = { json, xml, empty }
