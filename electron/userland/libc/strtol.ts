/**
 * Number parsing of <stdlib.h>/<inttypes.h> with glibc 2.36's exact behaviour (C locale):
 * strtol strtoul strtoll strtoull strtoq strtouq strtoimax strtoumax atoi atol atoll
 * strtod strtof strtold atof.
 *
 * Integers (glibc's ____strtol_l_internal): leading isspace() skipped; optional sign; base 0
 * picks 16 after "0x"/"0X", 8 after "0", else 10; base 16 also accepts the prefix; an invalid
 * base (1, < 0, > 36) sets EINVAL and returns 0 without touching *endptr; with no digits *endptr
 * is nptr, except after a consumed "0x" prefix where it points at the "x" (just after the 0).
 * Overflow consumes every digit, sets ERANGE and returns LONG_MIN/LONG_MAX (ULONG_MAX for the
 * unsigned ones); strtoul negates in unsigned arithmetic ("-1" → ULONG_MAX, no error).
 * atoi is (int) strtol(s, NULL, 10), errno included, as glibc.
 *
 * Floating point (glibc's strtod_l): decimal and hexadecimal ("0x1.8p3") forms, "inf",
 * "infinity", "nan", "nan(n-char-seq)" (case-insensitive; the payload goes into the mantissa),
 * correct rounding to nearest-even done exactly with bigints (no reliance on the host's
 * parser), ERANGE on overflow (±HUGE_VAL) and when the result is tiny after rounding and
 * inexact (glibc's rule on x86, so 0x1p-1074 is exact and errno stays 0 while 4.9e-324 sets
 * ERANGE). An exponent marker without digits ("1e+") is not consumed; "0x" without hex digits
 * parses the "0". strtold is strtod: PinLab's VM computes long double as double.
 *
 * Strings are read lazily, a page-bounded chunk at a time, so a parse stops faulting exactly
 * where glibc would (it never reads past the byte that ends the number).
 */
import type { Value } from '../cc/ast'
import { type Memory, PAGE_SIZE } from '../cc/memory'
import type { NativeContext, NativeFn } from '../cc/vm'
import { setErrno } from './errno'
import { int, ptr } from './user-memory'

const EINVAL = 22
const ERANGE = 34
const MAXS = BigInt(Number.MAX_SAFE_INTEGER)

/** Byte i of a string being parsed. */
export interface Bytes {
  at(i: number): number
}

/** Sequential reader of a C string that only touches the bytes it is asked for (page-bounded chunks). */
export class ByteCursor implements Bytes {
  private buf: Uint8Array = new Uint8Array(0)
  private start = 0
  constructor(
    private m: Memory,
    readonly base: number
  ) {}
  at(i: number): number {
    const k = i - this.start
    if (k >= 0 && k < this.buf.length) return this.buf[k]
    const a = this.base + i
    const room = PAGE_SIZE - (a % PAGE_SIZE)
    // read ahead at most 64 bytes, and only within the page of the byte needed
    this.buf = this.m.read(a, Math.min(room, 64))
    this.start = i
    return this.buf[0]
  }
}

export function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13)
}

function digitVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 97 && c <= 122) return c - 87
  if (c >= 65 && c <= 90) return c - 55
  return 99
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c
}

/** A 64-bit integer result as the VM's canonical value (number when safe, else bigint). */
function toValue(v: bigint): Value {
  return v >= -MAXS && v <= MAXS ? Number(v) : v
}

export interface IntParse {
  /** the value already reduced as the C function returns it */
  value: bigint
  /** bytes consumed (endptr - nptr) */
  end: number
  errno: number
}

/**
 * The core of strtol/strtoul: `bits` 32 or 64, `signed` selects the clamping.
 * Returns null for an invalid base (EINVAL, endptr untouched).
 */
