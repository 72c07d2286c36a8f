/*
 * The machine's kernel include tree, part 2: memory management (gfp, slab,
 * vmalloc, mm, mm_types, mmzone, highmem) and the ARM asm headers with the
 * layout of the simulated board (VMSPLIT_3G, PHYS_OFFSET 0x60000000).
 * Values that depend on the RAM size (high_memory, VMALLOC_START) are read
 * from kernel variables, as on the real kernel.
 */

import * as G from '../mm/gfp'

const hex = (n: number): string => '0x' + (n >>> 0).toString(16) + 'u'

const GFP_BITS: Array<[string, number]> = [
  ['DMA', G.__GFP_DMA], ['HIGHMEM', G.__GFP_HIGHMEM], ['DMA32', G.__GFP_DMA32], ['MOVABLE', G.__GFP_MOVABLE],
  ['RECLAIMABLE', G.__GFP_RECLAIMABLE], ['HIGH', G.__GFP_HIGH], ['IO', G.__GFP_IO], ['FS', G.__GFP_FS],
  ['ZERO', G.__GFP_ZERO], ['ATOMIC', G.__GFP_ATOMIC], ['DIRECT_RECLAIM', G.__GFP_DIRECT_RECLAIM],
  ['KSWAPD_RECLAIM', G.__GFP_KSWAPD_RECLAIM], ['WRITE', G.__GFP_WRITE], ['NOWARN', G.__GFP_NOWARN],
  ['RETRY_MAYFAIL', G.__GFP_RETRY_MAYFAIL], ['NOFAIL', G.__GFP_NOFAIL], ['NORETRY', G.__GFP_NORETRY],
  ['MEMALLOC', G.__GFP_MEMALLOC], ['COMP', G.__GFP_COMP], ['NOMEMALLOC', G.__GFP_NOMEMALLOC],
  ['HARDWALL', G.__GFP_HARDWALL], ['THISNODE', G.__GFP_THISNODE], ['ACCOUNT', G.__GFP_ACCOUNT],
  ['ZEROTAGS', G.__GFP_ZEROTAGS]
]

const gfpTypes = `#ifndef __LINUX_GFP_TYPES_H
#define __LINUX_GFP_TYPES_H
typedef unsigned int gfp_t;
${GFP_BITS.map(([n, v]) => `#define ___GFP_${n} ${hex(v)}`).join('\n')}
#define ___GFP_SKIP_ZERO 0
#define ___GFP_SKIP_KASAN_UNPOISON 0
#define ___GFP_SKIP_KASAN_POISON 0
#define ___GFP_NOLOCKDEP 0
${GFP_BITS.map(([n]) => `#define __GFP_${n} ((gfp_t)___GFP_${n})`).join('\n')}
#define __GFP_SKIP_ZERO ((gfp_t)___GFP_SKIP_ZERO)
#define __GFP_SKIP_KASAN_UNPOISON ((gfp_t)___GFP_SKIP_KASAN_UNPOISON)
#define __GFP_SKIP_KASAN_POISON ((gfp_t)___GFP_SKIP_KASAN_POISON)
#define __GFP_NOLOCKDEP ((gfp_t)___GFP_NOLOCKDEP)
#define __GFP_RECLAIM ((gfp_t)(___GFP_DIRECT_RECLAIM|___GFP_KSWAPD_RECLAIM))
#define __GFP_BITS_SHIFT 26
#define __GFP_BITS_MASK ((gfp_t)((1 << __GFP_BITS_SHIFT) - 1))
#define GFP_ATOMIC (__GFP_HIGH|__GFP_ATOMIC|__GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT (__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO (__GFP_RECLAIM)
#define GFP_NOFS (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER (__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA __GFP_DMA
#define GFP_DMA32 __GFP_DMA32
#define GFP_HIGHUSER (GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE | __GFP_SKIP_KASAN_POISON | __GFP_SKIP_KASAN_UNPOISON)
#define GFP_TRANSHUGE_LIGHT ((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM)
#define GFP_TRANSHUGE (GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)
#endif
`

export const MM_HEADERS: Record<string, string> = {
  'linux/gfp_types.h': gfpTypes,
  'linux/gfp.h': `#ifndef __LINUX_GFP_H
