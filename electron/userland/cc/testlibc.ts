/**
 * A tiny libc for the compiler's own tests (the real libc lives in ../libc and comes later).
 *
 * Functions: printf fprintf sprintf snprintf vprintf vfprintf vsprintf vsnprintf puts putchar
 * fputs fputc fflush malloc calloc realloc free (bump allocator over brk) memset memcpy memmove
 * memcmp strlen strcmp strncmp strcpy strncpy strcat strchr strrchr strstr strdup atoi atol
 * abs labs exit abort __assert_fail fork waitpid getpid.
 * Headers (TEST_HEADERS): stdio.h stdlib.h string.h assert.h unistd.h sys/wait.h sys/types.h.
 */
import type { Value } from './ast'
import { formatPrintf } from '../libc/format'
import { vaListArgs, valueArgs } from '../libc/printf-args'
import { type AddressSpace, FlatMemory, type Memory, PROT_READ, PROT_WRITE } from './memory'
import {
  BLOCK, type CProcess, DONE, type NativeContext, type NativeFn, type NativeLibrary, type Thread,
  cloneProcessForFork, cloneThreadForFork, completeCall, raiseSignal, run
} from './vm'
import { compile, type CompileResult } from './index'
import { spawnProgram } from './loader'

export const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 }

export const TEST_HEADERS: Record<string, string> = {
  'stdio.h': `#ifndef _STDIO_H
#define _STDIO_H
#include <stddef.h>
#include <stdarg.h>
typedef struct _IO_FILE FILE;
extern FILE *stdin, *stdout, *stderr;
#define EOF (-1)
int printf(const char *fmt, ...);
int fprintf(FILE *f, const char *fmt, ...);
int sprintf(char *s, const char *fmt, ...);
int snprintf(char *s, size_t n, const char *fmt, ...);
int vprintf(const char *fmt, va_list ap);
int vfprintf(FILE *f, const char *fmt, va_list ap);
int vsprintf(char *s, const char *fmt, va_list ap);
int vsnprintf(char *s, size_t n, const char *fmt, va_list ap);
int puts(const char *s);
int putchar(int c);
int fputs(const char *s, FILE *f);
int fputc(int c, FILE *f);
int fflush(FILE *f);
#endif
`,
  'stdlib.h': `#ifndef _STDLIB_H
#define _STDLIB_H
#include <stddef.h>
#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
void *malloc(size_t n);
void *calloc(size_t n, size_t m);
void *realloc(void *p, size_t n);
void free(void *p);
void exit(int status) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));
int atoi(const char *s);
long atol(const char *s);
int abs(int x);
long labs(long x);
#endif
`,
  'string.h': `#ifndef _STRING_H
#define _STRING_H
#include <stddef.h>
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *d, const char *s);
char *strncpy(char *d, const char *s, size_t n);
char *strcat(char *d, const char *s);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *h, const char *n);
char *strdup(const char *s);
#endif
`,
  'assert.h': `#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
void __assert_fail(const char *expr, const char *file, unsigned int line, const char *func) __attribute__((noreturn));
#define assert(e) ((e) ? (void)0 : __assert_fail(#e, __FILE__, __LINE__, __func__))
#endif
`,
  'sys/types.h': `#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H
typedef int pid_t;
typedef long ssize_t;
typedef unsigned long size_t;
#endif
`,
  'unistd.h': `#ifndef _UNISTD_H
#define _UNISTD_H
#include <sys/types.h>
pid_t fork(void);
pid_t getpid(void);
#endif
`,
  'sys/wait.h': `#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H
#include <sys/types.h>
pid_t waitpid(pid_t pid, int *status, int options);
#define WEXITSTATUS(s) (((s) & 0xff00) >> 8)
#define WIFEXITED(s) (((s) & 0x7f) == 0)
#define WTERMSIG(s) ((s) & 0x7f)
#define WIFSIGNALED(s) (((signed char) (((s) & 0x7f) + 1) >> 1) > 0)
#endif
`
}

/** Shared output sink (parent and forked children write to the same "terminal"). */
export class Output {
  stdout = ''
  stderr = ''
  clone(): Output {
    return this
  }
}

/** The "system" the test libc runs in: processes and a trivial round-robin scheduler. */
export class TestSystem {
  threads: Thread[] = []
  nextPid = 100
  pids = new Map<CProcess, number>()
  status = new Map<number, number>()
  out = new Output()
  pidOf(p: CProcess): number {
    let id = this.pids.get(p)
    if (id === undefined) this.pids.set(p, (id = this.nextPid++))
    return id
  }
}

