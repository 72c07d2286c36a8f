/*
 * cc: the C compiler and execution engine of the simulated board.
 *
 * The pipeline, chained here and only here (chibicc's main.c):
 *
 *   preprocess (tokens)  ->  parse (typed AST)  ->  check (warnings)
 *     -> link (addresses)  ->  codegen (JS source)  ->  run (Runtime)
 *
 * Each stage takes the previous stage's data and returns new data; no stage
 * calls back up the chain (the preprocessor's #if uses cexpr.ts, the one
 * sideways call). Diagnostics from all stages collect in one DiagList, which
 * renderDiags() prints as gcc 12 does.
 */

import type { Program } from './ast'
import { check } from './check'
import { type DebugInfo, generate } from './codegen'
import { CcAbort, type Diag, DiagList, renderDiags } from './diag'
import { type Image, link } from './link'
import { parse } from './parse'
import { type FileLookup, preprocess } from './preprocess'
import { type RunOptions, Runtime } from './run'
import { LIBC_HEADERS } from './libc/headers'
import { LIBC_SOURCE } from './libc/libc-src'
import { blockingNames, userNatives } from './libc/natives'
import { USER_LAYOUT, type UserIo, type UserResult, runImage } from './user'
import { ABI_ILP32_ARM, type Abi, TypeFactory } from './types'

export type { Diag } from './diag'
export { renderDiags } from './diag'
export type { CMemory, CValue, NativeFn, RunOptions, CFrame, TrapKind, Access, CBlock, CSuspend } from './run'
export { CExit, CTrap, LongJmp, MemFault, PREEMPT, QUANTUM, Runtime, VaList } from './run'
export type { Abi } from './types'
export { ABI_ILP32_ARM, ABI_LP64_ARM64 } from './types'
export type { Image, SymbolInfo } from './link'
export { type UserIo, type UserResult, USER_LAYOUT } from './user'
export { formatC, formatFloat } from './format'

export interface SourceFile {
  name: string
  contents: string
}

export interface CompileOptions {
  abi?: Abi
  /** 'user' programs get the libc headers; 'kernel' modules get __KERNEL__ and MODULE. */
  mode?: 'user' | 'kernel'
  /** Extra predefined macros (CONFIG_*, KBUILD_MODNAME...). */
  defines?: Readonly<Record<string, string>>
  /** Virtual file lookup: user files and the include tree. Never the host file system. */
  readFile?: FileLookup
  /** Include search path for <...> (e.g. ['/usr/include']). */
  includeDirs?: string[]
  /** Address of .text; data follows. */
  textBase: number
  dataBase?: number
  /** Names of functions the embedder binds (natives). */
  externals: ReadonlySet<string>
  /** Data symbols the embedder provides at fixed addresses. */
  dataSymbols?: Readonly<Record<string, number>>
  /** Entry point that must be defined (e.g. 'main'); omit for modules. */
  entry?: string
  /** Already-parsed units linked in (e.g. the libc). */
  extraUnits?: Program[]
  /** Natives that may block in a resumable run (see libc/natives.ts). */
  blockingNatives?: ReadonlySet<string>
  /** Natives after which a resumable run may yield (Runtime.preempt: the kernel's allocators). */
  preemptingNatives?: ReadonlySet<string>
}

export interface CompiledProgram {
  image: Image
  /** The generated JavaScript (for debugging and tests; executed by instantiate). */
  js: string
  /** The resumable code (generated on first use). */
  resumableJs(): string
  /** A Runtime over the plain code, or the resumable code with `opts.resumable`. */
  instantiate(opts: RunOptions): Runtime
}

/**
 * A linked image with its plain code; the resumable code is generated the
 * first time a runtime asks for it (the same image, so no new diagnostics).
 */
function compiledProgram(img: Image, js: string, debug: DebugInfo, blocking: ReadonlySet<string>, preempting?: ReadonlySet<string>): CompiledProgram {
  let res: { js: string; debug: DebugInfo } | undefined
  const resumable = (): { js: string; debug: DebugInfo } => (res ??= generate(img, new DiagList(), { resumable: true, blocking, preempting }))
  return {
    image: img,
    js,
    resumableJs: () => resumable().js,
    instantiate: (ro: RunOptions) => {
      if (!ro.resumable) return new Runtime(img, js, ro, debug)
      const r = resumable()
      return new Runtime(img, r.js, ro, r.debug)
    }
  }
}

