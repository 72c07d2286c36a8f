/*
 * GFP flags (include/linux/gfp_types.h, 6.1 bit values) and the helpers of
 * include/linux/gfp.h that the page allocator needs: gfp_zone(),
 * gfp_migratetype(), gfpflags_allow_blocking().
 *
 * format_gfp() is the `%pGg` conversion of lib/vsprintf.c format_flags() over
 * the table of include/trace/events/mmflags.h: composite names first (the
 * table's order), each consuming its bits, then the remaining single flags,
 * `|`-separated, and any unnamed leftover bits as 0x…
 *
 * Left out: the KASAN tag bits and __GFP_NOLOCKDEP are 0 in this
 * configuration (no KASAN_HW_TAGS, no LOCKDEP), exactly as in the kernel.
 */

import { MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, ZONE_HIGHMEM, ZONE_MOVABLE, ZONE_NORMAL } from './mmzone'

export const __GFP_DMA = 0x01
export const __GFP_HIGHMEM = 0x02
export const __GFP_DMA32 = 0x04
export const __GFP_MOVABLE = 0x08
export const __GFP_RECLAIMABLE = 0x10
export const __GFP_HIGH = 0x20
export const __GFP_IO = 0x40
export const __GFP_FS = 0x80
export const __GFP_ZERO = 0x100
export const __GFP_ATOMIC = 0x200
export const __GFP_DIRECT_RECLAIM = 0x400
export const __GFP_KSWAPD_RECLAIM = 0x800
export const __GFP_WRITE = 0x1000
export const __GFP_NOWARN = 0x2000
export const __GFP_RETRY_MAYFAIL = 0x4000
export const __GFP_NOFAIL = 0x8000
export const __GFP_NORETRY = 0x10000
export const __GFP_MEMALLOC = 0x20000
export const __GFP_COMP = 0x40000
export const __GFP_NOMEMALLOC = 0x80000
export const __GFP_HARDWALL = 0x100000
export const __GFP_THISNODE = 0x200000
export const __GFP_ACCOUNT = 0x400000
export const __GFP_ZEROTAGS = 0x800000
/* Zero without CONFIG_KASAN_HW_TAGS / CONFIG_LOCKDEP, as on this board. */
export const __GFP_SKIP_ZERO = 0
export const __GFP_SKIP_KASAN_UNPOISON = 0
export const __GFP_SKIP_KASAN_POISON = 0
export const __GFP_NOLOCKDEP = 0

export const __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM
export const GFP_ZONEMASK = __GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE
export const GFP_MOVABLE_MASK = __GFP_RECLAIMABLE | __GFP_MOVABLE
export const GFP_MOVABLE_SHIFT = 3

