/*
 * The other lab folders, one per task of the handouts (our own sources):
 *   lab3_alloc_page  seed 000 part 1: alloc_page(), 0x55 fill, GFP_KERNEL vs GFP_HIGHUSER_MOVABLE
 *   kmalloc_lab      seed 002 task 1: kmallocmem1..4 (1 KB, 8 KB, the limit, above it)
 *   vmalloc_lab      seed 002 task 2: vmallocmem1..4 (8 KB, 1 MB, 64 MB, above kmalloc's limit)
 *   memory_lab       seed 001: kmalloc, __get_free_pages, vmalloc with goto cleanup
 *   vmtest, kmtest   seed 004: vmalloc/vfree and kmalloc/kfree of 4 KB
 *   kmem_cache_lab   seed 003: a kmem_cache of fixed-size objects
 *   kmap_lab         seed 003: kmap / kmap_atomic of a HighMem page
 */

import type { LabFolder } from './index'

const BASE = '/mnt/rlk_lab/rlk_basic/chapter_9_mm'

/** A Makefile in the handouts' style (BASEINCLUDE and `uname -r`, M=$(PWD)). */
const rlkMakefile = (mod: string, objs?: string): string =>
  `BASEINCLUDE ?= /lib/modules/\`uname -r\`/build\n\n${objs ? `${mod}-objs := ${objs}\n\n` : ''}obj-m\t:=   ${mod}.o\nall :\n\t$(MAKE) -C $(BASEINCLUDE) M=$(PWD) modules;\n\nclean:\n\t$(MAKE) -C $(BASEINCLUDE) M=$(PWD) clean;\n\trm -f *.ko;\n`

/** seed 002's Makefile: KERNELDIR from /usr/lib/modules, the KERNELRELEASE test. */
const kerneldirMakefile = (mod: string): string =>
  `ifneq ($(KERNELRELEASE),)\nobj-m := ${mod}.o\nelse\nKERNELDIR ?= /usr/lib/modules/$(shell uname -r)/build\nPWD := $(shell pwd)\n\nmodules:\n\t$(MAKE) -C $(KERNELDIR) M=$(PWD) modules\n\nclean:\n\t$(MAKE) -C $(KERNELDIR) M=$(PWD) clean\nendif\n`

/** seed 004's Makefile: /usr/src/linux-headers-$(uname -r). */
const headersMakefile = (mod: string): string =>
  `obj-m:=${mod}.o\n\nLINUX_KERNEL:=$(shell uname -r)\nLINUX_KERNEL_PATH:=/usr/src/linux-headers-$(LINUX_KERNEL)\nCURRENT_PATH:=$(shell pwd)\n\nall:\n\tmake -C $(LINUX_KERNEL_PATH) M=$(CURRENT_PATH) modules\nclean:\n\tmake -C $(LINUX_KERNEL_PATH) M=$(CURRENT_PATH) clean\n`

const readme = (zh: string, en: string, cmds: string): string => `${zh}\n\n${cmds}\n\n${en}\n`

