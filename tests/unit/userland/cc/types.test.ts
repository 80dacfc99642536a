import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { T, layoutStruct, promote, typeName, usualArith, ptrTo, arrayOf, type StructDef } from '../../../../electron/userland/cc/types'
import { binFn, convFn, type Kind } from '../../../../electron/userland/cc/ops'

describe('type rules', () => {
  it('promotes small integer types to int', () => {
    for (const t of [T.bool, T.char, T.schar, T.uchar, T.short, T.ushort]) expect(promote(t)).toBe(T.int)
    expect(promote(T.uint)).toBe(T.uint)
    expect(promote(T.long)).toBe(T.long)
  })
  it('applies the usual arithmetic conversions as C99 6.3.1.8', () => {
    expect(usualArith(T.int, T.uint)).toBe(T.uint)
    expect(usualArith(T.long, T.uint)).toBe(T.long)
    expect(usualArith(T.long, T.ulong)).toBe(T.ulong)
    expect(usualArith(T.llong, T.ulong)).toBe(T.ullong)
    expect(usualArith(T.char, T.ushort)).toBe(T.int)
    expect(usualArith(T.int, T.float)).toBe(T.float)
    expect(usualArith(T.float, T.double)).toBe(T.double)
    expect(usualArith(T.ullong, T.float)).toBe(T.float)
  })
  it('spells types as gcc does', () => {
    expect(typeName(ptrTo(T.long))).toBe('long int *')
    expect(typeName(ptrTo(arrayOf(T.char, 4)))).toBe('char (*)[4]')
    expect(typeName(ptrTo({ k: 'func', ret: T.int, params: [T.int], variadic: false }))).toBe('int (*)(int)')
  })
  it('lays out structs, unions and bit-fields like x86-64 gcc', () => {
    const d: StructDef = { tag: 's', union: false, members: [], size: 0, align: 1, complete: false }
    layoutStruct(d, [{ name: 'c', ty: T.char }, { name: 'd', ty: T.double }, { name: 'e', ty: T.char }])
    expect([d.size, d.align, d.members[1].offset, d.members[2].offset]).toEqual([24, 8, 8, 16])
    const b: StructDef = { tag: 'b', union: false, members: [], size: 0, align: 1, complete: false }
    layoutStruct(b, [{ name: 'a', ty: T.uint, bitWidth: 1 }, { name: 'b', ty: T.uint, bitWidth: 3 }, { name: 'x', ty: T.char }, { name: 'c', ty: T.uint, bitWidth: 30 }])
    expect(b.members.map((m) => [m.offset, m.bitOff ?? -1])).toEqual([[0, 0], [0, 1], [1, -1], [4, 0]])
    expect(b.size).toBe(8)
    const u: StructDef = { tag: 'u', union: true, members: [], size: 0, align: 1, complete: false }
    layoutStruct(u, [{ name: 'c', ty: T.char }, { name: 'l', ty: T.long }])
    expect([u.size, u.align]).toEqual([8, 8])
  })
})

const ref = (k: Kind, v: bigint) => (k === 'i64' ? BigInt.asIntN(64, v) : k === 'u64' ? BigInt.asUintN(64, v) : k === 'i32' ? BigInt.asIntN(32, v) : BigInt.asUintN(32, v))
const canon = (v: number | bigint) => BigInt(v)

describe('exact integer arithmetic', () => {
  const kinds: Kind[] = ['i32', 'u32', 'i64', 'u64']
  const arb = (k: Kind) => fc.bigInt({ min: -(1n << 64n), max: 1n << 64n }).map((x) => ref(k, x)).map((x) => (x >= -(2n ** 53n) + 1n && x <= 2n ** 53n - 1n ? Number(x) : x))
  for (const k of kinds) {
    it(`${k}: + - * & | ^ << >> / % match a BigInt reference`, () => {
      fc.assert(
        fc.property(arb(k), arb(k), fc.integer({ min: 0, max: k.endsWith('64') ? 63 : 31 }), (a, b, sh) => {
          const A = canon(a)
          const B = canon(b)
          const bits = k.endsWith('64') ? 64 : 32
          expect(canon(binFn('+', k)(a, b))).toBe(ref(k, A + B))
          expect(canon(binFn('-', k)(a, b))).toBe(ref(k, A - B))
          expect(canon(binFn('*', k)(a, b))).toBe(ref(k, A * B))
          expect(canon(binFn('&', k)(a, b))).toBe(ref(k, A & B))
          expect(canon(binFn('|', k)(a, b))).toBe(ref(k, A | B))
          expect(canon(binFn('^', k)(a, b))).toBe(ref(k, A ^ B))
          expect(canon(binFn('<<', k)(a, sh))).toBe(ref(k, A << BigInt(sh)))
          const shr = k[0] === 'u' ? BigInt.asUintN(bits, A) >> BigInt(sh) : A >> BigInt(sh)
          expect(canon(binFn('>>', k)(a, sh))).toBe(ref(k, shr))
          if (B !== 0n && !(k[0] === 'i' && B === -1n)) {
            expect(canon(binFn('/', k)(a, b))).toBe(ref(k, A / B))
            expect(canon(binFn('%', k)(a, b))).toBe(ref(k, A % B))
          }
        }),
        { numRuns: 300 }
      )
    })
  }
  it('converts between integer types with wraparound', () => {
    expect(convFn('i32', 'u64')(-1)).toBe(18446744073709551615n)
    expect(convFn('u64', 'i64')(18446744073709551615n)).toBe(-1)
    expect(convFn('i64', 'i8')(300)).toBe(44)
    expect(convFn('i64', 'u16')(-1)).toBe(65535)
    expect(convFn('f64', 'i32')(-3.99)).toBe(-3)
    expect(convFn('f64', 'u64')(1e19)).toBe(10000000000000000000n)
    expect(convFn('i32', 'f32')(16777217)).toBe(16777216)
  })
})
