/*
 * 实验 9-3 (seed 000, part 2): the largest block __get_free_pages(),
 * kmalloc() and vmalloc() can give, found by doubling (pages) and by 20 MB
 * steps (vmalloc, up to `mem` MB). Our own source.
 */

import type { LabFolder } from './index'

const SRC = `// SPDX-License-Identifier: GPL-2.0
/*
 * lab3_alloc_mm: how large a block can each allocator give?
 *
 *  1. __get_free_pages(GFP_ATOMIC, order)   physically contiguous, lowmem
 *  2. kmalloc(size, GFP_ATOMIC)             > 8 KB goes straight to the page allocator
 *  3. vmalloc(size)                         virtually contiguous, 20 MB steps up to mem MB
 *
 * GFP_ATOMIC never sleeps and never reclaims: it takes what is free now.
 * The loops go one order past MAX_ORDER - 1 on purpose: in Linux 6.1 the
 * largest order is MAX_ORDER - 1, so the last try must fail.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/vmalloc.h>

static int mem = 1024;
module_param(mem, int, 0444);
MODULE_PARM_DESC(mem, "vmalloc test upper limit in MB (default 1024)");

#define MB (1024 * 1024)

static void try_pages(void)
{
	unsigned long order, size;
	unsigned long addr;

	for (order = 0, size = PAGE_SIZE; order <= MAX_ORDER; order++, size <<= 1) {
		pr_info(" order=%2lu, pages=%5lu, size=%8lu ", order, size / PAGE_SIZE, size);
		addr = __get_free_pages(GFP_ATOMIC, order);
		if (!addr) {
			pr_err("... __get_free_pages failed\\n");
			return;
		}
		pr_info("... __get_free_pages OK\\n");
		free_pages(addr, order);
	}
}

static void try_kmalloc(void)
{
	unsigned long order, size;
	void *buf;

	for (order = 0, size = PAGE_SIZE; order <= MAX_ORDER; order++, size <<= 1) {
		pr_info(" order=%2lu, pages=%5lu, size=%8lu ", order, size / PAGE_SIZE, size);
		buf = kmalloc(size, GFP_ATOMIC);
		if (!buf) {
			pr_err("... kmalloc failed\\n");
			return;
		}
		pr_info("... kmalloc OK\\n");
		kfree(buf);
	}
}

static void try_vmalloc(void)
{
	unsigned long size;
	void *buf;

	for (size = 20 * MB; size <= (unsigned long)mem * MB; size += 20 * MB) {
		pr_info(" pages=%6lu, size=%8lu ", size / PAGE_SIZE, size / MB);
		buf = vmalloc(size);
		if (!buf) {
			pr_err("... vmalloc failed\\n");
			return;
		}
		pr_info("... vmalloc OK\\n");
		vfree(buf);
	}
}

static int __init my_init(void)
{
	try_pages();
	try_kmalloc();
	try_vmalloc();
	return 0;
}

static void __exit my_exit(void)
{
	pr_info("allocmm: bye\\n");
}

module_init(my_init);
module_exit(my_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("kmemlab");
MODULE_DESCRIPTION("lab3: largest __get_free_pages/kmalloc/vmalloc block");
`

const MAKEFILE = `BASEINCLUDE ?= /lib/modules/\`uname -r\`/build

allocmm-objs := alloc_mm.o

obj-m	:=   allocmm.o
all :
	$(MAKE) -C $(BASEINCLUDE) M=$(PWD) modules;

clean:
	$(MAKE) -C $(BASEINCLUDE) M=$(PWD) clean;
	rm -f *.ko;
`

const README = `实验 9-3：分配内存 (lab3_alloc_mm)

  cd /mnt/rlk_lab/rlk_basic/chapter_9_mm/lab3_alloc_mm
  make
  insmod allocmm.ko          # 或 insmod allocmm.ko mem=200
  dmesg
  rmmod allocmm

分别用 __get_free_pages()、kmalloc() 和 vmalloc() 尝试分配越来越大的内存块，
观察每种接口能分配的最大值以及失败时内核打印的信息。

Lab 9-3: allocating memory. The module tries ever larger blocks with
__get_free_pages() (GFP_ATOMIC, order 0 up to MAX_ORDER), kmalloc() and
vmalloc() (20 MB steps up to mem= MB) and prints which sizes succeed.
Expect order 10 (4 MB) to be the largest block of the page allocator and
of kmalloc, and vmalloc to stop when the vmalloc area has no hole that big.
`

export const LAB3: LabFolder = {
  path: '/mnt/rlk_lab/rlk_basic/chapter_9_mm/lab3_alloc_mm',
  files: { 'alloc_mm.c': SRC, Makefile: MAKEFILE, 'README.txt': README }
}