const ALLOC_PAGE = `// SPDX-License-Identifier: GPL-2.0
/*
 * lab3_alloc_page: one page from alloc_page(), its physical address, its
 * kernel virtual address, filled with 0x55. GFP_KERNEL pages come from
 * ZONE_NORMAL (always mapped); GFP_HIGHUSER_MOVABLE pages come from
 * ZONE_HIGHMEM when the board has any: they have no kernel address until
 * kmap() maps them.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/string.h>

static struct page *pages[2];
static const char *names[2] = { "GFP_KERNEL", "GFP_HIGHUSER_MOVABLE" };

static void fill(int i, gfp_t gfp)
{
	struct page *page = alloc_page(gfp);
	unsigned char *va;
	phys_addr_t phys;

	if (!page) {
		pr_err("%s: alloc_page failed\\n", names[i]);
		return;
	}
	pages[i] = page;
	phys = page_to_phys(page);
	pr_info("%s: pfn=%lu phys=%pa zone=%s page_address=%px\\n", names[i],
		page_to_pfn(page), &phys, page_zone(page)->name, page_address(page));
	va = kmap(page);
	pr_info("%s: kmap=%px (%s)\\n", names[i], va,
		page_address(page) && !PageHighMem(page) ? "linear mapping" : "pkmap area");
	memset(va, 0x55, PAGE_SIZE);
	pr_info("%s: after memset: byte[0]=0x%02x byte[%lu]=0x%02x\\n", names[i],
		va[0], PAGE_SIZE - 1, va[PAGE_SIZE - 1]);
	kunmap(page);
}

static int __init alloc_page_init(void)
{
	fill(0, GFP_KERNEL);
	fill(1, GFP_HIGHUSER_MOVABLE);
	return 0;
}

static void __exit alloc_page_exit(void)
{
	int i;

	for (i = 0; i < 2; i++)
		if (pages[i])
			__free_page(pages[i]);
	pr_info("alloc_page: pages freed\\n");
}

module_init(alloc_page_init);
module_exit(alloc_page_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("lab3: alloc_page with GFP_KERNEL and GFP_HIGHUSER_MOVABLE");
`

const KMALLOC = `// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc_lab: kmallocmem1 = 1 KB, kmallocmem2 = 8 KB, kmallocmem3 = the
 * largest size kmalloc() gives, kmallocmem4 = one byte more. The limit is
 * searched with __GFP_NOWARN so only the last try shows the kernel's warning.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>

static void *kmallocmem1, *kmallocmem2, *kmallocmem3, *kmallocmem4;

static void *try(size_t size, gfp_t gfp, int n)
{
	void *p = kmalloc(size, gfp);

	if (!p)
		pr_info("Failed to allocate kmallocmem%d!\\n", n);
	else
		pr_info("kmallocmem%d (%zu bytes) addr = 0x%lx\\n", n, size, (unsigned long)p);
	return p;
}

static size_t find_limit(void)
{
	size_t lo = 1, hi = 64 << 20, mid;
	void *p;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		p = kmalloc(mid, GFP_KERNEL | __GFP_NOWARN);
		if (p) {
			kfree(p);
			lo = mid;
		} else {
			hi = mid;
		}
	}
	return lo;
}

static int __init kmalloc_lab_init(void)
{
	size_t limit;

	pr_info("kmalloc module loaded\\n");
	kmallocmem1 = try(1024, GFP_KERNEL, 1);
	kmallocmem2 = try(8192, GFP_KERNEL, 2);
	limit = find_limit();
	pr_info("kmalloc limit: %zu bytes (KMALLOC_MAX_SIZE = %lu)\\n", limit, KMALLOC_MAX_SIZE);
	kmallocmem3 = try(limit, GFP_KERNEL, 3);
	kmallocmem4 = try(limit + 1, GFP_KERNEL, 4);
	return 0;
}

static void __exit kmalloc_lab_exit(void)
{
	kfree(kmallocmem1);
	kfree(kmallocmem2);
	kfree(kmallocmem3);
	kfree(kmallocmem4);
	pr_info("kmalloc module unloaded\\n");
}

module_init(kmalloc_lab_init);
module_exit(kmalloc_lab_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kmallocmem1..4: 1 KB, 8 KB, the kmalloc limit, and above it");
`

