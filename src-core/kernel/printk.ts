/*
 * kernel/printk/printk.c: the log ring buffer, log levels, timestamps and the
 * console.
 *
 * A message is a string that may start with KERN_SOH + level ("\x013" is
 * KERN_ERR) or KERN_CONT ("\x01c"). As in 6.1's printk_ringbuffer:
 *  - a message without a trailing newline stays the open record; a following
 *    KERN_CONT message from the same caller is appended to it, anything else
 *    closes it and starts a new record (so two bare printk()s give two lines);
 *  - a record reaches the console and readers (dmesg) once it is closed
 *    (newline, or the next record begins);
 *  - the console shows records whose level is below console_loglevel.
 * Records carry the clock's nanoseconds; the buffer keeps the newest
 * LOG_BUF_LEN bytes of text (CONFIG_LOG_BUF_SHIFT=17), dropping the oldest.
 */

import type { Clock } from '../board/clock'

export const KERN_SOH = '\x01'
export const KERN_EMERG = '\x010'
export const KERN_ALERT = '\x011'
export const KERN_CRIT = '\x012'
export const KERN_ERR = '\x013'
export const KERN_WARNING = '\x014'
export const KERN_NOTICE = '\x015'
export const KERN_INFO = '\x016'
export const KERN_DEBUG = '\x017'
export const KERN_DEFAULT = ''
export const KERN_CONT = '\x01c'

export const LOGLEVEL_EMERG = 0
export const LOGLEVEL_ERR = 3
export const LOGLEVEL_WARNING = 4
export const LOGLEVEL_INFO = 6
export const LOGLEVEL_DEBUG = 7

export const CONSOLE_LOGLEVEL_DEFAULT = 7 // CONFIG_CONSOLE_LOGLEVEL_DEFAULT
export const CONSOLE_LOGLEVEL_QUIET = 4 // CONFIG_CONSOLE_LOGLEVEL_QUIET
export const MESSAGE_LOGLEVEL_DEFAULT = 4 // CONFIG_MESSAGE_LOGLEVEL_DEFAULT
export const CONSOLE_LOGLEVEL_MIN = 1
export const LOG_BUF_LEN = 1 << 17

/** Facility 0 is the kernel; /dev/kmsg writers (user space) use 1 (LOG_USER). */
export interface LogRecord {
  seq: number
  tsNs: number
  level: number
  facility: number
  /** Text without the trailing newline; may hold several lines. */
  text: string
  caller: number
}

export type ConsoleSink = (text: string) => void

export class Printk {
  private records: LogRecord[] = []
  private head = 0 // index of the oldest live record in `records`
  private bytes = 0
  private nextSeq = 0
  private open: LogRecord | null = null
  /** Sequence number below which `dmesg -C` / `dmesg -c` cleared (syslog_clear_seq). */
  clearSeq = 0
  consoleLoglevel = CONSOLE_LOGLEVEL_DEFAULT
  defaultMessageLoglevel = MESSAGE_LOGLEVEL_DEFAULT
  /** PRINTK_TIME; `printk.time=0` turns it off. */
  time = true
  /** The console drivers (the serial port); none until the machine attaches one. */
  private consoles: ConsoleSink[] = []
  /** Messages dropped because the ring buffer wrapped. */
  dropped = 0
  private listeners: Array<(r: LogRecord) => void> = []
  /** Simulated time a console write takes: per record and per character (0 until set). */
  consoleCost = { recordNs: 0, charNs: 0 }

  constructor(private readonly clock: Clock) {}

  addConsole(sink: ConsoleSink): void {
    this.consoles.push(sink)
  }

  removeConsole(sink: ConsoleSink): void {
    this.consoles = this.consoles.filter((s) => s !== sink)
  }

  /** Called for every closed record (dmesg -w, the UI's log view). */
  onRecord(fn: (r: LogRecord) => void): () => void {
    this.listeners.push(fn)
    return () => {
      this.listeners = this.listeners.filter((l) => l !== fn)
    }
  }

