import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { strtolFunctions as F, parseFloatC, DOUBLE, FLOAT, type Bytes } from '../../../../electron/userland/libc/strtol'
import { getErrno, setErrno } from '../../../../electron/userland/libc/errno'
import { FlatMemory, MemoryFault, PROT_READ, PROT_WRITE } from '../../../../electron/userland/cc/index'
import { makeEnv } from './helpers'

const bytes = (s: string): Bytes => ({ at: (i) => (i < s.length ? s.charCodeAt(i) : 0) })

describe('strtol family', () => {
  it('endptr positions and values', () => {
    const e = makeEnv()
    const endp = e.alloc(8)
    const run = (s: string, base: number, fn = F.strtol) => {
      const p = e.str(s)
      e.mem.store64(endp, 0xdead)
      setErrno(e.ctx, 0)
      const v = fn(e.ctx, [p, endp, base])
      const end = Number(e.mem.load64(endp))
      return [v, end === 0xdead ? 'untouched' : end - p, getErrno(e.ctx)]
    }
    expect(run('  -42abc', 10)).toEqual([-42, 5, 0])
    expect(run('0x', 0)).toEqual([0, 1, 0]) // just after the "0"
    expect(run(' -0xz', 16)).toEqual([0, 3, 0])
    expect(run('xyz', 10)).toEqual([0, 0, 0])
    expect(run('0777', 0)).toEqual([511, 4, 0])
    expect(run('12', 1)).toEqual([0, 'untouched', 22])
    expect(run('12', 37)).toEqual([0, 'untouched', 22])
    expect(run('9223372036854775808', 10)).toEqual([9223372036854775807n, 19, 34])
    expect(run('-9223372036854775809', 10)).toEqual([-9223372036854775808n, 20, 34])
    expect(run('-1', 10, F.strtoul)).toEqual([18446744073709551615n, 2, 0])
    expect(run('18446744073709551616', 10, F.strtoul)).toEqual([18446744073709551615n, 20, 34])
    expect(run('zz', 36)).toEqual([1295, 2, 0])
  })

  it('atoi truncates strtol to int and keeps its errno', () => {
    const e = makeEnv()
    setErrno(e.ctx, 0)
    expect(F.atoi(e.ctx, [e.str('4294967297')])).toBe(1)
    expect(getErrno(e.ctx)).toBe(0)
    expect(F.atoi(e.ctx, [e.str('99999999999999999999')])).toBe(-1)
    expect(getErrno(e.ctx)).toBe(34)
  })

  it('reads no byte past the end of the number (no fault on an unterminated buffer)', () => {
    const e = makeEnv()
    const m = e.mem as FlatMemory
    const A = 0x300000
    m.map(A, 4096, PROT_READ | PROT_WRITE)
    const s = '12345x'
    for (let i = 0; i < s.length; i++) m.store8(A + 4096 - s.length + i, s.charCodeAt(i))
    expect(F.strtol(e.ctx, [A + 4096 - s.length, 0, 10])).toBe(12345)
    const t = '7'
    m.store8(A + 4095, t.charCodeAt(0))
    expect(() => F.strtol(e.ctx, [A + 4095, 0, 10])).toThrow(MemoryFault) // glibc reads the next byte too
    expect(() => F.strtol(e.ctx, [0, 0, 10])).toThrow(MemoryFault)
    expect(() => F.strtod(e.ctx, [0, 0])).toThrow(MemoryFault)
  })
})

