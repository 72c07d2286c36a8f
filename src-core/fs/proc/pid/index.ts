/*
 * fs/proc/base.c, array.c and task_mmu.c: the /proc/<pid>/ directories and
 * /proc/self, in 6.1's formats:
 *   status, stat, statm, maps, smaps, smaps_rollup, comm, cmdline, oom_score,
 *   oom_score_adj (writable, -1000..1000).
 * Values come from the task table and the tasks' mm (RSS counters, VMAs,
 * page tables walked for smaps_rollup).
 *
 * Left out: fd/, environ, mountinfo, io, limits, wchan (prints 0), threads'
 * task/ directories, oom_adj (the legacy file), numa_maps.
 */

import type { DynamicDirOps, DynamicEntry, DynamicFileOps } from '../../pseudofs'
import type { Processes } from '../../../kernel/fork'
import { type Task, OOM_SCORE_ADJ_MAX, OOM_SCORE_ADJ_MIN, TASK_STATE_NAMES } from '../../../kernel/task'
import { L_PTE_DIRTY, L_PTE_PRESENT, L_PTE_YOUNG } from '../../../arch/arm/pgtable'
import {
  MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES, MM_SWAPENTS, type MmStruct, VM_MAYSHARE, VM_SPECIAL_MAPPING, type VmArea
} from '../../../mm/mm_types'

/** What the /proc/<pid> files need besides the task table. */
export interface ProcPidDeps {
  procs: Processes
  /** /proc/PID/oom_score (oom_kill.ts) */
  oom_score(t: Task): number
  /** nr_cpu_ids (Cpus_allowed) */
  nrCpuIds: number
  /** ns since boot */
  now(): number
}

const pad8 = (n: number): string => String(n).padStart(8)
const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0')
const K = (pages: number): number => pages * 4

/** SEQ_PUT_DEC of task_mem(): a page count in kB, right-aligned in 8. */
const dec = (pages: number): string => pad8(K(pages))

/** get_task_state(): the reading task itself is running; a killed one whose mm is gone is a zombie until reaped. */
function taskState(d: ProcPidDeps, t: Task): keyof typeof TASK_STATE_NAMES {
  if (t.sigkill && t.mm === null) return 'Z'
  if (d.procs.k.current.pid === t.pid) return 'R'
  return t.state
}

export function proc_pid_status(d: ProcPidDeps, t: Task): string {
  let s = `Name:\t${t.comm}\nUmask:\t0022\nState:\t${TASK_STATE_NAMES[taskState(d, t)]}\n`
  s += `Tgid:\t${t.tgid}\nNgid:\t0\nPid:\t${t.pid}\nPPid:\t${t.ppid}\nTracerPid:\t0\n`
  s += `Uid:\t${t.uid}\t${t.uid}\t${t.uid}\t${t.uid}\nGid:\t${t.gid}\t${t.gid}\t${t.gid}\t${t.gid}\n`
  s += `FDSize:\t${t.kthread ? 64 : 64}\nGroups:\t \n`
  s += `NStgid:\t${t.tgid}\nNSpid:\t${t.pid}\nNSpgid:\t${t.kthread ? 0 : t.pid}\nNSsid:\t${t.kthread ? 0 : 1}\n`
  const mm = t.mm
  if (mm) {
    const anon = mm.get_mm_counter(MM_ANONPAGES)
    const file = mm.get_mm_counter(MM_FILEPAGES)
    const shmem = mm.get_mm_counter(MM_SHMEMPAGES)
    const total_rss = anon + file + shmem
    const hiwater_vm = Math.max(mm.total_vm, mm.hiwater_vm)
    const hiwater_rss = Math.max(total_rss, mm.hiwater_rss)
    const PAGE_ALIGN = (x: number): number => Math.ceil(x / 4096) * 4096
    let text = PAGE_ALIGN(mm.end_code) - (mm.start_code & ~4095)
    text = Math.min(text, mm.exec_vm * 4096)
    const lib = mm.exec_vm * 4096 - text
    s += `VmPeak:\t${dec(hiwater_vm)} kB\nVmSize:\t${dec(mm.total_vm)} kB\nVmLck:\t${dec(mm.locked_vm)} kB\n`
    s += `VmPin:\t${dec(mm.pinned_vm)} kB\nVmHWM:\t${dec(hiwater_rss)} kB\nVmRSS:\t${dec(total_rss)} kB\n`
    s += `RssAnon:\t${dec(anon)} kB\nRssFile:\t${dec(file)} kB\nRssShmem:\t${dec(shmem)} kB\n`
    s += `VmData:\t${dec(mm.data_vm)} kB\nVmStk:\t${dec(mm.stack_vm)} kB\nVmExe:\t${pad8(text >> 10)} kB\n`
    s += `VmLib:\t${pad8(lib >> 10)} kB\nVmPTE:\t${pad8(mm.pgtables_bytes >> 10)} kB\nVmSwap:\t${dec(mm.get_mm_counter(MM_SWAPENTS))} kB\n`
    s += 'CoreDumping:\t0\nTHP_enabled:\t0\n'
  }
  const pending = t.sigkill ? '0000000000000100' : '0000000000000000'
  s += `Threads:\t1\nSigQ:\t0/${7 * 1024 + 571}\nSigPnd:\t0000000000000000\nShdPnd:\t${pending}\n`
  s += 'SigBlk:\t0000000000000000\n'
  s += t.kthread ? 'SigIgn:\tffffffffffffffff\nSigCgt:\t0000000000000000\n' : 'SigIgn:\t0000000000000000\nSigCgt:\t0000000000000000\n'
  s += 'CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t000001ffffffffff\n'
  s += 'CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n'
  s += 'NoNewPrivs:\t0\nSpeculation_Store_Bypass:\tunknown\nSpeculationIndirectBranch:\tunknown\n'
  const cpus = (1 << d.nrCpuIds) - 1
  s += `Cpus_allowed:\t${cpus.toString(16)}\nCpus_allowed_list:\t${d.nrCpuIds > 1 ? `0-${d.nrCpuIds - 1}` : '0'}\n`
  s += 'Mems_allowed:\t1\nMems_allowed_list:\t0\n'
  s += `voluntary_ctxt_switches:\t${t.min_flt > 0 ? 1 : 0}\nnonvoluntary_ctxt_switches:\t0\n`
  return s
}