export interface CompileResult {
  ok: boolean
  diagnostics: Diag[]
  program?: CompiledProgram
}

/** Macros gcc 12 predefines for arm-linux-gnueabihf at -O0 -std=gnu11 (the subset headers test). */
export function predefinedMacros(abi: Abi, mode: 'user' | 'kernel'): Record<string, string> {
  const d: Record<string, string> = {
    __STDC__: '1', __STDC_VERSION__: '201112L', __STDC_HOSTED__: '1', __GNUC__: '12', __GNUC_MINOR__: '2',
    __GNUC_PATCHLEVEL__: '0', __VERSION__: '"12.2.0"', __GNUC_STDC_INLINE__: '1', __NO_INLINE__: '1',
    __CHAR_BIT__: '8', __SCHAR_MAX__: '0x7f', __SHRT_MAX__: '0x7fff', __INT_MAX__: '0x7fffffff',
    __LONG_LONG_MAX__: '0x7fffffffffffffffLL', __SIZEOF_INT__: '4', __SIZEOF_SHORT__: '2',
    __SIZEOF_LONG_LONG__: '8', __SIZEOF_FLOAT__: '4', __SIZEOF_DOUBLE__: '8', __SIZEOF_WCHAR_T__: '4',
    __ORDER_LITTLE_ENDIAN__: '1234', __ORDER_BIG_ENDIAN__: '4321', __ORDER_PDP_ENDIAN__: '3412',
    __BYTE_ORDER__: '__ORDER_LITTLE_ENDIAN__', __FLOAT_WORD_ORDER__: '__ORDER_LITTLE_ENDIAN__',
    __linux__: '1', __linux: '1', linux: '1', __unix__: '1', __unix: '1', unix: '1', __gnu_linux__: '1',
    __ELF__: '1', __USER_LABEL_PREFIX__: '', __REGISTER_PREFIX__: '', __CHAR_UNSIGNED__: '1',
    __INT8_TYPE__: 'signed char', __INT16_TYPE__: 'short int', __INT32_TYPE__: 'int',
    __INT64_TYPE__: 'long long int', __UINT8_TYPE__: 'unsigned char', __UINT16_TYPE__: 'short unsigned int',
    __UINT32_TYPE__: 'unsigned int', __UINT64_TYPE__: 'long long unsigned int',
    __INTMAX_TYPE__: 'long long int', __UINTMAX_TYPE__: 'long long unsigned int', __WCHAR_TYPE__: 'unsigned int',
    __DBL_MAX__: '((double)1.79769313486231570814527423731704357e+308L)', __DBL_MIN__: '((double)2.22507385850720138309023271733240406e-308L)',
    __FLT_MAX__: '3.40282346638528859811704183484516925e+38F', __FLT_MIN__: '1.17549435082228750796873653722224568e-38F',
    __DBL_EPSILON__: '((double)2.22044604925031308084726333618164062e-16L)', __FLT_EPSILON__: '1.19209289550781250000000000000000000e-7F',
    __DBL_MANT_DIG__: '53', __FLT_MANT_DIG__: '24', __DBL_DIG__: '15', __FLT_DIG__: '6',
    __LDBL_MAX__: '1.79769313486231570814527423731704357e+308L', __LDBL_MIN__: '2.22507385850720138309023271733240406e-308L',
    __LDBL_EPSILON__: '2.22044604925031308084726333618164062e-16L', __LDBL_MANT_DIG__: '53', __LDBL_DIG__: '15',
    __FLT_MAX_EXP__: '128', __DBL_MAX_EXP__: '1024', __LDBL_MAX_EXP__: '1024', __FLT_MIN_EXP__: '(-125)',
    __DBL_MIN_EXP__: '(-1021)', __FLT_RADIX__: '2', __DBL_DENORM_MIN__: '((double)4.94065645841246544176568792868221372e-324L)',
    __FLT_DENORM_MIN__: '1.40129846432481707092372958328991613e-45F',
    __INT_LEAST8_TYPE__: 'signed char', __INT_LEAST16_TYPE__: 'short int', __INT_LEAST32_TYPE__: 'int',
    __INT_LEAST64_TYPE__: 'long long int', __UINT_LEAST8_TYPE__: 'unsigned char', __UINT_LEAST16_TYPE__: 'short unsigned int',
    __UINT_LEAST32_TYPE__: 'unsigned int', __UINT_LEAST64_TYPE__: 'long long unsigned int', __INT_FAST8_TYPE__: 'signed char',
    __INT_FAST16_TYPE__: 'int', __INT_FAST32_TYPE__: 'int', __INT_FAST64_TYPE__: 'long long int',
    __UINT_FAST8_TYPE__: 'unsigned char', __UINT_FAST16_TYPE__: 'unsigned int', __UINT_FAST32_TYPE__: 'unsigned int',
    __UINT_FAST64_TYPE__: 'long long unsigned int', __CHAR16_TYPE__: 'short unsigned int', __CHAR32_TYPE__: 'unsigned int',
    __INT8_MAX__: '0x7f', __INT16_MAX__: '0x7fff', __INT32_MAX__: '0x7fffffff', __INT64_MAX__: '0x7fffffffffffffffLL',
    __UINT8_MAX__: '0xff', __UINT16_MAX__: '0xffff', __UINT32_MAX__: '0xffffffffU', __UINT64_MAX__: '0xffffffffffffffffULL',
    __INTMAX_MAX__: '0x7fffffffffffffffLL', __UINTMAX_MAX__: '0xffffffffffffffffULL', __WCHAR_MAX__: '0xffffffffU',
    __WCHAR_MIN__: '0U', __SCHAR_WIDTH__: '8', __SHRT_WIDTH__: '16', __INT_WIDTH__: '32', __LONG_LONG_WIDTH__: '64'
  }
  if (abi.ptrSize === 4) {
    Object.assign(d, {
      __arm__: '1', __ARM_ARCH: '7', __ARM_ARCH_7A__: '1', __ARMEL__: '1', __ARM_EABI__: '1', __APCS_32__: '1',
      __ARM_PCS_VFP: '1', __VFP_FP__: '1', __ARM_FP: '12', __ARM_ARCH_ISA_ARM: '1', __ARM_ARCH_ISA_THUMB: '2',
      __ARM_ARCH_PROFILE: '65', __thumb2__: '1', __SIZEOF_LONG__: '4', __SIZEOF_POINTER__: '4', __SIZEOF_SIZE_T__: '4',
      __SIZEOF_LONG_DOUBLE__: '8', __SIZEOF_PTRDIFF_T__: '4', __LONG_MAX__: '0x7fffffffL', __SIZE_TYPE__: 'unsigned int',
      __PTRDIFF_TYPE__: 'int', __INTPTR_TYPE__: 'int', __UINTPTR_TYPE__: 'unsigned int', __SIZE_MAX__: '0xffffffffU',
      __BIGGEST_ALIGNMENT__: '8', __PTRDIFF_MAX__: '0x7fffffff', __INTPTR_MAX__: '0x7fffffff', __UINTPTR_MAX__: '0xffffffffU',
      __LONG_WIDTH__: '32', __PTRDIFF_WIDTH__: '32', __SIZE_WIDTH__: '32', __SIZEOF_WINT_T__: '4', __WINT_TYPE__: 'unsigned int'
    })
  } else {
    Object.assign(d, {
      __aarch64__: '1', __ARM_ARCH: '8', __ARM_64BIT_STATE: '1', __LP64__: '1', _LP64: '1', __SIZEOF_LONG__: '8',
      __SIZEOF_POINTER__: '8', __SIZEOF_SIZE_T__: '8', __SIZEOF_LONG_DOUBLE__: '16', __SIZEOF_PTRDIFF_T__: '8',
      __LONG_MAX__: '0x7fffffffffffffffL', __SIZE_TYPE__: 'long unsigned int', __PTRDIFF_TYPE__: 'long int',
      __INTPTR_TYPE__: 'long int', __UINTPTR_TYPE__: 'long unsigned int', __SIZE_MAX__: '0xffffffffffffffffUL',
      __BIGGEST_ALIGNMENT__: '16'
    })
  }
  if (mode === 'kernel') Object.assign(d, { __KERNEL__: '1', MODULE: '1', __OPTIMIZE__: '1' })
  return d
}

