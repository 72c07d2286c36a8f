/*
 * Board configuration: what the user chooses before power-on (board, RAM,
 * CPUs, kernel command line, seed), validated and parsed once. Everything the
 * kernel later derives (zone sizes, lowmem limit, watermarks) comes from here.
 */

export type BoardName = 'vexpress-a9' | 'virt-arm64'

export interface MachineConfig {
  board: BoardName
  /** RAM in bytes as the board (QEMU -m) provides it. */
  memBytes: number
  /** CPUs brought up (QEMU -smp). */
  cpus: number
  /** What the boot loader appends after the fixed `console=ttyAMA0 `. */
  cmdline: string
  seed: number
  /** Boot without echoing the kernel log on the console (it stays in dmesg). */
  quietBoot: boolean
}

export const MiB = 1024 * 1024

export const DEFAULT_CONFIG: MachineConfig = {
  board: 'vexpress-a9',
  memBytes: 1024 * MiB,
  cpus: 1,
  cmdline: '',
  seed: 1,
  quietBoot: false
}

export const BOARD_LIMITS = {
  'vexpress-a9': { minMem: 128 * MiB, maxMem: 1024 * MiB, maxCpus: 4 },
  'virt-arm64': { minMem: 128 * MiB, maxMem: 4096 * MiB, maxCpus: 4 }
} as const

/**
 * lib/cmdline.c memparse(): a number (decimal, or 0x hex, or 0 octal) with an
 * optional K/M/G/T/P/E suffix. Returns the value and the rest of the string.
 */
export function memparse(s: string): { value: number; rest: string } {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(s)
  if (!m) return { value: 0, rest: s }
  const digits = m[1]!
  let value = digits.startsWith('0x') || digits.startsWith('0X')
    ? parseInt(digits.slice(2), 16)
    : digits.length > 1 && digits.startsWith('0') ? parseInt(digits, 8) : parseInt(digits, 10)
  let rest = s.slice(digits.length)
  const shift = ({ K: 10, k: 10, M: 20, m: 20, G: 30, g: 30, T: 40, t: 40, P: 50, p: 50, E: 60, e: 60 } as Record<string, number>)[rest[0] ?? '']
  if (shift !== undefined) {
    value *= 2 ** shift
    rest = rest.slice(1)
  }
  return { value, rest }
}

/** QEMU's -m: a plain number means MiB; suffixes K/M/G as usual. */
export function parseRamSize(s: string): number {
  const t = s.trim()
  if (/^\d+$/.test(t)) return Number(t) * MiB
  const { value, rest } = memparse(t)
  if (rest !== '' && !/^[bB]$/.test(rest)) throw new Error(`invalid RAM size '${s}'`)
  return value
}

export function validateConfig(c: MachineConfig): string | null {
  const lim = BOARD_LIMITS[c.board]
  if (!lim) return `unknown board '${c.board}'`
  // The arm64 profile (ZONE_DMA32, 48-bit VA) is designed but not modelled yet: refuse rather than boot a 32-bit board under its name.
  if (c.board === 'virt-arm64') return 'board virt-arm64 is not available yet (only vexpress-a9 is modelled)'
  if (!Number.isFinite(c.memBytes) || c.memBytes % MiB !== 0) return 'RAM size must be a whole number of MiB'
  if (c.memBytes < lim.minMem || c.memBytes > lim.maxMem)
    return `RAM size for ${c.board} must be between ${lim.minMem / MiB}M and ${lim.maxMem / MiB}M`
  if (!Number.isInteger(c.cpus) || c.cpus < 1 || c.cpus > lim.maxCpus) return `CPUs must be 1..${lim.maxCpus}`
  if (!Number.isInteger(c.seed)) return 'seed must be an integer'
  return null
}

/** One `name=value` or bare `name` parameter of the kernel command line, in order. */
export interface CmdlineParam {
  name: string
  value: string | null
}

/** The full kernel command line as /proc/cmdline and the boot log show it. */
export function fullCmdline(c: MachineConfig): string {
  return `console=ttyAMA0 ${c.cmdline}`
}

/** init/main.c parse_args(), simplified: whitespace-separated, double quotes group. */
export function parseCmdline(cmdline: string): CmdlineParam[] {
  const out: CmdlineParam[] = []
  const re = /(?:[^\s"]+|"[^"]*")+/g
  for (const m of cmdline.matchAll(re)) {
    const tok = m[0].replace(/"/g, '')
    const eq = tok.indexOf('=')
    out.push(eq < 0 ? { name: tok, value: null } : { name: tok.slice(0, eq), value: tok.slice(eq + 1) })
  }
  return out
}

/** The last value given for a parameter (the kernel's early_param handlers see each; the last wins). */
export function cmdlineValue(params: CmdlineParam[], name: string): string | null | undefined {
  let v: string | null | undefined
  for (const p of params) if (p.name === name) v = p.value
  return v
}
