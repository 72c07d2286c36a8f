/*
 * kernel/module/main.c for the simulated board: load_module() (module area
 * from module_alloc, .modinfo, parameters, taint), do_init_module() (the
 * init function run on insmod's kernel stack with the call chain
 * sys_finit_module -> do_init_module -> do_one_initcall), delete_module()
 * (exit, free), /proc/modules, print_modules()'s "Modules linked in:",
 * /sys/module/NAME/parameters.
 *
 * A module is C: the C engine compiles its sources at the address
 * module_alloc() gave it (the relocation step of a real loader), its data
 * lives in the module area's pages, every access goes through the kernel
 * MMU, and its calls into the kernel are the natives of kapi/natives.ts.
 * A fault or BUG() in module code is an Oops (traps.ts): the module stays
 * in the list as it was ("Loading" with a reference when it happened in
 * init), insmod is killed with SIGSEGV.
 *
 * Symbols between modules (kernel/module/main.c simplify_symbols,
 * resolve_symbol, ref_module, verify_exported_symbols): EXPORT_SYMBOL and
 * EXPORT_SYMBOL_GPL put a __ksymtab entry in the exporter's image; a module
 * loaded later that uses the symbol resolves it against the loaded
 * modules (newest first), takes a reference on the exporter (lsmod's
 * "Used by", /proc/modules' "1 user,") and keeps it until it is unloaded;
 * rmmod of a used exporter fails with EWOULDBLOCK. A symbol nobody exports
 * (or a GPL-only one asked for by a proprietary module) is "NAME: Unknown
 * symbol SYM (err -2)". An exported variable is the exporter's own memory
 * (the importer is linked against its address); an exported function is a
 * binding of the importer that runs the exporter's code on the same kernel
 * stack, with the importer's frames below it in a backtrace.
 */

import { CTrap, compile, type CFrame, type CSuspend, type CValue, type Diag, type Image, type NativeFn, type RunOptions, type Runtime, type SourceFile } from '../../cc/index'
import type { KFrame, KernelContext } from '../context'
import { TAINT_OOT_MODULE } from '../context'
import type { EntryFrame } from '../dumpstack'
import type { Mm } from '../../mm/mm_init'
import type { Kmem } from '../../mm/kmem'
import type { Task } from '../task'
import { KERNEL_INCLUDE_DIRS, kernelHeader } from '../../include/index'
import { ALLOCATING_NATIVES, kernelNatives, ModuleBug, ModulePanic, SLEEPING_NATIVES, type KapiHost } from '../kapi/natives'
import { KernelCMemory } from '../kapi/memory'
import { do_DataAbort_kernel } from '../../arch/arm/fault'
import { Traps } from '../traps'
import { KERN_ERR, KERN_WARNING } from '../printk'
import type { KoImage } from './ko'
import { PAGE_SIZE } from '../../mm/mmzone'
import { NSEC_PER_JIFFY, type Clock } from '../../board/clock'
import { dump_stack } from '../dumpstack'
import { ModuleFiles, type FilesHost, type FilesVfs } from '../kapi/files'
import { ModuleTimers, type TimersHost } from '../kapi/timers'
import { TaskShadows, type TaskView } from '../kapi/tasks'
import type { VsprintfEnv } from '../vsprintf'
import { LOCKUP_OPS, type StuckCpu } from '../watchdog'
import { KERNEL_NS_PER_OP } from '../costs'

/** Where the exported kernel variables live (inside the kernel's .data, 0x60d00000-0x60e4abaf). */
export const KDATA = 0xc0e00000
const KD = {
  jiffies: KDATA + 0x0,
  jiffies_64: KDATA + 0x8,
  high_memory: KDATA + 0x10,
  mem_map: KDATA + 0x14,
  max_mapnr: KDATA + 0x18,
  oops_in_progress: KDATA + 0x20,
  names: KDATA + 0x80,
  init_task: KDATA + 0x100,
  current: KDATA + 0x200,
  current_mm: KDATA + 0x300,
  contig_page_data: KDATA + 0x1000
} as const
const ZONE_SIZE = 676
const THREAD_SIZE = 8192

export type ModuleState = 'Live' | 'Loading' | 'Unloading'

export interface ModuleParam {
  name: string
  type: string
  addr: number
  perm: number
  numAddr: number
  max: number
  elemsize: number
}

/** One EXPORT_SYMBOL / EXPORT_SYMBOL_GPL entry of a module (its __ksymtab / __ksymtab_gpl). */
export interface ExportedSymbol {
  name: string
  addr: number
  gpl: boolean
  /** a function (called through a binding) or an object (linked at its address) */
  kind: 'func' | 'object'
  namespace: string
}

export class Module {
  state: ModuleState = 'Loading'
  refcnt = 1
  /** mod->syms + mod->gpl_syms, by name */
  exports = new Map<string, ExportedSymbol>()
  /** source_list: the modules using this one, newest first */
  users: Module[] = []
  /** target_list: the modules this one uses */
  uses: Module[] = []
  /** resolved a GPL-only symbol (inherit_taint refuses a proprietary owner afterwards) */
  usingGplOnly = false
  initBase = 0
  initSize = 0
  taints = 'O'
  initFn = ''
  exitFn = ''
  params: ModuleParam[] = []
  private plainRt: Runtime | null = null
  private resumableRt: Runtime | null = null
  constructor(
    readonly name: string,
    readonly ko: KoImage,
    readonly base: number,
    readonly coreSize: number,
    readonly img: Image,
    private readonly instantiate: (resumable: boolean) => Runtime
  ) {}
  /**
   * The plain code: what the kernel calls back (file operations, timers,
   * seq_file shows) and other modules' calls, each run to its end in one
   * turn of the machine. Instantiated on first use.
   */
  get rt(): Runtime {
    return (this.plainRt ??= this.instantiate(false))
  }
  /** The resumable code (Runtime.start): init and exit, run as insmod's / rmmod's kernel work. */
  get run(): Runtime {
    return (this.resumableRt ??= this.instantiate(true))
  }
  symbol(name: string): { addr: number } | undefined {
    return this.img.symbols.find((s) => s.name === name)
  }
  /** /proc/modules' size: init + core layouts. */
  get size(): number {
    return this.coreSize + this.initSize
  }
  /** module_flags(): "(O+)" while coming, "(O-)" going, "(O)" live. */
  flags(): string {
    const st = this.state === 'Loading' ? '+' : this.state === 'Unloading' ? '-' : ''
    return this.taints || st ? `(${this.taints}${st})` : ''
  }
}

export interface CompiledModule {
  ok: boolean
  diagnostics: Diag[]
  text: string
  size: number
  modinfo: Array<[string, string]>
  rt?: undefined
}

/**
 * What a module takes from other modules: functions become bindings of its
 * runtime (calls into the exporter), variables are linked at the exporter's
 * addresses. Kbuild, which does not know which is which, lists a name in both.
 */
export interface ModuleImports {
  funcs: readonly string[]
  data: Readonly<Record<string, number>>
}

/** The compile step shared by Kbuild (at a nominal base) and the loader (at the real one). */
export function compileModule(name: string, sources: SourceFile[], textBase: number, natives: ReadonlySet<string>, thisModule: number, imports?: ModuleImports) {
  return compile(sources, {
    mode: 'kernel',
    textBase,
    externals: imports && imports.funcs.length ? new Set([...natives, ...imports.funcs]) : natives,
    // init and exit run resumably: sleeps wait as the task's own, allocator calls are preemption points
    blockingNatives: SLEEPING_NATIVES,
    preemptingNatives: ALLOCATING_NATIVES,
    readFile: kernelHeader,
    includeDirs: [...KERNEL_INCLUDE_DIRS],
    defines: { KBUILD_MODNAME: JSON.stringify(name), KBUILD_BASENAME: JSON.stringify(name), CONFIG_HIGHMEM: '1', CONFIG_SMP: '1', CONFIG_ARM: '1', CONFIG_MMU: '1' },
    dataSymbols: {
      jiffies: KD.jiffies,
      jiffies_64: KD.jiffies_64,
      high_memory: KD.high_memory,
      mem_map: KD.mem_map,
      max_mapnr: KD.max_mapnr,
      oops_in_progress: KD.oops_in_progress,
      init_task: KD.init_task,
      contig_page_data: KD.contig_page_data,
      ...(imports?.data ?? {}),
      __this_module: thisModule
    }
  })
}

/** The data symbols the kernel itself provides to modules. */
export const KERNEL_DATA_NAMES: ReadonlySet<string> = new Set(['jiffies', 'jiffies_64', 'high_memory', 'mem_map', 'max_mapnr', 'oops_in_progress', 'init_task', 'contig_page_data'])

/** vmlinux exports this symbol (a kernel function or variable bound for modules). */
export function isKernelSymbol(name: string): boolean {
  return NATIVE_NAMES.has(name) || KERNEL_DATA_NAMES.has(name)
}

