/*
 * The module subsystem of a booted kernel, wired in one call from
 * Kernel.startInit(): the loader (loader.ts), /proc/modules,
 * /sys/module/NAME/{parameters/*,refcnt,initstate,taint,coresize,initsize},
 * the kernel build tree (/lib/modules/6.1.192/build -> /usr/src/linux with
 * its Makefile and include/), and the commands make, insmod, rmmod, lsmod,
 * modinfo.
 */

import type { KernelContext } from '../context'
import type { Mm } from '../../mm/mm_init'
import type { Kmem } from '../../mm/kmem'
import type { Vfs } from '../../fs/vfs'
import type { CommandImpl, RegisterOptions } from '../../shell/types'
import type { DynamicDirOps, DynamicEntry } from '../../fs/pseudofs'
import { Modules, type Module } from './loader'
import type { TaskView } from '../kapi/tasks'
import { KERNEL_HEADERS } from '../../include/index'
import { kernelMakefile } from '../../userland/kbuild'
import { makeCommand } from '../../userland/make'
import { insmodCommand, lsmod, modinfoCommand, rmmodCommand } from '../../userland/modutils'
import { installLabs } from '../../labs/index'

interface Registrar {
  registerCommand(name: string, impl: CommandImpl, opts?: RegisterOptions): void
  /** Deliver a signal to a command's task (an Oops kills insmod with SIGSEGV). */
  kill?(pid: number, sig: number): boolean
}

export interface ModuleSubsystemDeps {
  k: KernelContext
  mm: Mm
  kmem: Kmem
  vfs: Vfs
  shell: Registrar
  release: string
  /** The task list (init_task.tasks, for_each_process, task->mm) */
  tasks?(): Iterable<TaskView>
  /** panic() from module code or a fatal exception in interrupt: the kernel stops */
  onPanic?(): void
}

export { Modules } from './loader'

export function startModules(d: ModuleSubsystemDeps): Modules {
  const modules = new Modules({ k: d.k, mm: d.mm, kmem: d.kmem, vfs: d.vfs, kill: (pid, sig) => void d.shell.kill?.(pid, sig), tasks: d.tasks, onPanic: d.onPanic })
  const vfs = d.vfs
  vfs.registerDynamic('/proc/modules', { read: () => modules.procModules() }, { mode: 0o444 })
  vfs.registerDynamicDir('/sys/module', sysModuleDir(modules))
  installBuildTree(vfs, d.release)
  d.shell.registerCommand('make', makeCommand({}), { dir: '/usr/bin' })
  d.shell.registerCommand('insmod', insmodCommand({ modules, kill: (pid, sig) => void d.shell.kill?.(pid, sig) }))
  d.shell.registerCommand('rmmod', rmmodCommand({ modules, kill: (pid, sig) => void d.shell.kill?.(pid, sig) }))
  d.shell.registerCommand('lsmod', lsmod)
  d.shell.registerCommand('modinfo', modinfoCommand({ modules }))
  installLabs(vfs)
  return modules
}

/** /usr/src/linux: Makefile and include/ (what `make -C /lib/modules/$(uname -r)/build` finds). */
function installBuildTree(vfs: Vfs, release: string): void {
  const root = '/usr/src/linux'
  vfs.mkdirp(root)
  vfs.writeFile(`${root}/Makefile`, kernelMakefile(release))
  for (const [rel, text] of Object.entries(KERNEL_HEADERS)) {
    const path = rel.startsWith('asm/') ? `${root}/arch/arm/include/${rel}` : `${root}/include/${rel}`
    vfs.mkdirp(path.slice(0, path.lastIndexOf('/')))
    vfs.writeFile(path, text)
  }
  const link = (target: string, path: string): void => {
    if (vfs.exists(path)) return
    vfs.mkdirp(path.slice(0, path.lastIndexOf('/')))
    vfs.symlink(target, path)
  }
  link(root, `/usr/src/linux-headers-${release}`)
  link(`/lib/modules/${release}`, `/usr/lib/modules/${release}`)
}

function file(read: () => string, mode = 0o444): DynamicEntry {
  return { type: 'file', ops: { read }, mode }
}

function sysModuleDir(modules: Modules): DynamicDirOps {
  return {
    list: () => modules.list.map((m) => m.name),
    lookup: (name) => {
      const m = modules.find(name)
      return m ? { type: 'dir', ops: moduleDir(modules, m) } : null
    }
  }
}

function moduleDir(modules: Modules, m: Module): DynamicDirOps {
  const entries = (): Record<string, DynamicEntry> => {
    const e: Record<string, DynamicEntry> = {
      refcnt: file(() => `${m.refcnt}\n`),
      initstate: file(() => `${m.state === 'Live' ? 'live' : m.state === 'Loading' ? 'coming' : 'going'}\n`),
      taint: file(() => `${m.taints}\n`),
      coresize: file(() => `${m.coreSize}\n`),
      initsize: file(() => `${m.initSize}\n`),
      uevent: { type: 'file', ops: { read: () => '' }, mode: 0o200 },
      // holders/USER -> ../../USER for each module using this one (add_usage_links)
      holders: { type: 'dir', ops: { list: () => m.users.map((x) => x.name), lookup: (n) => (m.users.some((x) => x.name === n) ? { type: 'symlink', target: `../../${n}` } : null) } }
    }
    const params = m.params.filter((p) => p.perm !== 0)
    if (params.length) {
      e['parameters'] = {
        type: 'dir',
        ops: {
          list: () => params.map((p) => p.name),
          lookup: (n) => {
            const p = params.find((x) => x.name === n)
            return p ? file(() => modules.paramValue(m, p), p.perm & 0o777) : null
          }
        }
      }
    }
    return e
  }
  return {
    list: () => Object.keys(entries()),
    lookup: (n) => entries()[n] ?? null
  }
}
