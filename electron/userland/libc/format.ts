/**
 * The printf formatter: the full C99 format grammar, matching glibc byte for byte.
 *
 * Pure function over "byte strings" (JS strings whose char codes are bytes 0–255). Arguments
 * are pulled through {@link FormatArgs}, so the same formatter serves printf (VM argument
 * values), vprintf (a va_list in simulated memory) and tests (plain arrays).
 *
 *   flags:      - + space # 0 (and ' accepted, no grouping in the C locale)
 *   width:      digits or *   (negative * width means '-' flag)
 *   precision:  .digits or .* (negative * precision means "none")
 *   length:     hh h l ll L q j z Z t
 *   conversion: d i u o x X c s p n f F e E g G a A % (and m: strerror(errno) when provided)
 */

export interface FormatArgs {
  /** next integer-class argument (int, long, pointer …) as a number or bigint */
  int(): number | bigint
  /** next floating argument (double) */
  double(): number
  /** the bytes of the NUL-terminated string at `ptr` (at most `max` bytes), or null for NULL */
  string(ptr: number | bigint, max?: number): string | null
  /** the wide (wchar_t, 32-bit) string at `ptr` as code points, or null for NULL */
  wstring?(ptr: number | bigint, max?: number): number[] | null
  /** %n: store `count` at `ptr` with the given length modifier */
  storeCount?(ptr: number | bigint, count: number, len: string): void
  /** %m: the message for errno */
  errnoMessage?(): string
}

interface Spec {
  minus: boolean
  plus: boolean
  space: boolean
  alt: boolean
  zero: boolean
  width: number
  prec: number // -1 = none
  len: string
  conv: string
}

/** Formats `fmt` with `args`; returns the output bytes as a byte string. */
export function formatPrintf(fmt: string, args: FormatArgs): string {
  let out = ''
  let i = 0
  const n = fmt.length
  while (i < n) {
    const c = fmt[i]
    if (c !== '%') {
      const j = fmt.indexOf('%', i)
      const end = j < 0 ? n : j
      out += fmt.slice(i, end)
      i = end
      continue
    }
    const start = i
    i++
    const s: Spec = { minus: false, plus: false, space: false, alt: false, zero: false, width: 0, prec: -1, len: '', conv: '' }
    for (;;) {
      const f = fmt[i]
      if (f === '-') s.minus = true
      else if (f === '+') s.plus = true
      else if (f === ' ') s.space = true
      else if (f === '#') s.alt = true
      else if (f === '0') s.zero = true
      else if (f === "'" || f === 'I') {
        /* grouping: none in the C locale */
      } else break
      i++
    }
    if (fmt[i] === '*') {
      i++
      const w = Number(toSigned(args.int(), 32))
      if (w < 0) {
        s.minus = true
        s.width = -w
      } else s.width = w
    } else
      while (i < n && fmt[i] >= '0' && fmt[i] <= '9') {
        s.width = s.width * 10 + (fmt.charCodeAt(i) - 48)
        i++
      }
    if (fmt[i] === '.') {
      i++
      if (fmt[i] === '*') {
        i++
        const p = Number(toSigned(args.int(), 32))
        s.prec = p < 0 ? -1 : p
      } else {
        s.prec = 0
        while (i < n && fmt[i] >= '0' && fmt[i] <= '9') {
          s.prec = s.prec * 10 + (fmt.charCodeAt(i) - 48)
          i++
        }
      }
    }
    for (;;) {
      const l = fmt[i]
      if (l === 'h' || l === 'l' || l === 'L' || l === 'q' || l === 'j' || l === 'z' || l === 'Z' || l === 't') {
        s.len += l
        i++
      } else break
    }
    if (i >= n) {
      // incomplete specification: glibc prints it literally
      out += fmt.slice(start)
      break
    }
    s.conv = fmt[i++]
    out += convert(s, args, out.length, fmt.slice(start, i))
  }
  return out
}

