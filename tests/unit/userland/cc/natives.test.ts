import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { HDR, runC } from './helpers'
import { compile } from '../../../../electron/userland/cc/index'
import { deliverSignal, getErrno, run, setErrno, type NativeLibrary, type NativeResult } from '../../../../electron/userland/cc/vm'
import type { Value } from '../../../../electron/userland/cc/ast'
import { FlatMemory } from '../../../../electron/userland/cc/memory'
import { spawnProgram } from '../../../../electron/userland/cc/loader'
import { TEST_HEADERS, TestSystem, testLibc } from '../../../../electron/userland/cc/testlibc'

describe('native functions', () => {
  it('receive varargs with promoted types (printf distinguishes int and double)', () => {
    const seen: string[] = []
    const lib: NativeLibrary = {
      functions: {
        probe: (ctx, a) => {
          seen.push(ctx.argTypes.map((t) => (t.k === 'float' ? `f${t.size}` : t.k === 'int' ? `i${t.size}${t.signed ? 's' : 'u'}` : t.k)).join(','))
          seen.push(a.map(String).join(','))
          return 0
        }
      }
    }
    const r = runC('int probe(int n, ...);\nint main(void) { char c = -3; float f = 1.5f; unsigned short us = 65535; probe(4, c, f, us, (void *)16, 1ULL << 60); return 0; }', { extraLibs: [lib] })
    expect(r.status).toBe(0)
    expect(seen).toEqual(['i4s,i4s,f8,i4s,ptr,i8u', '4,-3,1.5,65535,16,1152921504606846976'])
  })
  it('can call back into C and continue (qsort-style)', () => {
    const lib: NativeLibrary = {
      functions: {
        // apply(fn, n): returns fn(0) + fn(1) + … + fn(n-1), calling C for each
        apply: (_ctx, a) => {
          const fn = a[0]
          const n = Number(a[1])
          let acc = 0
          const step = (i: number): NativeResult => {
            if (i >= n) return acc
            return { call: Number(fn), args: [i], then: (r: Value) => ((acc += Number(r)), step(i + 1)) }
          }
          return step(0)
        }
      }
    }
    const r = runC(HDR + 'int apply(int (*f)(int), int n);\nint sq(int x) { return x * x; }\nint main(void) { printf("%d\\n", apply(sq, 5) + 1); return 0; }', { extraLibs: [lib] })
    expect(r.stdout).toBe('31\n')
  })
  it('set errno in the thread TLS block that C reads through __errno_location', () => {
    const lib: NativeLibrary = {
      functions: {
        __errno_location: (ctx) => ctx.thread.tls,
        failing: (ctx) => {
          setErrno(ctx.thread, 14)
          return -1
        }
      }
    }
    const r = runC(HDR + 'int *__errno_location(void);\n#define errno (*__errno_location())\nint failing(void);\nint main(void) { errno = 0; int rc = failing(); printf("%d %d\\n", rc, errno); errno = 7; return 0; }', { extraLibs: [lib] })
    expect(r.stdout).toBe('-1 14\n')
    expect(getErrno(r.threads[0])).toBe(7)
  })
  it('a signal handler runs on the thread and the program resumes', () => {
    const src = HDR + 'volatile int got;\nvoid handler(int sig) { got = sig; }\nint main(void) { volatile long i = 0; while (!got) i++; printf("handled %d\\n", got); return 0; }'
    const c = compile({ path: '/t.c', source: src, readFile: (p) => TEST_HEADERS[p.replace('/usr/include/', '')] ?? null, libs: [testLibc()] })
    const mem = new FlatMemory()
    const { proc, thread } = spawnProgram(c.image!, mem, { argv: ['a'] })
    const sys = new TestSystem()
    proc.libc.sys = sys
    expect(run(thread, 10_000)).toBe('budget')
    thread.pendingSignal = 'SIGINT'
    expect(run(thread, 10_000)).toBe('signaled')
    expect(deliverSignal(thread, c.image!.symbols.get('handler')!, 2)).toBe(true)
    expect(run(thread, 1_000_000)).toBe('exited')
    expect(sys.out.stdout).toBe('handled 2\n')
  })
})

describe('robustness', () => {
  it('compile() and run() never throw on random token soup', () => {
    const toks = ['int', 'char', '*', '(', ')', '{', '}', '[', ']', ';', ',', '=', '+', '-', '/', '%', 'x', 'y', 'main', 'return', 'if', 'else', 'while', 'for', '0', '1', '"s"', "'c'", 'struct', 's', '.', '->', '&', '#define', '\n', '...', 'sizeof', 'goto', 'L', ':', '?', 'void', 'unsigned', 'long', '<<', '>>=', '!', '~', 'switch', 'case', 'default', 'break']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...toks), { maxLength: 60 }), (arr) => {
        const src = 'int main(void) { ' + arr.join(' ') + ' }'
        const r = runC(src, { maxSteps: 20_000 })
        expect(typeof r.status).toBe('number')
      }),
      { numRuns: 300 }
    )
  })
  it('an internal limitation is a sorry diagnostic', () => {
    const r = compile({ path: 'x.c', source: 'int main(void) { _Complex double z; return 0; }' })
    expect(r.ok).toBe(false)
    expect(r.stderr).toContain('sorry, unimplemented: _Complex types')
  })
})
