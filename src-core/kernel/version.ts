/*
 * include/generated/utsrelease.h, compile.h and init/version.c: the identity of
 * the kernel build the reference ran (Debian's linux-source-6.1 6.1.192 built
 * with arm-linux-gnueabihf-gcc 12.2.0 for vexpress_defconfig + HIGHMEM).
 */

export const UTS_SYSNAME = 'Linux'
export const UTS_RELEASE = '6.1.192'
export const UTS_VERSION = '#1 SMP Sun Nov 22 19:52:14 UTC 2026'
export const UTS_MACHINE = 'armv7l'
export const LINUX_COMPILE_BY = 'root'
export const LINUX_COMPILE_HOST = 'vm'
export const LINUX_COMPILER = 'arm-linux-gnueabihf-gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40'
export const DEFAULT_HOSTNAME = '(none)'

/** init/version.c linux_banner; also /proc/version (which adds a newline). */
export const LINUX_BANNER =
  `Linux version ${UTS_RELEASE} (${LINUX_COMPILE_BY}@${LINUX_COMPILE_HOST}) (${LINUX_COMPILER}) ${UTS_VERSION}`

/** The RTC's time at power-on in the reference run (2026-11-22T20:06:05 UTC); each seed shifts it. */
export const RTC_BASE_EPOCH = 1795377965
