'use strict'

// The floor addon: this checkout built with the cargo feature `bench-floor`
// (src/binding/floor.rs), whose extra exports have the argument and result
// shapes of the real ones and do no work (or only the work no
// implementation can skip). It is built on first use, and again when the
// package's own addon is newer, into target/bench-floor (`npm run
// build:floor`); the shipped addon never has these exports.

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const FLOOR_DIR = path.join(ROOT, 'target', 'bench-floor')

/** The package's own addon file (the floor build gets the same name). */
function addonName() {
  const name = fs.readdirSync(ROOT).find((file) => file.endsWith('.node'))
  if (!name) throw new Error('no built addon in the package: run `npm run build` first')
  return name
}

const mtime = (file) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0

let loaded

/** The floor addon's exports, built when missing or older than the package's addon. */
function loadFloor() {
  if (loaded) return loaded
  const name = addonName()
  const file = path.join(FLOOR_DIR, name)
  if (mtime(file) < mtime(path.join(ROOT, name))) {
    console.error('building the floor addon (cargo feature bench-floor) into target/bench-floor ...')
    // Its output goes to stderr, so that --json keeps stdout to itself.
    const built = spawnSync('npm', ['run', '--silent', 'build:floor'], { cwd: ROOT, stdio: ['ignore', 2, 2] })
    if (built.status !== 0) throw new Error(`building the floor addon failed (exit ${built.status})`)
  }
  loaded = require(file)
  return loaded
}

module.exports = { loadFloor }