export function readCString(m: Memory, p: Value, max = Infinity): string {
  if (typeof p !== 'number') throw new RangeError('bad pointer')
  let s = ''
  for (let i = 0; i < max; i++) {
    const c = m.load8(p + i)
    if (c === 0) break
    s += String.fromCharCode(c)
  }
  return s
}

function writeBytes(m: Memory, p: number, s: string): void {
  const b = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i)
  m.write(p, b)
}

function sys(ctx: NativeContext): TestSystem {
  return ctx.proc.libc.sys as TestSystem
}

/**
 * stdout is fully buffered as glibc does when it is not a terminal (4096 bytes, flushed on
 * exit, fflush or when full; lost when the process dies of a signal, duplicated by fork);
 * stderr is unbuffered.
 */
function emit(ctx: NativeContext, fd: number, s: string): void {
  const out = sys(ctx).out
  if (fd === 2) {
    out.stderr += s
    return
  }
  let buf = ((ctx.proc.libc.obuf as string | undefined) ?? '') + s
  while (buf.length >= 4096) {
    out.stdout += buf.slice(0, 4096)
    buf = buf.slice(4096)
  }
  ctx.proc.libc.obuf = buf
}

function flush(ctx: NativeContext): void {
  sys(ctx).out.stdout += (ctx.proc.libc.obuf as string | undefined) ?? ''
  ctx.proc.libc.obuf = ''
}

const STDOUT_HANDLE = 1
const STDERR_HANDLE = 2

