/*
 * Message digests for md5sum/sha1sum/sha256sum/sha512sum (busybox
 * libbb/hash_md5_sha.c computes the same): MD5 (RFC 1321), SHA-1 and SHA-256
 * (FIPS 180-4) on 32-bit words, SHA-512 on hi/lo word pairs. Each returns the
 * digest as lowercase hex, as the *sum applets print it.
 */

export type DigestName = 'md5' | 'sha1' | 'sha256' | 'sha512'

/** The message padded to a multiple of `block` bytes with 0x80, zeros and the bit length (big or little endian). */
function pad(data: Uint8Array, block: number, lenBytes: number, littleEndian: boolean): Uint8Array {
  const total = Math.ceil((data.length + 1 + lenBytes) / block) * block
  const m = new Uint8Array(total)
  m.set(data)
  m[data.length] = 0x80
  // The bit length as a 64-bit number (messages here are far below 2^53 bits).
  const bits = data.length * 8
  const lo = bits >>> 0
  const hi = Math.floor(bits / 0x100000000) >>> 0
  const v = new DataView(m.buffer)
  if (littleEndian) {
    v.setUint32(total - 8, lo, true)
    v.setUint32(total - 4, hi, true)
  } else {
    v.setUint32(total - 8, hi)
    v.setUint32(total - 4, lo)
  }
  return m
}

function hex32(words: ArrayLike<number>, littleEndian: boolean): string {
  let s = ''
  for (let i = 0; i < words.length; i++) {
    let w = words[i]! >>> 0
    if (littleEndian) w = ((w & 0xff) << 24 | (w & 0xff00) << 8 | (w >>> 8) & 0xff00 | w >>> 24) >>> 0
    s += w.toString(16).padStart(8, '0')
  }
  return s
}

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n))
const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n))

const MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]
const MD5_K = Array.from({ length: 64 }, (_x, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) >>> 0)

export function md5(data: Uint8Array): string {
  const m = pad(data, 64, 8, true)
  const v = new DataView(m.buffer)
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]
  const x = new Array<number>(16)
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) x[i] = v.getUint32(off + i * 4, true)
    let [a, b, c, d] = h as [number, number, number, number]
    for (let i = 0; i < 64; i++) {
      let f: number
      let g: number
      if (i < 16) {
        f = (b & c) | (~b & d)
        g = i
      } else if (i < 32) {
        f = (d & b) | (~d & c)
        g = (5 * i + 1) % 16
      } else if (i < 48) {
        f = b ^ c ^ d
        g = (3 * i + 5) % 16
      } else {
        f = c ^ (b | ~d)
        g = (7 * i) % 16
      }
      const t = d
      d = c
      c = b
      b = (b + rotl((a + f + MD5_K[i]! + x[g]!) | 0, MD5_S[(i >> 4) * 4 + (i % 4)]!)) | 0
      a = t
    }
    h[0] = (h[0]! + a) | 0
    h[1] = (h[1]! + b) | 0
    h[2] = (h[2]! + c) | 0
    h[3] = (h[3]! + d) | 0
  }
  return hex32(h, true)
}

export function sha1(data: Uint8Array): string {
  const m = pad(data, 64, 8, false)
  const v = new DataView(m.buffer)
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]
  const w = new Array<number>(80)
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = v.getUint32(off + i * 4)
    for (let i = 16; i < 80; i++) w[i] = rotl(w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!, 1)
    let [a, b, c, d, e] = h as [number, number, number, number, number]
    for (let i = 0; i < 80; i++) {
      const f = i < 20 ? (b & c) | (~b & d) : i < 40 ? b ^ c ^ d : i < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d
      const k = i < 20 ? 0x5a827999 : i < 40 ? 0x6ed9eba1 : i < 60 ? 0x8f1bbcdc : 0xca62c1d6
      const t = (rotl(a, 5) + f + e + k + w[i]!) | 0
      e = d
      d = c
      c = rotl(b, 30)
      b = a
      a = t
    }
    h[0] = (h[0]! + a) | 0
    h[1] = (h[1]! + b) | 0
    h[2] = (h[2]! + c) | 0
    h[3] = (h[3]! + d) | 0
    h[4] = (h[4]! + e) | 0
  }
  return hex32(h, false)
}

const SHA256_K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
]

