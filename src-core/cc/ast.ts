/*
 * The typed AST the parser returns: what check.ts inspects and codegen.ts
 * translates. Expressions are fully typed and already lowered the way chibicc
 * lowers them: `a[i]` is `*(a + i)`, `p->m` is `(*p).m`, pointer arithmetic is
 * scaled, and the usual arithmetic conversions are explicit casts, so codegen
 * sees operands that already share the operation's type.
 */

import type { Loc } from './diag'
import type { Member, Type } from './types'

export interface Reloc {
  offset: number
  target: Var
  addend: number
}

export interface GlobalInit {
  bytes: Uint8Array
  relocs: Reloc[]
}

export interface Var {
  name: string
  ty: Type
  loc: Loc
  kind: 'local' | 'global' | 'param'
  /** Unique per compilation; codegen names JS variables after it, never after `name`. */
  id: number
  isStatic: boolean
  isExtern: boolean
  isFunc: boolean
  /** Global has a definition (or tentative definition) in this unit. */
  defined: boolean
  /** Lives in simulated memory (address taken, aggregate, or global). */
  addrTaken: boolean
  /** Times the variable was read (for -Wunused-variable / -Wunused-but-set-variable). */
  reads: number
  writes: number
  align: number
  init?: GlobalInit
  /** Its address was taken or it decayed to a pointer (so stores through it may be uses). */
  escapes?: boolean
  /** A local declared with an initializer. */
  initialized?: boolean
  /** Read-only data (string literals, const globals). */
  rodata?: boolean
  fn?: Func
  /** Declared with __attribute__((unused)) or a name starting with __ (header internals). */
  quiet?: boolean
  section?: string
}

export interface Func {
  name: string
  ty: Type
  v: Var
  params: Var[]
  locals: Var[]
  body: Node
  loc: Loc
  endLoc: Loc
  isStatic: boolean
  /** Uses goto/labels. */
  hasGoto: boolean
  /** Address-taken locals of static storage are globals; this is just the automatic ones. */
  noreturn: boolean
  usesVa: boolean
}

export type NodeKind =
  // expressions
  | 'num' // val (number or bigint for 64-bit)
  | 'var' // v
  | 'funcref' // v (function designator)
  | 'assign' // lhs = rhs
  | 'binop' // op: + - * / % & | ^ << >> == != < <= > >= (operands same type, except shifts)
  | 'logand'
  | 'logor'
  | 'not'
  | 'neg'
  | 'bitnot'
  | 'addr' // &lhs
  | 'deref' // *lhs
  | 'member' // lhs.member
  | 'cast' // (ty) lhs
  | 'cond' // cond ? then : els
  | 'comma' // lhs, rhs
  | 'call' // lhs (function designator or pointer), args
  | 'opassign' // lhs op= rhs; rhs is already converted; opTy is the computation type
  | 'preinc' // ++lhs / --lhs (val = +1/-1, scaled for pointers)
  | 'postinc'
  | 'stmtexpr' // body (block); value of its last expression statement
  | 'memzero' // zero the object v
  | 'builtin' // name, args
  | 'va_arg' // lhs = ap lvalue, ty
  | 'va_start' // lhs = ap lvalue
  | 'nop'
  | 'vla_alloc' // v = fresh stack space of lhs (a size in bytes)
  // statements
  | 'block'
  | 'exprstmt'
  | 'if'
  | 'for' // init, cond, inc, then
  | 'do' // then, cond
  | 'switch'
  | 'case'
  | 'break'
  | 'continue'
  | 'goto'
  | 'label'
  | 'return'

export interface CaseLabel {
  lo: bigint
  hi: bigint
  node: Node
}

export interface Node {
  k: NodeKind
  ty: Type
  loc: Loc
  op?: string
  lhs?: Node
  rhs?: Node
  cond?: Node
  then?: Node
  els?: Node
  init?: Node
  inc?: Node
  body?: Node[]
  args?: Node[]
  v?: Var
  val?: number | bigint
  member?: Member
  /** opassign: type the operation is done in. */
  opTy?: Type
  name?: string
  /** switch: its cases and default. */
  cases?: CaseLabel[]
  defaultCase?: Node
  /** break/continue/case/label/goto: the target. */
  target?: Node
  label?: string
  /** Unique id for loop/switch/label targets. */
  uid?: number
  /** Call: the callee's function type (after decaying a pointer). */
  fnTy?: Type
  /** Expression statement result is discarded. */
  discard?: boolean
}

export interface Program {
  globals: Var[]
  funcs: Func[]
}
