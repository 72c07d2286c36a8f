/*
 * The userland applets the process layer provides, registered on the shell
 * like any command: ps, top, pidof (procps.ts), memhog and stress
 * (memhog.ts). `kill` is the shell's builtin (it reaches these tasks
 * through ShellTasks.kill).
 */

import type { CommandImpl } from '../shell/types'
import { type HogDeps, memhogCommand, stressCommand } from './memhog'
import { pidof, ps, top } from './procps'

interface Registrar {
  registerCommand(name: string, impl: CommandImpl): void
}

export function registerUserland(sh: Registrar, d: HogDeps): void {
  sh.registerCommand('ps', ps)
  sh.registerCommand('top', top)
  sh.registerCommand('pidof', pidof)
  sh.registerCommand('memhog', memhogCommand(d))
  sh.registerCommand('stress', stressCommand(d))
}