  /**
   * printk(): `msg` is already formatted (vsprintf happens in the caller).
   * Returns the number of characters stored, as printk's return value does.
   */
  printk(msg: string, caller = 0, facility = 0): number {
    let level = -1
    let cont = false
    // Several prefixes may stack (KERN_CONT KERN_INFO ...); the kernel takes them all.
    while (msg.length >= 2 && msg[0] === KERN_SOH) {
      const c = msg[1]!
      if (c >= '0' && c <= '7') level = c.charCodeAt(0) - 48
      else if (c === 'c') cont = true
      else if (c !== 'd') break
      msg = msg.slice(2)
    }
    const newline = msg.endsWith('\n')
    if (newline) msg = msg.slice(0, -1)

    if (cont && level < 0 && this.open && this.open.caller === caller) {
      this.open.text += msg
      if (newline) this.close()
      return msg.length
    }
    if (this.open) this.close()
    if (level < 0) level = this.defaultMessageLoglevel
    const rec: LogRecord = { seq: this.nextSeq++, tsNs: this.clock.now(), level, facility, text: msg, caller }
    this.open = rec
    if (newline) this.close()
    return msg.length
  }

  /** Close the open record, if any (what the next record or a newline would do). */
  flush(): void {
    if (this.open) this.close()
  }

  private close(): void {
    const rec = this.open!
    this.open = null
    this.records.push(rec)
    this.bytes += rec.text.length + 16
    while (this.bytes > LOG_BUF_LEN && this.head < this.records.length - 1) {
      const old = this.records[this.head++]!
      this.bytes -= old.text.length + 16
      this.dropped++
    }
    if (this.head > 4096 && this.head * 2 > this.records.length) {
      this.records = this.records.slice(this.head)
      this.head = 0
    }
    if (rec.level < this.consoleLoglevel && this.consoles.length > 0) {
      const text = this.formatRecord(rec, false) + '\n'
      for (const c of this.consoles) c(text)
      // The console is synchronous: the next record starts after this one went out.
      this.clock.advance(this.consoleCost.recordNs + this.consoleCost.charNs * text.length)
    }
    for (const l of this.listeners) l(rec)
  }

  /** The `[    5.455142] ` prefix of kernel/printk/printk.c print_time(). */
  static timePrefix(tsNs: number): string {
    const sec = Math.floor(tsNs / 1e9)
    const usec = Math.floor((tsNs % 1e9) / 1000)
    return `[${String(sec).padStart(5, ' ')}.${String(usec).padStart(6, '0')}] `
  }

  /**
   * record_print_text(): every line of the record gets the prefix; with
   * `syslog` the `<level>` (facility<<3|level) prefix comes first, as
   * /proc/kmsg and `dmesg -r` show it.
   */
  formatRecord(rec: LogRecord, syslog: boolean): string {
    let prefix = ''
    if (syslog) prefix += `<${(rec.facility << 3) | rec.level}>`
    if (this.time) prefix += Printk.timePrefix(rec.tsNs)
    if (prefix === '') return rec.text
    return rec.text
      .split('\n')
      .map((line) => prefix + line)
      .join('\n')
  }

  /** Closed records still in the buffer, oldest first (the open one is not readable yet). */
  all(): readonly LogRecord[] {
    return this.records.slice(this.head)
  }

  /** Records not cleared by `dmesg -C` (SYSLOG_ACTION_READ_ALL). */
  readable(): LogRecord[] {
    const out: LogRecord[] = []
    for (let i = this.head; i < this.records.length; i++) {
      const r = this.records[i]!
      if (r.seq >= this.clearSeq) out.push(r)
    }
    return out
  }

  /** SYSLOG_ACTION_CLEAR. */
  clear(): void {
    this.clearSeq = this.nextSeq
  }

  /** SYSLOG_ACTION_CONSOLE_LEVEL (dmesg -n): clamps to [minimum_console_loglevel, 8]. */
  setConsoleLoglevel(level: number): void {
    this.consoleLoglevel = Math.max(CONSOLE_LOGLEVEL_MIN, Math.min(8, level))
  }
}