/** USER_HZ clock ticks */
const ticks = (ns: number): number => Math.floor(ns / 10_000_000)

export function proc_pid_stat(d: ProcPidDeps, t: Task): string {
  const mm = t.mm
  const state = taskState(d, t)
  const flags = t.kthread ? 0x208040 : 0x400100
  const vsize = mm ? mm.total_vm * 4096 : 0
  const rss = mm ? mm.get_mm_rss() : 0
  const pgrp = t.kthread ? 0 : t.pid === 1 ? 1 : t.pid
  const sid = t.kthread ? 0 : 1
  const f = [
    t.pid, `(${t.comm})`, state, t.ppid, pgrp, sid, t.kthread ? 0 : 0x500 + 64, t.kthread ? -1 : t.pid, flags,
    t.min_flt, 0, t.maj_flt, 0, 0, 0, 0, 0, 20 + t.nice, t.nice, 1, 0, ticks(t.start_time), vsize, rss,
    4294967295, mm ? mm.start_code : t.kthread ? 0 : 1, mm ? mm.end_code : t.kthread ? 0 : 1,
    mm ? mm.start_stack : 0, 0, 0, 0, 0, t.kthread ? 0x7fffffff : 0, 0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0,
    mm ? mm.start_data : 0, mm ? mm.end_data : 0, mm ? mm.start_brk : 0, mm ? mm.arg_start : 0, mm ? mm.arg_end : 0,
    mm ? mm.env_start : 0, mm ? mm.env_end : 0, t.exit_code
  ]
  return f.join(' ') + '\n'
}

export function proc_pid_statm(t: Task): string {
  const mm = t.mm
  if (!mm) return '0 0 0 0 0 0 0\n'
  const shared = mm.get_mm_counter(MM_FILEPAGES) + mm.get_mm_counter(MM_SHMEMPAGES)
  const text = (Math.ceil(mm.end_code / 4096) * 4096 - (mm.start_code & ~4095)) / 4096
  const data = mm.data_vm + mm.stack_vm
  return `${mm.total_vm} ${mm.get_mm_rss()} ${shared} ${text} 0 ${data} 0\n`
}

/** show_vma_header_prefix() padded as show_map_vma() pads it (width 25 + 6 * sizeof(void *) - 1). */
function vmaLine(start: number, end: number, flags: number, perms: string, pgoff: number, dev: string, ino: number, name: string): string {
  void flags
  let s = `${hex8(start)}-${hex8(end)} ${perms} ${hex8(pgoff)} ${dev} ${ino} `
  if (name) s = s.padEnd(48) + ' ' + name
  return s + '\n'
}

function vmaName(mm: MmStruct, v: VmArea): string {
  if (v.file) return v.file.path
  if (v.name === '[heap]' || (v.start <= mm.brk && v.end >= mm.start_brk && v.name === '[heap]')) return '[heap]'
  return v.name
}

