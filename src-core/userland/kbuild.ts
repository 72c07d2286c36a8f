/*
 * Kbuild for external modules (`make -C /lib/modules/$(uname -r)/build
 * M=$(PWD) modules`), what the kernel build tree's Makefile runs:
 *
 *   scripts/Makefile.build  reads $(M)/Kbuild or $(M)/Makefile with
 *                           KERNELRELEASE set: obj-m, <mod>-objs / <mod>-y;
 *                           "  CC [M]  dir/x.o" per C file (gcc's
 *                           diagnostics follow), "  LD [M]  dir/mod.o" for
 *                           a module made of several objects;
 *   scripts/Makefile.modpost "  MODPOST dir/Module.symvers": the module is
 *                           linked against the kernel's exports, the
 *                           symbols of the modules built with it and the
 *                           Module.symvers files named in
 *                           KBUILD_EXTRA_SYMBOLS (command line or the
 *                           module's Makefile); undefined symbols (warnings
 *                           with KBUILD_MODPOST_WARN=1), a missing
 *                           MODULE_LICENSE() and a GPL-only symbol used by
 *                           a proprietary module are errors in 6.1; the
 *                           exports (EXPORT_SYMBOL, EXPORT_SYMBOL_GPL) go to
 *                           dir/Module.symvers as
 *                           "0x00000000<TAB>sym<TAB>dir/mod<TAB>EXPORT_SYMBOL<TAB>"
 *                           (no CONFIG_MODVERSIONS, so no CRC), and the
 *                           owners of the symbols a module uses to its
 *                           "depends" modinfo;
 *   scripts/Makefile.modfinal "  CC [M]  dir/mod.mod.o", "  LD [M]  dir/mod.ko".
 *
 * A compile error stops with make's lines:
 *   make[2]: *** [scripts/Makefile.build:250: dir/x.o] Error 1    (here)
 *   make[1]: *** [Makefile:2012: dir] Error 2                       (the make running the build tree's Makefile)
 * The .ko holds the module's sources and modinfo (module/ko.ts); the loader
 * compiles them at the address module_alloc() gives.
 */

import type { CommandGen, Proc, Wait } from '../shell/types'
import { compileModule, isKernelSymbol, linkModule, moduleUndefined, NATIVE_NAMES, readExports, readModinfo, type ExportedSymbol } from '../kernel/module/loader'
import { diagnosticsText } from '../cc/index'
import { encodeKo, VERMAGIC } from '../kernel/module/ko'
import { MakeFile } from './make'

export interface KbuildDeps {}

/** Variables of the make that runs Kbuild which modpost reads (command line or environment). */
export interface KbuildVars {
  /** KBUILD_EXTRA_SYMBOLS: Module.symvers files of other external modules */
  extraSymbols?: string
  /** KBUILD_MODPOST_WARN: undefined symbols are warnings */
  modpostWarn?: string
}

/** The GPL-compatible licenses (include/linux/license.h license_is_gpl_compatible). */
const GPL_COMPATIBLE = new Set(['GPL', 'GPL v2', 'GPL and additional rights', 'Dual BSD/GPL', 'Dual MIT/GPL', 'Dual MPL/GPL'])

/** A write sink that drops text. */
export const NullOut = { isTty: false, write: (_s: string): boolean => true, close: (): void => {} }