const VMALLOC = `// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc_lab: vmallocmem1..3 = 8 KB, 1 MB, 64 MB; vmallocmem4 = more than
 * kmalloc's limit (KMALLOC_MAX_SIZE + 1). Virtually contiguous, in the
 * vmalloc area (VMALLOC_START..VMALLOC_END), pages from HighMem first.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

static void *vmallocmem[4];
static const unsigned long sizes[4] = { 8192, 1 << 20, 64 << 20, KMALLOC_MAX_SIZE + 1 };

static int __init vmalloc_lab_init(void)
{
	int i;

	pr_info("Start vmalloc! (vmalloc area 0x%lx-0x%lx)\\n", VMALLOC_START, VMALLOC_END);
	for (i = 0; i < 4; i++) {
		vmallocmem[i] = vmalloc(sizes[i]);
		if (!vmallocmem[i])
			pr_info("Failed to allocate vmallocmem%d!\\n", i + 1);
		else
			pr_info("vmallocmem%d addr = 0x%lx (%lu bytes, first page pfn %lu)\\n", i + 1,
				(unsigned long)vmallocmem[i], sizes[i], vmalloc_to_pfn(vmallocmem[i]));
	}
	return 0;
}

static void __exit vmalloc_lab_exit(void)
{
	int i;

	for (i = 0; i < 4; i++)
		vfree(vmallocmem[i]);
	pr_info("Exit vmalloc!\\n");
}

module_init(vmalloc_lab_init);
module_exit(vmalloc_lab_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vmallocmem1..4: 8 KB, 1 MB, 64 MB, above kmalloc's limit");
`

const MEMORY = `// SPDX-License-Identifier: GPL-2.0
/*
 * memory_lab: kmalloc(100), __get_free_pages(GFP_KERNEL, PAGE_NUM) and
 * vmalloc(1 MB), undone in reverse order with goto when one fails.
 * kmalloc and vmalloc return NULL on failure (not an ERR_PTR), and
 * __get_free_pages returns 0.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/vmalloc.h>

#define PAGE_NUM 4

static unsigned char *kernelkmalloc;
static unsigned long kernelpagemem;
static unsigned char *kernelvmalloc;

static int __init memory_lab_init(void)
{
	int ret = -ENOMEM;

	kernelkmalloc = kmalloc(100, GFP_KERNEL);
	if (!kernelkmalloc) {
		pr_err("kmalloc failed!\\n");
		goto failure_kmalloc;
	}
	pr_info("kmalloc space : 0x%lx\\n", (unsigned long)kernelkmalloc);

	kernelpagemem = __get_free_pages(GFP_KERNEL, PAGE_NUM);
	if (!kernelpagemem) {
		pr_err("get_free_pages failed!\\n");
		goto failure_get_free_pages;
	}
	pr_info("get_free_pages address: 0x%lx (order %d, %lu bytes)\\n", kernelpagemem, PAGE_NUM, PAGE_SIZE << PAGE_NUM);

	kernelvmalloc = vmalloc(1024 * 1024);
	if (!kernelvmalloc) {
		pr_err("vmalloc failed!\\n");
		goto failure_vmalloc;
	}
	pr_info("vmalloc address: 0x%lx\\n", (unsigned long)kernelvmalloc);
	return 0;

failure_vmalloc:
	free_pages(kernelpagemem, PAGE_NUM);
failure_get_free_pages:
	kfree(kernelkmalloc);
failure_kmalloc:
	return ret;
}

static void __exit memory_lab_exit(void)
{
	vfree(kernelvmalloc);
	free_pages(kernelpagemem, PAGE_NUM);
	kfree(kernelkmalloc);
	pr_info("memory: all freed\\n");
}

module_init(memory_lab_init);
module_exit(memory_lab_exit);
MODULE_LICENSE("GPL");
`

const VMTEST = `// SPDX-License-Identifier: GPL-2.0
/* vmtest: vmalloc/vfree of MEMORY_SIZE bytes */
#include <linux/vmalloc.h>
#include <linux/init.h>
#include <linux/module.h>

#define MEMORY_SIZE 4096

static char *buf;

static int __init vmtest_init(void)
{
	buf = vmalloc(MEMORY_SIZE);
	if (!buf)
		pr_info("vmalloc(%d) 分配内存失败!\\n", MEMORY_SIZE);
	else
		pr_info("vmalloc(%d) 成功, 地址 = 0x%lx\\n", MEMORY_SIZE, (unsigned long)buf);
	return 0;
}

static void __exit vmtest_exit(void)
{
	if (buf) {
		vfree(buf);
		pr_info("vfree 释放内存成功!\\n");
	}
	pr_info("内核模块退出成功!\\n");
}

module_init(vmtest_init);
module_exit(vmtest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("kernel module: vmalloc/vfree");
`

