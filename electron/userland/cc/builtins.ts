/** gcc's `__builtin_*` functions, implemented by the compiler itself (no libc needed). */
import { type CType, type FuncType, T, ptrTo, qualify } from './types'
import type { NativeFn } from './vm'
import type { Value } from './ast'
import { MemoryFault } from './memory'

interface Builtin {
  ty: FuncType
  fn: NativeFn
}

const fnTy = (ret: CType, params: CType[], variadic = false): FuncType => ({ k: 'func', ret, params, variadic })
const big = (v: Value) => (typeof v === 'bigint' ? v : BigInt(v))
const num = (v: Value) => Number(v)
const cvoidp = ptrTo(qualify(T.void, { const: true }))
const vp = ptrTo(T.void)
const ccharp = ptrTo(qualify(T.char, { const: true }))

function bswap(v: Value, bytes: number): Value {
  let x = BigInt.asUintN(bytes * 8, big(v))
  let r = 0n
  for (let i = 0; i < bytes; i++) {
    r = (r << 8n) | (x & 255n)
    x >>= 8n
  }
  return r <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(r) : r
}
function clz(v: Value, bits: number): number {
  const x = BigInt.asUintN(bits, big(v))
  return x === 0n ? bits : bits - x.toString(2).length
}
function ctz(v: Value, bits: number): number {
  let x = BigInt.asUintN(bits, big(v))
  if (x === 0n) return bits
  let n = 0
  while ((x & 1n) === 0n) {
    x >>= 1n
    n++
  }
  return n
}
function popcount(v: Value, bits: number): number {
  let x = BigInt.asUintN(bits, big(v))
  let n = 0
  while (x) {
    n += Number(x & 1n)
    x >>= 1n
  }
  return n
}
function addr(v: Value): number {
  if (typeof v !== 'number') throw new MemoryFault(v, 'read')
  return v
}
function cstr(ctx: Parameters<NativeFn>[0], p: Value): Uint8Array {
  const a = addr(p)
  const out: number[] = []
  for (let i = 0; ; i++) {
    const c = ctx.mem.load8(a + i)
    if (c === 0) break
    out.push(c)
  }
  return Uint8Array.from(out)
}

const B: Record<string, Builtin> = {}
for (const [suf, bits, ty] of [['', 32, T.uint], ['l', 64, T.ulong], ['ll', 64, T.ullong]] as const) {
  B['__builtin_clz' + suf] = { ty: fnTy(T.int, [ty]), fn: (_c, a) => clz(a[0], bits) }
  B['__builtin_ctz' + suf] = { ty: fnTy(T.int, [ty]), fn: (_c, a) => ctz(a[0], bits) }
  B['__builtin_popcount' + suf] = { ty: fnTy(T.int, [ty]), fn: (_c, a) => popcount(a[0], bits) }
  B['__builtin_parity' + suf] = { ty: fnTy(T.int, [ty]), fn: (_c, a) => popcount(a[0], bits) & 1 }
  B['__builtin_ffs' + suf] = { ty: fnTy(T.int, [suf === '' ? T.int : suf === 'l' ? T.long : T.llong]), fn: (_c, a) => (big(a[0]) === 0n ? 0 : ctz(a[0], bits) + 1) }
}
B.__builtin_bswap16 = { ty: fnTy(T.ushort, [T.ushort]), fn: (_c, a) => bswap(a[0], 2) }
B.__builtin_bswap32 = { ty: fnTy(T.uint, [T.uint]), fn: (_c, a) => bswap(a[0], 4) }
B.__builtin_bswap64 = { ty: fnTy(T.ulong, [T.ulong]), fn: (_c, a) => bswap(a[0], 8) }
B.__builtin_abs = { ty: fnTy(T.int, [T.int]), fn: (_c, a) => Math.abs(num(a[0])) | 0 }
B.__builtin_labs = { ty: fnTy(T.long, [T.long]), fn: (_c, a) => (big(a[0]) < 0n ? -big(a[0]) : a[0]) }
B.__builtin_fabs = { ty: fnTy(T.double, [T.double]), fn: (_c, a) => Math.abs(num(a[0])) }
B.__builtin_inf = { ty: fnTy(T.double, []), fn: () => Infinity }
B.__builtin_inff = { ty: fnTy(T.float, []), fn: () => Infinity }
B.__builtin_huge_val = { ty: fnTy(T.double, []), fn: () => Infinity }
B.__builtin_huge_valf = { ty: fnTy(T.float, []), fn: () => Infinity }
B.__builtin_nan = { ty: fnTy(T.double, [ccharp]), fn: () => NaN }
B.__builtin_nanf = { ty: fnTy(T.float, [ccharp]), fn: () => NaN }
B.__builtin_object_size = { ty: fnTy(T.ulong, [cvoidp, T.int]), fn: (_c, a) => (num(a[1]) & 2 ? 0 : 18446744073709551615n) }
B.__builtin_memcpy = {
  ty: fnTy(vp, [vp, cvoidp, T.ulong]),
  fn: (ctx, a) => {
    ctx.mem.write(addr(a[0]), ctx.mem.read(addr(a[1]), num(a[2])))
    return a[0]
  }
}
B.__builtin_memmove = B.__builtin_memcpy
B.__builtin_memset = {
  ty: fnTy(vp, [vp, T.int, T.ulong]),
  fn: (ctx, a) => {
    ctx.mem.fill(addr(a[0]), num(a[1]) & 255, num(a[2]))
    return a[0]
  }
}
B.__builtin_memcmp = {
  ty: fnTy(T.int, [cvoidp, cvoidp, T.ulong]),
  fn: (ctx, a) => {
    const x = ctx.mem.read(addr(a[0]), num(a[2]))
    const y = ctx.mem.read(addr(a[1]), num(a[2]))
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i]
    return 0
  }
}
B.__builtin_strlen = { ty: fnTy(T.ulong, [ccharp]), fn: (ctx, a) => cstr(ctx, a[0]).length }
B.__builtin_strcmp = {
  ty: fnTy(T.int, [ccharp, ccharp]),
  fn: (ctx, a) => {
    const x = cstr(ctx, a[0])
    const y = cstr(ctx, a[1])
    for (let i = 0; ; i++) {
      const p = x[i] ?? 0
      const q = y[i] ?? 0
      if (p !== q || p === 0) return p - q
    }
  }
}
B.__sync_synchronize = { ty: fnTy(T.void, []), fn: () => undefined }

export const BUILTINS: Readonly<Record<string, Builtin>> = B
