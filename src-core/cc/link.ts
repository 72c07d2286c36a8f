/*
 * The linker: checked translation units -> an Image with every function and
 * object placed at a real 32-bit address of the simulated board.
 *
 * Sections follow what ld does for a static ARM executable, simplified:
 * .text (one 16-byte slot per function, so a function pointer is a real text
 * address and calling a bad one faults), then .rodata, .data, .bss, each
 * aligned. Relocations (pointers in initialised data) are applied here, since
 * all addresses are final. Unresolved symbols become ld's diagnostics.
 */

import type { Func, Program, Var } from './ast'
import type { DiagList } from './diag'

export interface LinkOptions {
  /** Address of .text. Functions take 16-byte slots from here. */
  textBase: number
  /** Address of .rodata; default: right after .text, page aligned. */
  dataBase?: number
  /** Functions the embedder provides (bindings): name -> present. */
  externals: ReadonlySet<string>
  /** Data symbols the embedder provides at fixed addresses (e.g. `jiffies`). */
  dataSymbols?: Readonly<Record<string, number>>
  /** Name of the entry function that must exist (e.g. 'main'); none for modules. */
  entry?: string
}

export interface Segment {
  addr: number
  /** Initial contents (empty for .bss). */
  bytes: Uint8Array
  /** Size in memory. */
  size: number
  kind: 'rodata' | 'data' | 'bss'
}

export interface SymbolInfo {
  name: string
  addr: number
  size: number
  kind: 'func' | 'native' | 'object'
}

export interface Image {
  /** All defined functions, index i at textBase + 16*i. */
  funcs: Func[]
  /** Native (bound) functions, at textBase + 16*(funcs.length + j). */
  natives: string[]
  /** Address of every global Var (objects and functions) referenced by any unit. */
  addrOf: Map<Var, number>
  /** Resolved definition for each extern reference (declaration Var -> defining Var). */
  resolve: Map<Var, Var>
  /** Native index for declaration Vars bound to natives. */
  nativeOf: Map<Var, number>
  segments: Segment[]
  textBase: number
  textEnd: number
  /** First address after .bss (initial program break). */
  end: number
  symbols: SymbolInfo[]
}

const FUNC_SLOT = 16

const alignUp = (x: number, a: number): number => Math.ceil(x / a) * a

/**
 * Link `units`; `libraryUnits` behave like a static archive: their definitions
 * are used only for names no ordinary unit defines (a program may define its
 * own `ffs` or `div`, as with libc.a).
 */
