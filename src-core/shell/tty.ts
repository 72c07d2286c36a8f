/*
 * The serial console as a running command sees it (drivers/tty/n_tty.c in
 * canonical mode): typed characters are echoed and collected into lines,
 * backspace erases, Ctrl-D ends input, Ctrl-C is left to the shell (SIGINT).
 * Output gets ONLCR (\n becomes \r\n), as the tty does by default.
 *
 * What the command did not read when it exits is typed-ahead input: the
 * shell hands it to its line editor.
 */

import type { InStream, OutStream } from './types'

export class TtyOut implements OutStream {
  readonly isTty = true
  constructor(private readonly write_: (s: string) => void) {}
  write(s: string): boolean {
    if (s !== '') this.write_(s.replace(/\n/g, '\r\n'))
    return true
  }
  close(): void {}
}

export class TtyIn implements InStream {
  /** Finished lines (with their \n) not read yet. */
  private queue = ''
  /** The line being typed (canonical mode holds it until Enter). */
  private editing: string[] = []
  /** Pending end-of-file marks from Ctrl-D on an empty line. */
  private eofs = 0
  private lastWasCR = false

  constructor(private readonly echo: (s: string) => void) {}

  /** A byte (or code point) typed on the console while a command runs. */
  input(ch: string): void {
    if (ch === '\n' && this.lastWasCR) {
      this.lastWasCR = false
      return
    }
    this.lastWasCR = ch === '\r'
    switch (ch) {
      case '\r':
      case '\n':
        this.queue += this.editing.join('') + '\n'
        this.editing = []
        this.echo('\r\n')
        return
      case '\x7f':
      case '\x08':
        if (this.editing.length > 0) {
          this.editing.pop()
          this.echo('\b \b')
        }
        return
      case '\x04':
        if (this.editing.length === 0) this.eofs++
        else {
          this.queue += this.editing.join('')
          this.editing = []
        }
        return
      case '\x15':
        this.echo('\b \b'.repeat(this.editing.length))
        this.editing = []
        return
    }
    const c = ch.codePointAt(0)!
    if (c < 0x20 || c === 0x7f) {
      // ECHOCTL: control characters echo as ^X.
      this.echo('^' + String.fromCharCode(c + 64))
      this.editing.push(ch)
      return
    }
    this.editing.push(ch)
    this.echo(ch)
  }

  read(): string | null {
    if (this.queue !== '') {
      const s = this.queue
      this.queue = ''
      return s
    }
    if (this.eofs > 0) {
      this.eofs--
      return null
    }
    return ''
  }

  readable(): boolean {
    return this.queue !== '' || this.eofs > 0
  }

  close(): void {}

  /** Ctrl-C flushes pending input (n_tty's isig with !NOFLSH). */
  flush(): void {
    this.queue = ''
    this.editing = []
    this.eofs = 0
  }

  /** Input a reader took but did not consume (a program's read-ahead at exit) goes back in front. */
  unread(s: string): void {
    this.queue = s + this.queue
  }

  /** Take what is left (typed ahead) for the line editor; the partial line was echoed already. */
  drain(): { lines: string; partial: string } {
    const r = { lines: this.queue, partial: this.editing.join('') }
    this.flush()
    return r
  }
}
