/*
 * UTF-8 between the shell's strings and the VFS's bytes. src-core has no
 * TextEncoder (lib is plain ES2022), so this is the RFC 3629 algorithm by hand.
 * Malformed input decodes to U+FFFD, as TextDecoder would.
 */

export function utf8Encode(s: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return Uint8Array.from(out)
}

export function utf8Decode(b: Uint8Array): string {
  let s = ''
  let i = 0
  // Plain ASCII runs are the common case: build them in chunks.
  while (i < b.length) {
    const c = b[i]!
    if (c < 0x80) {
      let j = i
      while (j < b.length && b[j]! < 0x80 && j - i < 8192) j++
      s += String.fromCharCode(...b.subarray(i, j))
      i = j
      continue
    }
    let need = 0
    let cp = 0
    let min = 0
    if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 0x1f; min = 0x80 }
    else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 0x0f; min = 0x800 }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; cp = c & 0x07; min = 0x10000 }
    else { s += '\ufffd'; i++; continue }
    let ok = i + need < b.length
    for (let k = 1; ok && k <= need; k++) {
      const d = b[i + k]
      if (d === undefined || (d & 0xc0) !== 0x80) ok = false
      else cp = (cp << 6) | (d & 0x3f)
    }
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) { s += '\ufffd'; i++; continue }
    s += String.fromCodePoint(cp)
    i += need + 1
  }
  return s
}

/**
 * Decoding a byte stream chunk by chunk: a multi-byte character split
 * between two chunks is held back until the rest arrives (cat, file
 * streams). flush() decodes whatever is left at end of file.
 */
export class Utf8StreamDecoder {
  private pending = new Uint8Array(0)

  push(chunk: Uint8Array): string {
    let all = chunk
    if (this.pending.length) {
      all = new Uint8Array(this.pending.length + chunk.length)
      all.set(this.pending)
      all.set(chunk, this.pending.length)
    }
    const cut = utf8SafeCut(all)
    this.pending = all.slice(cut)
    return utf8Decode(all.subarray(0, cut))
  }

  /** The held-back bytes decoded ('' if none); the decoder is empty afterwards. */
  flush(): string {
    const rest = this.pending
    this.pending = new Uint8Array(0)
    return rest.length ? utf8Decode(rest) : ''
  }
}

/** The length of the prefix of `b` that ends on a UTF-8 character boundary. */
export function utf8SafeCut(b: Uint8Array): number {
  let i = b.length
  let back = 0
  while (i > 0 && back < 4 && (b[i - 1]! & 0xc0) === 0x80) {
    i--
    back++
  }
  if (i === 0) return b.length
  const lead = b[i - 1]!
  const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0
  return need > back ? i - 1 : b.length
}
