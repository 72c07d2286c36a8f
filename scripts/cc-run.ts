/*
 * Run one C program through cc's ccMain (what `kmemlab cc FILE.c` does),
 * for the torture/differential scripts and for quick manual checks:
 *   npx tsx scripts/cc-run.ts FILE.c [ARGS...]
 */
import { readFileSync } from 'node:fs'
import { ccMain } from '../src-core/cc/cli'

const rc = await ccMain(process.argv.slice(2), {
  readFile: (p) => {
    try {
      return readFileSync(p, 'latin1')
    } catch {
      return null
    }
  },
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdin: process.stdin.isTTY ? undefined : readFileSync(0, 'latin1')
})
process.exitCode = rc
