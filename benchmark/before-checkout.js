'use strict'

// `--baseline DIR`: another checkout of opentok-native with its built addon
// (an older commit, say), loaded beside this one, so that a suite measures
// "opentok-native (before)" side by side with this checkout in the same run.

const path = require('node:path')

const loadedAddons = () => Object.keys(require.cache).filter((file) => file.endsWith('.node'))

/**
 * The package in `dir`, `require(path.resolve(dir))`, once it is known to be
 * a copy of its own: another main file than this checkout's, and an addon
 * loaded from another file than this checkout's (a link to this checkout's
 * .node file would give its module again, and so measure this checkout twice).
 * @returns {{ OpenTok: any, info: { dir: string, version: string, addons: string[] } }}
 *   `OpenTok` is the package's export; `info` (for the report) says where it
 *   is, its version and the .node files it loaded.
 */
function loadBeforeCheckout(dir) {
  const root = path.resolve(dir)
  const fail = (why) => {
    throw new Error(`--baseline ${dir}: ${why}`)
  }
  require('..') // this checkout's addon first, so that the copy's shows up as a new one
  let main
  try {
    main = require.resolve(root)
  } catch (err) {
    fail(`no package to load there (${err.message.split('\n')[0]})`)
  }
  if (main === require.resolve('..')) fail('that is this checkout')
  const known = new Set(loadedAddons())
  const OpenTok = require(root)
  const addons = loadedAddons().filter((file) => !known.has(file))
  if (addons.length === 0) fail("it loaded no .node addon of its own (is its .node file a link to this checkout's?)")
  return { OpenTok, info: { dir: root, version: require(path.join(root, 'package.json')).version, addons } }
}

module.exports = { loadBeforeCheckout }