export function proc_pid_maps(t: Task): string {
  const mm = t.mm
  if (!mm) return ''
  let out = ''
  for (const v of mm.vmas) {
    const perms = v.permString().slice(0, 3) + (v.flags & VM_MAYSHARE ? 's' : 'p')
    out += vmaLine(v.start, v.end, v.flags, perms, v.pgoff * 4096, v.file ? v.file.dev : '00:00', v.file ? v.file.ino : 0, vmaName(mm, v))
  }
  return out
}

/** struct mem_size_stats, in bytes. */
interface MemSizeStats {
  resident: number
  pss: number
  pssDirty: number
  pssAnon: number
  pssFile: number
  pssShmem: number
  sharedClean: number
  sharedDirty: number
  privClean: number
  privDirty: number
  referenced: number
  anonymous: number
  swap: number
}

const emptyStats = (): MemSizeStats => ({
  resident: 0, pss: 0, pssDirty: 0, pssAnon: 0, pssFile: 0, pssShmem: 0, sharedClean: 0, sharedDirty: 0, privClean: 0,
  privDirty: 0, referenced: 0, anonymous: 0, swap: 0
})

/** smap_gather_stats(): a walk of the VMA's PTEs. */
function smap_gather_stats(d: ProcPidDeps, mm: MmStruct, v: VmArea, st: MemSizeStats): void {
  const pm = d.procs.pm
  const pg = pm.mm.pgdat
  for (let va = v.start; va < v.end; va += 4096) {
    const pte = pm.get_pte(mm, va)
    if (pte === 0) continue
    if (!(pte & L_PTE_PRESENT)) {
      st.swap += 4096
      continue
    }
    const pfn = Math.floor(pte / 4096)
    const i = pfn - pg.node_start_pfn
    const mapcount = pg.mapcount[i]! + 1
    const anon = pm.rmapMm[i] === mm.id
    const dirty = (pte & L_PTE_DIRTY) !== 0 || anon
    st.resident += 4096
    const share = 4096 / Math.max(1, mapcount)
    st.pss += share
    if (dirty) st.pssDirty += share
    if (anon) {
      st.pssAnon += share
      st.anonymous += 4096
    } else if (v.file?.shmem) st.pssShmem += share
    else st.pssFile += share
    if (mapcount >= 2) {
      if (dirty) st.sharedDirty += 4096
      else st.sharedClean += 4096
    } else if (dirty) st.privDirty += 4096
    else st.privClean += 4096
    if (pte & L_PTE_YOUNG) st.referenced += 4096
  }
}

/** __show_smap() */
function show_smap_stats(st: MemSizeStats, rollup: boolean): string {
  const kb = (b: number): string => pad8(Math.floor(b / 1024))
  let s = `Rss:            ${kb(st.resident)} kB\nPss:            ${kb(st.pss)} kB\nPss_Dirty:      ${kb(st.pssDirty)} kB\n`
  if (rollup) s += `Pss_Anon:       ${kb(st.pssAnon)} kB\nPss_File:       ${kb(st.pssFile)} kB\nPss_Shmem:      ${kb(st.pssShmem)} kB\n`
  s += `Shared_Clean:   ${kb(st.sharedClean)} kB\nShared_Dirty:   ${kb(st.sharedDirty)} kB\n`
  s += `Private_Clean:  ${kb(st.privClean)} kB\nPrivate_Dirty:  ${kb(st.privDirty)} kB\n`
  s += `Referenced:     ${kb(st.referenced)} kB\nAnonymous:      ${kb(st.anonymous)} kB\nLazyFree:       ${kb(0)} kB\n`
  s += `AnonHugePages:  ${kb(0)} kB\nShmemPmdMapped: ${kb(0)} kB\nFilePmdMapped:  ${kb(0)} kB\n`
  s += `Shared_Hugetlb: ${kb(0)} kB\nPrivate_Hugetlb: ${String(0).padStart(7)} kB\nSwap:           ${kb(st.swap)} kB\n`
  s += `SwapPss:        ${kb(st.swap)} kB\nLocked:         ${kb(0)} kB\n`
  return s
}

/* show_smap_vma_flags() mnemonics for the bits this model sets. */
const VM_FLAG_MNEMONICS: Array<[number, string]> = [
  [0x1, 'rd'], [0x2, 'wr'], [0x4, 'ex'], [0x8, 'sh'], [0x10, 'mr'], [0x20, 'mw'], [0x40, 'me'], [0x80, 'ms'],
  [0x100, 'gd'], [0x40000, 'de'], [0x100000, 'ac']
]

