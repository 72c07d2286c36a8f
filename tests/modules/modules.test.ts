/*
 * Kernel modules end to end on a 1 GB vexpress-a9: the lab folder's make,
 * insmod, dmesg, lsmod, rmmod, and the reference modules (fixtures copied
 * from the reference run's modules/ folder) with the verdicts and
 * message shapes of the reference log (SUMMARY §4-§9).
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { afterBoot, runWithShare } from './run'

const here = dirname(fileURLToPath(import.meta.url))
const fixture = (name: string): string => readFileSync(join(here, 'fixtures', name), 'utf8')
const MAKEFILE = (objs: string): string => `obj-m := ${objs}\nKDIR ?= /lib/modules/$(shell uname -r)/build\nall:\n\t$(MAKE) -C $(KDIR) M=$(CURDIR) modules\nclean:\n\t$(MAKE) -C $(KDIR) M=$(CURDIR) clean\n`
const LAB3 = '/mnt/rlk_lab/rlk_basic/chapter_9_mm/lab3_alloc_mm'

/** Kernel lines without their timestamps. */
const klines = (out: string): string[] => out.split('\n').filter((l) => /^\[\s*\d+\.\d{6}\] /.test(l)).map((l) => l.replace(/^\[\s*\d+\.\d{6}\] /, ''))

