/*
 * The Electron security checklist, checked by Doyensec's electronegativity
 * over the main process and preload: every finding must be fixed or carry a
 * reviewed justification in the code at its location (a comment naming the
 * check within the five lines above it). A new unreviewed finding fails.
 */
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const bin = join(here, '..', 'node_modules', '.bin', 'electronegativity')

interface Finding {
  check: string
  file: string
  line: number
}

function scan(): Finding[] {
  const csv = join(mkdtempSync(join(tmpdir(), 'eneg-')), 'out.csv')
  // -e: the Electron we ship (its release list cannot be fetched offline); -r: paths relative to src-main.
  const r = spawnSync(bin, ['-i', here, '-e', '45.4.1', '-r', '-v', 'false', '-o', csv], { encoding: 'utf8', timeout: 120_000 })
  expect(r.status, r.stderr).toBe(0)
  return readFileSync(csv, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const f = l.split(',')
      return { check: f[0]!, file: f[3]!.replace(/"/g, ''), line: Number(f[4]!.replace(/"/g, '').split(':')[0]) }
    })
}

describe('electronegativity', () => {
  it('finds nothing that is not fixed or justified in the code where it points', () => {
    const findings = scan()
    const unjustified = findings.filter((f) => {
      const lines = readFileSync(join(here, f.file), 'utf8').split('\n')
      const window = lines.slice(Math.max(0, f.line - 6), f.line).join('\n')
      return !new RegExp(`electronegativity ${f.check} \\(reviewed\\)`).test(window)
    })
    expect(unjustified).toEqual([])
  }, 180_000)
})
