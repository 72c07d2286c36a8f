import { describe, expect, it } from 'vitest'
import { bytesToText, vsprintf, type VaArgs, type VsprintfEnv } from './vsprintf'

/** A flat memory with the format at 0x1000, strings from 0x2000, and AAPCS-ish args. */
function fmt(format: string, args: Array<number | bigint | string>, extra: Partial<VsprintfEnv> = {}): string {
  const mem = new Map<number, number>()
  const put = (a: number, s: string): void => {
    const b = unescape(encodeURIComponent(s))
    for (let i = 0; i < b.length; i++) mem.set(a + i, b.charCodeAt(i))
    mem.set(a + b.length, 0)
  }
  put(0x1000, format)
  let next = 0x2000
  const vals = args.map((a) => {
    if (typeof a !== 'string') return a
    const at = next
    put(at, a)
    next += 0x100
    return at
  })
  let i = 0
  const va: VaArgs = {
    int: () => Number(vals[i++]) | 0,
    uint: () => Number(vals[i++]) >>> 0,
    i64: () => BigInt(vals[i++]!)
  }
  const env: VsprintfEnv = {
    peek8: (a) => mem.get(a) ?? -1,
    peek32: (a) => {
      const b = [0, 1, 2, 3].map((k) => mem.get(a + k))
      return b.some((x) => x === undefined) ? null : (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0
    },
    ...extra
  }
  return bytesToText(vsprintf(env, 0x1000, va))
}

describe('vsprintf (lib/vsprintf.c)', () => {
  it('integers with flags, width, precision and length modifiers', () => {
    expect(fmt(' order=%2lu, pages=%5lu, size=%8lu ', [3, 8, 32768])).toBe(' order= 3, pages=    8, size=   32768 ')
    expect(fmt('%d %i %u %x %X %o %#x %#o', [-5, 7, -1, 255, 255, 8, 255, 8])).toBe('-5 7 4294967295 ff FF 10 0xff 010')
    expect(fmt('%05d|%-5d|%+d|% d|%.3d', [42, 42, 42, 42, 7])).toBe('00042|42   |+42| 42|007')
    expect(fmt('%hhx %hx %zu %ld', [0x1ff, 0x1ffff, 4096, -2])).toBe('ff ffff 4096 -2')
    expect(fmt('%llu %lld %llx', [18446744073709551615n, -3n, 0xdeadbeefcafen])).toBe('18446744073709551615 -3 deadbeefcafe')
    expect(fmt('%c%c %%', [0x6f, 0x6b])).toBe('ok %')
  })

  it('strings: NULL, bad pointers, precision and padding', () => {
    expect(fmt('[%s] [%10s] [%-4s] [%.2s]', ['abc', 'right', 'l', 'cut'])).toBe('[abc] [     right] [l   ] [cu]')
    expect(fmt('%s %s %s', [0, 0x10, 0xfffffff4])).toBe('(null) (efault) (efault)')
    expect(fmt('%s', [0x7000000])).toBe('(efault)')
    expect(fmt('%s', ['中文 ok'])).toBe('中文 ok')
  })

  it('%p before the crng is ready is (ptrval); NULL and ERR_PTR print raw; %px %pK %pa %pS %*ph %pe %pGg', () => {
    expect(fmt('%p (hashed %%p), %px (%%px)', [0xc13f4000, 0xc13f4000])).toBe('(ptrval) (hashed %p), c13f4000 (%px)')
    expect(fmt('%p %p', [0, 0xfffffff4])).toBe('00000000 fffffff4')
    expect(fmt('%pK', [0xc0000000])).toBe('(ptrval)')
    expect(fmt('%p', [0xc0000000], { hashPointer: () => 0x10c3ece6 })).toBe('10c3ece6')
    // %pa: the phys_addr_t behind the pointer, 0x + 8 digits
    const withWord = (w: number): Partial<VsprintfEnv> => ({ peek32: (a) => (a === 0x3000 ? w : null) })
    expect(fmt('phys=%pa', [0x3000], withWord(0x618b5000))).toBe('phys=0x618b5000')
    expect(fmt('%pGg', [0x3000], withWord(0xcc0))).toBe('GFP_KERNEL')
    expect(fmt('%pS / %ps', [0xbf000020, 0xbf000020], { symbol: (a, off) => (off ? `my_init+0x${(a - 0xbf000000).toString(16)}/0x1000 [allocmm]` : 'my_init [allocmm]') })).toBe(
      'my_init+0x20/0x1000 [allocmm] / my_init [allocmm]'
    )
    expect(fmt('%*ph', [4, 'ABCD'])).toBe('41 42 43 44')
    expect(fmt('%pe %pe', [0xfffffff4, 0xfffffffe])).toBe('-ENOMEM -ENOENT')
  })
})