export const GFP_ATOMIC = __GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM
export const GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS
export const GFP_KERNEL_ACCOUNT = GFP_KERNEL | __GFP_ACCOUNT
export const GFP_NOWAIT = __GFP_KSWAPD_RECLAIM
export const GFP_NOIO = __GFP_RECLAIM
export const GFP_NOFS = __GFP_RECLAIM | __GFP_IO
export const GFP_USER = __GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL
export const GFP_DMA = __GFP_DMA
export const GFP_DMA32 = __GFP_DMA32
export const GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM
export const GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | __GFP_MOVABLE | __GFP_SKIP_KASAN_POISON | __GFP_SKIP_KASAN_UNPOISON
export const GFP_TRANSHUGE_LIGHT = (GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM
export const GFP_TRANSHUGE = GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM
/* include/linux/gfp.h GFP_RECLAIM_MASK etc. are not needed here. */

/** include/trace/events/mmflags.h __def_gfpflag_names, in table order. */
export const GFP_FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [GFP_TRANSHUGE, 'GFP_TRANSHUGE'],
  [GFP_TRANSHUGE_LIGHT, 'GFP_TRANSHUGE_LIGHT'],
  [GFP_HIGHUSER_MOVABLE, 'GFP_HIGHUSER_MOVABLE'],
  [GFP_HIGHUSER, 'GFP_HIGHUSER'],
  [GFP_USER, 'GFP_USER'],
  [GFP_KERNEL_ACCOUNT, 'GFP_KERNEL_ACCOUNT'],
  [GFP_KERNEL, 'GFP_KERNEL'],
  [GFP_NOFS, 'GFP_NOFS'],
  [GFP_ATOMIC, 'GFP_ATOMIC'],
  [GFP_NOIO, 'GFP_NOIO'],
  [GFP_NOWAIT, 'GFP_NOWAIT'],
  [GFP_DMA, 'GFP_DMA'],
  [__GFP_HIGHMEM, '__GFP_HIGHMEM'],
  [GFP_DMA32, 'GFP_DMA32'],
  [__GFP_HIGH, '__GFP_HIGH'],
  [__GFP_ATOMIC, '__GFP_ATOMIC'],
  [__GFP_IO, '__GFP_IO'],
  [__GFP_FS, '__GFP_FS'],
  [__GFP_NOWARN, '__GFP_NOWARN'],
  [__GFP_RETRY_MAYFAIL, '__GFP_RETRY_MAYFAIL'],
  [__GFP_NOFAIL, '__GFP_NOFAIL'],
  [__GFP_NORETRY, '__GFP_NORETRY'],
  [__GFP_COMP, '__GFP_COMP'],
  [__GFP_ZERO, '__GFP_ZERO'],
  [__GFP_NOMEMALLOC, '__GFP_NOMEMALLOC'],
  [__GFP_MEMALLOC, '__GFP_MEMALLOC'],
  [__GFP_HARDWALL, '__GFP_HARDWALL'],
  [__GFP_THISNODE, '__GFP_THISNODE'],
  [__GFP_RECLAIMABLE, '__GFP_RECLAIMABLE'],
  [__GFP_MOVABLE, '__GFP_MOVABLE'],
  [__GFP_ACCOUNT, '__GFP_ACCOUNT'],
  [__GFP_WRITE, '__GFP_WRITE'],
  [__GFP_RECLAIM, '__GFP_RECLAIM'],
  [__GFP_DIRECT_RECLAIM, '__GFP_DIRECT_RECLAIM'],
  [__GFP_KSWAPD_RECLAIM, '__GFP_KSWAPD_RECLAIM'],
  [__GFP_ZEROTAGS, '__GFP_ZEROTAGS']
]

/**
 * `%pGg`: the flag names of `gfp` (without the `0x…(` `)` around them that
 * callers such as warn_alloc print with `%#x(%pGg)`).
 * Example: format_gfp(0x110cc2) === 'GFP_HIGHUSER|__GFP_NORETRY'.
 */
export function format_gfp(gfp: number): string {
  let flags = gfp >>> 0
  let out = ''
  for (const [mask, name] of GFP_FLAG_NAMES) {
    if (flags === 0) break
    if ((flags & mask) >>> 0 !== mask >>> 0) continue
    out += name
    flags = (flags & ~mask) >>> 0
    if (flags) out += '|'
  }
  if (flags) out += '0x' + flags.toString(16)
  return out
}

/** `%#x(%pGg)` as warn_alloc and the OOM killer print a mask: `0xcc0(GFP_KERNEL)`. */
export function format_gfp_mode(gfp: number): string {
  return `${gfp === 0 ? '0' : '0x' + (gfp >>> 0).toString(16)}(${format_gfp(gfp)})`
}

/**
 * gfp_zone(): the highest zone an allocation may use. On this board there is
 * no ZONE_DMA/DMA32, so only __GFP_HIGHMEM and __GFP_MOVABLE matter; as in
 * GFP_ZONE_TABLE, __GFP_MOVABLE alone stays in Normal and
 * __GFP_HIGHMEM|__GFP_MOVABLE may use ZONE_MOVABLE.
 */
export function gfp_zone(gfp: number): number {
  if (gfp & __GFP_HIGHMEM) return gfp & __GFP_MOVABLE ? ZONE_MOVABLE : ZONE_HIGHMEM
  return ZONE_NORMAL
}

/** gfp_migratetype(): which free lists an allocation prefers. */
export function gfp_migratetype(gfp: number): number {
  const m = (gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT
  // __GFP_MOVABLE (1) -> MIGRATE_MOVABLE, __GFP_RECLAIMABLE (2) -> MIGRATE_RECLAIMABLE
  return m === 1 ? MIGRATE_MOVABLE : m === 2 ? MIGRATE_RECLAIMABLE : MIGRATE_UNMOVABLE
}

export function gfpflags_allow_blocking(gfp: number): boolean {
  return (gfp & __GFP_DIRECT_RECLAIM) !== 0
}
