import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { formatPrintf, type FormatArgs } from '../../../../electron/userland/libc/format'

type Arg = { t: 'i'; v: number | bigint } | { t: 'd'; v: number } | { t: 's'; v: string | null }

function args(list: Arg[]): FormatArgs {
  let i = 0
  return {
    int: () => {
      const a = list[i++]
      return a.t === 'i' ? a.v : 0
    },
    double: () => {
      const a = list[i++]
      return a.t === 'd' ? a.v : 0
    },
    string: (p) => {
      const a = list[Number(p) - 1]
      return a && a.t === 's' ? a.v : null
    }
  }
}
// strings are passed as "pointers" 1-based into the argument list
const S = (v: string | null, index: number): Arg[] => [{ t: 'i', v: v === null ? 0 : index }]
const fmt = (f: string, ...a: Arg[]) => formatPrintf(f, args(a))
const I = (v: number | bigint): Arg => ({ t: 'i', v })
const D = (v: number): Arg => ({ t: 'd', v })

describe('printf formatter (glibc compatible)', () => {
  it('formats integers with flags, width, precision and length modifiers', () => {
    expect(fmt('[%5d|%-5d|%05d|%+d|% d|%.3d|%.0d]', I(42), I(42), I(-42), I(1), I(1), I(7), I(0))).toBe('[   42|42   |-0042|+1| 1|007|]')
    expect(fmt('%hhd %hu %ld %llu %lx %#o %#X %#x', I(300), I(-1), I(-1), I(-1), I(255), I(8), I(255), I(0))).toBe('44 65535 -1 18446744073709551615 ff 010 0XFF 0')
    expect(fmt('%*d|%-*d|%.*d', I(4), I(1), I(-4), I(2), I(-1), I(3))).toBe('   1|2   |3')
  })
  it('formats strings, chars, pointers and NULL like glibc', () => {
    const list: Arg[] = [{ t: 's', v: 'hello' }]
    expect(formatPrintf('[%.3s][%-7s][%7s]', { ...args([I(1), I(1), I(1)]), string: (p) => (p === 1 ? (list[0] as { v: string }).v : null) })).toBe('[hel][hello  ][  hello]')
    expect(fmt('[%s][%.3s][%p][%5p][%p][%c]', ...S(null, 0), ...S(null, 0), I(0), I(0), I(0x1234), I(65))).toBe('[(null)][][(nil)][(nil)][0x1234][A]')
  })
  it('formats floating point exactly (round half to even on the exact binary value)', () => {
    expect(fmt('%f %.2f %e %g %G', D(3.14159265), D(2.675), D(123456.789), D(0.0001234), D(1e-10))).toBe('3.141593 2.67 1.234568e+05 0.0001234 1E-10')
    expect(fmt('%.0f %.0f %.0f %.1f %.1f', D(0.5), D(1.5), D(2.5), D(0.25), D(0.35))).toBe('0 2 2 0.2 0.3')
    expect(fmt('%.20f', D(0.1))).toBe('0.10000000000000000555')
    expect(fmt('%f', D(1e300)).length).toBe(308)
    expect(fmt('%g %g %g %#g %g', D(100000), D(1000000), D(1e-5), D(1), D(0))).toBe('100000 1e+06 1e-05 1.00000 0')
    expect(fmt('%a %A %.1a %a %a', D(1), D(255.5), D(1.75), D(0), D(5e-324))).toBe('0x1p+0 0X1.FFP+7 0x1.cp+0 0x0p+0 0x0.0000000000001p-1022')
    expect(fmt('%f %e %F %g %5.1f %-6f| %+f %010f', D(Infinity), D(-Infinity), D(NaN), D(-0), D(Infinity), D(NaN), D(Infinity), D(-Infinity))).toBe('inf -inf NAN -0   inf nan   | +inf       -inf')
  })
  it('handles %% %n and incomplete or unknown directives', () => {
    let stored = -1
    expect(formatPrintf('ab%ncd%%', { ...args([I(100)]), storeCount: (_p, n) => (stored = n) })).toBe('abcd%')
    expect(stored).toBe(2)
    expect(fmt('100%')).toBe('100%')
    expect(fmt('%y')).toBe('%y')
  })

  const gcc = existsSync('/usr/bin/gcc')
  it.runIf(gcc)('matches native glibc printf on random specifications', () => {
    const flags = fc.subarray(['-', '+', ' ', '#', '0'])
    const spec = fc.record({
      flags,
      width: fc.option(fc.integer({ min: 0, max: 25 })),
      prec: fc.option(fc.integer({ min: 0, max: 20 })),
      conv: fc.constantFrom('d', 'i', 'u', 'x', 'X', 'o', 'ld', 'lu', 'lx', 'hd', 'hhu', 'f', 'e', 'E', 'g', 'G', 'a', 'c', 's'),
      i: fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }),
      d: fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0.5, 1.5, 2.5, 1e-5, 123456.5, 9.9999995, 1e21, 0.1)),
      s: fc.string({ minLength: 0, maxLength: 12 }).map((x) => x.replace(/[^a-zA-Z0-9 ]/g, 'x'))
    })
    const specs = fc.sample(spec, { numRuns: 400, seed: 20260101 })
    const lines: string[] = []
    const ours: string[] = []
    for (const s of specs) {
      const noPrec = s.conv === 'c' || (s.conv === 'a' && s.prec !== null && s.prec > 13)
      const f = '%' + s.flags.join('') + (s.width ?? '') + (s.prec !== null && !noPrec ? '.' + s.prec : '') + s.conv
      const fl = /[feEgGa]/.test(s.conv)
      const isS = s.conv === 's'
      const cArg = fl ? `${s.d === 0 && 1 / s.d < 0 ? '-0.0' : s.d.toExponential(17)}` : isS ? JSON.stringify(s.s) : s.conv.startsWith('l') ? `(long)${s.i}UL` : `(int)${BigInt.asIntN(32, s.i)}`
      lines.push(`  printf("${f.replace(/%/g, '%%')}=[${f}]\\n", ${cArg});`)
      const a: FormatArgs = {
        int: () => (s.conv.startsWith('l') ? BigInt.asIntN(64, s.i) : BigInt.asIntN(32, s.i)),
        double: () => Number(cArg),
        string: () => s.s
      }
      ours.push(`${f}=[${formatPrintf(f, a)}]`)
    }
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-fmt-'))
    writeFileSync(join(dir, 'f.c'), '#include <stdio.h>\nint main(void) {\n' + lines.join('\n') + '\n  return 0;\n}\n')
    execFileSync('/usr/bin/gcc', ['-O0', '-w', '-o', join(dir, 'f'), join(dir, 'f.c')])
    const native = execFileSync(join(dir, 'f'), { encoding: 'latin1' }).split('\n').slice(0, -1)
    expect(ours).toEqual(native)
  })
})
