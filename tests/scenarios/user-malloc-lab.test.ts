/*
 * Seed 002 tasks 3 and 4, the user-space malloc lab bundled in
 * /mnt/rlk_lab/rlk_basic/chapter_9_mm/malloc_lab: `make` builds test_ff and
 * test_bf with gcc; first fit reuses the first hole that fits and grows the
 * heap for the 900-byte request, the skeleton's best fit reuses nothing, the
 * teachers' reference best fit (resources/solutions, typed in here) takes
 * the tightest holes and keeps the heap smaller.
 */

import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { afterBoot, outputOf, runScript } from '../helpers/run'

const LAB = '/mnt/rlk_lab/rlk_basic/chapter_9_mm/malloc_lab'
const REF = readFileSync(new URL('../../resources/solutions/malloc_lab/bf_malloc.c', import.meta.url), 'utf8')

/** The heap figures of a report line ("part 2: heap N bytes (peak P), ..."). */
function report(lines: string[], part: string): { heap: number; peak: number; freeBlocks: number; freeBytes: number } {
  const l = lines.find((x) => x.startsWith(part + ':'))
  const m = l && /heap (\d+) bytes \(peak (\d+)\), (\d+) free blocks, (\d+) bytes free/.exec(l)
  if (!m) throw new Error(`no ${part} line in\n${lines.join('\n')}`)
  return { heap: Number(m[1]), peak: Number(m[2]), freeBlocks: Number(m[3]), freeBytes: Number(m[4]) }
}

it('make builds test_ff and test_bf; first fit, the skeleton and the reference best fit differ as the handout says', () => {
  const r = runScript([
    `cd ${LAB}`,
    'ls',
    'make',
    './test_ff',
    './test_bf',
    "cat > bf_malloc.c <<'EOF'",
    // Typed on the console: tabs would complete file names.
    ...REF.replace(/\t/g, '    ').replace(/\n$/, '').split('\n'),
    'EOF',
    'make',
    './test_bf',
    'make clean; ls'
  ])
  expect(r.faults).toEqual([])
  const out = afterBoot(r.output)
  expect(outputOf(out, 'ls').join(' ').replace(/\x1b\[[0-9;]*m/g, '').split(/\s+/).sort()).toEqual(
    ['Makefile', 'README', 'bf_malloc.c', 'bf_malloc.h', 'ff_malloc.c', 'ff_malloc.h', 'test.c']
  )
  const i = out.indexOf('# make\n')
  const firstMake = outputOf(out.slice(i - 80), 'make')
  expect(firstMake).toEqual([
    'gcc -Wall -O0 -c ff_malloc.c',
    'gcc -Wall -O0 -DFIRST_FIT -c test.c -o test_ff.o',
    'gcc -o test_ff ff_malloc.o test_ff.o',
    'gcc -Wall -O0 -c bf_malloc.c',
    'gcc -Wall -O0 -DBEST_FIT -c test.c -o test_bf.o',
    'gcc -o test_bf bf_malloc.o test_bf.o'
  ])

  // First fit: 280 bytes go into the 1000-byte hole, then 900 does not fit in what is left: the heap grows.
  const ff = outputOf(out, './test_ff')
  expect(ff[0]).toBe('=== first fit ===')
  expect(ff.find((l) => l.includes('malloc(  280)'))).toMatch(/from a free block of 1000$/)
  expect(ff.find((l) => l.includes('malloc(  900)'))).toMatch(/heap grown by 928$/)
  expect(ff).toContain('  heap 0x13000..0x13938: [used 280] [free 696] [used 16] [free 304] [used 16] [used 904]')
  const ff1 = report(ff, 'part 1')
  const ff2 = report(ff, 'part 2')
  expect(report(ff, 'the end').heap).toBe(0)

  // The skeleton (find_block not written yet) never reuses a block.
  const skel = outputOf(out, './test_bf')
  expect(skel.filter((l) => l.includes('from a free block'))).toEqual([])
  expect(report(skel, 'part 2').peak).toBeGreaterThan(ff2.peak * 10)

  // The reference best fit: 280 into the 300 hole, 900 into the 1000 hole, no growth.
  const j = out.lastIndexOf('# ./test_bf\n')
  const bf = outputOf(out.slice(j - 80), './test_bf')
  expect(bf[0]).toBe('=== best fit ===')
  expect(bf.find((l) => l.includes('malloc(  280)'))).toMatch(/from a free block of 304$/)
  expect(bf.find((l) => l.includes('malloc(  900)'))).toMatch(/from a free block of 1000$/)
  const bf1 = report(bf, 'part 1')
  const bf2 = report(bf, 'part 2')
  expect(bf1.heap).toBeLessThan(ff1.heap)
  expect(bf1.peak).toBe(1432)
  expect(ff1.peak).toBe(2360)
  // The random workload: best fit's heap peaks lower than first fit's.
  expect(bf2.peak).toBeLessThan(ff2.peak)
  expect(report(bf, 'the end').heap).toBe(0)

  expect(outputOf(out, 'make clean; ls').join(' ')).toContain('rm -f test_ff test_bf *.o')
})
