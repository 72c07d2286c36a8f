/*
 * Print the JavaScript cc generates for a C file (debugging aid):
 *   npx tsx scripts/cc-dump.ts FILE.c
 */
import { existsSync, readFileSync } from 'node:fs'
import { compile, diagnosticsText, libcLookup } from '../src-core/cc/index'
import { userNatives } from '../src-core/cc/libc/natives'

const src = readFileSync(process.argv[2], 'latin1')
const names = new Set([...Object.keys(userNatives(undefined as never)), 'printf', 'abort', 'exit', 'puts', 'malloc', 'free', 'memcmp', 'strlen', 'strcmp', 'rand', 'srand', 'qsort', 'strcpy', 'atoi', 'memset'])
const r = compile([{ name: process.argv[2], contents: src }], { textBase: 0x10000, externals: names, readFile: (p) => libcLookup(p) ?? (existsSync(p) ? readFileSync(p, 'latin1') : null), includeDirs: ['/usr/include'] })
process.stderr.write(diagnosticsText(r.diagnostics))
if (r.program) console.log(r.program.js.split('\n').filter((l) => !/^const|^function (DIV|MOD|UDIV|UMOD|TICK|FP)/.test(l)).join('\n'))