export function parseInteger(cur: Bytes, baseIn: number, signed: boolean, bits = 64): IntParse | null {
  let base = baseIn
  if (base < 0 || base === 1 || base > 36) return null
  let i = 0
  while (isCSpace(cur.at(i))) i++
  let neg = false
  const sc = cur.at(i)
  if (sc === 45) {
    neg = true
    i++
  } else if (sc === 43) i++
  let prefixed = false
  if ((base === 0 || base === 16) && cur.at(i) === 48 && lowerAscii(cur.at(i + 1)) === 120) {
    i += 2
    base = 16
    prefixed = true
  } else if (base === 0) base = cur.at(i) === 48 ? 8 : 10
  const B = BigInt(base)
  const limit = 1n << BigInt(bits) // any magnitude ≥ this overflows every variant
  let acc = 0n
  let big = false
  const startDigits = i
  for (;;) {
    const d = digitVal(cur.at(i))
    if (d >= base) break
    if (!big) {
      acc = acc * B + BigInt(d)
      if (acc >= limit) big = true
    }
    i++
  }
  if (i === startDigits) {
    // no conversion: endptr = nptr, or just after the "0" of a "0x" with no hex digit
    return { value: 0n, end: prefixed ? i - 1 : 0, errno: 0 }
  }
  const umax = limit - 1n
  if (!signed) {
    if (big) return { value: umax, end: i, errno: ERANGE }
    return { value: neg ? (limit - acc) & umax : acc, end: i, errno: 0 }
  }
  const smax = (limit >> 1n) - 1n
  if (big || (neg ? acc > smax + 1n : acc > smax)) return { value: neg ? -smax - 1n : smax, end: i, errno: ERANGE }
  return { value: neg ? -acc : acc, end: i, errno: 0 }
}

// ---------------------------------------------------------------------------------------------
// floating point

export interface FloatFormat {
  /** significand bits including the implicit one (53 for double, 24 for float) */
  mant: number
  /** minimum normal exponent (-1022, -126) */
  emin: number
  /** maximum exponent (1023, 127) */
  emax: number
}
export const DOUBLE: FloatFormat = { mant: 53, emin: -1022, emax: 1023 }
export const FLOAT: FloatFormat = { mant: 24, emin: -126, emax: 127 }

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length
}

export interface Rounded {
  /** magnitude (non-negative, possibly Infinity) */
  v: number
  inexact: boolean
  /** tiny after rounding (IEEE, as x86 detects it) */
  tiny: boolean
  overflow: boolean
}

/** Rounds M × 2^e (+ a non-zero tail below it when `sticky`) to nearest-even in format f. */
export function roundBinary(M: bigint, e: number, sticky: boolean, f: FloatFormat): Rounded {
  if (M === 0n) return { v: 0, inexact: sticky, tiny: true, overflow: false }
  const L = bitLength(M)
  const x = L - 1 + e // exponent of the leading bit
  if (x > f.emax) return { v: Infinity, inexact: true, tiny: false, overflow: true }
  const minLsb = f.emin - f.mant + 1 // weight of the lowest subnormal bit
  // below half the smallest subnormal: 0 (this also bounds every shift below by L)
  if (x < minLsb - 1) return { v: 0, inexact: true, tiny: true, overflow: false }
  const rnd = (shift: number): { q: bigint; inexact: boolean } => {
    if (shift <= 0) return { q: M << BigInt(-shift), inexact: sticky }
    const s = BigInt(shift)
    let q = M >> s
    const rem = M & ((1n << s) - 1n)
    const half = 1n << (s - 1n)
    if (rem > half || (rem === half && (sticky || (q & 1n) === 1n))) q += 1n
    return { q, inexact: rem !== 0n || sticky }
  }
  // tininess after rounding: round to `mant` bits with an unbounded exponent
  let tiny = false
  if (x < f.emin) {
    if (x < f.emin - 1) tiny = true
    else tiny = rnd(L - f.mant).q < 1n << BigInt(f.mant)
  }
  const lsb = x >= f.emin ? x - f.mant + 1 : minLsb
  const { q, inexact } = rnd(lsb - e)
  const v = Number(q) * 2 ** lsb
  const overflow = !Number.isFinite(v) || (f.mant === 24 && Math.fround(v) === Infinity)
  return { v: overflow ? Infinity : v, inexact: inexact || overflow, tiny, overflow }
}

/** Exact decimal N × 10^E rounded into f. */
export function decimalToBinary(N: bigint, E: number, f: FloatFormat): Rounded {
  if (N === 0n) return { v: 0, inexact: false, tiny: false, overflow: false }
  const D = N.toString().length
  // quick exits for magnitudes far outside the format (keeps the bigints small)
  if (D - 1 + E > 330) return { v: Infinity, inexact: true, tiny: false, overflow: true }
  if (D + E < -400) return { v: 0, inexact: true, tiny: true, overflow: false }
  if (E >= 0) return roundBinary(N * 10n ** BigInt(E), 0, false, f)
  const den = 10n ** BigInt(-E)
  const k = Math.max(0, bitLength(den) - bitLength(N) + f.mant + 3)
  const num = N << BigInt(k)
  const q = num / den
  return roundBinary(q, -k, num % den !== 0n, f)
}

export interface FloatParse {
  value: number
  end: number
  errno: number
}

