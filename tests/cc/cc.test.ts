/*
 * The cc conformance suite: every tests/cc/*.c is compiled and run through
 * ccMain (what `kmemlab cc FILE.c` runs). A test passes when it exits with
 * the expected status (0, or `status: N` in its first line), and, if present,
 * its stdout equals NAME.stdout and its stderr equals NAME.stderr byte for byte. NAME.stdin, if
 * present, is the program's standard input.
 * To accept new output after inspecting it: KMEMLAB_ACCEPT=1 npx vitest run tests/cc
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ccMain } from '../../src-core/cc/cli'

const dir = dirname(fileURLToPath(import.meta.url))
const files = readdirSync(dir).filter((f) => f.endsWith('.c')).sort()

async function run(file: string, args: string[] = [], stdin?: string, resumable = false): Promise<{ rc: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const rc = await ccMain([file, ...args], {
    readFile: (p) => {
      const full = p.startsWith('/') ? p : join(dir, p)
      return existsSync(full) ? readFileSync(full, 'latin1') : null
    },
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    stdin,
    resumable
  })
  return { rc, out, err }
}

// Both code generator modes: plain (one JS call per run) and resumable (generators, Runtime.start).
describe.each([['plain', false], ['resumable', true]] as const)('cc conformance (tests/cc/*.c), %s', (_mode, resumable) => {
  for (const f of files) {
    it(f, async () => {
      const src = readFileSync(join(dir, f), 'utf8')
      const m = /status:\s*(\d+)/.exec(src.split('\n')[0])
      const argsM = /args:\s*(.*?)\s*\*\//.exec(src.split('\n')[0])
      const status = m ? Number(m[1]) : 0
      const base = join(dir, f.replace(/\.c$/, ''))
      const stdin = existsSync(base + '.stdin') ? readFileSync(base + '.stdin', 'latin1') : undefined
      const r = await run(f, argsM ? argsM[1].split(/\s+/) : [], stdin, resumable)
      for (const [ext, got] of [['.stdout', r.out], ['.stderr', r.err]] as const) {
        if (process.env.KMEMLAB_ACCEPT && !resumable && (existsSync(base + ext) || got)) writeFileSync(base + ext, got)
        if (existsSync(base + ext)) expect(got).toBe(readFileSync(base + ext, 'utf8'))
      }
      if (!existsSync(base + '.stderr')) expect(r.err).toBe('')
      expect(r.rc, r.out + r.err).toBe(status)
    })
  }
})
