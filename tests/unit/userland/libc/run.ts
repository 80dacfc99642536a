/**
 * Compiles and runs a C program against the pure libc under test, on FlatMemory, with the
 * compiler's test libc for stdio/malloc/exit. errno lives in a mapped word whose address is in
 * thread.host.errnoAddr (as the OS integration does), and `__errno_location()` returns it.
 */
import {
  compile, FlatMemory, PROT_READ, PROT_WRITE, run, spawnProgram,
  type CompileResult, type NativeFn, type NativeLibrary, type Thread
} from '../../../../electron/userland/cc/index'
import { testLibc, TestSystem, SIGNALS } from '../../../../electron/userland/cc/testlibc'
import { LIBC_TEST_HEADERS } from './headers'
import { pureLibc } from './libs'

export const ERRNO_PAGE = 0x10000

export interface LibcRun {
  compile: CompileResult
  stdout: string
  stderr: string
  status: number
  signal: string | null
  signalAddr: number | bigint | undefined
  steps: number
}

export interface LibcRunOptions {
  path?: string
  files?: Record<string, string>
  maxSteps?: number
  libs?: NativeLibrary[]
  /** steps per run() slice (default 200000) */
  slice?: number
  /** called after every slice that ran out of budget */
  onSlice?: (t: Thread) => void
}

export function runLibcProgram(source: string, o: LibcRunOptions = {}): LibcRun {
  const path = o.path ?? '/tmp/t.c'
  const files = o.files ?? {}
  const tl = testLibc()
  const extra: Record<string, NativeFn> = { __errno_location: (ctx) => (ctx.thread.host as { errnoAddr: number }).errnoAddr }
  const c = compile({
    path,
    source,
    readFile: (p) => files[p] ?? (p.startsWith('/usr/include/') ? (LIBC_TEST_HEADERS[p.slice(13)] ?? null) : null),
    libs: o.libs ?? [tl, { functions: pureLibc(tl.functions.malloc) }, { functions: extra }]
  })
  if (!c.image) return { compile: c, stdout: '', stderr: c.stderr, status: 1, signal: null, signalAddr: undefined, steps: 0 }
  const mem = new FlatMemory()
  mem.map(ERRNO_PAGE, 4096, PROT_READ | PROT_WRITE, 'tls')
  const { proc, thread } = spawnProgram(c.image, mem, { argv: ['./a.out'], envp: ['HOME=/root'] })
  thread.host = { errnoAddr: ERRNO_PAGE + 16 }
  const sys = new TestSystem()
  proc.libc.sys = sys
  sys.pidOf(proc)
  const max = o.maxSteps ?? 5e8
  let st = 'budget'
  while (st === 'budget' && thread.steps < max) {
    st = run(thread, o.slice ?? 200000)
    if (st === 'budget') o.onSlice?.(thread)
  }
  // flush the test libc's stdout buffer as exit would (a signal death loses it, as in glibc)
  if (thread.state === 'exited') {
    sys.out.stdout += (proc.libc.obuf as string | undefined) ?? ''
    proc.libc.obuf = ''
  }
  const signal = thread.state === 'signaled' ? thread.signal!.signo : null
  const status = signal ? 128 + (SIGNALS[signal] ?? 0) : thread.state === 'exited' ? (thread.exitStatus ?? 0) : -1
  return { compile: c, stdout: sys.out.stdout, stderr: c.stderr + sys.out.stderr, status, signal, signalAddr: thread.signal?.addr, steps: thread.steps }
}
