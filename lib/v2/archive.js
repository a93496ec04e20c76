'use strict'

// The Archive of the 2.x surface: every key the service sent, and stop()
// and delete(), which reach the OpenTok object through a WeakMap.

const { ownerOf, setOwner } = require('./state.js')

class Archive {
  constructor(ot, document) {
    setOwner(this, ot)
    Object.assign(this, document)
  }

  /** ot.stopArchive(this.id[, callback]). */
  stop(callback) {
    return ownerOf(this).stopArchive(this.id, callback)
  }

  /** ot.deleteArchive(this.id[, callback]). */
  delete(callback) {
    return ownerOf(this).deleteArchive(this.id, callback)
  }
}

module.exports = { Archive }
