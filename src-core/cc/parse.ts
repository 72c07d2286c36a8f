/*
 * Parser: preprocessed tokens -> typed AST (ast.ts), C11 plus the GNU
 * extensions Linux headers use.
 *
 * Conventions (after chibicc's parse.c): each method is named after the
 * grammar symbol it reads and consumes tokens from a cursor (`this.p`); types
 * are computed while parsing (C declarations and `sizeof` need them), and the
 * usual conversions are inserted as explicit casts. Problems go to the
 * DiagList; a syntax error unwinds (SyntaxError below) to the enclosing
 * statement or declaration, which skips ahead and continues, as gcc does.
 */

import type { Func, GlobalInit, Node, NodeKind, Program, Reloc, Var } from './ast'
import { charConstValue, decodeEscapes, parseIntLiteral } from './cexpr'
import { CcAbort, type DiagList, type DiagRange, type Loc } from './diag'
import type { Token } from './tokenize'
import {
  type Member,
  type Type,
  TypeFactory,
  isArith,
  isFloat,
  isInteger,
  isPtr,
  isRecord,
  isScalar,
  syncCopies,
  labelType,
  quoteType,
  typeName,
  unqual
} from './types'

class SyntaxErr extends Error {}
class NotConst extends Error {}

interface ScopeEntry {
  v?: Var
  typedef?: Type
  enumVal?: { val: bigint; ty: Type }
}

interface Scope {
  vars: Map<string, ScopeEntry>
  tags: Map<string, Type>
}

interface DeclAttr {
  isTypedef: boolean
  isStatic: boolean
  isExtern: boolean
  isInline: boolean
  noreturn: boolean
  align: number
  unused: boolean
  packed: boolean
  section?: string
}

interface Init {
  ty: Type
  expr?: Node
  children?: Init[]
  /** For unions: the member initialized. */
  unionMember?: number
  /** Array of unknown length being sized by this initializer. */
  flexible?: boolean
}

/** Functions glibc/gcc treat as built-ins, with the header that declares them (for -Wimplicit notes). */
const BUILTIN_HEADERS: Record<string, string> = {
  printf: 'stdio.h', sprintf: 'stdio.h', snprintf: 'stdio.h', puts: 'stdio.h', putchar: 'stdio.h', fprintf: 'stdio.h',
  scanf: 'stdio.h', malloc: 'stdlib.h', calloc: 'stdlib.h', realloc: 'stdlib.h', free: 'stdlib.h', exit: 'stdlib.h',
  abort: 'stdlib.h', abs: 'stdlib.h', labs: 'stdlib.h', memcpy: 'string.h', memset: 'string.h', memcmp: 'string.h',
  memmove: 'string.h', strlen: 'string.h', strcpy: 'string.h', strncpy: 'string.h', strcmp: 'string.h',
  strncmp: 'string.h', strcat: 'string.h', strchr: 'string.h', strdup: 'string.h', sqrt: 'math.h', pow: 'math.h',
  sin: 'math.h', cos: 'math.h', fabs: 'math.h', floor: 'math.h', ceil: 'math.h', exp: 'math.h', log: 'math.h',
  isalpha: 'ctype.h', isdigit: 'ctype.h', isspace: 'ctype.h', toupper: 'ctype.h', tolower: 'ctype.h'
}

export interface ParseOptions {
  /** Functions the runtime provides (for `implicit declaration` notes only). */
  known?: ReadonlySet<string>
}

export class Parser {
  p = 0
  readonly T: TypeFactory
  private scopes: Scope[] = [{ vars: new Map(), tags: new Map() }]
  private globals: Var[] = []
  private globalByName = new Map<string, Var>()
  private funcs: Func[] = []
  private nextVarId = 1
  private nextUid = 1
  private cur: Func | undefined
  private curLocals: Var[] = []
  private undeclaredReported = new Set<string>()
  private undeclaredNoteGiven = false
  private breakTargets: Node[] = []
  private continueTargets: Node[] = []
  private switches: Node[] = []
  private labels = new Map<string, Node>()
  private gotos: Node[] = []
  private strCount = 0
  private errors = 0
  private stmtExprDepth = 0
  private includeSuggested = new Set<string>()
  private vlaPending: Node[] = []
  private missingBraces: { loc: Loc; warned: boolean } | undefined
  private inParams = 0

  constructor(
    private toks: Token[],
    types: TypeFactory,
    private diags: DiagList,
    private opts: ParseOptions = {}
  ) {
    this.T = types
    // __builtin_va_list: on AAPCS a struct holding one pointer; modelled as `char *` (same size and passing).
    this.scopes[0].vars.set('__builtin_va_list', { typedef: { ...types.ptr(types.char), typedefName: '__builtin_va_list' } })
  }

  // ---- token helpers -------------------------------------------------------

  private get tok(): Token {
    return this.toks[this.p]
  }
  private peek(n = 1): Token {
    return this.toks[Math.min(this.p + n, this.toks.length - 1)]
  }
  private is(s: string): boolean {
    const t = this.toks[this.p]
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === s
  }
  private consume(s: string): boolean {
    if (this.is(s)) {
      this.p++
      return true
    }
    return false
  }
  private tokDesc(t: Token): string {
    if (t.kind === 'eof') return 'end of input'
    if (t.kind === 'num') return 'numeric constant'
    if (t.kind === 'str') return 'string constant'
    if (t.kind === 'char') return 'character constant'
    if (t.kind === 'ident') return `'${t.text}'`
    return `'${t.text}' token`
  }
  private isKeyword(s: string): boolean {
    return KEYWORDS.has(s)
  }
  /** Location just after the previous token (where gcc puts "expected ';'"). */
  private afterPrev(): Loc {
    const prev = this.toks[this.p - 1]
    if (!prev) return this.tok.loc
    const l = prev.expandedFrom ?? prev.loc
    return prev.expandedFrom ? l : { ...l, col: l.col + prev.text.length }
  }
  private skip(s: string): void {
    if (this.consume(s)) return
    const where = s === ';' || s === ')' || s === ']' ? this.afterPrev() : this.locOf(this.tok)
    this.syntax(where, `expected '${s}' before ${this.tokDesc(this.tok)}`)
  }
  /** gcc's location for a token: its spelling (macro body or argument), with the expansion chain in Loc. */
  private locOf(t: Token): Loc {
    return t.loc
  }
  private syntax(loc: Loc, msg: string): never {
    this.diags.error(loc, msg)
    if (++this.errors > 50) throw new CcAbort()
    throw new SyntaxErr(msg)
  }
  private error(loc: Loc, msg: string): void {
    this.diags.error(loc, msg)
  }
  private warn(loc: Loc, msg: string, opt?: string): void {
    this.diags.warn(loc, msg, opt)
  }
  private ident(): Token {
    const t = this.tok
    if (t.kind !== 'ident' || this.isKeyword(t.text)) this.syntax(this.locOf(t), `expected identifier before ${this.tokDesc(t)}`)
    this.p++
    return t
  }

  // ---- scopes --------------------------------------------------------------

