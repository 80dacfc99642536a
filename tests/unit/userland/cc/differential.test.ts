import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { runC } from './helpers'

/**
 * Differential test of C integer and floating semantics: random expressions over variables of
 * every arithmetic type are evaluated natively (gcc -O0) and in the VM; outputs must be equal.
 * Variables are volatile so gcc cannot constant-fold; division and shifts are guarded so the
 * program has no undefined behaviour beyond signed wraparound (which gcc -O0 executes as x86 does).
 */
const VARS: [string, string, string][] = [
  ['signed char', 'sc', '-100'],
  ['unsigned char', 'uc', '200'],
  ['short', 'ss', '-30000'],
  ['unsigned short', 'us', '65000'],
  ['int', 'si', '-2000000000'],
  ['unsigned', 'ui', '4000000000u'],
  ['long', 'sl', '-9000000000000000000L'],
  ['unsigned long', 'ul', '18000000000000000000UL'],
  ['int', 'i1', '7'],
  ['int', 'i2', '-3'],
  ['long', 'l1', '123456789012345L'],
  ['unsigned', 'u1', '5u'],
  ['_Bool', 'b1', '1']
]
const FVARS: [string, string, string][] = [
  ['double', 'd1', '3.75'],
  ['double', 'd2', '-1e10'],
  ['float', 'f1', '0.1f']
]

type Node = { s: string; isFloat: boolean }

function exprArb(depth: number): fc.Arbitrary<Node> {
  const leaf = fc.oneof(
    fc.constantFrom(...VARS.map(([, n]) => ({ s: n, isFloat: false }))),
    fc.integer({ min: -300, max: 300 }).map((v) => ({ s: v < 0 ? `(${v})` : String(v), isFloat: false })),
    fc.constantFrom({ s: '0x7fffffff', isFloat: false }, { s: '0xffffffffu', isFloat: false }, { s: '1ULL', isFloat: false }, { s: '(-1L)', isFloat: false })
  )
  if (depth === 0) return leaf
  const sub = exprArb(depth - 1)
  return fc.oneof(
    { weight: 2, arbitrary: leaf },
    {
      weight: 3,
      arbitrary: fc.tuple(sub, fc.constantFrom('+', '-', '*', '&', '|', '^', '<', '>', '==', '!=', '<=', '&&', '||'), sub).map(([a, op, b]) => ({ s: `(${a.s} ${op} ${b.s})`, isFloat: false }))
    },
    { weight: 1, arbitrary: fc.tuple(sub, sub, fc.constantFrom('/', '%')).map(([a, b, op]) => ({ s: `((${b.s}) == 0 || ((${b.s}) == -1) ? (${a.s}) : (${a.s}) ${op} (${b.s}))`, isFloat: false })) },
    { weight: 1, arbitrary: fc.tuple(sub, fc.integer({ min: 0, max: 31 }), fc.constantFrom('<<', '>>')).map(([a, n, op]) => ({ s: `((${a.s}) ${op} ${n})`, isFloat: false })) },
    { weight: 1, arbitrary: fc.tuple(sub, fc.integer({ min: 0, max: 63 }), fc.constantFrom('<<', '>>'), fc.constantFrom('long', 'unsigned long')).map(([a, n, op, t]) => ({ s: `(((${t})(${a.s})) ${op} ${n})`, isFloat: false })) },
    { weight: 1, arbitrary: fc.tuple(sub, sub, fc.constantFrom('+=', '-=', '*=', '^=', '|=', '&=')).map(([a, b, op]) => ({ s: `({ unsigned long long t_ = (unsigned long long)(${a.s}); t_ ${op} (${b.s}); t_; })`, isFloat: false })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('(char)', '(unsigned char)', '(short)', '(unsigned short)', '(int)', '(unsigned)', '(long)', '(unsigned long)', '(_Bool)', '-', '~', '!'), sub).map(([c, a]) => ({ s: `${c}(${a.s})`, isFloat: false })) },
    { weight: 1, arbitrary: fc.tuple(sub, sub, sub).map(([c, a, b]) => ({ s: `(${c.s} ? ${a.s} : ${b.s})`, isFloat: false })) }
  )
}

