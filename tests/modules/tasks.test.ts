/*
 * Kernel structures a module reads: current (insmod), for_each_process
 * over init_task.tasks, task->mm counters, mm->mmap's VMA list, backed by
 * the machine's task list and address spaces.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { afterBoot, runWithShare } from './run'

const here = dirname(fileURLToPath(import.meta.url))
const PG = `#include <linux/module.h>
#include <linux/mm.h>
#include <linux/gfp.h>
static int __init pg_init(void)
{
	struct page *p = alloc_pages(GFP_KERNEL, 0);
	struct page *h = alloc_page(GFP_HIGHUSER);
	pr_info("pg: zone=%lu count=%d mapcount=%d\\n", p->flags >> 30, page_count(p), page_mapcount(p));
	pr_info("pg: high zone=%lu\\n", h->flags >> 30);
	get_page(p);
	pr_info("pg: after get_page count=%d\\n", page_count(p));
	put_page(p);
	__free_page(p);
	__free_page(h);
	return 0;
}
module_init(pg_init);
MODULE_LICENSE("GPL");
`

describe('task_struct, mm_struct, vm_area_struct', () => {
  const r = runWithShare(
    { 'ps.c': readFileSync(join(here, 'fixtures', 'tasklist.c'), 'utf8'), 'pg.c': PG, 'h.c': readFileSync(join(here, 'fixtures', 'headers.c'), 'utf8'), 'Makefile': 'obj-m := ps.o pg.o h.o\nall:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n' },
    ['cd /mnt', 'make > /dev/null 2>&1', 'ps | wc -l', 'insmod ps.ko', 'insmod pg.ko', 'insmod h.ko']
  )
  const out = afterBoot(r.output)

  it('struct page: the zone in flags bits 30-31, _refcount with get_page, _mapcount', () => {
    expect(out).toContain('pg: zone=0 count=1 mapcount=0')
    expect(out).toContain('pg: high zone=1')
    expect(out).toContain('pg: after get_page count=2')
  })

  it('the smaller headers: version, sizes, log2, bitops, random, pfn', () => {
    expect(out).toContain('h: ver=393664 (1) SZ_1M=1048576 ilog2(4096)=12 roundup=4096 pow2=1 bit40=1 r_nonzero=1 PFN_UP=2')
  })

  it('current is insmod, with an mm', () => {
    expect(out).toMatch(/current: insmod pid=\d+ mm=yes\n/)
  })

  it('for_each_process walks every task; user tasks show their mm counters', () => {
    const n = Number(/# ps \| wc -l\n(\d+)\n/.exec(out)![1]) - 1
    const counted = Number(/(\d+) processes\n/.exec(out)![1])
    // ps ran as its own task, and insmod runs now: the same count (ps' header line excluded)
    expect(counted).toBe(n)
    expect(out).toMatch(/\] +1 init +total_vm=\d+ rss=\d+\n/)
    expect(out).toMatch(/\] +\d+ insmod +total_vm=\d+ rss=\d+\n/)
  })

  it("walks current->mm's VMAs in address order, from the text at 0x10000 to the stack", () => {
    const vmas = [...out.matchAll(/vma ([0-9a-f]{8})-([0-9a-f]{8}) flags/g)].map((m) => [parseInt(m[1]!, 16), parseInt(m[2]!, 16)] as const)
    expect(vmas.length).toBeGreaterThan(4)
    expect(vmas[0]![0]).toBe(0x10000)
    for (let i = 1; i < vmas.length; i++) expect(vmas[i]![0]).toBeGreaterThanOrEqual(vmas[i - 1]![1])
    expect(vmas[vmas.length - 1]![1]).toBeGreaterThan(0xbe000000)
  })
})
