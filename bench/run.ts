/*
 * `npm run bench`: runs every bench/*.bench.ts and prints its figures.
 * Each benchmark module's default export returns rows; a row may carry a peer
 * measured in the same run (a reference implementation, qemu-arm, the real
 * kernel's log time) and the ratio to it, which is what targets are stated in.
 * Results also go to bench/results/latest.json for closing notes.
 */

import { readdirSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export interface BenchRow {
  name: string
  value: number
  unit: string
  peer?: { name: string; value: number }
  ratio?: number
  note?: string
}

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()

const all: Record<string, BenchRow[]> = {}
const fmt = (v: number): string => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(4))
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: () => Promise<BenchRow[]> }
  process.stdout.write(`\n== ${f}\n`)
  const rows = await mod.default()
  all[f] = rows
  for (const r of rows) {
    let line = `  ${r.name.padEnd(48)} ${fmt(r.value).padStart(14)} ${r.unit}`
    if (r.peer) line += `   | peer ${r.peer.name}: ${fmt(r.peer.value)} ${r.unit}`
    if (r.ratio !== undefined) line += `   | ratio ${r.ratio.toFixed(2)}`
    if (r.note) line += `   (${r.note})`
    process.stdout.write(line + '\n')
  }
}
mkdirSync(join(here, 'results'), { recursive: true })
writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify(all, null, 2) + '\n')