function toSigned(v: number | bigint, bits: number): bigint {
  const b = typeof v === 'bigint' ? v : BigInt(Math.trunc(v))
  return BigInt.asIntN(bits, b)
}
function toUnsigned(v: number | bigint, bits: number): bigint {
  const b = typeof v === 'bigint' ? v : BigInt(Math.trunc(v))
  return BigInt.asUintN(bits, b)
}

function lenBits(len: string): number {
  switch (len) {
    case 'hh':
      return 8
    case 'h':
      return 16
    case '':
      return 32
    default:
      return 64
  }
}

function pad(s: Spec, body: string, zeroOk = false, prefixLen = 0): string {
  if (body.length >= s.width) return body
  const fill = s.width - body.length
  if (s.minus) return body + ' '.repeat(fill)
  if (s.zero && zeroOk) return body.slice(0, prefixLen) + '0'.repeat(fill) + body.slice(prefixLen)
  return ' '.repeat(fill) + body
}

function convert(s: Spec, args: FormatArgs, written: number, raw: string): string {
  switch (s.conv) {
    case '%':
      return '%'
    case 'd':
    case 'i':
      return fmtInt(s, toSigned(args.int(), lenBits(s.len)), 10, true)
    case 'u':
      return fmtInt(s, toUnsigned(args.int(), lenBits(s.len)), 10, false)
    case 'o':
      return fmtInt(s, toUnsigned(args.int(), lenBits(s.len)), 8, false)
    case 'x':
    case 'X':
      return fmtInt(s, toUnsigned(args.int(), lenBits(s.len)), 16, false)
    case 'c': {
      if (s.len === 'l') {
        const cp = Number(toUnsigned(args.int(), 32))
        return pad(s, utf8(cp))
      }
      const b = Number(toUnsigned(args.int(), 8))
      return pad(s, String.fromCharCode(b))
    }
    case 's': {
      const p = args.int()
      if (s.len === 'l' && args.wstring) {
        const w = args.wstring(p, s.prec >= 0 ? s.prec : undefined)
        if (w === null) return pad(s, s.prec >= 0 && s.prec < 6 ? '' : '(null)')
        let str = ''
        for (const cp of w) {
          const e = utf8(cp)
          if (s.prec >= 0 && str.length + e.length > s.prec) break
          str += e
        }
        return pad(s, str)
      }
      const str = args.string(p, s.prec >= 0 ? s.prec : undefined)
      if (str === null) return pad(s, s.prec >= 0 && s.prec < 6 ? '' : '(null)')
      return pad(s, s.prec >= 0 ? str.slice(0, s.prec) : str)
    }
    case 'p': {
      const v = toUnsigned(args.int(), 64)
      if (v === 0n) return pad(s, '(nil)')
      const sign = s.plus ? '+' : s.space ? ' ' : ''
      let digits = v.toString(16)
      if (s.prec >= 0 && digits.length < s.prec) digits = '0'.repeat(s.prec - digits.length) + digits
      const body = sign + '0x' + digits
      return pad(s, body, s.prec < 0, sign.length + 2)
    }
    case 'n': {
      const p = args.int()
      args.storeCount?.(p, written, s.len)
      return ''
    }
    case 'm':
      return pad(s, args.errnoMessage ? args.errnoMessage() : 'Success')
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
      return fmtFloat(s, args.double())
    default:
      // unknown conversion: glibc prints the directive as is
      return raw
  }
}

function fmtInt(s: Spec, v: bigint, base: number, signed: boolean): string {
  const neg = v < 0n
  let digits = (neg ? -v : v).toString(base)
  if (s.conv === 'X') digits = digits.toUpperCase()
  if (s.prec >= 0) {
    if (s.prec === 0 && v === 0n) digits = ''
    if (digits.length < s.prec) digits = '0'.repeat(s.prec - digits.length) + digits
  }
  let prefix = ''
  if (signed) prefix = neg ? '-' : s.plus ? '+' : s.space ? ' ' : ''
  if (s.alt) {
    if (base === 8 && !digits.startsWith('0')) digits = '0' + digits
    if (base === 16 && v !== 0n) prefix += s.conv === 'X' ? '0X' : '0x'
  }
  return pad(s, prefix + digits, s.prec < 0, prefix.length)
}