#define __LINUX_GFP_H
#include <linux/gfp_types.h>
#include <linux/mmzone.h>
#include <linux/topology.h>
struct page;
struct page *alloc_pages(gfp_t gfp_mask, unsigned int order);
#define alloc_page(gfp_mask) alloc_pages(gfp_mask, 0)
#define alloc_pages_node(nid, gfp_mask, order) alloc_pages(gfp_mask, order)
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp_mask);
#define __get_free_page(gfp_mask) __get_free_pages((gfp_mask), 0)
#define __get_dma_pages(gfp_mask, order) __get_free_pages((gfp_mask) | GFP_DMA, (order))
void *alloc_pages_exact(size_t size, gfp_t gfp_mask);
void free_pages_exact(void *virt, size_t size);
void __free_pages(struct page *page, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
#define __free_page(page) __free_pages((page), 0)
#define free_page(addr) free_pages((addr), 0)
static inline __attribute__((unused)) bool gfpflags_allow_blocking(const gfp_t gfp_flags) { return !!(gfp_flags & __GFP_DIRECT_RECLAIM); }
#endif
`,
  'linux/topology.h': `#ifndef _LINUX_TOPOLOGY_H
#define _LINUX_TOPOLOGY_H
#define numa_node_id() 0
#define NUMA_NO_NODE (-1)
#endif
`,
  'linux/mm_types.h': `#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H
#include <linux/types.h>
#include <linux/list.h>
#include <linux/spinlock.h>
struct address_space;
struct page {
	unsigned long flags;
	union {
		struct {
			struct list_head lru;
			struct address_space *mapping;
			pgoff_t index;
			unsigned long private;
		};
		struct {
			unsigned long compound_head;
			unsigned char compound_dtor;
			unsigned char compound_order;
			atomic_t compound_mapcount;
			atomic_t compound_pincount;
		};
		struct callback_head callback_head;
	};
	union {
		atomic_t _mapcount;
		unsigned int page_type;
	};
	atomic_t _refcount;
};
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	struct vm_area_struct *vm_next, *vm_prev;
	struct mm_struct *vm_mm;
	unsigned long vm_page_prot;
	unsigned long vm_flags;
	unsigned long vm_pgoff;
	struct file *vm_file;
	void *vm_private_data;
};
struct mm_struct {
	struct vm_area_struct *mmap;
	unsigned long mmap_base;
	unsigned long task_size;
	void *pgd;
	atomic_t mm_users;
	atomic_t mm_count;
	int map_count;
	unsigned long hiwater_rss;
	unsigned long hiwater_vm;
	unsigned long total_vm;
	unsigned long locked_vm;
	unsigned long data_vm;
	unsigned long exec_vm;
	unsigned long stack_vm;
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long rss_file, rss_anon, rss_swap, rss_shmem;
};
static inline __attribute__((unused)) unsigned long get_mm_rss(struct mm_struct *mm) { return mm->rss_file + mm->rss_anon + mm->rss_shmem; }
#endif
`,
  'linux/mmzone.h': `#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H
