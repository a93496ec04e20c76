'use strict'

// The smallest files a download can serve that still parse as what they claim to be.

// An empty FLV file: signature, version 1, audio and video flags, header size 9, then PreviousTagSize0.
const FLV = Buffer.from([0x46, 0x4c, 0x56, 0x01, 0x05, 0, 0, 0, 9, 0, 0, 0, 0])

// An MP4 file of two boxes: ftyp (24 bytes: major brand isom, minor version
// 0x200, compatible isom and iso2) and an empty free box.
const MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 24]),
  Buffer.from('ftypisom', 'latin1'),
  Buffer.from([0, 0, 2, 0]),
  Buffer.from('isomiso2', 'latin1'),
  Buffer.from([0, 0, 0, 8]),
  Buffer.from('free', 'latin1'),
])

// An empty ZIP file (what individual-output archives download as): only the
// end-of-central-directory record.
const ZIP = Buffer.concat([Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)])

module.exports = { FLV, MP4, ZIP }
