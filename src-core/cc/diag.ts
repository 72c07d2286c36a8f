/*
 * Diagnostics: the list every cc stage appends to, and its rendering as gcc 12
 * prints it (`file:line:col: error: msg`, then the source line and a caret).
 *
 * Stages never throw for problems in the user's program: they record a Diag and
 * carry on (or stop early with a CcAbort after a fatal one, e.g. `#error`-free
 * but unrecoverable parse states). Only index.ts decides that a compilation
 * failed: it failed if any Diag has severity 'error'.
 */

export interface SrcFile {
  name: string
  contents: string
  /** Where this file was (first) #included from, for gcc's "In file included from" lines. */
  includedFrom?: Loc
  /** Lazily split lines, for the caret display. */
  lines?: string[]
}

export interface Loc {
  file: SrcFile
  line: number
  col: number
  /** Length of the token at this location, underlined with '~' after the caret (identifiers). */
  len?: number
  /** Spelled in a macro's body: the macro and where it was expanded ("in expansion of macro"). */
  exp?: { macro: string; at: Loc }
  /** Came from a macro argument: where the parameter appears in the macro's body ("in definition of macro"). */
  inDef?: { macro: string; at: Loc }
}

export type Severity = 'error' | 'warning' | 'note' | 'fatal error'

export interface Diag {
  severity: Severity
  loc?: Loc
  message: string
  /** The -W option that controls a warning, printed as ` [-Wfoo]`. */
  option?: string
  /** Function the diagnostic is in, for gcc's "In function 'f':" header. */
  func?: string
  /** Extra underlined ranges on the same line (byte columns), optionally labelled. */
  ranges?: DiagRange[]
  /** A fix-it hint printed under the line (gcc's suggested replacement text). */
  fixit?: { col: number; text: string }
  /** A fix-it inserting a whole line before `line` (gcc's "+++ |+#include <stdio.h>"). */
  insertBefore?: { line: number; text: string }
}

export interface DiagRange {
  col: number
  len: number
  /** Column the label hangs from (default: col). */
  anchor?: number
  label?: string
}

/** Thrown to stop a stage at a fatal error; the diagnostic is already recorded. */
export class CcAbort extends Error {
  constructor() {
    super('cc: compilation aborted')
  }
}

export class DiagList {
  readonly items: Diag[] = []
  /** Current function name, stamped on new diagnostics. */
  func: string | undefined
  private seen = new Set<string>()

  get errorCount(): number {
    let n = 0
    for (const d of this.items) if (d.severity === 'error' || d.severity === 'fatal error') n++
    return n
  }

  add(severity: Severity, loc: Loc | undefined, message: string, option?: string, extra?: Pick<Diag, 'ranges' | 'fixit' | 'insertBefore'>): void {
    // gcc never repeats the same diagnostic at the same place (macro expansions can).
    const key = `${severity}|${loc ? `${loc.file.name}:${loc.line}:${loc.col}` : ''}|${message}`
    if (this.seen.has(key) && severity !== 'note') return
    this.seen.add(key)
    if (this.items.length > 1000 && severity !== 'error' && severity !== 'fatal error') return
    this.items.push({ severity, loc, message, option, func: this.func, ...extra })
  }
  error(loc: Loc | undefined, message: string): void {
    this.add('error', loc, message)
  }
  warn(loc: Loc | undefined, message: string, option?: string): void {
    this.add('warning', loc, message, option)
  }
  note(loc: Loc | undefined, message: string): void {
    this.add('note', loc, message)
  }
  fatal(loc: Loc | undefined, message: string): never {
    this.add('fatal error', loc, message)
    throw new CcAbort()
  }
}

function srcLine(file: SrcFile, line: number): string | undefined {
  if (!file.lines) file.lines = file.contents.split('\n')
  const l = file.lines[line - 1]
  return l === undefined ? l : fromBytes(l)
}

/** Sources are byte strings; show UTF-8 sequences (Chinese comments) as the characters. */
function fromBytes(s: string): string {
  if (!/[\x80-\xff]/.test(s) || /[^\x00-\xff]/.test(s)) return s
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const b = s.charCodeAt(i)
    const n = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : 0
    if (n && i + n < s.length + 0 && [...s.slice(i + 1, i + 1 + n)].every((c) => (c.charCodeAt(0) & 0xc0) === 0x80) && i + n < s.length) {
      let cp = b & (0x3f >> n)
      for (let k = 1; k <= n; k++) cp = (cp << 6) | (s.charCodeAt(i + k) & 63)
      out += String.fromCodePoint(cp)
      i += n
    } else out += s[i]
  }
  return out
}