export function sha256(data: Uint8Array): string {
  const m = pad(data, 64, 8, false)
  const v = new DataView(m.buffer)
  const h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
  const w = new Array<number>(64)
  for (let off = 0; off < m.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = v.getUint32(off + i * 4)
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!
      const y = w[i - 2]!
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number]
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
      const ch = (e & f) ^ (~e & g)
      const t1 = (hh + S1 + ch + SHA256_K[i]! + w[i]!) | 0
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
      const maj = (a & b) ^ (a & c) ^ (b & c)
      const t2 = (S0 + maj) | 0
      hh = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    const r = [a, b, c, d, e, f, g, hh]
    for (let i = 0; i < 8; i++) h[i] = (h[i]! + r[i]!) | 0
  }
  return hex32(h, false)
}

// SHA-512's 64-bit words as [hi, lo] 32-bit halves.
const SHA512_K_HEX = (
  '428a2f98d728ae22 7137449123ef65cd b5c0fbcfec4d3b2f e9b5dba58189dbbc 3956c25bf348b538 59f111f1b605d019 923f82a4af194f9b ab1c5ed5da6d8118 ' +
  'd807aa98a3030242 12835b0145706fbe 243185be4ee4b28c 550c7dc3d5ffb4e2 72be5d74f27b896f 80deb1fe3b1696b1 9bdc06a725c71235 c19bf174cf692694 ' +
  'e49b69c19ef14ad2 efbe4786384f25e3 0fc19dc68b8cd5b5 240ca1cc77ac9c65 2de92c6f592b0275 4a7484aa6ea6e483 5cb0a9dcbd41fbd4 76f988da831153b5 ' +
  '983e5152ee66dfab a831c66d2db43210 b00327c898fb213f bf597fc7beef0ee4 c6e00bf33da88fc2 d5a79147930aa725 06ca6351e003826f 142929670a0e6e70 ' +
  '27b70a8546d22ffc 2e1b21385c26c926 4d2c6dfc5ac42aed 53380d139d95b3df 650a73548baf63de 766a0abb3c77b2a8 81c2c92e47edaee6 92722c851482353b ' +
  'a2bfe8a14cf10364 a81a664bbc423001 c24b8b70d0f89791 c76c51a30654be30 d192e819d6ef5218 d69906245565a910 f40e35855771202a 106aa07032bbd1b8 ' +
  '19a4c116b8d2d0c8 1e376c085141ab53 2748774cdf8eeb99 34b0bcb5e19b48a8 391c0cb3c5c95a63 4ed8aa4ae3418acb 5b9cca4f7763e373 682e6ff3d6b2b8a3 ' +
  '748f82ee5defb2fc 78a5636f43172f60 84c87814a1f0ab72 8cc702081a6439ec 90befffa23631e28 a4506cebde82bde9 bef9a3f7b2c67915 c67178f2e372532b ' +
  'ca273eceea26619c d186b8c721c0c207 eada7dd6cde0eb1e f57d4f7fee6ed178 06f067aa72176fba 0a637dc5a2c898a6 113f9804bef90dae 1b710b35131c471b ' +
  '28db77f523047d84 32caab7b40c72493 3c9ebe0a15c9bebc 431d67c49c100d4c 4cc5d4becb3e42b6 597f299cfc657e2a 5fcb6fab3ad6faec 6c44198c4a475817'
).split(' ')
const SHA512_KH = SHA512_K_HEX.map((k) => parseInt(k.slice(0, 8), 16) | 0)
const SHA512_KL = SHA512_K_HEX.map((k) => parseInt(k.slice(8), 16) | 0)