describe('the bundled lab3_alloc_mm, as the handout runs it', () => {
  const r = runWithShare({}, [`cd ${LAB3}`, 'make', 'echo make=$?', 'insmod allocmm.ko', 'echo insmod=$?', 'lsmod', 'cat /proc/modules', 'cat /sys/module/allocmm/parameters/mem', 'rmmod allocmm', 'echo rmmod=$?', 'lsmod'])
  const out = afterBoot(r.output)
  const k = klines(out)

  it('builds with Kbuild 6.1 lines (composite object allocmm-objs)', () => {
    expect(out).toContain(
      `make -C /lib/modules/\`uname -r\`/build M=${LAB3} modules;\n` +
        `make[1]: Entering directory '/usr/src/linux'\n` +
        `  CC [M]  ${LAB3}/alloc_mm.o\n` +
        `  LD [M]  ${LAB3}/allocmm.o\n` +
        `  MODPOST ${LAB3}/Module.symvers\n` +
        `  CC [M]  ${LAB3}/allocmm.mod.o\n` +
        `  LD [M]  ${LAB3}/allocmm.ko\n` +
        `make[1]: Leaving directory '/usr/src/linux'\n`
    )
    expect(out).toContain('make=0')
    expect(r.host.files.has('rlk_lab/rlk_basic/chapter_9_mm/lab3_alloc_mm/allocmm.ko')).toBe(true)
  })

  it('finds order 10 (4 MB) as the largest block of __get_free_pages and kmalloc', () => {
    expect(k).toContain('allocmm: loading out-of-tree module taints kernel.')
    for (let o = 0; o <= 10; o++) {
      const line = ` order=${String(o).padStart(2)}, pages=${String(1 << o).padStart(5)}, size=${String(4096 << o).padStart(8)} `
      expect(k.filter((x) => x === line)).toHaveLength(2)
    }
    expect(k.filter((x) => x === '... __get_free_pages OK')).toHaveLength(11)
    expect(k.filter((x) => x === '... kmalloc OK')).toHaveLength(11)
    expect(k).toContain('... __get_free_pages failed')
    expect(k).toContain('... kmalloc failed')
    // the first order >= MAX_ORDER request of the boot WARNs (WARN_ON_ONCE_GFP)
    expect(k).toContain('WARNING: CPU: 0 PID: ' + /PID: (\d+) at/.exec(out)![1] + ' at mm/page_alloc.c:5634 __alloc_pages+0xfe0/0x1180')
    expect(k).toContain('Modules linked in: allocmm(O+)')
    expect(k.some((x) => /^ __get_free_pages from try_pages\+0x[0-9a-f]+\/0x[0-9a-f]+ \[allocmm\]$/.test(x))).toBe(true)
    expect(k).toContain(' do_one_initcall from do_init_module+0x44/0x1d8')
    expect(k).toContain(' sys_finit_module from ret_fast_syscall+0x0/0x54')
  })

  it('vmalloc: 20, 40, 60 MB fit the 67 MB hole of the vmalloc area, 80 MB fails with the vmap message', () => {
    expect(k.filter((x) => x === '... vmalloc OK')).toHaveLength(3)
    expect(k).toContain(' pages= 20480, size=      80 ')
    expect(k).toContain('vmap allocation for size 83890176 failed: use vmalloc=<size> to increase size')
    expect(k).toContain('insmod: vmalloc error: size 83886080, vm_struct allocation failed, mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0')
    expect(k.some((x) => /^ vmalloc from try_vmalloc\+0x[0-9a-f]+\/0x[0-9a-f]+ \[allocmm\]$/.test(x))).toBe(true)
    expect(k).toContain('... vmalloc failed')
  })

  it('lsmod, /proc/modules and /sys/module in busybox/6.1 formats; rmmod runs exit', () => {
    expect(out).toContain('Module                  Size  Used by    Tainted: G  \nallocmm                16384  0 \n')
    expect(out).toContain('allocmm 16384 0 - Live 0xbf000000 (O)\n')
    expect(out).toContain('\n1024\n')
    expect(k).toContain('allocmm: bye')
    expect(out).toContain('rmmod=0')
    // the second lsmod, after rmmod, lists nothing
    expect(out.split('allocmm                16384  0 \n')).toHaveLength(2)
    expect(out).toMatch(/rmmod=0\n\S* # lsmod\nModule {18}Size  Used by    Tainted: G  \n\S* # $/)
  })
})

describe('reference modules', () => {
  const files: Record<string, string> = {
    'Makefile': MAKEFILE('alloc_page_lab.o kmalloc_limits.o null_oops.o vmalloc_test.o'),
    'alloc_page_lab.c': fixture('alloc_page_lab.c'),
    'kmalloc_limits.c': fixture('kmalloc_limits.c'),
    'null_oops.c': fixture('null_oops.c'),
    'vmalloc_test.c': fixture('vmalloc_test.c')
  }
  const r = runWithShare(files, [
    'cd /mnt',
    'make > /dev/null; echo make=$?',
    'insmod alloc_page_lab.ko; rmmod alloc_page_lab',
    'insmod kmalloc_limits.ko; rmmod kmalloc_limits',
    'insmod vmalloc_test.ko; rmmod vmalloc_test',
    'insmod null_oops.ko; echo "insmod rc=$?"',
    'cat /proc/modules; lsmod',
    'rmmod null_oops; echo "rmmod null_oops rc=$?"',
    'cat /proc/sys/kernel/tainted'
  ])
  const out = afterBoot(r.output)
  const k = klines(out)

  it('alloc_page_lab: HighMem page has no address until kmap (pkmap slot 1), fresh kmap_atomic takes the fixmap', () => {
    expect(out).toContain('make=0')
    const hi = k.find((x) => x.startsWith('GFP_HIGHUSER_MOVABLE: struct page='))!
    expect(hi).toMatch(/pfn=(\d+) \(0x[0-9a-f]+\) phys=0x[0-9a-f]{8} zone=HighMem PageHighMem=1 page_address=00000000$/)
    expect(Number(/pfn=(\d+)/.exec(hi)![1])).toBeGreaterThanOrEqual(589824)
    const lo = k.find((x) => x.startsWith('GFP_KERNEL: struct page='))!
    expect(lo).toMatch(/zone=Normal PageHighMem=0 page_address=c[0-9a-f]{7}$/)
    expect(k).toContain('GFP_KERNEL: after memset(0x55): byte[0]=0x55 byte[4095]=0x55')
    expect(k).toContain('kmap: addr=bfe01000 (in pkmap area: yes)')
    expect(k).toContain('kmap: kunmap done, page_address() now=bfe01000')
    expect(k).toContain('kmap_atomic: addr=bfe01000 (in fixmap area: no) byte[0]=0x55')
    expect(k).toContain('kmap_local_page: addr=bfe01000 (in fixmap area: no) byte[0]=0xaa')
    expect(k).toContain('fresh kmap_atomic: addr=ffefe000 (in fixmap area: yes, in pkmap area: no)')
    expect(k.some((x) => x.startsWith('nested kmap_local_page (2nd slot): addr=ffefd000 '))).toBe(true)
    expect(k.filter((x) => /^extra\[\d\]: pfn=\d+ highmem=1 kmap=bfe0[234]000$/.test(x))).toHaveLength(3)
  })

  it('kmalloc_limits: the limit is KMALLOC_MAX_SIZE, %p is (ptrval), limit+1 WARNs from __kmalloc_large_node', () => {
    expect(k).toContain('kmalloc_limits: PAGE_SIZE=4096 KMALLOC_SHIFT_HIGH=13 KMALLOC_SHIFT_MAX=22 KMALLOC_MAX_CACHE_SIZE=8192 KMALLOC_MAX_SIZE=4194304 KMALLOC_MAX_ORDER=10 KMALLOC_MIN_SIZE=64 MAX_ORDER=11')
    expect(k.find((x) => x.startsWith('kmallocmem1'))).toMatch(/^kmallocmem1 \(size 1024\) addr = \(ptrval\) \(hashed %p\), c[0-9a-f]{7} \(%px\), ksize=1024$/)
    expect(k).toContain('kmalloc_limits: largest successful kmalloc = 4194304 bytes (4096 KB, 4 MB); smallest failing = 4194305 bytes')
    expect(k).toContain(' __alloc_pages from __kmalloc_large_node+0x68/0x100')
    expect(k).toContain(' __kmalloc_large_node from __kmalloc+0x70/0x174')
    expect(k.some((x) => /^ kmalloc_limits_init \[kmalloc_limits\] from do_one_initcall\+0x58\/0x200$/.test(x))).toBe(true)
    expect(k).toContain('Failed to allocate kmallocmem4!')
    expect(k).toContain('kmalloc_limits: exit, all freed')
  })

  it('vmalloc_test: 67 MB is the largest vmalloc, the big ones fail in vmap', () => {
    expect(k).toContain('vmalloc_test: VMALLOC_START=0xf0800000 VMALLOC_END=0xff800000 (240 MB) KMALLOC_MAX_SIZE=4194304 totalram_pages=256664')
    expect(k).toContain('vmalloc_test: largest single vmalloc (nothing else held by this module, __GFP_NORETRY so no OOM kill): 67 MB (68 MB fails)')
    expect(k.find((x) => x.startsWith('vmallocmem3'))).toMatch(/^vmallocmem3 \(size 67108864\) addr = f[0-9a-f]{7}, is_vmalloc_addr=1, pfn of first page=6\d{5}$/)
    expect(k).toContain('vmap allocation for size 4202496 failed: use vmalloc=<size> to increase size')
    expect(k).toContain('Failed to allocate vmallocmem4!')
    for (const mb of [200, 240, 256, 300, 600]) expect(k).toContain(`vmalloc_test: vmalloc(${mb} MB) failed`)
  })

  it('null_oops: the ARM Oops of a domain fault, insmod killed, module stuck Loading with a reference', () => {
    const i = k.indexOf('null_oops: about to write to a NULL pointer')
    expect(i).toBeGreaterThan(0)
    const oops = k.slice(i + 1)
    expect(oops.slice(0, 5)).toEqual([
      '8<--- cut here ---',
      'Unhandled fault: page domain fault (0x81b) at 0x00000000',
      expect.stringMatching(/^\[00000000\] \*pgd=[0-9a-f]{8}$/),
      'Internal error: : 81b [#1] SMP ARM',
      'Modules linked in: null_oops(O+) [last unloaded: vmalloc_test(O)]'
    ])
    expect(oops).toContain('Hardware name: ARM-Versatile Express')
    expect(oops.find((x) => x.startsWith('PC is at'))).toMatch(/^PC is at null_oops_init\+0x[0-9a-f]+\/0x1000 \[null_oops\]$/)
    expect(oops.find((x) => x.startsWith('pc : '))).toMatch(/^pc : \[<bf005[0-9a-f]{3}>\]    lr : \[<bf005[0-9a-f]{3}>\]    psr: 60040013$/)
    expect(oops).toContain('Flags: nZCv  IRQs on  FIQs on  Mode SVC_32  ISA ARM  Segment none')
    expect(oops.filter((x) => /^Register r\d+ information: /.test(x))).toHaveLength(13)
    expect(oops).toContain('Register r0 information: 4-page vmalloc region starting at 0xbf000000 allocated at load_module+0x970/0x1d44')
    expect(oops.some((x) => /^Process insmod \(pid: \d+, stack limit = 0x\(ptrval\)\)$/.test(x))).toBe(true)
    expect(oops).toContain(' null_oops_init [null_oops] from do_one_initcall+0x58/0x200')
    expect(oops).toContain(' sys_finit_module from ret_fast_syscall+0x0/0x54')
    expect(oops.find((x) => x.startsWith('Code: '))).toMatch(/^Code: ([0-9a-f]{8} ){4}\([0-9a-f]{8}\) $/)
    expect(oops).toContain('---[ end trace 0000000000000000 ]---')
    expect(oops.some((x) => /^note: insmod\[\d+\] exited with irqs disabled$/.test(x))).toBe(true)
    expect(out).toContain('Segmentation fault\ninsmod rc=139\n')
    expect(out).toContain('null_oops 32768 1 - Loading 0xbf000000 (O+)\n')
    expect(out).toContain('null_oops              32768  1 \n')
    expect(out).toContain("rmmod: can't unload module 'null_oops': Device or resource busy\nrmmod null_oops rc=1\n")
    // O (4096) + W (512, the kmalloc WARN) + D (128)
    expect(out).toContain('\n4736\n')
  })
})

describe('build errors', () => {
  const r = runWithShare(
    {
      'bad/hello.c': '#include <linux/module.h>\n#include <linux/init.h>\n\nstatic int __init hello_init(void)\n{\n\tpr_info("hello\\n")\n\treturn 0;\n}\nmodule_init(hello_init);\nMODULE_LICENSE("GPL");\n',
      'bad/Makefile':
        'ifneq ($(KERNELRELEASE),)\nobj-m := hello.o\nelse\nKERNELDIR ?= /usr/lib/modules/$(shell uname -r)/build\nPWD := $(shell pwd)\nmodules:\n\t$(MAKE) -C $(KERNELDIR) M=$(PWD) modules\nendif\n',
      'undef/x.c': '#include <linux/module.h>\nint foo(void);\nstatic int __init x_init(void) { return foo(); }\nmodule_init(x_init);\nMODULE_LICENSE("GPL");\n',
      'undef/Makefile': 'obj-m:=x.o\nLINUX_KERNEL:=$(shell uname -r)\nLINUX_KERNEL_PATH:=/usr/src/linux-headers-$(LINUX_KERNEL)\nCURRENT_PAHT:=$(shell pwd)\nall:\n\tmake -C $(LINUX_KERNEL_PATH) M=$(CURRENT_PAHT) modules\n'
    },
    ['cd /mnt/bad', 'make', 'echo rc=$?', 'ls', 'insmod hello.ko; echo rc=$?', 'lsmod', 'cd /mnt/undef', 'make', 'echo rc=$?']
  )
  const out = afterBoot(r.output)

  it("a syntax error gives gcc's diagnostic and make's error lines, and nothing is built or loaded", () => {
    expect(out).toContain(
      '  CC [M]  /mnt/bad/hello.o\n' +
        "/mnt/bad/hello.c: In function 'hello_init':\n" +
        "/mnt/bad/hello.c:6:9: error: expected ';' before 'return'\n"
    )
    expect(out).toContain(
      'make[2]: *** [scripts/Makefile.build:250: /mnt/bad/hello.o] Error 1\n' +
        'make[1]: *** [Makefile:2012: /mnt/bad] Error 2\n' +
        "make[1]: Leaving directory '/usr/src/linux'\n" +
        'make: *** [Makefile:7: modules] Error 2\n'
    )
    expect(out).toContain('rc=2')
    expect([...r.host.files.keys()].filter((f) => f.startsWith('bad/'))).toEqual(['bad/hello.c', 'bad/Makefile'])
    expect(out).toContain("insmod: can't insert 'hello.ko': No such file or directory\nrc=1\n")
    expect(out).not.toContain('hello  ')
  })

  it('an undefined symbol stops modpost', () => {
    expect(out).toContain('  MODPOST /mnt/undef/Module.symvers\nERROR: modpost: "foo" [/mnt/undef/x.ko] undefined!\n')
    expect(out).toContain('make[2]: *** [scripts/Makefile.modpost:126: /mnt/undef/Module.symvers] Error 1\n')
    expect(out).toContain('make: *** [Makefile:6: all] Error 2\n')
  })
})
