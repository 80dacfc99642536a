/**
 * The loader: maps a ProgramImage into an address space as the kernel's ELF loader does for a
 * non-PIE x86-64 executable, builds the initial stack (argc, argv, envp, auxv as the ABI says)
 * and starts main on the initial thread.
 */
import type { AddressSpace } from './memory'
import { PROT_READ, PROT_WRITE } from './memory'
import { IMAGE_BASE, PAGE, type ProgramImage } from './link'
import { CProcess, type Thread, startThread } from './vm'
import { encodeUtf8 } from './preprocess'

export const STACK_TOP = 0x7ffffffff000
export const DEFAULT_STACK_SIZE = 8 * 1024 * 1024

export interface LoadOptions {
  argv: string[]
  envp?: string[]
  /** size of the stack mapping (default 8 MiB, RLIMIT_STACK) */
  stackSize?: number
  stackTop?: number
}

export interface LoadResult {
  /** initial stack pointer (points at argc) */
  sp: number
  argc: number
  argv: number
  envp: number
  brk: number
  stackLow: number
  stackTop: number
  /** the initial thread's TLS block (TLS_SIZE bytes; errno at offset 0) */
  tls: number
}

export const TLS_SIZE = 256

const alignUp = (v: number, a: number) => Math.ceil(v / a) * a

/** Maps the segments and the stack. `as.map` must create zero-filled fixed mappings. */
export function loadImage(img: ProgramImage, as: AddressSpace, opts: LoadOptions): LoadResult {
  // ELF header page (r--) + text (r-x)
  const text = img.segments.find((s) => s.name === '.text')!
  as.map(IMAGE_BASE, text.addr - IMAGE_BASE, PROT_READ | PROT_WRITE, 'elf-header')
  as.write(IMAGE_BASE, Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]))
  as.protect(IMAGE_BASE, text.addr - IMAGE_BASE, PROT_READ)
  const textLen = alignUp(text.size, PAGE)
  as.map(text.addr, textLen, PROT_READ | PROT_WRITE, '.text')
  // each function slot holds endbr64-like bytes so reading code gives something plausible
  const code = new Uint8Array(text.size)
  for (let i = 0; i < text.size; i += 16) code.set([0xf3, 0x0f, 0x1e, 0xfa, 0x55, 0x48, 0x89, 0xe5, 0xc3], i)
  as.write(text.addr, code)
  as.protect(text.addr, textLen, text.prot)
  for (const seg of img.segments) {
    if (seg.name === '.text' || seg.name === '.bss') continue
    const len = alignUp(Math.max(seg.size, 1), PAGE)
    as.map(seg.addr, len, PROT_READ | PROT_WRITE, seg.name)
    if (seg.bytes && seg.bytes.length) as.write(seg.addr, seg.bytes)
    as.protect(seg.addr, len, seg.prot)
  }
  const bss = img.segments.find((s) => s.name === '.bss')!
  const data = img.segments.find((s) => s.name === '.data')!
  const dataEnd = alignUp(data.addr + Math.max(data.size, 1), PAGE)
  if (bss.size > 0 && bss.addr + bss.size > dataEnd) as.map(dataEnd, alignUp(bss.addr + bss.size - dataEnd, PAGE), PROT_READ | PROT_WRITE, '.bss')

  // stack
  const top = opts.stackTop ?? STACK_TOP
  const size = opts.stackSize ?? DEFAULT_STACK_SIZE
  const low = top - size
  as.map(low, size, PROT_READ | PROT_WRITE, '[stack]')
  let pos = top - 16
  const putStr = (s: string) => {
    const b = encodeUtf8(s)
    pos -= b.length + 1
    as.write(pos, b)
    as.store8(pos + b.length, 0)
    return pos
  }
  const envp = opts.envp ?? []
  const execfn = putStr(opts.argv[0] ?? '')
  const envAddrs = envp.map(putStr).reverse().reverse()
  const argAddrs = opts.argv.map(putStr)
  pos -= 16
  const random = pos
  // the initial thread's TLS block (errno at offset 0), zero-filled
  pos -= TLS_SIZE
  pos = Math.floor(pos / 64) * 64
  const tls = pos
  as.write(random, Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 255))
  pos = Math.floor(pos / 16) * 16
  const auxv: [number, number][] = [
    [6, PAGE], // AT_PAGESZ
    [25, random], // AT_RANDOM
    [31, execfn], // AT_EXECFN
    [0, 0] // AT_NULL
  ]
  const words = 1 + argAddrs.length + 1 + envAddrs.length + 1 + auxv.length * 2
  let sp = pos - words * 8
  sp = Math.floor(sp / 16) * 16
  let w = sp
  const put = (v: number) => {
    as.store64(w, v)
    w += 8
  }
  put(argAddrs.length)
  const argv = w
  argAddrs.forEach(put)
  put(0)
  const envpAddr = w
  envAddrs.forEach(put)
  put(0)
  for (const [k, v] of auxv) {
    put(k)
    put(v)
  }
  return { sp, argc: argAddrs.length, argv, envp: envpAddr, brk: img.brkStart, stackLow: low, stackTop: top, tls }
}

/** Loads the image and creates the process and its main thread, ready to run main(argc, argv, envp). */
export function spawnProgram(img: ProgramImage, as: AddressSpace, opts: LoadOptions): { proc: CProcess; thread: Thread; load: LoadResult } {
  const load = loadImage(img, as, opts)
  const proc = new CProcess(as, img)
  proc.brk = load.brk
  const thread = startThread(proc, img.entry, [load.argc, load.argv, load.envp], load.sp, load.stackLow + PAGE)
  thread.isMain = true
  thread.tls = load.tls
  return { proc, thread, load }
}

/**
 * execve(): replaces the image the thread runs. The kernel provides the fresh address space;
 * the same Thread object continues (scheduler entries stay valid) as the initial thread of a
 * new CProcess. A native implementing execve calls this and returns DONE.
 */
export function execImage(thread: Thread, img: ProgramImage, as: AddressSpace, opts: LoadOptions): { proc: CProcess; load: LoadResult } {
  const load = loadImage(img, as, opts)
  const proc = new CProcess(as, img)
  proc.brk = load.brk
  const fresh = startThread(proc, img.entry, [load.argc, load.argv, load.envp], load.sp, load.stackLow + PAGE)
  thread.proc = proc
  thread.frame = fresh.frame
  if (thread.frame) thread.frame.t = thread
  thread.sp = fresh.sp
  thread.stackLimit = fresh.stackLimit
  thread.state = fresh.state
  thread.signal = fresh.signal
  thread.pendingArgs = null
  thread.pendingTypes = null
  thread.isMain = true
  thread.tls = load.tls
  return { proc, load }
}
