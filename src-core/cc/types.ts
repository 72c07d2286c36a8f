/*
 * C types and their layout for a target ABI.
 *
 * The Abi object fixes sizes and alignments (ILP32 for ARM32 AAPCS, the board;
 * LP64 for arm64), chosen once per compilation. Every Type is created through a
 * TypeFactory bound to one Abi, so `long` is 4 bytes on vexpress-a9 and 8 on
 * virt-arm64 without any global state.
 *
 * Worked AAPCS example: struct { char c; long long x; short s; } has c at 0,
 * x at 8 (8-aligned), s at 16, size 24, align 8. `char` is unsigned on ARM.
 */

export interface Abi {
  name: 'ilp32-arm' | 'lp64-arm64'
  ptrSize: number
  longSize: number
  longLongAlign: number
  doubleAlign: number
  /** Plain `char` is unsigned (ARM: yes). */
  charUnsigned: boolean
  /** `long double` size (ARM32: same as double). */
  longDoubleSize: number
  /** Maximum alignment of the stack/malloc (8 on AAPCS). */
  maxAlign: number
}

export const ABI_ILP32_ARM: Abi = {
  name: 'ilp32-arm',
  ptrSize: 4,
  longSize: 4,
  longLongAlign: 8,
  doubleAlign: 8,
  charUnsigned: true,
  longDoubleSize: 8,
  maxAlign: 8
}

export const ABI_LP64_ARM64: Abi = {
  name: 'lp64-arm64',
  ptrSize: 8,
  longSize: 8,
  longLongAlign: 8,
  doubleAlign: 8,
  charUnsigned: true,
  longDoubleSize: 16,
  maxAlign: 16
}

export type TypeKind = 'void' | 'int' | 'float' | 'ptr' | 'array' | 'func' | 'struct' | 'union' | 'enum'

export interface Member {
  name: string | undefined
  ty: Type
  offset: number
  /** Bit-field width, if this member is a bit-field. */
  bitWidth?: number
  /** Bit offset inside the storage unit that starts at `offset` (unit = ty.size bytes). */
  bitOffset?: number
  loc?: unknown
}

export interface Type {
  kind: TypeKind
  size: number
  align: number
  /** Integer types: unsigned? (bool, unsigned char... and plain char on ARM) */
  unsigned: boolean
  /** Spelling for diagnostics: 'int', 'long unsigned int', 'char', 'struct foo'... */
  name: string
  /** Integer conversion rank (C11 6.3.1.1): bool 0, char 1, short 2, int 3, long 4, long long 5. */
  rank: number
  base?: Type
  /** Array length; -1 for an incomplete array (`int a[]`, flexible member). */
  len?: number
  ret?: Type
  params?: Type[]
  paramNames?: (string | undefined)[]
  variadic?: boolean
  /** `int f()`: no prototype. */
  oldStyle?: boolean
  members?: Member[]
  tag?: string
  complete?: boolean
  isConst?: boolean
  isVolatile?: boolean
  /** The typedef name this type was spelled with, for diagnostics ("size_t"). */
  typedefName?: string
  /** The unqualified type this one is a qualified/typedef'd copy of. */
  origin?: Type
  /** Enum: underlying integer type. */
  packed?: boolean
  /** Qualified/typedef copies made while this record was incomplete (updated on completion). */
  copies?: Type[]
  /** Variable length array: the hidden local holding its size in bytes (size is 0 here). */
  vla?: unknown
  /** Identity used for compatibility of struct/union/enum copies. */
  id: number
}

let nextId = 1

export class TypeFactory {
  readonly void: Type
  readonly bool: Type
  readonly char: Type
  readonly schar: Type
  readonly uchar: Type
  readonly short: Type
  readonly ushort: Type
  readonly int: Type
  readonly uint: Type
  readonly long: Type
  readonly ulong: Type
  readonly llong: Type
  readonly ullong: Type
  readonly float: Type
  readonly double: Type
  readonly ldouble: Type
  /** size_t, ptrdiff_t per the ABI. */
  readonly sizeT: Type
  readonly ptrdiffT: Type

