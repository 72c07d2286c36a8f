/*
 * procps-ng's slabtop, once mode (`slabtop -o [-s CRITERION]`): the statistics
 * header and the cache table, computed from /proc/slabinfo exactly as the
 * real tool reads it (version 2.1 lines). The interactive, refreshing mode is
 * left out: on the serial console `-o` is what students and scripts use.
 */

import type { CommandGen, Proc } from '../shell/types'

interface SlabRow {
  name: string
  activeObjs: number
  numObjs: number
  objSize: number
  objPerSlab: number
  pagesPerSlab: number
  activeSlabs: number
  numSlabs: number
}

/** Parse /proc/slabinfo (version 2.1): the rows, or an error text. */
export function parseSlabinfo(text: string): SlabRow[] | string {
  const lines = text.split('\n')
  if (!/^slabinfo - version: 2\.1/.test(lines[0] ?? '')) return 'slabtop: Unable to get slabinfo'
  const rows: SlabRow[] = []
  for (const line of lines.slice(1)) {
    if (line.startsWith('#') || line.trim() === '') continue
    const m = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*:\s*tunables\s+\d+\s+\d+\s+\d+\s*:\s*slabdata\s+(\d+)\s+(\d+)\s+\d+/.exec(line)
    if (!m) continue
    rows.push({
      name: m[1]!, activeObjs: +m[2]!, numObjs: +m[3]!, objSize: +m[4]!, objPerSlab: +m[5]!,
      pagesPerSlab: +m[6]!, activeSlabs: +m[7]!, numSlabs: +m[8]!
    })
  }
  return rows
}

const cacheKB = (r: SlabRow): number => r.numSlabs * r.pagesPerSlab * 4
const use = (r: SlabRow): number => (r.numObjs ? Math.floor((r.activeObjs * 100) / r.numObjs) : 0)

/** -s criteria: each sorts descending, as slabtop does, but the name ascending. */
const SORTS: Record<string, (a: SlabRow, b: SlabRow) => number> = {
  a: (a, b) => b.activeObjs - a.activeObjs,
  b: (a, b) => b.objPerSlab - a.objPerSlab,
  c: (a, b) => cacheKB(b) - cacheKB(a),
  l: (a, b) => b.numSlabs - a.numSlabs,
  v: (a, b) => b.activeSlabs - a.activeSlabs,
  n: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  o: (a, b) => b.numObjs - a.numObjs,
  p: (a, b) => b.pagesPerSlab - a.pagesPerSlab,
  s: (a, b) => b.objSize - a.objSize,
  u: (a, b) => use(b) - use(a)
}

const pct = (part: number, whole: number): string => (whole ? ((part * 100) / whole).toFixed(1) : '0.0')
const k2 = (bytes: number): string => (bytes / 1024).toFixed(2)

export function slabtopText(rows: SlabRow[], sort: string): string {
  let actObjs = 0, numObjs = 0, actSlabs = 0, numSlabs = 0, actCaches = 0, actSize = 0, totSize = 0
  let minObj = Infinity, maxObj = 0
  for (const r of rows) {
    actObjs += r.activeObjs
    numObjs += r.numObjs
    actSlabs += r.activeSlabs
    numSlabs += r.numSlabs
    if (r.activeObjs > 0) actCaches++
    actSize += r.activeObjs * r.objSize
    totSize += r.numObjs * r.objSize
    minObj = Math.min(minObj, r.objSize)
    maxObj = Math.max(maxObj, r.objSize)
  }
  if (!rows.length) minObj = 0
  const avgObj = numObjs ? totSize / numObjs : 0
  let out =
    ` Active / Total Objects (% used)    : ${actObjs} / ${numObjs} (${pct(actObjs, numObjs)}%)\n` +
    ` Active / Total Slabs (% used)      : ${actSlabs} / ${numSlabs} (${pct(actSlabs, numSlabs)}%)\n` +
    ` Active / Total Caches (% used)     : ${actCaches} / ${rows.length} (${pct(actCaches, rows.length)}%)\n` +
    ` Active / Total Size (% used)       : ${k2(actSize)}K / ${k2(totSize)}K (${pct(actSize, totSize)}%)\n` +
    ` Minimum / Average / Maximum Object : ${k2(minObj)}K / ${k2(avgObj)}K / ${k2(maxObj)}K\n\n` +
    '  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME                   \n'
  const sorted = [...rows].sort((a, b) => SORTS[sort]!(a, b) || (a.name < b.name ? -1 : 1))
  for (const r of sorted) {
    out +=
      `${String(r.numObjs).padStart(6)} ${String(r.activeObjs).padStart(6)} ${String(use(r)).padStart(3)}% ` +
      `${k2(r.objSize).padStart(7)}K ${String(r.numSlabs).padStart(6)} ${String(r.objPerSlab).padStart(8)} ` +
      `${String(cacheKB(r)).padStart(9)}K ${r.name}\n`
  }
  return out
}

export function* slabtop(p: Proc): CommandGen {
  let sort = 'o'
  let once = false
  for (let i = 1; i < p.argv.length; i++) {
    const a = p.argv[i]!
    if (a === '-o' || a === '--once') once = true
    else if (a === '-s' || a === '--sort') sort = p.argv[++i] ?? ''
    else if (a.startsWith('-s')) sort = a.slice(2)
    else if (a.startsWith('--sort=')) sort = a.slice(7)
    else {
      p.stderr.write(`slabtop: invalid option -- '${a.replace(/^-+/, '')}'\nUsage:\n slabtop [options]\n`)
      return 1
    }
  }
  if (!SORTS[sort]) {
    p.stderr.write(`slabtop: invalid sort criteria: ${sort}\n`)
    return 1
  }
  if (!once) {
    p.stderr.write('slabtop: only the once mode (-o) is available on the serial console\n')
    return 1
  }
  let text: string
  try {
    text = p.sys.vfs.readText('/proc/slabinfo', '/')
  } catch {
    p.stderr.write('slabtop: Unable to get slabinfo\n')
    return 1
  }
  const rows = parseSlabinfo(text)
  if (typeof rows === 'string') {
    p.stderr.write(rows + '\n')
    return 1
  }
  p.stdout.write(slabtopText(rows, sort))
  return 0
}