/** /proc/PID/smaps: show_smap() for every VMA. */
export function proc_pid_smaps(d: ProcPidDeps, t: Task): string {
  const mm = t.mm
  if (!mm) return ''
  let out = ''
  for (const v of mm.vmas) {
    const st = emptyStats()
    smap_gather_stats(d, mm, v, st)
    const perms = v.permString().slice(0, 3) + (v.flags & VM_MAYSHARE ? 's' : 'p')
    out += vmaLine(v.start, v.end, v.flags, perms, v.pgoff * 4096, v.file ? v.file.dev : '00:00', v.file ? v.file.ino : 0, vmaName(mm, v))
    out += `Size:           ${pad8((v.end - v.start) / 1024)} kB\nKernelPageSize: ${pad8(4)} kB\nMMUPageSize:    ${pad8(4)} kB\n`
    out += show_smap_stats(st, false)
    out += 'THPeligible:    0\n'
    // _install_special_mapping() sets VM_DONTEXPAND
    const flags = v.flags & VM_SPECIAL_MAPPING ? (v.flags & 0xffff) | 0x40000 : v.flags
    out += 'VmFlags: ' + VM_FLAG_MNEMONICS.filter(([b]) => flags & b).map(([, m]) => m + ' ').join('') + '\n'
  }
  return out
}

/** show_smaps_rollup(): smap_gather_stats over every VMA. */
export function proc_pid_smaps_rollup(d: ProcPidDeps, t: Task): string {
  const mm = t.mm
  if (!mm || mm.vmas.length === 0) return ''
  const st = emptyStats()
  for (const v of mm.vmas) smap_gather_stats(d, mm, v, st)
  const first = mm.vmas[0]!.start
  const last = mm.vmas[mm.vmas.length - 1]!.end
  return vmaLine(first, last, 0, '---p', 0, '00:00', 0, '[rollup]') + show_smap_stats(st, true)
}

/** oom_score_adj_write(): an integer in [-1000, 1000]; bytes taken or -EINVAL. */
export function oom_score_adj_write(t: Task, text: string): number {
  const s = text.trim()
  if (!/^[-+]?\d+$/.test(s)) return -22
  const v = Number(s)
  if (v < OOM_SCORE_ADJ_MIN || v > OOM_SCORE_ADJ_MAX) return -22
  t.oom_score_adj = v
  return text.length
}

/** /proc/PID/cmdline: NUL-separated argv; empty for kernel threads. */
export function proc_pid_cmdline(t: Task): string {
  if (t.kthread || !t.mm) return ''
  return t.argv.map((a) => a + '\0').join('')
}

function pidDir(d: ProcPidDeps, pid: number): DynamicDirOps {
  const task = (): Task | undefined => d.procs.get(pid)
  const file = (read: (t: Task) => string, write?: (t: Task, text: string) => number): DynamicEntry => {
    const ops: DynamicFileOps = {
      read: () => {
        const t = task()
        return t ? read(t) : ''
      }
    }
    if (write)
      ops.write = (text: string) => {
        const t = task()
        return t ? write(t, text) : -3
      }
    return { type: 'file', ops, mode: write ? 0o644 : 0o444 }
  }
  const files: Record<string, () => DynamicEntry> = {
    status: () => file((t) => proc_pid_status(d, t)),
    stat: () => file((t) => proc_pid_stat(d, t)),
    statm: () => file(proc_pid_statm),
    maps: () => file(proc_pid_maps),
    smaps: () => file((t) => proc_pid_smaps(d, t)),
    smaps_rollup: () => file((t) => proc_pid_smaps_rollup(d, t)),
    comm: () => file((t) => t.commFull + '\n'),
    cmdline: () => file(proc_pid_cmdline),
    oom_score: () => file((t) => `${d.oom_score(t)}\n`),
    oom_score_adj: () => file((t) => `${t.oom_score_adj}\n`, oom_score_adj_write)
  }
  return {
    list: () => (task() ? Object.keys(files) : []),
    lookup: (name) => (task() && files[name] ? files[name]!() : null)
  }
}

/** The provider for /proc: one directory per pid, and /proc/self. */
export function procPidProvider(d: ProcPidDeps, currentPid: () => number): DynamicDirOps {
  return {
    list: () => ['self', ...d.procs.table.list().map((t) => String(t.pid))],
    lookup: (name) => {
      if (name === 'self') return { type: 'symlink', target: String(currentPid()) }
      if (!/^\d+$/.test(name)) return null
      const pid = Number(name)
      if (!d.procs.get(pid)) return null
      return { type: 'dir', ops: pidDir(d, pid), mode: 0o555 }
    }
  }
}
