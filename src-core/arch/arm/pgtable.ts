/*
 * arch/arm/include/asm/pgtable-2level*.h, pgtable-hwdef.h, memory.h and
 * fixmap.h for the vexpress-a9 build (ARMv7, no LPAE, SMP, VMSPLIT_3G):
 * the kernel virtual address map and the bits of the short-descriptor page
 * table entries as 6.1 writes them.
 *
 * Layout of a 2-level table as Linux/ARM keeps it (pgtable-2level.h):
 *   - the L1 table (pgd) has 4096 hardware entries of 4 bytes (16 KiB); Linux
 *     treats them as 2048 pairs, one pgd_t per 2 MiB;
 *   - one PTE page (4 KiB) serves a pair: Linux's own entries for the two
 *     MiB at +0x000 and +0x400 (L_PTE_* bits), the hardware tables at +0x800
 *     and +0xc00 (PTE_HWTABLE_OFF); the even L1 entry points at page+0x800,
 *     the odd one at page+0xc00.
 *   - lowmem is mapped with 1 MiB section entries.
 *
 * Worked example (SUMMARY §9): *pgd=9c57f831 is a PTE page at 0x9c57f000,
 * hardware table at +0x800, | PMD_TYPE_TABLE(1) | PMD_BIT4(0x10) |
 * PMD_DOMAIN(DOMAIN_USER=1) = 0x20.
 *
 * Left out: LPAE, supersections, the memory-type remap registers (the TEX/C/B
 * bits below are the values cpu_v7_set_pte_ext writes with TEX remap on).
 */

export const PAGE_OFFSET = 0xc0000000
export const PHYS_OFFSET = 0x60000000
export const TASK_SIZE = 0xbf000000
export const MODULES_VADDR = 0xbf000000
export const MODULES_END = 0xbfe00000
export const PKMAP_BASE = 0xbfe00000
export const LAST_PKMAP = 512
export const PKMAP_END = PKMAP_BASE + LAST_PKMAP * 4096
export const FIXADDR_START = 0xffc80000
export const FIXADDR_END = 0xfff00000
export const FIXADDR_TOP = FIXADDR_END - 4096 // 0xffeff000
/* fixmap.h: FIX_KMAP_BEGIN .. FIX_KMAP_END = KM_MAX_IDX * NR_CPUS slots, growing down from FIXADDR_TOP. */
export const KM_MAX_IDX = 16
export const NR_CPUS = 8
/* enum fixed_addresses: FIX_EARLYCON_MEM_BASE (0), then FIX_KMAP_BEGIN: the first kmap slot is 0xffefe000. */
export const FIX_KMAP_BEGIN = 1
export const FIX_KMAP_END = FIX_KMAP_BEGIN + KM_MAX_IDX * NR_CPUS - 1
export const SECTION_SHIFT = 20
export const SECTION_SIZE = 1 << SECTION_SHIFT

/* Domains (asm/domain.h). */
export const DOMAIN_KERNEL = 0
export const DOMAIN_USER = 1
export const DOMAIN_IO = 2

/* L1 (pmd) descriptor bits (pgtable-2level-hwdef.h). */
export const PMD_TYPE_MASK = 3
export const PMD_TYPE_FAULT = 0
export const PMD_TYPE_TABLE = 1
export const PMD_TYPE_SECT = 2
export const PMD_BIT4 = 1 << 4
export const PMD_DOMAIN = (d: number): number => d << 5
export const PMD_SECT_BUFFERABLE = 1 << 2
export const PMD_SECT_CACHEABLE = 1 << 3
export const PMD_SECT_XN = 1 << 4
export const PMD_SECT_AP_WRITE = 1 << 10
export const PMD_SECT_AP_READ = 1 << 11
export const PMD_SECT_TEX = (x: number): number => x << 12
export const PMD_SECT_APX = 1 << 15
export const PMD_SECT_S = 1 << 16
export const PMD_SECT_WBWA = PMD_SECT_TEX(1) | PMD_SECT_CACHEABLE | PMD_SECT_BUFFERABLE

/** _PAGE_KERNEL_TABLE / _PAGE_USER_TABLE */
export const _PAGE_KERNEL_TABLE = PMD_TYPE_TABLE | PMD_BIT4 | PMD_DOMAIN(DOMAIN_KERNEL)
export const _PAGE_USER_TABLE = PMD_TYPE_TABLE | PMD_BIT4 | PMD_DOMAIN(DOMAIN_USER)

/**
 * mem_types[MT_MEMORY_RW].prot_sect after build_mem_type_table() on an SMP
 * ARMv7 with write-allocate caching: 0x1141e (the value ARM Oopses print for
 * lowmem, e.g. "*pgd=6001141e").
 */
