/**
 * How the libc natives see C arguments and user memory: pointer, size_t and int conversion,
 * C strings read page by page (never touching a page the C function would not), and bulk
 * copies. A bad pointer throws a MemoryFault at the address glibc would fault on; the VM turns
 * it into SIGSEGV.
 */
import type { Value } from '../cc/ast'
import { type Memory, MemoryFault, PAGE_SIZE } from '../cc/memory'

/** Largest block moved by one read/write in the bulk copies. */
export const CHUNK = 65536
export const MAX = Number.MAX_SAFE_INTEGER

// ---------------------------------------------------------------------------------------------
// argument conversion

/** A pointer argument as an address; a pointer no memory can hold faults (SIGSEGV). */
export function ptr(v: Value, access: 'read' | 'write' = 'read'): number {
  if (v === undefined || v === null) return 0 // a missing argument (unprototyped call) reads as 0
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v) && v >= 0) return v
    if (!Number.isFinite(v)) throw new MemoryFault(0, access)
    // negative or beyond 2^53: an address no user mapping holds (a negative one is at the top
    // of the 64-bit space)
    if (Number.isInteger(v)) throw new MemoryFault(BigInt.asUintN(64, BigInt(v)), access)
    return ptr(Math.trunc(v), access)
  }
  const u = BigInt.asUintN(64, v)
  if (u <= BigInt(MAX)) return Number(u)
  throw new MemoryFault(u, access)
}

/** A size_t argument; values beyond 2^53 (e.g. (size_t)-1) become MAX_SAFE_INTEGER ("unbounded"). */
export function size(v: Value): number {
  if (v === undefined || v === null) return 0
  if (typeof v === 'number') {
    if (v >= 0) return Number.isFinite(v) ? Math.min(Math.trunc(v), MAX) : MAX
    return MAX // a negative int converted to size_t is at least 2^63
  }
  const u = BigInt.asUintN(64, v)
  return u > BigInt(MAX) ? MAX : Number(u)
}

/** An int argument (e.g. the character of memset/strchr) as a JS int32. */
export function int(v: Value): number {
  if (v === undefined || v === null) return 0
  return typeof v === 'number' ? (Number.isInteger(v) ? v | 0 : Math.trunc(v) | 0) : Number(BigInt.asIntN(32, v))
}

// ---------------------------------------------------------------------------------------------
// bulk access helpers (exported for the other libc files)

/** Bytes from p up to the end of its page, at most `want` (at least 1). */
export function pageChunk(m: Memory, p: number, want: number): Uint8Array {
  const room = PAGE_SIZE - (p % PAGE_SIZE)
  return m.read(p, Math.max(1, Math.min(room, want)))
}

/**
 * strnlen: the length of the C string at p, scanning at most `max` bytes. Reads grow from 64
 * bytes to a page and never cross a page boundary before the bytes in front are known non-NUL.
 */
export function cstrlen(m: Memory, p: number, max = MAX): number {
  let n = 0
  let want = 64
  while (n < max) {
    const b = pageChunk(m, p + n, Math.min(want, max - n))
    const z = b.indexOf(0)
    if (z >= 0) return n + z
    n += b.length
    if (want < PAGE_SIZE) want *= 4
  }
  return max
}

/** The bytes of the C string at p (without the NUL), at most `max` of them. */
export function cstrBytes(m: Memory, p: number, max = MAX): Uint8Array {
  const n = cstrlen(m, p, max)
  return n === 0 ? new Uint8Array(0) : m.read(p, n)
}

/** The C string at p as a byte string (char codes 0–255). */
export function cstr(m: Memory, p: number, max = MAX): string {
  return bytesToString(cstrBytes(m, p, max))
}

export function bytesToString(b: Uint8Array): string {
  let s = ''
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, Array.from(b.subarray(i, i + 8192)))
  return s
}

export function stringToBytes(s: string, nul = false): Uint8Array {
  const b = new Uint8Array(s.length + (nul ? 1 : 0))
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 255
  return b
}

/** Writes a byte string (and a NUL when asked) at p. */
export function writeCString(m: Memory, p: number, s: string, nul = true): void {
  m.write(p, stringToBytes(s, nul))
}

/** Objects above this size cannot exist in PinLab's memory: a read of one faults. */
export const MAX_OBJECT = 1 << 30

/**
 * m.read(p, n) for a buffer the C function needs whole; n beyond {@link MAX_OBJECT} faults at
 * the first unmapped byte it probes (p, then the last one) instead of allocating host memory.
 */
export function readBounded(m: Memory, p: number, n: number): Uint8Array {
  if (n <= MAX_OBJECT) return m.read(p, n)
  m.read(p, 1)
  m.read(p + n - 1, 1)
  throw new MemoryFault(p + MAX_OBJECT, 'read')
}

/** memmove: copies n bytes from s to d in chunks, in the direction that is safe for overlap. */
export function copyBytes(m: Memory, d: number, s: number, n: number): void {
  if (n <= 0 || d === s) {
    if (n > 0) {
      // glibc still touches both buffers: a bad pointer faults even when d == s
      m.read(s, 1)
      m.write(d, m.read(d, 1))
    }
    return
  }
  if (d < s || d >= s + n) {
    for (let off = 0; off < n; off += CHUNK) {
      const k = Math.min(CHUNK, n - off)
      m.write(d + off, m.read(s + off, k))
    }
  } else {
    for (let end = n; end > 0; end -= CHUNK) {
      const k = Math.min(CHUNK, end)
      m.write(d + end - k, m.read(s + end - k, k))
    }
  }
}