export function link(units: Program[], opts: LinkOptions, diags: DiagList, libraryUnits: Program[] = []): Image {
  const userDefined = new Set<string>()
  for (const u of units) for (const v of u.globals) if (!v.isStatic && (v.fn || (v.defined && !v.isFunc))) userDefined.add(v.name)
  const shadows = new Map<Var, Var>()
  const libs = libraryUnits.map((u) => ({
    globals: u.globals.map((v) => {
      if (v.isStatic || !userDefined.has(v.name) || !(v.fn || v.defined)) return v
      const sh = shadowed(v)
      shadows.set(v, sh)
      return sh
    }),
    funcs: u.funcs.filter((f) => f.isStatic || !userDefined.has(f.name))
  }))
  units = [...units, ...libs]
  const defs = new Map<string, Var>()
  const funcs: Func[] = []
  const addrOf = new Map<Var, number>()
  const resolve = new Map<Var, Var>()
  const nativeOf = new Map<Var, number>()
  const natives: string[] = []
  const symbols: SymbolInfo[] = []

  // 1. Definitions (non-static) by name; report duplicates as ld does.
  for (const u of units) {
    for (const v of u.globals) {
      if (v.isStatic || !v.defined && !v.fn) continue
      if (!v.isFunc && !v.defined) continue
      const old = defs.get(v.name)
      if (old) {
        const bothTentative = !old.isFunc && !v.isFunc && !old.init && !v.init
        if (bothTentative) {
          // Common symbols (-fcommon was the default before gcc 10; gcc 12 errors).
          diags.add('error', undefined, `multiple definition of \`${v.name}'`)
          continue
        }
        if (old.isFunc && v.isFunc && (!old.fn || !v.fn)) {
          if (v.fn) defs.set(v.name, v)
          continue
        }
        diags.add('error', undefined, `multiple definition of \`${v.name}'`)
        continue
      }
      if (v.isFunc && !v.fn) continue
      defs.set(v.name, v)
    }
  }

  // 2. Text: defined functions.
  for (const u of units) for (const f of u.funcs) funcs.push(f)
  funcs.forEach((f, i) => {
    const a = opts.textBase + FUNC_SLOT * i
    addrOf.set(f.v, a)
    symbols.push({ name: f.name, addr: a, size: FUNC_SLOT, kind: 'func' })
  })

  // 3. Resolve every referenced global declaration.
  const undefinedRefs = new Map<string, string | undefined>()
  for (const u of units) {
    for (const v of u.globals) {
      if (v.isFunc) {
        if (v.fn) continue
        const d = v.isStatic ? undefined : defs.get(v.name)
        if (d && d.fn) {
          resolve.set(v, d)
          continue
        }
        if (opts.externals.has(v.name)) {
          let idx = natives.indexOf(v.name)
          if (idx < 0) {
            idx = natives.length
            natives.push(v.name)
          }
          nativeOf.set(v, idx)
          continue
        }
        if (v.reads > 0) undefinedRefs.set(v.name, undefined)
        continue
      }
      if (!v.defined) {
        const d = defs.get(v.name)
        if (d) {
          resolve.set(v, d)
          continue
        }
        const ext = opts.dataSymbols?.[v.name]
        if (ext !== undefined) {
          addrOf.set(v, ext)
          continue
        }
        if (v.reads > 0 || v.writes > 0) undefinedRefs.set(v.name, undefined)
      }
    }
  }
  natives.forEach((n, j) => {
    symbols.push({ name: n, addr: opts.textBase + FUNC_SLOT * (funcs.length + j), size: FUNC_SLOT, kind: 'native' })
  })
  if (opts.entry && !(defs.get(opts.entry)?.fn)) {
    diags.add('error', undefined, `undefined reference to \`${opts.entry}'`)
  }
  for (const name of undefinedRefs.keys()) diags.add('error', undefined, `undefined reference to \`${name}'`)

  const textEnd = opts.textBase + FUNC_SLOT * (funcs.length + natives.length)

  // 4. Data sections.
  const objs: Var[] = []
  for (const u of units) for (const v of u.globals) if (!v.isFunc && v.defined && (v.isStatic || defs.get(v.name) === v)) objs.push(v)
  let cur = opts.dataBase ?? alignUp(textEnd + 1, 4096)
  const segments: Segment[] = []
  const place = (kind: Segment['kind'], list: Var[]): void => {
    if (!list.length) return
    const start = alignUp(cur, 8)
    let off = 0
    const at: number[] = []
    for (const v of list) {
      off = alignUp(off, Math.max(v.align, v.ty.align, 1))
      at.push(off)
      off += Math.max(v.ty.size, v.init ? v.init.bytes.length : 0)
    }
    const bytes = new Uint8Array(kind === 'bss' ? 0 : off)
    list.forEach((v, i) => {
      addrOf.set(v, start + at[i])
      if (!v.quiet || !v.name.startsWith('.')) symbols.push({ name: v.name, addr: start + at[i], size: v.ty.size, kind: 'object' })
    })
    segments.push({ addr: start, bytes, size: off, kind })
    cur = start + off
  }
  place('rodata', objs.filter((v) => v.init && v.rodata))
  cur = alignUp(cur, 4096)
  place('data', objs.filter((v) => v.init && !v.rodata))
  place('bss', objs.filter((v) => !v.init))
  const end = cur

  // 5. Declarations resolved to definitions share the address.
  for (const [decl, d] of resolve) {
    const a = addrOf.get(d)
    if (a !== undefined) addrOf.set(decl, a)
  }
  nativeOf.forEach((j, v) => addrOf.set(v, opts.textBase + FUNC_SLOT * (funcs.length + j)))
  // The library's own references to a definition the program overrides go to the program's.
  for (const [orig, sh] of shadows) {
    const d = resolve.get(sh)
    if (d) resolve.set(orig, d)
    const a = addrOf.get(sh)
    if (a !== undefined) addrOf.set(orig, a)
  }

  // 6. Copy initialisers and apply relocations.
  for (const seg of segments) {
    if (seg.kind === 'bss') continue
    for (const v of objs) {
      const a = addrOf.get(v)!
      if (!v.init || a < seg.addr || a >= seg.addr + seg.bytes.length) continue
      seg.bytes.set(v.init.bytes, a - seg.addr)
      for (const r of v.init.relocs) {
        let t = addrOf.get(r.target)
        if (t === undefined) {
          const d = defs.get(r.target.name)
          t = d ? addrOf.get(d) : undefined
        }
        if (t === undefined) {
          diags.add('error', undefined, `undefined reference to \`${r.target.name}'`)
          continue
        }
        const val = (t + r.addend) >>> 0
        const o = a - seg.addr + r.offset
        seg.bytes[o] = val & 255
        seg.bytes[o + 1] = (val >>> 8) & 255
        seg.bytes[o + 2] = (val >>> 16) & 255
        seg.bytes[o + 3] = (val >>> 24) & 255
      }
    }
  }
  symbols.sort((a, b) => a.addr - b.addr)
  return { funcs, natives, addrOf, resolve, nativeOf, segments, textBase: opts.textBase, textEnd, end, symbols }
}


/** A library definition overridden by the program: seen as a mere declaration. */
function shadowed(v: Var): Var {
  return { ...v, fn: undefined, defined: false, init: undefined, isExtern: true }
}
