/*
 * The syntax tree of a shell command line, as parse.ts builds it and
 * interp.ts runs it. Words keep their quoting so expansion (expand.ts) knows
 * which parts are split into fields and globbed.
 */

export type WordPart =
  /** Literal text; `q` means it was quoted (never split, never a glob). */
  | { t: 'lit'; s: string; q: boolean }
  /** $name, ${name}, ${name:-word}, ${#name}, $?, $1 ... */
  | { t: 'param'; name: string; op: ParamOp | null; arg: Word | null; q: boolean }
  /** $(list) or `list`, run in a subshell; its output, minus trailing newlines. */
  | { t: 'cmd'; body: Node; q: boolean }
  /** $((expression)) */
  | { t: 'arith'; expr: Word; q: boolean }
  /** ~ at the start of a word: $HOME. */
  | { t: 'tilde'; user: string }

export type ParamOp = '-' | ':-' | '=' | ':=' | '+' | ':+' | '?' | ':?' | '#' | '##' | '%' | '%%' | 'len'

export type Word = WordPart[]

export type RedirOp = '<' | '>' | '>>' | '>|' | '<>' | '>&' | '<&' | '<<' | '<<-'

export interface Redir {
  /** The file descriptor redirected (default 0 for input ops, 1 for output). */
  fd: number
  op: RedirOp
  target: Word
  /** Here-document body, filled in once the lines after the command are read. */
  heredoc?: { body: Word; quoted: boolean }
}

export interface Assign {
  name: string
  value: Word
}

export type Node =
  /** `line`: where it starts in its source (1-based), for a script's error messages. */
  | { t: 'simple'; assigns: Assign[]; words: Word[]; redirs: Redir[]; line: number }
  | { t: 'pipeline'; cmds: Node[]; bang: boolean }
  | { t: 'andor'; first: Node; rest: Array<{ op: '&&' | '||'; node: Node }> }
  | { t: 'list'; items: Array<{ node: Node; bg: boolean }> }
  | { t: 'if'; clauses: Array<{ cond: Node; body: Node }>; orelse: Node | null; redirs: Redir[] }
  | { t: 'loop'; until: boolean; cond: Node; body: Node; redirs: Redir[] }
  | { t: 'for'; name: string; words: Word[] | null; body: Node; redirs: Redir[] }
  | { t: 'case'; word: Word; items: Array<{ patterns: Word[]; body: Node | null }>; redirs: Redir[] }
  | { t: 'group'; body: Node; subshell: boolean; redirs: Redir[] }
  | { t: 'func'; name: string; body: Node }

export const EMPTY_LIST: Node = { t: 'list', items: [] }

/** Source-like text of a word (for `jobs` and messages; quoting is normalised). */
export function wordSource(w: Word): string {
  return w
    .map((p) => {
      switch (p.t) {
        case 'lit':
          return p.q ? (/[\s'"$`\\|&;<>()*?[\]#~]/.test(p.s) || p.s === '' ? `'${p.s.replace(/'/g, `'\\''`)}'` : p.s) : p.s
        case 'tilde':
          return `~${p.user}`
        case 'param':
          return p.op === null ? `$${p.name.length > 1 ? `{${p.name}}` : p.name}` : p.op === 'len' ? `\${#${p.name}}` : `\${${p.name}${p.op}${wordSource(p.arg ?? [])}}`
        case 'cmd':
          return `$(${nodeSource(p.body)})`
        case 'arith':
          return `$((${wordSource(p.expr)}))`
      }
    })
    .join('')
}

function redirSource(r: Redir): string {
  const fd = (r.op.startsWith('<') ? r.fd === 0 : r.fd === 1) ? '' : String(r.fd)
  return `${fd}${r.op}${wordSource(r.target)}`
}

/** Source-like text of a command (what `jobs` shows). */
export function nodeSource(n: Node): string {
  const redirs = (rs: Redir[]): string => (rs.length ? ' ' + rs.map(redirSource).join(' ') : '')
  switch (n.t) {
    case 'simple':
      return [...n.assigns.map((a) => `${a.name}=${wordSource(a.value)}`), ...n.words.map(wordSource), ...n.redirs.map(redirSource)].join(' ')
    case 'pipeline':
      return (n.bang ? '! ' : '') + n.cmds.map(nodeSource).join(' | ')
    case 'andor':
      return nodeSource(n.first) + n.rest.map((r) => ` ${r.op} ${nodeSource(r.node)}`).join('')
    case 'list':
      return n.items.map((i) => nodeSource(i.node) + (i.bg ? ' &' : '')).join('; ')
    case 'if':
      return n.clauses.map((c, i) => `${i === 0 ? 'if' : 'elif'} ${nodeSource(c.cond)}; then ${nodeSource(c.body)}; `).join('') + (n.orelse ? `else ${nodeSource(n.orelse)}; ` : '') + 'fi' + redirs(n.redirs)
    case 'loop':
      return `${n.until ? 'until' : 'while'} ${nodeSource(n.cond)}; do ${nodeSource(n.body)}; done${redirs(n.redirs)}`
    case 'for':
      return `for ${n.name}${n.words ? ' in ' + n.words.map(wordSource).join(' ') : ''}; do ${nodeSource(n.body)}; done${redirs(n.redirs)}`
    case 'case':
      return `case ${wordSource(n.word)} in ${n.items.map((i) => `${i.patterns.map(wordSource).join('|')}) ${i.body ? nodeSource(i.body) : ''};;`).join(' ')} esac${redirs(n.redirs)}`
    case 'group':
      return (n.subshell ? `(${nodeSource(n.body)})` : `{ ${nodeSource(n.body)}; }`) + redirs(n.redirs)
    case 'func':
      return `${n.name}() ${nodeSource(n.body)}`
  }
}
