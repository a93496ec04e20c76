// The README describes the repository that ships it: every document it cites
// is in the checkout, and what it says each original line sent is what the
// published originals do (read from their own sources, installed as
// devDependencies).

import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { REPO_ROOT } from './helpers/token.mjs'

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
const originalSource = (name) => readFileSync(join(REPO_ROOT, 'node_modules', name, 'lib', 'opentok.js'), 'utf8')

test('every .md document the README cites is in the repository', () => {
  const cited = new Set(README.match(/[\w./-]+\.md\b/g))
  assert.ok(cited.size > 0)
  for (const file of cited) assert.ok(existsSync(join(REPO_ROOT, file)), `README cites ${file}, which is not here`)
})

test('location_hint is credited to 0.3.0 only, which is the one original that sends it', () => {
  assert.match(originalSource('opentok-0.3.0'), /location_hint: ipPassthru/)
  for (const later of ['opentok-0.3.2', 'opentok-0.3.4', 'opentok-1.0.2'])
    assert.doesNotMatch(originalSource(later), /location_hint/, later)
  const mentions = README.split('\n').filter((line) => line.includes('location_hint'))
  assert.equal(mentions.length, 1, mentions.join('\n'))
  const cells = mentions[0].split('|').map((cell) => cell.trim())
  // | what | 0.3.0 | 0.3.2, 0.3.4 | 1.0.2 | opentok-native |
  assert.equal(cells[1], '`createSession` location')
  assert.match(cells[2], /location_hint/)
  assert.match(cells[3], /not sent/)
  assert.match(cells[4], /not sent/)
  assert.match(cells[5], /only for an IPv4 address/)
})
