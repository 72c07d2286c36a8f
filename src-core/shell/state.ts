/*
 * One shell's mutable state: variables (and which are exported), the working
 * directory, functions, positional parameters and $?. Subshells, pipeline
 * stages and command substitutions run on a clone, so `(cd /tmp)` or
 * `echo x | read v` leave the parent alone, as with fork().
 */

import type { Node } from './ast'
import type { OutStream } from './types'

export interface ShellVar {
  value: string
  exported: boolean
  readonly: boolean
}

export class ShellState {
  vars = new Map<string, ShellVar>()
  cwd = '/'
  funcs = new Map<string, Node>()
  positional: string[] = []
  arg0 = 'sh'
  lastStatus = 0
  /** set -e / -x / -f (noglob) / -u */
  opts = { errexit: false, xtrace: false, noglob: false, nounset: false }
  /** Function call depth (for `return` outside a function). */
  funcDepth = 0
  /** Loop nesting (for `break` outside a loop). */
  loopDepth = 0
  /** Inside an if/while condition, a non-final && || operand or `!`: set -e does not apply. */
  condDepth = 0
  /** $!: the pid of the last background job. */
  lastBgPid = 0
  /** The script this shell runs (its $0), or null when interactive or `sh -c`: it prefixes messages. */
  scriptName: string | null = null
  /** Line of the command running now, within the script. */
  lineNo = 0
  /** Where the command being expanded sends errors (a command substitution's stderr). */
  stderr: OutStream | null = null
  /** trap actions by condition (EXIT, INT, TERM ...); '' means ignore. */
  traps = new Map<string, string>()
  /** alias name → replacement text. */
  aliases = new Map<string, string>()
  /** getopts: the character position inside the current argument (ash's optoff). */
  getoptsPos = 1

  get(name: string): string | undefined {
    return this.vars.get(name)?.value
  }

  set(name: string, value: string, exported?: boolean): void {
    const v = this.vars.get(name)
    if (v) {
      if (v.readonly) throw new Error(`${name}: is read only`)
      v.value = value
      if (exported) v.exported = true
    } else this.vars.set(name, { value, exported: !!exported, readonly: false })
  }

  unset(name: string): void {
    const v = this.vars.get(name)
    if (v?.readonly) throw new Error(`${name}: is read only`)
    this.vars.delete(name)
  }

  exportVar(name: string, value?: string): void {
    const v = this.vars.get(name)
    if (value !== undefined) this.set(name, value, true)
    else if (v) v.exported = true
    else this.vars.set(name, { value: '', exported: true, readonly: false })
  }

  /** The environment a command gets: exported variables. */
  environ(): Record<string, string> {
    const env: Record<string, string> = {}
    for (const [k, v] of this.vars) if (v.exported) env[k] = v.value
    return env
  }

  clone(): ShellState {
    const s = new ShellState()
    for (const [k, v] of this.vars) s.vars.set(k, { ...v })
    s.cwd = this.cwd
    s.funcs = new Map(this.funcs)
    s.positional = [...this.positional]
    s.arg0 = this.arg0
    s.lastStatus = this.lastStatus
    s.opts = { ...this.opts }
    s.funcDepth = this.funcDepth
    s.loopDepth = this.loopDepth
    s.condDepth = this.condDepth
    s.lastBgPid = this.lastBgPid
    s.scriptName = this.scriptName
    s.lineNo = this.lineNo
    s.aliases = new Map(this.aliases)
    // A subshell keeps ignored signals but not the actions (POSIX 2.12).
    for (const [k, v] of this.traps) if (v === '') s.traps.set(k, '')
    return s
  }
}
