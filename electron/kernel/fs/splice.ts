/**
 * fs/splice.c — vmsplice(2): user memory into a pipe *by reference*, and pipe data back out.
 * Reference: userspace-api.md §3.4 (errno, CVE-2020-29374), kernel-semantics.md §4d (vmsplice
 * variant) and §3 (which COW rule decides whether the referenced page diverges).
 *
 * To a pipe (fd is a pipe's write end): the user pages are taken with get_user_pages_fast and no
 * gup flags (iov_iter_get_pages on an ITER_SOURCE iterator: a FOLL_GET reference, read-only, no
 * FOLL_PIN and no copy — the same in every supported version; read in fs/splice.c's
 * get_iovec_page_array (3.x/4.4) and iter_to_pipe (4.19+, still iov_iter_get_pages2 in 6.x)).
 * Each page becomes a 'user_page' pipe_buffer; the reader copies from the frame when it reads,
 * so whatever the frame holds then is what it gets. Whether a later write by some process lands
 * in that frame is the COW rule's business (mm/memory.c): mapcount reuse ≤5.8 leaks, the 5.8
 * forced COW break in GUP and refcount reuse from 5.9 do not (gup.ts / memory.ts decide).
 *
 * From a pipe (fd is a pipe's read end): pipe data is copied to the iovecs (vmsplice_to_user).
 *
 * Versions (version.ts `vmspliceIovIter`): before, nr_segs is checked first (EINVAL above
 * UIO_MAXIOV, 0 segments ⇒ 0 even for a bad fd), flags are not checked, a zero-length iovec ends
 * the walk, SPLICE_F_GIFT needs page-aligned base and length (EINVAL), and splice_to_pipe waits
 * until every gathered page (≤ one pipe's worth) is queued. After: unknown flags EINVAL, then
 * EBADF, then import_iovec (EINVAL above UIO_MAXIOV, EINVAL for a length that is negative as
 * ssize_t, EFAULT outside the user address space, the total capped at MAX_RW_COUNT), zero-length
 * iovecs skipped, and wait_for_space waits for one free slot and queues what fits.
 *
 * SPLICE_F_GIFT is accepted and recorded on the buffer (PIPE_BUF_FLAG_GIFT); nothing steals
 * gifted pages (splice(2) SPLICE_F_MOVE is not modelled), so it changes nothing else.
 * SPLICE_F_NONBLOCK: -EAGAIN instead of blocking; the descriptor's O_NONBLOCK is not consulted
 * (vmsplice only looks at the flag). Blocking is -ERESTARTSYS: the caller parks and retries the
 * whole call, which before 4.10 means "nothing is queued until all of it fits".
 */
import type { Kernel } from '../kernel'
import type { TaskStruct } from '../include/linux/sched'
import { ERESTARTSYS, ERRNO } from '../include/uapi/asm-generic/errno-base'
import { TASK_SIZE } from '../include/linux/mm'
import { put_user_page } from '../mm/gup'
import { get_user_pages_fast } from '../mm/gup_fast'
import { PIPE_BUF_FLAG_GIFT, pipe_buf_copy, pipe_buf_release, type Pipe, type PipeBuffer } from './pipe'
import type { Vfs } from './vfs'

export const SPLICE_F_MOVE = 0x01
export const SPLICE_F_NONBLOCK = 0x02
export const SPLICE_F_MORE = 0x04
export const SPLICE_F_GIFT = 0x08
export const SPLICE_F_ALL = SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT
/** include/uapi/linux/uio.h UIO_MAXIOV (= IOV_MAX in glibc). */
export const UIO_MAXIOV = 1024
/** include/linux/fs.h MAX_RW_COUNT = INT_MAX & PAGE_MASK: the most one read/write moves. */
export const MAX_RW_COUNT = 0x7ffff000
/** sizeof(struct iovec) on x86-64. */
const SIZEOF_IOVEC = 16
const PAGE_SIZE = 4096
/** The pages iov_iter_get_pages / get_iovec_page_array gather per step (struct page *pages[16]). */
const PAGES_PER_STEP = 16

export interface Iovec {
  base: number
  len: number
}

/** access_ok(): [addr, addr + len) lies in the user address space. */
function access_ok(addr: number, len: number): boolean {
  return Number.isSafeInteger(addr) && addr >= 0 && len <= TASK_SIZE && addr <= TASK_SIZE - len
}

