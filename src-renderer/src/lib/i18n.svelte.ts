/*
 * UI strings in English and Simplified Chinese. Every visible string goes
 * through t(); the locale is reactive (a $state), so switching relabels the
 * whole UI. Kernel output on the console is never translated.
 */

const en = {
  'app.title': 'kmemlab',
  'panel.power': 'Power',
  'panel.powerOn': 'Power on',
  'panel.powerOff': 'Power off',
  'panel.reset': 'Reset',
  'panel.ram': 'RAM',
  'panel.cmdline': 'Kernel command line',
  'panel.cmdlinePlaceholder': 'e.g. vmalloc=512M loglevel=4',
  'panel.nextBoot': 'Applied at the next boot',
  'panel.uptime': 'Uptime',
  'panel.taint': 'Taint',
  'panel.language': 'Language',
  'power.off': 'off',
  'power.booting': 'booting',
  'power.running': 'running',
  'power.panic': 'panic',
  'power.halted': 'halted',
  'link.connecting': 'Connecting to the machine…',
  'link.restarted': 'The machine process {cause} and was restarted ({n}). Press Power on to boot again.',
  'link.cause.exit': 'exited',
  'link.cause.hang': 'stopped responding',
  'link.failed': 'The machine cannot run: {message}',
  'link.fault': 'Simulator fault (a kmemlab bug, not a guest Oops): {message}',
  'share.changed': 'The guest’s /mnt is now {dir}',
  'panel.theme': 'Theme',
  'theme.dark': 'Dark',
  'theme.light': 'Light',
  'panel.projector': 'Projector',
  'views.map': 'Physical page frames',
  'views.legend': 'Legend',
  'views.zones': 'Zones and watermarks',
  'views.buddy': 'Buddy free areas (blocks per order and migratetype)',
  'views.noMemory': 'No memory model yet: power the board on.',
  'views.frames': '{n} frames × 4 KiB, {w} per row',
  'views.changed': '{n} frame changes',
  'views.hint': 'Wheel: zoom · drag: pan · click: inspect · double-click: fit',
  'views.fit': 'Fit',
  'views.resize': 'Drag to resize the console and the views',
  'frame.pfn': 'PFN',
  'frame.phys': 'Physical address',
  'frame.virt': 'Virtual address',
  'frame.highmemNoMap': 'highmem: no permanent mapping',
  'frame.zone': 'Zone',
  'frame.migratetype': 'Migratetype',
  'frame.flags': 'Flags',
  'frame.owner': 'Owner',
  'frame.class': 'Shown as',
  'frame.refcount': '_refcount',
  'frame.mapcount': '_mapcount',
  'frame.order': 'Order',
  'frame.buddyBlock': 'Free block',
  'frame.blockOf': 'order-{order} block at PFN {head} ({mt})',
  'frame.pcp': 'On a per-CPU free list',
  'frame.structPage': 'struct page',
  'frame.contents': 'Contents (4096 bytes)',
  'frame.untouched': 'Never written: reads as zeros',
  'frame.close': 'Close',
  'frame.loading': 'Reading the frame…',
  'frame.none': 'No such frame',
  'frame.yes': 'yes',
  'frame.no': 'no',
  'zone.managed': 'managed',
  'zone.present': 'present',
  'zone.spanned': 'spanned',
  'zone.free': 'free',
  'zone.pcp': 'per-CPU lists',
  'zone.min': 'min',
  'zone.low': 'low',
  'zone.high': 'high',
  'zone.boost': 'boost',
  'zone.reserve': 'lowmem_reserve',
  'zone.pages': 'pages',
  'buddy.order': 'Order',
  'buddy.total': 'Total',
  'class.freeOrders': 'free, by order (0 → 10)',
  'class.free': 'free, order {order}',
  'class.pcp': 'free on per-CPU list',
  'class.reserved': 'reserved',
  'class.kernelImage': 'kernel image',
  'class.memblock': 'memblock (boot)',
  'class.memMap': 'mem_map (struct page)',
  'class.slab': 'slab',
  'class.vmalloc': 'vmalloc',
  'class.module': 'module',
  'class.pageTable': 'page table',
  'class.userAnon': 'user anon',
  'class.pageCache': 'page cache',
  'class.kernelStack': 'kernel stack',
  'class.percpu': 'percpu',
  'class.kernel': 'kernel (alloc_pages)',
  'class.hashTable': 'hash table',
  'class.initrd': 'initrd',
  'class.dma': 'DMA / CMA',
  'class.nomap': 'not RAM',
  'class.kmapped': 'kmapped',
  'views.vmap': 'Kernel virtual address map (32-bit, 3G/1G split)',
  'vmap.user': 'user space',
  'vmap.modules': 'modules',
  'vmap.pkmap': 'pkmap (kmap)',
  'vmap.lowmem': 'lowmem linear map',
  'vmap.vmalloc': 'vmalloc',
  'vmap.fixmap': 'fixmap',
  'vmap.areas': '{n} vmap areas',
  'vmap.pkmapUsed': '{n} of 512 slots in use',
  'vmap.lowmemNote': 'virt = phys − 0x60000000 + 0xc0000000',
  'vmap.hint': 'Click an area to light up the physical frames behind it on the map.',
  'vmap.range': 'Virtual range',
  'vmap.size': 'Size',
  'vmap.pages': 'Pages',
  'vmap.caller': 'Caller'
} as const