/** Render diagnostics as gcc 12 does, including "In function" headers and caret lines. */
export function renderDiags(diags: readonly Diag[]): string {
  let out = ''
  let lastFunc: string | undefined
  let lastFile: string | undefined
  let lastLoc: Loc | undefined
  let lastIncl: string | undefined
  for (const d of diags) {
    // The include context is that of where the location's macro is defined, if any (gcc's module).
    const modFile = d.loc ? (d.loc.inDef ? d.loc.inDef.at.file : d.loc.file) : undefined
    if (d.loc && modFile && modFile.name !== lastIncl && modFile.includedFrom) {
      // gcc: "In file included from a.c:2:" (then "                 from b.h:3:" for deeper chains).
      let inc: Loc | undefined = modFile.includedFrom
      let first = true
      while (inc) {
        out += `${first ? 'In file included from' : '                 from'} ${inc.file.name}:${inc.line}${inc.file.includedFrom ? ',' : ':'}\n`
        first = false
        inc = inc.file.includedFrom
      }
    }
    if (modFile) lastIncl = modFile.name
    if (d.loc && d.func !== undefined && (d.func !== lastFunc || d.loc.file.name !== lastFile) && d.severity !== 'note') {
      out += `${d.loc.file.name}: In function '${d.func}':\n`
    }
    if (d.severity !== 'note') {
      lastFunc = d.func
      lastFile = d.loc?.file.name
    }
    const text = d.loc ? srcLine(d.loc.file, d.loc.line)?.replace(/\r$/, '') : undefined
    const col = d.loc ? (text !== undefined ? displayCol(text, d.loc.col) : d.loc.col) : 0
    const where = d.loc ? `${d.loc.file.name}:${d.loc.line}:${col}: ` : 'cc1: '
    out += `${where}${d.severity}: ${d.message}${d.option ? ` [${d.option}]` : ''}\n`
    // gcc does not show the same source location twice in a row.
    const same = lastLoc && d.loc && lastLoc.file === d.loc.file && lastLoc.line === d.loc.line && lastLoc.col === d.loc.col
    if (d.loc && d.insertBefore) {
      const ins = d.insertBefore
      const show = (n: number): string => {
        const t = srcLine(d.loc!.file, n)
        const num = String(n)
        return `${num.length < 5 ? ' '.repeat(5 - num.length) + num : num} | ${expandTabs((t ?? '').replace(/\r$/, ''))}\n`
      }
      if (ins.line > 1) out += show(ins.line - 1)
      out += `  +++ |+${ins.text}\n`
      out += show(ins.line)
      lastLoc = d.loc
    } else if (d.loc && text !== undefined && !same) {
      out += showLocus(d, d.loc, text)
      lastLoc = d.loc
    }
    // Where macros put this location: gcc's "in definition of macro" / "in expansion of macro" notes.
    if (d.loc && d.severity !== 'note') {
      const notes: Array<{ at: Loc; msg: string }> = []
      if (d.loc.inDef) notes.push({ at: d.loc.inDef.at, msg: `in definition of macro '${d.loc.inDef.macro}'` })
      for (let e = d.loc.inDef ? d.loc.inDef.at.exp : d.loc.exp; e; e = e.at.exp) notes.push({ at: e.at, msg: `in expansion of macro '${e.macro}'` })
      for (const n of notes) {
        const t = srcLine(n.at.file, n.at.line)?.replace(/\r$/, '')
        const c = t !== undefined ? displayCol(t, n.at.col) : n.at.col
        out += `${n.at.file.name}:${n.at.line}:${c}: note: ${n.msg}\n`
        if (t !== undefined) out += showLocus({ severity: 'note', message: n.msg, loc: n.at }, n.at, t)
        lastLoc = n.at
      }
    }
  }
  return out
}

/** The quoted source line, the caret/range line, labels and fix-it, as gcc's diagnostic_show_locus. */
function showLocus(d: Diag, loc: Loc, text: string): string {
  const num = String(loc.line)
  const gutter = num.length < 5 ? ' '.repeat(5 - num.length) + num : num
  const pad = ' '.repeat(gutter.length)
  let out = `${gutter} | ${expandTabs(text)}\n`
  const dc = (c: number): number => displayCol(text, c)
  const marks: string[] = []
  const put = (c: number, ch: string): void => {
    while (marks.length < c) marks.push(' ')
    if (marks[c - 1] === ' ' || ch === '^') marks[c - 1] = ch
  }
  const len = Math.max(1, Math.min(loc.len ?? 1, text.length - (loc.col - 1)))
  for (const r of d.ranges ?? []) for (let i = 0; i < r.len; i++) put(dc(r.col + i), '~')
  for (let i = 1; i < len; i++) put(dc(loc.col + i), '~')
  put(dc(loc.col), '^')
  out += `${pad} | ${marks.join('').trimEnd()}\n`
  const labels = (d.ranges ?? []).filter((r) => r.label).map((r) => ({ at: dc(r.anchor ?? r.col), label: r.label! }))
  if (labels.length) {
    // Right to left: a label shares the row of the one to its right if it ends
    // before that one's column, else it goes one row down (gcc's layout).
    labels.sort((a, b) => b.at - a.at)
    const row: number[] = []
    labels.forEach((l, i) => {
      if (i === 0) row.push(0)
      else {
        const prev = labels[i - 1]
        row.push(l.at + l.label.length < prev.at ? row[i - 1] : row[i - 1] + 1)
      }
    })
    const rows = Math.max(...row) + 1
    const lineOf = (r: number): string => {
      const chars: string[] = []
      const put = (c: number, str: string): void => {
        for (let k = 0; k < str.length; k++) {
          while (chars.length < c - 1 + k) chars.push(' ')
          chars[c - 1 + k] = str[k]
        }
      }
      labels.forEach((l, i) => {
        if (r < 0 || row[i] > r) put(l.at, '|')
        else if (row[i] === r) put(l.at, l.label)
      })
      return chars.join('').trimEnd()
    }
    out += `${pad} | ${lineOf(-1)}\n`
    for (let r = 0; r < rows; r++) out += `${pad} | ${lineOf(r)}\n`
  }
  if (d.fixit) out += `${pad} | ${' '.repeat(dc(d.fixit.col) - 1)}${d.fixit.text}\n`
  return out
}

/*
 * gcc 12 reports "display" columns (-fdiagnostics-column-unit=display): a tab
 * advances to the next multiple of 8, and the quoted source line has its tabs
 * expanded the same way, so the caret lines up.
 */
function displayCol(text: string, byteCol: number): number {
  let c = 0
  for (let i = 0; i < byteCol - 1 && i < text.length; i++) c = text[i] === '\t' ? (c + 8) & ~7 : c + 1
  return c + 1 + Math.max(0, byteCol - 1 - text.length)
}

function expandTabs(text: string): string {
  let out = ''
  for (const ch of text) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch
  return out
}
