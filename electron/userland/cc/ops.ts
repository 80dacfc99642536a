/**
 * Exact C arithmetic on JS values.
 *
 * Representation (the VM's "canonical form"):
 * - integer types up to 32 bits: a JS number holding the exact value of the type;
 * - 64-bit integers and pointers: a JS number while the value is a safe integer
 *   (|v| < 2^53), a bigint otherwise. Hot loops over `long`/`size_t`/pointers stay on
 *   doubles; only values beyond 2^53 (pagemap entries, masks like 1ULL << 55, -1 as
 *   unsigned) take the BigInt path. Canonical form makes `===` exact equality.
 * - float: a number rounded with Math.fround; double (and long double): a number.
 */
import type { Value } from './ast'
import type { CType } from './types'

/** A synchronous fault raised by an operation (integer division by zero → SIGFPE). */
export class SignalFault extends Error {
  constructor(
    readonly signal: string,
    readonly code: string
  ) {
    super(signal)
  }
}

export const MAXS = Number.MAX_SAFE_INTEGER
const MAXS_B = BigInt(MAXS)
const TWO32 = 4294967296

export type Kind = 'i32' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64' | 'i8' | 'u8' | 'i16' | 'u16' | 'bool' | 'void' | 'struct'

export function kindOf(t: CType): Kind {
  switch (t.k) {
    case 'int':
      if (t.isBool) return 'bool'
      if (t.size === 1) return t.signed ? 'i8' : 'u8'
      if (t.size === 2) return t.signed ? 'i16' : 'u16'
      if (t.size === 4) return t.signed ? 'i32' : 'u32'
      return t.signed ? 'i64' : 'u64'
    case 'ptr':
      return 'u64'
    case 'float':
      return t.size === 4 ? 'f32' : 'f64'
    case 'void':
      return 'void'
    default:
      return 'struct'
  }
}

export function canonS(x: bigint): Value {
  return x >= -MAXS_B && x <= MAXS_B ? Number(x) : x
}
export function canonU(x: bigint): Value {
  return x <= MAXS_B ? Number(x) : x
}
export const wrapS64 = (x: bigint): Value => canonS(BigInt.asIntN(64, x))
export const wrapU64 = (x: bigint): Value => canonU(BigInt.asUintN(64, x))
const big = (v: Value): bigint => (typeof v === 'bigint' ? v : BigInt(v))

/** Converts a value of kind `from` to kind `to` (C conversion rules as x86-64 gcc). */
export function convFn(from: Kind, to: Kind): (v: Value) => Value {
  if (from === to && to !== 'bool') return (v) => v
  const fromF = from === 'f32' || from === 'f64'
  switch (to) {
    case 'void':
    case 'struct':
      return (v) => v
    case 'bool':
      return (v) => (v !== 0 ? 1 : 0)
    case 'f64':
      return fromF ? (v) => v : (v) => Number(v)
    case 'f32':
      return (v) => Math.fround(Number(v))
  }
  if (fromF) {
    // float → integer: truncation; out of range gives x86's "integer indefinite"
    switch (to) {
      case 'i64':
        return (v) => {
          const n = Math.trunc(v as number)
          if (!(n >= -9223372036854775808 && n < 9223372036854775808)) return -(2n ** 63n)
          return Number.isSafeInteger(n) ? n + 0 : canonS(BigInt(n))
        }
      case 'u64':
        return (v) => {
          const n = Math.trunc(v as number)
          if (n >= 0 && n < 18446744073709551616) return Number.isSafeInteger(n) ? n + 0 : canonU(BigInt(n))
          if (n < 0 && n >= -9223372036854775808) return wrapU64(BigInt(n))
          return 2n ** 63n
        }
      default: {
        const toI = convFn('i64', to)
        const toI64 = convFn('f64', 'i64')
        if (to === 'i32') return (v) => {
          const n = Math.trunc(v as number)
          return n >= -2147483648 && n <= 2147483647 ? n | 0 : -2147483648
        }
        if (to === 'u32') return (v) => {
          const n = Math.trunc(v as number)
          if (n >= 0 && n <= 4294967295) return n + 0
          return toI(toI64(v))
        }
        return (v) => {
          const n = Math.trunc(v as number)
          if (n >= -2147483648 && n <= 2147483647) return toI(n)
          return toI(-2147483648)
        }
      }
    }
  }
  switch (to) {
    case 'i8':
      return (v) => (typeof v === 'number' ? (v << 24) >> 24 : Number(BigInt.asIntN(8, v)))
    case 'u8':
      return (v) => (typeof v === 'number' ? v & 255 : Number(BigInt.asUintN(8, v)))
    case 'i16':
      return (v) => (typeof v === 'number' ? (v << 16) >> 16 : Number(BigInt.asIntN(16, v)))
    case 'u16':
      return (v) => (typeof v === 'number' ? v & 65535 : Number(BigInt.asUintN(16, v)))
    case 'i32':
      return (v) => (typeof v === 'number' ? v | 0 : Number(BigInt.asIntN(32, v)))
    case 'u32':
      return (v) => (typeof v === 'number' ? v >>> 0 : Number(BigInt.asUintN(32, v)))
    case 'i64':
      if (from === 'u64') return (v) => (typeof v === 'number' ? v : wrapS64(v))
      return (v) => v
    case 'u64':
      if (from === 'u32' || from === 'u16' || from === 'u8' || from === 'bool') return (v) => v
      return (v) => (typeof v === 'number' ? (v >= 0 ? v : wrapU64(BigInt(v))) : wrapU64(v))
  }
  return (v) => v
}

