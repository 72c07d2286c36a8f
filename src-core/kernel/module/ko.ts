/*
 * The .ko file format of the simulated board. A real .ko is an ELF
 * relocatable object; ours carries what the loader needs to place and run
 * the module: the preprocessed-to-be sources (the C engine compiles at the
 * final module-area address, as the kernel relocates at load time), the
 * defines Kbuild passed, the image size, and the .modinfo strings.
 *
 * On disk: the ELF magic, then "KMEMLAB-KO 1\n", then JSON.
 */

export interface KoImage {
  name: string
  sources: Array<{ name: string; contents: string }>
  defines: Record<string, string>
  /** bytes from textBase to the end of .bss at link time */
  size: number
  /** .modinfo key=value strings, in order */
  modinfo: Array<[string, string]>
  /** absolute path of the source directory (M=) */
  srcdir: string
  /**
   * The symbols the module takes from other modules (its ELF's SHN_UNDEF
   * entries that the kernel does not provide), in symbol table order;
   * absent in a .ko written before modules could export.
   */
  imports?: string[]
}

const MAGIC = '\x7fELF\x01\x01\x01\x00KMEMLAB-KO 1\n'

export function encodeKo(ko: KoImage): string {
  return MAGIC + JSON.stringify(ko)
}

/** The KoImage in a file's text, or null if it is not one of ours ("invalid module format"). */
export function decodeKo(text: string): KoImage | null {
  if (!text.startsWith(MAGIC)) return null
  try {
    const o = JSON.parse(text.slice(MAGIC.length)) as KoImage
    if (typeof o.name !== 'string' || !Array.isArray(o.sources)) return null
    return o
  } catch {
    return null
  }
}

/** modinfo's vermagic for this kernel (vexpress_defconfig: SMP, ARMv7, modules unloadable). */
export const VERMAGIC = '6.1.192 SMP mod_unload ARMv7 p2v8 '
