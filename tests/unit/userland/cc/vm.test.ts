import { describe, expect, it } from 'vitest'
import { HDR, runC } from './helpers'
import { compile } from '../../../../electron/userland/cc/index'
import { FlatMemory, MemoryFault, PROT_READ } from '../../../../electron/userland/cc/memory'
import { spawnProgram } from '../../../../electron/userland/cc/loader'
import { BLOCK, NS_PER_STEP, cloneProcessForFork, cloneThreadForFork, completeCall, run, type NativeLibrary, type Thread } from '../../../../electron/userland/cc/vm'
import { TEST_HEADERS, testLibc, TestSystem, SIGNALS } from '../../../../electron/userland/cc/testlibc'

function build(src: string, extra: NativeLibrary[] = []) {
  const c = compile({ path: '/t.c', source: src, readFile: (p) => (p.startsWith('/usr/include/') ? (TEST_HEADERS[p.slice(13)] ?? null) : null), libs: [testLibc(), ...extra] })
  if (!c.image) throw new Error(c.stderr)
  const mem = new FlatMemory()
  const sys = new TestSystem()
  const { proc, thread, load } = spawnProgram(c.image, mem, { argv: ['./a.out', 'x'], envp: ['A=1'] })
  proc.libc.sys = sys
  sys.threads.push(thread)
  return { image: c.image, mem, sys, proc, thread, load }
}

function flushOut(t: Thread) {
  return ((t.proc.libc.sys as TestSystem).out.stdout + ((t.proc.libc.obuf as string) ?? ''))
}

describe('faults become signals, never host exceptions', () => {
  it('NULL dereference → SIGSEGV at address 0', () => {
    const r = runC('int main(void) { int *p = 0; return *p; }')
    expect(r.signal).toBe('SIGSEGV')
    expect(r.threads[0].signal).toMatchObject({ signo: 'SIGSEGV', code: 'SEGV_MAPERR', addr: 0 })
    expect(r.status).toBe(139)
  })
  it('writing a string literal (.rodata is r--) → SIGSEGV with SEGV_ACCERR', () => {
    const r = runC('int main(void) { char *s = "ro"; s[0] = 1; return 0; }')
    expect(r.threads[0].signal).toMatchObject({ signo: 'SIGSEGV', code: 'SEGV_ACCERR' })
  })
  it('writing a const global (also in .rodata) → SIGSEGV', () => {
    const r = runC('const int k = 5; int main(void) { *(int *)&k = 6; return k; }')
    expect(r.signal).toBe('SIGSEGV')
  })
  it('integer division by zero and INT_MIN / -1 → SIGFPE', () => {
    expect(runC('int z; int main(void) { return 7 / z; }').signal).toBe('SIGFPE')
    expect(runC('int m = -2147483647 - 1, n = -1; int main(void) { return m / n; }').signal).toBe('SIGFPE')
    expect(runC('long z; int main(void) { return (int)(7L % z); }').signal).toBe('SIGFPE')
    // floating division by zero is not a fault
    expect(runC('double z; int main(void) { return 1.0 / z > 0 ? 3 : 4; }').status).toBe(3)
  })
  it('abort() → SIGABRT, calling a bad function pointer → SIGSEGV, runaway recursion → SIGSEGV', () => {
    expect(runC(HDR + 'int main(void) { abort(); }').signal).toBe('SIGABRT')
    expect(runC('int main(void) { int (*f)(void) = (int (*)(void))0x1234; return f(); }').signal).toBe('SIGSEGV')
    expect(runC('int f(int n) { return f(n + 1) + 1; } int main(void) { return f(0); }').signal).toBe('SIGSEGV')
  })
  it('a pointer beyond 2^53 faults instead of losing precision', () => {
    expect(runC('int main(void) { char *p = (char *)0xffffffffffff0000UL; return *p; }').signal).toBe('SIGSEGV')
  })
  it('the memory interface reports faults as MemoryFault', () => {
    const m = new FlatMemory()
    m.map(0x1000, 4096, PROT_READ, 'r')
    expect(() => m.store8(0x1000, 1)).toThrow(MemoryFault)
    expect(() => m.load8(0x3000)).toThrow(MemoryFault)
    expect(m.load32(0x1ffc)).toBe(0)
  })
})