  private enterScope(): void {
    this.scopes.push({ vars: new Map(), tags: new Map() })
  }
  private leaveScope(): void {
    this.scopes.pop()
  }
  private lookup(name: string): ScopeEntry | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const e = this.scopes[i].vars.get(name)
      if (e) return e
    }
    return undefined
  }
  private lookupTag(name: string): Type | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const e = this.scopes[i].tags.get(name)
      if (e) return e
    }
    return undefined
  }
  private isTypedefName(t: Token): boolean {
    if (t.kind !== 'ident') return false
    return !!this.lookup(t.text)?.typedef
  }
  private isTypename(t: Token = this.tok): boolean {
    if (t.kind !== 'ident') return false
    return TYPE_WORDS.has(t.text) || this.isTypedefName(t)
  }

  private newVar(name: string, ty: Type, loc: Loc, kind: Var['kind']): Var {
    return {
      name, ty, loc, kind, id: this.nextVarId++, isStatic: false, isExtern: false, isFunc: ty.kind === 'func', defined: false,
      addrTaken: kind === 'global' || isRecord(ty) || ty.kind === 'array', reads: 0, writes: 0, align: ty.align
    }
  }
  private newLocal(name: string, ty: Type, loc: Loc): Var {
    const v = this.newVar(name, ty, loc, 'local')
    this.curLocals.push(v)
    this.scopes[this.scopes.length - 1].vars.set(name, { v })
    return v
  }
  private newGlobalAnon(prefix: string, ty: Type, loc: Loc): Var {
    const v = this.newVar(`${prefix}${this.strCount++}`, ty, loc, 'global')
    v.isStatic = true
    v.defined = true
    v.quiet = true
    this.globals.push(v)
    return v
  }

  // ---- node constructors (with typing) --------------------------------------

  private node(k: NodeKind, ty: Type, loc: Loc, extra: Partial<Node> = {}): Node {
    return { k, ty, loc, ...extra }
  }
  private num(val: number | bigint, ty: Type, loc: Loc): Node {
    if (ty.size === 8 && isInteger(ty)) val = ty.unsigned ? BigInt.asUintN(64, BigInt(val)) : BigInt.asIntN(64, BigInt(val))
    return { k: 'num', ty, loc, val }
  }

  /** Integer promotion (C11 6.3.1.1). Bit-fields narrower than int promote to int. */
  private promote(n: Node): Node {
    const t = n.ty
    if (t.kind === 'enum') return this.cast(n, t.unsigned ? this.T.uint : this.T.int)
    if (t.kind !== 'int') return n
    // gcc: a comma expression keeps its right operand's bit-field type, (0, s.bf) promotes as s.bf does.
    let bf = n
    while (bf.k === 'comma') bf = bf.rhs!
    if (bf.k === 'member' && bf.member!.bitWidth !== undefined) {
      // gcc: a bit-field narrower than int promotes to int whatever its declared type.
      const w = bf.member!.bitWidth
      if (w < 32) return this.cast(n, this.T.int)
      if (w === 32) return this.cast(n, t.unsigned ? this.T.uint : this.T.int)
      return n
    }
    if (t.rank < 3) return this.cast(n, this.T.int)
    return n
  }

  private commonType(a: Type, b: Type): Type {
    const T = this.T
    if (isFloat(a) || isFloat(b)) {
      const fa = isFloat(a) ? a.size : 0
      const fb = isFloat(b) ? b.size : 0
      if (unqual(a) === unqual(T.ldouble) || unqual(b) === unqual(T.ldouble)) return T.ldouble
      return Math.max(fa, fb) === 8 ? T.double : T.float
    }
    const pa = this.promoteType(a)
    const pb = this.promoteType(b)
    if (pa.rank === pb.rank && pa.unsigned === pb.unsigned) return pa
    if (pa.unsigned === pb.unsigned) return pa.rank > pb.rank ? pa : pb
    const [u, s] = pa.unsigned ? [pa, pb] : [pb, pa]
    if (u.rank >= s.rank) return u
    if (s.size > u.size) return s
    return this.unsignedOf(s)
  }
  private promoteType(t: Type): Type {
    if (t.kind === 'enum') return t.unsigned ? this.T.uint : this.T.int
    if (t.rank < 3) return this.T.int
    return unqual(t)
  }
  private unsignedOf(t: Type): Type {
    switch (t.rank) {
      case 4: return this.T.ulong
      case 5: return this.T.ullong
      default: return this.T.uint
    }
  }

  cast(n: Node, ty: Type): Node {
    const from = n.ty
    if (n.k === 'member' && n.member!.bitWidth !== undefined) return { k: 'cast', ty, loc: n.loc, lhs: n }
    if (from.kind === ty.kind && from.size === ty.size && from.unsigned === ty.unsigned && from.kind !== 'struct' && from.kind !== 'union' && !(ty.kind === 'int' && ty.rank === 0 && from.rank !== 0)) {
      if (unqual(from) === unqual(ty) || from.kind === 'ptr' || from.kind === 'int' || from.kind === 'float' || from.kind === 'enum') {
        if (from === ty) return n
        return { ...n, ty } // retype without conversion (same representation)
      }
    }
    if (n.k === 'num' && isInteger(ty) && isInteger(from)) {
      return this.num(truncInt(BigInt(n.val!), ty), ty, n.loc)
    }
    return { k: 'cast', ty, loc: n.loc, lhs: n }
  }

  /** Array and function designators decay to pointers (C11 6.3.2.1). */
  private decay(n: Node): Node {
    if (n.ty.kind === 'array') {
      this.markAddr(n)
      return { k: 'addr', ty: this.T.ptr(n.ty.base!), loc: n.loc, lhs: n }
    }
    if (n.ty.kind === 'func') return { k: 'addr', ty: this.T.ptr(n.ty), loc: n.loc, lhs: n }
    return n
  }
  private markAddr(n: Node): void {
    if (n.k === 'var') {
      n.v!.addrTaken = true
      n.v!.escapes = true
    }
    else if (n.k === 'member') this.markAddr(n.lhs!)
    else if (n.k === 'comma') this.markAddr(n.rhs!)
  }
  private rvalue(n: Node): Node {
    return this.decay(n)
  }

  private isLvalue(n: Node): boolean {
    return n.k === 'var' || n.k === 'deref' || (n.k === 'member' && this.isLvalue(n.lhs!)) || (n.k === 'member' && n.lhs!.k === 'call')
  }

  private addrOf(n: Node, loc: Loc): Node {
    if (n.k === 'comma' && n.rhs!.k === 'var' && n.rhs!.v!.name.startsWith('.compoundliteral')) {
      const a = this.addrOf(n.rhs!, loc)
      return { k: 'comma', ty: a.ty, loc, lhs: n.lhs, rhs: a }
    }
    if (n.ty.kind === 'func') return { k: 'addr', ty: this.T.ptr(n.ty), loc, lhs: n }
    if (n.k === 'member' && n.member!.bitWidth !== undefined) {
      this.error(loc, `cannot take address of bit-field '${n.member!.name}'`)
    } else if (!this.isLvalue(n) && n.k !== 'stmtexpr') {
      this.error(loc, 'lvalue required as unary \'&\' operand')
    }
    if (n.k === 'deref') return this.cast(n.lhs!, this.T.ptr(n.ty))
    this.markAddr(n)
    return { k: 'addr', ty: this.T.ptr(n.ty), loc, lhs: n }
  }

  private deref(n: Node, loc: Loc): Node {
    n = this.rvalue(n)
    if (!isPtr(n.ty)) {
      this.error(loc, `invalid type argument of unary '*' (have ${quoteType(n.ty)})`)
      return { k: 'deref', ty: this.T.int, loc, lhs: this.cast(n, this.T.ptr(this.T.int)) }
    }
    const base = n.ty.base!
    if (base.kind === 'void') {
      this.warn(loc, "dereferencing 'void *' pointer")
    }
    if (base.kind === 'func') return n.lhs && n.k === 'addr' ? n.lhs : { k: 'deref', ty: base, loc, lhs: n }
    return { k: 'deref', ty: base, loc, lhs: n }
  }

  private arith(op: string, a: Node, b: Node, loc: Loc): Node {
    a = this.rvalue(a)
    b = this.rvalue(b)
    if (op === '+' || op === '-') {
      if (isPtr(a.ty) && isInteger(b.ty)) return this.ptrAdd(op, a, b, loc)
      if (op === '+' && isInteger(a.ty) && isPtr(b.ty)) return this.ptrAdd(op, b, a, loc)
      if (op === '-' && isPtr(a.ty) && isPtr(b.ty)) {
        const esz = elemSize(a.ty.base!)
        const diff: Node = { k: 'binop', op: '-', ty: this.T.ptrdiffT, loc, lhs: this.cast(a, this.T.ptrdiffT), rhs: this.cast(b, this.T.ptrdiffT) }
        if (a.ty.base!.vla) return { k: 'binop', op: '/', ty: this.T.ptrdiffT, loc, lhs: diff, rhs: this.cast(this.sizeNode(a.ty.base!, loc), this.T.ptrdiffT) }
        if (esz === 1) return diff
        return { k: 'binop', op: '/', ty: this.T.ptrdiffT, loc, lhs: diff, rhs: this.num(esz, this.T.ptrdiffT, loc) }
      }
    }
    if (op === '<<' || op === '>>') {
      if (!isInteger(a.ty) || !isInteger(b.ty)) return this.badOperands(op, a, b, loc)
      a = this.promote(a)
      b = this.promote(b)
      if (b.k === 'num') {
        const c = Number(b.val)
        if (c < 0) this.warn(loc, `${op === '<<' ? 'left' : 'right'} shift count is negative`, '-Wshift-count-negative')
        else if (c >= a.ty.size * 8) this.warn(loc, `${op === '<<' ? 'left' : 'right'} shift count >= width of type`, '-Wshift-count-overflow')
      }
      return { k: 'binop', op, ty: a.ty, loc, lhs: a, rhs: this.cast(b, this.T.int) }
    }
    const cmp = op === '==' || op === '!=' || op === '<' || op === '>' || op === '<=' || op === '>='
    if ((op === '==' || op === '!=') && (isPtr(a.ty) || isPtr(b.ty))) {
      // `array == NULL`, `&x != NULL`: always false/true (gcc -Waddress).
      const addrVar = (n: Node): Var | undefined =>
        n.k === 'addr' && (n.lhs!.k === 'var' || n.lhs!.k === 'funcref') && n.lhs!.v!.kind !== 'param' && !n.lhs!.v!.name.startsWith('.') ? n.lhs!.v : undefined
      const isNull = (n: Node): boolean => {
        let x = n
        while (x.k === 'cast') x = x.lhs!
        return x.k === 'num' && BigInt(x.val!) === 0n
      }
      const v = addrVar(a) && isNull(b) ? addrVar(a) : addrVar(b) && isNull(a) ? addrVar(b) : undefined
      if (v) {
        this.warn({ ...loc, len: 2 }, `the comparison will always evaluate as '${op === '==' ? 'false' : 'true'}' for the address of '${v.name}' will never be NULL`, '-Waddress')
        this.diags.note(v.loc, `'${v.name}' declared here`)
      }
    }
    if (cmp && (isPtr(a.ty) || isPtr(b.ty))) {
      if (isPtr(a.ty) && isPtr(b.ty)) {
        if (!this.ptrCompatible(a.ty, b.ty) && a.ty.base!.kind !== 'void' && b.ty.base!.kind !== 'void') {
          this.warn(loc, 'comparison of distinct pointer types lacks a cast')
        }
      } else {
        const other = isPtr(a.ty) ? b : a
        if (!isInteger(other.ty)) return this.badOperands(op, a, b, loc)
        if (!(other.k === 'num' && Number(other.val) === 0)) {
          this.warn(loc, 'comparison between pointer and integer')
        }
      }
      return { k: 'binop', op, ty: this.T.int, loc, lhs: this.cast(a, this.T.uint), rhs: this.cast(b, this.T.uint) }
    }
    if (!isArith(a.ty) || !isArith(b.ty)) return this.badOperands(op, a, b, loc)
    a = this.promote(a)
    b = this.promote(b)
    if ((op === '%' || op === '&' || op === '|' || op === '^') && (!isInteger(a.ty) || !isInteger(b.ty))) {
      return this.badOperands(op, a, b, loc)
    }
    const ty = this.commonType(a.ty, b.ty)
    const ca = this.cast(a, ty)
    const cb = this.cast(b, ty)
    if ((op === '/' || op === '%') && isInteger(ty) && cb.k === 'num' && BigInt(cb.val!) === 0n) {
      this.warn(loc, 'division by zero', '-Wdiv-by-zero')
    }
    if (cmp) return { k: 'binop', op, ty: this.T.int, loc, lhs: ca, rhs: cb }
    const folded = this.foldConst(op, ty, ca, cb, loc)
    if (folded) return folded
    return { k: 'binop', op, ty, loc, lhs: ca, rhs: cb }
  }

  /**
   * Fold integer arithmetic on two constants (as gcc does), with its warning
   * when a signed result overflows: "integer overflow in expression of type
   * 'int' results in '-2147483648'".
   */
  private foldConst(op: string, ty: Type, a: Node, b: Node, loc: Loc): Node | undefined {
    if (a.k !== 'num' || b.k !== 'num' || !isInteger(ty)) return undefined
    const x = BigInt(a.val!)
    const y = BigInt(b.val!)
    let r: bigint
    switch (op) {
      case '+': r = x + y; break
      case '-': r = x - y; break
      case '*': r = x * y; break
      case '/': if (y === 0n) return undefined; r = x / y; break
      case '%': if (y === 0n) return undefined; r = x % y; if (x === -(1n << BigInt(ty.size * 8 - 1)) && y === -1n) r = 1n << 64n; break
      case '&': r = x & y; break
      case '|': r = x | y; break
      case '^': r = x ^ y; break
      default: return undefined
    }
    const t = truncInt(r, ty)
    if (!ty.unsigned && t !== r) {
      this.warn(loc, `integer overflow in expression of type ${quoteType(ty)} results in '${t}'`, '-Woverflow')
    }
    return this.num(t, ty, loc)
  }

  private badOperands(op: string, a: Node, b: Node, loc: Loc): Node {
    this.error(loc, `invalid operands to binary ${op} (have ${quoteType(a.ty)} and ${quoteType(b.ty)})`)
    return this.num(0, this.T.int, loc)
  }

  private ptrAdd(op: string, p: Node, i: Node, loc: Loc): Node {
    const base = p.ty.base!
    if (base.kind !== 'void' && base.kind !== 'func' && !(base.size > 0 || base.kind === 'array') && !base.complete) {
      this.error(loc, `invalid use of undefined type ${quoteType(base)}`)
    }
    const esz = elemSize(base)
    let idx = this.cast(this.promote(i), this.T.ptrdiffT)
    if (base.vla) idx = { k: 'binop', op: '*', ty: this.T.ptrdiffT, loc, lhs: idx, rhs: this.cast(this.sizeNode(base, loc), this.T.ptrdiffT) }
    else if (esz !== 1) idx = { k: 'binop', op: '*', ty: this.T.ptrdiffT, loc, lhs: idx, rhs: this.num(esz, this.T.ptrdiffT, loc) }
    const pi = this.cast(p, this.T.uint)
    const sum: Node = { k: 'binop', op, ty: this.T.uint, loc, lhs: pi, rhs: this.cast(idx, this.T.uint) }
    return this.cast(sum, p.ty)
  }

  private ptrCompatible(a: Type, b: Type): boolean {
    return this.compatible(a, b)
  }

  /** Type compatibility (C11 6.2.7), ignoring top-level qualifiers. */
  compatible(a: Type, b: Type): boolean {
    if (unqual(a) === unqual(b)) return true
    if (a.kind !== b.kind) {
      if ((a.kind === 'enum' && b.kind === 'int') || (a.kind === 'int' && b.kind === 'enum')) {
        return a.size === b.size && a.unsigned === b.unsigned
      }
      return false
    }
    switch (a.kind) {
      case 'int':
      case 'float':
        return a.size === b.size && a.unsigned === b.unsigned && a.rank === b.rank && a.name === b.name
      case 'void':
        return true
      case 'ptr':
        if (!!a.base!.isConst !== !!b.base!.isConst) return false
        return this.compatible(a.base!, b.base!)
      case 'array':
        return this.compatible(a.base!, b.base!) && (a.len! < 0 || b.len! < 0 || a.len === b.len)
      case 'func':
        if (!this.compatible(a.ret!, b.ret!)) return false
        if (a.oldStyle || b.oldStyle) return true
        if (a.params!.length !== b.params!.length || !!a.variadic !== !!b.variadic) return false
        return a.params!.every((p, i) => this.compatible(p, b.params![i]))
      default:
        return false
    }
  }

  /**
   * Convert `n` for assignment to type `ty` (C11 6.5.16.1), with gcc's
   * warnings. `what` describes the context for messages.
   */
  private assignConv(n: Node, ty: Type, loc: Loc, what: { kind: 'init' | 'assign' | 'arg' | 'return'; argNo?: number; fname?: string; fnLoc?: Loc }): Node {
    n = this.rvalue(n)
    const from = n.ty
    const desc = (): string => {
      switch (what.kind) {
        case 'init': return `initialization of ${quoteType(ty)} from`
        case 'assign': return `assignment to ${quoteType(ty)} from`
        case 'return': return `returning ${quoteType(from)} from a function with return type ${quoteType(ty)}`
        case 'arg': return `passing argument ${what.argNo} of '${what.fname}'`
      }
    }
    // Arguments get gcc's label under them: the argument's type.
    const argLabel = (): { ranges: DiagRange[] } | undefined =>
      what.kind === 'arg' ? { ranges: [{ col: loc.col, len: loc.len ?? 1, label: labelType(from) }] } : undefined
    const argNote = (): void => {
      if (what.kind === 'arg' && what.fnLoc) this.diags.note(what.fnLoc, `expected ${quoteType(ty)} but argument is of type ${quoteType(from)}`)
    }
    if (ty.kind === 'void') return n
    if (isRecord(ty)) {
      if (!(isRecord(from) && unqual(from) === unqual(ty)) && !(isRecord(from) && from.tag !== undefined && from.tag === ty.tag)) {
        this.error(loc, what.kind === 'arg'
          ? `incompatible type for argument ${what.argNo} of '${what.fname}'`
          : what.kind === 'return' ? `incompatible types when returning type ${quoteType(from)} but ${quoteType(ty)} was expected`
            : `incompatible types when ${what.kind === 'init' ? 'initializing' : 'assigning to'} type ${quoteType(ty)} from type ${quoteType(from)}`)
        argNote()
      }
      return n
    }
    if (ty.kind === 'ptr') {
      if (isPtr(from)) {
        const tb = ty.base!
        const fb = from.base!
        if (tb.kind === 'int' && fb.kind === 'int' && tb.size === fb.size && tb.rank === fb.rank && !this.compatible(unqualT(tb), unqualT(fb))) {
          // Only the signedness differs (char * vs unsigned char *): -Wpointer-sign, part of -Wall.
          const m = what.kind === 'arg' ? `pointer targets in passing argument ${what.argNo} of '${what.fname}' differ in signedness`
            : what.kind === 'return' ? `pointer targets in returning ${quoteType(from)} from a function with return type ${quoteType(ty)} differ in signedness`
              : what.kind === 'init' ? `pointer targets in initialization of ${quoteType(ty)} from ${quoteType(from)} differ in signedness`
                : `pointer targets in assignment from ${quoteType(from)} to ${quoteType(ty)} differ in signedness`
          this.diags.add('warning', loc, m, '-Wpointer-sign', argLabel())
          argNote()
        } else if (tb.kind !== 'void' && fb.kind !== 'void' && !this.compatible(unqualT(tb), unqualT(fb))) {
          const m = what.kind === 'arg' ? `${desc()} from incompatible pointer type`
            : what.kind === 'return' ? `returning ${quoteType(from)} from a function with incompatible return type ${quoteType(ty)}`
              : `${desc()} incompatible pointer type ${quoteType(from)}`
          this.diags.add('warning', loc, m, '-Wincompatible-pointer-types', argLabel())
          argNote()
        } else if (fb.isConst && !tb.isConst) {
          const m = what.kind === 'arg' ? `${desc()} discards 'const' qualifier from pointer target type`
            : what.kind === 'return' ? `return discards 'const' qualifier from pointer target type`
              : `${desc().replace(/ from$/, '')} discards 'const' qualifier from pointer target type`
          this.diags.add('warning', loc, m, '-Wdiscarded-qualifiers', argLabel())
          argNote()
        }
        return this.cast(n, ty)
      }
      if (isInteger(from)) {
        if (!(n.k === 'num' && BigInt(n.val!) === 0n) && !isNullConst(n)) {
          const m = what.kind === 'return' ? `returning ${quoteType(from)} from a function with return type ${quoteType(ty)} makes pointer from integer without a cast`
            : `${desc()}${what.kind === 'arg' ? '' : ` ${quoteType(from)}`} makes pointer from integer without a cast`
          this.diags.add('warning', loc, m, '-Wint-conversion', argLabel())
          argNote()
        }
        return this.cast(n, ty)
      }
      this.error(loc, `incompatible types when ${what.kind === 'init' ? 'initializing' : 'assigning to'} type ${quoteType(ty)} from type ${quoteType(from)}`)
      return this.cast(this.num(0, this.T.int, loc), ty)
    }
    if (isArith(ty)) {
      if (isPtr(from)) {
        if (ty.kind !== 'int' || ty.rank !== 0) {
          const m = what.kind === 'return' ? `returning ${quoteType(from)} from a function with return type ${quoteType(ty)} makes integer from pointer without a cast`
            : `${desc()}${what.kind === 'arg' ? '' : ` ${quoteType(from)}`} makes integer from pointer without a cast`
          this.diags.add('warning', loc, m, '-Wint-conversion', argLabel())
          argNote()
        }
        return this.cast(n, ty)
      }
      if (!isArith(from)) {
        this.error(loc, what.kind === 'arg' ? `incompatible type for argument ${what.argNo} of '${what.fname}'`
          : `incompatible types when ${what.kind === 'init' ? 'initializing' : what.kind === 'return' ? 'returning' : 'assigning to'} type ${quoteType(ty)} from type ${quoteType(from)}`)
        argNote()
        return this.num(0, ty, loc)
      }
      if (n.k === 'num' && isInteger(ty) && isInteger(from) && ty.rank > 0) {
        // gcc -Woverflow: only values outside [signed min, unsigned max] of the target's width warn.
        const v = BigInt(n.val!)
        const bits = BigInt(ty.size * 8)
        if (v < -(1n << (bits - 1n)) || v > (1n << bits) - 1n) {
          const t = truncInt(v, ty)
          this.warn(loc, `${ty.unsigned ? 'unsigned conversion' : 'overflow in conversion'} from ${quoteType(from)} to ${quoteType(ty)} changes value from '${v}' to '${t}'`, '-Woverflow')
        }
      }
      return this.cast(n, ty)
    }
    return this.cast(n, ty)
  }

  // ---- top level -----------------------------------------------------------

  parseProgram(): Program {
    while (this.tok.kind !== 'eof') {
      const start = this.p
      try {
        this.externalDecl()
      } catch (e) {
        if (!(e instanceof SyntaxErr)) throw e
        this.syncTop(start)
      }
    }
    this.finishGlobals()
    return { globals: this.globals, funcs: this.funcs }
  }

  private syncTop(start: number): void {
    if (this.p === start) this.p++
    let depth = 0
    while (this.tok.kind !== 'eof') {
      if (this.is('{')) depth++
      else if (this.is('}')) {
        depth--
        if (depth <= 0) {
          this.p++
          if (this.is(';')) this.p++
          return
        }
      } else if (this.is(';') && depth <= 0) {
        this.p++
        return
      }
      this.p++
    }
  }

  private finishGlobals(): void {
    for (const v of this.globals) {
      if (!v.isFunc && !v.init && v.defined) {
        // Tentative definition: zero-initialized (.bss).
        if (v.ty.kind === 'array' && v.ty.len! < 0) {
          this.warn(v.loc, `array '${v.name}' assumed to have one element`)
          v.ty = this.T.array(v.ty.base!, 1)
        }
      }
    }
  }

  private externalDecl(): void {
    if (this.consume(';')) return
    if (this.is('_Static_assert')) {
      this.staticAssert()
      return
    }
    if (this.is('asm') || this.is('__asm__') || this.is('__asm')) {
      this.syntax(this.locOf(this.tok), "inline assembly is not supported by this compiler (kmemlab cc runs C, not ARM code)")
    }
    const specLoc = this.locOf(this.tok)
    const attr = this.newAttr()
    let base: Type
    if (!this.isTypename() && this.tok.kind === 'ident' && !this.isKeyword(this.tok.text) && (this.peek().text === '(' || this.peek().text === ',' || this.peek().text === ';')) {
      // Implicit int (C89), e.g. `main() {}`.
      this.warn(this.locOf(this.tok), `return type defaults to 'int'`, '-Wimplicit-int')
      base = this.T.int
    } else {
      base = this.declspec(attr)
    }
    if (this.consume(';')) return
    let first = true
    let hadInit = false
    for (;;) {
      hadInit = false
      const d = this.declarator(base, attr)
      if (!d.name) {
        this.error(specLoc, 'expected identifier or \'(\'')
        throw new SyntaxErr('')
      }
      this.attributes(attr)
      if (attr.isTypedef) {
        this.scopes[0].vars.set(d.name, { typedef: this.T.qualified(d.ty, { typedefName: d.name }) })
      } else if (d.ty.kind === 'func') {
        if (first && this.is('{')) {
          this.funcDef(d.name, d.ty, d.loc, attr, d.paramNames ?? [], d.paramLocs ?? [])
          return
        }
        this.declareGlobal(d.name, d.ty, d.loc, attr)
      } else {
        const v = this.declareGlobal(d.name, d.ty, d.loc, attr)
        if (this.consume('=')) {
          this.globalInit(v, attr.isExtern)
          hadInit = true
        }
      }
      first = false
      if (this.consume(',')) continue
      if (!this.consume(';')) this.declEndError(hadInit)
      return
    }
  }

  private declareGlobal(name: string, ty: Type, loc: Loc, attr: DeclAttr): Var {
    const old = this.globalByName.get(name)
    if (old) {
      if (old.isFunc !== (ty.kind === 'func') || !this.compatible(old.ty, ty)) {
        if (old.isFunc && ty.kind === 'func') {
          this.error(loc, `conflicting types for '${name}'; have ${quoteType(ty)}`)
          this.diags.note(old.loc, `previous declaration of '${name}' with type ${quoteType(old.ty)}`)
        } else {
          this.error(loc, `conflicting types for '${name}'; have ${quoteType(ty)}`)
          this.diags.note(old.loc, `previous declaration of '${name}' with type ${quoteType(old.ty)}`)
        }
      } else if (ty.kind === 'array' && old.ty.kind === 'array' && old.ty.len! < 0 && ty.len! >= 0) {
        old.ty = ty
      } else if (ty.kind === 'func' && old.ty.oldStyle && !ty.oldStyle) {
        old.ty = ty
      }
      if (!attr.isExtern && ty.kind !== 'func') old.defined = true
      if (attr.isStatic) old.isStatic = true
      if (attr.unused) old.quiet = true
      this.scopes[0].vars.set(name, { v: old })
      return old
    }
    const v = this.newVar(name, ty, loc, 'global')
    v.isStatic = attr.isStatic
    v.isExtern = attr.isExtern
    v.defined = !attr.isExtern && ty.kind !== 'func'
    v.align = Math.max(ty.align, attr.align)
    v.quiet = attr.unused || name.startsWith('__')
    v.section = attr.section
    this.globals.push(v)
    this.globalByName.set(name, v)
    this.scopes[0].vars.set(name, { v })
    return v
  }

  private funcDef(name: string, ty: Type, loc: Loc, attr: DeclAttr, paramNames: (Token | undefined)[], _locs: Loc[]): void {
    const v = this.declareGlobal(name, ty, loc, attr)
    if (v.fn) {
      this.error(loc, `redefinition of '${name}'`)
      this.diags.note(v.fn.loc, `previous definition of '${name}' with type ${quoteType(v.ty)}`)
    }
    v.defined = true
    v.isStatic = v.isStatic || attr.isStatic
    const fn: Func = {
      name, ty, v, params: [], locals: [], body: this.node('block', this.T.void, loc, { body: [] }), loc, endLoc: loc,
      isStatic: attr.isStatic, hasGoto: false, noreturn: attr.noreturn, usesVa: false
    }
    v.fn = fn
    this.cur = fn
    this.curLocals = []
    this.labels = new Map()
    this.gotos = []
    this.undeclaredReported = new Set()
    this.undeclaredNoteGiven = false
    this.diags.func = name
    this.enterScope()
    ty.params!.forEach((pt, i) => {
      const nt = paramNames[i]
      const pv = this.newVar(nt?.text ?? `.p${i}`, pt, nt ? this.locOf(nt) : loc, 'param')
      if (nt) this.scopes[this.scopes.length - 1].vars.set(nt.text, { v: pv })
      // Unnamed parameters in a definition: accepted (gcc 12 only pedwarns before C2X).
      pv.quiet = true // gcc does not warn about unused parameters by default
      fn.params.push(pv)
    })
    // __func__ / __FUNCTION__
    const fnameVar = this.stringLiteralVar(name, loc)
    this.scopes[this.scopes.length - 1].vars.set('__func__', { v: fnameVar })
    this.scopes[this.scopes.length - 1].vars.set('__FUNCTION__', { v: fnameVar })
    this.scopes[this.scopes.length - 1].vars.set('__PRETTY_FUNCTION__', { v: fnameVar })
    const body = this.compoundStmt()
    this.leaveScope()
    fn.body = body
    fn.endLoc = this.locOf(this.toks[this.p - 1])
    fn.locals = this.curLocals
    fn.params.forEach((p) => fn.locals.push(p))
    for (const g of this.gotos) {
      const l = this.labels.get(g.label!)
      if (!l) this.error(g.loc, `label '${g.label}' used but not defined`)
      else g.target = l
    }
    for (const [lname, l] of this.labels) {
      if (!this.gotos.some((g) => g.label === lname)) this.warn(l.loc, `label '${lname}' defined but not used`, '-Wunused-label')
    }
    fn.hasGoto = this.gotos.length > 0
    this.funcs.push(fn)
    this.cur = undefined
    this.diags.func = undefined
  }

  // ---- declarations --------------------------------------------------------

  private newAttr(): DeclAttr {
    return { isTypedef: false, isStatic: false, isExtern: false, isInline: false, noreturn: false, align: 0, unused: false, packed: false }
  }

  /** GNU __attribute__((...)) lists: parsed fully, a few honoured. */
  private attributes(attr?: DeclAttr, onType?: { packed: boolean; align: number }): void {
    for (;;) {
      if (this.is('__attribute__') || this.is('__attribute')) {
        this.p++
        this.skip('(')
        this.skip('(')
        while (!this.is(')')) {
          if (this.consume(',')) continue
          const nameTok = this.tok
          if (nameTok.kind !== 'ident') this.syntax(this.locOf(nameTok), `expected identifier before ${this.tokDesc(nameTok)}`)
          this.p++
          const name = nameTok.text.replace(/^__(.*)__$/, '$1')
          let args: Token[] = []
          if (this.is('(')) {
            const start = this.p + 1
            let depth = 0
            do {
              if (this.is('(')) depth++
              else if (this.is(')')) depth--
              if (this.tok.kind === 'eof') this.syntax(this.locOf(this.tok), "expected ')' before end of input")
              this.p++
            } while (depth > 0)
            args = this.toks.slice(start, this.p - 1)
          }
          switch (name) {
            case 'aligned': {
              let a = this.T.abi.maxAlign
              if (args.length) {
                const save = this.p
                const saveToks = this.toks
                this.toks = [...args, { ...this.tok, kind: 'eof', text: '' }]
                this.p = 0
                try {
                  a = Number(this.constExpr())
                } finally {
                  this.toks = saveToks
                  this.p = save
                }
              }
              if (attr) attr.align = Math.max(attr.align, a)
              if (onType) onType.align = Math.max(onType.align, a)
              break
            }
            case 'packed':
              if (attr) attr.packed = true
              if (onType) onType.packed = true
              break
            case 'unused':
            case 'maybe_unused':
              if (attr) attr.unused = true
              break
            case 'noreturn':
              if (attr) attr.noreturn = true
              break
            case 'section':
              if (attr && args[0]?.kind === 'str') attr.section = args[0].text.slice(1, -1)
              break
            default:
              break // format, cold, always_inline, used, weak... accepted and ignored
          }
        }
        this.skip(')')
        this.skip(')')
        continue
      }
      if (this.is('__asm__') || this.is('asm') || this.is('__asm')) {
        // `int x asm("name");` register/asm labels: skip.
        if (this.peek().text === '(') {
          this.p++
          this.skipParens()
          continue
        }
      }
      return
    }
  }

  private skipParens(): void {
    let depth = 0
    do {
      if (this.is('(')) depth++
      else if (this.is(')')) depth--
      if (this.tok.kind === 'eof') return
      this.p++
    } while (depth > 0)
  }

  /** declaration-specifiers (C11 6.7). */
  private declspec(attr: DeclAttr | null): Type {
    const T = this.T
    let ty: Type | undefined
    let counts = { void: 0, bool: 0, char: 0, short: 0, int: 0, long: 0, float: 0, double: 0, signed: 0, unsigned: 0 }
    let isConst = false
    let isVolatile = false
    const start = this.tok
    let sawAny = false
    for (;;) {
      const t = this.tok
      if (t.kind !== 'ident') break
      const s = t.text
      if (s === 'typedef' || s === 'static' || s === 'extern' || s === 'inline' || s === '__inline' || s === '__inline__' || s === '_Noreturn' || s === '_Thread_local' || s === '__thread' || s === 'auto' || s === 'register' || s === '__extension__') {
        this.p++
        sawAny = true
        if (!attr) {
          if (s !== '__extension__' && s !== 'register') this.error(this.locOf(t), `storage class specified for type name`)
          continue
        }
        if (s === 'typedef') attr.isTypedef = true
        else if (s === 'static') attr.isStatic = true
        else if (s === 'extern') attr.isExtern = true
        else if (s === '_Noreturn') attr.noreturn = true
        else if (s.includes('inline')) attr.isInline = true
        continue
      }
      if (s === 'const' || s === '__const' || s === '__const__') { this.p++; isConst = true; sawAny = true; continue }
      if (s === 'volatile' || s === '__volatile' || s === '__volatile__') { this.p++; isVolatile = true; sawAny = true; continue }
      if (s === 'restrict' || s === '__restrict' || s === '__restrict__' || s === '_Atomic') { this.p++; sawAny = true; continue }
      if (s === '__attribute__' || s === '__attribute') {
        const tattr = { packed: false, align: 0 }
        this.attributes(attr ?? undefined, tattr)
        sawAny = true
        continue
      }
      if (s === '_Alignas') {
        this.p++
        this.skip('(')
        let a: number
        if (this.isTypename()) a = this.typeName().align
        else a = Number(this.constExpr())
        this.skip(')')
        if (attr) attr.align = Math.max(attr.align, a)
        continue
      }
      if (s === 'struct' || s === 'union') {
        if (ty || sumCounts(counts)) break
        this.p++
        ty = this.structDecl(s)
        sawAny = true
        continue
      }
      if (s === 'enum') {
        if (ty || sumCounts(counts)) break
        this.p++
        ty = this.enumDecl()
        sawAny = true
        continue
      }
      if (s === 'typeof' || s === '__typeof__' || s === '__typeof') {
        if (ty || sumCounts(counts)) break
        this.p++
        this.skip('(')
        if (this.isTypename()) ty = this.typeName()
        else ty = this.expr().ty
        this.skip(')')
        sawAny = true
        continue
      }
      if ((s in counts && s !== 'bool') || s === '_Bool') {
        if (ty) {
          this.error(this.locOf(t), `two or more data types in declaration specifiers`)
          this.p++
          continue
        }
        (counts as Record<string, number>)[s === '_Bool' ? 'bool' : s]++
        this.p++
        sawAny = true
        continue
      }
      if (s === '__signed__' || s === '__signed') { counts.signed++; this.p++; continue }
      if (s === '_Complex' || s === '__complex__') {
        this.syntax(this.locOf(t), "complex types are not supported by this compiler")
      }
      if (!ty && !sumCounts(counts) && this.isTypedefName(t)) {
        ty = this.lookup(s)!.typedef!
        this.p++
        sawAny = true
        continue
      }
      break
    }
    if (!sawAny) {
      this.syntax(this.locOf(start), `unknown type name '${start.text}'`)
    }
    if (!ty) {
      const c = counts
      if (c.void) ty = T.void
      else if (c.bool) ty = T.bool
      else if (c.char) ty = c.signed ? T.schar : c.unsigned ? T.uchar : T.char
      else if (c.float) ty = T.float
      else if (c.double) ty = c.long ? T.ldouble : T.double
      else if (c.short) ty = c.unsigned ? T.ushort : T.short
      else if (c.long >= 2) ty = c.unsigned ? T.ullong : T.llong
      else if (c.long === 1) ty = c.unsigned ? T.ulong : T.long
      else if (c.unsigned) ty = T.uint
      else if (c.int || c.signed) ty = T.int
      else {
        // Only qualifiers/storage class: implicit int.
        if (attr && !attr.isTypedef) this.warn(this.locOf(start), `type defaults to 'int' in declaration of '${this.tok.text}'`, '-Wimplicit-int')
        ty = T.int
      }
    }
    if (isConst || isVolatile) ty = T.qualified(ty, { isConst: isConst || ty.isConst, isVolatile: isVolatile || ty.isVolatile, typedefName: ty.typedefName })
    return ty
  }

  private structDecl(kw: 'struct' | 'union'): Type {
    const tattr = { packed: false, align: 0 }
    this.attributes(undefined, tattr)
    let tag: Token | undefined
    if (this.tok.kind === 'ident' && !this.is('{') && !this.isKeyword(this.tok.text)) tag = this.ident()
    if (tag && !this.is('{')) {
      const found = this.lookupTag(tag.text)
      if (found) {
        if (found.kind !== kw) this.error(this.locOf(tag), `'${tag.text}' defined as wrong kind of tag`)
        return found
      }
      const t = this.T.record(kw, tag.text)
      // `struct foo;` or a use: declare in the current scope (file scope for uses).
      const scope = this.is(';') ? this.scopes[this.scopes.length - 1] : this.scopes[this.scopes.length - 1]
      scope.tags.set(tag.text, t)
      return t
    }
    this.skip('{')
    let t: Type
    if (tag) {
      const existing = this.scopes[this.scopes.length - 1].tags.get(tag.text)
      if (existing && existing.kind === kw && !existing.complete) t = existing
      else {
        if (existing && existing.complete) this.error(this.locOf(tag), `redefinition of '${kw} ${tag.text}'`)
        t = this.T.record(kw, tag.text)
        this.scopes[this.scopes.length - 1].tags.set(tag.text, t)
      }
    } else t = this.T.record(kw, undefined)
    const members: Member[] = []
    while (!this.consume('}')) {
      if (this.tok.kind === 'eof') this.syntax(this.locOf(this.tok), `expected declaration or statement at end of input`)
      if (this.is('_Static_assert')) {
        this.staticAssert()
        continue
      }
      const mattr = this.newAttr()
      const base = this.declspec(mattr)
      if (this.consume(';')) {
        // Anonymous struct/union member.
        if (isRecord(base) && !base.tag) members.push({ name: undefined, ty: base, offset: 0 })
        else if (isRecord(base)) members.push({ name: undefined, ty: base, offset: 0 })
        else this.warn(this.locOf(this.tok), 'declaration does not declare anything')
        continue
      }
      for (;;) {
        let name: string | undefined
        let mty = base
        let nameLoc = this.locOf(this.tok)
        if (!this.is(':')) {
          const d = this.declarator(base, mattr)
          name = d.name
          mty = d.ty
          nameLoc = d.loc
        }
        let bitWidth: number | undefined
        if (this.consume(':')) {
          bitWidth = Number(this.constExpr())
          if (!isInteger(mty)) this.error(nameLoc, `bit-field '${name}' has invalid type`)
          else if (bitWidth > mty.size * 8) this.error(nameLoc, `width of '${name}' exceeds its type`)
          else if (bitWidth < 0) this.error(nameLoc, `negative width in bit-field '${name}'`)
        }
        const fattr = { packed: false, align: 0 }
        this.attributes(mattr, fattr)
        if (mty.kind === 'array' && mty.len! < 0 && !this.is(';')) {
          this.error(nameLoc, 'flexible array member not at end of struct')
        }
        if (mattr.align > mty.align || fattr.align) mty = { ...mty, align: Math.max(mattr.align, fattr.align, mty.align) }
        if (fattr.packed) mty = { ...mty, align: 1 }
        if (name !== undefined && members.some((m) => m.name === name)) this.error(nameLoc, `duplicate member '${name}'`)
        if (mty.kind === 'struct' || mty.kind === 'union') {
          if (!mty.complete) this.error(nameLoc, `field '${name}' has incomplete type`)
        }
        if (mty.vla) this.error(nameLoc, `variable length array member '${name}' is not supported by this compiler`)
        members.push({ name, ty: mty, offset: 0, bitWidth })
        if (this.consume(',')) continue
        this.skip(';')
        break
      }
    }
    this.attributes(undefined, tattr)
    this.T.layout(t, members, tattr.packed, tattr.align)
    return t
  }

  private enumDecl(): Type {
    this.attributes()
    let tag: Token | undefined
    if (this.tok.kind === 'ident' && !this.isKeyword(this.tok.text)) tag = this.ident()
    if (tag && !this.is('{')) {
      const found = this.lookupTag(tag.text)
      if (found) return found
      const t = this.T.enumType(tag.text)
      this.scopes[this.scopes.length - 1].tags.set(tag.text, t)
      return t
    }
    this.skip('{')
    const t = this.T.enumType(tag?.text)
    if (tag) this.scopes[this.scopes.length - 1].tags.set(tag.text, t)
    let val = 0n
    let minV = 0n
    let maxV = 0n
    const names: ScopeEntry[] = []
    while (!this.consume('}')) {
      const name = this.ident()
      this.attributes()
      if (this.consume('=')) val = this.constExpr()
      const e: ScopeEntry = { enumVal: { val, ty: this.T.int } }
      names.push(e)
      this.scopes[this.scopes.length - 1].vars.set(name.text, e)
      if (val < minV) minV = val
      if (val > maxV) maxV = val
      val++
      if (!this.consume(',')) {
        this.skip('}')
        break
      }
    }
    this.attributes()
    t.complete = true
    t.unsigned = minV >= 0n
    if (maxV > 0xffffffffn || minV < -0x80000000n) {
      t.size = 8
      t.align = this.T.abi.longLongAlign
      t.rank = 5
    }
    syncCopies(t)
    for (const e of names) {
      // Enumerators have type int when they fit (C11 6.7.2.2), else the enum's type.
      if (e.enumVal!.val > 0x7fffffffn || e.enumVal!.val < -0x80000000n) e.enumVal!.ty = e.enumVal!.val > 0xffffffffn || e.enumVal!.val < 0n ? this.T.llong : this.T.uint
    }
    return t
  }

  private staticAssert(): void {
    const loc = this.locOf(this.tok)
    this.p++
    this.skip('(')
    const v = this.constExpr()
    let msg: string | undefined
    if (this.consume(',')) {
      const s = this.tok
      if (s.kind !== 'str') this.syntax(this.locOf(s), 'expected string literal before ' + this.tokDesc(s))
      msg = ''
      while (this.tok.kind === 'str') msg += this.tok.text.slice(1, -1), this.p++
    }
    this.skip(')')
    this.skip(';')
    if (v === 0n) this.error(loc, msg !== undefined ? `static assertion failed: "${msg}"` : 'static assertion failed')
  }

  /** Pointers, then the direct declarator. Returns the declared name (if any) and type. */
  private declarator(base: Type, attr: DeclAttr | null): { name?: string; nameTok?: Token; ty: Type; loc: Loc; paramNames?: (Token | undefined)[]; paramLocs?: Loc[] } {
    let ty = base
    while (this.consume('*')) {
      ty = this.T.ptr(ty)
      for (;;) {
        if (this.is('const') || this.is('__const')) { this.p++; ty = this.T.qualified(ty, { isConst: true }); continue }
        if (this.is('volatile') || this.is('__volatile__')) { this.p++; ty = this.T.qualified(ty, { isVolatile: true }); continue }
        if (this.is('restrict') || this.is('__restrict') || this.is('__restrict__') || this.is('_Atomic')) { this.p++; continue }
        if (this.is('__attribute__')) { this.attributes(attr ?? undefined); continue }
        break
      }
    }
    if (this.is('(') && !this.isTypename(this.peek()) && !(this.peek().text === ')')) {
      // Nested declarator: parse what follows the parentheses first (chibicc's trick).
      const start = this.p + 1
      this.p++
      let depth = 1
      while (depth > 0) {
        if (this.tok.kind === 'eof') this.syntax(this.locOf(this.tok), "expected ')' before end of input")
        if (this.is('(')) depth++
        else if (this.is(')')) depth--
        this.p++
      }
      const outer = this.typeSuffix(ty)
      const end = this.p
      this.p = start
      this.attributes(attr ?? undefined)
      const inner = this.declarator(outer.ty, attr)
      this.skip(')')
      this.p = end
      // `int (f)(int x)`: the parameter names come from the outer suffix.
      if (!inner.paramNames && inner.ty === outer.ty) return { ...inner, paramNames: outer.paramNames, paramLocs: outer.paramLocs }
      return inner
    }
    let name: string | undefined
    let nameTok: Token | undefined
    let loc = this.locOf(this.tok)
    if (this.tok.kind === 'ident' && !this.isKeyword(this.tok.text)) {
      nameTok = this.tok
      name = this.tok.text
      loc = this.locOf(this.tok)
      this.p++
    }
    this.attributes(attr ?? undefined)
    const s = this.typeSuffix(ty)
    return { name, nameTok, ty: s.ty, loc, paramNames: s.paramNames, paramLocs: s.paramLocs }
  }

  private typeSuffix(ty: Type): { ty: Type; paramNames?: (Token | undefined)[]; paramLocs?: Loc[] } {
    if (this.is('(')) {
      this.p++
      return this.funcParams(ty)
    }
    if (this.is('[')) {
      this.p++
      while (this.is('static') || this.is('const') || this.is('restrict') || this.is('volatile')) this.p++
      let len = -1
      if (!this.is(']')) {
        const loc = this.locOf(this.tok)
        const e = this.assign()
        try {
          const v = this.evalInt(e)
          if (v < 0n) this.error(loc, `size of array is negative`)
          len = Number(v)
        } catch (err) {
          if (!(err instanceof NotConst)) throw err
          if (!this.cur || this.inParams > 0) {
            this.error(loc, this.cur ? 'variable length array parameters are not supported by this compiler' : 'variably modified type at file scope')
            len = 1
          } else {
            this.skip(']')
            return this.vlaType(this.cast(this.rvalue(e), this.T.uint), this.typeSuffix(ty).ty, loc)
          }
        }
      }
      this.skip(']')
      const inner = this.typeSuffix(ty)
      if (inner.ty.kind === 'func') this.error(this.locOf(this.tok), 'declaration of array of functions')
      if (inner.ty.kind === 'array' && inner.ty.len! < 0) this.error(this.locOf(this.tok), 'array type has incomplete element type')
      return { ty: this.T.array(inner.ty, len) }
    }
    return { ty }
  }

  /**
   * A variable length array type: its size in bytes is computed into a
   * hidden local when the declaration is reached (the computation is queued
   * in vlaPending and emitted by the declaration or sizeof that uses it).
   */
  private vlaType(count: Node, elem: Type, loc: Loc): { ty: Type } {
    const T = this.T
    const sv = this.newVar(`.vla${this.strCount++}`, T.uint, loc, 'local')
    sv.quiet = true
    sv.addrTaken = false
    this.curLocals.push(sv)
    const size: Node = { k: 'binop', op: '*', ty: T.uint, loc, lhs: count, rhs: this.sizeNode(elem, loc) }
    this.vlaPending.push({ k: 'assign', ty: T.uint, loc, lhs: { k: 'var', ty: T.uint, loc, v: sv }, rhs: size })
    const ty = { ...T.array(elem, 0), vla: sv }
    return { ty }
  }

  /** sizeof as a node: a constant, or the hidden size of a VLA type. */
  private sizeNode(ty: Type, loc: Loc): Node {
    if (ty.vla) {
      const v = ty.vla as Var
      v.reads++
      return { k: 'var', ty: this.T.uint, loc, v }
    }
    return this.num(ty.kind === 'void' || ty.kind === 'func' ? 1 : ty.size, this.T.uint, loc)
  }

  /** Prefix queued VLA size computations to `n` (a comma expression). */
  private withVlaPending(n: Node): Node {
    let r = n
    while (this.vlaPending.length) {
      const a = this.vlaPending.pop()!
      r = { k: 'comma', ty: r.ty, loc: r.loc, lhs: a, rhs: r }
    }
    return r
  }

  private funcParams(ret: Type): { ty: Type; paramNames: (Token | undefined)[]; paramLocs: Loc[] } {
    const params: Type[] = []
    const names: (Token | undefined)[] = []
    const locs: Loc[] = []
    if (this.is('void') && this.peek().text === ')') {
      this.p += 2
      return { ty: this.T.func(ret, [], false), paramNames: [], paramLocs: [] }
    }
    if (this.consume(')')) return { ty: this.T.func(ret, [], false, true), paramNames: [], paramLocs: [] }
    let variadic = false
    // K&R identifier lists are rare in student code: accepted as old-style ints.
    if (this.tok.kind === 'ident' && !this.isTypename() && (this.peek().text === ',' || this.peek().text === ')')) {
      while (!this.consume(')')) {
        names.push(this.ident())
        params.push(this.T.int)
        this.consume(',')
      }
      // K&R declarations before the body.
      while (this.isTypename()) {
        const a = this.newAttr()
        const b = this.declspec(a)
        for (;;) {
          const d = this.declarator(b, a)
          const idx = names.findIndex((n) => n?.text === d.name)
          if (idx >= 0) params[idx] = this.paramAdjust(d.ty)
          if (!this.consume(',')) break
        }
        this.skip(';')
      }
      return { ty: this.T.func(ret, params, false, true), paramNames: names, paramLocs: locs }
    }
    this.inParams++
    try {
      return this.funcParamList(ret, params, names, locs)
    } finally {
      this.inParams--
    }
  }

  private funcParamList(ret: Type, params: Type[], names: (Token | undefined)[], locs: Loc[]): { ty: Type; paramNames: (Token | undefined)[]; paramLocs: Loc[] } {
    let variadic = false
    while (!this.consume(')')) {
      if (params.length) this.skip(',')
      if (this.consume('...')) {
        variadic = true
        this.skip(')')
        break
      }
      const a = this.newAttr()
      const loc = this.locOf(this.tok)
      const b = this.declspec(a)
      const d = this.declarator(b, a)
      params.push(this.paramAdjust(d.ty))
      names.push(d.name ? d.nameTok : undefined)
      locs.push(d.loc)
    }
    if (ret.kind === 'array') this.error(this.locOf(this.tok), `function cannot return array type`)
    return { ty: this.T.func(ret, params, variadic), paramNames: names, paramLocs: locs }
  }

  private findNameTok(name: string, _from: Loc): number {
    for (let i = this.p - 1; i >= 0; i--) if (this.toks[i].text === name && this.toks[i].kind === 'ident') return i
    return this.p
  }

  /** Parameter type adjustment (C11 6.7.6.3p7-8). */
  private paramAdjust(t: Type): Type {
    if (t.kind === 'array') return this.T.ptr(t.base!)
    if (t.kind === 'func') return this.T.ptr(t)
    return t
  }

  typeName(): Type {
    const base = this.declspec(null)
    const d = this.declarator(base, null)
    return d.ty
  }

  // ---- initializers ----------------------------------------------------------

  private newInit(ty: Type): Init {
    const init: Init = { ty }
    if (ty.kind === 'array') {
      if (ty.len! < 0) {
        init.flexible = true
        init.children = []
      } else init.children = Array.from({ length: ty.len! }, () => this.newInit(ty.base!))
    } else if (isRecord(ty)) {
      init.children = ty.members!.map((m) =>
        m.ty.kind === 'array' && m.ty.len! < 0 ? { ty: m.ty, children: [], flexible: true } : this.newInit(m.ty)
      )
    }
    return init
  }

  private isStringInit(ty: Type): boolean {
    if (ty.kind !== 'array' || !isInteger(ty.base!)) return false
    const t = this.tok.kind === 'str' ? this.tok : this.is('(') && this.peek().kind === 'str' ? this.peek() : undefined
    return !!t
  }

  /** initializer = string | '{' list '}' | assign */
  private initializer(init: Init): void {
    const ty = init.ty
    if (ty.kind === 'void' || ty.kind === 'func' || (isRecord(ty) && !ty.complete)) {
      this.error(this.locOf(this.tok), ty.kind === 'func' ? 'function is initialized like a variable' : `variable has initializer but incomplete type`)
      this.skipInitializer()
      return
    }
    if (ty.kind === 'array' && this.isStringInit(ty)) {
      const paren = this.consume('(')
      const s = this.stringLit()
      if (paren) this.skip(')')
      const esz = ty.base!.size
      const n = s.units.length
      if (init.flexible) {
        init.children = Array.from({ length: n }, () => this.newInit(ty.base!))
        init.ty = this.T.array(ty.base!, n)
      } else if (n - 1 > ty.len!) {
        this.warn(s.loc, 'initializer-string for array of \'' + typeName(ty.base!) + '\' is too long')
      }
      const kids = init.children!
      for (let i = 0; i < kids.length && i < n; i++) {
        kids[i].expr = this.num(esz === 1 ? s.units[i] & 255 : s.units[i], ty.base!, s.loc)
      }
      return
    }
    if (this.is('{')) {
      const open = this.tok
      this.p++
      if (isScalar(ty) || ty.kind === 'enum') {
        // Scalar in braces.
        if (this.is('}')) {
          this.p++
          init.expr = this.num(0, this.T.int, this.locOf(open))
          return
        }
        this.initializer(init)
        if (this.consume(',') && !this.is('}')) {
          this.warn(this.locOf(this.tok), 'excess elements in scalar initializer')
          while (!this.is('}') && this.tok.kind !== 'eof') this.p++
        }
        this.skip('}')
        return
      }
      this.initList(init, true)
      return
    }
    if (ty.kind === 'array' || isRecord(ty)) {
      // Struct from an expression of struct type, else brace elision.
      if (isRecord(ty)) {
        const save = this.p
        const e = this.assign()
        if (isRecord(e.ty)) {
          init.expr = this.assignConv(e, ty, e.loc, { kind: 'init' })
          init.children = undefined
          return
        }
        this.p = save
      }
      this.initList(init, false)
      return
    }
    const loc = this.locOf(this.tok)
    const e = this.assign()
    init.expr = this.assignConv(e, ty, loc, { kind: 'init' })
  }

  /** Elements of an aggregate, with designators; `braced` says whether we consume the closing '}'. */
  /** Start a declaration's initializer: for gcc's -Wmissing-braces (once, at the outer '{'). */
  private topInit(): void {
    const t = this.tok
    // `= { 0 }` is the universal zero initializer: gcc does not ask for braces.
    const zero = t.text === '{' && this.peek().text === '0' && this.peek(2).text === '}'
    this.missingBraces = t.text === '{' && !zero ? { loc: this.locOf(t), warned: false } : undefined
  }

  private initList(init: Init, braced: boolean): void {
    if (!braced && this.missingBraces && !this.missingBraces.warned) {
      this.missingBraces.warned = true
      this.warn(this.missingBraces.loc, 'missing braces around initializer', '-Wmissing-braces')
    }
    const ty = init.ty
    let idx = 0
    const isArr = ty.kind === 'array'
    const memberCount = isArr ? Infinity : ty.members!.length
    const arrLen = isArr ? (init.flexible ? Infinity : ty.len!) : 0
    let first = true
    for (;;) {
      if (braced && this.consume('}')) break
      if (!braced && (this.is('}') || (!first && !this.is(',')))) break
      if (!first) {
        this.skip(',')
        if (braced && this.consume('}')) break
        if (!braced) {
          // A comma followed by '}' or a designator ends a brace-elided sublist.
          if (this.is('}') || this.is('.') || this.is('[')) {
            this.p--
            break
          }
          if ((isArr && idx >= arrLen) || (!isArr && idx >= memberCount)) {
            this.p--
            break
          }
        }
      }
      first = false
      // Designators.
      if (this.is('[') || this.is('.') || (this.tok.kind === 'ident' && this.peek().text === ':' && !isArr)) {
        if (!braced) {
          // A designator inside an elided sublist belongs to the enclosing list.
          if (this.is('.') && !isArr) { /* handled below for struct */ } else if (this.is('[') && isArr) { /* ok */ } else break
        }
        this.designation(init, (i) => (idx = i))
        idx++
        continue
      }
      if (isArr) {
        if (idx >= arrLen) {
          this.warn(this.locOf(this.tok), 'excess elements in array initializer')
          this.skipInitializer()
          continue
        }
        const child = this.arrayChild(init, idx)
        this.initializer(child)
        idx++
      } else {
        // Skip unnamed bit-fields.
        while (idx < memberCount && ty.members![idx].name === undefined && ty.members![idx].bitWidth !== undefined) idx++
        if (idx >= memberCount) {
          this.warn(this.locOf(this.tok), `excess elements in ${ty.kind} initializer`)
          this.skipInitializer()
          continue
        }
        if (ty.kind === 'union') init.unionMember = idx
        this.initializer(init.children![idx])
        idx++
        if (ty.kind === 'union' && !braced) break
      }
    }
    if (init.flexible && ty.kind === 'array') init.ty = this.T.array(ty.base!, init.children!.length)
  }

  private arrayChild(init: Init, idx: number): Init {
    const kids = init.children!
    while (kids.length <= idx) kids.push(this.newInit(init.ty.base!))
    return kids[idx]
  }

  private skipInitializer(): void {
    if (this.is('{')) {
      this.skipBraces()
      return
    }
    this.assign()
  }
  private skipBraces(): void {
    let depth = 0
    do {
      if (this.is('{')) depth++
      else if (this.is('}')) depth--
      this.p++
    } while (depth > 0 && this.tok.kind !== 'eof')
  }

  /** `.a.b[3] = x`, `[2 ... 5] = x`, GNU `a: x`. Sets the position of the outermost designator. */
  private designation(init: Init, setIdx: (i: number) => void): void {
    const ty = init.ty
    if (this.tok.kind === 'ident' && this.peek().text === ':') {
      const name = this.ident()
      this.p++
      const i = this.memberIndex(ty, name)
      setIdx(i)
      if (i < 0) return this.skipInitializer()
      if (ty.kind === 'union') init.unionMember = i
      this.initializer(init.children![i])
      return
    }
    if (this.consume('[')) {
      if (ty.kind !== 'array') this.syntax(this.locOf(this.tok), 'array index in non-array initializer')
      const lo = Number(this.constExpr())
      let hi = lo
      if (this.consume('...')) hi = Number(this.constExpr())
      this.skip(']')
      if (!init.flexible && (lo >= ty.len! || hi >= ty.len!)) {
        this.error(this.locOf(this.tok), 'array index in initializer exceeds array bounds')
      }
      setIdx(hi)
      for (let i = lo; i <= hi; i++) {
        if (!init.flexible && i >= ty.len!) break
        const child = this.arrayChild(init, i)
        if (i === lo) {
          const save = this.p
          this.subDesignation(child)
          if (hi > lo) {
            const endP = this.p
            for (let j = lo + 1; j <= hi; j++) {
              this.p = save
              this.subDesignation(this.arrayChild(init, j))
            }
            this.p = endP
          }
          break
        }
      }
      if (init.flexible) init.ty = this.T.array(ty.base!, init.children!.length)
      return
    }
    this.skip('.')
    const name = this.ident()
    if (!isRecord(ty)) {
      this.error(this.locOf(name), `field name not in record or union initializer`)
      return this.skipInitializer()
    }
    const i = this.memberIndex(ty, name)
    setIdx(i)
    if (i < 0) {
      if (this.consume('=')) this.skipInitializer()
      return
    }
    if (ty.kind === 'union') init.unionMember = i
    this.subDesignation(init.children![i])
  }

  private subDesignation(child: Init): void {
    if (this.is('[') || this.is('.')) {
      this.designation(child, () => {})
      return
    }
    this.consume('=')
    this.initializer(child)
  }

  private memberIndex(ty: Type, name: Token): number {
    const i = ty.members!.findIndex((m) => m.name === name.text)
    if (i < 0) {
      // Member of an anonymous struct/union: find its container.
      const j = ty.members!.findIndex((m) => m.name === undefined && isRecord(m.ty) && this.findMember(m.ty, name.text))
      if (j >= 0) {
        // Designate the anonymous member, then the name inside it: rewind so that `.name` is re-read.
        this.p -= 2
        return j
      }
      this.error(this.locOf(name), `${quoteType(ty)} has no member named '${name.text}'`)
    }
    return i
  }

  /** Lower an initializer for a local variable into assignments. */
  private localInit(v: Var, init: Init, loc: Loc): Node {
    const stmts: Node[] = []
    const target: Node = { k: 'var', ty: v.ty, loc, v }
    if (init.expr && !init.children) {
      return { k: 'assign', ty: v.ty, loc, lhs: target, rhs: init.expr }
    }
    stmts.push({ k: 'memzero', ty: this.T.void, loc, v })
    this.initAssigns(target, init, stmts, loc)
    let n = stmts[0]
    for (let i = 1; i < stmts.length; i++) n = { k: 'comma', ty: stmts[i].ty, loc, lhs: n, rhs: stmts[i] }
    return n
  }

  private initAssigns(lv: Node, init: Init, out: Node[], loc: Loc): void {
    if (init.expr) {
      if (!(init.expr.k === 'num' && !isRecord(init.ty) && (init.expr.val === 0 || init.expr.val === 0n))) {
        out.push({ k: 'assign', ty: lv.ty, loc, lhs: lv, rhs: init.expr })
      }
      return
    }
    if (!init.children) return
    if (init.ty.kind === 'array') {
      init.children.forEach((c, i) => {
        const elt = this.deref(this.ptrAdd('+', this.decay({ ...lv, ty: init.ty }), this.num(i, this.T.int, loc), loc), loc)
        this.initAssigns(elt, c, out, loc)
      })
      return
    }
    const mem = init.ty.members!
    init.children.forEach((c, i) => {
      if (init.ty.kind === 'union' && init.unionMember !== i) return
      const m = mem[i]
      if (!m) return
      this.initAssigns({ k: 'member', ty: m.ty, loc, lhs: lv, member: m }, c, out, loc)
    })
  }

  /** Lower an initializer for a global into bytes and relocations. */
  private globalInitData(ty: Type, init: Init): GlobalInit {
    const data: GlobalInit = { bytes: new Uint8Array(Math.max(ty.size, 0)), relocs: [] }
    this.writeInit(data, init, 0)
    return data
  }

  private writeInit(data: GlobalInit, init: Init, off: number): void {
    const ty = init.ty
    if (init.expr) {
      if (isRecord(ty)) {
        this.error(init.expr.loc, 'initializer element is not constant')
        return
      }
      this.writeScalar(data, ty, init.expr, off, undefined)
      return
    }
    if (!init.children) return
    if (ty.kind === 'array') {
      const esz = ty.base!.size
      init.children.forEach((c, i) => this.writeInit(data, c, off + i * esz))
      return
    }
    init.children.forEach((c, i) => {
      if (ty.kind === 'union' && init.unionMember !== i) return
      const m = ty.members![i]
      if (!m) return
      if (m.bitWidth !== undefined && c.expr) {
        this.writeScalar(data, m.ty, c.expr, off + m.offset, m)
        return
      }
      this.writeInit(data, c, off + m.offset)
    })
  }

  private writeScalar(data: GlobalInit, ty: Type, e: Node, off: number, bf: Member | undefined): void {
    const need = off + ty.size
    if (need > data.bytes.length) {
      // Flexible array member initialised in a static object (GNU extension): grow.
      const nb = new Uint8Array(need)
      nb.set(data.bytes)
      data.bytes = nb
    }
    const dv = new DataView(data.bytes.buffer, data.bytes.byteOffset, data.bytes.byteLength)
    try {
      if (isFloat(ty)) {
        const v = this.evalFloat(e)
        if (ty.size === 4) dv.setFloat32(off, v, true)
        else dv.setFloat64(off, v, true)
        return
      }
      const r = this.evalReloc(e)
      if (r.v) {
        if (ty.size < this.T.abi.ptrSize) this.error(e.loc, 'initializer element is not computable at load time')
        data.relocs.push({ offset: off, target: r.v, addend: Number(BigInt.asIntN(32, r.off)) })
        return
      }
      let v = r.off
      if (bf) {
        const width = bf.bitWidth!
        const mask = (1n << BigInt(width)) - 1n
        let unit = 0n
        for (let i = ty.size - 1; i >= 0; i--) unit = (unit << 8n) | BigInt(data.bytes[off + i])
        unit = (unit & ~(mask << BigInt(bf.bitOffset!))) | ((v & mask) << BigInt(bf.bitOffset!))
        v = unit
      }
      for (let i = 0; i < ty.size; i++) data.bytes[off + i] = Number((v >> BigInt(8 * i)) & 255n)
    } catch (err) {
      if (!(err instanceof NotConst)) throw err
      this.error(e.loc, 'initializer element is not constant')
    }
  }

  /** `declaredExtern`: this declaration says extern (an earlier `extern int x;` does not count). */
  private globalInit(v: Var, declaredExtern = v.isExtern): void {
    const init = this.newInit(v.ty)
    this.topInit()
    this.initializer(init)
    if (init.flexible || (v.ty.kind === 'array' && v.ty.len! < 0)) v.ty = init.ty
    v.init = this.globalInitData(v.ty, init)
    v.defined = true
    if (declaredExtern) this.warn(v.loc, `'${v.name}' initialized and declared 'extern'`)
    v.isExtern = false
    if (v.ty.isConst) v.rodata = true
  }

  // ---- constant evaluation ---------------------------------------------------

  constExpr(): bigint {
    const e = this.cond()
    try {
      return this.evalInt(e)
    } catch (err) {
      if (!(err instanceof NotConst)) throw err
      this.error(e.loc, 'expression in static assertion is not constant'.startsWith('') ? 'expression is not an integer constant expression' : '')
      return 0n
    }
  }

  evalInt(n: Node): bigint {
    const r = this.evalReloc(n)
    if (r.v) throw new NotConst()
    return r.off
  }

  private evalFloat(n: Node): number {
    if (isFloat(n.ty)) {
      switch (n.k) {
        case 'num': return Number(n.val)
        case 'cast':
          if (isFloat(n.lhs!.ty)) return n.ty.size === 4 ? Math.fround(this.evalFloat(n.lhs!)) : this.evalFloat(n.lhs!)
          return n.ty.size === 4 ? Math.fround(Number(this.evalInt(n.lhs!)) * (n.lhs!.ty.unsigned ? 1 : 1)) : Number(this.evalInt(n.lhs!))
        case 'neg': return -this.evalFloat(n.lhs!)
        case 'binop': {
          const a = this.evalFloat(n.lhs!)
          const b = this.evalFloat(n.rhs!)
          let r: number
          switch (n.op) {
            case '+': r = a + b; break
            case '-': r = a - b; break
            case '*': r = a * b; break
            case '/': r = a / b; break
            default: throw new NotConst()
          }
          return n.ty.size === 4 ? Math.fround(r) : r
        }
        case 'cond': return this.evalInt(n.cond!) ? this.evalFloat(n.then!) : this.evalFloat(n.els!)
        case 'comma': return this.evalFloat(n.rhs!)
        default: throw new NotConst()
      }
    }
    return Number(this.evalInt(n))
  }

  /** Evaluate an integer or address constant: { v: symbol or undefined, off }. */
  evalReloc(n: Node): { v?: Var; off: bigint } {
    const ty = n.ty
    const wrap = (x: bigint): bigint => (isInteger(ty) || isPtr(ty) ? truncInt(x, isPtr(ty) ? this.T.uint : ty) : x)
    switch (n.k) {
      case 'num':
        if (isFloat(ty)) throw new NotConst()
        return { off: BigInt(n.val!) }
      case 'cast': {
        if (isFloat(n.lhs!.ty)) {
          if (!isInteger(ty)) throw new NotConst()
          const f = this.evalFloat(n.lhs!)
          if (!Number.isFinite(f)) return { off: 0n }
          return { off: wrap(BigInt(Math.trunc(f))) }
        }
        const r = this.evalReloc(n.lhs!)
        if (r.v) return r
        if (ty.kind === 'int' && ty.rank === 0) return { off: r.off !== 0n ? 1n : 0n }
        return { off: wrap(r.off) }
      }
      case 'addr':
        return this.evalAddr(n.lhs!)
      case 'funcref':
        return { v: n.v, off: 0n }
      case 'var':
        if (n.ty.kind === 'array' || n.ty.kind === 'func') return { v: n.v, off: 0n }
        throw new NotConst()
      case 'comma':
        return this.evalReloc(n.rhs!)
      case 'cond': {
        const c = this.evalReloc(n.cond!)
        if (c.v) return this.evalReloc(n.then!)
        return c.off !== 0n ? this.evalReloc(n.then!) : this.evalReloc(n.els!)
      }
      case 'not': return { off: this.evalInt(n.lhs!) === 0n ? 1n : 0n }
      case 'neg': return { off: wrap(-this.evalInt(n.lhs!)) }
      case 'bitnot': return { off: wrap(~this.evalInt(n.lhs!)) }
      case 'logand': return { off: this.evalInt(n.lhs!) !== 0n && this.evalInt(n.rhs!) !== 0n ? 1n : 0n }
      case 'logor': return { off: this.evalInt(n.lhs!) !== 0n || this.evalInt(n.rhs!) !== 0n ? 1n : 0n }
      case 'binop': {
        if (isFloat(n.lhs!.ty)) {
          const a = this.evalFloat(n.lhs!)
          const b = this.evalFloat(n.rhs!)
          const c = (x: boolean): { off: bigint } => ({ off: x ? 1n : 0n })
          switch (n.op) {
            case '==': return c(a === b)
            case '!=': return c(a !== b)
            case '<': return c(a < b)
            case '<=': return c(a <= b)
            case '>': return c(a > b)
            case '>=': return c(a >= b)
          }
          throw new NotConst()
        }
        const a = this.evalReloc(n.lhs!)
        if (a.v) {
          if (n.op === '+' || n.op === '-') {
            const b = this.evalInt(n.rhs!)
            return { v: a.v, off: n.op === '+' ? a.off + b : a.off - b }
          }
          throw new NotConst()
        }
        const b = this.evalReloc(n.rhs!)
        if (b.v) {
          if (n.op === '+') return { v: b.v, off: a.off + b.off }
          throw new NotConst()
        }
        const ot = n.lhs!.ty
        const u = ot.unsigned || isPtr(ot)
        const bits = ot.size * 8
        const x = u ? BigInt.asUintN(bits, a.off) : BigInt.asIntN(bits, a.off)
        const y = u ? BigInt.asUintN(bits, b.off) : BigInt.asIntN(bits, b.off)
        let r: bigint
        switch (n.op) {
          case '+': r = x + y; break
          case '-': r = x - y; break
          case '*': r = x * y; break
          case '/': if (y === 0n) throw new NotConst(); r = x / y; break
          case '%': if (y === 0n) throw new NotConst(); r = x % y; break
          case '&': r = x & y; break
          case '|': r = x | y; break
          case '^': r = x ^ y; break
          case '<<': r = x << BigInt.asUintN(8, y); break
          case '>>': r = x >> BigInt.asUintN(8, y); break
          case '==': return { off: x === y ? 1n : 0n }
          case '!=': return { off: x !== y ? 1n : 0n }
          case '<': return { off: x < y ? 1n : 0n }
          case '<=': return { off: x <= y ? 1n : 0n }
          case '>': return { off: x > y ? 1n : 0n }
          case '>=': return { off: x >= y ? 1n : 0n }
          default: throw new NotConst()
        }
        return { off: wrap(r) }
      }
      case 'builtin':
        if (n.name === 'constant') return { off: BigInt(n.val!) }
        throw new NotConst()
      default:
        throw new NotConst()
    }
  }

  private evalAddr(n: Node): { v?: Var; off: bigint } {
    switch (n.k) {
      case 'var':
        if (n.v!.kind !== 'global') throw new NotConst()
        return { v: n.v, off: 0n }
      case 'funcref':
        return { v: n.v, off: 0n }
      case 'deref':
        return this.evalReloc(n.lhs!)
      case 'member': {
        const r = this.evalAddr(n.lhs!)
        return { v: r.v, off: r.off + BigInt(n.member!.offset) }
      }
      case 'cast':
        return this.evalAddr(n.lhs!)
      default:
        throw new NotConst()
    }
  }

  // ---- statements ------------------------------------------------------------

  private compoundStmt(): Node {
    const loc = this.locOf(this.tok)
    this.skip('{')
    const body: Node[] = []
    this.enterScope()
    while (!this.is('}')) {
      if (this.tok.kind === 'eof') {
        this.syntax(this.locOf(this.tok), 'expected declaration or statement at end of input')
      }
      const start = this.p
      try {
        if (this.isDeclStart()) body.push(...this.localDecl())
        else body.push(this.stmt())
      } catch (e) {
        if (!(e instanceof SyntaxErr)) throw e
        this.syncStmt(start)
      }
    }
    this.leaveScope()
    this.p++
    return { k: 'block', ty: this.T.void, loc, body }
  }

  private syncStmt(start: number): void {
    if (this.p === start) this.p++
    let depth = 0
    while (this.tok.kind !== 'eof') {
      if (this.is('{')) depth++
      else if (this.is('}')) {
        if (depth === 0) return
        depth--
        if (depth === 0) {
          this.p++
          return
        }
      } else if (this.is(';') && depth === 0) {
        this.p++
        return
      }
      this.p++
    }
  }

  private isDeclStart(): boolean {
    const t = this.tok
    if (t.kind === 'ident' && t.text === '__label__') return true
    if (t.kind !== 'ident') return false
    if (t.text === '_Static_assert') return true
    if (!this.isTypename(t)) return false
    // `foo:` label that happens to be a typedef name is rare; treat typedef followed by ':' as a label.
    if (this.isTypedefName(t) && this.peek().text === ':') return false
    return true
  }

  private localDecl(): Node[] {
    if (this.is('__label__')) {
      // GNU local labels: labels are function-scoped here, so the declaration only needs parsing.
      this.p++
      while (!this.consume(';') && this.tok.kind !== 'eof') this.p++
      return []
    }
    if (this.is('_Static_assert')) {
      this.staticAssert()
      return []
    }
    const attr = this.newAttr()
    const base = this.declspec(attr)
    const out: Node[] = []
    if (this.consume(';')) return out
    let hadInit = false
    for (;;) {
      hadInit = this.peekInit()
      const d = this.declarator(base, attr)
      this.attributes(attr)
      if (!d.name) this.syntax(d.loc, `expected identifier or '(' before ${this.tokDesc(this.tok)}`)
      const name = d.name
      const prev = this.scopes[this.scopes.length - 1].vars.get(name)
      if (prev && !(attr.isExtern && prev.v?.isExtern)) {
        if (prev.v?.kind === 'param' && this.scopes.length === 3) {
          this.error(d.loc, `'${name}' redeclared as different kind of symbol`)
        } else if (!prev.typedef || !attr.isTypedef) {
          this.error(d.loc, prev.v || prev.typedef ? `redeclaration of '${name}' with no linkage` : `'${name}' redeclared as different kind of symbol`)
          if (prev.v) this.diags.note(prev.v.loc, `previous declaration of '${name}' with type ${quoteType(prev.v.ty)}`)
        }
      }
      if (attr.isTypedef) {
        for (const a of this.vlaPending) out.push({ k: 'exprstmt', ty: this.T.void, loc: d.loc, lhs: a })
        this.vlaPending = []
        this.scopes[this.scopes.length - 1].vars.set(name, { typedef: this.T.qualified(d.ty, { typedefName: name }) })
      } else if (d.ty.kind === 'func' || attr.isExtern) {
        const v = this.declareGlobal(name, d.ty, d.loc, { ...attr, isExtern: true })
        this.scopes[this.scopes.length - 1].vars.set(name, { v })
      } else if (attr.isStatic) {
        // Static local: a global with a private name.
        const v = this.newVar(name, d.ty, d.loc, 'global')
        v.isStatic = true
        v.defined = true
        v.align = Math.max(d.ty.align, attr.align)
        v.quiet = attr.unused
        this.globals.push(v)
        this.scopes[this.scopes.length - 1].vars.set(name, { v })
        if (this.consume('=')) this.globalInit(v)
      } else {
        if (d.ty.kind === 'void') this.error(d.loc, `variable or field '${name}' declared void`)
        for (const a of this.vlaPending) out.push({ k: 'exprstmt', ty: this.T.void, loc: d.loc, lhs: a })
        this.vlaPending = []
        const v = this.newLocal(name, d.ty, d.loc)
        if (d.ty.vla) {
          v.addrTaken = false
          out.push({ k: 'exprstmt', ty: this.T.void, loc: d.loc, lhs: { k: 'vla_alloc', ty: this.T.void, loc: d.loc, v, lhs: this.sizeNode(d.ty, d.loc) } })
        }
        v.align = Math.max(d.ty.align, attr.align)
        v.quiet = attr.unused
        if (this.consume('=')) {
          v.initialized = true
          const init = this.newInit(d.ty)
          this.topInit()
          this.initializer(init)
          if (init.flexible) v.ty = init.ty
          out.push({ k: 'exprstmt', ty: this.T.void, loc: d.loc, lhs: this.localInit(v, init, d.loc) })
        } else if ((isRecord(d.ty) && !d.ty.complete) || (d.ty.kind === 'array' && d.ty.len! < 0)) {
          this.error(d.loc, d.ty.kind === 'array' ? `array size missing in '${name}'` : `storage size of '${name}' isn't known`)
        }
      }
      if (this.consume(',')) continue
      if (!this.consume(';')) this.declEndError(hadInit)
      return out
    }
  }

  /** gcc's message for a declaration not ended by ',' or ';'. */
  private declEndError(hadInit: boolean): never {
    const what = hadInit ? "expected ',' or ';'" : "expected '=', ',', ';', 'asm' or '__attribute__'"
    this.syntax(this.locOf(this.tok), `${what} before ${this.tokDesc(this.tok)}`)
  }

  /** Does the declarator starting here have an initializer? (scan to '=' at depth 0) */
  private peekInit(): boolean {
    let depth = 0
    for (let i = this.p; i < this.toks.length; i++) {
      const t = this.toks[i]
      if (t.kind === 'eof') return false
      if (t.text === '(' || t.text === '[') depth++
      else if (t.text === ')' || t.text === ']') depth--
      else if (depth === 0 && (t.text === ',' || t.text === ';' || t.text === '{' || t.text === '}')) return false
      else if (depth === 0 && t.text === '=' && t.kind === 'punct') return true
    }
    return false
  }

  private exprStmtNode(e: Node, loc: Loc): Node {
    return { k: 'exprstmt', ty: this.T.void, loc, lhs: e }
  }

  private stmt(): Node {
    const t = this.tok
    const loc = this.locOf(t)
    const T = this.T
    if (t.kind === 'ident') {
      switch (t.text) {
        case 'return': {
          this.p++
          const fn = this.cur!
          const rt = fn.ty.ret!
          if (this.consume(';')) {
            if (rt.kind !== 'void') this.warn(loc, `'return' with no value, in function returning non-void`, '-Wreturn-type')
            return { k: 'return', ty: T.void, loc }
          }
          const eloc = this.locOf(this.tok)
          let e = this.expr()
          this.skip(';')
          if (rt.kind === 'void') {
            if (e.ty.kind !== 'void') {
              this.warn(eloc, `'return' with a value, in function returning void`, '-Wreturn-type')
              this.diags.note(fn.loc, 'declared here')
            }
            return { k: 'return', ty: T.void, loc, lhs: e }
          }
          e = this.assignConv(e, rt, eloc, { kind: 'return' })
          return { k: 'return', ty: T.void, loc, lhs: e }
        }
        case 'if': {
          this.p++
          const paren = this.locOf(this.tok)
          this.skip('(')
          const c = this.condExpr(this.expr())
          this.skip(')')
          const then = this.stmt()
          let els: Node | undefined
          if (this.consume('else')) els = this.stmt()
          else if (then.k === 'if' && then.els) {
            // `if (a) if (b) x; else y;` without braces (gcc points at the outer condition).
            this.warn(paren, "suggest explicit braces to avoid ambiguous 'else'", '-Wdangling-else')
          }
          return { k: 'if', ty: T.void, loc, cond: c, then, els }
        }
        case 'switch': {
          this.p++
          this.skip('(')
          let c = this.rvalue(this.expr())
          if (!isInteger(c.ty)) {
            this.error(c.loc, 'switch quantity not an integer')
            c = this.num(0, T.int, loc)
          }
          c = this.promote(c)
          this.skip(')')
          const sw: Node = { k: 'switch', ty: T.void, loc, cond: c, cases: [], uid: this.nextUid++ }
          this.switches.push(sw)
          this.breakTargets.push(sw)
          try {
            sw.then = this.stmt()
          } finally {
            this.switches.pop()
            this.breakTargets.pop()
          }
          return sw
        }
        case 'case':
        case 'default': {
          this.p++
          const sw = this.switches[this.switches.length - 1]
          let lo = 0n
          let hi = 0n
          if (t.text === 'case') {
            lo = this.constExpr()
            hi = lo
            if (this.consume('...')) {
              hi = this.constExpr()
              if (hi < lo) this.warn(loc, 'empty range specified')
            }
          }
          this.skip(':')
          const node: Node = { k: 'case', ty: T.void, loc, uid: this.nextUid++ }
          if (!sw) {
            this.error(loc, t.text === 'case' ? "case label not within a switch statement" : "'default' label not within a switch statement")
          } else if (t.text === 'case') {
            const ct = sw.cond!.ty
            lo = truncInt(lo, ct)
            hi = truncInt(hi, ct)
            if (sw.cases!.some((c) => c.lo <= hi && lo <= c.hi)) this.error(loc, 'duplicate case value')
            sw.cases!.push({ lo, hi, node })
          } else {
            if (sw.defaultCase) this.error(loc, "multiple default labels in one switch")
            sw.defaultCase = node
          }
          node.lhs = this.is('}') ? { k: 'block', ty: T.void, loc, body: [] } : this.stmt()
          return node
        }
        case 'for': {
          this.p++
          this.skip('(')
          this.enterScope()
          const node: Node = { k: 'for', ty: T.void, loc, uid: this.nextUid++ }
          const pre: Node[] = []
          if (this.isDeclStart()) pre.push(...this.localDecl())
          else if (!this.consume(';')) {
            pre.push(this.exprStmtNode(this.discard(this.expr()), loc))
            this.skip(';')
          }
          if (!this.is(';')) node.cond = this.condExpr(this.expr())
          this.skip(';')
          if (!this.is(')')) node.inc = this.discard(this.expr())
          this.skip(')')
          this.breakTargets.push(node)
          this.continueTargets.push(node)
          try {
            node.then = this.stmt()
          } finally {
            this.breakTargets.pop()
            this.continueTargets.pop()
            this.leaveScope()
          }
          if (pre.length) node.init = { k: 'block', ty: T.void, loc, body: pre }
          return node
        }
        case 'while': {
          this.p++
          this.skip('(')
          const c = this.condExpr(this.expr())
          this.skip(')')
          const node: Node = { k: 'for', ty: T.void, loc, cond: c, uid: this.nextUid++ }
          this.breakTargets.push(node)
          this.continueTargets.push(node)
          try {
            node.then = this.stmt()
          } finally {
            this.breakTargets.pop()
            this.continueTargets.pop()
          }
          return node
        }
        case 'do': {
          this.p++
          const node: Node = { k: 'do', ty: T.void, loc, uid: this.nextUid++ }
          this.breakTargets.push(node)
          this.continueTargets.push(node)
          try {
            node.then = this.stmt()
          } finally {
            this.breakTargets.pop()
            this.continueTargets.pop()
          }
          if (!this.consume('while')) this.syntax(this.locOf(this.tok), `expected 'while' before ${this.tokDesc(this.tok)}`)
          this.skip('(')
          node.cond = this.condExpr(this.expr())
          this.skip(')')
          this.skip(';')
          return node
        }
        case 'break': {
          this.p++
          this.skip(';')
          const target = this.breakTargets[this.breakTargets.length - 1]
          if (!target) this.error(loc, 'break statement not within loop or switch')
          return { k: 'break', ty: T.void, loc, target }
        }
        case 'continue': {
          this.p++
          this.skip(';')
          const target = this.continueTargets[this.continueTargets.length - 1]
          if (!target) this.error(loc, 'continue statement not within a loop')
          return { k: 'continue', ty: T.void, loc, target }
        }
        case 'goto': {
          this.p++
          if (this.is('*')) this.syntax(loc, 'computed goto (labels as values) is not supported by this compiler')
          const name = this.ident()
          this.skip(';')
          const g: Node = { k: 'goto', ty: T.void, loc, label: name.text }
          this.gotos.push(g)
          return g
        }
        case 'asm':
        case '__asm__':
        case '__asm':
          this.syntax(loc, 'inline assembly is not supported by this compiler (kmemlab cc runs C, not ARM code)')
          break
        default:
          if (this.peek().text === ':' && !this.isKeyword(t.text)) {
            this.p += 2
            this.attributes()
            if (this.labels.has(t.text)) {
              this.error(loc, `duplicate label '${t.text}'`)
            }
            const node: Node = { k: 'label', ty: T.void, loc, label: t.text, uid: this.nextUid++ }
            this.labels.set(t.text, node)
            node.lhs = this.is('}') ? { k: 'block', ty: T.void, loc, body: [] } : this.isDeclStart() ? { k: 'block', ty: T.void, loc, body: this.localDecl() } : this.stmt()
            return node
          }
      }
    }
    if (this.is('{')) return this.compoundStmt()
    if (this.consume(';')) return { k: 'block', ty: T.void, loc, body: [] }
    const first = this.p
    const e = this.expr()
    if (e.k === 'preinc' || e.k === 'postinc' || e.k === 'opassign') {
      // `i++;` or `x += 2;` alone sets the variable without using its value (gcc's DECL_READ_P).
      const root = rootVar(e.lhs!)
      if (root) root.reads--
    }
    const last = this.toks[this.p - 1]
    this.skip(';')
    // The last statement of a statement expression is its value, not a no-op.
    if (!(this.stmtExprDepth > 0 && this.is('}'))) this.warnUnusedValue(e, this.rangeOf(first, last))
    return this.exprStmtNode(this.discard(e), loc)
  }

  private discard(e: Node): Node {
    e.discard = true
    return e
  }

  /** gcc's -Wunused-value for an expression statement. */
  /** Source range of tokens [first, last] when on one line and not from macros (gcc's underline). */
  private rangeOf(first: number, last: Token): DiagRange | undefined {
    const a = this.toks[first]
    if (!a || a.expandedFrom || last.expandedFrom || a.loc.file !== last.loc.file || a.loc.line !== last.loc.line) return undefined
    return { col: a.loc.col, len: last.loc.col + last.text.length - a.loc.col }
  }

  private warnUnusedValue(e: Node, range?: DiagRange): void {
    const extra = range ? { ranges: [range] } : undefined
    const sideEffects = (n: Node | undefined): boolean => {
      if (!n) return false
      switch (n.k) {
        case 'call': case 'assign': case 'opassign': case 'preinc': case 'postinc': case 'va_start': case 'va_arg':
        case 'stmtexpr': case 'memzero': case 'builtin': case 'vla_alloc':
          return true
      }
      return sideEffects(n.lhs) || sideEffects(n.rhs) || sideEffects(n.cond) || sideEffects(n.then) || sideEffects(n.els) || (n.args ?? []).some(sideEffects)
    }
    const visit = (n: Node): void => {
      switch (n.k) {
        case 'call': case 'assign': case 'opassign': case 'preinc': case 'postinc': case 'va_start': case 'va_arg':
        case 'stmtexpr': case 'memzero': case 'builtin': case 'nop': case 'vla_alloc':
          return
        case 'cast':
          if (n.ty.kind === 'void') return
          break
        case 'comma':
          if (!sideEffects(n.lhs)) this.warn(n.loc, 'left-hand operand of comma expression has no effect', '-Wunused-value')
          visit(n.rhs!)
          return
        case 'cond':
          if (n.then && n.els && (sideEffects(n.then) || sideEffects(n.els))) return
          break
      }
      if (sideEffects(n)) this.diags.add('warning', n.loc, 'value computed is not used', '-Wunused-value', extra)
      else this.diags.add('warning', n.loc, 'statement with no effect', '-Wunused-value', extra)
    }
    visit(e)
  }

  /** A controlling expression: scalar, compared with 0 by codegen. */
  private condExpr(e: Node, at?: Loc): Node {
    e = this.rvalue(e)
    // `if (func)` / `if (array)`: an address is never null (gcc -Waddress).
    if (e.k === 'addr' && (e.lhs!.k === 'var' || e.lhs!.k === 'funcref') && e.lhs!.v!.kind !== 'param' && !e.lhs!.v!.name.startsWith('.')) {
      this.warn(at ?? e.lhs!.loc, `the address of '${e.lhs!.v!.name}' will always evaluate as 'true'`, '-Waddress')
    }
    if (!isScalar(e.ty)) {
      this.error(e.loc, e.ty.kind === 'void' ? 'void value not ignored as it ought to be' : `used ${isRecord(e.ty) ? 'struct' : typeName(e.ty)} type value where scalar is required`)
      return this.num(0, this.T.int, e.loc)
    }
    if (e.k === 'assign' && !e.discard) {
      // gcc: "suggest parentheses around assignment used as truth value" (with -Wall).
      if (!(e as { paren?: boolean }).paren) this.warn(e.lhs!.loc, 'suggest parentheses around assignment used as truth value', '-Wparentheses')
    }
    return e
  }

  // ---- expressions -----------------------------------------------------------

  expr(): Node {
    let n = this.assign()
    while (this.is(',')) {
      const loc = this.locOf(this.tok)
      this.p++
      const r = this.assign()
      if (!hasSideEffects(n) && !(n.k === 'cast' && n.ty.kind === 'void')) this.warn(loc, 'left-hand operand of comma expression has no effect', '-Wunused-value')
      n = { k: 'comma', ty: this.rvalue(r).ty, loc, lhs: n, rhs: this.rvalue(r) }
    }
    return n
  }

  /** gcc's -Woverflow for a constant stored into a narrower bit-field. */
  private bitfieldStoreCheck(lhs: Node, rhs: Node): void {
    let r = rhs
    while (r.k === 'cast') r = r.lhs!
    if (r.k !== 'num' || !isInteger(r.ty)) return
    const m = lhs.member!
    const w = BigInt(m.bitWidth!)
    const v = BigInt(r.val!)
    if (v >= -(1n << (w - 1n)) && v <= (1n << w) - 1n) return
    const t = m.ty.unsigned ? BigInt.asUintN(Number(w), v) : BigInt.asIntN(Number(w), v)
    // gcc names a bit-field's type by the narrowest type that holds it: 'unsigned char:3'.
    const wb = m.bitWidth!
    const u = m.ty.unsigned
    const base = wb <= 8 ? (u ? 'unsigned char' : 'signed char') : wb <= 16 ? (u ? 'short unsigned int' : 'short int') : wb <= 32 ? (u ? 'unsigned int' : 'int') : u ? 'long long unsigned int' : 'long long int'
    const tn = `'${base}:${wb}'`
    this.warn(r.loc, `${m.ty.unsigned ? 'unsigned conversion' : 'overflow in conversion'} from ${quoteType(r.ty)} to ${tn} changes value from '${v}' to '${t}'`, '-Woverflow')
  }

  private checkAssignable(lhs: Node, loc: Loc, what = 'assignment'): void {
    if (!this.isLvalue(lhs) || lhs.ty.kind === 'array' || lhs.ty.kind === 'func') {
      if (lhs.ty.kind === 'array' && this.isLvalue(lhs)) this.error(loc, `assignment to expression with array type`)
      else this.error(loc, what === 'assignment' ? 'lvalue required as left operand of assignment' : `lvalue required as ${what} operand`)
      return
    }
    if (lhs.ty.isConst) {
      if (lhs.k === 'var') this.error(loc, `${what === 'assignment' ? 'assignment' : what.includes('increment') ? 'increment' : 'decrement'} of read-only variable '${lhs.v!.name}'`)
      else if (lhs.k === 'member') this.error(loc, `assignment of read-only member '${lhs.member!.name}'`)
      else this.error(loc, `assignment of read-only location '${this.exprText(lhs)}'`)
    }
  }

  private exprText(n: Node): string {
    if (n.k === 'deref') return '*' + this.exprText(n.lhs!)
    if (n.k === 'var') return n.v!.name
    return '...'
  }

  private noteWrite(lhs: Node): void {
    if (lhs.k === 'var') lhs.v!.writes++
  }

  assign(): Node {
    const lhs = this.condTernary()
    const t = this.tok
    if (t.kind !== 'punct') return lhs
    const loc = this.locOf(t)
    if (t.text === '=') {
      this.p++
      const rhs = this.assign()
      this.checkAssignable(lhs, loc)
      // A store (to x, x.m or x[i]) is not a use of x.
      const root = rootVar(lhs)
      if (root) {
        root.reads--
        root.writes++
      }
      this.noteWrite(lhs)
      if (lhs.k === 'member' && lhs.member!.bitWidth !== undefined) this.bitfieldStoreCheck(lhs, rhs)
      return { k: 'assign', ty: lhs.ty, loc, lhs, rhs: this.assignConv(rhs, lhs.ty, loc, { kind: 'assign' }) }
    }
    const m = /^(\+|-|\*|\/|%|&|\||\^|<<|>>)=$/.exec(t.text)
    if (!m) return lhs
    this.p++
    const op = m[1]
    const rhs = this.rvalue(this.assign())
    this.checkAssignable(lhs, loc)
    this.noteWrite(lhs)
    // Compute the operation type as for `lhs op rhs`.
    const probe = this.arith(op, { ...lhs, k: 'var', v: DUMMY_VAR } as Node, rhs, loc)
    if (isPtr(lhs.ty)) {
      // p += n: scale n.
      const esz = elemSize(lhs.ty.base!)
      let idx = this.cast(this.promote(rhs), this.T.ptrdiffT)
      if (esz !== 1) idx = { k: 'binop', op: '*', ty: this.T.ptrdiffT, loc, lhs: idx, rhs: this.num(esz, this.T.ptrdiffT, loc) }
      return { k: 'opassign', op, ty: lhs.ty, loc, lhs, rhs: this.cast(idx, this.T.uint), opTy: this.T.uint }
    }
    let opTy = probe.k === 'binop' ? (op === '<<' || op === '>>' ? probe.ty : probe.lhs!.ty) : this.T.int
    if (!isArith(lhs.ty)) opTy = this.T.int
    const r = op === '<<' || op === '>>' ? this.cast(this.promote(rhs), this.T.int) : this.cast(rhs, opTy)
    return { k: 'opassign', op, ty: lhs.ty, loc, lhs, rhs: r, opTy }
  }

  private condTernary(): Node {
    return this.cond()
  }

  private cond(): Node {
    const c = this.logor()
    if (!this.is('?')) return c
    const loc = this.locOf(this.tok)
    this.p++
    if (this.consume(':')) {
      // GNU `a ?: b`: evaluate a once.
      const cc = this.condExpr(c)
      const els = this.rvalue(this.cond())
      const ty = isArith(cc.ty) && isArith(els.ty) ? this.commonType(cc.ty, els.ty) : cc.ty
      return { k: 'cond', ty, loc, cond: cc, then: undefined, els: this.cast(els, ty), op: '?:' }
    }
    const then = this.rvalue(this.expr())
    this.skip(':')
    const els = this.rvalue(this.cond())
    const cc = this.condExpr(c)
    if (then.ty.kind === 'void' || els.ty.kind === 'void') return { k: 'cond', ty: this.T.void, loc, cond: cc, then, els }
    if (isArith(then.ty) && isArith(els.ty)) {
      // the usual arithmetic conversions start with the integer promotions: a bit-field operand narrower than int is an int
      const t = isInteger(then.ty) ? this.promote(then) : then
      const e = isInteger(els.ty) ? this.promote(els) : els
      const ty = this.commonType(t.ty, e.ty)
      return { k: 'cond', ty, loc, cond: cc, then: this.cast(t, ty), els: this.cast(e, ty) }
    }
    if (isPtr(then.ty) && isPtr(els.ty)) {
      let ty = then.ty
      if (then.ty.base!.kind === 'void') ty = then.ty
      else if (els.ty.base!.kind === 'void') ty = els.ty
      else if (!this.compatible(then.ty, els.ty)) this.warn(loc, 'pointer type mismatch in conditional expression')
      return { k: 'cond', ty, loc, cond: cc, then, els: this.cast(els, ty) }
    }
    if (isPtr(then.ty) && isInteger(els.ty)) {
      if (!(els.k === 'num' && BigInt(els.val!) === 0n)) this.warn(loc, 'pointer/integer type mismatch in conditional expression')
      return { k: 'cond', ty: then.ty, loc, cond: cc, then, els: this.cast(els, then.ty) }
    }
    if (isInteger(then.ty) && isPtr(els.ty)) {
      if (!(then.k === 'num' && BigInt(then.val!) === 0n)) this.warn(loc, 'pointer/integer type mismatch in conditional expression')
      return { k: 'cond', ty: els.ty, loc, cond: cc, then: this.cast(then, els.ty), els }
    }
    if (isRecord(then.ty) && isRecord(els.ty) && unqual(then.ty) === unqual(els.ty)) {
      return { k: 'cond', ty: then.ty, loc, cond: cc, then, els }
    }
    this.error(loc, 'type mismatch in conditional expression')
    return then
  }

  private logor(): Node {
    let n = this.logand()
    while (this.is('||')) {
      const loc = this.locOf(this.tok)
      this.p++
      n = { k: 'logor', ty: this.T.int, loc, lhs: this.condExpr(n), rhs: this.condExpr(this.logand()) }
    }
    return n
  }

  private logand(): Node {
    let n = this.binary(0)
    while (this.is('&&')) {
      const loc = this.locOf(this.tok)
      this.p++
      n = { k: 'logand', ty: this.T.int, loc, lhs: this.condExpr(n), rhs: this.condExpr(this.binary(0)) }
    }
    return n
  }

  private binary(level: number): Node {
    if (level >= BIN_LEVELS.length) return this.castExpr()
    let n = this.binary(level + 1)
    const ops = BIN_LEVELS[level]
    for (;;) {
      const t = this.tok
      if (t.kind !== 'punct' || !ops.includes(t.text)) return n
      const loc = this.locOf(t)
      this.p++
      const r = this.binary(level + 1)
      n = this.arith(t.text, n, r, loc)
    }
  }

  private castExpr(): Node {
    if (this.is('(') && this.isTypename(this.peek())) {
      const loc = this.locOf(this.tok)
      const save = this.p
      this.p++
      const ty = this.typeName()
      this.skip(')')
      if (this.is('{')) {
        this.p = save
        return this.unary()
      }
      const e = this.rvalue(this.castExpr())
      if (ty.kind === 'void') return { k: 'cast', ty, loc, lhs: e }
      if (!isScalar(ty)) {
        if (isRecord(ty) && isRecord(e.ty) && unqual(ty) === unqual(e.ty)) return e
        this.error(loc, `conversion to non-scalar type requested`)
        return e
      }
      if (!isScalar(e.ty)) {
        this.error(loc, e.ty.kind === 'void' ? 'void value not ignored as it ought to be' : `aggregate value used where ${isFloat(ty) ? 'a floating-point' : isPtr(ty) ? 'a pointer' : 'an integer'} was expected`)
        return this.num(0, ty, loc)
      }
      if (isPtr(ty) && isFloat(e.ty)) this.error(loc, `cannot convert to a pointer type`)
      if (isFloat(ty) && isPtr(e.ty)) this.error(loc, `pointer value used where a floating-point was expected`)
      if (isPtr(ty) && isInteger(e.ty) && e.ty.size < ty.size && e.k !== 'num') this.warn(loc, 'cast to pointer from integer of different size', '-Wint-to-pointer-cast')
      if (isInteger(ty) && isPtr(e.ty) && ty.size !== e.ty.size) this.warn(loc, 'cast from pointer to integer of different size', '-Wpointer-to-int-cast')
      const c = this.cast(e, ty)
      if (c === e || c.k !== 'cast') return c.k === 'num' ? c : { k: 'cast', ty, loc, lhs: e }
      return c
    }
    return this.unary()
  }

  private unary(): Node {
    const t = this.tok
    const loc = this.locOf(t)
    if (t.kind === 'punct') {
      switch (t.text) {
        case '+': {
          this.p++
          const e = this.rvalue(this.castExpr())
          if (!isArith(e.ty)) this.error(loc, "wrong type argument to unary plus")
          return this.promote(e)
        }
        case '-': {
          this.p++
          let e = this.rvalue(this.castExpr())
          if (!isArith(e.ty)) {
            this.error(loc, 'wrong type argument to unary minus')
            return e
          }
          e = this.promote(e)
          if (e.k === 'num') {
            if (isFloat(e.ty)) return { ...e, val: -Number(e.val) }
            return this.num(truncInt(-BigInt(e.val!), e.ty), e.ty, loc)
          }
          return { k: 'neg', ty: e.ty, loc, lhs: e }
        }
        case '!': {
          this.p++
          const e = this.condExpr(this.castExpr(), loc)
          return { k: 'not', ty: this.T.int, loc, lhs: e }
        }
        case '~': {
          this.p++
          let e = this.rvalue(this.castExpr())
          if (!isInteger(e.ty)) {
            this.error(loc, 'wrong type argument to bit-complement')
            return e
          }
          e = this.promote(e)
          return { k: 'bitnot', ty: e.ty, loc, lhs: e }
        }
        case '&': {
          this.p++
          const e = this.castExpr()
          return this.addrOf(e, loc)
        }
        case '*': {
          this.p++
          const e = this.castExpr()
          return this.deref(e, loc)
        }
        case '++':
        case '--': {
          this.p++
          const e = this.unary()
          return this.incdec(e, t.text === '++' ? 1 : -1, 'preinc', loc)
        }
        case '&&':
          this.syntax(loc, 'labels as values (&&label) are not supported by this compiler')
      }
    }
    if (t.kind === 'ident') {
      if (t.text === 'sizeof' || t.text === '_Alignof' || t.text === '__alignof__' || t.text === '__alignof') {
        this.p++
        let ty: Type
        if (this.is('(') && this.isTypename(this.peek())) {
          const save = this.p
          this.p++
          ty = this.typeName()
          this.skip(')')
          if (this.is('{')) {
            this.p = save
            ty = this.unary().ty
          }
        } else {
          const e = this.unary()
          if (e.k === 'member' && e.member!.bitWidth !== undefined) this.error(loc, "'sizeof' applied to a bit-field")
          ty = e.ty
        }
        if (t.text === 'sizeof') {
          if (ty.kind === 'func') this.warn(loc, "invalid application of 'sizeof' to a function type", '-Wpointer-arith')
          else if (ty.kind === 'void') this.warn(loc, "invalid application of 'sizeof' to a void type", '-Wpointer-arith')
          else if ((isRecord(ty) && !ty.complete) || (ty.kind === 'array' && ty.len! < 0 && ty.size === 0 && false)) {
            this.error(loc, `invalid application of 'sizeof' to incomplete type ${quoteType(ty)}`)
          }
          if (ty.vla) return this.withVlaPending(this.sizeNode(ty, loc))
          return this.num(ty.kind === 'void' || ty.kind === 'func' ? 1 : ty.size, this.T.sizeT, loc)
        }
        return this.num(ty.align, this.T.sizeT, loc)
      }
      if (t.text === '__extension__') {
        this.p++
        return this.castExpr()
      }
    }
    return this.postfix()
  }

  private incdec(e: Node, delta: number, k: 'preinc' | 'postinc', loc: Loc): Node {
    this.checkAssignable(e, loc, delta > 0 ? (k === 'preinc' ? 'increment' : 'increment') : 'decrement')
    if (!isScalar(e.ty)) {
      this.error(loc, `wrong type argument to ${delta > 0 ? 'increment' : 'decrement'}`)
      return e
    }
    this.noteWrite(e)
    let d = delta
    if (isPtr(e.ty)) {
      const b = e.ty.base!
      if (b.kind === 'void') this.warn(loc, `wrong type argument to ${delta > 0 ? 'increment' : 'decrement'}`, '-Wpointer-arith')
      d = delta * elemSize(b)
    }
    return { k, ty: e.ty, loc, lhs: e, val: d }
  }

  private postfix(): Node {
    let n: Node
    const startLoc = this.locOf(this.tok)
    if (this.is('(') && this.isTypename(this.peek())) {
      // Compound literal.
      this.p++
      const ty = this.typeName()
      this.skip(')')
      n = this.compoundLiteral(ty, startLoc)
    } else n = this.primary()
    for (;;) {
      const t = this.tok
      const loc = this.locOf(t)
      if (t.kind !== 'punct') return n
      if (t.text === '(') {
        this.p++
        n = this.call(n, loc)
        continue
      }
      if (t.text === '[') {
        this.p++
        const idx = this.expr()
        this.skip(']')
        const a = this.rvalue(n)
        const i = this.rvalue(idx)
        if (!isPtr(a.ty) && !isPtr(i.ty)) {
          this.error(loc, 'subscripted value is neither array nor pointer nor vector')
          n = this.num(0, this.T.int, loc)
          continue
        }
        if (isPtr(a.ty) && i.ty.kind === 'int' && i.ty.size === 1 && i.ty.name === 'char' && !(i.k === 'num')) {
          this.warn(loc, "array subscript has type 'char'", '-Wchar-subscripts')
        }
        if (isPtr(i.ty) && !isInteger(a.ty)) {
          this.error(loc, 'array subscript is not an integer')
        } else if (isPtr(a.ty) && !isInteger(i.ty)) this.error(loc, 'array subscript is not an integer')
        if (isInteger(i.ty) && i.k === 'num' && n.ty.kind === 'array' && n.ty.len! > 0) {
          const iv = Number(i.val)
          if (iv > n.ty.len! || iv < 0) {
            // gcc: -Warray-bounds needs -O2; stay silent like gcc -O0.
          }
        }
        n = this.deref(this.arith('+', a, i, loc), loc)
        continue
      }
      if (t.text === '.' || t.text === '->') {
        this.p++
        const name = this.ident()
        let base = n
        if (t.text === '->') {
          const r = this.rvalue(n)
          if (!isPtr(r.ty) || !isRecord(r.ty.base!)) {
            this.error(loc, isPtr(r.ty) ? `request for member '${name.text}' in something not a structure or union` : `invalid type argument of '->' (have ${quoteType(r.ty)})`)
            n = this.num(0, this.T.int, loc)
            continue
          }
          base = this.deref(r, loc)
        } else if (!isRecord(n.ty)) {
          this.error(loc, `request for member '${name.text}' in something not a structure or union`)
          n = this.num(0, this.T.int, loc)
          continue
        }
        n = this.memberAccess(base, name, loc)
        continue
      }
      if (t.text === '++' || t.text === '--') {
        this.p++
        n = this.incdec(n, t.text === '++' ? 1 : -1, 'postinc', loc)
        continue
      }
      return n
    }
  }

  private findMember(ty: Type, name: string): Member[] | undefined {
    for (const m of ty.members ?? []) {
      if (m.name === name) return [m]
      if (m.name === undefined && isRecord(m.ty)) {
        const inner = this.findMember(m.ty, name)
        if (inner) return [m, ...inner]
      }
    }
    return undefined
  }

  private memberAccess(base: Node, name: Token, loc: Loc): Node {
    const ty = base.ty
    if (!ty.complete) {
      this.error(loc, `invalid use of undefined type ${quoteType(ty)}`)
      return this.num(0, this.T.int, loc)
    }
    const path = this.findMember(ty, name.text)
    if (!path) {
      // gcc points at the '.' or '->'; an int lvalue stands in so no further errors cascade.
      this.error(loc, `${quoteType(ty)} has no member named '${name.text}'`)
      return this.errorLvalue(loc)
    }
    let n = base
    for (const m of path) {
      let mty = m.ty
      if (n.ty.isConst && !mty.isConst) mty = this.T.qualified(mty, { isConst: true })
      n = { k: 'member', ty: mty, loc, lhs: n, member: m }
    }
    return n
  }

  /** A placeholder int lvalue after an error (never executed: the compile has failed). */
  private errorLvalue(loc: Loc): Node {
    return { k: 'deref', ty: this.T.int, loc, lhs: this.cast(this.num(0, this.T.int, loc), this.T.ptr(this.T.int)) }
  }

  private compoundLiteral(ty: Type, loc: Loc): Node {
    if (!this.cur) {
      const v = this.newGlobalAnon('__compound_literal.', ty, loc)
      this.globalInit(v)
      return { k: 'var', ty: v.ty, loc, v }
    }
    const v = this.newVar(`.compoundliteral${this.strCount++}`, ty, loc, 'local')
    v.quiet = true
    v.addrTaken = true
    this.curLocals.push(v)
    const init = this.newInit(ty)
    this.initializer(init)
    if (init.flexible) v.ty = init.ty
    const set = this.localInit(v, init, loc)
    return { k: 'comma', ty: v.ty, loc, lhs: set, rhs: { k: 'var', ty: v.ty, loc, v } }
  }

  /** Function call: argument conversions per the prototype, or default promotions. */
  private call(fnExpr: Node, loc: Loc): Node {
    let f = this.rvalue(fnExpr)
    let fty: Type | undefined
    if (isPtr(f.ty) && f.ty.base!.kind === 'func') fty = f.ty.base!
    if (!fty) {
      this.error(loc, `called object ${fnExpr.k === 'var' ? `'${fnExpr.v!.name}' ` : ''}is not a function or function pointer`)
      while (!this.consume(')') && this.tok.kind !== 'eof') this.p++
      return this.num(0, this.T.int, loc)
    }
    const fname = fnExpr.k === 'var' || fnExpr.k === 'funcref' ? fnExpr.v!.name : undefined
    const args: Node[] = []
    const argLocs: Loc[] = []
    while (!this.is(')')) {
      if (args.length) this.skip(',')
      argLocs.push(this.locOf(this.tok))
      args.push(this.rvalue(this.assign()))
    }
    this.p++
    const params = fty.params!
    const declLoc = fnExpr.k === 'var' || fnExpr.k === 'funcref' ? fnExpr.v!.loc : undefined
    if (!fty.oldStyle) {
      if (args.length < params.length) {
        this.error(fnExpr.loc, `too few arguments to function '${fname ?? this.exprText(fnExpr)}'`)
        if (declLoc) this.diags.note(declLoc, 'declared here')
      } else if (args.length > params.length && !fty.variadic) {
        this.error(fnExpr.loc, `too many arguments to function '${fname ?? this.exprText(fnExpr)}'`)
        if (declLoc) this.diags.note(declLoc, 'declared here')
      }
    }
    const conv = args.map((a, i) => {
      if (a.ty.kind === 'void') {
        this.error(argLocs[i], 'invalid use of void expression')
        return this.num(0, this.T.int, a.loc)
      }
      if (i < params.length && !fty!.oldStyle) {
        return this.assignConv(a, params[i], argLocs[i], { kind: 'arg', argNo: i + 1, fname: fname ?? 'function', fnLoc: declLoc })
      }
      // Default argument promotions (C11 6.5.2.2p6).
      if (isFloat(a.ty) && a.ty.size < 8) return this.cast(a, this.T.double)
      if (isInteger(a.ty)) return this.promote(a)
      return a
    })
    if (f.k === 'addr' && f.lhs!.k === 'funcref') f = f.lhs!
    const rt = fty.ret!
    const node: Node = { k: 'call', ty: rt, loc, lhs: f, args: conv, fnTy: fty, name: fname }
    if (isRecord(rt)) {
      // The caller provides the return slot (AAPCS: r0 points to it).
      const slot = this.newVar(`.ret${this.strCount++}`, rt, loc, 'local')
      slot.quiet = true
      slot.addrTaken = true
      if (this.cur) this.curLocals.push(slot)
      else {
        slot.kind = 'global'
        slot.defined = true
        this.globals.push(slot)
      }
      node.v = slot
    }
    return node
  }

  private stringLit(): { units: number[]; loc: Loc; width: number } {
    const loc = this.locOf(this.tok)
    let width = 1
    const units: number[] = []
    while (this.tok.kind === 'str') {
      const t = this.tok.text
      const m = /^(L|u8|u|U)?"(.*)"$/s.exec(t)!
      if (m[1] === 'L' || m[1] === 'U') width = 4
      else if (m[1] === 'u') width = 2
      const codes = decodeEscapes(m[1] && m[1] !== 'u8' ? utf8Decode(m[2]) : m[2])
      for (const c of codes) {
        // Sources are byte strings (one char per byte, as read with latin1), so chars up to
        // 0xFF are bytes; a host that passes decoded text gets its wider chars UTF-8 encoded.
        if (width === 1 && c > 0xff) for (const b of utf8(c)) units.push(b)
        else if (width === 1) units.push(c & 255)
        else units.push(c)
      }
      this.p++
    }
    units.push(0)
    return { units, loc, width }
  }

  private stringLiteralVar(s: string, loc: Loc): Var {
    const bytes: number[] = []
    for (const ch of s) for (const b of utf8(ch.codePointAt(0)!)) bytes.push(b)
    bytes.push(0)
    const ty = this.T.array(this.T.char, bytes.length)
    const v = this.newGlobalAnon('.LC', ty, loc)
    v.rodata = true
    v.init = { bytes: new Uint8Array(bytes), relocs: [] }
    return v
  }

  private primary(): Node {
    const t = this.tok
    const loc = this.locOf(t)
    const T = this.T
    if (this.is('(')) {
      this.p++
      if (this.is('{')) {
        // GNU statement expression.
        if (!this.cur) this.syntax(loc, 'braced-group within expression allowed only inside a function')
        this.stmtExprDepth++
        let body: Node
        try {
          body = this.compoundStmt()
        } finally {
          this.stmtExprDepth--
        }
        this.skip(')')
        const last = body.body![body.body!.length - 1]
        let ty: Type = T.void
        if (last && last.k === 'exprstmt') {
          last.lhs = this.rvalue(last.lhs!)
          last.lhs.discard = false
          ty = last.lhs.ty
        }
        return { k: 'stmtexpr', ty, loc, body: body.body }
      }
      const e = this.expr()
      this.skip(')')
      if (e.k === 'assign') (e as { paren?: boolean }).paren = true
      return e
    }
    if (t.kind === 'num') {
      this.p++
      return this.numberLit(t, loc)
    }
    if (t.kind === 'char') {
      this.p++
      const m = /^(L|u|U|u8)?'/.exec(t.text)!
      const v = charConstValue(m[1] ? utf8Decode(t.text) : t.text)
      if (m[1] === 'L') return this.num(v, T.uint, loc) // wchar_t is unsigned int on ARM Linux
      if (m[1] === 'u') return this.num(v & 0xffff, T.ushort, loc)
      if (m[1] === 'U') return this.num(v >>> 0, T.uint, loc)
      // 'x' has type int; with unsigned char the value is 0..255 (gcc on ARM).
      return this.num(v, T.int, loc)
    }
    if (t.kind === 'str') {
      const s = this.stringLit()
      const base = s.width === 1 ? T.char : s.width === 2 ? T.ushort : T.uint
      const ty = T.array(base, s.units.length)
      const v = this.newGlobalAnon('.LC', ty, loc)
      v.rodata = true
      const bytes = new Uint8Array(s.units.length * s.width)
      s.units.forEach((u, i) => {
        for (let b = 0; b < s.width; b++) bytes[i * s.width + b] = (u >>> (8 * b)) & 255
      })
      v.init = { bytes, relocs: [] }
      return { k: 'var', ty, loc, v }
    }
    if (t.kind === 'ident' && t.text === '_Generic') return this.generic(loc)
    if (t.kind === 'ident') {
      if (t.text.startsWith('__builtin_') || t.text === '__func__' && false) {
        const b = this.builtin(t, loc)
        if (b) return b
      }
      if (this.isKeyword(t.text)) this.syntax(loc, `expected expression before ${this.tokDesc(t)}`)
      this.p++
      const e = this.lookup(t.text)
      if (e?.v) {
        const v = e.v
        v.reads++
        if (v.isFunc) return { k: 'funcref', ty: v.ty, loc, v }
        return { k: 'var', ty: v.ty, loc, v }
      }
      if (e?.enumVal) return this.num(e.enumVal.val, e.enumVal.ty, loc)
      if (e?.typedef) this.syntax(loc, `expected expression before '${t.text}'`)
      if (this.is('(')) {
        // Implicit declaration (C89): int name(); a gcc built-in keeps its real type.
        const hdr = BUILTIN_HEADERS[t.text]
        this.warn(loc, `implicit declaration of function '${t.text}'`, '-Wimplicit-function-declaration')
        let fty = this.T.func(T.int, [], false, true)
        if (hdr) {
          const note = `include '<${hdr}>' or provide a declaration of '${t.text}'`
          if (!this.includeSuggested.has(hdr)) {
            // First time for this header: point at where the #include would go, with gcc's fix-it.
            this.includeSuggested.add(hdr)
            const line = insertLine(loc.file.contents, loc.line)
            this.diags.add('note', { file: loc.file, line, col: 1 }, note, undefined, { insertBefore: { line, text: `#include <${hdr}>` } })
          } else this.diags.note(loc, note)
          this.warn(loc, `incompatible implicit declaration of built-in function '${t.text}'`, '-Wbuiltin-declaration-mismatch')
          this.diags.note(loc, note)
          const proto = BUILTIN_PROTOS[t.text]
          if (proto) fty = proto(T)
        }
        const v = this.declareGlobal(t.text, fty, loc, { ...this.newAttr(), isExtern: true })
        this.scopes[this.scopes.length - 1].vars.set(t.text, { v })
        v.reads++
        return { k: 'funcref', ty: v.ty, loc, v }
      }
      if (!this.cur) {
        this.error(loc, `'${t.text}' undeclared here (not in a function)`)
      } else if (!this.undeclaredReported.has(t.text)) {
        this.undeclaredReported.add(t.text)
        this.error(loc, `'${t.text}' undeclared (first use in this function)`)
        if (!this.undeclaredNoteGiven) {
          this.undeclaredNoteGiven = true
          this.diags.note(loc, 'each undeclared identifier is reported only once for each function it appears in')
        }
      }
      return this.num(0, T.int, loc)
    }
    this.syntax(loc, `expected expression before ${this.tokDesc(t)}`)
  }

  /** C11 generic selection: the association whose type matches the controlling expression's. */
  private generic(loc: Loc): Node {
    this.p++
    this.skip('(')
    const c = this.rvalue(this.assign())
    const cty = { ...c.ty, isConst: false, isVolatile: false }
    let chosen: Node | undefined
    let dflt: Node | undefined
    while (this.consume(',')) {
      if (this.consume('default')) {
        this.skip(':')
        dflt = this.assign()
        continue
      }
      const ty = this.typeName()
      this.skip(':')
      const e = this.assign()
      if (!chosen && this.compatible(cty, ty) && !(cty.kind === 'int' && ty.kind === 'int' && cty.name !== ty.name)) chosen = e
    }
    this.skip(')')
    const r = chosen ?? dflt
    if (!r) {
      this.error(loc, `'_Generic' selector of type ${quoteType(c.ty)} is not compatible with any association`)
      return this.num(0, this.T.int, loc)
    }
    return r
  }

  private numberLit(t: Token, loc: Loc): Node {
    const T = this.T
    const text = t.text
    const r = parseIntLiteral(text)
    if (r) {
      const v = r.v
      const s = r.suffix
      const isDec = !/^0/.test(text) || text === '0' || /^0[uUlL]*$/.test(text)
      const cands: Type[] = []
      const L = s.includes('ll') ? 2 : s.includes('l') ? 1 : 0
      const U = s.includes('u')
      // C11 6.4.4.1 table.
      if (L === 0) cands.push(...(U ? [T.uint, T.ulong, T.ullong] : isDec ? [T.int, T.long, T.llong] : [T.int, T.uint, T.long, T.ulong, T.llong, T.ullong]))
      else if (L === 1) cands.push(...(U ? [T.ulong, T.ullong] : isDec ? [T.long, T.llong] : [T.long, T.ulong, T.llong, T.ullong]))
      else cands.push(...(U ? [T.ullong] : isDec ? [T.llong] : [T.llong, T.ullong]))
      for (const c of cands) {
        const max = c.unsigned ? (1n << BigInt(c.size * 8)) - 1n : (1n << BigInt(c.size * 8 - 1)) - 1n
        if (v <= max) return this.num(c.size === 8 ? v : Number(v), c, loc)
      }
      if (v > 0xffffffffffffffffn) this.warn(loc, 'integer constant is too large for its type')
      else this.warn(loc, 'integer constant is so large that it is unsigned')
      return this.num(BigInt.asIntN(64, v), T.ullong, loc)
    }
    const fm = /^((?:[0-9]*\.[0-9]+|[0-9]+\.?)(?:[eE][+-]?[0-9]+)?|0[xX](?:[0-9a-fA-F]*\.?[0-9a-fA-F]*)[pP][+-]?[0-9]+)([fFlL]?)$/.exec(text)
    if (fm) {
      let v: number
      if (/^0[xX]/.test(fm[1])) v = parseHexFloat(fm[1])
      else v = Number(fm[1])
      const suf = fm[2].toLowerCase()
      if (suf === 'f') return { k: 'num', ty: T.float, loc, val: Math.fround(v) }
      if (suf === 'l') return { k: 'num', ty: T.ldouble, loc, val: v }
      return { k: 'num', ty: T.double, loc, val: v }
    }
    if (/^[0-9]+[a-zA-Z_]/.test(text) || /^0[xX]/.test(text)) {
      const sm = /^(0[xX][0-9a-fA-F]*|[0-9]+)(.*)$/.exec(text)
      this.error(loc, `invalid suffix "${sm ? sm[2] : text}" on integer constant`)
    } else this.error(loc, `invalid constant '${text}'`)
    return this.num(0, T.int, loc)
  }

  private builtin(t: Token, loc: Loc): Node | undefined {
    const T = this.T
    const name = t.text.slice('__builtin_'.length)
    const args = (): Node[] => {
      this.skip('(')
      const a: Node[] = []
      while (!this.consume(')')) {
        if (a.length) this.skip(',')
        a.push(this.rvalue(this.assign()))
      }
      return a
    }
    switch (name) {
      case 'expect':
      case 'expect_with_probability': {
        this.p++
        const a = args()
        return a[0] ?? this.num(0, T.long, loc)
      }
      case 'assume_aligned': {
        this.p++
        return args()[0]
      }
      case 'constant_p': {
        this.p++
        const a = args()
        let c = 0
        try {
          if (a[0]) {
            this.evalReloc(a[0]).v === undefined ? (c = 1) : (c = 0)
          }
        } catch (e) {
          if (!(e instanceof NotConst)) throw e
        }
        return this.num(c, T.int, loc)
      }
      case 'offsetof': {
        this.p++
        this.skip('(')
        const ty = this.typeName()
        this.skip(',')
        let off = 0
        let cur = ty
        for (;;) {
          if (this.consume('[')) {
            const i = Number(this.constExpr())
            this.skip(']')
            if (cur.kind !== 'array') this.error(loc, 'subscripted value is neither array nor pointer nor vector')
            else {
              off += i * cur.base!.size
              cur = cur.base!
            }
            continue
          }
          if (this.consume('.') || off === 0) {
            const mname = this.ident()
            const path = isRecord(cur) ? this.findMember(cur, mname.text) : undefined
            if (!path) {
              this.error(this.locOf(mname), `${quoteType(cur)} has no member named '${mname.text}'`)
              break
            }
            for (const m of path) off += m.offset
            cur = path[path.length - 1].ty
            continue
          }
          break
        }
        this.skip(')')
        return this.num(off, T.sizeT, loc)
      }
      case 'types_compatible_p': {
        this.p++
        this.skip('(')
        const a = this.typeName()
        this.skip(',')
        const b = this.typeName()
        this.skip(')')
        const strip = (x: Type): Type => ({ ...x, isConst: false, isVolatile: false })
        return this.num(this.compatible(strip(a), strip(b)) ? 1 : 0, T.int, loc)
      }
      case 'choose_expr': {
        this.p++
        this.skip('(')
        const c = this.constExpr()
        this.skip(',')
        const a = this.assign()
        this.skip(',')
        const b = this.assign()
        this.skip(')')
        return c ? a : b
      }
      case 'va_start': {
        this.p++
        const a = args()
        if (!this.cur || !this.cur.ty.variadic) this.error(loc, "'va_start' used in function with fixed arguments")
        if (this.cur) this.cur.usesVa = true
        const ap = a[0]
        return { k: 'va_start', ty: T.void, loc, lhs: ap && ap.k === 'addr' ? ap.lhs : this.deref(this.addrOfAp(ap, loc), loc) }
      }
      case 'va_end': {
        this.p++
        const a = args()
        // Nothing to release, but the argument's side effects must happen.
        return a[0] ? { k: 'cast', ty: T.void, loc, lhs: a[0] } : { k: 'nop', ty: T.void, loc }
      }
      case 'va_copy': {
        this.p++
        this.skip('(')
        const d = this.assign()
        this.skip(',')
        const s = this.rvalue(this.assign())
        this.skip(')')
        return { k: 'assign', ty: d.ty, loc, lhs: d, rhs: this.cast(s, d.ty) }
      }
      case 'va_arg': {
        this.p++
        this.skip('(')
        const ap = this.assign()
        this.skip(',')
        const ty = this.typeName()
        this.skip(')')
        if (isInteger(ty) && ty.size < 4) this.warn(loc, `${quoteType(ty)} is promoted to 'int' when passed through '...'`)
        if (isFloat(ty) && ty.size === 4) this.warn(loc, `'float' is promoted to 'double' when passed through '...'`)
        return { k: 'va_arg', ty, loc, lhs: ap }
      }
      case 'unreachable':
      case 'trap':
      case 'abort': {
        this.p++
        args()
        return { k: 'builtin', ty: T.void, loc, name: name === 'abort' ? 'abort' : 'trap', args: [] }
      }
      case 'clz': case 'clzl': case 'clzll': case 'ctz': case 'ctzl': case 'ctzll':
      case 'popcount': case 'popcountl': case 'popcountll': case 'ffs': case 'ffsl': case 'ffsll':
      case 'parity': case 'parityl': case 'parityll': case 'bswap16': case 'bswap32': case 'bswap64':
      case 'clrsb': case 'clrsbl': case 'clrsbll': {
        this.p++
        const a = args()
        const wide = name.endsWith('ll') || (name.endsWith('l') && T.long.size === 8) || name === 'bswap64'
        const signedArg = name.startsWith('ffs') || name.startsWith('clrsb')
        const argTy = name === 'bswap16' ? T.ushort : signedArg ? (wide ? T.llong : T.int) : wide ? T.ullong : T.uint
        const arg = a[0] ? this.cast(a[0], argTy) : this.num(0, argTy, loc)
        const rty = name.startsWith('bswap') ? argTy : T.int
        const base = name.replace(/l+$/, '')
        try {
          const v = this.evalInt(arg)
          return this.num(foldBitBuiltin(base, v, argTy.size * 8), rty, loc)
        } catch (e) {
          if (!(e instanceof NotConst)) throw e
        }
        return { k: 'builtin', ty: rty, loc, name: base, args: [arg] }
      }
      case 'add_overflow': case 'sub_overflow': case 'mul_overflow':
      case 'sadd_overflow': case 'saddl_overflow': case 'saddll_overflow': case 'uadd_overflow': case 'uaddl_overflow': case 'uaddll_overflow':
      case 'ssub_overflow': case 'ssubl_overflow': case 'ssubll_overflow': case 'usub_overflow': case 'usubl_overflow': case 'usubll_overflow':
      case 'smul_overflow': case 'smull_overflow': case 'smulll_overflow': case 'umul_overflow': case 'umull_overflow': case 'umulll_overflow': {
        // GNU checked arithmetic: the exact result is stored truncated to *res; returns whether it overflowed.
        this.p++
        const a = args()
        if (a.length !== 3 || !isPtr(a[2].ty) || !isInteger(a[2].ty.base!)) {
          this.error(loc, `argument 3 in call to function '__builtin_${name}' does not have pointer to integral type`)
          return this.num(0, T.bool, loc)
        }
        const op = /add/.test(name) ? '+' : /sub/.test(name) ? '-' : '*'
        const v = (x: Node): Node => (isInteger(x.ty) && x.ty.size === 8 ? x : this.cast(this.promote(x), x.ty.unsigned ? T.uint : T.int))
        return { k: 'builtin', ty: T.bool, loc, name: 'overflow', op, args: [v(a[0]), v(a[1]), a[2]], val: a[2].ty.base!.size, member: undefined, opTy: a[2].ty.base! }
      }
      case 'huge_val': case 'inf': case 'huge_valf': case 'inff': case 'nan': case 'nanf': {
        this.p++
        args()
        const v = name.startsWith('nan') ? NaN : Infinity
        return { k: 'num', ty: name.endsWith('f') ? T.float : T.double, loc, val: v }
      }
      case 'frame_address':
      case 'return_address': {
        this.p++
        args()
        return this.num(0, T.ptr(T.void), loc)
      }
      case 'prefetch': {
        this.p++
        args()
        return { k: 'nop', ty: T.void, loc }
      }
      default: {
        // __builtin_memcpy etc.: the library function of the same name.
        const lib = name
        const e = this.lookup(lib)
        if (e?.v?.isFunc) {
          this.p++
          e.v.reads++
          return { k: 'funcref', ty: e.v.ty, loc, v: e.v }
        }
        const proto = BUILTIN_PROTOS[lib]
        if (proto) {
          this.p++
          const fty = proto(T)
          const v = this.declareGlobal(lib, fty, loc, { ...this.newAttr(), isExtern: true })
          v.reads++
          return { k: 'funcref', ty: v.ty, loc, v }
        }
        return undefined
      }
    }
  }

  private addrOfAp(ap: Node | undefined, loc: Loc): Node {
    if (!ap) return this.num(0, this.T.ptr(this.T.ptr(this.T.char)), loc)
    return this.addrOf(ap, loc)
  }
}

