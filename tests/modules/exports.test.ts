/*
 * EXPORT_SYMBOL between modules, as kernel/module/main.c and modpost do it
 * in 6.1: Module.symvers, KBUILD_EXTRA_SYMBOLS, modpost's undefined/GPL
 * errors, the loader's "Unknown symbol" (also for a GPL-only symbol asked
 * for by a proprietary module), the reference the user holds on the
 * exporter (lsmod "Used by", /proc/modules, /sys/module/X/holders, refcnt),
 * rmmod of a used exporter (EAGAIN), loading in order and out of order,
 * duplicate exports, inherited taint, and an Oops in an exported function.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { afterBoot, runWithShare } from './run'

const here = dirname(fileURLToPath(import.meta.url))
const fx = (n: string): string => readFileSync(join(here, 'fixtures', n), 'utf8')
const MK = (objs: string, extra = ''): string => `obj-m := ${objs}\n${extra}all:\n\t$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n`
/** The dmesg lines of a run (timestamps dropped). */
const klines = (out: string): string[] => out.split('\n').filter((l) => /^\[ *\d+\.\d{6}\] /.test(l)).map((l) => l.replace(/^\[ *\d+\.\d{6}\] /, ''))

describe('a module using another module\'s exports, built apart (KBUILD_EXTRA_SYMBOLS), loaded in order', () => {
  const r = runWithShare(
    {
      'exp/exporter.c': fx('exporter.c'),
      'exp/Makefile': MK('exporter.o'),
      'imp/importer.c': fx('importer.c'),
      'imp/Makefile': MK('importer.o', 'KBUILD_EXTRA_SYMBOLS := /mnt/exp/Module.symvers\n')
    },
    [
      'cd /mnt/exp', 'make > /dev/null; echo make=$?', 'cat Module.symvers',
      'cd /mnt/imp', 'make > /dev/null; echo make=$?', 'modinfo -F depends importer.ko', 'grep depends importer.mod.c',
      'insmod /mnt/exp/exporter.ko', 'insmod importer.ko', 'lsmod', 'cat /proc/modules',
      'ls /sys/module/exporter/holders', 'readlink /sys/module/exporter/holders/importer', 'cat /sys/module/exporter/refcnt',
      'rmmod exporter; echo rc=$?', 'rmmod importer exporter; echo rc=$?', 'lsmod'
    ]
  )
  const out = afterBoot(r.output)
  const k = klines(out)

  it('writes the exports to Module.symvers (no CRCs without MODVERSIONS)', () => {
    expect(out).toContain('make=0\n/mnt/exp # cat Module.symvers\n' +
      '0x00000000\texp_counter\t/mnt/exp/exporter\tEXPORT_SYMBOL\t\n' +
      '0x00000000\texp_add\t/mnt/exp/exporter\tEXPORT_SYMBOL\t\n' +
      '0x00000000\texp_hello\t/mnt/exp/exporter\tEXPORT_SYMBOL_GPL\t\n' +
      '0x00000000\texp_deref\t/mnt/exp/exporter\tEXPORT_SYMBOL\t\n')
  })

  it('builds the user against them, with the exporter in its depends', () => {
    expect(out).toContain('# make > /dev/null; echo make=$?\nmake=0\n/mnt/imp # modinfo -F depends importer.ko\nexporter\n')
    expect(out).toContain('MODULE_INFO(depends, "exporter");')
  })

  it('runs the exporter\'s function and shares its variable', () => {
    expect(k).toContain('importer: exp_add(2, 3) = 5, exp_counter = 41')
    expect(k).toContain('exporter: hello importer (counter 141)')
  })

  it('the user holds a reference: lsmod, /proc/modules, holders, refcnt', () => {
    expect(out).toMatch(/Module {18}Size {2}Used by {4}Tainted: G {2}\nimporter {15}16384 {2}0 \nexporter {15}16384 {2}1 importer\n/)
    expect(out).toContain('importer 16384 0 - Live 0xbf005000 (O)\nexporter 16384 1 importer, Live 0xbf000000 (O)\n')
    expect(out).toMatch(/holders\n(\x1b\[[0-9;]*m)?importer(\x1b\[m)?\n/)
    expect(out).toContain('readlink /sys/module/exporter/holders/importer\n../../importer\n')
    expect(out).toContain('cat /sys/module/exporter/refcnt\n1\n')
  })

  it('rmmod of the used exporter fails with EAGAIN; after the user it goes', () => {
    expect(out).toContain("# rmmod exporter; echo rc=$?\nrmmod: can't unload module 'exporter': Resource temporarily unavailable\nrc=1\n")
    expect(k).toContain('importer: unloaded')
    expect(k).toContain('exporter: unloaded, counter 141')
    expect(out).toMatch(/rmmod importer exporter; echo rc=\$\?\n(\[.*\n)*rc=0\n/)
    expect(out).toMatch(/# lsmod\nModule {18}Size {2}Used by {4}Tainted: G {2}\n\/mnt\/imp # $/)
  })
})

describe('exporter and user built together, loaded out of order', () => {
  const r = runWithShare(
    { 'both/exporter.c': fx('exporter.c'), 'both/importer.c': fx('importer.c'), 'both/Makefile': MK('exporter.o importer.o') },
    ['cd /mnt/both', 'make > /dev/null; echo make=$?', 'insmod importer.ko; echo rc=$?', 'cat /proc/modules; echo end', 'insmod exporter.ko', 'insmod importer.ko; echo rc=$?', 'lsmod']
  )
  const out = afterBoot(r.output)
  const k = klines(out)

  it('the user alone: "Unknown symbol" per missing symbol after the taint, busybox\'s moderror(ENOENT)', () => {
    expect(out).toContain('make=0')
    const i = k.indexOf('importer: loading out-of-tree module taints kernel.')
    expect(i).toBeGreaterThanOrEqual(0)
    expect(k.slice(i + 1, i + 4)).toEqual([
      'importer: Unknown symbol exp_counter (err -2)',
      'importer: Unknown symbol exp_add (err -2)',
      'importer: Unknown symbol exp_hello (err -2)'
    ])
    expect(out).toContain("insmod: can't insert 'importer.ko': unknown symbol in module, or unknown parameter\nrc=1\n")
    expect(out).toContain('cat /proc/modules; echo end\nend\n')
  })

  it('after the exporter, the same .ko loads and uses it', () => {
    expect(k).toContain('importer: exp_add(2, 3) = 5, exp_counter = 41')
    expect(out).toMatch(/importer {15}16384 {2}0 \nexporter {15}16384 {2}1 importer\n/)
  })
})

describe('modpost and the loader on unknown and GPL-only symbols', () => {
  const PROP = `#include <linux/module.h>
extern int exp_counter;
int exp_add(int a, int b);
void exp_hello(const char *who);
static int __init prop_init(void) { pr_info("prop: %d\\n", exp_add(1, exp_counter)); exp_hello("prop"); return 0; }
static void __exit prop_exit(void) { }
module_init(prop_init);
module_exit(prop_exit);
MODULE_LICENSE("Proprietary");
`
  const PROP_OK = `#include <linux/module.h>
int exp_add(int a, int b);
static int __init ok_init(void) { pr_info("propok: %d\\n", exp_add(1, 2)); return 0; }
static void __exit ok_exit(void) { }
module_init(ok_init);
module_exit(ok_exit);
MODULE_LICENSE("Proprietary");
`
  const r = runWithShare(
    {
      'exp/exporter.c': fx('exporter.c'), 'exp/Makefile': MK('exporter.o'),
      'p/prop.c': PROP, 'p/Makefile': MK('prop.o'),
      'g/prop.c': PROP, 'g/Makefile': MK('prop.o', 'KBUILD_EXTRA_SYMBOLS := /mnt/exp/Module.symvers\n'),
      'ok/propok.c': PROP_OK, 'ok/Makefile': MK('propok.o'),
      'm/propok.c': PROP_OK, 'm/Makefile': MK('propok.o')
    },
    [
      'cd /mnt/exp', 'make > /dev/null', 'insmod exporter.ko',
      'cd /mnt/p', 'make; echo make=$?', 'ls prop.ko', 'make KBUILD_MODPOST_WARN=1 2>&1 | grep modpost; ls prop.ko', 'insmod prop.ko; echo rc=$?', 'cat /sys/module/exporter/refcnt',
      'cd /mnt/g', 'make 2>&1 | grep -e modpost -e Error',
      'cd /mnt/ok', 'make KBUILD_EXTRA_SYMBOLS=/mnt/exp/Module.symvers > /dev/null; echo make=$?', 'insmod propok.ko', 'cat /proc/modules',
      'cd /mnt/m', 'make KBUILD_EXTRA_SYMBOLS=/mnt/nowhere/Module.symvers 2>&1 | grep -e nowhere -e Makefile.modpost'
    ]
  )
  const out = afterBoot(r.output)
  const k = klines(out)

  it('an unknown symbol is a modpost error, and no .ko', () => {
    expect(out).toContain('  MODPOST /mnt/p/Module.symvers\n' +
      'ERROR: modpost: "exp_counter" [/mnt/p/prop.ko] undefined!\n' +
      'ERROR: modpost: "exp_add" [/mnt/p/prop.ko] undefined!\n' +
      'ERROR: modpost: "exp_hello" [/mnt/p/prop.ko] undefined!\n' +
      'make[2]: *** [scripts/Makefile.modpost:126: /mnt/p/Module.symvers] Error 1\n' +
      "make[1]: *** [Makefile:2012: /mnt/p] Error 2\n")
    expect(out).toContain('make=2\n/mnt/p # ls prop.ko\nls: prop.ko: No such file or directory\n')
  })

  it('KBUILD_MODPOST_WARN=1 makes them warnings and builds the .ko', () => {
    expect(out).toContain('WARNING: modpost: "exp_counter" [/mnt/p/prop.ko] undefined!\nWARNING: modpost: "exp_add" [/mnt/p/prop.ko] undefined!\nWARNING: modpost: "exp_hello" [/mnt/p/prop.ko] undefined!\n')
    expect(out).toMatch(/undefined!\n(\x1b\[[0-9;]*m)?prop\.ko(\x1b\[m)?\n/)
  })

  it('the loader refuses the GPL-only symbol to the proprietary module and drops the references it took', () => {
    const i = k.indexOf("prop: module license 'Proprietary' taints kernel.")
    expect(i).toBeGreaterThanOrEqual(0)
    expect(k.slice(i + 1, i + 3)).toEqual(['Disabling lock debugging due to kernel taint', 'prop: Unknown symbol exp_hello (err -2)'])
    expect(k).not.toContain('prop: Unknown symbol exp_add (err -2)')
    expect(out).toContain("insmod: can't insert 'prop.ko': unknown symbol in module, or unknown parameter\nrc=1\n")
    expect(out).toContain('cat /sys/module/exporter/refcnt\n0\n')
  })

  it('modpost knows the GPL-only symbol from KBUILD_EXTRA_SYMBOLS and stops the build', () => {
    expect(out).toContain("ERROR: modpost: GPL-incompatible module prop.ko uses GPL-only symbol 'exp_hello'\nmake[2]: *** [scripts/Makefile.modpost:126: /mnt/g/Module.symvers] Error 1\n")
  })

  it('a proprietary module may use EXPORT_SYMBOL ones (KBUILD_EXTRA_SYMBOLS on the command line)', () => {
    expect(out).toContain('make=0')
    expect(k).toContain('propok: 3')
    expect(out).toContain('propok 16384 0 - Live 0xbf005000 (PO)\nexporter 16384 1 propok, Live 0xbf000000 (O)\n')
  })

  it('a missing KBUILD_EXTRA_SYMBOLS file ends modpost', () => {
    expect(out).toContain('/mnt/nowhere/Module.symvers: No such file or directory\n')
    expect(out).toContain('make[2]: *** [scripts/Makefile.modpost:126: /mnt/m/Module.symvers] Error 1\n')
  })
})

describe('exports of proprietary and duplicate modules, an Oops in an exported function', () => {
  const PEXP = `#include <linux/module.h>
int pexp_get(void) { return 7; }
EXPORT_SYMBOL(pexp_get);
static int __init pexp_init(void) { return 0; }
static void __exit pexp_exit(void) { }
module_init(pexp_init);
module_exit(pexp_exit);
MODULE_LICENSE("Proprietary");
`
  const PUSER = `#include <linux/module.h>
int pexp_get(void);
static int __init puser_init(void) { pr_info("puser: %d\\n", pexp_get()); return 0; }
static void __exit puser_exit(void) { }
module_init(puser_init);
module_exit(puser_exit);
MODULE_LICENSE("GPL");
`
  const DUP = `#include <linux/module.h>
int exp_add(int a, int b) { return a - b; }
EXPORT_SYMBOL(exp_add);
static int __init dup_init(void) { return 0; }
module_init(dup_init);
MODULE_LICENSE("GPL");
`
  const CRASH = `#include <linux/module.h>
int exp_deref(int *p);
static int __init crash_init(void) { pr_info("crash: %d\\n", exp_deref(NULL)); return 0; }
module_init(crash_init);
MODULE_LICENSE("GPL");
`
  const r = runWithShare(
    {
      'exp/exporter.c': fx('exporter.c'), 'exp/Makefile': MK('exporter.o'),
      'p/pexp.c': PEXP, 'p/puser.c': PUSER, 'p/Makefile': MK('pexp.o puser.o'),
      'd/dup.c': DUP, 'd/Makefile': MK('dup.o'),
      'c/crash.c': CRASH, 'c/Makefile': MK('crash.o', 'KBUILD_EXTRA_SYMBOLS := /mnt/exp/Module.symvers\n')
    },
    [
      'cd /mnt/p', 'make > /dev/null', 'insmod pexp.ko', 'insmod puser.ko', 'cat /proc/modules',
      'cd /mnt/exp', 'make > /dev/null', 'insmod exporter.ko',
      'cd /mnt/d', 'make > /dev/null', 'insmod dup.ko; echo rc=$?',
      'cd /mnt/c', 'make > /dev/null', 'insmod crash.ko; echo rc=$?', 'lsmod'
    ]
  )
  const out = afterBoot(r.output)
  const k = klines(out)

  it('a GPL module using a proprietary module\'s symbol inherits its taint', () => {
    expect(k).toContain('puser: module uses symbols pexp_get from proprietary module pexp, inheriting taint.')
    expect(k).toContain('puser: 7')
    expect(out).toContain('puser 16384 0 - Live 0xbf005000 (PO)\npexp 16384 1 puser, Live 0xbf000000 (PO)\n')
  })

  it('a second module exporting the same symbol is refused (ENOEXEC)', () => {
    expect(k).toContain('dup: exports duplicate symbol exp_add (owned by exporter)')
    expect(out).toContain("insmod: can't insert 'dup.ko': invalid module format\nrc=1\n")
  })

  it('an Oops in the exporter\'s code shows both modules in the backtrace; the user stays with its reference', () => {
    expect(k.find((l) => l.startsWith('PC is at'))).toMatch(/^PC is at exp_deref\+0x[0-9a-f]+\/0x[0-9a-f]+ \[exporter\]$/)
    const bt = k.findIndex((l) => l.startsWith(' exp_deref [exporter] from crash_init+0x'))
    expect(bt).toBeGreaterThan(0)
    expect(k[bt]).toMatch(/^ exp_deref \[exporter\] from crash_init\+0x[0-9a-f]+\/0x1000 \[crash\]$/)
    expect(k[bt + 1]).toBe(' crash_init [crash] from do_one_initcall+0x58/0x200')
    expect(out).toContain('Segmentation fault\nrc=139\n')
    expect(out).toMatch(/crash {18}32768 {2}1 \[permanent\]\nexporter {15}16384 {2}1 crash\n/)
  })
})

describe('an exporter stuck in its init (Oops): the user waits 30 s and gives up', () => {
  const BAD = `#include <linux/module.h>
int bad_get(void) { return 1; }
EXPORT_SYMBOL(bad_get);
static int __init bad_init(void) { int *p = NULL; return *p; }
static void __exit bad_exit(void) { }
module_init(bad_init);
module_exit(bad_exit);
MODULE_LICENSE("GPL");
`
  const USER = `#include <linux/module.h>
int bad_get(void);
static int __init waiter_init(void) { return bad_get() - 1; }
static void __exit waiter_exit(void) { }
module_init(waiter_init);
module_exit(waiter_exit);
MODULE_LICENSE("GPL");
`
  const r = runWithShare({ 'bad.c': BAD, 'waiter.c': USER, Makefile: MK('bad.o waiter.o') }, [
    'cd /mnt', 'make > /dev/null', 'insmod bad.ko 2> /dev/null; echo rc=$?', 'insmod waiter.ko; echo rc=$?', 'cat /proc/modules'
  ])
  const out = afterBoot(r.output)

  it('resolve_symbol_wait(): -EBUSY after 30 s, "gave up waiting", insmod reports EBUSY', () => {
    const m = /\[ *(\d+\.\d+)\] waiter: gave up waiting for init of module bad\.\n\[ *\d+\.\d+\] waiter: Unknown symbol bad_get \(err -16\)\n/.exec(out)
    expect(m).not.toBeNull()
    const before = [...out.matchAll(/\[ *(\d+\.\d+)\] note: insmod\[\d+\] exited with irqs disabled/g)].map((x) => Number(x[1]))
    expect(Number(m![1]) - before[0]!).toBeGreaterThan(30)
    expect(out).toContain("insmod: can't insert 'waiter.ko': Device or resource busy\nrc=1\n")
    expect(out).toContain('cat /proc/modules\nbad 32768 1 - Loading 0xbf000000 (O+)\n')
  })
})

describe('EXPORT_SYMBOL_NS and MODULE_IMPORT_NS', () => {
  const NSEXP = `#include <linux/module.h>
int ns_get(void) { return 11; }
EXPORT_SYMBOL_NS(ns_get, KMEMLAB_NS);
static int __init nsexp_init(void) { return 0; }
static void __exit nsexp_exit(void) { }
module_init(nsexp_init);
module_exit(nsexp_exit);
MODULE_LICENSE("GPL");
`
  const user = (imp: boolean): string => `#include <linux/module.h>
int ns_get(void);
static int __init nsuser_init(void) { pr_info("nsuser: %d\\n", ns_get()); return 0; }
static void __exit nsuser_exit(void) { }
module_init(nsuser_init);
module_exit(nsuser_exit);
MODULE_LICENSE("GPL");
${imp ? 'MODULE_IMPORT_NS(KMEMLAB_NS);\n' : ''}`
  const r = runWithShare(
    {
      'e/nsexp.c': NSEXP, 'e/Makefile': MK('nsexp.o'),
      'u/nsuser.c': user(true), 'u/Makefile': MK('nsuser.o', 'KBUILD_EXTRA_SYMBOLS := /mnt/e/Module.symvers\n'),
      'n/nsuser.c': user(false), 'n/Makefile': MK('nsuser.o', 'KBUILD_EXTRA_SYMBOLS := /mnt/e/Module.symvers\n'),
      'w/nsuser.c': user(false), 'w/Makefile': MK('nsuser.o')
    },
    [
      'cd /mnt/e', 'make > /dev/null', 'cat Module.symvers', 'insmod nsexp.ko',
      'cd /mnt/n', 'make 2>&1 | grep -e modpost -e Error',
      'cd /mnt/w', 'make KBUILD_MODPOST_WARN=1 > /dev/null 2>&1', 'insmod nsuser.ko; echo rc=$?',
      'cd /mnt/u', 'make > /dev/null', 'insmod nsuser.ko; echo rc=$?', 'lsmod'
    ]
  )
  const out = afterBoot(r.output)
  const k = klines(out)

  it('the namespace is in Module.symvers; modpost wants the import', () => {
    expect(out).toContain('0x00000000\tns_get\t/mnt/e/nsexp\tEXPORT_SYMBOL\tKMEMLAB_NS\n')
    expect(out).toContain('ERROR: modpost: module nsuser uses symbol ns_get from namespace KMEMLAB_NS, but does not import it.\nmake[2]: *** [scripts/Makefile.modpost:126: /mnt/n/Module.symvers] Error 1\n')
  })

  it('the loader refuses a module that does not import it (EINVAL) and accepts one that does', () => {
    expect(k).toContain('nsuser: module uses symbol (ns_get) from namespace KMEMLAB_NS, but does not import it.')
    expect(k).toContain('nsuser: Unknown symbol ns_get (err -22)')
    expect(out).toContain("insmod: can't insert 'nsuser.ko': invalid parameters\nrc=1\n")
    expect(k).toContain('nsuser: 11')
    expect(out).toMatch(/nsexp {18}16384 {2}1 nsuser\n/)
  })
})

describe('modpost runs again when its command line changes (if_changed)', () => {
  const r = runWithShare(
    { 'exp/exporter.c': fx('exporter.c'), 'exp/Makefile': MK('exporter.o'), 'imp/importer.c': fx('importer.c'), 'imp/Makefile': MK('importer.o') },
    [
      'cd /mnt/exp', 'make > /dev/null', 'cd /mnt/imp',
      'make KBUILD_MODPOST_WARN=1 > /dev/null 2>&1', 'modinfo -F depends importer.ko; echo end',
      'make KBUILD_EXTRA_SYMBOLS=/mnt/exp/Module.symvers', 'modinfo -F depends importer.ko',
      'make KBUILD_EXTRA_SYMBOLS=/mnt/exp/Module.symvers; echo make=$?'
    ]
  )
  const out = afterBoot(r.output)

  it('KBUILD_EXTRA_SYMBOLS added later: MODPOST again, the .ko relinked with its depends; then nothing to do', () => {
    expect(out).toContain('modinfo -F depends importer.ko; echo end\n\nend\n')
    expect(out).toContain("make[1]: Entering directory '/usr/src/linux'\n  MODPOST /mnt/imp/Module.symvers\n  CC [M]  /mnt/imp/importer.mod.o\n  LD [M]  /mnt/imp/importer.ko\nmake[1]: Leaving directory '/usr/src/linux'\n/mnt/imp # modinfo -F depends importer.ko\nexporter\n")
    expect(out).toContain("make[1]: Entering directory '/usr/src/linux'\nmake[1]: Leaving directory '/usr/src/linux'\nmake=0\n")
  })
})