const KMTEST = VMTEST.replace('vmtest: vmalloc/vfree', 'kmtest: kmalloc/kfree')
  .replace('#include <linux/vmalloc.h>', '#include <linux/slab.h>')
  .replace('buf = vmalloc(MEMORY_SIZE);', 'buf = kmalloc(MEMORY_SIZE, GFP_KERNEL);')
  .replace(/vmalloc\(%d\)/g, 'kmalloc(%d)')
  .replace('vfree(buf);', 'kfree(buf);')
  .replace('vfree 释放', 'kfree 释放')
  .replace(/vmtest_/g, 'kmtest_')
  .replace('vmalloc/vfree");', 'kmalloc/kfree");')

const KMEM_CACHE = `// SPDX-License-Identifier: GPL-2.0
/*
 * kmem_cache_lab: a cache of struct student objects (fixed size), NOBJ
 * objects allocated at init and freed at exit. SLUB may merge the cache
 * with an existing one of the same size: look for it in /proc/slabinfo
 * and in /sys/kernel/slab/student_cache.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/string.h>

#define NOBJ 64

struct student {
	int id;
	char name[20];
	struct list_head list;
};

static struct kmem_cache *cache;
static struct student *objs[NOBJ];

static int __init kmem_cache_lab_init(void)
{
	int i;

	cache = kmem_cache_create("student_cache", sizeof(struct student), 0, SLAB_HWCACHE_ALIGN, NULL);
	if (!cache)
		return -ENOMEM;
	pr_info("kmem_cache_lab: sizeof(struct student)=%zu kmem_cache_size()=%u\\n",
		sizeof(struct student), kmem_cache_size(cache));
	for (i = 0; i < NOBJ; i++) {
		objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
		if (!objs[i])
			break;
		objs[i]->id = i;
		snprintf(objs[i]->name, sizeof(objs[i]->name), "student%d", i);
	}
	pr_info("kmem_cache_lab: %d objects, obj[0]=%px obj[1]=%px (%s, %s)\\n", i, objs[0], objs[1],
		objs[0]->name, objs[1]->name);
	return 0;
}

static void __exit kmem_cache_lab_exit(void)
{
	int i;

	for (i = 0; i < NOBJ; i++)
		if (objs[i])
			kmem_cache_free(cache, objs[i]);
	kmem_cache_destroy(cache);
	pr_info("kmem_cache_lab: cache destroyed\\n");
}

module_init(kmem_cache_lab_init);
module_exit(kmem_cache_lab_exit);
MODULE_LICENSE("GPL");
`

const KMAP = `// SPDX-License-Identifier: GPL-2.0
/*
 * kmap_lab: a HighMem page (GFP_HIGHUSER) mapped with kmap() (pkmap area,
 * may sleep) and with kmap_atomic() (fixmap slot, no sleeping until
 * kunmap_atomic), written through one mapping and read through the other.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/highmem.h>
#include <linux/mm.h>

static int __init kmap_lab_init(void)
{
	struct page *page = alloc_page(GFP_HIGHUSER);
	char *a, *b;

	if (!page)
		return -ENOMEM;
	pr_info("kmap_lab: pfn=%lu PageHighMem=%d page_address=%px\\n", page_to_pfn(page),
		PageHighMem(page) ? 1 : 0, page_address(page));
	a = kmap(page);
	snprintf(a, 64, "written through kmap at %px", a);
	pr_info("kmap_lab: kmap=%px\\n", a);
	kunmap(page);
	b = kmap_atomic(page);
	pr_info("kmap_lab: kmap_atomic=%px reads \\"%s\\"\\n", b, b);
	kunmap_atomic(b);
	__free_page(page);
	return 0;
}

static void __exit kmap_lab_exit(void)
{
	pr_info("kmap_lab: exit\\n");
}

module_init(kmap_lab_init);
module_exit(kmap_lab_exit);
MODULE_LICENSE("GPL");
`