  constructor(readonly abi: Abi) {
    const int = (name: string, size: number, unsigned: boolean, rank: number, align = size): Type => ({
      kind: 'int', size, align, unsigned, name, rank, id: nextId++
    })
    this.void = { kind: 'void', size: 1, align: 1, unsigned: false, name: 'void', rank: 0, id: nextId++ }
    this.bool = int('_Bool', 1, true, 0)
    this.char = int('char', 1, abi.charUnsigned, 1)
    this.schar = int('signed char', 1, false, 1)
    this.uchar = int('unsigned char', 1, true, 1)
    this.short = int('short int', 2, false, 2)
    this.ushort = int('short unsigned int', 2, true, 2)
    this.int = int('int', 4, false, 3)
    this.uint = int('unsigned int', 4, true, 3)
    this.long = int('long int', abi.longSize, false, 4)
    this.ulong = int('long unsigned int', abi.longSize, true, 4)
    this.llong = int('long long int', 8, false, 5, abi.longLongAlign)
    this.ullong = int('long long unsigned int', 8, true, 5, abi.longLongAlign)
    const flt = (name: string, size: number, align: number): Type => ({
      kind: 'float', size, align, unsigned: false, name, rank: 0, id: nextId++
    })
    this.float = flt('float', 4, 4)
    this.double = flt('double', 8, abi.doubleAlign)
    this.ldouble = flt('long double', abi.longDoubleSize, abi.longDoubleSize > 8 ? 16 : abi.doubleAlign)
    this.sizeT = abi.ptrSize === 4 ? this.uint : this.ulong
    this.ptrdiffT = abi.ptrSize === 4 ? this.int : this.long
  }

  ptr(base: Type): Type {
    return { kind: 'ptr', size: this.abi.ptrSize, align: this.abi.ptrSize, unsigned: true, name: '', rank: 0, base, id: nextId++ }
  }

  array(base: Type, len: number): Type {
    return {
      kind: 'array', size: len < 0 ? 0 : base.size * len, align: base.align, unsigned: false, name: '', rank: 0, base, len,
      id: nextId++
    }
  }

  func(ret: Type, params: Type[], variadic: boolean, oldStyle = false): Type {
    return { kind: 'func', size: 1, align: 1, unsigned: false, name: '', rank: 0, ret, params, variadic, oldStyle, id: nextId++ }
  }

  record(kind: 'struct' | 'union', tag: string | undefined): Type {
    return { kind, size: 0, align: 1, unsigned: false, name: `${kind} ${tag ?? '<anonymous>'}`, rank: 0, tag, members: [], complete: false, id: nextId++ }
  }

  enumType(tag: string | undefined): Type {
    // AAPCS (Linux EABI): enums are 4 bytes (-fno-short-enums); unsigned if no negative enumerator.
    return { kind: 'enum', size: 4, align: 4, unsigned: true, name: `enum ${tag ?? '<anonymous>'}`, rank: 3, tag, complete: false, id: nextId++ }
  }

  /**
   * Lay out a struct or union (AAPCS = the generic SysV rules): members at the
   * next multiple of their alignment; bit-fields packed into storage units of
   * their declared type, never straddling a unit boundary, a zero-width one
   * closes the unit; the size is rounded up to the largest alignment.
   */
  layout(t: Type, members: Member[], packed: boolean, forcedAlign: number): void {
    let bits = 0 // offset in bits
    let align = 1
    const isUnion = t.kind === 'union'
    let maxSize = 0
    for (const m of members) {
      const mAlign = packed ? 1 : m.ty.align
      if (m.bitWidth !== undefined) {
        const unitBits = m.ty.size * 8
        if (m.bitWidth === 0) {
          // Zero width: align to the next unit of this type.
          bits = Math.ceil(bits / unitBits) * unitBits
          m.offset = bits >> 3
          continue
        }
        if (isUnion) bits = 0
        if (!packed && Math.floor(bits / unitBits) !== Math.floor((bits + m.bitWidth - 1) / unitBits)) {
          bits = Math.ceil(bits / unitBits) * unitBits
        }
        // Storage unit: the naturally aligned unit containing the first bit.
        const unitStart = packed ? (bits >> 3) : Math.floor(bits / unitBits) * m.ty.size
        m.offset = unitStart
        m.bitOffset = bits - unitStart * 8
        bits += m.bitWidth
        // Unnamed bit-fields do not affect the alignment (AAPCS 7.1.7.x, as gcc).
        if (m.name !== undefined) align = Math.max(align, mAlign)
        if (isUnion) maxSize = Math.max(maxSize, Math.ceil(m.bitWidth / 8))
        if (packed && m.offset + m.ty.size > Math.ceil(bits / 8) + m.ty.size) m.offset = bits >> 3
        continue
      }
      if (isUnion) {
        m.offset = 0
        maxSize = Math.max(maxSize, m.ty.size)
      } else {
        const off = Math.ceil(Math.ceil(bits / 8) / mAlign) * mAlign
        m.offset = off
        bits = (off + m.ty.size) * 8
      }
      align = Math.max(align, mAlign)
    }
    if (forcedAlign > align) align = forcedAlign
    const rawSize = isUnion ? maxSize : Math.ceil(bits / 8)
    t.members = members
    t.align = align
    t.size = Math.ceil(rawSize / align) * align
    t.complete = true
    t.packed = packed
    syncCopies(t)
  }