#include <linux/types.h>
#include <linux/list.h>
#include <asm/page.h>
#define MAX_ORDER 11
#define MAX_ORDER_NR_PAGES (1 << (MAX_ORDER - 1))
#define pageblock_order (MAX_ORDER - 1)
#define pageblock_nr_pages (1UL << pageblock_order)
#define PAGE_ALLOC_COSTLY_ORDER 3
#define MAX_NR_ZONES 3
#define MAX_NUMNODES 1
enum migratetype { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_PCPTYPES, MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES, MIGRATE_CMA, MIGRATE_ISOLATE, MIGRATE_TYPES };
enum zone_type { ZONE_NORMAL, ZONE_HIGHMEM, ZONE_MOVABLE, __MAX_NR_ZONES };
enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, WMARK_PROMO, NR_WMARK };
enum zone_stat_item { NR_FREE_PAGES, NR_ZONE_LRU_BASE, NR_ZONE_INACTIVE_ANON = NR_ZONE_LRU_BASE, NR_ZONE_ACTIVE_ANON, NR_ZONE_INACTIVE_FILE, NR_ZONE_ACTIVE_FILE, NR_ZONE_UNEVICTABLE, NR_ZONE_WRITE_PENDING, NR_MLOCK, NR_BOUNCE, NR_FREE_CMA_PAGES, NR_VM_ZONE_STAT_ITEMS };
struct free_area { struct list_head free_list[MIGRATE_TYPES]; unsigned long nr_free; };
struct pglist_data;
struct zone {
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	unsigned long nr_reserved_highatomic;
	long lowmem_reserve[MAX_NR_ZONES];
	struct pglist_data *zone_pgdat;
	unsigned long zone_start_pfn;
	atomic_long_t managed_pages;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long cma_pages;
	const char *name;
	struct free_area free_area[MAX_ORDER];
	atomic_long_t vm_stat[NR_VM_ZONE_STAT_ITEMS];
};
typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	int nr_zones;
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
} pg_data_t;
extern struct pglist_data contig_page_data;
#define NODE_DATA(nid) (&contig_page_data)
#define min_wmark_pages(z) ((z)->_watermark[WMARK_MIN] + (z)->watermark_boost)
#define low_wmark_pages(z) ((z)->_watermark[WMARK_LOW] + (z)->watermark_boost)
#define high_wmark_pages(z) ((z)->_watermark[WMARK_HIGH] + (z)->watermark_boost)
static inline __attribute__((unused)) unsigned long zone_managed_pages(struct zone *zone) { return (unsigned long)zone->managed_pages.counter; }
static inline __attribute__((unused)) bool populated_zone(struct zone *zone) { return zone->present_pages; }
unsigned long zone_page_state(struct zone *zone, enum zone_stat_item item);
unsigned long global_zone_page_state(enum zone_stat_item item);
#define for_each_zone(zone) for (zone = (NODE_DATA(0))->node_zones; zone < (NODE_DATA(0))->node_zones + MAX_NR_ZONES; zone++)
#define zone_idx(zone) ((zone) - (zone)->zone_pgdat->node_zones)
static inline __attribute__((unused)) int is_highmem(struct zone *zone) { return zone_idx(zone) == ZONE_HIGHMEM; }
#endif
`,
  'linux/vmstat.h': `#include <linux/mmzone.h>
`,
  'linux/mm.h': `#ifndef _LINUX_MM_H
#define _LINUX_MM_H
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mmzone.h>
#include <linux/mm_types.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/memory.h>
#define PAGE_ALIGN(addr) ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr) IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)
extern void *high_memory;
extern unsigned long max_mapnr;
extern struct page *mem_map;
unsigned long totalram_pages(void);
unsigned long totalhigh_pages(void);
unsigned long nr_free_pages(void);
#define nr_free_pages() global_zone_page_state(NR_FREE_PAGES)
void *page_address(const struct page *page);
struct zone *page_zone(const struct page *page);
int page_zonenum(const struct page *page);
int PageHighMem(const struct page *page);
int PageReserved(const struct page *page);
int PageSlab(const struct page *page);
int PageBuddy(const struct page *page);
int PageCompound(const struct page *page);
int page_count(const struct page *page);
int page_ref_count(const struct page *page);
int page_mapcount(struct page *page);
void get_page(struct page *page);
void put_page(struct page *page);
void split_page(struct page *page, unsigned int order);
#define lowmem_page_address page_address
#define page_to_virt(page) page_address(page)
#define virt_to_head_page virt_to_page
int is_vmalloc_addr(const void *x);
int is_vmalloc_or_module_addr(const void *x);
struct page *vmalloc_to_page(const void *addr);
unsigned long vmalloc_to_pfn(const void *addr);
#define get_order(n) __get_order(n)
int __get_order(unsigned long size);
void *kvmalloc_node(size_t size, gfp_t flags, int node);
#define kvmalloc(size, flags) kvmalloc_node(size, flags, NUMA_NO_NODE)
#define kvzalloc(size, flags) kvmalloc_node(size, (flags) | __GFP_ZERO, NUMA_NO_NODE)
void kvfree(const void *addr);
struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram;
	unsigned long freeram;
	unsigned long sharedram;
	unsigned long bufferram;
	unsigned long totalswap;
	unsigned long freeswap;
	unsigned short procs;
	unsigned short pad;
	unsigned long totalhigh;
	unsigned long freehigh;
	unsigned int mem_unit;
	char _f[8];
};
void si_meminfo(struct sysinfo *val);
#endif
`,
  'linux/slab.h': `#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H
