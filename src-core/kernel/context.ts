/*
 * The kernel's shared context: what every subsystem of the simulated kernel
 * may reach (configuration, command line, clock, randomness, log, taint).
 * Subsystems take it as their first constructor argument instead of reaching
 * for globals, so several machines can live in one process (tests, the CLI).
 */

import type { Clock } from '../board/clock'
import { Rng } from '../board/rng'
import { type CmdlineParam, type MachineConfig, cmdlineValue, fullCmdline, parseCmdline } from '../board/config'
import type { Printk } from './printk'
import { TimerBase } from './timer'

/* include/linux/panic.h taint bits, in the order print_tainted() prints them. */
export const TAINT_FLAGS = [
  { bit: 0, ch: 'P', off: 'G' }, // PROPRIETARY_MODULE
  { bit: 1, ch: 'F', off: ' ' }, // FORCED_MODULE
  { bit: 2, ch: 'S', off: ' ' }, // CPU_OUT_OF_SPEC
  { bit: 3, ch: 'R', off: ' ' }, // FORCED_RMMOD
  { bit: 4, ch: 'M', off: ' ' }, // MACHINE_CHECK
  { bit: 5, ch: 'B', off: ' ' }, // BAD_PAGE
  { bit: 6, ch: 'U', off: ' ' }, // USER
  { bit: 7, ch: 'D', off: ' ' }, // DIE
  { bit: 8, ch: 'A', off: ' ' }, // OVERRIDDEN_ACPI_TABLE
  { bit: 9, ch: 'W', off: ' ' }, // WARN
  { bit: 10, ch: 'C', off: ' ' }, // CRAP
  { bit: 11, ch: 'I', off: ' ' }, // FIRMWARE_WORKAROUND
  { bit: 12, ch: 'O', off: ' ' }, // OOT_MODULE
  { bit: 13, ch: 'E', off: ' ' }, // UNSIGNED_MODULE
  { bit: 14, ch: 'L', off: ' ' }, // SOFTLOCKUP
  { bit: 15, ch: 'K', off: ' ' }, // LIVEPATCH
  { bit: 16, ch: 'X', off: ' ' }, // AUX
  { bit: 17, ch: 'T', off: ' ' }, // RANDSTRUCT
  { bit: 18, ch: 'N', off: ' ' } // TEST
] as const

export const TAINT_WARN = 9
export const TAINT_DIE = 7
export const TAINT_OOT_MODULE = 12
export const TAINT_SOFTLOCKUP = 14

/** One frame of the simulated kernel call chain, as a backtrace prints it: `fn+0xoff/0xsize [module]`. */
export interface KFrame {
  fn: string
  off: number
  size: number
  module?: string
}

/** The task a kernel path runs on behalf of (`current`). */
export interface CurrentTask {
  pid: number
  comm: string
}

export class KernelContext {
  readonly params: CmdlineParam[]
  readonly cmdline: string
  /** /proc/sys/kernel/tainted */
  tainted = 0
  /** The CPU the simulated code runs on (smp_processor_id()). */
  cpu = 0
  /** `current`: the scheduler/shell sets it around each task's kernel work. */
  current: CurrentTask = { pid: 0, comm: 'swapper/0' }
  /**
   * The simulated call chain, outermost first. Each layer that models a kernel
   * function the backtrace should show pushes its frame (see withFrame), so
   * WARN/Oops/warn_alloc print the caller's real path.
   */
  readonly frames: KFrame[] = []
  /** The timer base: subsystems with deadlines register here; the Board moves time through it. */
  readonly timers: TimerBase
  /** "Modules linked in:" text; the module loader replaces this once it exists. */
  modulesLinkedIn: () => string = () => ''
  /**
   * The machine single-steps allocations (step/slow speed): C code that
   * calls an allocator yields right after the call, so the machine can
   * hold there (see the module loader). Off at max speed: nothing yields.
   */
  holdAfterAlloc = false
  /** Allocator calls made by C code so far: the machine holds when this moves. */
  allocCalls = 0

  constructor(
    readonly config: MachineConfig,
    readonly clock: Clock,
    readonly log: Printk
  ) {
    this.timers = new TimerBase(clock)
    this.cmdline = fullCmdline(config)
    this.params = parseCmdline(this.cmdline)
  }

  /** A generator for one consumer, independent of every other consumer's draws. */
  rng(label: string): Rng {
    return Rng.fork(this.config.seed, label)
  }

  /** The value of a `name=value` parameter; null for a bare `name`; undefined if absent. */
  param(name: string): string | null | undefined {
    return cmdlineValue(this.params, name)
  }

  hasParam(name: string): boolean {
    return this.param(name) !== undefined
  }

  /** Run `fn` with `frame` on the simulated call chain. */
  withFrame<T>(frame: KFrame, fn: () => T): T {
    this.frames.push(frame)
    try {
      return fn()
    } finally {
      this.frames.pop()
    }
  }

  printk(msg: string): number {
    return this.log.printk(msg)
  }

  addTaint(bit: number): void {
    this.tainted |= 1 << bit
  }

  /**
   * kernel/panic.c print_tainted(): "Tainted: G        W  O      " style, or
   * "Not tainted". Returns the text after "Tainted: " / the whole phrase.
   */
  taintString(): string {
    if (this.tainted === 0) return 'Not tainted'
    let s = 'Tainted: '
    for (const f of TAINT_FLAGS) s += this.tainted & (1 << f.bit) ? f.ch : f.off
    return s
  }
}