describe.runIf(existsSync('/usr/bin/gcc'))('differential testing against gcc -O0', () => {
  it('random integer expressions print the same values', () => {
    const exprs = fc.sample(exprArb(3), { numRuns: 250, seed: 4242 })
    const decls = VARS.map(([t, n, v]) => `volatile ${t} ${n} = ${v};`).join('\n')
    const body = exprs.map((e, i) => `  { __typeof__(${e.s}) r = ${e.s}; printf("%d %d %llx\\n", ${i}, (int)sizeof(r), (unsigned long long)r); }`).join('\n')
    const src = `#include <stdio.h>\n${decls}\nint main(void) {\n${body}\n  return 0;\n}\n`
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-diff-'))
    writeFileSync(join(dir, 'd.c'), src)
    execFileSync('/usr/bin/gcc', ['-O0', '-w', '-o', join(dir, 'd'), join(dir, 'd.c')])
    const native = execFileSync(join(dir, 'd'), { encoding: 'latin1', maxBuffer: 1 << 24 })
    const r = runC(src, { maxSteps: 1e8 })
    expect(r.compile.stderr.split('\n').filter((l) => l.includes('error')).join('\n')).toBe('')
    const a = r.stdout.split('\n')
    const b = native.split('\n')
    const diffs = b.map((l, i) => (l !== a[i] ? `${exprs[Number(l.split(' ')[0])]?.s}: native ${l} vm ${a[i]}` : null)).filter((x) => x)
    expect(diffs.slice(0, 5)).toEqual([])
  })
  it('random floating expressions and conversions print the same values', () => {
    const fexpr = fc.letrec<{ e: Node }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(...FVARS.map(([, n]) => ({ s: n, isFloat: true })), ...VARS.slice(0, 8).map(([, n]) => ({ s: n, isFloat: false }))),
        fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e')).map(([a, op, b]) => ({ s: op === '/' ? `((double)${(a as Node).s} / ${(b as Node).s})` : `(${(a as Node).s} ${op} ${(b as Node).s})`, isFloat: true })),
        fc.tuple(fc.constantFrom('(float)', '(double)', '(int)', '(long)', '(unsigned char)'), tie('e')).map(([c, a]) => ({ s: `${c}(${(a as Node).s})`, isFloat: c.includes('float') || c.includes('double') }))
      )
    })).e
    const exprs = fc.sample(fexpr, { numRuns: 150, seed: 99 })
    const decls = [...VARS, ...FVARS].map(([t, n, v]) => `volatile ${t} ${n} = ${v};`).join('\n')
    // integer results of float→int conversions out of range are undefined: keep them in range
    const body = exprs.map((e, i) => `  { double r = (double)(${e.s}); if (r == r && r > -1e300 && r < 1e300) printf("%d %.17g %a\\n", ${i}, r, r); else printf("%d special\\n", ${i}); }`).join('\n')
    const src = `#include <stdio.h>\n${decls}\nint main(void) {\n${body}\n  return 0;\n}\n`
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-fdiff-'))
    writeFileSync(join(dir, 'd.c'), src)
    execFileSync('/usr/bin/gcc', ['-O0', '-w', '-o', join(dir, 'd'), join(dir, 'd.c')])
    const native = execFileSync(join(dir, 'd'), { encoding: 'latin1', maxBuffer: 1 << 24 }).split('\n')
    const vm = runC(src, { maxSteps: 1e8 }).stdout.split('\n')
    const diffs = native.map((l, i) => (l !== vm[i] ? `${exprs[i]?.s}: native ${l} vm ${vm[i]}` : null)).filter((x) => x)
    expect(diffs.slice(0, 5)).toEqual([])
  })
})