describe('program image and loader', () => {
  it('maps text r-x at 0x401000, rodata r--, data/bss rw-, stack below 0x7ffffffff000', () => {
    const { image, mem, thread, load } = build('int g = 1; int b; const char *s = "x"; int main(void) { return g; }')
    const seg = Object.fromEntries(image.segments.map((s) => [s.name, s]))
    expect(seg['.text'].addr).toBe(0x401000)
    expect(mem.protOf(0x401000)).toBe(5)
    expect(mem.protOf(seg['.rodata'].addr)).toBe(1)
    expect(mem.protOf(seg['.data'].addr)).toBe(3)
    expect(image.symbols.get('main')! % 16).toBe(0)
    expect(image.brkStart % 4096).toBe(0)
    expect(image.brkStart).toBeGreaterThan(seg['.bss'].addr)
    expect(thread.sp).toBeLessThan(load.sp)
    expect(load.sp).toBeLessThan(0x7ffffffff000)
    expect(load.sp % 16).toBe(0)
    // initial stack: argc, argv[], NULL, envp[], NULL, auxv (the ABI layout)
    expect(mem.load64(load.sp)).toBe(2)
    expect(mem.load64(load.sp + 8)).toBe(load.argv > 0 ? mem.load64(load.argv) : -1)
    expect(mem.load64(load.sp + 24)).toBe(0)
    expect(load.envp).toBe(load.sp + 32)
    expect(mem.load64(load.sp + 40)).toBe(0)
    expect(mem.load64(load.sp + 48)).toBe(6) // AT_PAGESZ
    expect(image.relocations.length).toBeGreaterThan(0)
  })
  it('an undeclared malloc still returns a full 64-bit pointer (gcc built-in prototype)', () => {
    const r = runC('int main(void) { char *p = malloc(100); p[99] = 7; printf("%d %zu %zu\\n", p[99], sizeof(malloc(1)), sizeof(strlen(""))); return 0; }')
    expect(r.stdout).toBe('7 8 8\n')
  })
  it('function pointers are .text addresses that map back to functions', () => {
    const r = runC(HDR + 'int f(void) { return 1; } int main(void) { printf("%d %d\\n", (unsigned long)f >= 0x401000 && (unsigned long)f < 0x402000, (unsigned long)main % 16); return 0; }')
    expect(r.stdout).toBe('1 0\n')
  })
})