/**
 * The symbols a module needs that the kernel does not provide (modpost's
 * unresolved symbols), from a link against the kernel alone: the names of
 * ld's "undefined reference" diagnostics, in order; null when the module
 * does not link for another reason.
 */
export function moduleUndefined(diags: readonly Diag[]): string[] {
  return diags.filter((d) => !d.loc && d.message.startsWith('undefined reference to')).map((d) => d.message.replace(/^undefined reference to `(.*)'$/, '$1'))
}

/** The __ksymtab entries of a linked image (EXPORT_SYMBOL/_GPL), in address (= source) order. */
export function readExports(img: { symbols: Array<{ name: string; addr: number; kind: string }>; segments: Array<{ addr: number; bytes: Uint8Array; size: number }> }): ExportedSymbol[] {
  const word = (a: number): number => {
    const seg = img.segments.find((g) => a >= g.addr && a + 4 <= g.addr + g.bytes.length)
    if (!seg) return 0
    const o = a - seg.addr
    return (seg.bytes[o]! | (seg.bytes[o + 1]! << 8) | (seg.bytes[o + 2]! << 16) | (seg.bytes[o + 3]! << 24)) >>> 0
  }
  const str = (a: number): string => {
    const seg = img.segments.find((g) => a >= g.addr && a < g.addr + g.bytes.length)
    if (!seg) return ''
    let out = ''
    for (let i = a - seg.addr; i < seg.bytes.length && seg.bytes[i] !== 0; i++) out += String.fromCharCode(seg.bytes[i]!)
    return out
  }
  const out: ExportedSymbol[] = []
  const entries = img.symbols.filter((s) => s.kind === 'object' && s.name.startsWith('__ksymtab_')).sort((a, b) => a.addr - b.addr)
  for (const e of entries) {
    const addr = word(e.addr)
    const name = str(word(e.addr + 4))
    if (!name) continue
    // __ksymtab_gpl_SYM is EXPORT_SYMBOL_GPL(SYM) unless the entry names "gpl_SYM"
    const gpl = e.name === `__ksymtab_gpl_${name}`
    const target = img.symbols.find((x) => x.addr === addr && x.name === name)
    out.push({ name, addr, gpl, kind: target && target.kind !== 'object' ? 'func' : 'object', namespace: str(word(e.addr + 8)) })
  }
  return out
}

/**
 * The module linked at `base`, from a small cache shared by Kbuild and the
 * loader: modpost links at 0xbf000000, where module_alloc() puts the first
 * module, so a fresh `insmod` there needs no second compile. Relocating the
 * same sources to the same address gives the same image.
 */
export function linkModule(name: string, sources: SourceFile[], base: number, imports?: ModuleImports): ReturnType<typeof compileModule> {
  const key = `${base}:${name}:${imports ? JSON.stringify(imports) : ''}:${sources.map((x) => x.name + '\0' + x.contents).join('\0')}`
  const hit = LINK_CACHE.get(key)
  if (hit) {
    LINK_CACHE.delete(key)
    LINK_CACHE.set(key, hit)
    return hit
  }
  const r = compileModule(name, sources, base, NATIVE_NAMES, base, imports)
  if (r.ok) {
    LINK_CACHE.set(key, r)
    if (LINK_CACHE.size > 24) LINK_CACHE.delete(LINK_CACHE.keys().next().value!)
  }
  return r
}
const LINK_CACHE = new Map<string, ReturnType<typeof compileModule>>()

/** The names the kernel binds for modules (for Kbuild's compile without a machine). */
export const NATIVE_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(kernelNatives({} as KapiHost)),
  ...Object.keys(new ModuleFiles({} as FilesHost).natives(() => ({}) as VsprintfEnv)),
  ...Object.keys(new ModuleTimers({} as TimersHost).natives())
])

/** .modinfo strings of a linked image: the __UNIQUE_ID_* objects, in address order. */
export function readModinfo(img: { symbols: Array<{ name: string; addr: number; kind: string }>; segments: Array<{ addr: number; bytes: Uint8Array; size: number }> }): Array<[string, string]> {
  const out: Array<[string, string]> = []
  const syms = img.symbols.filter((s) => s.kind === 'object' && s.name.startsWith('__UNIQUE_ID_')).sort((a, b) => a.addr - b.addr)
  for (const s of syms) {
    const seg = img.segments.find((g) => s.addr >= g.addr && s.addr < g.addr + g.size)
    if (!seg) continue
    let str = ''
    for (let i = s.addr - seg.addr; i < seg.bytes.length && seg.bytes[i] !== 0; i++) str += String.fromCharCode(seg.bytes[i]!)
    const eq = str.indexOf('=')
    if (eq > 0) out.push([str.slice(0, eq), decodeLatin1Utf8(str.slice(eq + 1))])
  }
  return out
}

function decodeLatin1Utf8(s: string): string {
  try {
    return decodeURIComponent(escape(s))
  } catch {
    return s
  }
}

export interface LoadResult {
  /** 0, or -errno for insmod's message */
  err: number
  /** the task died (Oops): insmod ends with this signal */
  signal?: number
  /** the CPU is stuck in the module's code (soft lockup): the task never returns */
  stuck?: boolean
}

/** A C frame with the module it belongs to (a trap that crossed from one module into another). */
type TaggedFrame = CFrame & { module?: string }

/** A module being loaded, before it is in the list: what resolving its symbols changes. */
interface PendingModule {
  name: string
  taints: string
  uses: Module[]
  usingGplOnly: boolean
  /** MODULE_IMPORT_NS() namespaces */
  importNs: string[]
}

/** unload(): the exit function never returns (soft lockup). */
export const STUCK = -3000

/**
 * What insmod's / rmmod's task waits for while the module's code runs in
 * the kernel on its behalf (the shell's Wait): the CPU for its next quantum,
 * or the end of a sleep. `inKernel`: signals stay pending until the system
 * call returns, and do not end the sleep (msleep is TASK_UNINTERRUPTIBLE).
 */
export type ModuleWait = { readonly kind: 'yield'; readonly inKernel: true } | { readonly kind: 'sleep'; readonly untilNs: number; readonly inKernel: true }

const KYIELD: ModuleWait = Object.freeze({ kind: 'yield', inKernel: true })

type RunResult = { kind: 'ok'; value: number } | { kind: 'oops' } | { kind: 'stuck' }

/**
 * A module function running resumably on a task's kernel stack (init,
 * exit): what the CPU holds for it while it runs, kept while the task is
 * off the CPU (at a quantum's yield, in a sleep).
 */
interface KRun {
  mod: Module
  rt: Runtime
  stackBase: number
  stackTop: number
  /** the kernel frames below the module's code: ret_fast_syscall, the syscall, do_init_module ... */
  frames: KFrame[]
  /** icount when the code last scheduled (the soft-lockup watchdog's touch) */
  touchOps: number
  /** icount the clock has been moved to */
  lastOps: number
  atomicDepth: number
  lastArg0: number
  /** clock when the task left the CPU (NaN before its first turn) */
  leftAt: number
  /** the end of the sleep the task waits in, -1 when none (a restarted msleep finds it) */
  sleepUntil: number
  /** what enter() replaced, put back by leave() */
  outer: { frames: number; running: Module | null; cpuRt: Runtime | null; run: KRun | null; atomicDepth: number; pgd: number }
}

export interface LoaderDeps {
  k: KernelContext
  mm: Mm
  kmem: Kmem
  /** /proc and /dev for the modules' files */
  vfs?: FilesVfs
  /** Signal a task (an Oops in a file operation kills the reading process). */
  kill?(pid: number, sig: number): void
  /** The task list, for init_task.tasks / for_each_process and every task's mm */
  tasks?(): Iterable<TaskView>
  /** panic(): the kernel stops */
  onPanic?(): void
}

export class Modules implements KapiHost, FilesHost, TimersHost {
  readonly k: KernelContext
  readonly mm: Mm
  readonly kmem: Kmem
  readonly mem: KernelCMemory
  readonly natives: ReturnType<typeof kernelNatives>
  readonly traps: Traps
  /** newest first, as the kernel's modules list */
  readonly list: Module[] = []
  lastUnloaded = ''
  atomicDepth = 0
  /** the module whose code runs now */
  private running: Module | null = null
  /** the runtime whose code runs now (a call nested in it continues below its stack pointer) */
  private cpuRt: Runtime | null = null
  /** the resumable run (init, exit) on the CPU now */
  private cur: KRun | null = null
  private stackTop = 0
  private stackBase = 0
  /** Simulated nanoseconds per C operation. */
  nsPerOp = KERNEL_NS_PER_OP
  readonly vfs: FilesVfs | null
  readonly files: ModuleFiles
  readonly timers: ModuleTimers
  private readonly shadows: TaskShadows | null
  private readonly taskList?: () => Iterable<TaskView>
  private readonly kill?: (pid: number, sig: number) => void
  private readonly onPanic?: () => void

  constructor(d: LoaderDeps) {
    this.k = d.k
    this.mm = d.mm
    this.kmem = d.kmem
    this.mem = new KernelCMemory(d.kmem.mmu)
    this.vfs = d.vfs ?? null
    this.kill = d.kill
    this.onPanic = d.onPanic
    this.files = new ModuleFiles(this)
    this.taskList = d.tasks
    this.shadows = d.tasks
      ? new TaskShadows(this.mem, { initTask: KD.init_task, tasks: KDATA + 0x4000, tasksEnd: KDATA + 0x7000, mms: KDATA + 0x7000, vmas: KDATA + 0xb000, vmasEnd: KDATA + 0x40000 }, (pa) => this.mm.phys_to_virt(pa))
      : null
    this.timers = new ModuleTimers(this)
    // The timer interrupt: the kernel's timer base runs due timer_lists as the machine moves time on.
    d.k.timers.addSource(this.timers)
    const vsEnv: VsprintfEnv = {
      peek8: (a) => this.mem.peek8(a),
      peek32: (a) => this.mem.peek32(a),
      symbol: (a, o) => this.symbolize(a, o),
      hashPointer: (a) => (this.k.hasParam('no_hash_pointers') ? a : null)
    }
    this.natives = this.accounted({ ...kernelNatives(this), ...this.files.natives(() => vsEnv), ...this.timers.natives() })
    this.traps = new Traps(d.k)
    d.k.modulesLinkedIn = () => this.modulesLinkedIn()
    this.initData()
  }

  /** Simulated cost of each kernel call (ns), beyond the C operations before it. */
  private accounted(raw: Record<string, NativeFn>): Record<string, NativeFn> {
    const out: Record<string, NativeFn> = {}
    const k = this.k
    for (const [name, fn] of Object.entries(raw)) {
      const cost = CALL_COST[name] ?? 500
      const perPage = name === 'vmalloc' || name === 'vzalloc' || name === '__vmalloc' ? 1200 : 0
      const schedules = SCHEDULING.has(name)
      const sleeps = SLEEPING_NATIVES.has(name)
      const call: NativeFn = (a, rt) => {
        const ops = rt.icount
        // a sleep called again when it is over (the restarted call) costs nothing more
        const again = sleeps && this.cur !== null && this.cur.sleepUntil >= 0
        k.clock.advance((ops - this.lastOps) * this.nsPerOp + (again ? 0 : cost + (perPage ? perPage * Math.ceil((Number(a[0]) >>> 0) / PAGE_SIZE) : 0)))
        this.lastOps = ops
        if (schedules) this.touchOps = ops
        this.lastArg0 = Number(a[0] ?? 0) >>> 0
        return fn(a, rt)
      }
      // An allocator call: counted for the machine's single step, which (when it steps) holds right after it.
      out[name] = !ALLOCATING_NATIVES.has(name)
        ? call
        : (a, rt) => {
            const v = call(a, rt)
            k.allocCalls++
            if (k.holdAfterAlloc) rt.preempt()
            return v
          }
    }
    return out
  }
  private lastOps = 0
  /** first argument of the last kernel call (what r0 held last; the Oops prints it) */
  private lastArg0 = 0
  /** icount when the running code last scheduled (the soft-lockup watchdog's touch) */
  private touchOps = 0
  private stuck = false
  /** The CPU stuck in module code (soft lockup), if any: insmod/rmmod hangs with it. */
  stuckCpu: StuckCpu | null = null

  find(name: string): Module | undefined {
    return this.list.find((m) => m.name === name)
  }

  /* ---- exported data ---- */
  private initData(): void {
    const m = this.kmem.mmu
    const names = ['Normal', 'HighMem', 'Movable']
    names.forEach((n, i) => {
      for (let j = 0; j < n.length; j++) m.write8(KD.names + i * 16 + j, n.charCodeAt(j))
      m.write8(KD.names + i * 16 + n.length, 0)
    })
    // init_task: pid 0, "swapper/0", tasks list pointing to itself
    const t = KD.init_task
    m.write32(t + 12, t + 12)
    m.write32(t + 16, t + 12)
    this.writeComm(t + 68, 'swapper/0')
    this.syncData()
  }

  private writeComm(a: number, s: string): void {
    for (let i = 0; i < 16; i++) this.kmem.mmu.write8(a + i, i < s.length && i < 15 ? s.charCodeAt(i) & 0xff : 0)
  }

  zoneAddr(idx: number): number {
    return KD.contig_page_data + idx * ZONE_SIZE
  }
  zoneOfAddr(addr: number): number {
    const off = addr - KD.contig_page_data
    if (off < 0 || off % ZONE_SIZE || off / ZONE_SIZE >= 3) return -1
    return off / ZONE_SIZE
  }

  /** Refresh the task shadows (init_task list, each task's mm and VMAs): at each entry into module code. */
  private syncTasks(): void {
    if (this.shadows && this.taskList) this.shadows.sync(this.taskList(), () => 0)
  }

  /** jiffies and jiffies_64 as module code reads them. */
  private syncJiffies(): void {
    const m = this.kmem.mmu
    const j = this.k.clock.jiffies()
    m.write32(KD.jiffies, j)
    m.write32(KD.jiffies_64, j)
    m.write32(KD.jiffies_64 + 4, 0)
  }

  syncData(): void {
    const m = this.kmem.mmu
    this.syncJiffies()
    m.write32(KD.high_memory, this.mm.layout.high_memory)
    m.write32(KD.mem_map, this.mm.page_struct_addr(this.mm.pgdat.node_start_pfn))
    m.write32(KD.max_mapnr, this.mm.pgdat.nframes)
    const pg = this.mm.pgdat
    pg.zones.forEach((z, i) => {
      const a = this.zoneAddr(i)
      for (let w = 0; w < 4; w++) m.write32(a + w * 4, z._watermark[w]!)
      m.write32(a + 16, z.watermark_boost)
      m.write32(a + 20, z.nr_reserved_highatomic)
      for (let r = 0; r < 3; r++) m.write32(a + 24 + r * 4, z.lowmem_reserve[r]!)
      m.write32(a + 36, KD.contig_page_data)
      m.write32(a + 40, z.zone_start_pfn)
      m.write32(a + 44, z.managed_pages)
      m.write32(a + 48, z.spanned_pages)
      m.write32(a + 52, z.present_pages)
      m.write32(a + 56, z.cma_pages)
      m.write32(a + 60, KD.names + i * 16)
      for (let o = 0; o < 11; o++) m.write32(a + 64 + o * 52 + 48, z.nr_free[o]!)
      for (let s = 0; s < 10; s++) m.write32(a + 636 + s * 4, Math.max(0, Math.floor(z.vm_stat[s] ?? 0)))
    })
    const p = KD.contig_page_data + 3 * ZONE_SIZE
    m.write32(p, pg.zones.filter((z) => z.present_pages > 0).length || 1)
    m.write32(p + 4, pg.node_start_pfn)
    m.write32(p + 8, pg.zones.reduce((s, z) => s + z.present_pages, 0))
    m.write32(p + 12, pg.nframes)
    m.write32(p + 16, 0)
  }

  currentTaskAddr(): number {
    const shadow = this.shadows?.byPid.get(this.k.current.pid)
    if (shadow !== undefined) return shadow
    const m = this.kmem.mmu
    const t = KD.current
    const cur = this.k.current as Partial<Task> & { pid: number; comm: string }
    m.write32(t, 0)
    m.write32(t + 4, this.stackBase)
    m.write32(t + 8, 120)
    m.write32(t + 12, KD.init_task + 12)
    m.write32(t + 16, KD.init_task + 12)
    const mmAddr = cur.mm ? KD.current_mm : 0
    m.write32(t + 20, mmAddr)
    m.write32(t + 24, mmAddr)
    m.write32(t + 36, cur.pid)
    m.write32(t + 40, cur.tgid ?? cur.pid)
    m.write32(t + 44, KD.init_task)
    m.write32(t + 48, KD.init_task)
    m.write32(t + 60, cur.min_flt ?? 0)
    m.write32(t + 64, cur.maj_flt ?? 0)
    this.writeComm(t + 68, cur.comm)
    if (cur.mm) {
      const mmS = cur.mm as unknown as Record<string, number>
      const base = KD.current_mm
      const f = (off: number, v: number | undefined): void => m.write32(base + off, (v ?? 0) >>> 0)
      f(0, 0)
      f(4, mmS['mmap_base'])
      f(8, 0xbf000000)
      f(12, mmS['pgd'] !== undefined && mmS['pgd']! >= 0 ? this.mm.phys_to_virt(mmS['pgd']!) : 0)
      f(16, 1)
      f(20, 1)
      f(24, mmS['map_count'])
      f(28, mmS['hiwater_rss'])
      f(32, mmS['hiwater_vm'])
      f(36, mmS['total_vm'])
      f(40, mmS['locked_vm'])
      f(44, mmS['data_vm'])
      f(48, mmS['exec_vm'])
      f(52, mmS['stack_vm'])
    }
    return t
  }

  fatalSignalPending(): boolean {
    const cur = this.k.current as Partial<Task>
    return !!cur.sigkill
  }

  moduleGet(addr: number): boolean {
    const m = this.list.find((x) => this.thisModuleAddr(x) === addr)
    if (!m) return addr === 0
    if (m.state === 'Unloading') return false
    m.refcnt++
    return true
  }
  modulePut(addr: number): void {
    const m = this.list.find((x) => this.thisModuleAddr(x) === addr)
    if (m && m.refcnt > 0) m.refcnt--
  }
  /** THIS_MODULE: an identity only (try_module_get/module_put, .owner); the module's base address. */
  private thisModuleAddr(m: Module): number {
    return m.base
  }

  sleepNs(ns: number, _busy: boolean): void {
    // the clock interrupt keeps ticking: timers that expire meanwhile run (nested, in softirq context)
    this.k.timers.runUntil(this.k.clock.now() + ns)
    this.syncData()
  }

  sleep(rt: Runtime, ns: number, first?: () => void): CValue | undefined {
    const r = this.cur
    if (!rt.canBlock || r === null || r.rt !== rt) {
      first?.()
      this.sleepNs(ns, false)
      return undefined
    }
    // The task's own sleep: it leaves the CPU until the clock reaches the end (restart_block keeps it).
    if (r.sleepUntil < 0) {
      first?.()
      r.sleepUntil = this.k.clock.now() + ns
    }
    if (this.k.clock.now() < r.sleepUntil) return rt.block({ kind: 'sleep', untilNs: r.sleepUntil })
    r.sleepUntil = -1
    return undefined
  }

  /**
   * A call into a module's plain code while module code runs: it continues
   * on the same kernel stack, below the stack pointer of the code it
   * interrupts (another runtime: the resumable init, another module).
   */
  private nestedCall(mod: Module, fn: number, args: CValue[]): CValue {
    const rt = mod.rt
    const below = this.cpuRt
    if (below !== null && below !== rt) rt.opts.stackTop = ((below.sp >>> 0) - 16) & ~7
    const prev = this.cpuRt
    this.cpuRt = rt
    try {
      return rt.call(fn, args)
    } finally {
      this.cpuRt = prev
    }
  }

  /** The running module's C frames as kernel frames, outermost first. */
  moduleFrames(rt: Runtime): KFrame[] {
    const mod = this.running
    const chain = rt.chain()
    const out: KFrame[] = []
    for (let i = chain.length - 1; i >= 0; i--) {
      const c = chain[i]!
      out.push({ fn: c.fn, off: c.off, size: mod && c.fn === mod.initFn ? 0x1000 : c.size, module: mod?.name })
    }
    return out
  }

  symbolize(addr: number, withOffset: boolean): string | null {
    for (const m of this.list) {
      if (addr < m.base || addr >= m.base + m.coreSize) continue
      const syms = m.img.symbols.filter((s) => s.kind === 'func' && addr >= s.addr && addr < s.addr + Math.max(s.size, 16))
      const s = syms[0]
      if (!s) return null
      return withOffset ? `${s.name}+0x${(addr - s.addr).toString(16)}/0x${Math.max(s.size, 16).toString(16)} [${m.name}]` : `${s.name} [${m.name}]`
    }
    return null
  }

  get clock(): Clock {
    return this.k.clock
  }

  /**
   * A timer callback in softirq context. Inside the same module's code (a
   * timer that expires while it sleeps) it runs nested on the task's stack;
   * from the idle loop it gets the idle task's interrupt frames.
   */
  callSoftirq(fn: number, args: CValue[], frames: KFrame[]): boolean {
    const mod = this.list.find((m) => fn >= m.base && fn < m.base + m.coreSize)
    if (!mod) return false
    const k = this.k
    this.atomicDepth++
    this.softirq++
    try {
      if (this.running) {
        // The interrupt came while module code runs (a quantum's timer tick, a sleep in a plain run):
        // the callback runs on that stack, below what runs there, with jiffies as the tick left them.
        this.syncJiffies()
        const n = k.frames.length
        k.frames.push(...frames)
        try {
          this.nestedCall(mod, fn, args)
        } finally {
          k.frames.length = n
        }
        return true
      }
      const prev = k.current
      k.current = { pid: 0, comm: 'swapper/0' }
      const stack = this.kmem.vm.alloc_thread_stack({ fn: 'kernel_clone', off: 0xa4, size: 0x380 })
      if (!stack) return false
      this.stackBase = stack
      this.stackTop = stack + THREAD_SIZE - 0x168
      try {
        const res = this.runInModule(mod, '', frames[0]!, frames.slice(1), fn, args, false, IDLE_FRAMES)
        if (res.kind === 'oops' && !this.panicked) this.panic('Fatal exception in interrupt', false)
        return res.kind === 'ok'
      } finally {
        this.kmem.vfree(stack)
        k.current = prev
      }
    } finally {
      this.atomicDepth--
      this.softirq--
    }
  }
  /**
   * kernel/panic.c panic(): the message, the backtrace (not after an Oops,
   * which printed one), the end marker; the board stops (Kernel.halted).
   */
  panic(msg: string, backtrace = true): void {
    const k = this.k
    this.panicked = true
    k.printk(`\x010Kernel panic - not syncing: ${msg}\n`)
    if (backtrace) k.withFrame({ fn: 'panic', off: 0x108, size: 0x33c }, () => dump_stack(k))
    k.printk(`\x010---[ end Kernel panic - not syncing: ${msg} ]---\n`)
    this.onPanic?.()
  }
  /** softirq nesting (in_softirq()) */
  softirq = 0
  /** a fatal exception in interrupt context happened (the real kernel panics) */
  panicked = false

  moduleAt(addr: number): string | null {
    return this.list.find((m) => addr >= m.base && addr < m.base + m.coreSize)?.name ?? null
  }

  /**
   * A module function called through a pointer the module gave the kernel
   * (file operations, seq_file show...), with a syscall's frames below it.
   * Returns its value, or null when it crashed: the Oops is printed and
   * the calling task is killed.
   */
  callModule(addr: number, args: CValue[], frames: KFrame[]): number | null {
    const mod = this.list.find((m) => addr >= m.base && addr < m.base + m.coreSize)
    if (!mod) return null
    if (this.running) return Number(this.nestedCall(mod, addr, args))
    const stack = this.kmem.vm.alloc_thread_stack({ fn: 'kernel_clone', off: 0xa4, size: 0x380 })
    if (!stack) return null
    this.stackBase = stack
    this.stackTop = stack + THREAD_SIZE - 0x168
    const [entry, ...rest] = frames
    const res = this.runInModule(mod, '', entry ?? { fn: 'ret_fast_syscall', off: 0, size: 0x54 }, rest, addr, args, !!entry)
    this.kmem.vfree(stack)
    if (res.kind === 'ok') return res.value
    if (res.kind === 'oops') this.kill?.(this.k.current.pid, 11)
    return null
  }

  /* ---- /proc/modules, lsmod, print_modules ---- */
  procModules(): string {
    return this.list.map((m) => `${m.name} ${m.size} ${m.refcnt} ${this.usedBy(m)} ${m.state} 0x${m.base.toString(16).padStart(8, '0')}${m.flags() ? ' ' + m.flags() : ''}\n`).join('')
  }

  /** print_unload_info(): "user1,user2," (newest first), "[permanent]," or "-". */
  usedBy(m: Module): string {
    let s = m.users.map((x) => `${x.name},`).join('')
    if (m.initFn && !m.exitFn) s += '[permanent],'
    return s || '-'
  }

  modulesLinkedIn(): string {
    let s = ''
    for (const m of this.list) s += ` ${m.name}${m.flags()}`
    if (this.lastUnloaded) s += ` [last unloaded: ${this.lastUnloaded}]`
    return s
  }

  /* ---- load ---- */
  /**
   * finit_module() for a .ko, as insmod's system call: 0 on success, -errno
   * otherwise (the module is gone), or a signal when init crashed (the
   * module stays, "Loading"). The module's init runs resumably (runTask):
   * the generator yields what the task waits for while it runs.
   */
  *init_module(ko: KoImage, args: string): Generator<ModuleWait, LoadResult, void> {
    const k = this.k
    if (this.find(ko.name)) return { err: -17 }
    // module_alloc(): core layout (at least text, ro, ro_after_init, rw pages) and the init layout
    const coreSize = Math.max(4 * PAGE_SIZE, Math.ceil(ko.size / PAGE_SIZE) * PAGE_SIZE)
    const loaderFrame: KFrame = { fn: 'load_module', off: 0x970, size: 0x1d44 }
    const base = this.kmem.vm.module_alloc(coreSize, loaderFrame)
    if (!base) return { err: -12 }
    const initSize = 4 * PAGE_SIZE
    const initBase = this.kmem.vm.module_alloc(initSize, loaderFrame)
    // check_modinfo(): the taints (out-of-tree, license) come before the symbols are resolved
    const license = ko.modinfo.find(([kk]) => kk === 'license')?.[1]
    if (!(k.tainted & (1 << TAINT_OOT_MODULE))) k.printk(`${KERN_WARNING}${ko.name}: loading out-of-tree module taints kernel.\n`)
    k.addTaint(TAINT_OOT_MODULE)
    let taints = 'O'
    if (!license || !GPL_COMPATIBLE.has(license)) {
      if (!(k.tainted & 1)) k.printk(`${KERN_WARNING}${ko.name}: module license '${license ?? 'unspecified'}' taints kernel.\n`)
      if (!(k.tainted & 1)) k.printk(`${KERN_WARNING}Disabling lock debugging due to kernel taint\n`)
      k.addTaint(0)
      taints = 'PO'
    }
    // simplify_symbols(): every symbol the kernel does not provide, from the modules loaded before
    const pending: PendingModule = { name: ko.name, taints, uses: [], usingGplOnly: false, importNs: ko.modinfo.filter(([kk]) => kk === 'import_ns').map(([, v]) => v) }
    const imports = ko.imports ?? this.undefinedOf(ko)
    const fail = (err: number): LoadResult => {
      this.releaseUses(pending.uses, pending.name)
      this.module_memfree(base)
      if (initBase) this.module_memfree(initBase)
      return { err }
    }
    const resolved = this.resolveImports(pending, imports)
    if (typeof resolved === 'number') return fail(resolved)
    const r = linkModule(ko.name, ko.sources, base, resolved.imports)
    if (!r.ok || !r.program) {
      const undef = moduleUndefined(r.diagnostics)
      for (const name of undef) k.printk(`${KERN_WARNING}${ko.name}: Unknown symbol ${name} (err -2)\n`)
      return fail(undef.length ? -2 : -8)
    }
    const img = r.program.image
    const mmu = this.kmem.mmu
    mmu.memset(base, 0, coreSize)
    if (initBase) mmu.memset(initBase, 0, initSize)
    for (const seg of img.segments) for (let i = 0; i < seg.bytes.length; i++) mmu.write8(seg.addr + i, seg.bytes[i]!)
    const stack = this.kmem.vm.alloc_thread_stack({ fn: 'kernel_clone', off: 0xa4, size: 0x380 })
    if (!stack) {
      this.module_memfree(base)
      return { err: -12 }
    }
    this.stackBase = stack
    this.stackTop = stack + THREAD_SIZE - 0x168
    // eslint-disable-next-line prefer-const
    let mod: Module
    const bindings = resolved.funcs.size ? this.importBindings(() => mod, resolved.funcs) : this.natives
    const program = r.program
    const instantiate = (resumable: boolean): Runtime => {
      const ro: RunOptions = {
        mem: this.mem,
        bindings,
        stackTop: this.stackTop,
        quantum: 20000,
        resumable,
        shouldStop: () => this.watchdogTick(rt),
        onDivZero: () => {
          k.printk(`${KERN_ERR}Division by zero in kernel.\n`)
          dump_stack(k)
          return 0
        }
      }
      const rt = program.instantiate(ro)
      return rt
    }
    mod = new Module(ko.name, ko, base, coreSize, img, instantiate)
    mod.taints = pending.taints
    mod.uses = pending.uses
    mod.usingGplOnly = pending.usingGplOnly
    mod.initBase = initBase
    mod.initSize = initBase ? initSize : 0
    const fnAt = (sym: string): string => {
      const s = mod.symbol(sym)
      if (!s) return ''
      const addr = mmu.read32(s.addr) >>> 0
      return img.symbols.find((x) => x.kind === 'func' && x.addr === addr)?.name ?? ''
    }
    // module_init()/module_exit(), or the old style: functions named init_module/cleanup_module
    const named = (n: string): string => (img.symbols.some((x) => x.kind === 'func' && x.name === n) ? n : '')
    mod.initFn = fnAt('__kmemlab_initcall') || named('init_module')
    mod.exitFn = fnAt('__kmemlab_exitcall') || named('cleanup_module')
    mod.params = this.readParams(img)
    // complete_formation() -> verify_exported_symbols(): an export nobody else has
    for (const e of readExports(img)) {
      const owner = isKernelSymbol(e.name) ? 'kernel' : this.list.find((m) => m.exports.has(e.name))?.name
      if (owner) {
        k.printk(`${KERN_ERR}${ko.name}: exports duplicate symbol ${e.name} (owned by ${owner})\n`)
        this.kmem.vfree(stack)
        return fail(-8)
      }
      mod.exports.set(e.name, e)
    }
    // parse_args(): name=value
    const perr = this.parseArgs(mod, args)
    if (perr) {
      this.kmem.vfree(stack)
      return fail(perr)
    }
    for (const t of mod.uses) t.users.unshift(mod)
    this.list.unshift(mod)
    if (!mod.initFn) {
      mod.state = 'Live'
      mod.refcnt--
      this.freeInit(mod)
      this.kmem.vfree(stack)
      return { err: 0 }
    }
    const res = yield* this.runTask(mod, stack, { fn: 'sys_finit_module', off: 0xc0, size: 0x10c }, [
      { fn: 'do_init_module', off: 0x44, size: 0x1d8 },
      { fn: 'do_one_initcall', off: 0x58, size: 0x200 }
    ], mod.initFn)
    // stuck in a loop, or the kernel panicked: the task never comes back
    if (res.kind === 'stuck' || this.panicked) return { err: 0, stuck: true }
    this.kmem.vfree(stack)
    if (res.kind === 'oops') return { err: 0, signal: 11 }
    const ret = res.value | 0
    if (ret < 0) {
      this.releaseUses(mod.uses, mod.name)
      this.files.dropModule(mod.name)
      this.timers.dropRange(mod.base, mod.base + mod.coreSize)
      this.list.splice(this.list.indexOf(mod), 1)
      this.freeInit(mod)
      this.module_memfree(base)
      return { err: ret }
    }
    if (ret > 0) {
      k.printk(`${KERN_WARNING}do_init_module: '${mod.initFn}'->init suspiciously returned ${ret}, it should follow 0/-E convention\n`)
      k.printk(`${KERN_WARNING}do_init_module: loading module anyway...\n`)
      dump_stack(k)
    }
    mod.state = 'Live'
    mod.refcnt--
    this.freeInit(mod)
    return { err: 0 }
  }

  /* ---- symbols between modules ---- */

  /** The .ko's undefined symbols when it does not list them (written before exports existed). */
  private undefinedOf(ko: KoImage): string[] {
    const r = linkModule(ko.name, ko.sources, 0xbf000000)
    return r.ok ? [] : moduleUndefined(r.diagnostics).filter((n) => !isKernelSymbol(n))
  }

  /**
   * simplify_symbols() for the SHN_UNDEF entries: each resolved against the
   * loaded modules (a reference taken on the owner), each failure reported
   * as "NAME: Unknown symbol SYM (err E)"; the last error, or what to link.
   */
  private resolveImports(p: PendingModule, names: readonly string[]): number | { imports: ModuleImports; funcs: Map<string, { owner: Module; sym: ExportedSymbol }> } {
    const funcs = new Map<string, { owner: Module; sym: ExportedSymbol }>()
    const data: Record<string, number> = {}
    let ret = 0
    for (const name of names) {
      if (isKernelSymbol(name)) continue
      const r = this.resolveSymbol(p, name)
      if (typeof r === 'number') {
        ret = r
        this.k.printk(`${KERN_WARNING}${p.name}: Unknown symbol ${name} (err ${r})\n`)
        continue
      }
      if (r.sym.kind === 'func') funcs.set(name, r)
      else data[name] = r.sym.addr
    }
    if (ret) return ret
    return { imports: { funcs: [...funcs.keys()], data }, funcs }
  }

  /** resolve_symbol_wait(): find_symbol (GPL-only ones not for a proprietary module), inherit_taint, ref_module. */
  private resolveSymbol(p: PendingModule, name: string): number | { owner: Module; sym: ExportedSymbol } {
    const k = this.k
    const gplok = !p.taints.includes('P')
    let owner: Module | undefined
    let sym: ExportedSymbol | undefined
    for (const m of this.list) {
      const e = m.exports.get(name)
      if (e && (gplok || !e.gpl)) {
        owner = m
        sym = e
        break
      }
    }
    if (!owner || !sym) return -2
    if (sym.gpl) p.usingGplOnly = true
    if (owner.taints.includes('P')) {
      if (p.usingGplOnly) {
        k.printk(`${KERN_ERR}${p.name}: module using GPL-only symbols uses symbols ${name} from proprietary module ${owner.name}.\n`)
        return -2
      }
      if (!p.taints.includes('P')) {
        k.printk(`${KERN_WARNING}${p.name}: module uses symbols ${name} from proprietary module ${owner.name}, inheriting taint.\n`)
        p.taints = 'P' + p.taints
      }
    }
    // verify_namespace_is_imported() (no CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS)
    if (sym.namespace && !p.importNs.includes(sym.namespace)) {
      k.printk(`${KERN_ERR}${p.name}: module uses symbol (${name}) from namespace ${sym.namespace}, but does not import it.\n`)
      return -22
    }
    if (!p.uses.includes(owner)) {
      // strong_try_module_get(): an owner still in its init makes the loader wait (30 s), then give up
      if (owner.state === 'Loading') {
        this.sleepNs(30e9, false)
        k.printk(`${KERN_WARNING}${p.name}: gave up waiting for init of module ${owner.name}.\n`)
        return -16
      }
      if (owner.state === 'Unloading') return -2
      owner.refcnt++
      p.uses.push(owner)
    }
    return { owner, sym }
  }

  /** module_unload_free(): drop the references a module (or a failed load) took on its owners. */
  private releaseUses(uses: readonly Module[], name: string): void {
    for (const t of uses) {
      if (t.refcnt > 0) t.refcnt--
      t.users = t.users.filter((x) => x.name !== name)
    }
  }

  /** The module's natives plus one binding per imported function: a call into the exporter. */
  private importBindings(caller: () => Module, funcs: Map<string, { owner: Module; sym: ExportedSymbol }>): Record<string, NativeFn> {
    const out: Record<string, NativeFn> = { ...this.natives }
    for (const [name, { owner, sym }] of funcs) out[name] = (a, rt) => this.crossCall(caller(), owner, sym.addr, a, rt)
    return out
  }

  /**
   * A call from one module's code into another's exported function: the
   * same kernel stack (below the caller's frames), the same clock and
   * soft-lockup count; a trap in the callee carries both modules' frames.
   */
  private crossCall(caller: Module, owner: Module, addr: number, args: CValue[], rt: Runtime): CValue {
    const k = this.k
    const ops = rt.icount
    k.clock.advance((ops - this.lastOps) * this.nsPerOp)
    const sinceTouch = ops - this.touchOps
    const below = this.moduleFrames(rt)
    const n = k.frames.length
    k.frames.push(...below)
    const prevRunning = this.running
    const prevRt = this.cpuRt
    const ort = owner.rt
    this.running = owner
    this.cpuRt = ort
    ort.opts.stackTop = ((rt.sp >>> 0) - 16) & ~7
    this.lastOps = ort.icount
    this.touchOps = this.lastOps - sinceTouch
    try {
      return ort.call(addr, args)
    } catch (e) {
      if (e instanceof CTrap) {
        const tag = (c: CFrame, m: Module): TaggedFrame => ({ ...c, module: (c as TaggedFrame).module ?? m.name })
        throw new CTrap(e.kind, [...e.chain.map((c) => tag(c, owner)), ...rt.chain().map((c) => tag(c, caller))], e.addr, e.access)
      }
      if (e instanceof ModuleBug || e instanceof ModulePanic) e.chain.unshift(...below)
      throw e
    } finally {
      k.frames.length = n
      const oOps = ort.icount
      k.clock.advance(Math.max(0, oOps - this.lastOps) * this.nsPerOp)
      const since = oOps - this.touchOps
      this.running = prevRunning
      this.cpuRt = prevRt
      this.lastOps = rt.icount
      this.touchOps = rt.icount - since
    }
  }

  /** module_memfree(): vfree with VM_FLUSH_RESET_PERMS, which purges the lazily freed areas at once. */
  private module_memfree(addr: number): void {
    this.kmem.vfree(addr)
    this.kmem.vm.purge_vmap_area_lazy()
  }

  private freeInit(mod: Module): void {
    if (mod.initBase) this.module_memfree(mod.initBase)
    mod.initBase = 0
    mod.initSize = 0
  }

  /** delete_module(): 0 or -errno. */
  /** delete_module() run to its end at once (the exit's sleeps pass on the clock): 0 or -errno. */
  unload(name: string): number {
    const g = this.delete_module(name)
    for (;;) {
      const r = g.next()
      if (r.done) return r.value
      if (r.value.kind === 'sleep') this.k.timers.runUntil(r.value.untilNs)
    }
  }

  /** delete_module() as rmmod's system call, the exit function run resumably: 0 or -errno. */
  *delete_module(name: string): Generator<ModuleWait, number, void> {
    const mod = this.find(name)
    if (!mod) return -2
    // delete_module(): other modules use it -> EWOULDBLOCK; not live -> EBUSY; an init without an
    // exit cannot be removed -> EBUSY; references held (try_module_get) -> EWOULDBLOCK
    if (mod.users.length) return -11
    if (mod.state !== 'Live') return -16
    if (mod.initFn && !mod.exitFn) return -16
    if (mod.refcnt > 0) return -11
    mod.state = 'Unloading'
    if (mod.exitFn) {
      const stack = this.kmem.vm.alloc_thread_stack({ fn: 'kernel_clone', off: 0xa4, size: 0x380 })
      const res = yield* this.runTask(mod, stack, { fn: 'sys_delete_module', off: 0x1a4, size: 0x2a0 }, [], mod.exitFn)
      if (res.kind === 'stuck' || this.panicked) return STUCK
      this.kmem.vfree(stack)
      if (res.kind === 'oops') return -1000 - 11
    }
    // free_module() -> module_unload_free(): the references on the modules it used
    this.releaseUses(mod.uses, mod.name)
    mod.uses = []
    this.files.dropModule(mod.name)
    this.timers.dropRange(mod.base, mod.base + mod.coreSize)
    this.list.splice(this.list.indexOf(mod), 1)
    this.module_memfree(mod.base)
    this.lastUnloaded = `${mod.name}${mod.taints ? `(${mod.taints})` : ''}`
    return 0
  }

  /** Run a module function with the syscall's call chain below it; an Oops kills the task. */
  private runInModule(
    mod: Module,
    _sys: string,
    sysFrame: KFrame,
    mid: KFrame[],
    fn: string | number,
    args: CValue[] = [],
    sysIsEntry = false,
    baseFrames?: KFrame[]
  ): { kind: 'ok'; value: number } | { kind: 'oops' } | { kind: 'stuck' } {
    const k = this.k
    const entry: EntryFrame = { fn: 'ret_fast_syscall', off: 0, size: 0x54, ptRegs: { addr: this.stackBase + THREAD_SIZE - 0x58, words: ENTRY_REGS } }
    for (let i = 0; i < ENTRY_REGS.length; i++) this.kmem.mmu.write32(entry.ptRegs!.addr + i * 4, ENTRY_REGS[i]!)
    const n = k.frames.length
    if (baseFrames) k.frames.push(...baseFrames, sysFrame, ...mid)
    else if (sysIsEntry) k.frames.push(entry, ...mid)
    else k.frames.push(entry, sysFrame, ...mid)
    const prevRunning = this.running
    const prevRt = this.cpuRt
    const rt = mod.rt
    this.running = mod
    this.cpuRt = rt
    rt.opts.stackTop = this.stackTop
    this.lastOps = rt.icount
    this.touchOps = this.lastOps
    this.stuck = false
    this.syncTasks()
    const cur = this.k.current as Partial<Task>
    const prevPgd = this.kmem.mmu.userPgd
    if (cur.mm && cur.mm.pgd >= 0) this.kmem.mmu.userPgd = cur.mm.pgd
    this.syncData()
    try {
      const v = Number(rt.call(fn, args))
      return { kind: 'ok', value: v }
    } catch (e) {
      return this.trapped(mod, e)
    } finally {
      k.frames.length = n
      this.running = prevRunning
      this.cpuRt = prevRt
      this.kmem.mmu.userPgd = prevPgd
    }
  }

  /** How module code that threw ended: a soft lockup, an Oops (fault, BUG), a panic; anything else is ours. */
  private trapped(mod: Module, e: unknown): RunResult {
    const k = this.k
    if (e instanceof CTrap && e.kind === 'interrupt' && this.stuck) {
      this.lockup(mod, e)
      return { kind: 'stuck' }
    }
    if (e instanceof CTrap && (e.kind === 'fault' || e.kind === 'stack')) {
      this.oopsFault(mod, e)
      return { kind: 'oops' }
    }
    if (e instanceof ModuleBug) {
      this.traps.bug_header(e.file, e.line)
      this.oops(mod, e.chain, 'Oops - BUG', 0, 0, 0)
      return { kind: 'oops' }
    }
    if (e instanceof ModulePanic) {
      const m = k.frames.length
      k.frames.push(...e.chain)
      try {
        this.panic(e.text)
      } finally {
        k.frames.length = m
      }
      return { kind: 'oops' }
    }
    throw e
  }

  /**
   * A module function (init, exit) on the task's kernel stack, as the
   * task's kernel work: a resumable run (Runtime.start). Every quantum the
   * clock moves by its work, the timer interrupt runs what came due (in
   * softirq, on this stack) and the task yields, so the machine goes on
   * (console input, views, other tasks, Reset); a sleep (msleep) waits for
   * the clock while others run; an allocator call yields when the machine
   * single-steps allocations. The outcomes are runInModule's: a value, an
   * Oops, a soft lockup after LOCKUP_OPS without scheduling.
   */
  private *runTask(mod: Module, stack: number, sysFrame: KFrame, mid: KFrame[], fn: string): Generator<ModuleWait, RunResult, void> {
    const rt = mod.run
    const stackTop = stack + THREAD_SIZE - 0x168
    const entry: EntryFrame = { fn: 'ret_fast_syscall', off: 0, size: 0x54, ptRegs: { addr: stack + THREAD_SIZE - 0x58, words: ENTRY_REGS } }
    for (let i = 0; i < ENTRY_REGS.length; i++) this.kmem.mmu.write32(entry.ptRegs!.addr + i * 4, ENTRY_REGS[i]!)
    const r: KRun = {
      mod, rt, stackBase: stack, stackTop, frames: [entry, sysFrame, ...mid],
      touchOps: rt.icount, lastOps: rt.icount, atomicDepth: 0, lastArg0: 0, leftAt: NaN, sleepUntil: -1,
      outer: { frames: 0, running: null, cpuRt: null, run: null, atomicDepth: 0, pgd: -1 }
    }
    rt.opts.stackTop = stackTop
    const run = rt.start(fn)
    let finished = false
    // ps: R while the code runs (or waits for the CPU), D in a sleep (TASK_UNINTERRUPTIBLE)
    const task = this.k.current as Partial<Task>
    const prevState = task.state
    this.enter(r)
    try {
      for (;;) {
        let s: CSuspend
        try {
          finished = true
          const x = run.next()
          if (x.done) return { kind: 'ok', value: Number(x.value) }
          finished = false
          s = x.value
          // a timer callback that crashes here crashes on this task's stack, as the init would
          if (s.kind === 'quantum') this.timerInterrupt()
        } catch (e) {
          return this.trapped(mod, e)
        }
        const w: ModuleWait = s.kind === 'sleep' ? { kind: 'sleep', untilNs: s.untilNs, inKernel: true } : KYIELD
        if (prevState !== undefined) task.state = s.kind === 'sleep' ? 'D' : 'R'
        this.leave(r)
        try {
          yield w
        } finally {
          this.enter(r)
        }
      }
    } finally {
      // Ended at a yield (the board went down): the C run goes with it.
      if (!finished) run.return(0)
      this.leave(r)
      if (prevState !== undefined) task.state = prevState
    }
  }

  /** The task's run takes the CPU: its frames, stack, counters and address space are current. */
  private enter(r: KRun): void {
    const k = this.k
    const o = r.outer
    o.frames = k.frames.length
    o.running = this.running
    o.cpuRt = this.cpuRt
    o.run = this.cur
    o.atomicDepth = this.atomicDepth
    o.pgd = this.kmem.mmu.userPgd
    for (let i = 0; i < r.frames.length; i++) k.frames.push(r.frames[i]!)
    this.running = r.mod
    this.cpuRt = r.rt
    this.cur = r
    this.atomicDepth = r.atomicDepth
    this.stackBase = r.stackBase
    this.stackTop = r.stackTop
    this.lastOps = r.lastOps
    this.touchOps = r.touchOps
    this.lastArg0 = r.lastArg0
    this.stuck = false
    const cur = k.current as Partial<Task>
    if (cur.mm && cur.mm.pgd >= 0) this.kmem.mmu.userPgd = cur.mm.pgd
    // Time passed for other work while the task was off the CPU: refresh what module code reads.
    if (r.leftAt !== k.clock.now()) {
      this.syncTasks()
      this.syncData()
    }
  }

  /** The task's run leaves the CPU (a yield, a sleep, its end): what it replaced comes back. */
  private leave(r: KRun): void {
    const o = r.outer
    r.touchOps = this.touchOps
    r.lastOps = this.lastOps
    r.atomicDepth = this.atomicDepth
    r.lastArg0 = this.lastArg0
    r.leftAt = this.k.clock.now()
    this.k.frames.length = o.frames
    this.running = o.running
    this.cpuRt = o.cpuRt
    this.cur = o.run
    this.atomicDepth = o.atomicDepth
    this.kmem.mmu.userPgd = o.pgd
  }

  /** The timer interrupt at a quantum of module code: jiffies move on, timers that came due run. */
  private timerInterrupt(): void {
    this.k.timers.runUntil(this.k.clock.now())
    this.syncJiffies()
  }

  /** The soft-lockup watchdog's count at each quantum; the clock moves by the work done. */
  private watchdogTick(rt: Runtime): boolean {
    const ops = rt.icount
    this.k.clock.advance((ops - this.lastOps) * this.nsPerOp)
    this.lastOps = ops
    if (ops - this.touchOps > LOCKUP_OPS) {
      this.stuck = true
      return true
    }
    return false
  }

  /** The code never schedules: the CPU is stuck, the watchdog will report it (watchdog.ts). */
  private lockup(mod: Module, e: CTrap): void {
    const chain = this.modFrames(mod, e)
    const top = chain[chain.length - 1]!
    const pc = this.addrOf(mod, top)
    const taskAddr = this.currentTaskAddr()
    this.stuckCpu = {
      comm: this.k.current.comm,
      pid: this.k.current.pid,
      since: this.k.clock.now(),
      frames: [...this.k.frames, ...chain],
      pcFrame: top,
      lrFrame: { ...top, off: Math.max(0, top.off - 8) },
      regs: { pc, lr: pc - 8, sp: this.stackTop - 0x10 * chain.length, r: [0, 0, 0, 0, 0, 0, taskAddr, 0x17b, 0, taskAddr, 0x17b, 0x001501d0, 0], psr: 0x60000013, table: this.tableOf() },
      reports: 0
    }
  }

  /** A trap's C chain (innermost first) as kernel frames, outermost first; frames of another module keep its name. */
  private modFrames(mod: Module, e: CTrap): KFrame[] {
    const chain: KFrame[] = []
    for (let i = e.chain.length - 1; i >= 0; i--) {
      const c = e.chain[i]! as TaggedFrame
      const owner = (c.module && this.find(c.module)) || mod
      chain.push({ fn: c.fn, off: c.off, size: c.fn === owner.initFn ? 0x1000 : c.size, module: owner.name })
    }
    return chain
  }

  private addrOf(mod: Module, fr: KFrame): number {
    const owner = (fr.module && this.find(fr.module)) || mod
    if (fr.fn === owner.initFn && owner.initBase) return owner.initBase + fr.off
    const s = owner.symbol(fr.fn)
    return (s ? s.addr : owner.base) + fr.off
  }

  private tableOf(): number {
    const cur = this.k.current as Partial<Task>
    return ((cur.mm?.pgd ?? this.kmem.mmu.swapper_pg_dir) | 0x59) >>> 0
  }

  private oopsFault(mod: Module, e: CTrap): void {
    const f = this.mem.lastFault ?? { addr: e.addr ?? 0, write: e.access === 'write', fsr: 0x805, name: 'page translation fault', pgd: 0 }
    const { str, err } = do_DataAbort_kernel(this.k, this.kmem.mmu, f, this.kmem.mmu.userPgd >= 0 ? this.kmem.mmu.userPgd : undefined)
    this.oops(mod, this.modFrames(mod, e), str, err, f.addr, 0)
  }

  private oops(mod: Module, chain: KFrame[], str: string, err: number, addr: number, value: number): void {
    const k = this.k
    const frames = [...k.frames, ...chain]
    const top = chain[chain.length - 1] ?? { fn: mod.initFn, off: 0, size: 0x1000, module: mod.name }
    const pc = this.addrOf(mod, top)
    const lrFrame = { ...top, off: Math.max(0, top.off - 0xc) }
    const rtSp = (this.cpuRt ?? mod.rt).sp >>> 0
    const sp = rtSp > this.stackBase && rtSp < this.stackTop ? rtSp : this.stackTop - 0x10 * chain.length
    const cur = this.k.current as Partial<Task>
    const table = ((cur.mm?.pgd ?? this.kmem.mmu.swapper_pg_dir) | 0x59) >>> 0
    const taskAddr = this.currentTaskAddr()
    // what the C engine knows: the faulting address (r4), the last call's argument (r0), current (r6, r9)
    const r = [this.lastArg0, 0, 0, value, addr, 0xc0df09a0, taskAddr, 0x17b, 0, taskAddr, 0x17b, 0x001501d0, 0x0000bff4]
    const stackWords: number[] = []
    const stTop = this.stackBase + THREAD_SIZE
    for (let a = (sp & ~3) >>> 0; a < stTop; a += 4) {
      const pa = this.kmem.mmu.translate(a)
      stackWords.push(pa < 0 ? 0 : this.kmem.mmu.read32(a))
    }
    this.traps.die({
      str,
      err,
      frames,
      pcFrame: top,
      lrFrame,
      regs: { pc, lr: pc - 0xc, sp, r, psr: 0x60040013, table },
      stackBottom: (sp & ~3) >>> 0,
      stackWords,
      regInfo: (v) => this.regInfo(v),
      code: [0xeb62aa2b, 0xe3a0302a, 0xe3010084, 0xe34b0f00, str === 'Oops - BUG' ? 0xe7f001f2 : 0xe5843000]
    })
    k.printk(`\x011note: ${k.current.comm}[${k.current.pid}] exited with irqs disabled\n`)
    // the task dies with the module still "Loading" (or "Unloading") and its reference held
  }

  /** mem_dump_obj() for "Register rN information:". */
  private regInfo(v: number): string {
    v >>>= 0
    if (v === 0) return 'NULL pointer'
    const cache = this.kmem.virt_addr_valid(v) ? this.kmem.slab.virt_to_cache(v) : null
    if (cache) {
      const base = Math.floor(v / PAGE_SIZE) * PAGE_SIZE
      const start = base + Math.floor((v - base) / cache.size) * cache.size
      return `slab ${cache.name} start ${start.toString(16).padStart(8, '0')} pointer offset ${v - start}`
    }
    const va = this.kmem.vm.find_vmap_area(v)
    if (va?.vm) {
      const vm = va.vm
      const c = vm.caller
      return `${Math.max(vm.nr_pages, Math.ceil(vm.size / PAGE_SIZE) - 1)}-page vmalloc region starting at 0x${vm.addr.toString(16)} allocated at ${c.fn}+0x${c.off.toString(16)}/0x${c.size.toString(16)}`
    }
    if (this.kmem.virt_addr_valid(v)) return 'non-slab/vmalloc memory'
    if (v === 16) return 'zero-size pointer'
    return 'non-paged memory'
  }

  /* ---- parameters ---- */
  private readParams(img: { symbols: Array<{ name: string; addr: number; kind: string }> }): ModuleParam[] {
    const m = this.kmem.mmu
    const out: ModuleParam[] = []
    for (const s of img.symbols) {
      if (s.kind !== 'object' || !s.name.startsWith('__param_') || s.name.startsWith('__param_str_')) continue
      const nameAddr = m.read32(s.addr)
      const full = this.mem.cstring(nameAddr) ?? ''
      out.push({
        name: full.slice(full.indexOf('.') + 1),
        type: this.mem.cstring(m.read32(s.addr + 4)) ?? 'int',
        addr: m.read32(s.addr + 8) >>> 0,
        perm: m.read16(s.addr + 12),
        numAddr: m.read32(s.addr + 16) >>> 0,
        max: m.read32(s.addr + 20),
        elemsize: m.read32(s.addr + 24)
      })
    }
    return out
  }

  private parseArgs(mod: Module, args: string): number {
    const k = this.k
    for (const tok of splitArgs(args)) {
      const eq = tok.indexOf('=')
      const name = (eq < 0 ? tok : tok.slice(0, eq)).replace(/-/g, '_')
      const val = eq < 0 ? null : tok.slice(eq + 1)
      const p = mod.params.find((x) => x.name === name)
      if (!p) {
        k.printk(`${KERN_WARNING}${mod.name}: unknown parameter '${name}' ignored\n`)
        continue
      }
      const err = this.setParam(p, val)
      if (err) {
        k.printk(`${KERN_ERR}${mod.name}: '${val ?? ''}' invalid for parameter '${name}'\n`)
        return err
      }
    }
    return 0
  }

  private setParam(p: ModuleParam, val: string | null): number {
    const m = this.kmem.mmu
    const one = (type: string, addr: number, v: string | null): number => {
      if (type === 'bool' || type === 'invbool') {
        const b = v === null || /^(1|y|Y|on)$/.test(v) ? 1 : /^(0|n|N|off)$/.test(v) ? 0 : -1
        if (b < 0) return -22
        m.write8(addr, type === 'invbool' ? 1 - b : b)
        return 0
      }
      if (v === null) return -22
      if (type === 'charp') {
        const bytes = [...unescape(encodeURIComponent(v))].map((c) => c.charCodeAt(0)).concat([0])
        const s = this.kmem.kmalloc(bytes.length, 0xcc0)
        bytes.forEach((b, i) => m.write8(s + i, b))
        m.write32(addr, s)
        return 0
      }
      if (type === 'string') {
        if (v.length + 1 > p.max) return -28
        for (let i = 0; i < v.length; i++) m.write8(addr + i, v.charCodeAt(i))
        m.write8(addr + v.length, 0)
        return 0
      }
      const num = /^[-+]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(v.trim()) ? Number(v.trim().replace(/^([-+]?)0([0-7]+)$/, (_x, s, o) => `${s}0o${o}`)) : NaN
      if (!Number.isFinite(num)) return -22
      if (type === 'byte') m.write8(addr, num)
      else if (type === 'short' || type === 'ushort') m.write16(addr, num)
      else if (type === 'ullong' || type === 'llong') m.write64(addr, BigInt.asUintN(64, BigInt(Math.trunc(num))))
      else m.write32(addr, num >>> 0)
      return 0
    }
    if (p.numAddr || p.max > 1 && p.type !== 'string') {
      const parts = (val ?? '').split(',')
      if (parts.length > p.max) return -22
      for (let i = 0; i < parts.length; i++) {
        const e = one(p.type, p.addr + i * p.elemsize, parts[i]!)
        if (e) return e
      }
      if (p.numAddr) m.write32(p.numAddr, parts.length)
      return 0
    }
    return one(p.type, p.addr, val)
  }

  /** /sys/module/NAME/parameters/P as param_get_* prints it. */
  paramValue(mod: Module, p: ModuleParam): string {
    const m = this.kmem.mmu
    const one = (addr: number): string => {
      switch (p.type) {
        case 'bool':
        case 'invbool':
          return (m.read8(addr) ? 1 : 0) ^ (p.type === 'invbool' ? 1 : 0) ? 'Y' : 'N'
        case 'charp': {
          const s = m.read32(addr)
          return s ? this.mem.cstring(s) ?? '' : '(null)'
        }
        case 'string':
          return this.mem.cstring(addr) ?? ''
        case 'byte':
          return String(m.read8(addr))
        case 'short':
          return String((m.read16(addr) << 16) >> 16)
        case 'ushort':
          return String(m.read16(addr))
        case 'uint':
        case 'ulong':
          return String(m.read32(addr) >>> 0)
        case 'hexint':
          return '0x' + (m.read32(addr) >>> 0).toString(16).padStart(8, '0')
        default:
          return String(m.read32(addr) | 0)
      }
    }
    if (p.numAddr || (p.max > 1 && p.type !== 'string')) {
      const nn = p.numAddr ? m.read32(p.numAddr) : p.max
      const vals: string[] = []
      for (let i = 0; i < nn; i++) vals.push(one(p.addr + i * p.elemsize))
      return vals.join(',') + '\n'
    }
    return one(p.addr) + '\n'
  }

  /** Advance jiffies for readers after the clock moved outside module code. */
  tick(): void {
    void NSEC_PER_JIFFY
    this.syncData()
  }
}

/** ns per call of the kernel functions that cost more than a plain call (console printk, page allocation). */
const CALL_COST: Record<string, number> = {
  _printk: 60000,
  vprintk: 60000,
  __get_free_pages: 2000,
  alloc_pages: 2000,
  __kmalloc: 1500,
  kmem_cache_alloc: 800,
  memset: 1000,
  vfree: 3000
}

/** Calls that schedule (or let the watchdog thread run): they reset the soft-lockup count. */
const SCHEDULING = new Set(['msleep', 'msleep_interruptible', 'usleep_range', 'schedule', 'schedule_timeout', 'schedule_timeout_interruptible', 'schedule_timeout_uninterruptible', '_cond_resched', 'mutex_lock', 'mutex_lock_interruptible'])

const GPL_COMPATIBLE = new Set(['GPL', 'GPL v2', 'GPL and additional rights', 'Dual BSD/GPL', 'Dual MIT/GPL', 'Dual MPL/GPL'])

/** The idle task's path to an interrupt (a timer callback while the CPU idles). */
const IDLE_FRAMES: KFrame[] = [
  { fn: 'rest_init', off: 0xcc, size: 0xd0 },
  { fn: 'cpu_startup_entry', off: 0x18, size: 0x1c },
  { fn: 'do_idle', off: 0x1e0, size: 0x2a0 },
  { fn: 'default_idle_call', off: 0x30, size: 0x48 },
  { fn: 'arch_cpu_idle', off: 0x38, size: 0x3c }
]

/** The syscall entry's saved registers (the words "Exception stack(...)" prints). */
const ENTRY_REGS = [
  0xce4a7a00, 0xffffffff, 0x00000003, 0x00151828, 0x00000000, 0x00156dc4, 0xce4a7a00, 0xffffffff, 0x00156db4,
  0x0000017b, 0x00000000, 0x00148d20, 0x00154984, 0x001501d0, 0xbe8d2498, 0xbe8d2488, 0x00049895, 0x00012252
]

/** insmod's argument string: name=value words, values may be "quoted". */
function splitArgs(s: string): string[] {
  const out: string[] = []
  const re = /([^\s=]+(?:=(?:"[^"]*"|\S*))?)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(s))) out.push(m[1]!.replace(/="(.*)"$/, '=$1'))
  return out
}

