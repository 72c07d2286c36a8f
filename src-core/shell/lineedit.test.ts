/* The line editor: keys as xterm.js sends them, the bytes echoed back, history, wrapping. */

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LineEditor, formatColumns, matchEscape } from './lineedit'

function editor(cols = 80) {
  let out = ''
  const ed = new LineEditor((s) => {
    out += s
  })
  ed.cols = cols
  ed.start('~ # ')
  return {
    ed,
    out: () => out,
    reset: () => {
      out = ''
    }
  }
}

describe('line editor', () => {
  it('echoes typing and submits on \\r or \\n, once for \\r\\n', () => {
    const t = editor()
    t.reset()
    const r = t.ed.feed('ls -l\r\nnext')
    expect(r.event).toEqual({ type: 'line', text: 'ls -l' })
    expect(t.out()).toBe('ls -l\r\n')
    // The rest belongs to whoever reads next (the \n of \r\n is swallowed by the next feed).
    expect(r.rest).toBe('\nnext')
    t.ed.start('~ # ')
    const r2 = t.ed.feed(r.rest)
    expect(r2.event).toBeNull()
    expect(t.ed.line).toBe('next')
  })

  it('moves with arrows, Home/End and inserts in the middle', () => {
    const t = editor()
    t.ed.feed('acd')
    t.reset()
    t.ed.feed('\x1b[D\x1b[D')
    expect(t.out()).toBe('\b\b')
    t.reset()
    t.ed.feed('b')
    expect(t.out()).toBe('bcd\b\b')
    expect(t.ed.line).toBe('abcd')
    t.ed.feed('\x1b[H')
    expect(t.ed.cursorIndex).toBe(0)
    t.ed.feed('\x1b[F')
    expect(t.ed.cursorIndex).toBe(4)
    t.ed.feed('\x1bOH')
    expect(t.ed.cursorIndex).toBe(0)
    t.ed.feed('\x05')
    expect(t.ed.cursorIndex).toBe(4)
    t.ed.feed('\x01')
    expect(t.ed.cursorIndex).toBe(0)
  })

  it('backspace, Delete, Ctrl-U/K/W', () => {
    const t = editor()
    t.ed.feed('echo hello world')
    t.reset()
    t.ed.feed('\x7f')
    expect(t.ed.line).toBe('echo hello worl')
    expect(t.out()).toBe('\b\x1b[J')
    t.ed.feed('\x17')
    expect(t.ed.line).toBe('echo hello ')
    t.ed.feed('\x01\x1b[3~')
    expect(t.ed.line).toBe('cho hello ')
    t.ed.feed('\x1b[C\x1b[C\x1b[C\x0b')
    expect(t.ed.line).toBe('cho')
    t.ed.feed('\x15')
    expect(t.ed.line).toBe('')
  })

  it('Ctrl-C cancels the line; Ctrl-D on an empty line is EOF, else deletes', () => {
    const t = editor()
    t.ed.feed('abc')
    t.reset()
    expect(t.ed.feed('\x03').event).toEqual({ type: 'interrupt' })
    expect(t.out()).toBe('^C\r\n')
    t.ed.start('~ # ')
    t.ed.feed('ab\x01')
    expect(t.ed.feed('\x04').event).toBeNull()
    expect(t.ed.line).toBe('b')
    t.ed.start('~ # ')
    expect(t.ed.feed('\x04').event).toEqual({ type: 'eof' })
  })

  it('history with up/down keeps the edited line', () => {
    const t = editor()
    t.ed.addHistory('first')
    t.ed.addHistory('second')
    t.ed.addHistory('second')
    expect(t.ed.history).toEqual(['first', 'second'])
    t.ed.start('~ # ')
    t.ed.feed('draft')
    t.ed.feed('\x1b[A')
    expect(t.ed.line).toBe('second')
    t.ed.feed('\x1b[A\x1b[A')
    expect(t.ed.line).toBe('first')
    t.ed.feed('\x1b[B\x1b[B')
    expect(t.ed.line).toBe('draft')
  })

  it('splits escape sequences across feeds', () => {
    const t = editor()
    t.ed.feed('xy')
    t.ed.feed('\x1b')
    t.ed.feed('[')
    t.ed.feed('D')
    expect(t.ed.cursorIndex).toBe(1)
    expect(matchEscape('\x1b[1;5D')).toEqual({ length: 6, key: 'wordleft' })
    expect(matchEscape('\x1b[')).toBeNull()
  })

  it('bracketed paste inserts text literally', () => {
    const t = editor()
    const r = t.ed.feed('\x1b[200~a\tb\x1b[201~')
    expect(r.event).toBeNull()
    expect(t.ed.line).toBe('ab')
  })

  it('wraps long lines and moves up across the wrap', () => {
    const t = editor(10)
    t.reset()
    t.ed.feed('abcdef')
    // "~ # " is 4 columns: the 6th char ends exactly at the margin, so CR LF moves to the next row.
    expect(t.out()).toBe('abcdef\r\n')
    t.reset()
    t.ed.feed('\x01')
    expect(t.out()).toBe('\x1b[1A\x1b[4C')
  })

  it('wide characters count two columns', () => {
    const t = editor()
    t.ed.feed('实验')
    t.reset()
    t.ed.feed('\x1b[D')
    expect(t.out()).toBe('\b\b')
  })

  it('formats columns down then across', () => {
    expect(formatColumns(['a', 'b', 'c', 'd', 'e'], 9)).toBe('a  c  e\nb  d\n')
  })

  it('never throws and keeps the cursor inside the line', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1b[3~', '\x7f', '\x01', '\x05', '\x0b', '\x15', '\x17', '\x0c', '\t', '\x1b', '实'))), (chunks) => {
        const t = editor(20)
        for (const c of chunks) {
          const r = t.ed.feed(c)
          if (r.event) t.ed.start('$ ')
          expect(t.ed.cursorIndex).toBeGreaterThanOrEqual(0)
          expect(t.ed.cursorIndex).toBeLessThanOrEqual([...t.ed.line].length)
        }
      })
    )
  })
})
