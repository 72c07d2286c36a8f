/*
 * Calendar arithmetic for date, ls -l, stat and uptime, in UTC (the board
 * has no TZ set). Uses Date only as a pure epoch-to-fields conversion; the
 * time itself always comes from the board's RTC plus the simulated clock.
 */

export const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export interface Tm {
  year: number
  mon: number // 0-11
  mday: number
  hour: number
  min: number
  sec: number
  wday: number
  yday: number
  ms: number
}

export function gmtime(ms: number): Tm {
  const d = new Date(Math.floor(ms))
  const start = Date.UTC(d.getUTCFullYear(), 0, 1)
  return {
    year: d.getUTCFullYear(),
    mon: d.getUTCMonth(),
    mday: d.getUTCDate(),
    hour: d.getUTCHours(),
    min: d.getUTCMinutes(),
    sec: d.getUTCSeconds(),
    wday: d.getUTCDay(),
    yday: Math.floor((ms - start) / 86400000),
    ms: d.getUTCMilliseconds()
  }
}

const p2 = (n: number): string => String(n).padStart(2, '0')

/** strftime for the conversions date(1) users reach for. */
export function strftime(fmt: string, ms: number): string {
  const t = gmtime(ms)
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
      case 'a': return DAYS[t.wday]!
      case 'A': return ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][t.wday]!
      case 'b': case 'h': return MONTHS[t.mon]!
      case 'B': return ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][t.mon]!
      case 'c': return `${DAYS[t.wday]} ${MONTHS[t.mon]} ${String(t.mday).padStart(2)} ${p2(t.hour)}:${p2(t.min)}:${p2(t.sec)} ${t.year}`
      case 'd': return p2(t.mday)
      case 'e': return String(t.mday).padStart(2)
      case 'D': return `${p2(t.mon + 1)}/${p2(t.mday)}/${p2(t.year % 100)}`
      case 'F': return `${t.year}-${p2(t.mon + 1)}-${p2(t.mday)}`
      case 'H': return p2(t.hour)
      case 'I': return p2(t.hour % 12 === 0 ? 12 : t.hour % 12)
      case 'j': return String(t.yday + 1).padStart(3, '0')
      case 'm': return p2(t.mon + 1)
      case 'M': return p2(t.min)
      case 'n': return '\n'
      case 'N': return String(t.ms * 1_000_000).padStart(9, '0')
      case 'p': return t.hour < 12 ? 'AM' : 'PM'
      case 's': return String(Math.floor(ms / 1000))
      case 'S': return p2(t.sec)
      case 't': return '\t'
      case 'T': return `${p2(t.hour)}:${p2(t.min)}:${p2(t.sec)}`
      case 'R': return `${p2(t.hour)}:${p2(t.min)}`
      case 'u': return String(t.wday === 0 ? 7 : t.wday)
      case 'w': return String(t.wday)
      case 'y': return p2(t.year % 100)
      case 'Y': return String(t.year)
      case 'z': return '+0000'
      case 'Z': return 'UTC'
      case '%': return '%'
    }
    return m
  })
}
