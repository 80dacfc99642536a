/**
 * Where printf's arguments come from: the VM's call values (printf, fprintf, …) or a va_list in
 * simulated memory (vprintf, …). Shared by PinLab's libc and the compiler's test libc.
 */
import type { Value } from '../cc/ast'
import type { Memory } from '../cc/memory'
import type { NativeContext } from '../cc/vm'
import type { FormatArgs } from './format'

/** The bytes of the NUL-terminated string at `p` as a latin-1 string, read a page at a time. */
export function cstringLatin1(mem: Memory, p: number, max = 1 << 20): string {
  let out = ''
  let at = p
  while (out.length < max) {
    const chunk = Math.min(4096 - (at % 4096), max - out.length)
    const bytes = mem.read(at, chunk)
    const nul = bytes.indexOf(0)
    const part = nul >= 0 ? bytes.subarray(0, nul) : bytes
    for (let i = 0; i < part.length; i += 8192) out += String.fromCharCode(...part.subarray(i, i + 8192))
    if (nul >= 0) break
    at += chunk
  }
  return out
}

function storeCount(mem: Memory, p: number | bigint, n: number, len: string): void {
  if (typeof p !== 'number') return
  if (len === 'hh') mem.store8(p, n & 255)
  else if (len === 'h') mem.store16(p, n & 0xffff)
  else if (len === 'l' || len === 'll' || len === 'z' || len === 'j' || len === 't' || len === 'q') mem.store64(p, n)
  else mem.store32(p, n >>> 0)
}

/**
 * Arguments from the call's values. A %f whose argument was not passed as a floating value reads
 * 0, as on x86-64 where it would read an unrelated xmm register.
 */
export function valueArgs(ctx: NativeContext, args: Value[], from: number, errnoMessage?: () => string): FormatArgs {
  let i = from
  return {
    int: () => {
      const v = args[i++] ?? 0
      return typeof v === 'number' && !Number.isInteger(v) ? Math.trunc(v) : v
    },
    double: () => {
      const k = i
      const v = args[i++] ?? 0
      const t = ctx.argTypes[k]
      if (t && t.k !== 'float') return 0
      return Number(v)
    },
    string: (p, max) => (Number(p) === 0 ? null : cstringLatin1(ctx.mem, Number(p), max)),
    storeCount: (p, n, len) => storeCount(ctx.mem, p, n, len),
    errnoMessage
  }
}

/** Arguments from a va_list: 8-byte slots in simulated memory (see cc/vm.ts). */
export function vaListArgs(mem: Memory, ap: Value, errnoMessage?: () => string): FormatArgs {
  let p = Number(ap)
  return {
    int: () => {
      const v = mem.load64(p)
      p += 8
      return v
    },
    double: () => {
      const v = mem.loadF64(p)
      p += 8
      return v
    },
    string: (q, max) => (Number(q) === 0 ? null : cstringLatin1(mem, Number(q), max)),
    storeCount: (q, n, len) => storeCount(mem, q, n, len),
    errnoMessage
  }
}
