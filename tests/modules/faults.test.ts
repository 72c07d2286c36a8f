/*
 * Module code that misbehaves: a loop that never schedules (the soft-lockup
 * watchdog reports the stuck CPU every ~26 s, insmod never returns, the
 * machine stays usable), BUG_ON (the "kernel BUG at" Oops), an init that
 * fails (insmod's message, the module is gone), a module in use.
 */
import { describe, expect, it } from 'vitest'
import { afterBoot, runWithShare } from './run'

const MK = (objs: string): string => `obj-m := ${objs}\nall:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n`
/** Kernel lines (a background insmod's lines may follow the prompt on the same line). */
const klines = (out: string): string[] =>
  out
    .split('\n')
    .map((l) => /\[\s*\d+\.\d{6}\] (.*)$/.exec(l)?.[1])
    .filter((l): l is string => l !== undefined)

describe('panic() in a module', () => {
  const r = runWithShare(
    {
      'p.c': '#include <linux/module.h>\nstatic int __init p_init(void)\n{\n\tpanic("lab says stop: %d", 42);\n\treturn 0;\n}\nmodule_init(p_init);\nMODULE_LICENSE("GPL");\n',
      'Makefile': MK('p.o')
    },
    ['cd /mnt', 'make > /dev/null 2>&1', 'insmod p.ko', 'echo never']
  )
  const out = afterBoot(r.output)

  it('prints the panic with its backtrace and the end marker, and the board stops', () => {
    const k = klines(out)
    const i = k.indexOf('Kernel panic - not syncing: lab says stop: 42')
    expect(i).toBeGreaterThan(0)
    expect(k).toContain(' dump_stack_lvl from panic+0x108/0x33c')
    expect(k.some((x) => /^ panic from p_init\+0x[0-9a-f]+\/0x1000 \[p\]$/.test(x))).toBe(true)
    expect(k[k.length - 1]).toBe('---[ end Kernel panic - not syncing: lab says stop: 42 ]---')
    expect(out).not.toContain('never')
    expect(r.status).toBe(1)
  })
})

