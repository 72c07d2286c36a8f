/*
 * `kmemlab cc FILE.c [ARGS]`: compile one user program with the machine's
 * libc, run it on a bare user address space, print its output and return its
 * exit status. A compile error prints gcc's diagnostics to stderr and returns 1.
 * The CLI (bin/) forwards to ccMain; the host only supplies file reading and
 * output, so this stays pure.
 */

import { runUserProgram } from './index'

export interface CcHost {
  readFile(p: string): string | null
  stdout(s: string): void
  stderr(s: string): void
  /** Optional Ctrl-C: checked while the program runs. */
  shouldStop?: () => boolean
  stdin?: string
  /** Run the resumable code (tests run the conformance suite in both modes). */
  resumable?: boolean
}

export async function ccMain(argv: string[], host: CcHost): Promise<number> {
  const file = argv[0]
  if (!file) {
    host.stderr('usage: kmemlab cc FILE.c [ARGS...]\n')
    return 2
  }
  const contents = host.readFile(file)
  if (contents === null) {
    host.stderr(`cc1: fatal error: ${file}: No such file or directory\ncompilation terminated.\n`)
    return 1
  }
  const prog = './' + (file.split('/').pop() ?? file).replace(/\.c$/, '')
  const res = runUserProgram([{ name: file, contents }], [prog, ...argv.slice(1)], {
    readFile: (p) => host.readFile(p),
    onDiagnostics: (t) => host.stderr(t),
    onStdout: (s) => host.stdout(s),
    onStderr: (s) => host.stderr(s),
    shouldStop: host.shouldStop,
    stdin: host.stdin,
    resumable: host.resumable
  })
  if (!res.compiled) {
    host.stderr(res.stderr)
    return 1
  }
  if (res.signal !== undefined) {
    const msg = res.stderr.split('\n').filter(Boolean).pop()
    if (msg && /^(Segmentation fault|Floating point exception|Aborted|CPU time limit exceeded)$/.test(msg)) host.stderr(msg + '\n')
  }
  return res.status
}