function utf8(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp)
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 63))
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
  return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63))
}

// ---------------- floating point ----------------

const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)

function signBit(x: number): boolean {
  f64[0] = x
  return (u32[1] >>> 31) === 1
}

/** x = m * 2^e exactly (x finite, > 0) */
function decompose(x: number): { m: bigint; e: number } {
  f64[0] = x
  const hi = u32[1]
  const lo = u32[0]
  const bexp = (hi >>> 20) & 0x7ff
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  let e: number
  if (bexp === 0) e = -1074
  else {
    m |= 1n << 52n
    e = bexp - 1075
  }
  return { m, e }
}

/** Exact decimal digits of x > 0: value = 0.D × 10^E (D without leading zeros). */
function exactDecimal(x: number): { d: string; E: number } {
  const { m, e } = decompose(x)
  let d: string
  let E: number
  if (e >= 0) {
    d = (m << BigInt(e)).toString()
    E = d.length
  } else {
    d = (m * 5n ** BigInt(-e)).toString()
    E = d.length + e
  }
  d = d.replace(/0+$/, '')
  return { d: d || '0', E }
}

/** Rounds the digit string to n digits (n ≥ 0), half to even. Returns digits (length n or n+1 on carry) and carry flag. */
function roundDigits(d: string, n: number): { d: string; carry: boolean } {
  if (n >= d.length) return { d: d + '0'.repeat(n - d.length), carry: false }
  const kept = d.slice(0, n)
  const rest = d.slice(n)
  let up: boolean
  if (rest[0] > '5') up = true
  else if (rest[0] < '5') up = false
  else if (/[1-9]/.test(rest.slice(1))) up = true
  else {
    const last = n > 0 ? kept.charCodeAt(n - 1) - 48 : 0
    up = last % 2 === 1
  }
  if (!up) return { d: kept, carry: false }
  // increment
  const arr = kept.split('')
  let k = n - 1
  while (k >= 0) {
    if (arr[k] === '9') {
      arr[k] = '0'
      k--
    } else {
      arr[k] = String.fromCharCode(arr[k].charCodeAt(0) + 1)
      break
    }
  }
  if (k < 0) return { d: '1' + arr.join(''), carry: true }
  return { d: arr.join(''), carry: false }
}

/** %f digits: integer part and fraction (prec digits). */
function fixed(x: number, prec: number): { int: string; frac: string } {
  if (x === 0) return { int: '0', frac: '0'.repeat(prec) }
  const { d, E } = exactDecimal(x)
  const n = E + prec // digits kept
  if (n < 0) return { int: '0', frac: '0'.repeat(prec) }
  const r = roundDigits(d, n)
  let digits = r.d
  let e = E
  if (r.carry) e++
  // digits has e + prec digits (e may be ≤ 0)
  if (e <= 0) {
    digits = '0'.repeat(-e) + digits
    return { int: '0', frac: digits.padEnd(prec, '0').slice(0, prec) }
  }
  return { int: digits.slice(0, e) || '0', frac: digits.slice(e) }
}

/** %e: mantissa digits (prec+1) and decimal exponent. */
function expo(x: number, prec: number): { d: string; exp: number } {
  if (x === 0) return { d: '0'.repeat(prec + 1), exp: 0 }
  const { d, E } = exactDecimal(x)
  const r = roundDigits(d, prec + 1)
  let digits = r.d
  let exp = E - 1
  if (r.carry) {
    exp++
    digits = digits.slice(0, prec + 1)
  }
  return { d: digits, exp }
}