/**
 * Reads the iovec array as import_iovec (4.10+) or get_iovec_page_array (before) sees it. Returns
 * the segments or a negative errno. `modern` applies import_iovec's checks to every segment up
 * front; the old walk checked each segment when it got to it, so it returns them raw (lengths
 * as unsigned, possibly ≥ 2^63) and the caller checks lazily.
 */
function read_iovecs(k: Kernel, task: TaskStruct, uiov: number, nrSegs: number, modern: boolean): Iovec[] | number {
  if (nrSegs > UIO_MAXIOV) return -ERRNO.EINVAL
  if (nrSegs === 0) return []
  const raw = new Uint8Array(nrSegs * SIZEOF_IOVEC)
  if (!access_ok(uiov, modern ? raw.length : SIZEOF_IOVEC)) return -ERRNO.EFAULT
  const notCopied = k.uaccess(task).copy_from_user(raw, uiov, raw.length)
  const dv = new DataView(raw.buffer)
  const out: Iovec[] = []
  let total = 0
  for (let i = 0; i < nrSegs; i++) {
    // The old walk copied iovec by iovec: a fault in a later one only ends the walk there.
    if (notCopied > 0 && (i + 1) * SIZEOF_IOVEC > raw.length - notCopied) {
      if (modern || i === 0) return -ERRNO.EFAULT
      out.push({ base: -1, len: -1 })
      break
    }
    const base = Number(dv.getBigUint64(i * SIZEOF_IOVEC, true))
    const lenBig = dv.getBigUint64(i * SIZEOF_IOVEC + 8, true)
    if (!modern) {
      out.push({ base, len: lenBig >= 2n ** 63n ? Infinity : Number(lenBig) })
      continue
    }
    if (lenBig >= 2n ** 63n) return -ERRNO.EINVAL
    let len = Number(lenBig)
    if (!access_ok(base, len)) return -ERRNO.EFAULT
    if (len > MAX_RW_COUNT - total) len = MAX_RW_COUNT - total
    total += len
    out.push({ base, len })
  }
  return out
}

/**
 * SYSCALL_DEFINE4(vmsplice, fd, uiov, nr_segs, flags): bytes moved or a negative errno;
 * -ERESTARTSYS = block (full pipe for the write end, empty pipe with writers for the read end).
 * -EPIPE: no reader left (the caller raises SIGPIPE, as send_sig does).
 */
export function sys_vmsplice(k: Kernel, vfs: Vfs, task: TaskStruct, pid: number, fd: number, uiov: number, nrSegs: number, flags: number): number {
  const ret = do_vmsplice(k, vfs, task, pid, fd, uiov, nrSegs, flags >>> 0)
  if (k.tracing && ret !== -ERESTARTSYS) k.emit({ type: 'syscall', name: 'vmsplice', args: [fd, uiov, nrSegs, flags >>> 0], ret }, task.pid)
  return ret
}

function do_vmsplice(k: Kernel, vfs: Vfs, task: TaskStruct, pid: number, fd: number, uiov: number, nrSegs: number, flags: number): number {
  const modern = k.has('vmspliceIovIter')
  if (!Number.isSafeInteger(nrSegs) || nrSegs < 0) nrSegs = Number.MAX_SAFE_INTEGER
  if (modern) {
    if (flags & ~SPLICE_F_ALL) return -ERRNO.EINVAL
  } else {
    if (nrSegs > UIO_MAXIOV) return -ERRNO.EINVAL
    if (nrSegs === 0) return 0
  }
  const file = vfs.file(pid, fd)
  if (typeof file === 'number') return -ERRNO.EBADF
  const toPipe = file.writable
  if (!toPipe && !file.readable) return -ERRNO.EBADF
  if (!task.mm) return -ERRNO.EFAULT
  const pipe = file.pipe
  // Before 4.10 get_pipe_info() came before the iovecs were read; after, import_iovec came
  // first and a zero total returned 0 before anyone asked whether fd is a pipe.
  if (!modern && !pipe) return -ERRNO.EBADF
  const iov = read_iovecs(k, task, uiov, nrSegs, modern)
  if (typeof iov === 'number') return iov
  if (modern && iov.reduce((n, s) => n + s.len, 0) === 0) return 0
  if (!pipe) return -ERRNO.EBADF
  return toPipe ? vmsplice_to_pipe(k, task, pipe, iov, flags, modern) : vmsplice_to_user(k, task, pipe, iov, flags, modern)
}