#include <linux/gfp.h>
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/cache.h>
#define SLAB_CONSISTENCY_CHECKS ((slab_flags_t)0x00000100U)
#define SLAB_RED_ZONE ((slab_flags_t)0x00000400U)
#define SLAB_POISON ((slab_flags_t)0x00000800U)
#define SLAB_KMALLOC ((slab_flags_t)0x00001000U)
#define SLAB_HWCACHE_ALIGN ((slab_flags_t)0x00002000U)
#define SLAB_CACHE_DMA ((slab_flags_t)0x00004000U)
#define SLAB_CACHE_DMA32 ((slab_flags_t)0x00008000U)
#define SLAB_STORE_USER ((slab_flags_t)0x00010000U)
#define SLAB_PANIC ((slab_flags_t)0x00040000U)
#define SLAB_TYPESAFE_BY_RCU ((slab_flags_t)0x00080000U)
#define SLAB_MEM_SPREAD ((slab_flags_t)0x00100000U)
#define SLAB_TRACE ((slab_flags_t)0x00200000U)
#define SLAB_NOLEAKTRACE ((slab_flags_t)0x00800000U)
#define SLAB_ACCOUNT ((slab_flags_t)0x04000000U)
#define SLAB_RECLAIM_ACCOUNT ((slab_flags_t)0x00020000U)
#define SLAB_TEMPORARY SLAB_RECLAIM_ACCOUNT
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)
#define ARCH_KMALLOC_MINALIGN 64
#define ARCH_DMA_MINALIGN 64
#define KMALLOC_MIN_SIZE ARCH_KMALLOC_MINALIGN
#define KMALLOC_SHIFT_LOW 6
#define KMALLOC_SHIFT_HIGH (PAGE_SHIFT + 1)
#define KMALLOC_SHIFT_MAX (MAX_ORDER + PAGE_SHIFT - 1)
#define KMALLOC_MAX_SIZE (1UL << KMALLOC_SHIFT_MAX)
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_ORDER (KMALLOC_SHIFT_MAX - PAGE_SHIFT)
struct kmem_cache;
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align, slab_flags_t flags, void (*ctor)(void *));
struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size, unsigned int align, slab_flags_t flags, unsigned int useroffset, unsigned int usersize, void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *s);
int kmem_cache_shrink(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
void kmem_cache_free(struct kmem_cache *s, void *objp);
unsigned int kmem_cache_size(struct kmem_cache *s);
#define kmem_cache_zalloc(k, flags) kmem_cache_alloc(k, (flags) | __GFP_ZERO)
#define KMEM_CACHE(__struct, __flags) kmem_cache_create(#__struct, sizeof(struct __struct), __alignof__(struct __struct), (__flags), NULL)
void *__kmalloc(size_t size, gfp_t flags);
#define kmalloc(size, flags) __kmalloc(size, flags)
#define kmalloc_node(size, flags, node) __kmalloc(size, flags)
#define kzalloc(size, flags) __kmalloc(size, (flags) | __GFP_ZERO)
void *kmalloc_array(size_t n, size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void *krealloc(const void *objp, size_t new_size, gfp_t flags);
void kfree(const void *objp);
void kfree_sensitive(const void *objp);
size_t ksize(const void *objp);
#endif
`,
  'linux/vmalloc.h': `#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H
#include <linux/types.h>
#include <linux/gfp.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#define VM_IOREMAP 0x00000001
#define VM_ALLOC 0x00000002
#define VM_MAP 0x00000004
#define VM_USERMAP 0x00000008
#define VM_DMA_COHERENT 0x00000010
#define VM_UNINITIALIZED 0x00000020
#define VM_NO_GUARD 0x00000040
#define VM_KASAN 0x00000080
#define VM_FLUSH_RESET_PERMS 0x00000100
#define VM_MAP_PUT_PAGES 0x00000200
#define VM_NO_HUGE_VMAP 0x00000400
struct vm_struct;
void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void *__vmalloc(unsigned long size, gfp_t gfp_mask);
void *vmalloc_user(unsigned long size);
void *vmalloc_32(unsigned long size);
void vfree(const void *addr);
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot);
void vunmap(const void *addr);
extern int is_vmalloc_addr(const void *x);
struct page *vmalloc_to_page(const void *addr);
unsigned long vmalloc_to_pfn(const void *addr);
#endif
`,
  'linux/highmem.h': `#ifndef _LINUX_HIGHMEM_H
#define _LINUX_HIGHMEM_H
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <asm/highmem.h>
#include <asm/fixmap.h>
void *kmap(struct page *page);
void kunmap(struct page *page);
void *kmap_atomic(struct page *page);
void __kunmap_atomic(void *addr);
#define kunmap_atomic(addr) __kunmap_atomic((void *)(addr))
void *kmap_local_page(struct page *page);
void __kunmap_local(void *addr);
#define kunmap_local(addr) __kunmap_local((void *)(addr))
struct page *kmap_to_page(void *addr);
static inline __attribute__((unused)) void clear_highpage(struct page *page) { void *kaddr = kmap_local_page(page); memset(kaddr, 0, PAGE_SIZE); kunmap_local(kaddr); }
static inline __attribute__((unused)) void memset_page(struct page *page, size_t offset, int val, size_t len) { char *addr = kmap_local_page(page); memset(addr + offset, val, len); kunmap_local(addr); }
#endif
`,
  'asm/highmem.h': `#ifndef _ASM_HIGHMEM_H
#define _ASM_HIGHMEM_H
#include <asm/memory.h>
#define PKMAP_BASE (PAGE_OFFSET - PMD_SIZE)
#define LAST_PKMAP PTRS_PER_PTE
#define LAST_PKMAP_MASK (LAST_PKMAP - 1)
#define PKMAP_NR(virt) (((virt) - PKMAP_BASE) >> PAGE_SHIFT)
#define PKMAP_ADDR(nr) (PKMAP_BASE + ((nr) << PAGE_SHIFT))
#define ARCH_NEEDS_KMAP_HIGH_GET
#endif
`,
  'asm/fixmap.h': `#ifndef _ASM_FIXMAP_H
#define _ASM_FIXMAP_H
#define FIXADDR_START 0xffc80000UL
#define FIXADDR_END 0xfff00000UL
#define FIXADDR_TOP (FIXADDR_END - PAGE_SIZE)
#define KM_MAX_IDX 16
#define NR_CPUS 8
enum fixed_addresses { FIX_EARLYCON_MEM_BASE, __end_of_permanent_fixed_addresses, FIX_KMAP_BEGIN = __end_of_permanent_fixed_addresses, FIX_KMAP_END = FIX_KMAP_BEGIN + (KM_MAX_IDX * NR_CPUS) - 1, __end_of_fixed_addresses };
#define __fix_to_virt(x) (FIXADDR_TOP - ((x) << PAGE_SHIFT))
#define fix_to_virt(x) __fix_to_virt(x)
#endif
`,
  'asm/page.h': `#ifndef _ASMARM_PAGE_H
#define _ASMARM_PAGE_H
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~((1 << PAGE_SHIFT) - 1))
typedef unsigned long pteval_t;
typedef unsigned long pmdval_t;
typedef struct { pteval_t pte; } pte_t;
typedef struct { pmdval_t pgd[2]; } pgd_t;
typedef pteval_t pgprot_t;
#define PAGE_KERNEL 0x653
#include <asm/memory.h>
#endif
`,
  'asm/memory.h': `#ifndef __ASM_ARM_MEMORY_H