export function convert(v: Value, from: CType, to: CType): Value {
  return convFn(kindOf(from), kindOf(to))(v)
}

const fpe = () => new SignalFault('SIGFPE', 'FPE_INTDIV')

// ----- 64-bit helpers -----
function split(a: number): [number, number] {
  return [Math.floor(a / TWO32) | 0, a >>> 0]
}

function bitop64(op: '&' | '|' | '^', signed: boolean): (a: Value, b: Value) => Value {
  const w = signed ? wrapS64 : wrapU64
  const bf = op === '&' ? (x: bigint, y: bigint) => x & y : op === '|' ? (x: bigint, y: bigint) => x | y : (x: bigint, y: bigint) => x ^ y
  const nf = op === '&' ? (x: number, y: number) => x & y : op === '|' ? (x: number, y: number) => x | y : (x: number, y: number) => x ^ y
  return (a, b) => {
    if (typeof a === 'number' && typeof b === 'number') {
      if ((a | 0) === a && (b | 0) === b) {
        const r = nf(a, b)
        return signed || r >= 0 ? r : wrapU64(BigInt(r))
      }
      const [ah, al] = split(a)
      const [bh, bl] = split(b)
      const h = nf(ah, bh)
      const l = nf(al, bl) >>> 0
      const r = h * TWO32 + l
      if (signed || r >= 0) return r
      return wrapU64(BigInt(r))
    }
    return w(bf(big(a), big(b)))
  }
}

export type BinFn = (a: Value, b: Value) => Value