/** Preprocess, parse and check one translation unit. */
export function compileUnit(file: SourceFile, opts: CompileOptions, types: TypeFactory, diags: DiagList): Program | undefined {
  const mode = opts.mode ?? 'user'
  const defines = { ...predefinedMacros(types.abi, mode), ...(opts.defines ?? {}) }
  const readFile: FileLookup = (p) => (p === file.name ? file.contents : opts.readFile ? opts.readFile(p) : null)
  try {
    const toks = preprocess(file.name, file.contents, { defines, readFile, includeDirs: opts.includeDirs ?? [] }, diags)
    const prog = parse(toks, types, diags)
    check(prog, diags)
    return prog
  } catch (e) {
    if (e instanceof CcAbort) return undefined
    if (e instanceof RangeError) {
      // Pathologically deep nesting: report like gcc's internal limits, never crash.
      diags.add('fatal error', undefined, 'program too deeply nested')
      return undefined
    }
    throw e
  }
}

/**
 * Compile and link C files into a loadable program. `ok` is false if any
 * error diagnostic (compile or link) was produced; warnings keep `ok` true.
 */
export function compile(files: SourceFile[], opts: CompileOptions): CompileResult {
  const diags = new DiagList()
  const types = new TypeFactory(opts.abi ?? ABI_ILP32_ARM)
  const units: Program[] = []
  for (const f of files) {
    const u = compileUnit(f, opts, types, diags)
    if (u) units.push(u)
  }
  if (diags.errorCount > 0 || units.length !== files.length) return { ok: false, diagnostics: diags.items }
  const linkDiags = new DiagList()
  const img = link(units, opts, linkDiags, opts.extraUnits ?? [])
  if (linkDiags.errorCount > 0) {
    for (const d of linkDiags.items) diags.items.push(d)
    return { ok: false, diagnostics: diags.items }
  }
  if (types.abi.ptrSize !== 4) {
    // Types and layout follow the LP64 Abi; the code generator still models 32-bit pointers only.
    diags.add('error', undefined, `code generation for ${types.abi.name} is not implemented yet (only ILP32 ARM)`)
    return { ok: false, diagnostics: diags.items }
  }
  const { js, debug } = generate(img, diags)
  if (diags.errorCount > 0) return { ok: false, diagnostics: diags.items }
  return {
    ok: true,
    diagnostics: diags.items,
    program: compiledProgram(img, js, debug, opts.blockingNatives ?? new Set(), opts.preemptingNatives)
  }
}