export const PROT_SECT_MEMORY_RW = PMD_TYPE_SECT | PMD_SECT_AP_WRITE | PMD_SECT_XN | PMD_SECT_S | PMD_SECT_WBWA | PMD_DOMAIN(DOMAIN_KERNEL)
/** MT_MEMORY_RWX (kernel text sections before mark_rodata_ro): no XN. */
export const PROT_SECT_MEMORY_RWX = PMD_TYPE_SECT | PMD_SECT_AP_WRITE | PMD_SECT_S | PMD_SECT_WBWA | PMD_DOMAIN(DOMAIN_KERNEL)

/* Linux PTE bits (pgtable-2level.h). */
export const L_PTE_VALID = 1 << 0
export const L_PTE_PRESENT = 1 << 0
export const L_PTE_YOUNG = 1 << 1
export const L_PTE_DIRTY = 1 << 6
export const L_PTE_RDONLY = 1 << 7
export const L_PTE_USER = 1 << 8
export const L_PTE_XN = 1 << 9
export const L_PTE_SHARED = 1 << 10
export const L_PTE_MT_WRITEALLOC = 0x07 << 2
export const L_PTE_MT_DEV_SHARED = 0x04 << 2
/** PAGE_KERNEL on this board: present, young, dirty, XN, write-allocate, shared. */
export const PAGE_KERNEL = L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_DIRTY | L_PTE_XN | L_PTE_MT_WRITEALLOC | L_PTE_SHARED
/** PAGE_KERNEL_EXEC (module text). */
export const PAGE_KERNEL_EXEC = PAGE_KERNEL & ~L_PTE_XN
/** MT_DEVICE's pte bits (ioremap): shared device, XN. */
export const PROT_PTE_DEVICE = L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_DIRTY | L_PTE_XN | L_PTE_MT_DEV_SHARED | L_PTE_SHARED

/* Hardware small-page PTE bits (pgtable-2level-hwdef.h). */
export const PTE_EXT_XN = 1 << 0
export const PTE_TYPE_SMALL = 2
export const PTE_BUFFERABLE = 1 << 2
export const PTE_CACHEABLE = 1 << 3
export const PTE_EXT_AP0 = 1 << 4
export const PTE_EXT_AP1 = 2 << 4
export const PTE_EXT_TEX = (x: number): number => x << 6
export const PTE_EXT_APX = 1 << 9
export const PTE_EXT_SHARED = 1 << 10
export const PTE_EXT_NG = 1 << 11

/** The Linux-PTE offset of the hardware table inside a PTE page. */
export const PTE_HWTABLE_OFF = 2048
export const PTRS_PER_PTE = 512

/**
 * cpu_v7_set_pte_ext() (proc-v7-2level.S): the hardware PTE for a Linux
 * PTE. Memory type bits: TEX[0], C, B carry L_PTE_MT bits 4..2 (TEX remap).
 */
export function hw_pte(linux: number): number {
  if (!(linux & L_PTE_PRESENT)) return 0
  const pa = linux & 0xfffff000
  let hw = pa | PTE_TYPE_SMALL | PTE_EXT_AP0
  const mt = (linux >>> 2) & 7
  if (mt & 1) hw |= PTE_BUFFERABLE
  if (mt & 2) hw |= PTE_CACHEABLE
  if (mt & 4) hw |= PTE_EXT_TEX(1)
  if (linux & L_PTE_RDONLY) hw |= PTE_EXT_APX
  if (linux & L_PTE_USER) hw |= PTE_EXT_AP1 | PTE_EXT_NG
  if (linux & L_PTE_XN) hw |= PTE_EXT_XN
  if (linux & L_PTE_SHARED) hw |= PTE_EXT_SHARED
  return hw >>> 0
}

/* Fault status (arch/arm/mm/fsr-2level.c, DFSR short-descriptor format). */
export const FSR_WRITE = 1 << 11
export const FSR_FS_SECTION_TRANSLATION = 0x5
export const FSR_FS_PAGE_TRANSLATION = 0x7
export const FSR_FS_SECTION_DOMAIN = 0x9
export const FSR_FS_PAGE_DOMAIN = 0xb
export const FSR_FS_SECTION_PERMISSION = 0xd
export const FSR_FS_PAGE_PERMISSION = 0xf
export const fsr_names: Record<number, string> = {
  [FSR_FS_SECTION_TRANSLATION]: 'section translation fault',
  [FSR_FS_PAGE_TRANSLATION]: 'page translation fault',
  [FSR_FS_SECTION_DOMAIN]: 'section domain fault',
  [FSR_FS_PAGE_DOMAIN]: 'page domain fault',
  [FSR_FS_SECTION_PERMISSION]: 'section permission fault',
  [FSR_FS_PAGE_PERMISSION]: 'page permission fault'
}

/** include/asm-generic/fixmap.h __fix_to_virt(): slot idx from FIXADDR_TOP downwards. */
export function fix_to_virt(idx: number): number {
  return FIXADDR_TOP - idx * 4096
}