/** The kernel build tree's top Makefile: external-module targets hand over to kbuild. */
export function kernelMakefile(release: string): string {
  const head = [
    `# SPDX-License-Identifier: GPL-2.0`,
    `# Linux ${release} build tree for external modules (kmemlab vexpress-a9).`,
    `# Only "make -C <this dir> M=<module dir> [modules|clean]" is supported: the`,
    `# rules below hand the module directory to Kbuild (scripts/Makefile.build,`,
    `# Makefile.modpost, Makefile.modfinal), which prints the usual`,
    `# "CC [M]", "MODPOST", "LD [M]" lines.`,
    `VERSION = 6`,
    `PATCHLEVEL = 1`,
    `SUBLEVEL = 192`,
    `EXTRAVERSION =`,
    `NAME = Curry Ramen`,
    `ARCH ?= arm`,
    `KBUILD_EXTMOD := $(M)`,
    `PHONY := __all`,
    `__all: modules`,
    `.PHONY: modules clean help $(KBUILD_EXTMOD)`
  ]
  const lines = [...head]
  // Keep the recipe on the line the real top Makefile uses, so make's error line reads "Makefile:2012: DIR".
  while (lines.length < 1970) lines.push('#')
  lines.push('clean:')
  lines.push('\t@kbuild clean')
  while (lines.length < 2009) lines.push('#')
  lines.push('modules: $(KBUILD_EXTMOD)')
  lines.push('$(KBUILD_EXTMOD):')
  lines.push('\t@kbuild modules')
  return lines.join('\n') + '\n'
}

interface ModSpec {
  name: string
  objs: string[]
}

