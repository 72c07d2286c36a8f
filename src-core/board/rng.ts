/*
 * The board's only source of randomness: a seeded sfc32 generator.
 * Every consumer (timestamp jitter, %p hash key, ASLR-like choices) draws from
 * an Rng forked off the machine's seed by a label, so adding a consumer does
 * not shift the numbers another one sees.
 */

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number, label = '') {
    // splitmix32 over the seed and the label's bytes spreads nearby seeds apart.
    let h = (seed >>> 0) ^ 0x9e3779b9
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x85ebca6b)
    const mix = (): number => {
      h = (h + 0x9e3779b9) | 0
      let z = h
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = mix()
    this.b = mix()
    this.c = mix()
    this.d = mix()
    for (let i = 0; i < 12; i++) this.next32()
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.next32() / 0x1_0000_0000) * n)
  }

  /** An integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1)
  }

  /** A new generator whose stream depends only on this seed and the label. */
  static fork(seed: number, label: string): Rng {
    return new Rng(seed, label)
  }
}