#define __ASM_ARM_MEMORY_H
#include <linux/types.h>
#include <asm/page.h>
#define PAGE_OFFSET 0xC0000000UL
#define PHYS_OFFSET 0x60000000UL
#define PHYS_PFN_OFFSET (PHYS_OFFSET >> PAGE_SHIFT)
#define ARCH_PFN_OFFSET PHYS_PFN_OFFSET
#define KERNEL_OFFSET PAGE_OFFSET
#define TASK_SIZE (0xBF000000UL)
#define TASK_UNMAPPED_BASE (0x40000000UL)
#define MODULES_VADDR (PAGE_OFFSET - SZ_16M)
#define MODULES_END (PAGE_OFFSET - PMD_SIZE)
#define XIP_VIRT_ADDR(physaddr) (physaddr)
#define SZ_1K 0x00000400
#define SZ_4K 0x00001000
#define SZ_64K 0x00010000
#define SZ_1M 0x00100000
#define SZ_2M 0x00200000
#define SZ_4M 0x00400000
#define SZ_8M 0x00800000
#define SZ_16M 0x01000000
#define SZ_32M 0x02000000
#define SZ_64M 0x04000000
#define SZ_128M 0x08000000
#define SZ_256M 0x10000000
#define SZ_512M 0x20000000
#define SZ_1G 0x40000000
#define PMD_SHIFT 21
#define PMD_SIZE (1UL << PMD_SHIFT)
#define PGDIR_SHIFT 21
#define PGDIR_SIZE (1UL << PGDIR_SHIFT)
#define PTRS_PER_PTE 512
#define PTRS_PER_PMD 1
#define PTRS_PER_PGD 2048
#define __pa(x) __virt_to_phys((unsigned long)(x))
#define __va(x) ((void *)__phys_to_virt((phys_addr_t)(x)))
#define __virt_to_phys(x) ((phys_addr_t)(x) - PAGE_OFFSET + PHYS_OFFSET)
#define __phys_to_virt(x) ((unsigned long)((x) - PHYS_OFFSET + PAGE_OFFSET))
#define __pa_symbol(x) __pa(x)
#define PFN_ALIGN(x) (((unsigned long)(x) + (PAGE_SIZE - 1)) & PAGE_MASK)
#define PFN_UP(x) (((x) + PAGE_SIZE-1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)
#define PFN_PHYS(x) ((phys_addr_t)(x) << PAGE_SHIFT)
#define PHYS_PFN(x) ((unsigned long)((x) >> PAGE_SHIFT))
#define __phys_to_pfn(paddr) PHYS_PFN(paddr)
#define __pfn_to_phys(pfn) PFN_PHYS(pfn)
static inline __attribute__((unused)) phys_addr_t virt_to_phys(const volatile void *x) { return __virt_to_phys((unsigned long)(x)); }
static inline __attribute__((unused)) void *phys_to_virt(phys_addr_t x) { return (void *)__phys_to_virt(x); }
#define virt_to_pfn(kaddr) ((((unsigned long)(kaddr) - PAGE_OFFSET) >> PAGE_SHIFT) + PHYS_PFN_OFFSET)
struct page;
struct page *pfn_to_page(unsigned long pfn);
unsigned long page_to_pfn(const struct page *page);
#define virt_to_page(kaddr) pfn_to_page(virt_to_pfn(kaddr))
#define page_to_phys(page) ((phys_addr_t)page_to_pfn(page) << PAGE_SHIFT)
#define phys_to_page(phys) (pfn_to_page(__phys_to_pfn(phys)))
int virt_addr_valid(const void *kaddr);
#define pfn_valid(pfn) __pfn_valid(pfn)
int __pfn_valid(unsigned long pfn);
#endif
`,
  'asm/pgtable.h': `#ifndef _ASMARM_PGTABLE_H
#define _ASMARM_PGTABLE_H
#include <asm/page.h>
#include <asm/memory.h>
extern void *high_memory;
#define VMALLOC_OFFSET (8*1024*1024)
#define VMALLOC_START (((unsigned long)high_memory + VMALLOC_OFFSET) & ~(VMALLOC_OFFSET-1))
#define VMALLOC_END 0xff800000UL
#define FIRST_USER_ADDRESS (PAGE_SIZE * 2)
#endif
`,
  'asm/io.h': `#ifndef __ASM_ARM_IO_H
#define __ASM_ARM_IO_H
#include <linux/types.h>
#include <asm/memory.h>
void *ioremap(resource_size_t res_cookie, size_t size);
void iounmap(volatile void *addr);
#endif
`,
  'linux/io.h': `#include <asm/io.h>
`,
  'asm/cache.h': `#define L1_CACHE_SHIFT 6
#define L1_CACHE_BYTES (1 << L1_CACHE_SHIFT)
#define cache_line_size() L1_CACHE_BYTES
`,
  'linux/cache.h': `#include <asm/cache.h>
`
}
