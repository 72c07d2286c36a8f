/*
 * Command-line parsing for `kmemlab` (the interface of DESIGN.md). Pure: takes
 * argv, returns the options or an error text, so it is unit-tested without
 * booting anything.
 */

import { DEFAULT_CONFIG, type MachineConfig, parseRamSize, validateConfig } from '../src-core/protocol'

export interface CliOptions {
  config: MachineConfig
  /** Command lines to type, from --script FILE or -c "…" (split on ';' by the shell itself). */
  script: { file: string } | { inline: string } | null
  hostDir: string | null
  help: boolean
  version: boolean
}

export const USAGE = `Usage: kmemlab [OPTIONS]
       kmemlab cc FILE.c [ARGS...]

Boots a simulated vexpress-a9 board running Linux 6.1 with a shell on its serial console.

Options:
  --board NAME       vexpress-a9 (default) or virt-arm64
  --mem SIZE         RAM size, e.g. 256M, 512M, 1G (default 1G); a bare number means MiB
  --smp N            CPUs brought up, 1..4 (default 1)
  --cmdline "..."    kernel command line parameters (mem=, vmalloc=, loglevel=, quiet, ...)
  --seed N           random seed (default 1): same seed and input, same output
  --script FILE      type the commands in FILE into the shell, then exit with the last status
  -c "CMDS"          type CMDS (one line; ';' '&&' '||' as in sh), then exit with its status
  --quiet-boot       do not echo the boot log on the console (dmesg still has it)
  --host-dir DIR     share DIR read-write at /mnt in the guest
  -h, --help         this text
  -V, --version      print the version

Interactive mode: the console is your terminal; press Ctrl-A then X to quit.
`

export function parseArgs(argv: string[]): CliOptions | { error: string } {
  const config: MachineConfig = { ...DEFAULT_CONFIG }
  let script: CliOptions['script'] = null
  let hostDir: string | null = null
  let help = false
  let version = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const eq = a.startsWith('--') ? a.indexOf('=') : -1
    const name = eq > 0 ? a.slice(0, eq) : a
    const takes = ['--board', '--mem', '--smp', '--cmdline', '--seed', '--script', '-c', '--host-dir'].includes(name)
    let value: string | undefined
    if (takes) {
      value = eq > 0 ? a.slice(eq + 1) : argv[++i]
      if (value === undefined) return { error: `option ${name} needs a value` }
    }
    switch (name) {
      case '--board':
        if (value !== 'vexpress-a9' && value !== 'virt-arm64') return { error: `unknown board '${value}'` }
        config.board = value
        break
      case '--mem':
        try {
          config.memBytes = parseRamSize(value!)
        } catch (e) {
          return { error: (e as Error).message }
        }
        break
      case '--smp':
        if (!/^\d+$/.test(value!)) return { error: `invalid CPU count '${value}'` }
        config.cpus = Number(value)
        break
      case '--cmdline':
        config.cmdline = value!
        break
      case '--seed':
        if (!/^-?\d+$/.test(value!)) return { error: `invalid seed '${value}'` }
        config.seed = Number(value)
        break
      case '--script':
        script = { file: value! }
        break
      case '-c':
        script = { inline: value! }
        break
      case '--host-dir':
        hostDir = value!
        break
      case '--quiet-boot':
        config.quietBoot = true
        break
      case '-h':
      case '--help':
        help = true
        break
      case '-V':
      case '--version':
        version = true
        break
      default:
        return { error: `unknown option '${a}'` }
    }
  }
  const bad = validateConfig(config)
  if (bad) return { error: bad }
  return { config, script, hostDir, help, version }
}

/** Script text to the lines the shell is given: one per line, blank lines and `#` comments kept out. */
export function scriptLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
}