/** wait_for_space(): no reader ⇒ -EPIPE; a free slot ⇒ 0; else -EAGAIN or block. */
function wait_for_space(pipe: Pipe, flags: number, slots = 1): number {
  if (pipe.readers === 0) return -ERRNO.EPIPE
  if (pipe.maxUsage - pipe.bufs.length >= slots) return 0
  return flags & SPLICE_F_NONBLOCK ? -ERRNO.EAGAIN : -ERESTARTSYS
}

function vmsplice_to_pipe(k: Kernel, task: TaskStruct, pipe: Pipe, iov: Iovec[], flags: number, modern: boolean): number {
  const bufFlags = flags & SPLICE_F_GIFT ? PIPE_BUF_FLAG_GIFT : 0
  if (modern) {
    const w = wait_for_space(pipe, flags)
    return w < 0 ? w : iter_to_pipe(k, task, pipe, iov, bufFlags)
  }
  return old_vmsplice_to_pipe(k, task, pipe, iov, flags, bufFlags)
}

/**
 * iter_to_pipe() (4.10+): per step, up to 16 pages of the current segment by get_user_pages_fast
 * (no FOLL_WRITE), one buffer per page; when add_to_pipe finds the pipe full the remaining
 * references of that step are put back and the bytes queued so far are the result.
 */
function iter_to_pipe(k: Kernel, task: TaskStruct, pipe: Pipe, iov: Iovec[], bufFlags: number): number {
  let total = 0
  for (const seg of iov) {
    let addr = seg.base
    let left = seg.len
    while (left > 0) {
      const start = addr % PAGE_SIZE
      const n = Math.min(PAGES_PER_STEP, Math.ceil((start + left) / PAGE_SIZE))
      const pages: number[] = []
      const got = get_user_pages_fast(k, task, addr - start, n, 0, pages)
      if (got <= 0) return total || got
      let bytes = Math.min(left, got * PAGE_SIZE - start)
      const stepBytes = bytes
      let off = start
      for (let i = 0; i < got; i++) {
        const size = Math.min(bytes, PAGE_SIZE - off)
        const r = pipe.add(k, { kind: 'user_page', data: null, pfn: pages[i]!, offset: off, len: size, flags: bufFlags })
        if (r < 0) {
          for (let j = i + 1; j < got; j++) put_user_page(k, pages[j]!)
          return total || r
        }
        total += r
        bytes -= size
        off = 0
      }
      addr += stepBytes
      left -= stepBytes
    }
  }
  return total
}

/**
 * Before 4.10: get_iovec_page_array gathers at most one pipe's worth of pages (stopping at a
 * zero-length iovec, a short GUP or a segment it could not finish), then splice_to_pipe queues
 * them all, waiting for room (here: blocking up front until all fit), or with SPLICE_F_NONBLOCK
 * queues what fits and puts the rest back.
 */
function old_vmsplice_to_pipe(k: Kernel, task: TaskStruct, pipe: Pipe, iov: Iovec[], flags: number, bufFlags: number): number {
  const aligned = (flags & SPLICE_F_GIFT) !== 0
  const cap = pipe.maxUsage
  // What will be gathered (the same walk without taking references), to know how many slots
  // splice_to_pipe would wait for.
  const plan: Array<{ base: number; npages: number; len: number }> = []
  let planned = 0
  for (const seg of iov) {
    if (seg.base < 0) break // the iovec itself faulted: the walk ends (EFAULT if nothing yet)
    if (seg.len === 0) break
    if (!access_ok(seg.base, seg.len)) {
      if (planned === 0) return -ERRNO.EFAULT
      break
    }
    const off = seg.base % PAGE_SIZE
    if (aligned && (off || seg.len % PAGE_SIZE)) {
      if (planned === 0) return -ERRNO.EINVAL
      break
    }
    const npages = Math.min(Math.ceil((off + seg.len) / PAGE_SIZE), cap - planned)
    plan.push({ base: seg.base, npages, len: seg.len })
    planned += npages
    if (npages * PAGE_SIZE - off < seg.len || planned === cap) break
  }
  if (planned === 0) return 0
  if (!(flags & SPLICE_F_NONBLOCK) && pipe.readers > 0) {
    const w = wait_for_space(pipe, flags, planned)
    if (w < 0) return w
  }
  // get_iovec_page_array proper: take the references.
  const bufs: PipeBuffer[] = []
  let error = 0
  for (const step of plan) {
    const pages: number[] = []
    const got = get_user_pages_fast(k, task, step.base - (step.base % PAGE_SIZE), step.npages, 0, pages)
    if (got <= 0) {
      error = got
      break
    }
    let off = step.base % PAGE_SIZE
    let len = step.len
    for (let i = 0; i < got; i++) {
      const plen = Math.min(len, PAGE_SIZE - off)
      bufs.push({ kind: 'user_page', data: null, pfn: pages[i]!, offset: off, len: plen, flags: bufFlags })
      off = 0
      len -= plen
    }
    if (got < step.npages) break
  }
  if (bufs.length === 0) return error
  // splice_to_pipe(): no reader ⇒ -EPIPE; queue while there is room; the rest is put back.
  let ret = 0
  let i = 0
  if (pipe.readers > 0) for (; i < bufs.length && !pipe.full; i++) ret += pipe.add(k, bufs[i]!)
  for (; i < bufs.length; i++) pipe_buf_release(k, bufs[i]!)
  if (ret > 0) return ret
  return pipe.readers === 0 ? -ERRNO.EPIPE : -ERRNO.EAGAIN
}