/** gcc's text for a diagnostic list, with ld's summary line when linking failed. */
export function diagnosticsText(diags: readonly Diag[]): string {
  const compileDiags = diags.filter((d) => d.loc || !d.message.startsWith('undefined reference') && !d.message.startsWith('multiple definition'))
  const linkDiags = diags.filter((d) => !compileDiags.includes(d))
  let out = renderDiags(compileDiags)
  if (linkDiags.length) {
    for (const d of linkDiags) out += `/usr/bin/ld: ${d.message}\n`
    out += 'collect2: error: ld returned 1 exit status\n'
  }
  return out
}

// ---- user programs ------------------------------------------------------------

const USR_INCLUDE = '/usr/include'

/** The libc include tree as a lookup (paths under /usr/include). */
export function libcLookup(p: string): string | null {
  if (!p.startsWith(USR_INCLUDE + '/')) return null
  return LIBC_HEADERS[p.slice(USR_INCLUDE.length + 1)] ?? null
}

/** Names every user program may call without defining (the libc natives), and those that may block. */
const NATIVE_TABLE = userNatives(undefined as never)
const NATIVE_NAMES = new Set(Object.keys(NATIVE_TABLE))
const BLOCKING_NAMES = blockingNames(NATIVE_TABLE)

const libcCache = new Map<string, Program>()

/** The libc, parsed once per ABI and linked into every user program. */
function libcUnit(types: TypeFactory): Program {
  const hit = libcCache.get(types.abi.name)
  if (hit) return hit
  const diags = new DiagList()
  const u = compileUnit(
    { name: 'libc.c', contents: LIBC_SOURCE },
    { mode: 'user', readFile: libcLookup, includeDirs: [USR_INCLUDE], textBase: 0, externals: NATIVE_NAMES },
    types,
    diags
  )
  if (!u || diags.errorCount) throw new Error('cc: internal libc failed to compile:\n' + renderDiags(diags.items))
  libcCache.set(types.abi.name, u)
  return u
}