function makeNaN(neg: boolean, payload: bigint | null): number {
  const b = new DataView(new ArrayBuffer(8))
  let bits = 0x7ff8000000000000n
  if (payload !== null) bits |= payload & 0x7ffffffffffffn
  if (neg) bits |= 0x8000000000000000n
  b.setBigUint64(0, bits)
  return b.getFloat64(0)
}

/** glibc's strtod/strtof over the cursor. */
export function parseFloatC(cur: Bytes, f: FloatFormat = DOUBLE): FloatParse {
  let i = 0
  while (isCSpace(cur.at(i))) i++
  let neg = false
  const sc = cur.at(i)
  if (sc === 45) {
    neg = true
    i++
  } else if (sc === 43) i++
  const sign = (v: number): number => (neg ? -v : v)
  const c0 = lowerAscii(cur.at(i))
  const matchWord = (w: string, at: number): boolean => {
    for (let k = 0; k < w.length; k++) if (lowerAscii(cur.at(at + k)) !== w.charCodeAt(k)) return false
    return true
  }
  if (c0 === 105 && matchWord('inf', i)) {
    const end = matchWord('inity', i + 3) ? i + 8 : i + 3
    return { value: sign(Infinity), end, errno: 0 }
  }
  if (c0 === 110 && matchWord('nan', i)) {
    let end = i + 3
    let payload: bigint | null = null
    if (cur.at(end) === 40) {
      let j = end + 1
      for (;;) {
        const c = cur.at(j)
        if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) j++
        else break
      }
      if (cur.at(j) === 41) {
        // the payload is the sequence read as strtoull(…, 0) when all of it is a number
        const r = parseInteger(new SubCursor(cur, end + 1), 0, false)
        if (r && r.end === j - end - 1 && r.end > 0) payload = r.value
        end = j + 1
      }
    }
    return { value: makeNaN(neg, f.mant === 53 ? payload : null), end, errno: 0 }
  }
  // hexadecimal
  if (cur.at(i) === 48 && lowerAscii(cur.at(i + 1)) === 120) {
    const r = parseHex(cur, i + 2, f)
    if (r) return { value: sign(r.v), end: r.end, errno: r.errno }
    return { value: sign(0), end: i + 1, errno: 0 } // "0x" with no hex digit: the "0"
  }
  // decimal
  const { sig, end: digitsEnd, any } = readSignificand(cur, i, 10, 800)
  if (!any) return { value: 0, end: 0, errno: 0 } // no conversion: endptr = nptr, +0.0
  const { exp, end: j } = readExponentPart(cur, digitsEnd, 101)
  const [N, scale] = sig.value(10)
  const r = decimalToBinary(N, exp + scale, f)
  return { value: sign(r.v), end: j, errno: r.overflow || (r.tiny && r.inexact) ? ERANGE : 0 }
}

/**
 * Reads `digits[.digits]` in `radix` (10 or 16) into a Significand of `capacity` digits. `end`
 * is past the last digit used; a '.' with no digit on either side is not consumed; `any` is
 * false when there is no digit at all.
 */
function readSignificand(cur: Bytes, at: number, radix: 10 | 16, capacity: number): { sig: Significand; end: number; any: boolean } {
  const sig = new Significand(capacity)
  let j = at
  let any = false
  for (;;) {
    const d = digitVal(cur.at(j))
    if (d >= radix) break
    sig.push(d, false)
    any = true
    j++
  }
  if (cur.at(j) === 46) {
    let k = j + 1
    let fracAny = false
    for (;;) {
      const d = digitVal(cur.at(k))
      if (d >= radix) break
      sig.push(d, true)
      fracAny = true
      k++
    }
    if (any || fracAny) {
      j = k
      any = true
    }
  }
  return { sig, end: j, any }
}

/** The exponent part after `marker` ('e' or 'p', either case) at `at`: 0 and `at` when absent. */
function readExponentPart(cur: Bytes, at: number, marker: number): { exp: number; end: number } {
  if (lowerAscii(cur.at(at)) !== marker) return { exp: 0, end: at }
  return readExponent(cur, at + 1) ?? { exp: 0, end: at }
}

/** Reads [+-]digits after an exponent marker; null when there is no digit (marker not consumed). */
function readExponent(cur: Bytes, at: number): { exp: number; end: number } | null {
  let k = at
  let eneg = false
  if (cur.at(k) === 43 || cur.at(k) === 45) {
    eneg = cur.at(k) === 45
    k++
  }
  const c = cur.at(k)
  if (c < 48 || c > 57) return null
  let e = 0
  for (;;) {
    const d = cur.at(k)
    if (d < 48 || d > 57) break
    if (e < 1e9) e = e * 10 + (d - 48) // beyond any representable magnitude: saturate
    k++
  }
  return { exp: eneg ? -e : e, end: k }
}

