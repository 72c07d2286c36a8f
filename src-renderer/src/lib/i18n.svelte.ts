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
  'share.changed': 'The guest’s /mnt is now {dir}'
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
  'share.changed': '客户机的 /mnt 现在是 {dir}'
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
