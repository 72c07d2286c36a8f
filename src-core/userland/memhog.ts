/*
 * Memory hogs for demonstrations without C: user programs whose memory goes
 * through the process's mm like a compiled program's would (mmap of
 * anonymous memory, then a write to every page: page faults, RSS, page
 * tables, HighMem first).
 *
 *   memhog [-r RATE] SIZE [SECONDS]
 *                           map SIZE (k/m/g suffixes, bytes otherwise) of
 *                           anonymous memory, touch every page, then sleep
 *                           (for SECONDS, or until killed); -r paces the
 *                           touching at RATE per simulated second
 *   stress --vm N --vm-bytes SIZE [--vm-hang S] [--timeout S]
 *                           stress(1)'s vm workers: N child processes, each
 *                           mapping and touching SIZE, then holding it
 *
 * Touching yields to the machine every TOUCH_BATCH pages, so RSS can be
 * watched growing and Ctrl-C / kill / the OOM killer end the hog at once.
 * A fault that finds no memory calls the OOM killer (through the page
 * allocator); if this task is the victim it ends with SIGKILL ("Killed").
 */

import type { Processes } from '../kernel/fork'
import type { Task } from '../kernel/task'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../mm/mmap'
import { VM_FAULT_OOM, VM_FAULT_SIGBUS, VM_FAULT_SIGSEGV } from '../mm/memory'
import type { CommandGen, InStream, Proc, Wait } from '../shell/types'

export const TOUCH_BATCH = 256
const FOREVER = Number.MAX_SAFE_INTEGER

/**
 * pause(): a wait no timer ends, so an idle machine stays idle (a sleep
 * until the end of time would let a max-speed host jump the clock there).
 * Only a signal (the shell's wake) ends it.
 */
const NEVER: InStream = { read: () => '', readable: () => false, close: () => {} }
export const PAUSE: Wait = { kind: 'read', from: NEVER }

/** "64m", "1g", "4096", "512k" -> bytes, or NaN. */
export function parseSize(s: string): number {
  const m = /^(\d+)([kKmMgG]?)[bB]?$/.exec(s)
  if (!m) return NaN
  const mult = { '': 1, k: 1024, m: 1 << 20, g: 1 << 30 }[m[2]!.toLowerCase()]!
  return Number(m[1]) * mult
}

/** What a hog needs: the process layer and whether the machine has stopped. */
export interface HogDeps {
  procs: Processes
  panicked(): boolean
}

/**
 * Map and touch `bytes` in task t, yielding every TOUCH_BATCH pages.
 * Returns 0, or the signal that ended it (9), or -1 when the address space
 * could not be mapped (ENOMEM).
 */