describe('misbehaving modules', () => {
  const r = runWithShare(
    {
      'Makefile': MK('spin.o bug.o fail.o param.o hold.o old.o'),
      'old.c': '#include <linux/module.h>\n#include <linux/kernel.h>\nint init_module(void)\n{\n\tprintk(KERN_INFO "old: hello\\n");\n\treturn 0;\n}\nvoid cleanup_module(void)\n{\n\tprintk(KERN_INFO "old: bye\\n");\n}\nMODULE_LICENSE("GPL");\n',
      'hold.c': '#include <linux/module.h>\nstatic int __init hold_init(void)\n{\n\treturn try_module_get(THIS_MODULE) ? 0 : -EBUSY;\n}\nstatic void __exit hold_exit(void) { }\nmodule_init(hold_init);\nmodule_exit(hold_exit);\nMODULE_LICENSE("GPL");\n',
      'spin.c': '#include <linux/module.h>\nstatic int __init spin_init(void)\n{\n\tvolatile unsigned long n = 0;\n\tpr_info("spin: looping forever\\n");\n\tfor (;;)\n\t\tn++;\n\treturn 0;\n}\nmodule_init(spin_init);\nMODULE_LICENSE("GPL");\n',
      'bug.c': '#include <linux/module.h>\nstatic int count = 3;\nstatic int __init bug_init(void)\n{\n\tBUG_ON(count > 2);\n\treturn 0;\n}\nmodule_init(bug_init);\nMODULE_LICENSE("GPL");\n',
      'fail.c': '#include <linux/module.h>\n#include <linux/errno.h>\nstatic int __init fail_init(void)\n{\n\tpr_info("fail: refusing to load\\n");\n\treturn -ENODEV;\n}\nmodule_init(fail_init);\nMODULE_LICENSE("GPL");\n',
      'param.c':
        '#include <linux/module.h>\n#include <linux/moduleparam.h>\nstatic int n = 1;\nstatic char *who = "world";\nstatic bool loud;\nstatic int arr[4];\nstatic int narr;\nmodule_param(n, int, 0644);\nmodule_param(who, charp, 0444);\nmodule_param(loud, bool, 0444);\nmodule_param_array(arr, int, &narr, 0444);\nMODULE_PARM_DESC(n, "how many");\nstatic int __init param_init(void)\n{\n\tint i;\n\tfor (i = 0; i < n; i++)\n\t\tpr_info("hello %s%s\\n", who, loud ? "!" : "");\n\tpr_info("narr=%d arr[0]=%d arr[2]=%d\\n", narr, arr[0], arr[2]);\n\treturn 0;\n}\nstatic void __exit param_exit(void) { }\nmodule_init(param_init);\nmodule_exit(param_exit);\nMODULE_LICENSE("GPL");\nMODULE_AUTHOR("kmemlab");\nMODULE_DESCRIPTION("parameters");\n'
    },
    [
      'cd /mnt',
      'make > /dev/null; echo make=$?',
      'insmod param.ko n=2 who=lab loud=1 arr=5,6,7; echo rc=$?',
      'cat /sys/module/param/parameters/n /sys/module/param/parameters/who /sys/module/param/parameters/loud /sys/module/param/parameters/arr',
      'modinfo param.ko',
      'insmod param.ko; echo rc=$?',
      'rmmod param',
      'insmod hold.ko; lsmod | grep hold; rmmod hold; echo rc=$?',
      'insmod old.ko; rmmod old',
      'insmod fail.ko; echo rc=$?',
      'cat /proc/modules',
      'insmod bug.ko; echo rc=$?',
      'insmod spin.ko &',
      'sleep 60',
      'cat /proc/modules',
      'echo alive'
    ]
  )
  const out = afterBoot(r.output)
  const k = klines(out)

  it('parameters of every kind, /sys/module, modinfo, EEXIST', () => {
    expect(out).toContain('make=0')
    expect(k.filter((x) => x === 'hello lab!')).toHaveLength(2)
    expect(k).toContain('narr=3 arr[0]=5 arr[2]=7')
    expect(out).toContain('rc=0\n')
    expect(out).toContain('2\nlab\nY\n5,6,7\n')
    // busybox's tag order: filename, author, description, license, parm, ..., depends, vermagic
    expect(out).toContain(
      'filename:       /mnt/param.ko\nauthor:         kmemlab\ndescription:    parameters\nlicense:        GPL\nparm:           n:how many\ndepends:        \nvermagic:       6.1.192 SMP mod_unload ARMv7 p2v8 \n'
    )
    expect(out).toContain("insmod: can't insert 'param.ko': File exists\nrc=1\n")
  })

  it('old-style init_module/cleanup_module without module_init()', () => {
    expect(k).toContain('old: hello')
    expect(k).toContain('old: bye')
  })

  it('a module holding a reference cannot be removed', () => {
    expect(out).toContain('hold                   16384  1 \n')
    expect(out).toContain("rmmod: can't unload module 'hold': Resource temporarily unavailable\nrc=1\n")
  })

  it("an init that returns -ENODEV: insmod's message, nothing stays loaded", () => {
    expect(k).toContain('fail: refusing to load')
    expect(out).toContain("insmod: can't insert 'fail.ko': No such device\nrc=1\n")
    expect(out).not.toMatch(/^fail \d+/m)
  })

  it('BUG_ON: "kernel BUG at" and the Oops - BUG report, insmod killed', () => {
    const i = k.indexOf('------------[ cut here ]------------')
    expect(k[i + 1]).toBe('kernel BUG at /mnt/bug.c:5!')
    expect(k[i + 2]).toBe('Internal error: Oops - BUG: 0 [#1] SMP ARM')
    expect(k.find((x) => x.startsWith('PC is at bug_init'))).toMatch(/^PC is at bug_init\+0x[0-9a-f]+\/0x1000 \[bug\]$/)
    expect(out).toMatch(/Segmentation fault\nrc=139\n/)
  })

  it('a loop that never schedules: soft lockup reports at 22 s and 48 s, taint L, the shell goes on', () => {
    expect(k).toContain('spin: looping forever')
    const rep = k.filter((x) => x.startsWith('watchdog: BUG: soft lockup'))
    expect(rep[0]).toMatch(/^watchdog: BUG: soft lockup - CPU#0 stuck for 22s! \[insmod:\d+\]$/)
    expect(rep[1]).toMatch(/^watchdog: BUG: soft lockup - CPU#0 stuck for 48s! \[insmod:\d+\]$/)
    const j = k.indexOf(rep[0]!)
    expect(k[j + 1]).toMatch(/^Modules linked in: spin\(O\+\)/)
    expect(k.slice(j, j + 20).find((x) => x.startsWith('PC is at'))).toMatch(/^PC is at spin_init\+0x[0-9a-f]+\/0x1000 \[spin\]$/)
    expect(k.slice(j, j + 20)).toContain(' spin_init [spin] from do_one_initcall+0x58/0x200')
    // TAINT_SOFTLOCKUP after the first report: the second one's CPU line shows L
    expect(k.slice(k.indexOf(rep[1]!)).find((x) => x.startsWith('CPU: 0'))).toMatch(/Tainted: G      D    O L     6\.1\.192 #1 $/)
    // an init without an exit: print_unload_info() says "[permanent],"
    expect(out).toMatch(/spin 32768 1 \[permanent\], Loading 0xbf[0-9a-f]{6} \(O\+\)\n/)
    expect(out).toContain('\nalive\n')
  })
})
