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
  | { t: 'simple'; assigns: Assign[]; words: Word[]; redirs: Redir[] }
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