export function* hogTouch(d: HogDeps, t: Task, bytes: number, pace?: { clock: { now(): number }; bytesPerSec: number }): Generator<Wait, number, void> {
  const mm = t.mm
  if (!mm) return -1
  const addr = d.procs.mmap.do_mmap(mm, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
  if (addr < 0) return -1
  const pages = Math.ceil(bytes / 4096)
  const start = pace ? pace.clock.now() : 0
  for (let i = 0; i < pages; i++) {
    if (t.sigkill || !t.mm) return 9
    const r = d.procs.fault(t, addr + i * 4096, true)
    if (r & (VM_FAULT_SIGSEGV | VM_FAULT_SIGBUS)) return 11
    if (r & VM_FAULT_OOM) {
      // pagefault_out_of_memory(): the OOM killer ran in the allocator; retry after a turn.
      if (t.sigkill || !t.mm) return 9
      if (d.panicked()) {
        for (;;) yield PAUSE
      }
      i--
      yield { kind: 'yield' }
      continue
    }
    if ((i + 1) % TOUCH_BATCH === 0) {
      if (pace) {
        // -r: touch at bytesPerSec of simulated time.
        const due = start + (((i + 1) * 4096) / pace.bytesPerSec) * 1e9
        while (pace.clock.now() < due) yield { kind: 'sleep', untilNs: due, wake: () => t.sigkill }
      } else yield { kind: 'yield' }
    }
  }
  return 0
}

function* sleepFor(p: Proc, seconds: number | null): CommandGen {
  if (seconds === null) for (;;) yield PAUSE
  const until = p.sys.clock.now() + seconds * 1e9
  while (p.sys.clock.now() < until) yield { kind: 'sleep', untilNs: until }
  return 0
}

export function memhogCommand(d: HogDeps) {
  return function* memhog(p: Proc): CommandGen {
    const args = p.argv.slice(1)
    let rate = 0
    if (args[0] === '-r') {
      rate = parseSize(args[1] ?? '')
      args.splice(0, 2)
    }
    const size = args[0] ? parseSize(args[0]) : NaN
    if (!(size > 0) || Number.isNaN(rate)) {
      p.stderr.write(
        'Usage: memhog [-r RATE] SIZE[k|m|g] [SECONDS]\n\nMap SIZE of anonymous memory, write to every page, then sleep (SECONDS, or until killed)\n' +
          '\t-r RATE\ttouch RATE bytes (k/m/g) per second instead of all at once\n'
      )
      return 1
    }
    const secs = args[1] !== undefined ? Number(args[1]) : null
    const t = d.procs.get(p.pid)
    if (!t) return 1
    t.argv = [...p.argv]
    const r = yield* hogTouch(d, t, size, rate > 0 ? { clock: p.sys.clock, bytesPerSec: rate } : undefined)
    if (r === -1) {
      p.stderr.write('memhog: mmap: Cannot allocate memory\n')
      return 1
    }
    if (r === 11) return 139
    if (r === 9) {
      // Killed: the shell ends us at this yield with 128+SIGKILL.
      for (;;) yield PAUSE
    }
    return yield* sleepFor(p, secs)
  }
}

/** stress --vm N --vm-bytes B [--vm-hang S] [--timeout S] */
export function stressCommand(d: HogDeps) {
  return function* stress(p: Proc): CommandGen {
    let vm = 0
    let bytes = 256 << 20
    let timeout: number | null = null
    const a = p.argv
    for (let i = 1; i < a.length; i++) {
      const opt = a[i]!
      const val = a[i + 1]
      if ((opt === '--vm' || opt === '-m') && val) (vm = Number(val)), i++
      else if (opt === '--vm-bytes' && val) (bytes = parseSize(val)), i++
      else if (opt === '--timeout' || opt === '-t') (timeout = parseFloat(val ?? '0')), i++
      else if (opt === '--vm-hang' || opt === '--vm-keep') {
        if (opt === '--vm-hang') i++
      } else {
        p.stderr.write(`stress: FAIL: [${p.pid}] (244) unrecognized option: ${opt}\n`)
        return 1
      }
    }
    if (!(vm > 0) || !(bytes > 0)) {
      p.stderr.write('`stress\' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n --vm N --vm-bytes B [--timeout N]\n')
      return 1
    }
    const me = d.procs.get(p.pid)
    if (me) me.argv = [...a]
    p.stdout.write(`stress: info: [${p.pid}] dispatching hogs: 0 cpu, 0 io, ${vm} vm, 0 hdd\n`)
    const start = p.sys.clock.now()
    const workers: Task[] = []
    try {
      for (let w = 0; w < vm; w++) {
        const pid = d.procs.fork_exec('stress', p.pid, [...a])
        const t = d.procs.get(pid)
        if (t) workers.push(t)
      }
      const done = new Set<Task>()
      // Round-robin: each worker touches a batch in turn.
      const gens = workers.map((t) => hogTouch(d, t, bytes))
      let live = gens.length
      while (live > 0) {
        live = 0
        for (let w = 0; w < gens.length; w++) {
          const t = workers[w]!
          if (done.has(t)) continue
          const r = gens[w]!.next()
          if (r.done) {
            done.add(t)
            if (r.value === 9 || r.value === 11 || r.value === -1) {
              const sig = r.value === -1 ? 0 : r.value
              if (sig) p.stderr.write(`stress: FAIL: [${p.pid}] (415) <-- worker ${t.pid} got signal ${sig}\n`)
              else p.stderr.write(`stress: FAIL: [${p.pid}] (425) <-- worker ${t.pid} returned error 1\n`)
              p.stderr.write(`stress: WARN: [${p.pid}] (417) now reaping child worker processes\n`)
              const secs = Math.round((p.sys.clock.now() - start) / 1e9)
              p.stderr.write(`stress: FAIL: [${p.pid}] (451) failed run completed in ${secs}s\n`)
              return 1
            }
            continue
          }
          live++
        }
        if (live > 0) yield { kind: 'yield' }
      }
      // Hold the memory (vm-hang) until the timeout, or forever; a worker's death (the OOM killer) ends the run.
      const until = timeout === null ? FOREVER : start + timeout * 1e9
      const killed = (): Task | undefined => workers.find((t) => t.sigkill)
      while (p.sys.clock.now() < until) {
        const dead = killed()
        if (dead) {
          p.stderr.write(`stress: FAIL: [${p.pid}] (415) <-- worker ${dead.pid} got signal 9\n`)
          p.stderr.write(`stress: WARN: [${p.pid}] (417) now reaping child worker processes\n`)
          p.stderr.write(`stress: FAIL: [${p.pid}] (451) failed run completed in ${Math.round((p.sys.clock.now() - start) / 1e9)}s\n`)
          return 1
        }
        yield timeout === null ? { ...PAUSE, wake: () => killed() !== undefined } : { kind: 'sleep', untilNs: until, wake: () => killed() !== undefined }
      }
      p.stdout.write(`stress: info: [${p.pid}] successful run completed in ${Math.round((p.sys.clock.now() - start) / 1e9)}s\n`)
      return 0
    } finally {
      for (const t of workers) d.procs.do_exit(t.pid, 0)
    }
  }
}
