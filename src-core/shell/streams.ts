/*
 * The streams commands read and write: pipes between the stages of a
 * pipeline, files opened by redirections, /dev/null, and string sinks for
 * command substitution. The terminal's streams live in tty.ts.
 *
 * Pipes are unbounded queues: commands that produce a lot (yes, cat of a big
 * file) yield after each chunk, so the reader drains the queue in step. When
 * the reader closes, writes fail and the writer dies of SIGPIPE at its next
 * yield, as `yes | head -n 3` needs.
 */

import type { OpenFile } from '../fs/file'
import { errnoOf } from '../fs/errno'
import { Utf8StreamDecoder, utf8Encode } from '../fs/utf8'
import type { InStream, OutStream } from './types'

const pipeWriters = new WeakSet<OutStream>()

/** Whether a failed write to `s` means SIGPIPE (a pipe whose reader left) rather than an I/O error. */
export function isPipeWriter(s: OutStream): boolean {
  return pipeWriters.has(s)
}

/** PIPE_BUF * 16: the default pipe capacity (fs/pipe.c, 16 pages). */
export const PIPE_CAPACITY = 65536

export class Pipe {
  private chunks: string[] = []
  private buffered = 0
  writers = 1
  readerClosed = false

  readonly reader: InStream = {
    read: () => {
      if (this.chunks.length > 0) {
        const s = this.chunks.join('')
        this.chunks = []
        this.buffered = 0
        return s
      }
      return this.writers <= 0 ? null : ''
    },
    readable: () => this.chunks.length > 0 || this.writers <= 0,
    close: () => {
      this.readerClosed = true
      this.chunks = []
      this.buffered = 0
    }
  }

  readonly writer: OutStream = {
    write: (s: string) => {
      if (this.readerClosed) return false
      if (s !== '') {
        this.chunks.push(s)
        this.buffered += s.length
      }
      return true
    },
    writable: () => this.readerClosed || this.buffered < PIPE_CAPACITY,
    isTty: false,
    close: () => {
      this.writers--
    }
  }

  constructor() {
    pipeWriters.add(this.writer)
  }
}

/** A string as stdin (here-documents, `<<<`-like uses, xargs input). */
export class StringIn implements InStream {
  constructor(private s: string | null) {}
  read(): string | null {
    const s = this.s
    this.s = null
    return s
  }
  readable(): boolean {
    return true
  }
  close(): void {
    this.s = null
  }
}

/** Collects output (command substitution, tests). */
export class StringOut implements OutStream {
  text = ''
  readonly isTty = false
  write(s: string): boolean {
    this.text += s
    return true
  }
  close(): void {}
}

export const NULL_IN: InStream = { read: () => null, readable: () => true, close: () => {} }

/** An open file as stdin (`< file`). Reads the file in chunks so `cat /dev/zero` stays interruptible. */
export class FileIn implements InStream {
  private eof = false
  private readonly decoder = new Utf8StreamDecoder()
  /** Text read ahead by readable() (a device must be read to know it has data). */
  private ahead: string | null = null
  errno = 0

  constructor(private readonly f: OpenFile) {}

  read(): string | null {
    if (this.ahead !== null) {
      const s = this.ahead
      this.ahead = null
      return s
    }
    return this.fill()
  }

  private fill(): string | null {
    if (this.eof) return null
    try {
      const d = this.f.read(16384)
      if (d === null) return ''
      if (d.length === 0) {
        this.eof = true
        const rest = this.decoder.flush()
        return rest !== '' ? rest : null
      }
      // A split multi-byte UTF-8 sequence waits in the decoder for the next chunk.
      return this.decoder.push(d)
    } catch (e) {
      this.errno = errnoOf(e)
      this.eof = true
      return null
    }
  }

  readable(): boolean {
    if (this.ahead !== null || this.eof) return true
    // Regular files always have data or EOF; a device (the tty) may have nothing yet.
    if (this.f.inode.type !== 'chr') return true
    const s = this.fill()
    if (s === '') return false
    this.ahead = s
    return true
  }

  close(): void {
    this.f.close()
  }
}

/** An open file as stdout/stderr (`> file`, `>> file`, `2> file`). */
export class FileOut implements OutStream {
  readonly isTty: boolean
  /** The errno of the last failed write (echo reports "write error: ..."). */
  errno = 0

  constructor(
    private readonly f: OpenFile,
    isTty = false
  ) {
    this.isTty = isTty
  }

  write(s: string): boolean {
    return this.writeBytes(utf8Encode(s))
  }

  writeBytes(data: Uint8Array): boolean {
    try {
      this.f.write(data)
      this.errno = 0
      return true
    } catch (e) {
      this.errno = errnoOf(e)
      return false
    }
  }

  close(): void {
    this.f.close()
  }
}