  /** A copy of `t` with qualifiers/typedef name changed (same identity for compatibility). */
  qualified(t: Type, q: { isConst?: boolean; isVolatile?: boolean; typedefName?: string }): Type {
    const base = t.origin ?? t
    const c = { ...t, ...q, origin: base }
    if ((base.kind === 'struct' || base.kind === 'union' || base.kind === 'enum') && !base.complete) {
      // A typedef of an incomplete struct must see its later completion.
      ;(base.copies ??= []).push(c)
    }
    return c
  }
}

/** Propagate a record's (or enum's) completion to the copies made while it was incomplete. */
export function syncCopies(t: Type): void {
  for (const c of t.copies ?? []) {
    c.size = t.size
    c.align = t.align
    c.members = t.members
    c.complete = t.complete
    c.packed = t.packed
    c.unsigned = t.unsigned
    c.rank = t.rank
  }
}

export const isInteger = (t: Type): boolean => t.kind === 'int' || t.kind === 'enum'
export const isFloat = (t: Type): boolean => t.kind === 'float'
export const isArith = (t: Type): boolean => isInteger(t) || isFloat(t)
export const isPtr = (t: Type): boolean => t.kind === 'ptr'
export const isScalar = (t: Type): boolean => isArith(t) || t.kind === 'ptr'
export const isRecord = (t: Type): boolean => t.kind === 'struct' || t.kind === 'union'
/** The type's identity, ignoring qualifiers and typedef names. */
export const unqual = (t: Type): Type => t.origin ?? t

/** Spell a type as gcc's diagnostics do: 'int', 'char *', 'const char *', 'int (*)(int)', 'struct foo'. */
export function typeName(t: Type, inner = '', noTypedef = false): string {
  const q = (t.isConst ? 'const ' : '') + (t.isVolatile ? 'volatile ' : '')
  if (t.typedefName && !inner && !noTypedef) return q + t.typedefName
  switch (t.kind) {
    case 'ptr': {
      const cv = (t.isConst ? ' const' : '') + (t.isVolatile ? ' volatile' : '')
      const b = t.base!
      const star = '*' + cv + inner
      if (b.kind === 'func' || b.kind === 'array') return typeName(b, `(${star})`, noTypedef)
      return typeName(b, star, noTypedef)
    }
    case 'array': {
      return typeName(t.base!, `${inner}[${t.len !== undefined && t.len >= 0 ? t.len : ''}]`, noTypedef)
    }
    case 'func': {
      const ps = t.params!.map((p) => typeName(p, '', noTypedef))
      if (t.variadic) ps.push('...')
      const plist = ps.length ? ps.join(', ') : t.oldStyle ? '' : 'void'
      return joinType(typeName(t.ret!, '', noTypedef), `${inner}(${plist})`)
    }
    default: {
      const base = (noTypedef ? undefined : t.typedefName) ?? t.name
      return inner ? joinType(q + base, inner) : q + base
    }
  }
}

/** A type quoted as gcc's diagnostics do: 'size_t' {aka 'unsigned int'}. */
export function quoteType(t: Type): string {
  const a = typeName(t)
  const b = typeName(t, '', true)
  return a === b ? `'${a}'` : `'${a}' {aka '${b}'}`
}

/** A type as gcc's range labels show it: size_t {aka unsigned int}. */
export function labelType(t: Type): string {
  const a = typeName(t)
  const b = typeName(t, '', true)
  return a === b ? a : `${a} {aka ${b}}`
}

function joinType(a: string, b: string): string {
  if (!b) return a
  if (b.startsWith('*') || b.startsWith('(')) return `${a} ${b}`
  if (b.startsWith('[')) return `${a}${b}`
  return `${a} ${b}`
}