/**
 * Compile one user program with the machine's libc and run it on a bare
 * ILP32 address space (user.ts). A compile error gives status 1 and gcc's
 * diagnostics on stderr, as `gcc prog.c && ./a.out` would.
 */
export interface UserCompileResult {
  ok: boolean
  program?: CompiledProgram
  diagnostics: Diag[]
  /** gcc's text for the diagnostics (warnings when ok, errors otherwise). */
  text: string
}

/**
 * Compile and link a user program with the machine's libc (no run): what the
 * console's `gcc` does. `readFile` serves the program's own #include "..."
 * files; the libc headers come first.
 */
export function compileUserProgram(files: Array<SourceFile & { defines?: Readonly<Record<string, string>> }>, io: { readFile?: FileLookup; defines?: Readonly<Record<string, string>> } = {}): UserCompileResult {
  const types = new TypeFactory(ABI_ILP32_ARM)
  const libc = libcUnit(types)
  const readFile: FileLookup = (p) => libcLookup(p) ?? (io.readFile ? io.readFile(p) : null)
  const diags = new DiagList()
  const units: Program[] = []
  for (const f of files) {
    const u = compileUnit(f, { mode: 'user', readFile, includeDirs: [USR_INCLUDE], textBase: USER_LAYOUT.textBase, externals: NATIVE_NAMES, defines: { ...io.defines, ...f.defines } }, types, diags)
    if (u) units.push(u)
  }
  const text = (): string => diagnosticsText(diags.items)
  if (diags.errorCount > 0 || units.length !== files.length) return { ok: false, diagnostics: diags.items, text: text() }
  const linkDiags = new DiagList()
  const img = link(units, { textBase: USER_LAYOUT.textBase, externals: NATIVE_NAMES, entry: 'main' }, linkDiags, [libc])
  if (linkDiags.errorCount > 0) {
    for (const d of linkDiags.items) diags.items.push(d)
    return { ok: false, diagnostics: diags.items, text: text() }
  }
  const { js, debug } = generate(img, diags)
  if (diags.errorCount > 0) return { ok: false, diagnostics: diags.items, text: text() }
  return { ok: true, diagnostics: diags.items, text: text(), program: compiledProgram(img, js, debug, BLOCKING_NAMES) }
}

/**
 * Preprocess, parse and check user translation units without linking
 * (`gcc -c`): the diagnostics, and whether there was an error.
 */
export function checkUserUnits(files: Array<SourceFile & { defines?: Readonly<Record<string, string>> }>, io: { readFile?: FileLookup; defines?: Readonly<Record<string, string>> } = {}): UserCompileResult {
  const types = new TypeFactory(ABI_ILP32_ARM)
  const readFile: FileLookup = (p) => libcLookup(p) ?? (io.readFile ? io.readFile(p) : null)
  const diags = new DiagList()
  let ok = true
  for (const f of files) {
    const u = compileUnit(f, { mode: 'user', readFile, includeDirs: [USR_INCLUDE], textBase: USER_LAYOUT.textBase, externals: NATIVE_NAMES, defines: { ...io.defines, ...f.defines } }, types, diags)
    if (!u) ok = false
  }
  return { ok: ok && diags.errorCount === 0, diagnostics: diags.items, text: diagnosticsText(diags.items) }
}

/**
 * Compile one user program with the machine's libc and run it on a bare
 * ILP32 address space (user.ts). A compile error gives status 1 and gcc's
 * diagnostics on stderr, as `gcc prog.c && ./a.out` would.
 */
export function runUserProgram(src: string | SourceFile[], args: string[], io: UserIo = {}): UserResult {
  const files = typeof src === 'string' ? [{ name: 'prog.c', contents: src }] : src
  const r = compileUserProgram(files, { readFile: io.readFile, defines: io.defines })
  if (!r.ok || !r.program) {
    return { status: 1, stdout: '', stderr: r.text, diagnosticsText: r.text, compiled: false, diagnostics: r.diagnostics, icount: 0 }
  }
  if (r.text && io.onDiagnostics) io.onDiagnostics(r.text)
  const res = runImage(r.program, args, io)
  return { ...res, diagnostics: r.diagnostics, diagnosticsText: r.text }
}
