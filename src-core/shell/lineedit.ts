/*
 * The interactive line editor (busybox libbb/lineedit.c read_line_input):
 * keys arrive as the bytes xterm.js sends, ANSI escape sequences included;
 * the editor keeps the line and the cursor and writes back the bytes that
 * make the terminal show them.
 *
 * The terminal's cursor is tracked in "columns from the start of the prompt's
 * last line", so editing works on lines that wrap past the terminal width.
 * When text ends exactly at the right margin the editor emits "\r\n", as
 * lineedit's put_cur_glyph_and_inc_cursor does (HACK_FOR_WRONG_WIDTH): it
 * forces the cursor to the next line whatever the terminal's wrap mode, and
 * a captured log shows a plain line break.
 *
 * feed() stops at the first finished line (Enter, Ctrl-C, Ctrl-D) and
 * returns the bytes it did not consume: they belong to whatever runs next.
 */

export type EditEvent = { type: 'line'; text: string } | { type: 'interrupt' } | { type: 'eof' }

export interface Completion {
  /** Index in the line where the word being completed starts. */
  start: number
  candidates: Array<{ insert: string; display: string; suffix: string }>
}

export type Completer = (line: string, cursor: number) => Completion

/** Display width of a code point: 2 for East Asian wide/fullwidth, 0 for controls. */
export function charWidth(ch: string): number {
  const c = ch.codePointAt(0)!
  if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return 0
  if (
    (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) || (c >= 0x20000 && c <= 0x3fffd)
  ) return 2
  return 1
}

function strWidth(chars: string[]): number {
  let w = 0
  for (const c of chars) w += charWidth(c)
  return w
}

export class LineEditor {
  private chars: string[] = []
  private cursor = 0
  private promptWidth = 0
  private pendingEsc = ''
  private lastWasCR = false
  private lastWasTab = false
  private inPaste = false
  /** Index into history while browsing; history.length means the line being edited. */
  private histIdx = 0
  private savedLine: string[] = []
  cols = 80
  readonly history: string[] = []
  maxHistory = 255
  private prompt = ''

  constructor(
    private readonly out: (s: string) => void,
    private readonly completer: Completer | null = null
  ) {}

  /** Begin a new line: print the prompt. */
  start(prompt: string): void {
    this.prompt = prompt
    this.out(prompt)
    const lastLine = prompt.slice(prompt.lastIndexOf('\n') + 1).replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    this.promptWidth = strWidth([...lastLine])
    this.chars = []
    this.cursor = 0
    this.histIdx = this.history.length
    this.savedLine = []
    this.lastWasTab = false
    this.fixWrap(this.promptWidth)
  }

  get line(): string {
    return this.chars.join('')
  }

  get cursorIndex(): number {
    return this.cursor
  }

  addHistory(line: string): void {
    if (line.trim() === '') return
    if (this.history[this.history.length - 1] === line) return
    this.history.push(line)
    if (this.history.length > this.maxHistory) this.history.shift()
  }

  /** Feed input; returns the first finished event (if any) and the unconsumed input. */
  feed(data: string): { event: EditEvent | null; rest: string } {
    let s = this.pendingEsc + data
    this.pendingEsc = ''
    let i = 0
    while (i < s.length) {
      const c = s[i]!
      if (c === '\x1b' && !this.inPaste) {
        const m = matchEscape(s.slice(i))
        if (m === null) {
          this.pendingEsc = s.slice(i)
          return { event: null, rest: '' }
        }
        i += m.length
        this.lastWasCR = false
        this.key(m.key)
        if (m.key !== 'tab') this.lastWasTab = false
        continue
      }
      if (this.inPaste && s.startsWith('\x1b[201~', i)) {
        this.inPaste = false
        i += 6
        continue
      }
      const cp = s.codePointAt(i)!
      const ch = String.fromCodePoint(cp)
      i += ch.length
      if (c === '\n' && this.lastWasCR) {
        this.lastWasCR = false
        continue
      }
      this.lastWasCR = c === '\r'
      const ev = this.char(ch)
      if (ch !== '\t') this.lastWasTab = false
      if (ev) return { event: ev, rest: s.slice(i) }
    }
    return { event: null, rest: '' }
  }