/** Arithmetic / bitwise operator in the operation type `k` (operands already converted). */
export function binFn(op: string, k: Kind): BinFn {
  switch (k) {
    case 'f64':
      switch (op) {
        case '+':
          return (a, b) => (a as number) + (b as number)
        case '-':
          return (a, b) => (a as number) - (b as number)
        case '*':
          return (a, b) => (a as number) * (b as number)
        case '/':
          return (a, b) => (a as number) / (b as number)
      }
      break
    case 'f32':
      switch (op) {
        case '+':
          return (a, b) => Math.fround((a as number) + (b as number))
        case '-':
          return (a, b) => Math.fround((a as number) - (b as number))
        case '*':
          return (a, b) => Math.fround((a as number) * (b as number))
        case '/':
          return (a, b) => Math.fround((a as number) / (b as number))
      }
      break
    case 'i32':
      switch (op) {
        case '+':
          return (a, b) => ((a as number) + (b as number)) | 0
        case '-':
          return (a, b) => ((a as number) - (b as number)) | 0
        case '*':
          return (a, b) => Math.imul(a as number, b as number)
        case '/':
          return (a, b) => {
            if (b === 0 || (b === -1 && a === -2147483648)) throw fpe()
            return ((a as number) / (b as number)) | 0
          }
        case '%':
          return (a, b) => {
            if (b === 0 || (b === -1 && a === -2147483648)) throw fpe()
            return (a as number) % (b as number) | 0
          }
        case '<<':
          return (a, b) => (a as number) << (b as number)
        case '>>':
          return (a, b) => (a as number) >> (b as number)
        case '&':
          return (a, b) => (a as number) & (b as number)
        case '|':
          return (a, b) => (a as number) | (b as number)
        case '^':
          return (a, b) => (a as number) ^ (b as number)
      }
      break
    case 'u32':
      switch (op) {
        case '+':
          return (a, b) => ((a as number) + (b as number)) >>> 0
        case '-':
          return (a, b) => ((a as number) - (b as number)) >>> 0
        case '*':
          return (a, b) => Math.imul(a as number, b as number) >>> 0
        case '/':
          return (a, b) => {
            if (b === 0) throw fpe()
            return Math.floor((a as number) / (b as number))
          }
        case '%':
          return (a, b) => {
            if (b === 0) throw fpe()
            return (a as number) % (b as number)
          }
        case '<<':
          return (a, b) => ((a as number) << (b as number)) >>> 0
        case '>>':
          return (a, b) => (a as number) >>> (b as number)
        case '&':
          return (a, b) => ((a as number) & (b as number)) >>> 0
        case '|':
          return (a, b) => ((a as number) | (b as number)) >>> 0
        case '^':
          return (a, b) => ((a as number) ^ (b as number)) >>> 0
      }
      break
    case 'i64':
    case 'u64': {
      const s = k === 'i64'
      const w = s ? wrapS64 : wrapU64
      switch (op) {
        case '+':
          return (a, b) => {
            if (typeof a === 'number' && typeof b === 'number') {
              const r = a + b
              if (r <= MAXS && r >= -MAXS) return s || r >= 0 ? r : w(BigInt(r))
            }
            return w(big(a) + big(b))
          }
        case '-':
          return (a, b) => {
            if (typeof a === 'number' && typeof b === 'number') {
              const r = a - b
              if (r <= MAXS && r >= -MAXS) return s || r >= 0 ? r : w(BigInt(r))
            }
            return w(big(a) - big(b))
          }
        case '*':
          return (a, b) => {
            if (typeof a === 'number' && typeof b === 'number') {
              const r = a * b + 0 // no -0 for integers
              if (r <= MAXS && r >= -MAXS) return s || r >= 0 ? r : w(BigInt(r))
            }
            return w(big(a) * big(b))
          }
        case '/':
        case '%': {
          const div = op === '/'
          return (a, b) => {
            if (b === 0) throw fpe()
            if (typeof a === 'number' && typeof b === 'number' && a <= 4294967295 && a >= -4294967295 && b <= 4294967295 && b >= -4294967295)
              return (div ? Math.trunc(a / b) : a % b) + 0
            const x = big(a)
            const y = big(b)
            if (s && y === -1n && x === -(2n ** 63n)) throw fpe()
            return w(div ? x / y : x % y)
          }
        }
        case '<<':
          return (a, b) => {
            const n = Number(b) & 63
            if (typeof a === 'number') {
              const r = a * 2 ** n
              if (r <= MAXS && r >= -MAXS) return r
            }
            return w(big(a) << BigInt(n))
          }
        case '>>':
          return (a, b) => {
            const n = Number(b) & 63
            if (typeof a === 'number') return Math.floor(a / 2 ** n)
            return w(a >> BigInt(n))
          }
        case '&':
        case '|':
        case '^':
          return bitop64(op, s)
      }
      break
    }
  }
  throw new Error(`internal: no operator ${op} for ${k}`)
}

export type CmpFn = (a: Value, b: Value) => boolean
export function cmpFn(op: string): CmpFn {
  switch (op) {
    case '==':
      return (a, b) => a === b
    case '!=':
      return (a, b) => a !== b
    case '<':
      return (a, b) => a < b
    case '>':
      return (a, b) => a > b
    case '<=':
      return (a, b) => a <= b
    case '>=':
      return (a, b) => a >= b
  }
  throw new Error('internal: bad comparison ' + op)
}

export function negFn(k: Kind): (a: Value) => Value {
  switch (k) {
    case 'i32':
      return (a) => -(a as number) | 0
    case 'u32':
      return (a) => -(a as number) >>> 0
    case 'f32':
    case 'f64':
      return (a) => -(a as number)
    case 'i64':
      return (a) => (typeof a === 'number' ? (a === 0 ? 0 : -a) : wrapS64(-a))
    case 'u64':
      return (a) => (a === 0 ? 0 : wrapU64(-big(a)))
  }
  throw new Error('internal: neg ' + k)
}

export function notFn(k: Kind): (a: Value) => Value {
  switch (k) {
    case 'i32':
      return (a) => ~(a as number)
    case 'u32':
      return (a) => ~(a as number) >>> 0
    case 'i64':
      return (a) => (typeof a === 'number' ? -a - 1 : wrapS64(~a))
    case 'u64':
      return (a) => wrapU64(~big(a))
  }
  throw new Error('internal: not ' + k)
}

/** Adds a byte offset to a pointer value (wrapping modulo 2^64). */
export function ptrAdd(p: Value, off: Value): Value {
  if (typeof p === 'number' && typeof off === 'number') {
    const r = p + off
    if (r >= 0 && r <= MAXS) return r
  }
  return wrapU64(big(p) + big(off))
}
