'use strict'

// Keys shared between the public classes, kept out of enumeration.
module.exports = {
  kNative: Symbol('opentok.native'),
}