function parseHex(cur: Bytes, at: number, f: FloatFormat): { v: number; end: number; errno: number } | null {
  const { sig, end: digitsEnd, any } = readSignificand(cur, at, 16, 300)
  if (!any) return null
  const { exp, end: j } = readExponentPart(cur, digitsEnd, 112)
  const [M, scale] = sig.value(16)
  if (M === 0n) return { v: 0, end: j, errno: 0 }
  const r = roundBinary(M, exp + 4 * scale, false, f)
  return { v: r.v, end: j, errno: r.overflow || (r.tiny && r.inexact) ? ERANGE : 0 }
}

/**
 * The significant digits of a mantissa, at most `limit` of them: a longer mantissa keeps its
 * first `limit` digits plus one non-zero sticky digit when anything non-zero was dropped. Every
 * rounding boundary of a double has far fewer significant digits (≤ 767 decimal, 14 hex), so the
 * rounding, the inexactness and the tininess are those of the full mantissa.
 */
class Significand {
  private digits: number[] = []
  /** power of the base to apply: +1 per dropped integer digit, -1 per kept fraction digit */
  private scale = 0
  private sticky = false
  constructor(private limit: number) {}
  push(d: number, frac: boolean): void {
    if (this.digits.length === 0 && d === 0) {
      if (frac) this.scale--
      return
    }
    if (this.digits.length < this.limit) {
      this.digits.push(d)
      if (frac) this.scale--
    } else {
      if (d !== 0) this.sticky = true
      if (!frac) this.scale++
    }
  }
  /** [N, scale]: the value is N × base^scale (N with the sticky digit appended). */
  value(base: 10 | 16): [bigint, number] {
    if (this.digits.length === 0) return [0n, 0]
    const ds = this.sticky ? [...this.digits, 1] : this.digits
    const s = ds.map((d) => d.toString(16)).join('')
    const N = base === 16 ? BigInt('0x' + s) : BigInt(s)
    return [N, this.scale - (this.sticky ? 1 : 0)]
  }
}

/** A cursor view starting `off` bytes into another (for the NaN payload). */
class SubCursor implements Bytes {
  constructor(
    private c: Bytes,
    private off: number
  ) {}
  at(i: number): number {
    return this.c.at(this.off + i)
  }
}

// ---------------------------------------------------------------------------------------------

function storeEnd(ctx: NativeContext, endp: Value, nptr: number, n: number): void {
  const e = ptr(endp, 'write')
  if (e !== 0) ctx.mem.store64(e, nptr + n)
}

function strtoInt(signed: boolean): NativeFn {
  return (ctx, a) => {
    const s = ptr(a[0])
    const r = parseInteger(new ByteCursor(ctx.mem, s), int(a[2]), signed)
    if (r === null) {
      setErrno(ctx, EINVAL)
      return 0
    }
    storeEnd(ctx, a[1], s, r.end)
    if (r.errno) setErrno(ctx, r.errno)
    return toValue(r.value)
  }
}

function strtoFloat(fmt: FloatFormat): NativeFn {
  return (ctx, a) => {
    const s = ptr(a[0])
    const r = parseFloatC(new ByteCursor(ctx.mem, s), fmt)
    storeEnd(ctx, a[1], s, r.end)
    if (r.errno) setErrno(ctx, r.errno)
    return r.value
  }
}

const strtolFn = strtoInt(true)
const strtoulFn = strtoInt(false)
const strtodFn = strtoFloat(DOUBLE)

export const strtolFunctions: Record<string, NativeFn> = {
  strtol: strtolFn,
  strtoll: strtolFn,
  strtoq: strtolFn,
  strtoimax: strtolFn,
  strtoul: strtoulFn,
  strtoull: strtoulFn,
  strtouq: strtoulFn,
  strtoumax: strtoulFn,
  atoi: (ctx, a) => {
    const s = ptr(a[0])
    const r = parseInteger(new ByteCursor(ctx.mem, s), 10, true)!
    if (r.errno) setErrno(ctx, r.errno)
    return Number(BigInt.asIntN(32, r.value))
  },
  atol: (ctx, a) => strtolFn(ctx, [a[0], 0, 10]),
  atoll: (ctx, a) => strtolFn(ctx, [a[0], 0, 10]),
  strtod: strtodFn,
  strtold: strtodFn,
  strtof: strtoFloat(FLOAT),
  atof: (ctx, a) => strtodFn(ctx, [a[0], 0])
}
