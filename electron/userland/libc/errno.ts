/**
 * errno storage for the native libc.
 *
 * glibc keeps errno in thread-local storage; C code reads it through `*__errno_location()`.
 * PinLab's threads carry the address of their errno word in `thread.host.errnoAddr` (set by
 * the OS integration when it creates the thread's TLS block). When that is present and non-zero
 * errno lives there, as a 32-bit int in the process's memory (so C code and natives see the same
 * value, and fork copies it with the address space). Before the integration has set it up (unit
 * tests, a bare CProcess) errno falls back to a per-process slot `proc.libc.errno`.
 *
 * A store to a bad errnoAddr throws a MemoryFault like any other access (the VM turns it into
 * SIGSEGV); it never throws anything else.
 */
import type { NativeContext } from '../cc/vm'

/** The address of the calling thread's errno word, or 0 when it has none. */
export function errnoAddress(ctx: NativeContext): number {
  const h = ctx.thread.host as { errnoAddr?: number } | null
  const a = h && typeof h === 'object' ? h.errnoAddr : undefined
  return typeof a === 'number' && a > 0 ? a : 0
}

/** errno = e (e is truncated to a C int). */
export function setErrno(ctx: NativeContext, e: number): void {
  const v = e | 0
  const a = errnoAddress(ctx)
  if (a !== 0) ctx.mem.store32(a, v >>> 0)
  else ctx.proc.libc.errno = v
}

/** The current value of errno (a signed C int). */
export function getErrno(ctx: NativeContext): number {
  const a = errnoAddress(ctx)
  if (a !== 0) return ctx.mem.load32(a) | 0
  const v = ctx.proc.libc.errno
  return typeof v === 'number' ? v | 0 : 0
}