describe('strtod', () => {
  it('agrees with the host (correctly rounded) parser on random decimal strings', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{1,30}$/),
        fc.stringMatching(/^[0-9]{0,30}$/),
        fc.integer({ min: -400, max: 400 }),
        (a, b, ex) => {
          const s = `${a}.${b}e${ex}`
          expect(parseFloatC(bytes(s)).value).toBe(Number(s))
        }
      ),
      { numRuns: 3000 }
    )
  })

  it('strtof rounds decimal directly to float (no double rounding)', () => {
    // 1 + 2^-24 + 2^-60: rounding to double first gives 1 + 2^-24 (a tie), then to float gives 1;
    // direct rounding must give 1 + 2^-23
    const s = '1.0000000596046448730468750000000008673617379884035472059249877929687500'
    expect(parseFloatC(bytes(s), FLOAT).value).toBe(1 + 2 ** -23)
    expect(Math.fround(Number(s))).toBe(1)
  })

  it('errno: overflow and tiny-inexact set ERANGE, exact subnormals do not', () => {
    expect(parseFloatC(bytes('1e309'))).toMatchObject({ value: Infinity, errno: 34 })
    expect(parseFloatC(bytes('0x1p-1074'))).toMatchObject({ value: 2 ** -1074, errno: 0 })
    expect(parseFloatC(bytes('4.9e-324'))).toMatchObject({ value: 2 ** -1074, errno: 34 })
    expect(parseFloatC(bytes('0x1.fffffffffffffp-1023'))).toMatchObject({ value: 2 ** -1022, errno: 34 })
    expect(parseFloatC(bytes('0x1.fffffffffffff8p-1023'))).toMatchObject({ value: 2 ** -1022, errno: 0 })
    expect(parseFloatC(bytes('1e-99999999999999999999'))).toMatchObject({ value: 0, errno: 34 })
    expect(parseFloatC(bytes('0e99999999999999999999'))).toMatchObject({ value: 0, errno: 0 })
    expect(parseFloatC(bytes('0x1p99999999999999'), DOUBLE)).toMatchObject({ value: Infinity, errno: 34 })
  })

  it('-nan keeps its sign bit and nan(n) its payload', () => {
    const bits = (v: number) => {
      const d = new DataView(new ArrayBuffer(8))
      d.setFloat64(0, v)
      return d.getBigUint64(0)
    }
    expect(bits(parseFloatC(bytes('-nan')).value)).toBe(0xfff8000000000000n)
    expect(bits(parseFloatC(bytes('nan(0x123)')).value)).toBe(0x7ff8000000000123n)
    expect(parseFloatC(bytes('nan(1'))).toMatchObject({ end: 3 })
  })
})

describe('strtod rounding at and around the midpoints between doubles', () => {
  /** exact decimal digits and exponent of m × 2^e (m, e integers): value = D × 10^E */
  const exactDecimal = (m: bigint, e: number): [string, number] => (e >= 0 ? [(m << BigInt(e)).toString(), 0] : [(m * 5n ** BigInt(-e)).toString(), e])
  const fromBits = (b: bigint): number => {
    const d = new DataView(new ArrayBuffer(8))
    d.setBigUint64(0, b)
    return d.getFloat64(0)
  }

  it('an exact midpoint rounds to even, one unit in the last decimal digit either side rounds to the nearer', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 0x7fefffffffffffffn - 1n }), (bits) => {
        const lo = fromBits(bits)
        const hi = fromBits(bits + 1n)
        // lo = M × 2^E exactly; the midpoint is (2M + 1) × 2^(E-1)
        const ex = Number((bits >> 52n) & 0x7ffn)
        const frac = bits & 0xfffffffffffffn
        const M = ex === 0 ? frac : frac | (1n << 52n)
        const E = (ex === 0 ? 1 : ex) - 1075
        const [D, e10] = exactDecimal(2n * M + 1n, E - 1)
        const mid = `${D}e${e10}`
        const even = (bits & 1n) === 0n ? lo : hi
        expect(parseFloatC(bytes(mid)).value).toBe(even)
        const above = `${(BigInt(D) * 10n + 1n).toString()}e${e10 - 1}`
        const below = `${(BigInt(D) * 10n - 1n).toString()}e${e10 - 1}`
        expect(parseFloatC(bytes(above)).value).toBe(hi)
        expect(parseFloatC(bytes(below)).value).toBe(lo)
        // the tininess rule: a result below 2^-1022 (or rounding up to it from a tiny value) is ERANGE
        const tiny = lo < 2 ** -1022
        expect(parseFloatC(bytes(below)).errno).toBe(tiny ? 34 : 0)
      }),
      { numRuns: 400 }
    )
  })

  it('the same for subnormals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 0xffffffffffffen }), (bits) => {
        const lo = fromBits(bits)
        const hi = fromBits(bits + 1n)
        const [D, e10] = exactDecimal(2n * bits + 1n, -1075)
        const even = (bits & 1n) === 0n ? lo : hi
        expect(parseFloatC(bytes(`${D}e${e10}`)).value).toBe(even)
        expect(parseFloatC(bytes(`${D}1e${e10 - 1}`)).value).toBe(hi)
      }),
      { numRuns: 200 }
    )
  })
})
