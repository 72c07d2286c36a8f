/*
 * The userland applets the process layer provides, registered on the shell
 * like any command: ps, top, pidof (procps.ts), slabtop (slabtop.ts), memhog and stress
 * (memhog.ts), mkswap, swapon, swapoff (swaputils.ts). `kill` is the shell's builtin (it reaches these tasks
 * through ShellTasks.kill).
 */

import type { CommandImpl } from '../shell/types'
import { type HogDeps, memhogCommand, stressCommand } from './memhog'
import { pidof, ps, top } from './procps'
import { slabtop } from './slabtop'
import { mkswapCommand, swapoffCommand, swaponCommand } from './swaputils'
import type { Swap } from '../mm/swapfile'

interface Registrar {
  registerCommand(name: string, impl: CommandImpl): void
}

export interface UserlandDeps extends HogDeps {
  swap: Swap
  printk(s: string): void
  rng: { below(n: number): number }
}

export function registerUserland(sh: Registrar, d: UserlandDeps): void {
  sh.registerCommand('ps', ps)
  sh.registerCommand('top', top)
  sh.registerCommand('pidof', pidof)
  sh.registerCommand('slabtop', slabtop)
  sh.registerCommand('memhog', memhogCommand(d))
  sh.registerCommand('stress', stressCommand(d))
  sh.registerCommand('mkswap', mkswapCommand(d.rng))
  sh.registerCommand('swapon', swaponCommand(d.swap, d.printk))
  sh.registerCommand('swapoff', swapoffCommand(d.swap))
}