/**
 * vmsplice_to_user(): copy pipe data into the iovecs, consuming what was copied (user pages'
 * references are released as their buffers empty). Empty pipe: 0 with no writer, else -EAGAIN
 * (SPLICE_F_NONBLOCK) or block. A fault copying to the user: -EFAULT unless something was
 * already copied; the faulting buffer is not consumed (pipe_to_user).
 * Not modelled: before 4.10 each iovec was its own __splice_from_pipe, so a later segment found
 * the pipe empty with nothing spliced *in that segment* and could wait; here the call returns
 * what it copied, as 4.10+ does.
 */
function vmsplice_to_user(k: Kernel, task: TaskStruct, pipe: Pipe, iov: Iovec[], flags: number, modern: boolean): number {
  const segs: Iovec[] = []
  for (const seg of iov) {
    if (seg.base < 0) {
      if (segs.length === 0) return -ERRNO.EFAULT
      break
    }
    if (!modern) {
      // the old loop ends at a zero-length iovec and checks access_ok per segment
      if (seg.len === 0) break
      if (!access_ok(seg.base, seg.len)) {
        if (segs.length === 0) return -ERRNO.EFAULT
        break
      }
    }
    if (seg.len > 0) segs.push({ ...seg })
  }
  if (segs.length === 0) return 0
  if (pipe.bufs.length === 0) {
    if (pipe.writers === 0) return 0
    return flags & SPLICE_F_NONBLOCK ? -ERRNO.EAGAIN : -ERESTARTSYS
  }
  const ua = k.uaccess(task)
  let copied = 0
  let s = 0
  while (pipe.bufs.length > 0 && s < segs.length) {
    const buf = pipe.bufs[0]!
    const seg = segs[s]!
    const n = Math.min(buf.len, seg.len)
    const tmp = new Uint8Array(n)
    pipe_buf_copy(k, buf, tmp)
    if (ua.copy_to_user(seg.base, tmp, n) !== 0) return copied || -ERRNO.EFAULT
    copied += n
    seg.base += n
    seg.len -= n
    if (seg.len === 0) s++
    buf.offset += n
    buf.len -= n
    if (buf.len === 0) {
      pipe.bufs.shift()
      pipe_buf_release(k, buf)
    }
  }
  return copied
}

/** F_GETPIPE_SZ (pipe_fcntl, 2.6.35+): the pipe's capacity in bytes; not a pipe ⇒ -EBADF. */
export const F_SETPIPE_SZ = 1031
export const F_GETPIPE_SZ = 1032

export function pipe_fcntl_get_size(pipe: Pipe | null): number {
  return pipe ? pipe.size : -ERRNO.EBADF
}

/**
 * The pipes' side of reference §6 invariant 2: every page a pipe buffer references is allocated
 * and booked as at least that many FOLL_GET references in `k.gup` (which k.checkInvariants
 * reconciles with the refcount). Other GET holders (drivers, gup_test) may add more, so the
 * check is "at least". Empty array = consistent.
 */
export function pipe_check_refs(k: Kernel, vfs: Vfs): string[] {
  const errs: string[] = []
  const held = new Map<number, number>()
  for (const pipe of vfs.pipes()) for (const pfn of pipe.referencedPfns()) held.set(pfn, (held.get(pfn) ?? 0) + 1)
  for (const [pfn, n] of held) {
    if (!k.phys.isAllocated(pfn)) errs.push(`pipe buffer references free pfn ${pfn}`)
    const booked = k.gup.get(pfn)?.get ?? 0
    if (booked < n) errs.push(`pfn ${pfn}: ${n} pipe references but ${booked} GET references booked`)
  }
  return errs
}
