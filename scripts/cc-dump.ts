import { readFileSync } from 'node:fs'
import { compile, libcLookup } from '../src-core/cc/index'
const src = readFileSync(process.argv[2], 'utf8')
const r = compile([{ name: 'x.c', contents: src }], { textBase: 0x10000, externals: new Set(['printf']), readFile: libcLookup, includeDirs: ['/usr/include'] })
console.log(r.program?.js.split('\n').filter(l => !/^const|^function (DIV|MOD|UDIV|UMOD|TICK|FP)/.test(l)).join('\n'))
