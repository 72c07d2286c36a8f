/*
 * Parses the reference excerpts in this folder (copied from
 * /work/shared/reference/qemu-vexpress-6.1, see each file's first line).
 * Tests import the files with Vite's `?raw` and hand the text here.
 * Test-only helper.
 */

/** Sections "=== name ===" of a fixture text, without the comment line. */
export function fixtureSections(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  let cur: string[] | null = null
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) continue
    const m = /^=== (.*) ===$/.exec(line)
    if (m) {
      cur = out[m[1]!] = []
      continue
    }
    if (cur && line !== '') cur.push(line)
  }
  return out
}

/** "Key:   123 kB" / "key 123" lines as a map. */
export function keyValues(lines: string[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const l of lines) {
    const m = /^\s*([\w()_]+):?\s+(\d+)/.exec(l)
    if (m) out[m[1]!] = Number(m[2])
  }
  return out
}

/** Per-zone numbers from a /proc/zoneinfo text: zone -> key -> value (first occurrence). */
export function zoneinfoValues(lines: string[]): Record<string, Record<string, number | string>> {
  const out: Record<string, Record<string, number | string>> = {}
  let zone = ''
  for (const l of lines) {
    const z = /^Node 0, zone\s+(\w+)/.exec(l)
    if (z) {
      zone = z[1]!
      out[zone] = {}
      continue
    }
    const p = /^\s+protection: \((.*)\)/.exec(l)
    if (p) {
      out[zone]!.protection = p[1]!
      continue
    }
    const m = /^\s*(?:pages )?([\w ]+?):?\s+(\d+)$/.exec(l)
    if (m && !(m[1]!.trim() in out[zone]!)) out[zone]![m[1]!.trim()] = Number(m[2])
  }
  return out
}