const DUMMY_VAR: Var = {
  name: '', ty: undefined as unknown as Type, loc: undefined as unknown as Loc, kind: 'local', id: 0, isStatic: false,
  isExtern: false, isFunc: false, defined: false, addrTaken: false, reads: 0, writes: 0, align: 1
}

const BIN_LEVELS: string[][] = [['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']]

const KEYWORDS = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern', 'float',
  'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed', 'sizeof',
  'static', 'struct', 'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while', '_Alignas', '_Alignof',
  '_Atomic', '_Bool', '_Complex', '_Generic', '_Imaginary', '_Noreturn', '_Static_assert', '_Thread_local',
  '__attribute__', '__typeof__', 'typeof', '__extension__', '__inline', '__inline__', '__restrict', '__restrict__',
  '__const', '__volatile__', '__signed__', 'asm', '__asm__', '__alignof__', '__thread'
])

const TYPE_WORDS = new Set([
  'void', '_Bool', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', 'struct', 'union', 'enum',
  'typedef', 'static', 'extern', 'inline', 'const', 'volatile', 'restrict', 'auto', 'register', '_Alignas',
  '_Noreturn', '_Thread_local', '__thread', '_Atomic', '__attribute__', '__attribute', 'typeof', '__typeof__', '__typeof',
  '__inline', '__inline__', '__restrict', '__restrict__', '__const', '__const__', '__volatile__', '__volatile',
  '__signed__', '__signed', '__extension__', '_Complex', '__complex__'
])