describe('explicit execution state', () => {
  it('fork(): a native clones the running thread; both continue correctly', () => {
    const src = HDR + '#include <unistd.h>\n#include <sys/wait.h>\nint main(void) { int x = 5; pid_t p = fork(); if (p == 0) { x += 1; printf("child %d\\n", x); exit(3); } int st; waitpid(p, &st, 0); printf("parent %d %d\\n", x, WEXITSTATUS(st)); return 0; }'
    const r = runC(src)
    expect(r.stdout).toBe('child 6\nparent 5 3\n')
    expect(r.threads.length).toBe(2)
  })
  it('cloneThreadForFork deep-copies frames and registers (mid-recursion)', () => {
    let forked: Thread | null = null
    const lib: NativeLibrary = {
      functions: {
        snap: (ctx) => {
          const child = cloneThreadForFork(ctx.thread, cloneProcessForFork(ctx.proc, (ctx.mem as FlatMemory).clone()))
          child.proc.libc.sys = ctx.proc.libc.sys
          completeCall(child, 0)
          forked = child
          return 1
        }
      }
    }
    const src = HDR + 'int snap(void);\nint depth(int n, int *who) { if (n == 0) { *who = snap(); return 0; } int local = n * 10; int r = depth(n - 1, who); return r + local; }\nint main(void) { int who = -1; int s = depth(4, &who); printf("%s %d\\n", who ? "parent" : "child", s); return who; }'
    const { thread, sys } = build(src, [lib])
    expect(run(thread, 1e6)).toBe('exited')
    expect(thread.exitStatus).toBe(1)
    expect(forked).not.toBeNull()
    const child = forked! as Thread
    expect(run(child, 1e6)).toBe('exited')
    expect(child.exitStatus).toBe(0)
    expect(sys.out.stdout).toBe('parent 100\nchild 100\n')
  })
  it('a blocking native suspends the thread and resumes it (retry and completeCall)', () => {
    let ready = false
    let calls = 0
    const lib: NativeLibrary = {
      functions: {
        wait_token: (_c, a) => {
          calls++
          return ready ? Number(a[0]) * 2 : BLOCK
        }
      }
    }
    const { thread } = build(HDR + 'int wait_token(int);\nint main(void) { int i = 0; int v = wait_token(21); printf("%d %d\\n", v, i++); return v; }', [lib])
    expect(run(thread, 1e6)).toBe('blocked')
    expect(run(thread, 1e6)).toBe('blocked')
    ready = true
    expect(run(thread, 1e6)).toBe('exited')
    expect(thread.exitStatus).toBe(42)
    expect(calls).toBe(3)
    expect(flushOut(thread)).toBe('42 0\n')
    // completion from outside, without retrying the native
    ready = false
    const b = build(HDR + 'int wait_token(int);\nint main(void) { return wait_token(1) + 1; }', [lib])
    expect(run(b.thread, 1e6)).toBe('blocked')
    completeCall(b.thread, 99)
    expect(run(b.thread, 1e6)).toBe('exited')
    expect(b.thread.exitStatus).toBe(100)
  })
  it('an infinite loop stops on Ctrl-C within 100 ms of virtual time', () => {
    const { thread } = build('int main(void) { volatile unsigned long n = 0; for (;;) n++; }')
    const sliceSteps = 1_000_000 // 1 ms of virtual time per slice
    let status = run(thread, sliceSteps)
    expect(status).toBe('budget')
    for (let i = 0; i < 5; i++) status = run(thread, sliceSteps)
    const pressedAt = thread.steps
    thread.pendingSignal = 'SIGINT'
    status = run(thread, sliceSteps)
    expect(status).toBe('signaled')
    expect(thread.signal?.signo).toBe('SIGINT')
    expect((thread.steps - pressedAt) * NS_PER_STEP).toBeLessThanOrEqual(100e6)
    expect(SIGNALS.SIGINT).toBe(2)
  })
  it('is deterministic and independent of the slice size', () => {
    const src = HDR + 'unsigned h; int f(int n) { return n < 2 ? n : f(n - 1) + f(n - 2); } int main(void) { for (int i = 0; i < 300; i++) h = h * 31 + i; printf("%u %d\\n", h, f(15)); return 0; }'
    const a = runC(src, { slice: 7 })
    const b = runC(src, { slice: 1_000_000 })
    const c = runC(src, { slice: 1 })
    expect(a.stdout).toBe(b.stdout)
    expect(a.stdout).toBe(c.stdout)
    expect(a.steps).toBe(b.steps)
    expect(a.steps).toBe(c.steps)
  })
  it('main receives argc/argv/envp from the initial stack', () => {
    const r = runC(HDR + 'int main(int argc, char **argv, char **envp) { printf("%d %s %s %s %p\\n", argc, argv[0], argv[2], envp[0], (void *)argv[argc]); return 0; }', { argv: ['./prog', 'one', 'two'] })
    expect(r.stdout).toBe('3 ./prog two HOME=/root (nil)\n')
  })
})