export function testLibc(): NativeLibrary {
  const fileFd = (ctx: NativeContext, f: Value): number => {
    const sym = ctx.proc.prog.symbols
    if (f === sym.get('stderr')) return 2
    void sym
    return Number(ctx.mem.load64(Number(f))) === STDERR_HANDLE ? 2 : 1
  }
  const heap = (ctx: NativeContext, n: number): number => {
    const p = ctx.proc
    const size = Math.ceil(Math.max(n, 1) / 16) * 16 + 16
    const base = p.brk
    const end = base + size
    const as = ctx.mem as AddressSpace
    const mapped = (p.libc.heapMapped as number | undefined) ?? base
    if (end > mapped) {
      const newEnd = Math.ceil(end / 65536) * 65536
      as.map(mapped, newEnd - mapped, PROT_READ | PROT_WRITE, '[heap]')
      p.libc.heapMapped = newEnd
    }
    p.brk = end
    ctx.mem.store64(base, n)
    return base + 16
  }
  const f: Record<string, NativeFn> = {
    printf: (ctx, a) => {
      const s = formatPrintf(readCString(ctx.mem, a[0]), valueArgs(ctx, a, 1))
      emit(ctx, 1, s)
      return s.length
    },
    fprintf: (ctx, a) => {
      const s = formatPrintf(readCString(ctx.mem, a[1]), valueArgs(ctx, a, 2))
      emit(ctx, fileFd(ctx, a[0]), s)
      return s.length
    },
    sprintf: (ctx, a) => {
      const s = formatPrintf(readCString(ctx.mem, a[1]), valueArgs(ctx, a, 2))
      writeBytes(ctx.mem, Number(a[0]), s + '\0')
      return s.length
    },
    snprintf: (ctx, a) => {
      const s = formatPrintf(readCString(ctx.mem, a[2]), valueArgs(ctx, a, 3))
      const n = Number(a[1])
      if (n > 0) writeBytes(ctx.mem, Number(a[0]), s.slice(0, n - 1) + '\0')
      return s.length
    },
    vprintf: (ctx, a) => {
      const s = formatPrintf(readCString(ctx.mem, a[0]), vaListArgs(ctx.mem, a[1]))
      emit(ctx, 1, s)
      return s.length
    },
    vfprintf: (ctx, a) => {
      const s = formatPrintf(readCString(ctx.mem, a[1]), vaListArgs(ctx.mem, a[2]))
      emit(ctx, fileFd(ctx, a[0]), s)
      return s.length
    },
    vsprintf: (ctx, a) => {
      const s = formatPrintf(readCString(ctx.mem, a[1]), vaListArgs(ctx.mem, a[2]))
      writeBytes(ctx.mem, Number(a[0]), s + '\0')
      return s.length
    },
    vsnprintf: (ctx, a) => {
      const s = formatPrintf(readCString(ctx.mem, a[2]), vaListArgs(ctx.mem, a[3]))
      const n = Number(a[1])
      if (n > 0) writeBytes(ctx.mem, Number(a[0]), s.slice(0, n - 1) + '\0')
      return s.length
    },
    puts: (ctx, a) => {
      emit(ctx, 1, readCString(ctx.mem, a[0]) + '\n')
      return 1
    },
    putchar: (ctx, a) => {
      emit(ctx, 1, String.fromCharCode(Number(a[0]) & 255))
      return Number(a[0]) & 255
    },
    fputs: (ctx, a) => {
      emit(ctx, fileFd(ctx, a[1]), readCString(ctx.mem, a[0]))
      return 1
    },
    fputc: (ctx, a) => {
      emit(ctx, fileFd(ctx, a[1]), String.fromCharCode(Number(a[0]) & 255))
      return Number(a[0]) & 255
    },
    malloc: (ctx, a) => heap(ctx, Number(a[0])),
    calloc: (ctx, a) => {
      const n = Number(a[0]) * Number(a[1])
      const p = heap(ctx, n)
      ctx.mem.fill(p, 0, n)
      return p
    },
    realloc: (ctx, a) => {
      const old = Number(a[0])
      const n = Number(a[1])
      const p = heap(ctx, n)
      if (old) {
        const on = Number(ctx.mem.load64(old - 16))
        ctx.mem.write(p, ctx.mem.read(old, Math.min(on, n)))
      }
      return p
    },
    free: () => 0,
    memset: (ctx, a) => {
      ctx.mem.fill(Number(a[0]), Number(a[1]) & 255, Number(a[2]))
      return a[0]
    },
    memcpy: (ctx, a) => {
      ctx.mem.write(Number(a[0]), ctx.mem.read(Number(a[1]), Number(a[2])))
      return a[0]
    },
    memmove: (ctx, a) => {
      ctx.mem.write(Number(a[0]), ctx.mem.read(Number(a[1]), Number(a[2])))
      return a[0]
    },
    memcmp: (ctx, a) => {
      const x = ctx.mem.read(Number(a[0]), Number(a[2]))
      const y = ctx.mem.read(Number(a[1]), Number(a[2]))
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i]
      return 0
    },
    strlen: (ctx, a) => readCString(ctx.mem, a[0]).length,
    strcmp: (ctx, a) => cmp(readCString(ctx.mem, a[0]), readCString(ctx.mem, a[1])),
    strncmp: (ctx, a) => cmp(readCString(ctx.mem, a[0], Number(a[2])), readCString(ctx.mem, a[1], Number(a[2]))),
    strcpy: (ctx, a) => {
      writeBytes(ctx.mem, Number(a[0]), readCString(ctx.mem, a[1]) + '\0')
      return a[0]
    },
    strncpy: (ctx, a) => {
      const n = Number(a[2])
      const s = readCString(ctx.mem, a[1], n)
      writeBytes(ctx.mem, Number(a[0]), s.padEnd(n, '\0'))
      return a[0]
    },
    strcat: (ctx, a) => {
      const d = Number(a[0])
      writeBytes(ctx.mem, d + readCString(ctx.mem, d).length, readCString(ctx.mem, a[1]) + '\0')
      return a[0]
    },
    strchr: (ctx, a) => {
      const s = readCString(ctx.mem, a[0])
      const c = Number(a[1]) & 255
      if (c === 0) return Number(a[0]) + s.length
      const i = s.indexOf(String.fromCharCode(c))
      return i < 0 ? 0 : Number(a[0]) + i
    },
    strrchr: (ctx, a) => {
      const s = readCString(ctx.mem, a[0])
      const c = Number(a[1]) & 255
      if (c === 0) return Number(a[0]) + s.length
      const i = s.lastIndexOf(String.fromCharCode(c))
      return i < 0 ? 0 : Number(a[0]) + i
    },
    strstr: (ctx, a) => {
      const i = readCString(ctx.mem, a[0]).indexOf(readCString(ctx.mem, a[1]))
      return i < 0 ? 0 : Number(a[0]) + i
    },
    strdup: (ctx, a) => {
      const s = readCString(ctx.mem, a[0])
      const p = heap(ctx, s.length + 1)
      writeBytes(ctx.mem, p, s + '\0')
      return p
    },
    atoi: (ctx, a) => parseInt(readCString(ctx.mem, a[0]), 10) | 0 || 0,
    atol: (ctx, a) => parseInt(readCString(ctx.mem, a[0]), 10) || 0,
    abs: (_c, a) => Math.abs(Number(a[0])) | 0,
    labs: (_c, a) => (typeof a[0] === 'number' ? Math.abs(a[0]) : a[0] < 0n ? -a[0] : a[0]),
    fflush: (ctx) => {
      flush(ctx)
      return 0
    },
    exit: (ctx, a) => {
      flush(ctx)
      const st = Number(a[0]) & 255
      ctx.thread.state = 'exited'
      ctx.thread.exitStatus = st
      ctx.proc.exitStatus = st
      sys(ctx).status.set(sys(ctx).pidOf(ctx.proc), st << 8)
      return DONE
    },
    abort: (ctx) => {
      raiseSignal(ctx.thread, 'SIGABRT', 'SI_TKILL')
      return DONE
    },
    __assert_fail: (ctx, a) => {
      emit(ctx, 2, `a.out: ${readCString(ctx.mem, a[1])}:${Number(a[2])}: ${readCString(ctx.mem, a[3])}: Assertion \`${readCString(ctx.mem, a[0])}' failed.\n`)
      raiseSignal(ctx.thread, 'SIGABRT', 'SI_TKILL')
      return DONE
    },
    getpid: (ctx) => sys(ctx).pidOf(ctx.proc),
    fork: (ctx) => {
      const s = sys(ctx)
      const mem = ctx.mem as FlatMemory
      if (!(mem instanceof FlatMemory)) return -1
      const cp = cloneProcessForFork(ctx.proc, mem.clone())
      cp.libc.sys = s
      const ct = cloneThreadForFork(ctx.thread, cp)
      completeCall(ct, 0)
      s.threads.push(ct)
      return s.pidOf(cp)
    },
    waitpid: (ctx, a) => {
      const s = sys(ctx)
      const pid = Number(a[0])
      const st = s.status.get(pid)
      if (st === undefined) return BLOCK
      if (a[1] !== 0) ctx.mem.store32(Number(a[1]), st)
      return pid
    }
  }
  return {
    functions: f,
    data: {
      stdin: { size: 8, init: u64(0) },
      stdout: { size: 8, init: u64(STDOUT_HANDLE) },
      stderr: { size: 8, init: u64(STDERR_HANDLE) }
    }
  }
}

