import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { RandomState, randR, stdlibMiscFunctions as M } from '../../../../electron/userland/libc/stdlib-misc'
import { cloneProcessForFork, FlatMemory, type CompiledFunction, type NativeCall } from '../../../../electron/userland/cc/index'
import { makeEnv } from './helpers'
import { runLibcProgram } from './run'

const haveGcc = existsSync('/usr/bin/gcc')

describe('random', () => {
  it.runIf(haveGcc)('srand(1) and srand(42) give glibc\'s sequences, and rand_r too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pinlab-rand-'))
    writeFileSync(join(dir, 'r.c'), `#include <stdio.h>
#include <stdlib.h>
int main(void) { unsigned s = 42; srand(1); for (int i = 0; i < 50; i++) printf("%d\\n", rand());
  srand(42); for (int i = 0; i < 50; i++) printf("%d\\n", rand());
  for (int i = 0; i < 20; i++) printf("%d\\n", rand_r(&s)); return 0; }`)
    execFileSync('/usr/bin/gcc', ['-O0', '-w', '-o', join(dir, 'r'), join(dir, 'r.c')])
    const native = execFileSync(join(dir, 'r'), { encoding: 'latin1' }).trim().split('\n').map(Number)
    const r = new RandomState()
    const ours: number[] = []
    for (let i = 0; i < 50; i++) ours.push(r.next())
    r.seed(42)
    for (let i = 0; i < 50; i++) ours.push(r.next())
    let s = 42
    for (let i = 0; i < 20; i++) {
      const [v, n] = randR(s)
      ours.push(v)
      s = n
    }
    expect(ours).toEqual(native)
  })

  it('the state is per process and is copied, not shared, on fork', () => {
    const e = makeEnv()
    M.srand(e.ctx, [5])
    const child = cloneProcessForFork(e.proc, (e.mem as FlatMemory).clone())
    const a = M.rand(e.ctx, [])
    const b = M.rand({ ...e.ctx, proc: child }, [])
    expect(a).toBe(b)
  })
})

describe('qsort / bsearch with a native comparator', () => {
  it('sorts stably and calls the comparator directly', () => {
    const e = makeEnv()
    const base = e.alloc(64)
    const keys = [5, 3, 5, 1, 3, 9, 0, 5]
    keys.forEach((k, i) => {
      e.mem.store32(base + 8 * i, k)
      e.mem.store32(base + 8 * i + 4, i)
    })
    let calls = 0
    const cmpFn: CompiledFunction = {
      name: 'cmp', addr: 0x401000, type: null as never, code: [], nregs: 0, frameSize: 0, params: [], variadic: false,
      native: (ctx, a) => (calls++, (ctx.mem.load32(Number(a[0])) | 0) - (ctx.mem.load32(Number(a[1])) | 0))
    }
    e.proc.funcAt = (a) => (a === 0x401000 ? cmpFn : null)
    expect(M.qsort(e.ctx, [base, 8, 8, 0x401000])).toBe(0)
    const out = keys.map((_, i) => `${e.mem.load32(base + 8 * i)}:${e.mem.load32(base + 8 * i + 4)}`)
    expect(out).toEqual(['0:6', '1:3', '3:1', '3:4', '5:0', '5:2', '5:7', '9:5'])
    expect(calls).toBeGreaterThan(0)
    const key = e.alloc(4)
    e.mem.store32(key, 9)
    expect(M.bsearch(e.ctx, [key, base, 8, 8, 0x401000])).toBe(base + 56)
  })

  it('a C comparator is called through NativeCalls, one comparison each', () => {
    const e = makeEnv()
    const base = e.alloc(12)
    ;[3, 1, 2].forEach((v, i) => e.mem.store32(base + 4 * i, v))
    e.proc.funcAt = (a) => (a === 0x401010 ? ({ name: 'c' } as CompiledFunction) : null)
    let r = M.qsort(e.ctx, [base, 3, 4, 0x401010]) as NativeCall
    let n = 0
    while (typeof r === 'object' && r !== null) {
      n++
      const x = e.mem.load32(Number(r.args[0]))
      const y = e.mem.load32(Number(r.args[1]))
      r = r.then(x - y) as NativeCall
    }
    expect(n).toBeGreaterThanOrEqual(2)
    expect([0, 1, 2].map((i) => e.mem.load32(base + 4 * i))).toEqual([1, 2, 3])
  })

  it('a bad comparator pointer faults (SIGSEGV) only when a comparison is needed', () => {
    const e = makeEnv()
    const base = e.alloc(8)
    expect(M.qsort(e.ctx, [base, 1, 4, 1234])).toBe(0)
    expect(() => M.qsort(e.ctx, [base, 2, 4, 1234])).toThrow(/SIGSEGV/)
  })

  it('div by zero raises SIGFPE', () => {
    const e = makeEnv()
    expect(() => M.div(e.ctx, [1, 0])).toThrow(/SIGFPE/)
    expect(() => M.ldiv(e.ctx, [-(2n ** 63n), -1])).toThrow(/SIGFPE/)
  })
})

describe('qsort inside the VM', () => {
  const src = `#include <stdio.h>
#include <stdlib.h>
static int cmp(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
int main(void) {
  int n = 20000;
  int *a = malloc(n * sizeof *a);
  unsigned s = 1;
  for (int i = 0; i < n; i++) { s = s * 1103515245u + 12345u; a[i] = (int)(s >> 8); }
  qsort(a, n, sizeof *a, cmp);
  for (int i = 1; i < n; i++) if (a[i - 1] > a[i]) { printf("unsorted\\n"); return 1; }
  printf("sorted\\n");
  return 0;
}`

  it('yields to the host in the middle of a long sort (one VM call per comparison)', () => {
    let midSort = 0
    const r = runLibcProgram(src, {
      slice: 5000,
      onSlice: (t) => {
        if (t.frame?.fn.name === 'cmp') midSort++
      }
    })
    expect(r.stdout).toBe('sorted\n')
    expect(midSort).toBeGreaterThan(10)
  })

  it('stops on Ctrl-C (SIGINT) in the middle of the sort', () => {
    let slices = 0
    const r = runLibcProgram(src, {
      slice: 5000,
      onSlice: (t) => {
        if (t.frame?.fn.name === 'cmp' && ++slices === 3) t.pendingSignal = 'SIGINT'
      }
    })
    expect(r.signal).toBe('SIGINT')
    expect(r.stdout).toBe('')
  })
})
