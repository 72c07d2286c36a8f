/*
 * mm/vmstat.c: the counters (enum zone_stat_item, node_stat_item,
 * vm_event_item) and their names in vmstat_text[] order for this
 * configuration (no NUMA, no ZSMALLOC, no THP events, CMA, COMPACTION,
 * MIGRATION, BALLOON, SWAP).
 *
 * Counters are exact here: the kernel's per-cpu deltas (vm stats threshold)
 * are folded immediately, so /proc/vmstat and /proc/zoneinfo always agree.
 * The threshold itself is still computed (calculate_normal_threshold) because
 * /proc/zoneinfo prints it.
 */

/* enum zone_stat_item */
export const NR_FREE_PAGES = 0
export const NR_ZONE_INACTIVE_ANON = 1
export const NR_ZONE_ACTIVE_ANON = 2
export const NR_ZONE_INACTIVE_FILE = 3
export const NR_ZONE_ACTIVE_FILE = 4
export const NR_ZONE_UNEVICTABLE = 5
export const NR_ZONE_WRITE_PENDING = 6
export const NR_MLOCK = 7
export const NR_BOUNCE = 8
export const NR_FREE_CMA_PAGES = 9
export const NR_VM_ZONE_STAT_ITEMS = 10
export const zone_stat_names = [
  'nr_free_pages', 'nr_zone_inactive_anon', 'nr_zone_active_anon', 'nr_zone_inactive_file', 'nr_zone_active_file',
  'nr_zone_unevictable', 'nr_zone_write_pending', 'nr_mlock', 'nr_bounce', 'nr_free_cma'
] as const

/* enum node_stat_item */
export const NR_INACTIVE_ANON = 0 // NR_LRU_BASE + LRU_INACTIVE_ANON
export const NR_ACTIVE_ANON = 1
export const NR_INACTIVE_FILE = 2
export const NR_ACTIVE_FILE = 3
export const NR_UNEVICTABLE = 4
export const NR_SLAB_RECLAIMABLE_B = 5
export const NR_SLAB_UNRECLAIMABLE_B = 6
export const NR_ISOLATED_ANON = 7
export const NR_ISOLATED_FILE = 8
export const WORKINGSET_NODES = 9
export const NR_ANON_MAPPED = 17
export const NR_FILE_MAPPED = 18
export const NR_FILE_PAGES = 19
export const NR_FILE_DIRTY = 20
export const NR_WRITEBACK = 21
export const NR_WRITEBACK_TEMP = 22
export const NR_SHMEM = 23
export const NR_KERNEL_MISC_RECLAIMABLE = 34
export const NR_KERNEL_STACK_KB = 37
export const NR_PAGETABLE = 38
export const NR_SECONDARY_PAGETABLE = 39
export const NR_SWAPCACHE = 40
export const NR_VM_NODE_STAT_ITEMS = 41
export const node_stat_names = [
  'nr_inactive_anon', 'nr_active_anon', 'nr_inactive_file', 'nr_active_file', 'nr_unevictable',
  'nr_slab_reclaimable', 'nr_slab_unreclaimable', 'nr_isolated_anon', 'nr_isolated_file', 'workingset_nodes',
  'workingset_refault_anon', 'workingset_refault_file', 'workingset_activate_anon', 'workingset_activate_file',
  'workingset_restore_anon', 'workingset_restore_file', 'workingset_nodereclaim', 'nr_anon_pages', 'nr_mapped',
  'nr_file_pages', 'nr_dirty', 'nr_writeback', 'nr_writeback_temp', 'nr_shmem', 'nr_shmem_hugepages',
  'nr_shmem_pmdmapped', 'nr_file_hugepages', 'nr_file_pmdmapped', 'nr_anon_transparent_hugepages',
  'nr_vmscan_write', 'nr_vmscan_immediate_reclaim', 'nr_dirtied', 'nr_written', 'nr_throttled_written',
  'nr_kernel_misc_reclaimable', 'nr_foll_pin_acquired', 'nr_foll_pin_released', 'nr_kernel_stack',
  'nr_page_table_pages', 'nr_sec_page_table_pages', 'nr_swapcached'
] as const

/** vmstat_text order == enum order. */
export function node_stat_name(i: number): string {
  return node_stat_names[i]!
}

/** Items whose counter is in bytes (the _B items): printed in pages. */
export function vmstat_item_in_bytes(i: number): boolean {
  return i === NR_SLAB_RECLAIMABLE_B || i === NR_SLAB_UNRECLAIMABLE_B
}

/* enum vm_event_item (the ones we count) and the full event name list. */
export const vm_event_names = [
  'pgpgin', 'pgpgout', 'pswpin', 'pswpout', 'pgalloc_normal', 'pgalloc_high', 'pgalloc_movable',
  'allocstall_normal', 'allocstall_high', 'allocstall_movable', 'pgskip_normal', 'pgskip_high', 'pgskip_movable',
  'pgfree', 'pgactivate', 'pgdeactivate', 'pglazyfree', 'pgfault', 'pgmajfault', 'pglazyfreed', 'pgrefill',
  'pgreuse', 'pgsteal_kswapd', 'pgsteal_direct', 'pgdemote_kswapd', 'pgdemote_direct', 'pgscan_kswapd',
  'pgscan_direct', 'pgscan_direct_throttle', 'pgscan_anon', 'pgscan_file', 'pgsteal_anon', 'pgsteal_file',
  'pginodesteal', 'slabs_scanned', 'kswapd_inodesteal', 'kswapd_low_wmark_hit_quickly',
  'kswapd_high_wmark_hit_quickly', 'pageoutrun', 'pgrotated', 'drop_pagecache', 'drop_slab', 'oom_kill',
  'pgmigrate_success', 'pgmigrate_fail', 'thp_migration_success', 'thp_migration_fail', 'thp_migration_split',
  'compact_migrate_scanned', 'compact_free_scanned', 'compact_isolated', 'compact_stall', 'compact_fail',
  'compact_success', 'compact_daemon_wake', 'compact_daemon_migrate_scanned', 'compact_daemon_free_scanned',
  'cma_alloc_success', 'cma_alloc_fail', 'unevictable_pgs_culled', 'unevictable_pgs_scanned',
  'unevictable_pgs_rescued', 'unevictable_pgs_mlocked', 'unevictable_pgs_munlocked', 'unevictable_pgs_cleared',
  'unevictable_pgs_stranded', 'balloon_inflate', 'balloon_deflate', 'balloon_migrate', 'swap_ra', 'swap_ra_hit'
] as const
export const PGALLOC_NORMAL = 4 // + zone index
export const PGFREE = 13
export const PGFAULT = 17
export const OOM_KILL = 42
export const COMPACT_ISOLATED = 50
export const CMA_ALLOC_SUCCESS = 57
export const CMA_ALLOC_FAIL = 58
export const NR_VM_EVENT_ITEMS = vm_event_names.length
