/*
 * The kernel-module path as the machine will use it: compile a module with
 * kernel predefines against an embedder-supplied include tree, bind printk
 * and kmalloc as natives, call its init function through the Runtime, and get
 * a CTrap with the call chain when it dereferences NULL (what becomes an Oops).
 */
import { describe, expect, it } from 'vitest'
import { formatC } from './format'
import { CTrap, compile, type NativeFn } from './index'
import { UserMemory } from './usermem'

const HEADERS: Record<string, string> = {
  '/kernel/include/linux/module.h': `#pragma once
#include <linux/init.h>
#include <linux/kernel.h>
#define MODULE_LICENSE(x) static const char __mod_license[] __attribute__((section(".modinfo"), unused)) = "license=" x
#define module_param(name, type, perm) static void *__param_##name __attribute__((unused)) = &name
#define MODULE_PARM_DESC(p, d)
#define MODULE_DESCRIPTION(d)
`,
  '/kernel/include/linux/init.h': `#pragma once
#define __init __attribute__((section(".init.text"), cold))
#define __exit __attribute__((section(".exit.text")))
#define module_init(fn) int init_module(void) __attribute__((alias(#fn)));
#define module_exit(fn) void cleanup_module(void) __attribute__((alias(#fn)));
`,
  '/kernel/include/linux/kernel.h': `#pragma once
#define KERN_INFO "\\001" "6"
#define KERN_ERR "\\001" "3"
#define NULL ((void *)0)
typedef unsigned int size_t;
typedef unsigned int gfp_t;
#define GFP_KERNEL 0xcc0u
#define PAGE_SIZE 4096UL
int _printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define printk(fmt, ...) _printk(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO fmt, ##__VA_ARGS__)
void *kmalloc(size_t size, gfp_t flags);
void kfree(const void *p);
`
}

const MODULE = `#include <linux/module.h>
static int mem = 64;
module_param(mem, int, 0444);
static char *buf;
static int __init my_init(void)
{
	unsigned long order;
	printk(KERN_INFO "mod: PAGE_SIZE=%lu mem=%d\\n", PAGE_SIZE, mem);
	for (order = 0; order < 3; order++)
		pr_info(" order=%2lu size=%8lu\\n", order, PAGE_SIZE << order);
	buf = kmalloc(100, GFP_KERNEL);
	if (!buf)
		return -12;
	buf[0] = 'k';
	return 0;
}
static int __init bad_init(void)
{
	int *p = NULL;
	pr_info("about to write to NULL\\n");
	*p = 42;
	return 0;
}
static void __exit my_exit(void)
{
	kfree(buf);
	pr_info("mod: exit %c\\n", buf[0]);
}
module_init(my_init);
module_exit(my_exit);
MODULE_LICENSE("GPL");
`

describe('cc kernel modules', () => {
  it('compiles with kernel predefines, calls natives, reports faults with the call chain', () => {
    const r = compile([{ name: 'mod.c', contents: MODULE }], {
      mode: 'kernel',
      textBase: 0xbf000000,
      dataBase: 0xbf002000,
      externals: new Set(['_printk', 'kmalloc', 'kfree']),
      readFile: (p) => HEADERS[p] ?? null,
      includeDirs: ['/kernel/include'],
      defines: { KBUILD_MODNAME: '"mod"', CONFIG_HIGHMEM: '1' }
    })
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(r.ok).toBe(true)
    const mem = new UserMemory()
    for (const s of r.program!.image.segments) {
      mem.map(s.addr, Math.max(s.size, 1), true)
      if (s.bytes.length) mem.write(s.addr, s.bytes)
    }
    mem.map(0xc1000000, 0x10000, true) // "kmalloc" arena
    mem.map(0xc2000000, 0x4000, true) // kernel stack
    const log: string[] = []
    let next = 0xc1000000
    const bindings: Record<string, NativeFn> = {
      _printk: (a, rt) => {
        const bytes = formatC(rt.mem, Number(a[0]), rt.va(Number(a[a.length - 1])))
        log.push(String.fromCharCode(...bytes))
        return bytes.length
      },
      kmalloc: (a) => {
        const p = next
        next += (Number(a[0]) + 7) & ~7
        return p
      },
      kfree: () => undefined
    }
    const rt = r.program!.instantiate({ mem, bindings, stackTop: 0xc2004000 })
    expect(rt.call('my_init')).toBe(0)
    expect(log).toEqual(['\u00016mod: PAGE_SIZE=4096 mem=64\n', '\u00016 order= 0 size=    4096\n', '\u00016 order= 1 size=    8192\n', '\u00016 order= 2 size=   16384\n'])
    rt.call('my_exit')
    expect(log[log.length - 1]).toBe('\u00016mod: exit k\n')
    let trap: CTrap | undefined
    try {
      rt.call('bad_init')
    } catch (e) {
      trap = e as CTrap
    }
    expect(trap).toBeInstanceOf(CTrap)
    expect(trap!.kind).toBe('fault')
    expect(trap!.addr).toBe(0)
    expect(trap!.access).toBe('write')
    expect(trap!.chain[0].fn).toBe('bad_init')
    expect(trap!.chain[0].off).toBe(8 + 16 * 2)
    expect(rt.symbol('bad_init')!.addr).toBeGreaterThanOrEqual(0xbf000000)
  })

  it('stops a runaway loop through the interrupt flag and counts instructions', () => {
    const r = compile([{ name: 'spin.c', contents: 'int spin(void) { volatile int x = 0; for (;;) x++; return x; }' }], {
      mode: 'kernel', textBase: 0xbf000000, externals: new Set()
    })
    const mem = new UserMemory()
    mem.map(0xc2000000, 0x4000, true)
    const flag = new Int32Array(1)
    let checks = 0
    const rt = r.program!.instantiate({ mem, bindings: {}, stackTop: 0xc2004000, interrupt: flag, quantum: 10000, shouldStop: () => ++checks === 50 && (flag[0] = 1) === 1 && false })
    expect(() => rt.call('spin')).toThrow(CTrap)
    expect(rt.icount).toBeGreaterThan(400000)
  })
})

describe('cc ABIs', () => {
  it('lays out types for LP64 (arm64) and reports that its code generation is pending', async () => {
    const { ABI_LP64_ARM64 } = await import('./index')
    const src = '_Static_assert(sizeof(long) == 8 && sizeof(void *) == 8, "lp64"); struct s { char c; long l; }; _Static_assert(sizeof(struct s) == 16, "layout"); int f(void) { return 0; }'
    const r = compile([{ name: 'a.c', contents: src }], { abi: ABI_LP64_ARM64, textBase: 0x10000, externals: new Set() })
    expect(r.ok).toBe(false)
    expect(r.diagnostics.map((d) => d.message)).toEqual(['code generation for lp64-arm64 is not implemented yet (only ILP32 ARM)'])
  })
})
