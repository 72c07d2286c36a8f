/*
 * kernel/resource.c /proc/iomem: the board's device resources (as the
 * vexpress-a9 drivers register them, from the reference's /proc/iomem) and
 * the RAM resources that setup_arch's request_standard_resources() adds:
 * System RAM, with Kernel code and Kernel data nested in it.
 */

import type { Mm } from '../../mm/mm_init'
import { KERNEL_IMAGE, PHYS_OFFSET } from '../../mm/mm_init'

/** Device resources below RAM, in address order (boot-1024.log "iomem (before)"). */
export const VEXPRESS_A9_DEVICE_RESOURCES = `10000008-1000000b : basic-mmio-gpio.0.auto dat
10000048-1000004b : basic-mmio-gpio.1.auto dat
1000004c-1000004f : basic-mmio-gpio.2.auto dat
10000060-100000ab : vexpress-syscfg.3.auto vexpress-syscfg.3.auto
10002000-10002fff : 10002000.i2c i2c@2000
10004000-10004fff : aaci@4000
  10004000-10004fff : aaci-pl041
10005000-10005fff : mmci@5000
  10005000-10005fff : 10005000.mmci mmci@5000
10006000-10006fff : kmi@6000
  10006000-10006fff : kmi-pl050
10007000-10007fff : kmi@7000
  10007000-10007fff : kmi-pl050
10009000-10009fff : uart@9000
  10009000-10009fff : 10009000.uart uart@9000
1000a000-1000afff : uart@a000
  1000a000-1000afff : 1000a000.uart uart@a000
1000b000-1000bfff : uart@b000
  1000b000-1000bfff : 1000b000.uart uart@b000
1000c000-1000cfff : uart@c000
  1000c000-1000cfff : 1000c000.uart uart@c000
1000f000-1000ffff : wdt@f000
10011000-10011fff : timer@11000
10012000-10012fff : timer@12000
10016000-10016fff : 10016000.i2c i2c@16000
10017000-10017fff : rtc@17000
  10017000-10017fff : rtc-pl031
1001f000-1001ffff : clcd@1f000
10020000-10020fff : clcd@10020000
100e0000-100e0fff : memory-controller@100e0000
100e1000-100e1fff : memory-controller@100e1000
100e5000-100e5fff : watchdog@100e5000
40000000-43ffffff : 40000000.flash flash@0,00000000
44000000-47ffffff : 40000000.flash flash@0,00000000
48000000-49ffffff : 48000000.psram psram@2,00000000
4e000000-4e00ffff : smsc911x
`

const h8 = (x: number): string => x.toString(16).padStart(8, '0')

export function iomem(mm: Mm): string {
  const KI = KERNEL_IMAGE
  let s = VEXPRESS_A9_DEVICE_RESOURCES
  for (const m of mm.memblock.memory) {
    s += `${h8(m.base)}-${h8(m.base + m.size - 1)} : System RAM\n`
    if (m.base <= PHYS_OFFSET) {
      s += `  ${h8(KI._text)}-${h8(KI.__init_begin - 1)} : Kernel code\n`
      s += `  ${h8(KI._sdata)}-${h8(KI._end - 1)} : Kernel data\n`
    }
  }
  return s
}
