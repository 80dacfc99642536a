import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { runC } from './helpers'

/**
 * Random programs (loops, switch with fall-through, if/else, calls inside && || ?: and loop
 * conditions, nested calls, comma) compared with gcc -O0. Calls only add to globals (which
 * commutes), and expressions read only locals, so the result does not depend on the
 * unspecified evaluation order.
 */
function gen(seed: number): string {
  let s = seed >>> 0
  const rnd = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n
  let loopId = 0
  const vars = ['a', 'b', 'c']
  const expr = (d: number, scope: string[]): string => {
    const pick = rnd(d <= 0 ? 3 : 12)
    switch (pick) {
      case 0:
        return scope[rnd(scope.length)]
      case 1:
        return String(rnd(200) - 100)
      case 2:
        return `(${scope[rnd(scope.length)]} & 15)`
      case 3:
        return `f1(${expr(d - 1, scope)})`
      case 4:
        return `f2(${expr(d - 1, scope)}, ${expr(d - 1, scope)})`
      case 5:
        return `(int)f3(${expr(d - 1, scope)})`
      case 6:
        return `(${expr(d - 1, scope)} ${['+', '-', '*', '^', '&', '|', '<', '==', '>='][rnd(9)]} ${expr(d - 1, scope)})`
      case 7:
        return `(${expr(d - 1, scope)} ? ${expr(d - 1, scope)} : ${expr(d - 1, scope)})`
      case 8:
        return `(${expr(d - 1, scope)} && ${expr(d - 1, scope)})`
      case 9:
        return `(${expr(d - 1, scope)} || ${expr(d - 1, scope)})`
      case 10:
        return `(${expr(d - 1, scope)}, ${expr(d - 1, scope)})`
      default: {
        const x = expr(d - 1, scope)
        const y = expr(d - 1, scope)
        return `div_(${x}, ${y})`
      }
    }
  }
  const stmt = (d: number, scope: string[], ind: string): string => {
    const k = rnd(d <= 0 ? 3 : 9)
    const v = vars[rnd(3)]
    switch (k) {
      case 0:
        return `${ind}${v} = ${expr(2, scope)};\n`
      case 1:
        return `${ind}${v} ${['+=', '-=', '^=', '|=', '*='][rnd(5)]} ${expr(2, scope)};\n`
      case 2:
        return `${ind}f1(${expr(2, scope)});\n`
      case 3:
        return `${ind}if (${expr(2, scope)}) {\n${block(d - 1, scope, ind + '  ')}${ind}} else {\n${block(d - 1, scope, ind + '  ')}${ind}}\n`
      case 4: {
        const i = `i${loopId++}`
        return `${ind}for (int ${i} = 0; ${i} < ${rnd(5)}; ${i}++) {\n${block(d - 1, [...scope, i], ind + '  ')}${ind}}\n`
      }
      case 5: {
        const w = `w${loopId++}`
        return `${ind}{ int ${w} = 0;\n${ind}while (${w}++ < ${rnd(4)} && f1(${w}) > -1000000) {\n${block(d - 1, [...scope, w], ind + '  ')}${ind}} }\n`
      }
      case 6:
        return `${ind}switch (${expr(1, scope)} & 3) {\n${ind}case 0:\n${block(d - 1, scope, ind + '  ')}${ind}  break;\n${ind}case 1:\n${block(d - 1, scope, ind + '  ')}${ind}case 2:\n${block(d - 1, scope, ind + '  ')}${ind}  break;\n${ind}default:\n${block(d - 1, scope, ind + '  ')}${ind}}\n`
      case 7: {
        const t = `t${loopId++}`
        return `${ind}{ int ${t} = ${expr(2, scope)};\n${block(d - 1, [...scope, t], ind + '  ')}${ind}  ${v} += ${t}; }\n`
      }
      default: {
        const dw = `dw${loopId++}`
        return `${ind}{ int ${dw} = ${rnd(3)};\n${ind}do { ${v} ^= f2(${dw}, ${expr(1, scope)}); } while (${dw}-- > 0); }\n`
      }
    }
  }
  const block = (d: number, scope: string[], ind: string): string => {
    let out = ''
    const n = 1 + rnd(3)
    for (let i = 0; i < n; i++) out += stmt(d, scope, ind)
    return out
  }
  const body = block(4, vars, '  ')
  return `#include <stdio.h>
long acc; int g[8]; unsigned calls;
static int f1(int x) { acc += x; calls++; return x * 3 - 1; }
static int f2(int a, int b) { g[a & 7] += b; calls++; return a ^ b; }
static long f3(long x) { acc += 2; return x > 100 ? x / 3 : x + 7; }
static int div_(int x, int y) { return (y == 0 || y == -1) ? x : x / y; }
int main(void) {
  int a = 1, b = 2, c = 3;
${body}  printf("%d %d %d %ld %u", a, b, c, acc, calls);
  for (int i = 0; i < 8; i++) printf(" %d", g[i]);
  printf("\\n");
  return 0;
}
`
}

describe.runIf(existsSync('/usr/bin/gcc'))('random programs match gcc -O0', () => {
  it('control flow, lifted calls and fused instructions behave like native code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-prog-'))
    const seeds = fc.sample(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { numRuns: 25, seed: 31337 })
    const bad: string[] = []
    for (const seed of seeds) {
      const src = gen(seed)
      writeFileSync(join(dir, 'p.c'), src)
      execFileSync('/usr/bin/gcc', ['-O0', '-w', '-o', join(dir, 'p'), join(dir, 'p.c')])
      const native = execFileSync(join(dir, 'p'), { encoding: 'latin1' })
      const r = runC(src, { maxSteps: 5e7 })
      if (r.stdout !== native) bad.push(`seed ${seed}: native ${native.trim()} vm ${r.stdout.trim()} ${r.compile.ok ? '' : r.compile.stderr.slice(0, 300)}`)
    }
    expect(bad).toEqual([])
  })
})
