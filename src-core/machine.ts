/*
 * The board: power, the UART, the kernel's boot, and the shell on the serial
 * console, behind the Machine interface of host.ts.
 *
 * Power-on builds everything afresh from the configuration (clock at zero,
 * a new memory model, a new root file system; the /mnt share survives because
 * it lives on the host). The boot runs as StartKernel's timed steps; at
 * `Run /init` the shell starts on ttyAMA0. Input typed during the boot waits
 * in the UART's buffer, as on the real board.
 *
 * Simulator faults (exceptions thrown by our own code, not guest errors) are
 * caught here, reported to the host as `fault`, and leave the board usable.
 */

import { Clock } from './board/clock'
import type { MachineConfig } from './board/config'
import type { Machine, MachineHostHooks, RunState } from './host'
import type { MachineStatus, PowerState, HostToMachine, Speed } from './protocol'
import { KernelContext } from './kernel/context'
import { Printk, CONSOLE_LOGLEVEL_QUIET } from './kernel/printk'
import { StartKernel } from './kernel/main'
import { RTC_BASE_EPOCH } from './kernel/version'
import { Kernel } from './kernel/kernel'
import { CONSOLE_CHAR_NS, CONSOLE_RECORD_NS, TTY_INPUT_NS } from './kernel/costs'
import { ViewProducer } from './view'
import { PGALLOC_NORMAL } from './mm/vmstat'

/** Slow motion: real time the host waits after each command step that allocated pages. */
export const SLOW_MOTION_MS = 120


export class Board implements Machine {
  private power: PowerState = 'off'
  private readonly clock = new Clock()
  private config: MachineConfig | null = null
  private kernel: Kernel | null = null
  private boot: StartKernel | null = null
  private pendingInput = ''
  private script: { lines: string[]; next: number } | null = null
  private cols = 80
  private rows = 24
  private lastStatusNs = -1
  private readonly views = new ViewProducer()
  private speed: Speed = 'max'
  /** Single step: held after a page allocation until the host's `step`. */
  private stepHeld = false

  constructor(private readonly hooks: MachineHostHooks) {
    hooks.post({ type: 'hello', version: 1 })
  }

  send(msg: HostToMachine): void {
    try {
      switch (msg.type) {
        case 'boot':
          this.powerOn(msg.config)
          break
        case 'reset':
          if (this.config) this.powerOn(this.config)
          break
        case 'power-off':
          this.setPower('off')
          this.kernel = null
          this.boot = null
          break
        case 'input':
          // A panicked or halted board reads no more input until reset.
          if (this.power === 'panic' || this.power === 'halted' || this.power === 'off') break
          if (this.kernel?.shell) {
            // Ctrl-C reaches a command held by single step: it may run on to its interrupt.
            if (this.stepHeld && msg.data.includes('\x03')) {
              this.stepHeld = false
              this.postStatus()
            }
            this.clock.advance(TTY_INPUT_NS)
            this.kernel.shell.input(msg.data)
          } else if (this.power === 'booting') this.pendingInput += msg.data
          break
        case 'resize':
          this.cols = msg.cols
          this.rows = msg.rows
          this.kernel?.resize(msg.cols, msg.rows)
          break
        case 'script':
          this.script = { lines: [...(this.script?.lines ?? []), ...msg.lines], next: this.script?.next ?? 0 }
          break
        case 'speed':
          this.speed = msg.speed
          this.stepHeld = false
          if (this.kernel) this.kernel.k.holdAfterAlloc = msg.speed !== 'max'
          this.postStatus()
          break
        case 'step':
          if (this.stepHeld) {
            this.stepHeld = false
            this.postStatus()
          }
          break
        case 'frame-map-request':
        case 'inspect-frame':
        case 'vmap-request':
        case 'procs-request':
        case 'slab-request':
        case 'fs-list':
        case 'fs-read':
        case 'fs-write':
        case 'fs-diagnostics':
          this.hooks.post(this.views.answer(msg, this.kernel?.mm ?? null, this.clock.now(), this.kernel?.kmem ?? null, this.kernel))
          break
      }
    } catch (e) {
      this.fault(e)
    }
  }

  run(budget = 1000): RunState {
    try {
      return this.runInner(budget)
    } catch (e) {
      this.fault(e)
      return { kind: 'idle' }
    }
  }

  advanceClockTo(ns: number): void {
    // While booting, time never passes a step that has not run yet: each boot
    // line gets its own timestamp whether the host paces in real time or not.
    if (this.power === 'booting' && this.boot && !this.boot.done()) ns = Math.min(ns, this.boot.nextAtNs())
    // Through the timer base: timers expiring on the way run at their own times.
    if (this.kernel) this.kernel.k.timers.runUntil(ns)
    else this.clock.advanceTo(ns)
  }

  nowNs(): number {
    return this.clock.now()
  }

