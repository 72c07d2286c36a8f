/*
 * What a host (CLI, Worker, utilityProcess) needs to run a machine: the
 * Machine interface and the driver loop that feeds it time.
 *
 * The machine never blocks and never reads the host's clock. `run()` does a
 * bounded amount of work and says what it is waiting for; the driver then
 * either calls again at once (busy), waits for input (idle), or lets simulated
 * time pass until the next timer: in real time when a person watches, in one
 * jump at max speed when a script runs. Both give the same guest output.
 */

import type { HostFs, HostToMachine, MachineToHost } from './protocol'

export type RunState =
  | { kind: 'busy' }
  | { kind: 'idle' }
  | { kind: 'timer'; atNs: number }
  | { kind: 'off' }
  /**
   * Speed control (protocol `speed`): single step holds the machine after a
   * page allocation until the host sends `step`; the driver waits for a kick.
   */
  | { kind: 'paused' }
  /**
   * Slow motion: the machine has just allocated pages and asks the host to
   * wait `wallMs` of real time before the next run, so a watcher sees each
   * allocation arrive. Simulated time does not pass meanwhile.
   */
  | { kind: 'throttle'; wallMs: number }

export interface Machine {
  /** Deliver one host message (boot, input, reset, ...). */
  send(msg: HostToMachine): void
  /** Do up to `budget` units of work (a unit is one command step, C statement batch, ...). */
  run(budget?: number): RunState
  /** Let simulated time pass (the driver calls this while the machine waits on a timer). */
  advanceClockTo(ns: number): void
  nowNs(): number
}

export interface MachineHostHooks {
  post(msg: MachineToHost): void
  hostFs?: HostFs
}

export interface DriverEnv {
  /** Host timers: setTimeout in every host we have. */
  schedule(fn: () => void, ms: number): void
  /** Host wall clock in ms (performance.now()). */
  wallNow(): number
  /** Real-time pacing for timers (interactive) vs jumping (scripts, max speed). */
  realtime: boolean
}

/**
 * Keeps a machine running: call `kick()` after every `send()`.
 * Runs work in slices of ~10 ms of host time so input and messages interleave.
 */
export class Driver {
  private scheduled = false
  private wallAnchor: number
  /** The last run ended paused or throttled: real time spent waiting is not the guest's. */
  private held = false

  constructor(
    private readonly machine: Machine,
    private readonly env: DriverEnv,
    private readonly onState?: (s: RunState) => void
  ) {
    this.wallAnchor = env.wallNow() - machine.nowNs() / 1e6
  }

  /** Call after every send(): makes sure the machine gets host time soon. */
  kick(): void {
    if (this.scheduled) return
    this.scheduled = true
    this.env.schedule(() => this.tick(), 0)
  }

  private tick(): void {
    this.scheduled = false
    // A paused or slowed machine is a stopped CPU (QEMU's `stop`): its clock resumes where it stood.
    if (this.held) this.wallAnchor = this.env.wallNow() - this.machine.nowNs() / 1e6
    this.held = false
    // In real time the board's clock never falls behind the wall clock (uptime keeps going while idle).
    if (this.env.realtime) this.machine.advanceClockTo((this.env.wallNow() - this.wallAnchor) * 1e6)
    const start = this.env.wallNow()
    let state: RunState
    for (;;) {
      state = this.machine.run(1000)
      if (state.kind !== 'busy' || this.env.wallNow() - start > 10) break
    }
    this.onState?.(state)
    if (state.kind === 'busy') {
      this.kick()
    } else if (state.kind === 'paused') {
      this.held = true // until the next kick (the host's `step` or `speed`)
    } else if (state.kind === 'throttle') {
      this.held = true
      this.scheduled = true
      this.env.schedule(() => this.tick(), state.wallMs)
    } else if (state.kind === 'timer') {
      if (!this.env.realtime) {
        this.machine.advanceClockTo(state.atNs)
        this.kick()
      } else {
        const waitMs = Math.max(0, (state.atNs - this.machine.nowNs()) / 1e6)
        this.env.schedule(() => this.tick(), Math.min(waitMs, 100))
      }
    }
  }
}
