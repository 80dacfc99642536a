/**
 * Shared helpers for the libc unit tests: a bare process/thread over FlatMemory and a
 * NativeContext to call native functions directly (without compiling C).
 */
import { CProcess, FlatMemory, PROT_READ, PROT_WRITE, Thread, type NativeContext, type NativeFn, type Value } from '../../../../electron/userland/cc/index'

export const BASE = 0x10000
export const SIZE = 0x40000

export interface Env {
  mem: FlatMemory
  proc: CProcess
  thread: Thread
  ctx: NativeContext
  /** copies a byte string (plus NUL) into memory at a fresh address and returns it */
  str(s: string): number
  /** reserves n zeroed bytes */
  alloc(n: number): number
  /** the NUL-terminated byte string at p */
  read(p: number): string
  call(fn: NativeFn, ...args: Value[]): Value
}

export function makeEnv(): Env {
  const mem = new FlatMemory()
  mem.map(BASE, SIZE, PROT_READ | PROT_WRITE, 'test')
  const proc = new CProcess(mem, { textBase: 0x400000, functions: [], symbols: new Map() })
  const thread = new Thread(proc)
  const ctx: NativeContext = { thread, proc, mem, argTypes: [], name: 'test' }
  let next = BASE + 16
  const alloc = (n: number): number => {
    const p = next
    next += Math.ceil(Math.max(n, 1) / 16) * 16 + 16
    if (next > BASE + SIZE) throw new Error('test arena exhausted')
    return p
  }
  const str = (s: string): number => {
    const p = alloc(s.length + 1)
    const b = new Uint8Array(s.length + 1)
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 255
    mem.write(p, b)
    return p
  }
  const read = (p: number): string => {
    let s = ''
    for (let i = 0; ; i++) {
      const c = mem.load8(p + i)
      if (c === 0) return s
      s += String.fromCharCode(c)
    }
  }
  const call = (fn: NativeFn, ...args: Value[]): Value => fn(ctx, args) as Value
  return { mem, proc, thread, ctx, str, alloc, read, call }
}