const lab = (dir: string, src: string, file: string, makefile: string, zh: string, en: string, mod: string): LabFolder => ({
  path: `${BASE}/${dir}`,
  files: { [file]: src, Makefile: makefile, 'README.txt': readme(zh, en, `  cd ${BASE}/${dir}\n  make\n  insmod ${mod}.ko\n  dmesg | tail\n  rmmod ${mod}`) }
})

export const MM_LABS: LabFolder[] = [
  lab('lab3_alloc_page', ALLOC_PAGE, 'alloc_page.c', rlkMakefile('allocpage', 'alloc_page.o'),
    '实验 9-3 (1)：用 alloc_page() 分配一个物理页面，打印它的物理地址和内核虚拟地址，并填充 0x55。比较 GFP_KERNEL 与 GFP_HIGHUSER_MOVABLE。',
    'Lab 9-3 (1): allocate one page with alloc_page(), print its physical and kernel virtual address, fill it with 0x55; compare GFP_KERNEL with GFP_HIGHUSER_MOVABLE (a HighMem page has no address until kmap()).', 'allocpage'),
  lab('kmalloc_lab', KMALLOC, 'kmalloc.c', kerneldirMakefile('kmalloc'),
    '任务一：用 kmalloc() 为 kmallocmem1..4 分配 1KB、8KB、上限、比上限稍大的内存并打印地址。',
    'Task 1: kmalloc() for kmallocmem1..4: 1 KB, 8 KB, the largest size, and slightly more; print the addresses and where they lie.', 'kmalloc'),
  lab('vmalloc_lab', VMALLOC, 'vmalloc.c', kerneldirMakefile('vmalloc'),
    '任务二：用 vmalloc() 为 vmallocmem1..4 分配 8KB、1MB、64MB 和比 kmalloc 上限稍大的内存。',
    'Task 2: vmalloc() for vmallocmem1..4: 8 KB, 1 MB, 64 MB and more than the kmalloc limit.', 'vmalloc'),
  lab('memory_lab', MEMORY, 'memory.c', rlkMakefile('memory'),
    'kmalloc / __get_free_pages / vmalloc 三种分配方式，失败时用 goto 逐级释放。',
    'kmalloc, __get_free_pages and vmalloc, with goto cleanup on failure.', 'memory'),
  lab('vmtest', VMTEST, 'vmtest.c', headersMakefile('vmtest'), 'vmalloc/vfree 示例。', 'vmalloc/vfree example.', 'vmtest'),
  lab('kmtest', KMTEST, 'kmtest.c', headersMakefile('kmtest'), 'kmalloc/kfree 示例。', 'kmalloc/kfree example.', 'kmtest'),
  lab('kmem_cache_lab', KMEM_CACHE, 'kmem_cache.c', rlkMakefile('kmemcache', 'kmem_cache.o'),
    'kmem_cache_create / kmem_cache_alloc / kmem_cache_free / kmem_cache_destroy，观察 /proc/slabinfo。',
    'A kmem_cache of fixed-size objects; watch /proc/slabinfo and /sys/kernel/slab.', 'kmemcache'),
  lab('kmap_lab', KMAP, 'kmap.c', rlkMakefile('kmaplab', 'kmap.o'),
    'kmap 与 kmap_atomic 映射高端内存页面。', 'kmap and kmap_atomic of a HighMem page.', 'kmaplab')
]