  private char(ch: string): EditEvent | null {
    switch (ch) {
      case '\r':
      case '\n': {
        this.moveTo(this.col(this.chars.length))
        this.out('\r\n')
        const text = this.line
        return { type: 'line', text }
      }
      case '\x03': // Ctrl-C
        this.moveTo(this.col(this.chars.length))
        this.out('^C\r\n')
        return { type: 'interrupt' }
      case '\x04': // Ctrl-D: EOF on an empty line, else delete under the cursor
        if (this.chars.length === 0) return { type: 'eof' }
        this.key('delete')
        return null
      case '\x7f':
      case '\x08':
        this.key('backspace')
        return null
      case '\x01':
        this.key('home')
        return null
      case '\x05':
        this.key('end')
        return null
      case '\x02':
        this.key('left')
        return null
      case '\x06':
        this.key('right')
        return null
      case '\x10':
        this.key('up')
        return null
      case '\x0e':
        this.key('down')
        return null
      case '\x15': // Ctrl-U: delete from the start of the line to the cursor
        this.replaceRange(0, this.cursor, [], 0)
        return null
      case '\x0b': // Ctrl-K: delete from the cursor to the end
        this.replaceRange(this.cursor, this.chars.length, [], this.cursor)
        return null
      case '\x17': {
        // Ctrl-W: delete the word before the cursor (and the blanks after it)
        let j = this.cursor
        while (j > 0 && this.chars[j - 1] === ' ') j--
        while (j > 0 && this.chars[j - 1] !== ' ') j--
        this.replaceRange(j, this.cursor, [], j)
        return null
      }
      case '\x0c': // Ctrl-L: clear the screen, redraw prompt and line
        this.out('\x1b[H\x1b[J')
        this.redrawAll()
        return null
      case '\t':
        this.tab()
        this.lastWasTab = true
        return null
    }
    if (charWidth(ch) === 0) return null // other control characters are ignored
    this.replaceRange(this.cursor, this.cursor, [ch], this.cursor + 1)
    return null
  }

  private key(k: string): void {
    switch (k) {
      case 'left':
        if (this.cursor > 0) this.setCursor(this.cursor - 1)
        break
      case 'right':
        if (this.cursor < this.chars.length) this.setCursor(this.cursor + 1)
        break
      case 'home':
        this.setCursor(0)
        break
      case 'end':
        this.setCursor(this.chars.length)
        break
      case 'wordleft': {
        let j = this.cursor
        while (j > 0 && this.chars[j - 1] === ' ') j--
        while (j > 0 && this.chars[j - 1] !== ' ') j--
        this.setCursor(j)
        break
      }
      case 'wordright': {
        let j = this.cursor
        while (j < this.chars.length && this.chars[j] === ' ') j++
        while (j < this.chars.length && this.chars[j] !== ' ') j++
        this.setCursor(j)
        break
      }
      case 'backspace':
        if (this.cursor > 0) this.replaceRange(this.cursor - 1, this.cursor, [], this.cursor - 1)
        break
      case 'delete':
        if (this.cursor < this.chars.length) this.replaceRange(this.cursor, this.cursor + 1, [], this.cursor)
        break
      case 'up':
        if (this.histIdx > 0) {
          if (this.histIdx === this.history.length) this.savedLine = this.chars.slice()
          this.histIdx--
          this.setLine([...this.history[this.histIdx]!])
        }
        break
      case 'down':
        if (this.histIdx < this.history.length) {
          this.histIdx++
          this.setLine(this.histIdx === this.history.length ? this.savedLine : [...this.history[this.histIdx]!])
        }
        break
      case 'paste':
        this.inPaste = true
        break
      case 'tab':
        this.tab()
        this.lastWasTab = true
        break
    }
  }

  private tab(): void {
    if (!this.completer) return
    const line = this.line
    const before = this.chars.slice(0, this.cursor).join('')
    const c = this.completer(line, before.length)
    const startIdx = [...line.slice(0, c.start)].length
    const word = this.chars.slice(startIdx, this.cursor).join('')
    const cands = c.candidates
    if (cands.length === 0) {
      this.out('\x07')
      return
    }
    if (cands.length === 1) {
      const only = cands[0]!
      const ins = [...(only.insert + only.suffix)]
      this.replaceRange(startIdx, this.cursor, ins, startIdx + ins.length)
      return
    }
    let common = cands[0]!.insert
    for (const x of cands) {
      let k = 0
      while (k < common.length && k < x.insert.length && common[k] === x.insert[k]) k++
      common = common.slice(0, k)
    }
    if (common.length > word.length) {
      const ins = [...common]
      this.replaceRange(startIdx, this.cursor, ins, startIdx + ins.length)
      return
    }
    if (!this.lastWasTab) {
      this.out('\x07')
      return
    }
    // Second Tab: list the candidates in columns under the line, then redraw.
    this.moveTo(this.col(this.chars.length))
    this.out('\r\n' + formatColumns(cands.map((x) => x.display), this.cols).replace(/\n/g, '\r\n'))
    const cur = this.cursor
    this.redrawAll()
    this.setCursor(cur)
  }

  // ---- drawing ------------------------------------------------------------

  private col(index: number): number {
    return this.promptWidth + strWidth(this.chars.slice(0, index))
  }

  /** Where the terminal's cursor is (columns from the prompt's row start). */
  private termCol = 0

