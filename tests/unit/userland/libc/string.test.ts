import { describe, expect, it } from 'vitest'
import { FlatMemory, MemoryFault, PROT_READ, PROT_WRITE, type Memory, type NativeCall } from '../../../../electron/userland/cc/index'
import { makeStringFunctions, stringFunctions as S } from '../../../../electron/userland/libc/string'
import { cstrlen } from '../../../../electron/userland/libc/user-memory'
import { getErrno } from '../../../../electron/userland/libc/errno'
import { makeEnv } from './helpers'
import { runLibcProgram } from './run'

/** A Memory that counts the calls made on it. */
function counting(inner: FlatMemory): { mem: Memory; calls: Record<string, number> } {
  const calls: Record<string, number> = {}
  const mem = new Proxy(inner, {
    get(t, k) {
      const v = Reflect.get(t, k, t)
      if (typeof v !== 'function') return v
      return (...a: unknown[]) => {
        calls[String(k)] = (calls[String(k)] ?? 0) + 1
        return (v as (...x: unknown[]) => unknown).apply(t, a)
      }
    }
  }) as Memory
  return { mem, calls }
}

describe('string.h natives', () => {
  it('memset and memcpy of 1 MiB use bulk accesses, not per-byte stores', () => {
    const inner = new FlatMemory()
    const A = 0x100000
    inner.map(A, 3 << 20, PROT_READ | PROT_WRITE)
    const { mem, calls } = counting(inner)
    const e = makeEnv()
    const ctx = { ...e.ctx, mem }
    S.memset(ctx, [A, 0x5a, 1 << 20])
    S.memcpy(ctx, [A + (1 << 20) + 3, A, 1 << 20])
    S.memmove(ctx, [A + 7, A, 1 << 20])
    const total = Object.values(calls).reduce((x, y) => x + y, 0)
    expect(total).toBeLessThan(100)
    expect(calls.store8 ?? 0).toBe(0)
    expect(inner.load8(A + (1 << 20) + 3 + 12345)).toBe(0x5a)
  })

  it('strlen of a long string reads in page-sized chunks and stops at the page holding the NUL', () => {
    const inner = new FlatMemory()
    const A = 0x200000
    inner.map(A, 3 * 4096, PROT_READ | PROT_WRITE)
    inner.fill(A, 0x41, 2 * 4096 + 10)
    inner.store8(A + 2 * 4096 + 10, 0)
    inner.unmap(A + 3 * 4096, 4096)
    const { mem, calls } = counting(inner)
    expect(cstrlen(mem, A)).toBe(2 * 4096 + 10)
    expect(calls.read).toBeLessThan(10)
    // a string ending exactly at the end of the mapping must not fault (no read past its page)
    inner.fill(A, 0x41, 3 * 4096)
    inner.store8(A + 3 * 4096 - 1, 0)
    expect(cstrlen(inner, A + 5)).toBe(3 * 4096 - 6)
  })

  it('NULL and unmapped pointers fault as MemoryFault (SIGSEGV), never another exception', () => {
    const e = makeEnv()
    const s = e.str('abc')
    const cases: [string, unknown[]][] = [
      ['strlen', [0]], ['strcpy', [0, s]], ['strcpy', [e.alloc(8), 0]], ['strcmp', [s, 0]],
      ['memcpy', [0, s, 4]], ['memset', [0, 0, 1]], ['strchr', [0, 97]], ['strdup', [0]],
      ['strtok_r', [s, s, 0]], ['memcmp', [0x7fff0000, s, 3]], ['strlen', [-1]], ['strlen', [2n ** 63n]]
    ]
    for (const [name, args] of cases) {
      let err: unknown = null
      try {
        S[name](e.ctx, args as never)
      } catch (x) {
        err = x
      }
      expect(err, name).toBeInstanceOf(MemoryFault)
    }
    // zero-length operations touch nothing, as in glibc
    expect(S.memset(e.ctx, [0, 0, 0])).toBe(0)
    expect(S.memcpy(e.ctx, [0, 0, 0])).toBe(0)
    expect(S.strncmp(e.ctx, [0, 0, 0])).toBe(0)
  })

  it('strlen(NULL) in a C program kills it with SIGSEGV at address 0', () => {
    const r = runLibcProgram('#include <string.h>\nint main(void){ char *volatile p = 0; return (int)strlen(p); }')
    expect(r.compile.ok, r.compile.stderr).toBe(true)
    expect(r.signal).toBe('SIGSEGV')
    expect(Number(r.signalAddr)).toBe(0)
  })

  it('strtok keeps its state per process across calls; strtok(NULL) before any string faults like glibc', () => {
    const e = makeEnv()
    expect(() => S.strtok(e.ctx, [0, e.str(',')])).toThrow(MemoryFault)
    const s = e.str('a,b')
    const d = e.str(',')
    expect(S.strtok(e.ctx, [s, d])).toBe(s)
    expect(e.proc.libc.strtokSave).toBe(s + 2)
    expect(e.read(s)).toBe('a')
    expect(S.strtok(e.ctx, [0, d])).toBe(s + 2)
    expect(S.strtok(e.ctx, [0, d])).toBe(0)
    expect(S.strtok(e.ctx, [0, d])).toBe(0)
  })

  it('strdup calls the program\'s malloc symbol through a NativeCall and copies after it returns', () => {
    const e = makeEnv()
    ;(e.proc.prog.symbols as Map<string, number>).set('malloc', 0x400000)
    e.proc.funcAt = (a) => (a === 0x400000 ? ({ name: 'malloc' } as never) : null)
    const s = e.str('hey')
    const r = S.strdup(e.ctx, [s]) as NativeCall
    expect(r.call).toBe(0x400000)
    expect(r.args).toEqual([4])
    const dst = e.alloc(8)
    expect(r.then(dst)).toBe(dst)
    expect(e.read(dst)).toBe('hey')
    expect(r.then(0)).toBe(0) // malloc failed → NULL
  })

  it('strdup falls back to the injected native malloc, then to ENOMEM', () => {
    const e = makeEnv()
    const dst = e.alloc(16)
    let asked = -1
    const fns = makeStringFunctions({ malloc: (_c, a) => ((asked = Number(a[0])), dst) })
    expect(fns.strndup(e.ctx, [e.str('abcdef'), 4])).toBe(dst)
    expect(asked).toBe(5)
    expect(e.read(dst)).toBe('abcd')
    expect(S.strdup(e.ctx, [e.str('x')])).toBe(0)
    expect(getErrno(e.ctx)).toBe(12)
  })

  it('strdup with a C-defined malloc runs the C allocator (interposition)', () => {
    const r = runLibcProgram(`#include <stdio.h>
#include <string.h>
static char pool[256]; static int used, calls;
void *malloc(unsigned long n) { void *p = pool + used; used += (int)n; calls++; return p; }
int main(void) { char *d = strdup("mine"); printf("%s %d %d %d\\n", d, d == pool, used, calls); return 0; }`)
    expect(r.compile.ok, r.compile.stderr).toBe(true)
    expect(r.stdout).toBe('mine 1 5 1\n')
  })
})
