/*
 * Background jobs (`cmd &`), as ash keeps them without a controlling
 * terminal's job control: each runs beside the foreground, with stdin from
 * /dev/null; `$!` is its first process's pid; `jobs` lists them and `wait`
 * waits for them; the prompt reports the ones that finished
 * ("[1]+  Done                       sleep 5").
 */

import { SIGNAL_TEXT } from './signals'
import type { Wait } from './types'

export interface Job {
  id: number
  text: string
  gen: Generator<Wait, number, void>
  wait: Wait
  done: boolean
  status: number
  pids: number[]
  /** Signal that ended its last process, if any (for "Killed" in the report). */
  signal: number
}

export class JobTable {
  readonly jobs: Job[] = []
  /** The job whose generator is being stepped (runProcess records its pids here). */
  current: Job | null = null
  private finishedReports: Array<{ job: Job; text: string }> = []

  add(text: string, gen: Generator<Wait, number, void>): Job {
    const used = new Set(this.jobs.map((j) => j.id))
    let id = 1
    while (used.has(id)) id++
    const job: Job = { id, text, gen, wait: { kind: 'yield' }, done: false, status: 0, pids: [], signal: 0 }
    this.jobs.push(job)
    return job
  }

  /** Advance one job by one step (if its wait is over). Returns whether it ran. */
  step(job: Job, ready: (w: Wait) => boolean, onError: (e: unknown) => void): boolean {
    if (job.done || !ready(job.wait)) return false
    const prev = this.current
    this.current = job
    try {
      const r = job.gen.next()
      if (r.done) this.finish(job, r.value)
      else job.wait = r.value
    } catch (e) {
      onError(e)
      this.finish(job, 1)
    } finally {
      this.current = prev
    }
    return true
  }

  private finish(job: Job, status: number): void {
    job.done = true
    job.status = status
    const idx = this.jobs.indexOf(job)
    if (idx >= 0) this.jobs.splice(idx, 1)
    const state = status > 128 && SIGNAL_TEXT[status - 128] ? SIGNAL_TEXT[status - 128]! : status === 0 ? 'Done' : `Done(${status})`
    this.finishedReports.push({ job, text: `[${job.id}]+  ${state.padEnd(26)} ${job.text}\n` })
  }

  /** What ash prints before the next prompt about jobs that ended. */
  takeReports(): string {
    const s = this.finishedReports.map((r) => r.text).join('')
    this.finishedReports = []
    return s
  }

  /** A job collected by `wait` is not reported again. */
  reaped(job: Job): void {
    this.finishedReports = this.finishedReports.filter((r) => r.job !== job)
  }

  /** `jobs`: the running ones. */
  listing(): string {
    return this.jobs.map((j) => `[${j.id}]+  ${'Running'.padEnd(26)} ${j.text}\n`).join('')
  }

  /** The earliest timer among the running jobs' waits, or null. */
  nextTimer(): number | null {
    let t: number | null = null
    for (const j of this.jobs) if (j.wait.kind === 'sleep') t = t === null ? j.wait.untilNs : Math.min(t, j.wait.untilNs)
    return t
  }

  /** Stop every job (power off, shell exit). Their finally blocks run. */
  killAll(): void {
    for (const j of [...this.jobs]) {
      try {
        j.gen.return(143)
      } catch {
        // a job's cleanup failing must not stop the others
      }
    }
    this.jobs.length = 0
  }
}
