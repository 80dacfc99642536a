/**
 * Allocation on behalf of a libc function (strdup, strerror's buffers, the ctype tables): calls
 * the program's `malloc` when it links one (through a NativeCall, so an interposed C allocator
 * runs as real C), else the injected native malloc, else fails with ENOMEM.
 */
import type { Value } from '../cc/ast'
import { BLOCK, DONE, type NativeCall, type NativeContext, type NativeFn, type NativeResult } from '../cc/vm'
import { getErrno, setErrno } from './errno'
import { ptr, writeCString } from './user-memory'

const ENOMEM = 12

/**
 * Calls malloc(n) and continues with `then(p)` (p != 0). A NULL result makes the caller return
 * NULL (malloc has set errno). Resolution order: the program's `malloc` symbol (C or native —
 * what glibc's strdup reaches through the PLT, so an interposed C malloc sees the call), then
 * the injected native `malloc`, else ENOMEM. With `internal`, for storage glibc keeps in its
 * own data segment (strerror's texts, the ctype tables, randtbl), the injected libc allocator
 * comes first, so a program that wraps malloc does not see calls glibc would not make.
 */
export function callMalloc(ctx: NativeContext, n: number, fallback: NativeFn | undefined, then: (p: number) => NativeResult, internal = false): NativeResult {
  const cont = (v: Value): NativeResult => {
    const p = ptr(v, 'write')
    return p === 0 ? 0 : then(p)
  }
  const viaLibc = (f: NativeFn): NativeResult => chain(f({ ...ctx, argTypes: [], name: 'malloc' }, [n]), cont)
  if (internal && fallback) return viaLibc(fallback)
  const addr = ctx.proc.prog.symbols.get('malloc')
  if (addr !== undefined && ctx.proc.funcAt(addr)) return { call: addr, args: [n], then: cont }
  if (fallback) return viaLibc(fallback)
  setErrno(ctx, ENOMEM)
  return 0
}

function chain(r: NativeResult, cont: (v: Value) => NativeResult): NativeResult {
  if (r === BLOCK || r === DONE) return r
  if (r !== undefined && typeof r === 'object') {
    const nc = r as NativeCall
    return { call: nc.call, args: nc.args, then: (v) => chain(nc.then(v), cont) }
  }
  return cont(r === undefined ? 0 : r)
}

// ---------------------------------------------------------------------------------------------
// libc's read-only strings (strerror texts, dirname's "."): one copy per process

/** Per-process cache text → address of its copy in the process's memory (cloned on fork). */
export class StaticStrings {
  constructor(public map: Map<string, number> = new Map()) {}
  clone(): StaticStrings {
    return new StaticStrings(new Map(this.map))
  }
}

/**
 * Returns the address of a NUL-terminated copy of `text` in the process's memory, allocating it
 * the first time (possibly through a NativeCall to the program's C malloc).
 */
export function staticString(ctx: NativeContext, text: string, malloc?: NativeFn): NativeResult {
  let cache = ctx.proc.libc.staticStrings as StaticStrings | undefined
  if (!(cache instanceof StaticStrings)) ctx.proc.libc.staticStrings = cache = new StaticStrings()
  const have = cache.map.get(text)
  if (have !== undefined) return have
  const c = cache
  // glibc's strerror keeps errno intact around its own allocation
  const saved = getErrno(ctx)
  return callMalloc(
    ctx,
    text.length + 1,
    malloc,
    (p) => {
      setErrno(ctx, saved)
      writeCString(ctx.mem, p, text)
      c.map.set(text, p)
      return p
    },
    true
  )
}