  private moveTo(target: number): void {
    const cols = Math.max(1, this.cols)
    const fr = Math.floor(this.termCol / cols)
    const fc = this.termCol % cols
    const tr = Math.floor(target / cols)
    const tc = target % cols
    let s = ''
    if (tr < fr) s += `\x1b[${fr - tr}A`
    else if (tr > fr) s += `\x1b[${tr - fr}B`
    if (tc !== fc) {
      // input_backward(): up to four backspaces, else CSI n D.
      if (tc === 0 && tr !== fr) s += '\r'
      else if (tc < fc) s += fc - tc <= 4 ? '\b'.repeat(fc - tc) : `\x1b[${fc - tc}D`
      else s += `\x1b[${tc - fc}C`
    }
    if (s) this.out(s)
    this.termCol = target
  }

  /** After writing up to column `end`, step off a pending wrap at the right margin. */
  private fixWrap(end: number): void {
    this.termCol = end
    if (end > 0 && end % Math.max(1, this.cols) === 0) this.out('\r\n')
  }

  private setCursor(i: number): void {
    this.cursor = i
    this.moveTo(this.col(i))
  }

  /** Replace chars[from,to) with ins, redraw from `from`, leave the cursor at `newCursor`. */
  private replaceRange(from: number, to: number, ins: string[], newCursor: number): void {
    // Characters that stay the same need no redraw (completion only prints what it adds).
    while (to > from && ins.length > 0 && this.chars[from] === ins[0]) {
      from++
      ins = ins.slice(1)
    }
    const oldEnd = this.col(this.chars.length)
    this.chars.splice(from, to - from, ...ins)
    this.moveTo(this.col(from))
    const tail = this.chars.slice(from)
    const newEnd = this.col(this.chars.length)
    const s = tail.join('')
    if (s) this.out(s)
    this.fixWrap(newEnd)
    // Erase what is left of a longer old line (to the end of the screen, so wrapped rows go too).
    if (newEnd < oldEnd) this.out('\x1b[J')
    this.cursor = newCursor
    this.moveTo(this.col(newCursor))
  }

  private setLine(chars: string[]): void {
    this.replaceRange(0, this.chars.length, chars, chars.length)
  }

  private redrawAll(): void {
    this.out(this.prompt + this.chars.join(''))
    this.fixWrap(this.col(this.chars.length))
    this.cursor = this.chars.length
  }
}

/**
 * An escape sequence at the start of s: its length and the key, or null if
 * incomplete (wait for more bytes). Unknown sequences map to key ''.
 */
export function matchEscape(s: string): { length: number; key: string } | null {
  if (s.length < 2) return null
  const c = s[1]!
  if (c === '[') {
    const m = /^\x1b\[([0-9;]*)([\x40-\x7e])/.exec(s)
    if (!m) {
      if (/^\x1b\[[0-9;]*$/.test(s)) return null
      return { length: 2, key: '' }
    }
    const params = m[1]!
    const fin = m[2]!
    const len = m[0].length
    if (fin === '~') {
      const n = params.split(';')[0]
      const key = { '1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete', '200': 'paste', '2': '', '5': '', '6': '' }[n ?? ''] ?? ''
      return { length: len, key }
    }
    const ctrl = params.endsWith(';5') || params.endsWith(';3')
    const key = { A: 'up', B: 'down', C: ctrl ? 'wordright' : 'right', D: ctrl ? 'wordleft' : 'left', H: 'home', F: 'end' }[fin] ?? ''
    return { length: len, key }
  }
  if (c === 'O') {
    if (s.length < 3) return null
    const key = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' }[s[2]!] ?? ''
    return { length: 3, key }
  }
  // Alt-b / Alt-f move by words; any other ESC+char is ignored.
  if (c === 'b') return { length: 2, key: 'wordleft' }
  if (c === 'f') return { length: 2, key: 'wordright' }
  if (c === '\x7f') return { length: 2, key: '' }
  return { length: 2, key: '' }
}

/** Names in columns, sorted down then across, as busybox's lineedit and ls print them. */
export function formatColumns(names: string[], width: number): string {
  if (names.length === 0) return ''
  const w = names.reduce((m, n) => Math.max(m, strWidth([...n])), 0) + 2
  const ncols = Math.max(1, Math.floor(width / w))
  const nrows = Math.ceil(names.length / ncols)
  let out = ''
  for (let r = 0; r < nrows; r++) {
    let line = ''
    for (let c = 0; c < ncols; c++) {
      const i = c * nrows + r
      if (i >= names.length) break
      const n = names[i]!
      const last = (c + 1) * nrows + r >= names.length
      line += last ? n : n + ' '.repeat(w - strWidth([...n]))
    }
    out += line + '\n'
  }
  return out
}