function expStr(exp: number, upper: boolean): string {
  const a = Math.abs(exp)
  return (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + (a < 10 ? '0' + a : String(a))
}

function fmtFloat(s: Spec, x: number): string {
  const upper = s.conv === 'F' || s.conv === 'E' || s.conv === 'G' || s.conv === 'A'
  const neg = signBit(x)
  const sign = neg ? '-' : s.plus ? '+' : s.space ? ' ' : ''
  if (!Number.isFinite(x)) {
    const t = Number.isNaN(x) ? 'nan' : 'inf'
    return pad({ ...s, zero: false }, sign + (upper ? t.toUpperCase() : t))
  }
  const ax = Math.abs(x)
  let body: string
  const conv = s.conv.toLowerCase()
  if (conv === 'f') {
    const p = s.prec < 0 ? 6 : s.prec
    const r = fixed(ax, p)
    body = r.int + (p > 0 || s.alt ? '.' : '') + r.frac
  } else if (conv === 'e') {
    const p = s.prec < 0 ? 6 : s.prec
    const r = expo(ax, p)
    body = r.d[0] + (p > 0 || s.alt ? '.' : '') + r.d.slice(1) + expStr(r.exp, upper)
  } else if (conv === 'g') {
    let P = s.prec < 0 ? 6 : s.prec
    if (P === 0) P = 1
    const X = expo(ax, P - 1).exp
    if (P > X && X >= -4) {
      const p = P - 1 - X
      const r = fixed(ax, p)
      let frac = r.frac
      if (!s.alt) frac = frac.replace(/0+$/, '')
      body = r.int + (frac.length > 0 || s.alt ? '.' : '') + frac
    } else {
      const r = expo(ax, P - 1)
      let frac = r.d.slice(1)
      if (!s.alt) frac = frac.replace(/0+$/, '')
      body = r.d[0] + (frac.length > 0 || s.alt ? '.' : '') + frac + expStr(r.exp, upper)
    }
  } else {
    body = hexFloat(ax, s.prec, s.alt, upper)
  }
  const full = sign + body
  const prefixLen = sign.length + (conv === 'a' ? 2 : 0)
  return pad(s, full, true, prefixLen)
}

function hexFloat(x: number, prec: number, alt: boolean, upper: boolean): string {
  let lead: number
  let mant: bigint // 52 bits
  let exp: number
  if (x === 0) {
    lead = 0
    mant = 0n
    exp = 0
  } else {
    const { m, e } = decompose(x)
    f64[0] = x
    const bexp = (u32[1] >>> 20) & 0x7ff
    if (bexp === 0) {
      lead = 0
      mant = m
      exp = -1022
    } else {
      lead = 1
      mant = m & ((1n << 52n) - 1n)
      exp = e + 52
    }
  }
  let digits = mant.toString(16).padStart(13, '0')
  if (prec < 0) digits = digits.replace(/0+$/, '')
  else if (prec < 13) {
    // round to prec hex digits, half to even
    const shift = BigInt((13 - prec) * 4)
    const full = (BigInt(lead) << 52n) | mant
    const q = full >> shift
    const r = full & ((1n << shift) - 1n)
    const half = 1n << (shift - 1n)
    let nq = q
    if (r > half || (r === half && (q & 1n) === 1n)) nq = q + 1n
    const nlead = Number(nq >> BigInt(prec * 4))
    lead = nlead
    digits = prec > 0 ? (nq & ((1n << BigInt(prec * 4)) - 1n)).toString(16).padStart(prec, '0') : ''
    // a carry into the leading digit prints as 0x2p… (glibc does not renormalize)
  } else digits = digits.padEnd(prec, '0')
  let s = '0x' + lead + (digits.length > 0 || alt ? '.' : '') + digits + 'p' + (exp < 0 ? '-' : '+') + Math.abs(exp)
  if (upper) s = s.toUpperCase()
  return s
}
