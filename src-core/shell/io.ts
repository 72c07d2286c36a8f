/*
 * Reading helpers for commands: whole input, one line, or the next chunk,
 * waiting (yielding a Wait) when a pipe or the terminal has nothing yet.
 * A line reader may take more than one line from the stream; the rest is kept
 * here, per stream, for the next reader (`while read l; do ...; done < f`).
 */

import { errnoOf, strerror } from '../fs/errno'
import type { InStream, OutStream, Proc, Wait } from './types'

const pushback = new WeakMap<InStream, string>()

/** The next chunk of input, or null at end of file. */
export function* readChunk(s: InStream): Generator<Wait, string | null, void> {
  const back = pushback.get(s)
  if (back !== undefined && back !== '') {
    pushback.delete(s)
    return back
  }
  for (;;) {
    const d = s.read()
    if (d === null) return null
    if (d !== '') return d
    yield { kind: 'read', from: s }
  }
}

/** Everything up to end of file. */
export function* readAll(s: InStream): Generator<Wait, string, void> {
  let out = ''
  for (;;) {
    const d = yield* readChunk(s)
    if (d === null) return out
    out += d
  }
}

/** A whole file as text, or stdin for '-'; null after `applet: can't open 'f': error` (bb_perror_msg). */
export function* readFileOrStdin(p: Proc, f: string): Generator<Wait, string | null, void> {
  if (f === '-') return yield* readAll(p.stdin)
  try {
    return p.sys.vfs.readText(f, p.cwd)
  } catch (e) {
    perror(p, `can't open '${f}'`, errnoOf(e))
    return null
  }
}

/** One line without its newline; null at end of file (a last line without newline is returned). */
export function* readLine(s: InStream): Generator<Wait, string | null, void> {
  let buf = ''
  for (;;) {
    const nl = buf.indexOf('\n')
    if (nl >= 0) {
      if (nl + 1 < buf.length) pushback.set(s, buf.slice(nl + 1) + (pushback.get(s) ?? ''))
      return buf.slice(0, nl)
    }
    const d = yield* readChunk(s)
    if (d === null) return buf === '' ? null : buf
    buf += d
  }
}

/** Put text back in front of a stream (for readers that took too much). */
export function unread(s: InStream, text: string): void {
  if (text !== '') pushback.set(s, text + (pushback.get(s) ?? ''))
}

/** `applet: message` on stderr, as bb_error_msg does. */
export function errmsg(p: Proc, msg: string): void {
  p.stderr.write(`${appletName(p)}: ${msg}\n`)
}

/** bb_perror_msg: `applet: message: strerror`. */
export function perror(p: Proc, msg: string, errno: number): void {
  p.stderr.write(`${appletName(p)}: ${msg ? msg + ': ' : ''}${strerror(errno)}\n`)
}

/** The name messages start with: the applet's, or "sh" for a builtin running inside the shell. */
export function appletName(p: Proc): string {
  if (p.pid === p.sys.shellPid) return 'sh'
  const a = p.argv[0] ?? 'sh'
  const i = a.lastIndexOf('/')
  return i < 0 ? a : a.slice(i + 1)
}

/** Write and report whether the reader is still there. */
export function out(s: OutStream, text: string): boolean {
  return s.write(text)
}

/** A pause of `ns` simulated nanoseconds. */
export function* sleepNs(p: Proc, ns: number): Generator<Wait, void, void> {
  const until = p.sys.clock.now() + ns
  while (p.sys.clock.now() < until) yield { kind: 'sleep', untilNs: until }
}