const BUILTIN_PROTOS: Record<string, (T: TypeFactory) => Type> = {
  memcpy: (T) => T.func(T.ptr(T.void), [T.ptr(T.void), T.ptr(T.void), T.sizeT], false),
  memmove: (T) => T.func(T.ptr(T.void), [T.ptr(T.void), T.ptr(T.void), T.sizeT], false),
  memset: (T) => T.func(T.ptr(T.void), [T.ptr(T.void), T.int, T.sizeT], false),
  memcmp: (T) => T.func(T.int, [T.ptr(T.void), T.ptr(T.void), T.sizeT], false),
  strlen: (T) => T.func(T.sizeT, [T.ptr(T.char)], false),
  strcpy: (T) => T.func(T.ptr(T.char), [T.ptr(T.char), T.ptr(T.char)], false),
  strcmp: (T) => T.func(T.int, [T.ptr(T.char), T.ptr(T.char)], false),
  strncmp: (T) => T.func(T.int, [T.ptr(T.char), T.ptr(T.char), T.sizeT], false),
  strchr: (T) => T.func(T.ptr(T.char), [T.ptr(T.char), T.int], false),
  printf: (T) => T.func(T.int, [T.ptr(T.char)], true),
  sprintf: (T) => T.func(T.int, [T.ptr(T.char), T.ptr(T.char)], true),
  snprintf: (T) => T.func(T.int, [T.ptr(T.char), T.sizeT, T.ptr(T.char)], true),
  puts: (T) => T.func(T.int, [T.ptr(T.char)], false),
  putchar: (T) => T.func(T.int, [T.int], false),
  abs: (T) => T.func(T.int, [T.int], false),
  labs: (T) => T.func(T.long, [T.long], false),
  llabs: (T) => T.func(T.llong, [T.llong], false),
  malloc: (T) => T.func(T.ptr(T.void), [T.sizeT], false),
  calloc: (T) => T.func(T.ptr(T.void), [T.sizeT, T.sizeT], false),
  free: (T) => T.func(T.void, [T.ptr(T.void)], false),
  exit: (T) => T.func(T.void, [T.int], false),
  fabs: (T) => T.func(T.double, [T.double], false),
  sqrt: (T) => T.func(T.double, [T.double], false),
  floor: (T) => T.func(T.double, [T.double], false),
  ceil: (T) => T.func(T.double, [T.double], false),
  copysign: (T) => T.func(T.double, [T.double, T.double], false),
  strncpy: (T) => T.func(T.ptr(T.char), [T.ptr(T.char), T.ptr(T.char), T.sizeT], false),
  strcat: (T) => T.func(T.ptr(T.char), [T.ptr(T.char), T.ptr(T.char)], false),
  strrchr: (T) => T.func(T.ptr(T.char), [T.ptr(T.char), T.int], false),
  alloca: (T) => T.func(T.ptr(T.void), [T.sizeT], false),
  fprintf: (T) => T.func(T.int, [T.ptr(T.void), T.ptr(T.char)], true),
  realloc: (T) => T.func(T.ptr(T.void), [T.ptr(T.void), T.sizeT], false),
  abort: (T) => T.func(T.void, [], false),
  strdup: (T) => T.func(T.ptr(T.char), [T.ptr(T.char)], false),
  scanf: (T) => T.func(T.int, [T.ptr(T.char)], true),
  pow: (T) => T.func(T.double, [T.double, T.double], false),
  sin: (T) => T.func(T.double, [T.double], false),
  cos: (T) => T.func(T.double, [T.double], false),
  exp: (T) => T.func(T.double, [T.double], false),
  log: (T) => T.func(T.double, [T.double], false),
  isalpha: (T) => T.func(T.int, [T.int], false),
  isdigit: (T) => T.func(T.int, [T.int], false),
  isspace: (T) => T.func(T.int, [T.int], false),
  toupper: (T) => T.func(T.int, [T.int], false),
  tolower: (T) => T.func(T.int, [T.int], false)
}