/** obj-m and the composite objects of the module directory's Kbuild/Makefile, and its KBUILD_EXTRA_SYMBOLS. */
function* readKbuild(p: Proc, mdir: string, vars: KbuildVars): Generator<Wait, { specs: ModSpec[]; extraSymbols: string; modpostWarn: string } | string, void> {
  const vfs = p.sys.vfs
  const file = ['Kbuild', 'Makefile', 'makefile', 'GNUmakefile'].find((f) => vfs.exists(mdir + '/' + f))
  if (!file) return `scripts/Makefile.build:41: ${mdir}/Makefile: No such file or directory`
  const mf = new MakeFile(p, mdir, 2, function* () {
    return ''
  })
  for (const [k, v] of Object.entries(p.env)) mf.set(k, v, false, 'environment')
  mf.set('KERNELRELEASE', '6.1.192', false, 'command line')
  mf.set('PWD', mdir, false, 'environment')
  mf.set('CURDIR', '/usr/src/linux', false, 'file')
  mf.set('M', mdir, false, 'command line')
  mf.set('src', mdir, false, 'file')
  mf.set('obj', mdir, false, 'file')
  mf.set('CONFIG_HIGHMEM', 'y', false, 'file')
  if (vars.extraSymbols) mf.set('KBUILD_EXTRA_SYMBOLS', vars.extraSymbols, false, 'command line')
  if (vars.modpostWarn) mf.set('KBUILD_MODPOST_WARN', vars.modpostWarn, false, 'command line')
  try {
    yield* mf.parse(vfs.readText(mdir + '/' + file), file)
  } catch (e) {
    return (e as Error).message
  }
  const objm = (yield* mf.value('obj-m')).split(/\s+/).filter((w) => w.endsWith('.o'))
  const out: ModSpec[] = []
  for (const o of objm) {
    const name = o.slice(0, -2).replace(/^.*\//, '')
    const parts = ((yield* mf.value(`${name}-objs`)) + ' ' + (yield* mf.value(`${name}-y`))).split(/\s+/).filter((w) => w.endsWith('.o'))
    out.push({ name, objs: parts.length ? parts : [name + '.o'] })
  }
  return { specs: out, extraSymbols: yield* mf.value('KBUILD_EXTRA_SYMBOLS'), modpostWarn: yield* mf.value('KBUILD_MODPOST_WARN') }
}

/** The `kbuild modules|clean` step of the build tree's Makefile. */
export function* kbuildRun(p: Proc, _d: KbuildDeps, target: string, _kdir: string, m: string, level: number, vars: KbuildVars = {}): CommandGen {
  const vfs = p.sys.vfs
  const mk = (lv: number): string => (lv > 0 ? `make[${lv}]` : 'make')
  if (!m) {
    p.stderr.write(`${mk(level)}: *** kmemlab builds external modules only: use M=<module dir>.  Stop.\n`)
    return 2
  }
  const mdir = m.startsWith('/') ? m.replace(/\/+$/, '') : p.cwd + '/' + m
  if (target === 'clean') {
    if (vfs.exists(mdir + '/Module.symvers')) p.stdout.write(`  CLEAN   ${mdir}/Module.symvers\n`)
    let names: string[] = []
    try {
      names = vfs.readdir(mdir)
    } catch {
      return 0
    }
    for (const n of names) {
      if (/\.(o|ko|mod|mod\.c|mod\.o|cmd|symvers|order)$|^Module\.symvers$|^modules\.order$|^\.tmp_versions$/.test(n)) {
        try {
          vfs.unlink(mdir + '/' + n)
        } catch {
          /* directories and the like stay */
        }
      }
    }
    return 0
  }
  const kb = yield* readKbuild(p, mdir, vars)
  if (typeof kb === 'string') {
    p.stderr.write(kb + '\n')
    p.stderr.write(`${mk(level)}: *** No rule to make target '${mdir}/Makefile'.  Stop.\n`)
    return 2
  }
  const specs = kb.specs
  if (!specs.length) {
    p.stdout.write(`  MODPOST ${mdir}/Module.symvers\n`)
    vfs.writeFile(mdir + '/Module.symvers', '')
    return 0
  }
  const mtime = (f: string): number => {
    try {
      return vfs.stat(f).mtimeMs
    } catch {
      return -1
    }
  }
  /** if_changed: a target is up to date when it is newer than everything it is made from. */
  const fresh = (target: string, deps: string[]): boolean => {
    const t = mtime(target)
    return t >= 0 && deps.every((d) => mtime(d) >= 0 && mtime(d) <= t)
  }
  const built: Array<{ spec: ModSpec; sources: Array<{ name: string; contents: string }>; changed: boolean }> = []
  const fail = (file: string): number => {
    p.stderr.write(`${mk(level)}: *** [scripts/Makefile.build:250: ${file}] Error 1\n`)
    return 2
  }
  for (const spec of specs) {
    const sources: Array<{ name: string; contents: string }> = []
    let changed = false
    for (const o of spec.objs) {
      const c = mdir + '/' + o.replace(/\.o$/, '.c')
      const ofile = mdir + '/' + o
      if (vfs.exists(c) && fresh(ofile, [c])) {
        sources.push({ name: c, contents: vfs.readText(c) })
        continue
      }
      changed = true
      p.stdout.write(`  CC [M]  ${ofile}\n`)
      yield { kind: 'yield' }
      if (!vfs.exists(c)) {
        p.stderr.write(`${mk(level)}: *** No rule to make target '${ofile}', needed by '${mdir}/${spec.name}.o'.  Stop.\n`)
        return 2
      }
      const src = { name: c, contents: vfs.readText(c) }
      const r = compileModule(spec.name, [src], 0xbf000000, NATIVE_NAMES, 0xbf00ff00)
      const compileDiags = r.diagnostics.filter((x) => x.loc)
      const text = diagnosticsText(compileDiags)
      if (text) p.stderr.write(text)
      if (compileDiags.some((x) => x.severity === 'error' || x.severity === 'fatal error')) return fail(ofile)
      vfs.writeFile(ofile, `kmemlab object ${o} from ${c}\n`)
      sources.push(src)
    }
    const composite = spec.objs.length > 1 || spec.objs[0] !== spec.name + '.o'
    if (composite && (changed || !vfs.exists(`${mdir}/${spec.name}.o`))) {
      changed = true
      p.stdout.write(`  LD [M]  ${mdir}/${spec.name}.o\n`)
      vfs.writeFile(`${mdir}/${spec.name}.o`, `kmemlab object ${spec.name}.o\n`)
    }
    if (!fresh(`${mdir}/${spec.name}.ko`, [`${mdir}/${spec.name}.o`])) changed = true
    built.push({ spec, sources, changed })
  }
  // if_changed: modpost runs again when a module changed or its command line did (KBUILD_EXTRA_SYMBOLS, -w)
  const extraFiles = kb.extraSymbols.split(/\s+/).filter(Boolean)
  const modpostCmd = `cmd_${mdir}/Module.symvers := scripts/mod/modpost${kb.modpostWarn ? ' -w' : ''} -o ${mdir}/Module.symvers -e -i Module.symvers${extraFiles.map((f) => ` -i ${f}`).join('')} -T ${mdir}/modules.order\n`
  const cmdFile = `${mdir}/.Module.symvers.cmd`
  const cmdChanged = (() => {
    try {
      return vfs.readText(cmdFile) !== modpostCmd || !vfs.exists(`${mdir}/Module.symvers`)
    } catch {
      return true
    }
  })()
  // nothing changed: Kbuild has nothing to do
  if (!built.some((b) => b.changed) && !cmdChanged) return 0
  p.stdout.write(`  MODPOST ${mdir}/Module.symvers\n`)
  yield { kind: 'yield' }
  const modpostFail = (): number => {
    p.stderr.write(`${mk(level)}: *** [scripts/Makefile.modpost:126: ${mdir}/Module.symvers] Error 1\n`)
    return 2
  }
  // read_dump(): the Module.symvers files of KBUILD_EXTRA_SYMBOLS (a missing one ends modpost)
  const known = new Map<string, { module: string; gpl: boolean; namespace: string }>()
  for (const f of extraFiles) {
    let text: string
    try {
      text = vfs.readText(f.startsWith('/') ? f : mdir + '/' + f)
    } catch {
      p.stderr.write(`${f}: No such file or directory\n`)
      return modpostFail()
    }
    for (const line of text.split('\n')) {
      const t = line.split('\t')
      if (t.length < 4 || !t[1]) continue
      known.set(t[1], { module: t[2]!, gpl: t[3] === 'EXPORT_SYMBOL_GPL', namespace: t[4] ?? '' })
    }
  }
  // read_symbols(): link each module against the kernel; what is left undefined comes from other modules
  const linked: Array<{ spec: ModSpec; sources: Array<{ name: string; contents: string }>; size: number; modinfo: Array<[string, string]>; undef: string[]; exports: ExportedSymbol[] }> = []
  let modpostErr = false
  for (const b of built) {
    let r = linkModule(b.spec.name, b.sources, 0xbf000000)
    const undef = r.ok ? [] : moduleUndefined(r.diagnostics).filter((n) => !isKernelSymbol(n))
    if (!r.ok && undef.length) r = linkModule(b.spec.name, b.sources, 0xbf000000, { funcs: undef, data: Object.fromEntries(undef.map((n) => [n, 0])) })
    if (!r.program) {
      p.stderr.write(diagnosticsText(r.diagnostics))
      modpostErr = true
      continue
    }
    const modinfo = readModinfo(r.program.image)
    if (!modinfo.some(([k]) => k === 'license')) {
      p.stderr.write(`ERROR: modpost: missing MODULE_LICENSE() in ${mdir}/${b.spec.name}.o\n`)
      modpostErr = true
    }
    const exports = readExports(r.program.image)
    for (const e of exports) known.set(e.name, { module: `${mdir}/${b.spec.name}`, gpl: e.gpl, namespace: e.namespace })
    linked.push({ ...b, size: r.program.image.end - 0xbf000000, modinfo, undef, exports })
  }
  // check_exports(): every undefined symbol must be exported by someone, GPL-only ones to GPL modules only
  for (const l of linked) {
    const path = `${mdir}/${l.spec.name}`
    const license = l.modinfo.find(([k]) => k === 'license')?.[1]
    for (const sym of l.undef) {
      const exp = known.get(sym)
      if (!exp) {
        if (kb.modpostWarn) p.stderr.write(`WARNING: modpost: "${sym}" [${path}.ko] undefined!\n`)
        else {
          p.stderr.write(`ERROR: modpost: "${sym}" [${path}.ko] undefined!\n`)
          modpostErr = true
        }
        continue
      }
      if (exp.module === path) {
        p.stderr.write(`ERROR: modpost: "${sym}" [${path}.ko] was exported without definition\n`)
        modpostErr = true
        continue
      }
      if (exp.namespace && !l.modinfo.some(([k, v]) => k === 'import_ns' && v === exp.namespace)) {
        p.stderr.write(`ERROR: modpost: module ${l.spec.name} uses symbol ${sym} from namespace ${exp.namespace}, but does not import it.\n`)
        modpostErr = true
      }
      if (license && !GPL_COMPATIBLE.has(license) && exp.gpl) {
        p.stderr.write(`ERROR: modpost: GPL-incompatible module ${l.spec.name}.ko uses GPL-only symbol '${sym}'\n`)
        modpostErr = true
      }
    }
  }
  if (modpostErr) return modpostFail()
  // write_dump(): this build's exports
  vfs.writeFile(mdir + '/Module.symvers', linked.flatMap((l) => l.exports.map((e) => `0x00000000\t${e.name}\t${mdir}/${l.spec.name}\tEXPORT_SYMBOL${e.gpl ? '_GPL' : ''}\t${e.namespace}\n`)).join(''))
  vfs.writeFile(mdir + '/modules.order', linked.map((l) => `${mdir}/${l.spec.name}.o\n`).join(''))
  vfs.writeFile(cmdFile, modpostCmd)
  for (const l of linked) {
    const name = l.spec.name
    // add_depends(): the modules that own the symbols it uses, by base name, once each
    const depends = [...new Set(l.undef.map((sym) => known.get(sym)?.module).filter((x): x is string => !!x).map((x) => x.replace(/^.*\//, '')))]
    const modinfo: Array<[string, string]> = [...l.modinfo, ['depends', depends.join(',')], ['name', name], ['vermagic', VERMAGIC]]
    // write_if_changed(x.mod.c): the .ko is linked again when its object or its .mod.c changed
    const text = modC(name, modinfo, depends)
    let old: string | null = null
    try {
      old = vfs.readText(`${mdir}/${name}.mod.c`)
    } catch {
      /* first build */
    }
    if (!built.find((b) => b.spec === l.spec)?.changed && old === text && vfs.exists(`${mdir}/${name}.ko`)) continue
    if (old !== text) vfs.writeFile(`${mdir}/${name}.mod.c`, text)
    p.stdout.write(`  CC [M]  ${mdir}/${name}.mod.o\n`)
    vfs.writeFile(`${mdir}/${name}.mod.o`, `kmemlab object ${name}.mod.o\n`)
    p.stdout.write(`  LD [M]  ${mdir}/${name}.ko\n`)
    vfs.writeFile(
      `${mdir}/${name}.ko`,
      encodeKo({ name, sources: l.sources, defines: {}, size: l.size, modinfo, srcdir: mdir, imports: l.undef })
    )
    yield { kind: 'yield' }
  }
  return 0
}

/** scripts/mod/modpost's x.mod.c, for students who look at it. */
function modC(name: string, modinfo: Array<[string, string]>, depends: string[]): string {
  return (
    `#include <linux/module.h>\n#define INCLUDE_VERMAGIC\n#include <linux/build-salt.h>\n#include <linux/elfnote-lto.h>\n#include <linux/export-internal.h>\n#include <linux/vermagic.h>\n#include <linux/compiler.h>\n\n` +
    `BUILD_SALT;\nBUILD_LTO_INFO;\n\nMODULE_INFO(vermagic, VERMAGIC_STRING);\nMODULE_INFO(name, KBUILD_MODNAME);\n\n` +
    `__visible struct module __this_module\n__section(".gnu.linkonce.this_module") = {\n\t.name = KBUILD_MODNAME,\n\t.init = init_module,\n#ifdef CONFIG_MODULE_UNLOAD\n\t.exit = cleanup_module,\n#endif\n\t.arch = MODULE_ARCH_INIT,\n};\n\n` +
    `MODULE_INFO(depends, "${depends.join(',')}");\n\n` +
    `/* ${name}: ${modinfo.length} modinfo strings */\n`
  )
}