export function sha512(data: Uint8Array): string {
  const m = pad(data, 128, 16, false)
  const v = new DataView(m.buffer)
  const init = '6a09e667f3bcc908 bb67ae8584caa73b 3c6ef372fe94f82b a54ff53a5f1d36f1 510e527fade682d1 9b05688c2b3e6c1f 1f83d9abfb41bd6b 5be0cd19137e2179'.split(' ')
  const hh = init.map((k) => parseInt(k.slice(0, 8), 16) | 0)
  const hl = init.map((k) => parseInt(k.slice(8), 16) | 0)
  const wh = new Int32Array(80)
  const wl = new Int32Array(80)
  // 64-bit rotate right of (h, l) by n (0 < n < 64): the high and low halves.
  const rrH = (h: number, l: number, n: number): number => (n < 32 ? (h >>> n) | (l << (32 - n)) : (l >>> (n - 32)) | (h << (64 - n)))
  const rrL = (h: number, l: number, n: number): number => (n < 32 ? (l >>> n) | (h << (32 - n)) : (h >>> (n - 32)) | (l << (64 - n)))
  for (let off = 0; off < m.length; off += 128) {
    for (let i = 0; i < 16; i++) {
      wh[i] = v.getInt32(off + i * 8)
      wl[i] = v.getInt32(off + i * 8 + 4)
    }
    for (let i = 16; i < 80; i++) {
      const xh = wh[i - 15]!
      const xl = wl[i - 15]!
      const s0h = rrH(xh, xl, 1) ^ rrH(xh, xl, 8) ^ (xh >>> 7)
      const s0l = rrL(xh, xl, 1) ^ rrL(xh, xl, 8) ^ ((xl >>> 7) | (xh << 25))
      const yh = wh[i - 2]!
      const yl = wl[i - 2]!
      const s1h = rrH(yh, yl, 19) ^ rrH(yh, yl, 61) ^ (yh >>> 6)
      const s1l = rrL(yh, yl, 19) ^ rrL(yh, yl, 61) ^ ((yl >>> 6) | (yh << 26))
      const lo = (wl[i - 16]! >>> 0) + (s0l >>> 0) + (wl[i - 7]! >>> 0) + (s1l >>> 0)
      wl[i] = lo | 0
      wh[i] = (wh[i - 16]! + s0h + wh[i - 7]! + s1h + Math.floor(lo / 0x100000000)) | 0
    }
    const ah = hh.slice()
    const al = hl.slice()
    for (let i = 0; i < 80; i++) {
      const [a0h, b0h, c0h, , e0h, f0h, g0h, h0h] = ah as [number, number, number, number, number, number, number, number]
      const [a0l, b0l, c0l, , e0l, f0l, g0l, h0l] = al as [number, number, number, number, number, number, number, number]
      const S1h = rrH(e0h, e0l, 14) ^ rrH(e0h, e0l, 18) ^ rrH(e0h, e0l, 41)
      const S1l = rrL(e0h, e0l, 14) ^ rrL(e0h, e0l, 18) ^ rrL(e0h, e0l, 41)
      const chh = (e0h & f0h) ^ (~e0h & g0h)
      const chl = (e0l & f0l) ^ (~e0l & g0l)
      const t1l = (h0l >>> 0) + (S1l >>> 0) + (chl >>> 0) + (SHA512_KL[i]! >>> 0) + (wl[i]! >>> 0)
      const t1h = (h0h + S1h + chh + SHA512_KH[i]! + wh[i]! + Math.floor(t1l / 0x100000000)) | 0
      const S0h = rrH(a0h, a0l, 28) ^ rrH(a0h, a0l, 34) ^ rrH(a0h, a0l, 39)
      const S0l = rrL(a0h, a0l, 28) ^ rrL(a0h, a0l, 34) ^ rrL(a0h, a0l, 39)
      const majh = (a0h & b0h) ^ (a0h & c0h) ^ (b0h & c0h)
      const majl = (a0l & b0l) ^ (a0l & c0l) ^ (b0l & c0l)
      const t2l = (S0l >>> 0) + (majl >>> 0)
      const t2h = (S0h + majh + Math.floor(t2l / 0x100000000)) | 0
      ah.pop()
      al.pop()
      // e = d + t1, a = t1 + t2
      const el = (al[3]! >>> 0) + (t1l >>> 0)
      ah[3] = (ah[3]! + t1h + Math.floor(el / 0x100000000)) | 0
      al[3] = el | 0
      const nal = (t1l >>> 0) + (t2l >>> 0)
      ah.unshift((t1h + t2h + Math.floor(nal / 0x100000000)) | 0)
      al.unshift(nal | 0)
    }
    for (let i = 0; i < 8; i++) {
      const lo = (hl[i]! >>> 0) + (al[i]! >>> 0)
      hh[i] = (hh[i]! + ah[i]! + Math.floor(lo / 0x100000000)) | 0
      hl[i] = lo | 0
    }
  }
  let s = ''
  for (let i = 0; i < 8; i++) s += (hh[i]! >>> 0).toString(16).padStart(8, '0') + (hl[i]! >>> 0).toString(16).padStart(8, '0')
  return s
}

export const DIGESTS: Record<DigestName, (d: Uint8Array) => string> = { md5, sha1, sha256, sha512 }