/** Line where gcc suggests inserting a missing #include: after the last #include above `upTo`. */
function insertLine(src: string, upTo: number): number {
  const lines = src.split('\n', upTo)
  let last = 0
  lines.forEach((l, i) => {
    if (/^\s*#\s*include\b/.test(l)) last = i + 1
  })
  return last + 1
}

/** Does evaluating `n` do anything besides computing a value? */
function hasSideEffects(n: Node | undefined): boolean {
  if (!n) return false
  switch (n.k) {
    case 'call': case 'assign': case 'opassign': case 'preinc': case 'postinc': case 'va_start': case 'va_arg':
    case 'stmtexpr': case 'memzero': case 'builtin': case 'vla_alloc':
      return true
  }
  return hasSideEffects(n.lhs) || hasSideEffects(n.rhs) || hasSideEffects(n.cond) || hasSideEffects(n.then) || hasSideEffects(n.els) || (n.args ?? []).some(hasSideEffects)
}

/** The variable an lvalue stores into directly (x, x.m, x[i]), if any. */
function rootVar(n: Node): Var | undefined {
  if (n.k === 'var') return n.v
  if (n.k === 'member') return rootVar(n.lhs!)
  if (n.k === 'deref') {
    let x = n.lhs!
    while (x.k === 'cast' || (x.k === 'binop' && (x.op === '+' || x.op === '-'))) x = x.lhs!
    if (x.k === 'addr' && (x.lhs!.k === 'var' || x.lhs!.k === 'member')) return rootVar(x.lhs!)
  }
  return undefined
}

function elemSize(t: Type): number {
  if (t.kind === 'void' || t.kind === 'func') return 1 // GNU: arithmetic on void* and function pointers
  return t.size
}

function unqualT(t: Type): Type {
  return t.isConst || t.isVolatile ? { ...t, isConst: false, isVolatile: false } : t
}

function isNullConst(n: Node): boolean {
  return n.k === 'cast' && n.lhs!.k === 'num' && BigInt(n.lhs!.val!) === 0n
}

/** Truncate an integer value to type `ty` (two's complement wraparound). */
export function truncInt(v: bigint, ty: Type): bigint {
  if (ty.kind === 'int' && ty.rank === 0) return v !== 0n ? 1n : 0n
  const bits = ty.size * 8
  return ty.unsigned || ty.kind === 'ptr' ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v)
}