  private runInner(budget: number): RunState {
    if (this.power === 'off' || this.power === 'halted' || this.power === 'panic') {
      this.finishScript()
      return { kind: 'off' }
    }
    if (this.power === 'booting' && this.boot) {
      this.boot.step()
      if (!this.boot.done()) return { kind: 'timer', atNs: this.boot.nextAtNs() }
    }
    const kernel = this.kernel
    if (!kernel?.shell) return { kind: 'idle' }
    if (this.power === 'booting') {
      this.setPower('running')
      if (this.pendingInput) {
        kernel.shell.input(this.pendingInput)
        this.pendingInput = ''
      }
    }
    if (this.stepHeld) return { kind: 'paused' }
    const paced = this.speed !== 'max' && !kernel.shell.atPrompt()
    let state: RunState
    let allocated = false
    if (!paced) state = kernel.shell.run(budget)
    else {
      // Speed control: the running command goes one step (one yield of its
      // generator: a C statement batch, one file of a make ...) at a time,
      // and the machine stops after the step in which the page allocator
      // handed out pages, or C code called an allocator: module code yields
      // right after each such call while the machine paces (holdAfterAlloc),
      // so each call is a step of its own. A step is the finest grain at
      // which the machine can be resumed; an allocation cannot be paused
      // half-way.
      const before = this.pgallocTotal()
      const calls = kernel.k.allocCalls
      for (let n = 0; ; n++) {
        state = kernel.shell.run(1)
        allocated = this.pgallocTotal() !== before || kernel.k.allocCalls !== calls
        if (allocated || state.kind !== 'busy' || n + 1 >= budget) break
      }
    }
    if (kernel.halted === 'reboot') {
      this.powerOn(this.config!)
      return { kind: 'busy' }
    }
    if (kernel.halted === 'panic') {
      // panic() never returns: the board stays up, silent, until reset. A script ends with status 1.
      this.setPower('panic')
      this.finishScript(1)
      return { kind: 'off' }
    }
    if (kernel.halted) {
      this.setPower('halted')
      this.finishScript()
      return { kind: 'off' }
    }
    if (allocated) {
      if (this.speed === 'step') {
        this.stepHeld = true
        this.postStatus()
        return { kind: 'paused' }
      }
      this.maybeStatus()
      return { kind: 'throttle', wallMs: SLOW_MOTION_MS }
    }
    this.maybeStatus()
    // The next line is typed whenever the prompt is back, even while background jobs run or wait.
    if (this.script && kernel.shell.atPrompt()) {
      const { lines } = this.script
      if (this.script.next < lines.length) {
        this.clock.advance(TTY_INPUT_NS)
        kernel.shell.input(lines[this.script.next++]! + '\r')
        return { kind: 'busy' }
      }
      this.finishScript()
    }
    return this.withKernelTimers(kernel, state)
  }

  /** While the console waits, the kernel's own next timer is a reason for time to pass too. */
  private withKernelTimers(kernel: Kernel, state: RunState): RunState {
    if (state.kind === 'busy' || state.kind === 'off') return state
    const next = kernel.k.timers.nextNs()
    if (next === null) return state
    if (state.kind === 'timer' && state.atNs <= next) return state
    return { kind: 'timer', atNs: Math.max(next, this.clock.now()) }
  }

  /** Pages the buddy allocator has handed out since boot (the pgalloc_* events of /proc/vmstat). */
  private pgallocTotal(): number {
    const ev = this.kernel?.mm?.pgdat?.vm_events
    if (!ev) return 0
    let n = 0
    for (let z = 0; z < 3; z++) n += ev[PGALLOC_NORMAL + z] ?? 0
    return n
  }

  private finishScript(status?: number): void {
    if (!this.script) return
    this.script = null
    this.hooks.post({ type: 'script-done', status: status ?? this.kernel?.shell?.lastStatus ?? 0 })
  }

  private powerOn(config: MachineConfig): void {
    this.config = config
    this.clock.reset()
    this.pendingInput = ''
    const log = new Printk(this.clock)
    const k = new KernelContext(config, this.clock, log)
    k.holdAfterAlloc = this.speed !== 'max'
    if (k.hasParam('quiet')) log.consoleLoglevel = CONSOLE_LOGLEVEL_QUIET
    const loglevel = k.param('loglevel')
    if (loglevel && /^\d+$/.test(loglevel)) log.consoleLoglevel = Number(loglevel)
    const kernel = new Kernel(k, {
      uart: (s) => this.uartWrite(s),
      hostFs: this.hooks.hostFs,
      cols: this.cols,
      rows: this.rows,
      rtcEpoch: RTC_BASE_EPOCH + k.rng('rtc').below(86_400)
    })
    this.kernel = kernel
    const console = (text: string): void => this.uartWrite(text)
    if (!config.quietBoot) log.addConsole(console)
    const boot = new StartKernel(k, {
      memoryReady: (mm) => kernel.attachMm(mm),
      kmemReady: (kmem) => kernel.attachKmem(kmem),
      rtcEpoch: () => kernel.rtcEpoch,
      run_init: () => {
        if (config.quietBoot) log.addConsole(console)
        log.consoleCost = { recordNs: CONSOLE_RECORD_NS, charNs: CONSOLE_CHAR_NS }
        kernel.startInit()
      }
    })
    this.boot = boot
    kernel.lpj = () => boot.loops_per_jiffy
    this.setPower('booting')
  }

  /** The PL011's output, with the tty's ONLCR: a bare \n goes out as \r\n. */
  private uartWrite(s: string): void {
    this.hooks.post({ type: 'console', data: s.replace(/(^|[^\r])\n/g, '$1\r\n') })
  }

  private setPower(p: PowerState): void {
    if (this.power === p) return
    this.power = p
    this.postStatus()
  }

  private maybeStatus(): void {
    // Uptime and taint for the front panel, once per simulated second at most.
    const now = this.clock.now()
    if (this.lastStatusNs < 0 || now - this.lastStatusNs >= 1e9) this.postStatus()
  }

  private postStatus(): void {
    if (!this.config) return
    this.lastStatusNs = this.clock.now()
    const status: MachineStatus = {
      power: this.power,
      uptimeNs: this.clock.now(),
      taint: this.kernel?.k.taintString() ?? 'Not tainted',
      config: this.config,
      speed: this.speed,
      paused: this.stepHeld
    }
    this.hooks.post({ type: 'status', status })
  }

  private fault(e: unknown): void {
    const message = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e)
    this.hooks.post({ type: 'fault', message })
  }
}
