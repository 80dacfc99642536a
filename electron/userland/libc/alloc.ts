/**
 * malloc over brk and mmap, shaped like glibc's ptmalloc where a learner can see it:
 * - chunks carry a 16-byte header (prev_size, size|flags) and user pointers are 16-byte aligned;
 * - requests of 128 KiB or more (M_MMAP_THRESHOLD) get their own anonymous mmap, so the user
 *   pointer is page + 16 and free() munmaps them;
 * - smaller requests come from the brk heap, which grows with brk() by at least 128 KiB
 *   (M_TOP_PAD) at a time; freed chunks are reused first-fit and merged with free neighbours.
 * The bookkeeping lives in the process (copied by fork) and the size word is also written into
 * the chunk header in user memory, as glibc does.
 */
import { DONE, raiseSignal, type NativeContext, type NativeFn } from '../cc/vm'
import { ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../kernel/include/uapi/asm-generic/mman-common'
import { setErrno } from './errno'
import { machineOf, num, procOf } from './runtime'

export const MMAP_THRESHOLD = 128 * 1024
const TOP_PAD = 128 * 1024
const PAGE = 4096
const HEADER = 16
const MINSIZE = 32
const IS_MMAPPED = 2
const PREV_INUSE = 1

const alignUp = (v: number, a: number) => Math.ceil(v / a) * a

interface FreeChunk {
  addr: number
  size: number
}

export class HeapState {
  /** First chunk address of the brk heap (0 until the first brk allocation). */
  start = 0
  /** End of the part of the heap handed out as chunks. */
  top = 0
  /** The program break. */
  end = 0
  /** Free chunks by address. */
  free: FreeChunk[] = []
  /** Live chunks: user pointer → chunk size (mmapped ones have their mapping length). */
  live = new Map<number, { size: number; mmapped: boolean }>()
  /** Aligned pointers handed out inside a larger chunk → that chunk's user pointer. */
  alias = new Map<number, number>()

  clone(): HeapState {
    const c = new HeapState()
    c.start = this.start
    c.top = this.top
    c.end = this.end
    c.free = this.free.map((f) => ({ ...f }))
    c.live = new Map([...this.live].map(([k, v]) => [k, { ...v }]))
    c.alias = new Map(this.alias)
    return c
  }
}

function heapOf(ctx: NativeContext): HeapState {
  let h = ctx.proc.libc.heap as HeapState | undefined
  if (!h) ctx.proc.libc.heap = h = new HeapState()
  return h
}

function chunkSize(n: number): number {
  return Math.max(MINSIZE, alignUp(n + 8, 16))
}

/** Allocates `n` bytes; returns the user pointer or 0 (errno ENOMEM). */
export function mallocBytes(ctx: NativeContext, n: number): number {
  if (!(n >= 0) || n > 2 ** 46) {
    setErrno(ctx, ERRNO.ENOMEM)
    return 0
  }
  const m = machineOf(ctx)
  const task = procOf(ctx).task
  const heap = heapOf(ctx)
  if (n >= MMAP_THRESHOLD) {
    const len = alignUp(n + HEADER, PAGE)
    const base = m.kernel.mmap(task, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    if (base < 0) {
      setErrno(ctx, ERRNO.ENOMEM)
      return 0
    }
    ctx.mem.store64(base + 8, len | IS_MMAPPED)
    heap.live.set(base + HEADER, { size: len, mmapped: true })
    return base + HEADER
  }
  const size = chunkSize(n)
  const i = heap.free.findIndex((f) => f.size >= size)
  let chunk: number
  if (i >= 0) {
    const f = heap.free[i]!
    chunk = f.addr
    if (f.size - size >= MINSIZE) {
      f.addr += size
      f.size -= size
    } else {
      heap.free.splice(i, 1)
      heap.live.set(chunk + HEADER, { size: f.size, mmapped: false })
      ctx.mem.store64(chunk + 8, f.size | PREV_INUSE)
      return chunk + HEADER
    }
  } else {
    if (heap.start === 0) {
      const brk = m.kernel.brk(task, 0)
      heap.start = heap.top = heap.end = alignUp(brk, 16)
    }
    if (heap.top + size > heap.end) {
      const want = alignUp(heap.top + size + TOP_PAD, PAGE)
      const got = m.kernel.brk(task, want)
      if (got < want) {
        // brk failed (a mapping is in the way or RLIMIT_DATA): glibc falls back to mmap.
        setErrno(ctx, ERRNO.ENOMEM)
        return 0
      }
      heap.end = got
    }
    chunk = heap.top
    heap.top += size
  }
  ctx.mem.store64(chunk + 8, size | PREV_INUSE)
  heap.live.set(chunk + HEADER, { size, mmapped: false })
  return chunk + HEADER
}

/** Frees a user pointer; an invalid one aborts as glibc's "free(): invalid pointer". */
export function freeBytes(ctx: NativeContext, p: number): 'ok' | 'invalid' {
  if (p === 0) return 'ok'
  const heap = heapOf(ctx)
  const real = heap.alias.get(p)
  if (real !== undefined) {
    heap.alias.delete(p)
    p = real
  }
  const info = heap.live.get(p)
  if (!info) return 'invalid'
  heap.live.delete(p)
  const chunk = p - HEADER
  if (info.mmapped) {
    machineOf(ctx).kernel.munmap(procOf(ctx).task, chunk, info.size)
    return 'ok'
  }
  let addr = chunk
  let size = info.size
  // Merge with the free neighbours, then with the top of the heap.
  const list = heap.free
  let j = list.findIndex((f) => f.addr > addr)
  if (j < 0) j = list.length
  const before = list[j - 1]
  if (before && before.addr + before.size === addr) {
    addr = before.addr
    size += before.size
    list.splice(j - 1, 1)
    j--
  }
  const after = list[j]
  if (after && addr + size === after.addr) {
    size += after.size
    list.splice(j, 1)
  }
  if (addr + size === heap.top) heap.top = addr
  else list.splice(j, 0, { addr, size })
  return 'ok'
}

function usable(info: { size: number; mmapped: boolean }): number {
  return info.mmapped ? info.size - HEADER : info.size - 8
}

function invalidFree(ctx: NativeContext, what: string): 'SIGABRT' {
  const text = new TextEncoder().encode(`${what}\n`)
  machineOf(ctx).vfs.write(procOf(ctx).pid, 2, text)
  return 'SIGABRT'
}


export const allocFunctions: Record<string, NativeFn> = {
  malloc: (ctx, a) => mallocBytes(ctx, num(a[0])),
  calloc: (ctx, a) => {
    const n = num(a[0])
    const size = num(a[1])
    const total = n * size
    if (size !== 0 && (total / size !== n || total > 2 ** 46)) {
      setErrno(ctx, ERRNO.ENOMEM)
      return 0
    }
    const p = mallocBytes(ctx, total)
    if (p !== 0 && !heapOf(ctx).live.get(p)!.mmapped) ctx.mem.fill(p, 0, total)
    return p
  },
  realloc: (ctx, a) => {
    const old = num(a[0])
    const n = num(a[1])
    if (old === 0) return mallocBytes(ctx, n)
    if (n === 0) {
      freeBytes(ctx, old)
      return 0
    }
    const heap = heapOf(ctx)
    const info = heap.live.get(heap.alias.get(old) ?? old)
    if (!info) {
      invalidFree(ctx, 'realloc(): invalid pointer')
      raiseSignal(ctx.thread, 'SIGABRT', 'SI_TKILL')
      return DONE
    }
    const room = usable(info) - (old - (heap.alias.get(old) ?? old))
    if (room >= n) return old
    const p = mallocBytes(ctx, n)
    if (p === 0) return 0
    ctx.mem.write(p, ctx.mem.read(old, Math.min(room, n)))
    freeBytes(ctx, old)
    return p
  },
  free: (ctx, a) => {
    if (freeBytes(ctx, num(a[0])) === 'invalid') {
      invalidFree(ctx, 'free(): invalid pointer')
      raiseSignal(ctx.thread, 'SIGABRT', 'SI_TKILL')
      return DONE
    }
  },
  posix_memalign: (ctx, a) => {
    const align = num(a[1])
    if (align < 8 || (align & (align - 1)) !== 0 || align % 8 !== 0) return ERRNO.EINVAL
    const p = alignedAlloc(ctx, align, num(a[2]))
    if (p === 0) return ERRNO.ENOMEM
    ctx.mem.store64(num(a[0]), p)
    return 0
  },
  aligned_alloc: (ctx, a) => alignedAlloc(ctx, num(a[0]), num(a[1])),
  memalign: (ctx, a) => alignedAlloc(ctx, num(a[0]), num(a[1])),
  valloc: (ctx, a) => alignedAlloc(ctx, PAGE, num(a[0])),
  malloc_usable_size: (ctx, a) => {
    const heap = heapOf(ctx)
    const p = num(a[0])
    const real = heap.alias.get(p) ?? p
    const info = heap.live.get(real)
    return info ? usable(info) - (p - real) : 0
  }
}

/**
 * An aligned block: over-allocate, then hand out the aligned address inside it. `free` of the
 * aligned pointer frees the whole block (the alias map leads back to the real chunk).
 */
function alignedAlloc(ctx: NativeContext, align: number, n: number): number {
  if (align <= 16) return mallocBytes(ctx, n)
  if ((align & (align - 1)) !== 0) {
    setErrno(ctx, ERRNO.EINVAL)
    return 0
  }
  const raw = mallocBytes(ctx, n + align)
  if (raw === 0) return 0
  const aligned = alignUp(raw, align)
  if (aligned !== raw) heapOf(ctx).alias.set(aligned, raw)
  return aligned
}
