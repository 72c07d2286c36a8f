/*
 * The /proc/sys/vm entries that belong to the page allocator
 * (mm/page_alloc.c vm_table entries and their handlers):
 *   min_free_kbytes          proc_dointvec_minmax(>= 0), then setup_per_zone_wmarks()
 *   watermark_scale_factor   1..3000, then setup_per_zone_wmarks()
 *   watermark_boost_factor   >= 0
 *   lowmem_reserve_ratio     one int per zone, < 1 becomes 0, then setup_per_zone_lowmem_reserve()
 *   percpu_pagelist_high_fraction  0 or >= 8, then the pcp sizes are recomputed
 * Each is a { read, write } pair the VFS mounts; write returns the bytes it
 * consumed (all of them, as proc_dointvec does) or -errno.
 */

import type { Mm } from '../../mm/mm_init'

export const EINVAL = 22

export interface SysctlFile {
  read(): string
  /** Bytes consumed, or -errno. */
  write?(text: string): number
}

/** UTF-8 length of a write, which a successful handler reports as consumed. */
export function consumed(text: string): number {
  let n = 0
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4
  }
  return n
}

/** proc_dointvec's parser: whitespace-separated decimal ints. */
function parseInts(text: string): number[] | null {
  const toks = text.trim().split(/\s+/).filter((t) => t !== '')
  if (toks.length === 0) return null
  const out: number[] = []
  for (const t of toks) {
    if (!/^[-+]?\d+$/.test(t)) return null
    const v = Number(t)
    if (!Number.isSafeInteger(v) || v > 2147483647 || v < -2147483648) return null
    out.push(v)
  }
  return out
}

function intFile(get: () => number, set: (v: number) => void, min: number, max: number): SysctlFile {
  return {
    read: () => `${get()}\n`,
    write: (text) => {
      const v = parseInts(text)
      if (!v) return -EINVAL
      const x = v[0]!
      if (x < min || x > max) return -EINVAL
      set(x)
      return consumed(text)
    }
  }
}

export function vm_sysctls(mm: Mm): Record<string, SysctlFile> {
  const pa = mm.pa
  return {
    min_free_kbytes: intFile(
      () => pa.min_free_kbytes,
      (v) => {
        pa.min_free_kbytes = v
        pa.user_min_free_kbytes = v
        pa.setup_per_zone_wmarks()
      },
      0,
      2147483647
    ),
    watermark_scale_factor: intFile(
      () => pa.watermark_scale_factor,
      (v) => {
        pa.watermark_scale_factor = v
        pa.setup_per_zone_wmarks()
      },
      1,
      3000
    ),
    watermark_boost_factor: intFile(
      () => pa.watermark_boost_factor,
      (v) => {
        pa.watermark_boost_factor = v
      },
      0,
      2147483647
    ),
    percpu_pagelist_high_fraction: {
      read: () => `${pa.percpu_pagelist_high_fraction}\n`,
      write: (text) => {
        const v = parseInts(text)
        // MIN_PERCPU_PAGELIST_HIGH_FRACTION is 8; 0 means "use the low watermark".
        if (!v || v[0]! < 0 || (v[0]! !== 0 && v[0]! < 8)) return -EINVAL
        pa.percpu_pagelist_high_fraction = v[0]!
        for (const z of pa.zones) pa.zone_pcp_update(z, 0)
        return consumed(text)
      }
    },
    lowmem_reserve_ratio: {
      read: () => pa.sysctl_lowmem_reserve_ratio.join('\t') + '\n',
      write: (text) => {
        const v = parseInts(text)
        if (!v) return -EINVAL
        for (let i = 0; i < Math.min(v.length, pa.sysctl_lowmem_reserve_ratio.length); i++)
          pa.sysctl_lowmem_reserve_ratio[i] = v[i]! < 1 ? 0 : v[i]!
        pa.setup_per_zone_lowmem_reserve()
        return consumed(text)
      }
    }
  }
}