function utf8(c: number): number[] {
  if (c < 0x80) return [c]
  if (c < 0x800) return [0xc0 | (c >> 6), 0x80 | (c & 63)]
  if (c < 0x10000) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]
  return [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]
}

/** Byte-string source text -> code points, for wide literals (the source is UTF-8). */
function utf8Decode(s: string): string {
  if (!/[\xc0-\xff]/.test(s) || /[^\x00-\xff]/.test(s)) return s
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const b = s.charCodeAt(i)
    const n = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : 0
    let ok = n > 0 && i + n < s.length + 1
    for (let k = 1; ok && k <= n; k++) ok = (s.charCodeAt(i + k) & 0xc0) === 0x80
    if (!ok) {
      out += s[i]
      continue
    }
    let cp = b & (0x3f >> n)
    for (let k = 1; k <= n; k++) cp = (cp << 6) | (s.charCodeAt(i + k) & 63)
    out += String.fromCodePoint(cp)
    i += n
  }
  return out
}

function parseHexFloat(s: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/.exec(s)
  if (!m) return NaN
  const mant = parseInt((m[1] || '0') + (m[2] || ''), 16)
  return mant * Math.pow(2, Number(m[3]) - 4 * (m[2] || '').length)
}

function foldBitBuiltin(name: string, v: bigint, bits: number): bigint {
  const u = BigInt.asUintN(bits, v)
  switch (name) {
    case 'clz': {
      if (u === 0n) return BigInt(bits)
      let n = 0
      for (let i = bits - 1; i >= 0 && !((u >> BigInt(i)) & 1n); i--) n++
      return BigInt(n)
    }
    case 'ctz': {
      if (u === 0n) return BigInt(bits)
      let n = 0
      while (!((u >> BigInt(n)) & 1n)) n++
      return BigInt(n)
    }
    case 'ffs': {
      if (u === 0n) return 0n
      let n = 0
      while (!((u >> BigInt(n)) & 1n)) n++
      return BigInt(n + 1)
    }
    case 'popcount':
    case 'parity': {
      let n = 0
      for (let i = 0; i < bits; i++) if ((u >> BigInt(i)) & 1n) n++
      return BigInt(name === 'parity' ? n & 1 : n)
    }
    case 'clrsb': {
      const s = BigInt.asIntN(bits, v)
      const x = s < 0n ? BigInt.asUintN(bits, ~s) : BigInt.asUintN(bits, s)
      let n = 0
      for (let i = bits - 1; i >= 0 && !((x >> BigInt(i)) & 1n); i--) n++
      return BigInt(n - 1)
    }
    case 'bswap16':
    case 'bswap32':
    case 'bswap64': {
      let r = 0n
      for (let i = 0; i < bits / 8; i++) r = (r << 8n) | ((u >> BigInt(8 * i)) & 255n)
      return r
    }
  }
  return 0n
}

function sumCounts(c: Record<string, number>): number {
  let n = 0
  for (const k in c) n += c[k]
  return n
}

export type { Reloc }

/** Parse preprocessed tokens into a typed program. */
export function parse(toks: Token[], types: TypeFactory, diags: DiagList, opts: ParseOptions = {}): Program {
  return new Parser(toks, types, diags, opts).parseProgram()
}
