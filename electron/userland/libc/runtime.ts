/**
 * Helpers every OS-facing libc function uses: where the calling process and machine are, C
 * strings in user memory, and Linux's "-1 and errno" return convention.
 */
import type { Value } from '../cc/ast'
import type { NativeContext } from '../cc/vm'
import type { Machine } from '../os/machine'
import type { ThreadHost, UProcess } from '../os/process'
import { setErrno } from './errno'

export function threadHostOf(ctx: NativeContext): ThreadHost {
  return ctx.thread.host as ThreadHost
}

export function machineOf(ctx: NativeContext): Machine {
  return threadHostOf(ctx).machine
}

export function procOf(ctx: NativeContext): UProcess {
  return threadHostOf(ctx).proc
}

/** The file-system credentials of the calling process (PinLab's processes have gid = uid). */
export function credOf(ctx: NativeContext): { uid: number; gid: number } {
  const uid = procOf(ctx).uid
  return { uid, gid: uid }
}

/** A C value as a JS number (pointers, sizes, ints; a bigint above 2^53 stays approximate). */
export function num(v: Value | undefined): number {
  if (v === undefined) return 0
  return typeof v === 'bigint' ? Number(BigInt.asIntN(64, v)) : v
}

/**
 * A C `size_t` / `unsigned long` argument as a JS number: (size_t)-1 is 2^64 - 1 (rounded to
 * 2^64), never -1, so the kernel sees a huge length as Linux does. Exact below 2^53.
 */
export function ulong(v: Value | undefined): number {
  if (v === undefined) return 0
  if (typeof v === 'bigint') return Number(BigInt.asUintN(64, v))
  return v < 0 ? v + 2 ** 64 : v
}

/** A C `int` argument. */
export function int(v: Value | undefined): number {
  return Number(BigInt.asIntN(32, BigInt(Math.trunc(num(v))))) | 0
}

/** Linux's syscall convention in libc: a negative errno becomes -1 with errno set. */
export function sysret(ctx: NativeContext, r: number): number {
  if (r < 0) {
    setErrno(ctx, -r)
    return -1
  }
  return r
}

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/**
 * The NUL-terminated string at `addr` (UTF-8). Reads page by page, so a string that ends just
 * before an unmapped page does not fault; a NULL or wild pointer faults (SIGSEGV) as in glibc.
 */
export function cstring(ctx: NativeContext, addr: Value, max = 1 << 20): string {
  return decoder.decode(cbytes(ctx, addr, max))
}

export function cbytes(ctx: NativeContext, addr: Value, max = 1 << 20): Uint8Array {
  let p = num(addr)
  const parts: Uint8Array[] = []
  let total = 0
  while (total < max) {
    const chunk = Math.min(4096 - (p % 4096), max - total)
    const bytes = ctx.mem.read(p, chunk)
    const nul = bytes.indexOf(0)
    if (nul >= 0) {
      parts.push(bytes.subarray(0, nul))
      total += nul
      break
    }
    parts.push(bytes)
    total += chunk
    p += chunk
  }
  if (parts.length === 1) return parts[0]!
  const out = new Uint8Array(total)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** Writes `text` and a NUL at `addr`. */
export function putCString(ctx: NativeContext, addr: number, text: string): void {
  const bytes = encoder.encode(text)
  const withNul = new Uint8Array(bytes.length + 1)
  withNul.set(bytes)
  ctx.mem.write(addr, withNul)
}

/** A NULL-terminated array of C strings (argv, envp). */
export function cstringArray(ctx: NativeContext, addr: Value, max = 4096): string[] {
  const out: string[] = []
  let p = num(addr)
  if (p === 0) return out
  for (let i = 0; i < max; i++) {
    const s = num(ctx.mem.load64(p + i * 8))
    if (s === 0) break
    out.push(cstring(ctx, s))
  }
  return out
}

export { encoder as utf8Encoder }