function u64(v: number): Uint8Array {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setBigUint64(0, BigInt(v), true)
  return b
}

function cmp(a: string, b: string): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = i < a.length ? a.charCodeAt(i) : 0
    const y = i < b.length ? b.charCodeAt(i) : 0
    if (x !== y) return x - y
  }
  return 0
}

export interface TestRunResult {
  compile: CompileResult
  stdout: string
  stderr: string
  /** exit status as a shell reports it: the exit code, or 128 + signal number */
  status: number
  signal: string | null
  steps: number
  threads: Thread[]
}

export interface TestRunOptions {
  path?: string
  files?: Record<string, string>
  argv?: string[]
  maxSteps?: number
  slice?: number
  extraLibs?: NativeLibrary[]
  /** called between slices (e.g. to press Ctrl-C) */
  onSlice?: (t: Thread, steps: number) => void
}

/** Compiles and runs a program in a FlatMemory with the test libc. */
export function runTestProgram(source: string, o: TestRunOptions = {}): TestRunResult {
  const path = o.path ?? '/tmp/test.c'
  const files = o.files ?? {}
  const c = compile({
    path,
    source,
    readFile: (p) => files[p] ?? (p.startsWith('/usr/include/') ? (TEST_HEADERS[p.slice(13)] ?? null) : null),
    libs: [testLibc(), ...(o.extraLibs ?? [])]
  })
  const sysm = new TestSystem()
  if (!c.image) return { compile: c, stdout: '', stderr: c.stderr, status: 1, signal: null, steps: 0, threads: [] }
  const mem = new FlatMemory()
  const { proc, thread } = spawnProgram(c.image, mem, { argv: o.argv ?? ['./a.out'], envp: ['HOME=/root', 'PATH=/bin'] })
  proc.libc.sys = sysm
  sysm.pidOf(proc)
  sysm.threads.push(thread)
  const max = o.maxSteps ?? 2e9
  const slice = o.slice ?? 100000
  let steps = 0
  let progress = true
  while (progress && steps < max) {
    progress = false
    for (const t of sysm.threads) {
      if (t.state === 'exited' || t.state === 'signaled') continue
      const before = t.steps
      const st = run(t, slice)
      steps += t.steps - before
      if (st === 'budget' || t.steps > before) progress = true
      if (st === 'signaled' && t.signal) sysm.status.set(sysm.pidOf(t.proc), SIGNALS[t.signal.signo] ?? 0)
      if (st === 'exited' && !sysm.status.has(sysm.pidOf(t.proc))) sysm.status.set(sysm.pidOf(t.proc), (t.exitStatus ?? 0) << 8)
      o.onSlice?.(t, steps)
    }
  }
  const signal = thread.state === 'signaled' ? thread.signal!.signo : null
  const status = signal ? 128 + (SIGNALS[signal] ?? 0) : thread.state === 'exited' ? (thread.exitStatus ?? 0) : -1
  return { compile: c, stdout: sysm.out.stdout, stderr: c.stderr + sysm.out.stderr, status, signal, steps, threads: sysm.threads }
}