export type MessageKey = keyof typeof en

const zhCN: Record<MessageKey, string> = {
  'app.title': 'kmemlab',
  'panel.power': '电源',
  'panel.powerOn': '开机',
  'panel.powerOff': '关机',
  'panel.reset': '复位',
  'panel.ram': '内存',
  'panel.cmdline': '内核命令行',
  'panel.cmdlinePlaceholder': '例如 vmalloc=512M loglevel=4',
  'panel.nextBoot': '下次启动时生效',
  'panel.uptime': '运行时间',
  'panel.taint': '污染标记',
  'panel.language': '语言',
  'power.off': '已关机',
  'power.booting': '启动中',
  'power.running': '运行中',
  'power.panic': '内核崩溃',
  'power.halted': '已停机',
  'link.connecting': '正在连接虚拟机…',
  'link.restarted': '虚拟机进程{cause}，已重新启动（第 {n} 次）。请按“开机”重新引导。',
  'link.cause.exit': '已退出',
  'link.cause.hang': '无响应',
  'link.failed': '虚拟机无法运行：{message}',
  'link.fault': '模拟器故障（kmemlab 的缺陷，不是客户机 Oops）：{message}',
  'share.changed': '客户机的 /mnt 现在是 {dir}',
  'panel.theme': '主题',
  'theme.dark': '深色',
  'theme.light': '浅色',
  'panel.projector': '投影模式',
  'views.map': '物理页帧',
  'views.legend': '图例',
  'views.zones': '内存区与水位线',
  'views.buddy': '伙伴系统空闲区（各阶、各迁移类型的块数）',
  'views.noMemory': '尚无内存模型：请先开机。',
  'views.frames': '{n} 个页帧 × 4 KiB，每行 {w} 个',
  'views.changed': '页帧变化 {n} 次',
  'views.hint': '滚轮：缩放 · 拖动：平移 · 单击：查看 · 双击：适应窗口',
  'views.fit': '适应窗口',
  'views.resize': '拖动以调整控制台与视图的宽度',
  'frame.pfn': '页帧号',
  'frame.phys': '物理地址',
  'frame.virt': '虚拟地址',
  'frame.highmemNoMap': '高端内存：无永久映射',
  'frame.zone': '内存区',
  'frame.migratetype': '迁移类型',
  'frame.flags': '标志',
  'frame.owner': '所有者',
  'frame.class': '显示为',
  'frame.refcount': '_refcount',
  'frame.mapcount': '_mapcount',
  'frame.order': '阶',
  'frame.buddyBlock': '空闲块',
  'frame.blockOf': '页帧号 {head} 起的 {order} 阶块（{mt}）',
  'frame.pcp': '在每 CPU 空闲链表上',
  'frame.structPage': 'struct page',
  'frame.contents': '内容（4096 字节）',
  'frame.untouched': '从未写入：读出全为 0',
  'frame.close': '关闭',
  'frame.loading': '正在读取页帧…',
  'frame.none': '没有这个页帧',
  'frame.yes': '是',
  'frame.no': '否',
  'zone.managed': '受管',
  'zone.present': '存在',
  'zone.spanned': '跨度',
  'zone.free': '空闲',
  'zone.pcp': '每 CPU 链表',
  'zone.min': '最低',
  'zone.low': '低',
  'zone.high': '高',
  'zone.boost': '提升',
  'zone.reserve': '低端内存保留',
  'zone.pages': '页',
  'buddy.order': '阶',
  'buddy.total': '合计',
  'class.freeOrders': '空闲，按阶（0 → 10）',
  'class.free': '空闲，{order} 阶',
  'class.pcp': '每 CPU 链表上的空闲页',
  'class.reserved': '保留',
  'class.kernelImage': '内核映像',
  'class.memblock': 'memblock（启动期）',
  'class.memMap': 'mem_map（struct page 数组）',
  'class.slab': 'slab',
  'class.vmalloc': 'vmalloc',
  'class.module': '内核模块',
  'class.pageTable': '页表',
  'class.userAnon': '用户匿名页',
  'class.pageCache': '页缓存',
  'class.kernelStack': '内核栈',
  'class.percpu': 'percpu',
  'class.kernel': '内核（alloc_pages）',
  'class.hashTable': '哈希表',
  'class.initrd': 'initrd',
  'class.dma': 'DMA / CMA',
  'class.nomap': '非内存',
  'class.kmapped': 'kmap 映射',
  'views.vmap': '内核虚拟地址空间（32 位，3G/1G 划分）',
  'vmap.user': '用户空间',
  'vmap.modules': '内核模块区',
  'vmap.pkmap': 'pkmap（kmap 永久映射）',
  'vmap.lowmem': '低端内存线性映射',
  'vmap.vmalloc': 'vmalloc 区',
  'vmap.fixmap': '固定映射（fixmap）',
  'vmap.areas': '{n} 个 vmap 区域',
  'vmap.pkmapUsed': '512 个槽位中已用 {n} 个',
  'vmap.lowmemNote': '虚拟地址 = 物理地址 − 0x60000000 + 0xc0000000',
  'vmap.hint': '单击一个区域，在页帧图上点亮它背后的物理页帧。',
  'vmap.range': '虚拟地址范围',
  'vmap.size': '大小',
  'vmap.pages': '页数',
  'vmap.caller': '调用者'
}

export const LOCALES = { en: 'English', 'zh-CN': '简体中文' } as const
export type Locale = keyof typeof LOCALES

const messages: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN }

const STORAGE_KEY = 'kmemlab.locale'

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved === 'en' || saved === 'zh-CN') return saved
  } catch {
    /* storage unavailable */
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

class I18n {
  locale = $state<Locale>(initialLocale())

  setLocale(l: Locale): void {
    this.locale = l
    document.documentElement.lang = l
    try {
      localStorage.setItem(STORAGE_KEY, l)
    } catch {
      /* storage unavailable */
    }
  }

  t(key: MessageKey, vars: Record<string, string | number> = {}): string {
    const s = messages[this.locale][key] ?? en[key]
    return s.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
  }
}

export const i18n = new I18n()
export const t = (key: MessageKey, vars?: Record<string, string | number>): string => i18n.t(key, vars)
