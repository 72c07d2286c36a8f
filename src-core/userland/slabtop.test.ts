/*
 * slabtop -o over the reference board's /proc/slabinfo (fixture from
 * boot-1024.log): the header sums the table, rows follow procps-ng's columns.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseSlabinfo, slabtopText } from './slabtop'
import { runScript, afterBoot } from '../../tests/helpers/run'

const slabinfo = readFileSync(new URL('../mm/__fixtures__/slabinfo-1024.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => !l.startsWith('# ') || l.startsWith('# name'))
  .join('\n')

describe('slabtop -o', () => {
  const rows = parseSlabinfo(slabinfo)
  if (typeof rows === 'string') throw new Error(rows)

  it('reads every cache line of slabinfo 2.1', () => {
    const lines = slabinfo.split('\n').filter((l) => /: slabdata /.test(l) && !l.startsWith('#'))
    expect(rows).toHaveLength(lines.length)
    expect(parseSlabinfo('garbage\n')).toBe('slabtop: Unable to get slabinfo')
  })

  it('sums the table into the header and sorts by objects', () => {
    const text = slabtopText(rows, 'o')
    const objs = rows.reduce((a, r) => a + r.numObjs, 0)
    const act = rows.reduce((a, r) => a + r.activeObjs, 0)
    expect(text).toContain(` Active / Total Objects (% used)    : ${act} / ${objs} (`)
    expect(text).toMatch(/^ Minimum \/ Average \/ Maximum Object : \d+\.\d\dK \/ \d+\.\d\dK \/ 8\.00K$/m)
    const table = text.split('\n').slice(7).filter(Boolean)
    expect(table).toHaveLength(rows.length)
    const counts = table.map((l) => Number(l.trim().split(/\s+/)[0]))
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
    const kmalloc64 = rows.find((r) => r.name === 'kmalloc-64')!
    const line = table.find((l) => l.endsWith(' kmalloc-64'))!
    expect(line).toBe(
      `${String(kmalloc64.numObjs).padStart(6)} ${String(kmalloc64.activeObjs).padStart(6)} ` +
        `${String(Math.floor((kmalloc64.activeObjs * 100) / kmalloc64.numObjs)).padStart(3)}%    0.06K ` +
        `${String(kmalloc64.numSlabs).padStart(6)}       64 ${String(kmalloc64.numSlabs * 4).padStart(9)}K kmalloc-64`
    )
  })

  it('runs on the board and refuses an unknown sort', () => {
    const r = runScript(['slabtop -o -s c | head -8', 'slabtop -o -s x'])
    const out = afterBoot(r.output)
    expect(out).toContain('  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME')
    expect(out).toContain('slabtop: invalid sort criteria: x')
    expect(r.status).toBe(1)
  })
})
