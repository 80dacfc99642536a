import { ERESTARTSYS, ERRNO } from '../include/uapi/asm-generic/errno-base'
import type { Kernel } from '../kernel'
import { put_user_page } from '../mm/gup'

const PAGE_SIZE = 4096
/** include/linux/pipe_fs_i.h: the default number of pipe_buffer slots of a pipe. */
export const PIPE_DEF_BUFFERS = 16
/** pipe_buf size × PIPE_DEF_BUFFERS: the default capacity of a pipe (fs/pipe.c). */
export const PIPE_DEF_CAPACITY = PIPE_DEF_BUFFERS * PAGE_SIZE
/** Writes up to this size are atomic (include/uapi/linux/limits.h PIPE_BUF). */
export const PIPE_BUF = 4096
/** /proc/sys/fs/pipe-max-size: the largest F_SETPIPE_SZ an unprivileged process may ask for. */
export const PIPE_MAX_SIZE = 1048576

/** pipe_buffer flags (include/linux/pipe_fs_i.h). */
export const PIPE_BUF_FLAG_GIFT = 0x04
export const PIPE_BUF_FLAG_CAN_MERGE = 0x10

/**
 * struct pipe_buffer. Two kinds, after their pipe_buf_operations:
 * - 'anon' (anon_pipe_buf_ops): bytes write(2) copied into a page the pipe owns. PinLab keeps
 *   that page as host bytes (`data`): it is private to the pipe, no process can map it.
 * - 'user_page' (user_page_pipe_buf_ops): a user page vmsplice(2) took with get_user_pages_fast
 *   (a FOLL_GET reference, no copy). Reading copies from the frame *at read time*, and the
 *   reference is dropped (put_page) when the buffer is consumed or the pipe is freed.
 */
export interface PipeBuffer {
  readonly kind: 'anon' | 'user_page'
  /** 'anon': the pipe's own page (PAGE_SIZE bytes). */
  readonly data: Uint8Array | null
  /** 'user_page': the referenced frame. */
  readonly pfn: number
  offset: number
  len: number
  flags: number
}

/**
 * fs/pipe.c — a pipe: a ring of at most `maxUsage` pipe_buffers, and its reader/writer counts.
 *
 * read: data if any (buffer by buffer, releasing each consumed buffer); end of file (empty) when
 * no writer is left; otherwise block (-ERESTARTSYS) or -EAGAIN with O_NONBLOCK. write: -EPIPE (the
 * caller raises SIGPIPE) when no reader is left; a write's sub-page tail merges into the last
 * buffer when it fits entirely (PIPE_BUF_FLAG_CAN_MERGE), the rest goes into new page-sized
 * buffers while slots are free; nothing written ⇒ block or -EAGAIN. A write of at most PIPE_BUF
 * bytes therefore never splits. (A blocking write that only partly fits returns the short count:
 * PinLab's scheduler retries whole syscalls, it does not sleep inside one.)
 */
export class Pipe {
  bufs: PipeBuffer[] = []
  /** pipe->max_usage: slots in use before the pipe counts as full (F_SETPIPE_SZ changes it). */
  maxUsage = PIPE_DEF_BUFFERS
  readers = 0
  writers = 0

  /** Bytes queued (FIONREAD). */
  get length(): number {
    let n = 0
    for (const b of this.bufs) n += b.len
    return n
  }

  /** pipe_full(): every slot is in use. */
  get full(): boolean {
    return this.bufs.length >= this.maxUsage
  }

  /** pipe->ring_size × PAGE_SIZE: what F_GETPIPE_SZ reports. */
  get size(): number {
    return this.maxUsage * PAGE_SIZE
  }

  /**
   * pipe_read(). `k` is needed only for 'user_page' buffers: their bytes are read from the
   * frame now (kmap + copy), which is why a later change to that frame is what the reader sees.
   */
  read(count: number, nonblock: boolean, k: Kernel | null = null): Uint8Array | number {
    if (count === 0) return new Uint8Array(0)
    if (this.bufs.length === 0) {
      if (this.writers === 0) return new Uint8Array(0)
      return nonblock ? -ERRNO.EAGAIN : -ERESTARTSYS
    }
    const out = new Uint8Array(Math.min(count, this.length))
    let filled = 0
    while (filled < out.length) {
      const buf = this.bufs[0]!
      const take = Math.min(buf.len, out.length - filled)
      pipe_buf_copy(k, buf, out.subarray(filled, filled + take))
      filled += take
      buf.offset += take
      buf.len -= take
      if (buf.len === 0) {
        this.bufs.shift()
        pipe_buf_release(k, buf)
      }
    }
    return out
  }

  /** pipe_write(): see the class comment. */
  write(data: Uint8Array, nonblock: boolean): number {
    if (this.readers === 0) return -ERRNO.EPIPE
    if (data.length === 0) return 0
    let done = 0
    const chars = data.length & (PAGE_SIZE - 1)
    const last = this.bufs[this.bufs.length - 1]
    if (chars && last && last.flags & PIPE_BUF_FLAG_CAN_MERGE && last.offset + last.len + chars <= PAGE_SIZE) {
      last.data!.set(data.subarray(0, chars), last.offset + last.len)
      last.len += chars
      done = chars
    }
    while (done < data.length && !this.full) {
      const page = new Uint8Array(PAGE_SIZE)
      const n = Math.min(PAGE_SIZE, data.length - done)
      page.set(data.subarray(done, done + n))
      this.bufs.push({ kind: 'anon', data: page, pfn: -1, offset: 0, len: n, flags: PIPE_BUF_FLAG_CAN_MERGE })
      done += n
    }
    if (done === 0) return nonblock ? -ERRNO.EAGAIN : -ERESTARTSYS
    return done
  }

  /**
   * add_to_pipe(): queue a buffer vmsplice built. The caller checked for room; a full pipe is
   * -EAGAIN and, as in Linux, the buffer's page reference is dropped here.
   */
  add(k: Kernel, buf: PipeBuffer): number {
    if (this.readers === 0) {
      pipe_buf_release(k, buf)
      return -ERRNO.EPIPE
    }
    if (this.full) {
      pipe_buf_release(k, buf)
      return -ERRNO.EAGAIN
    }
    this.bufs.push(buf)
    if (k.tracing && buf.kind === 'user_page') k.emit({ type: 'pipe_buf', op: 'add', pfn: buf.pfn, offset: buf.offset, len: buf.len })
    return buf.len
  }

  /** free_pipe_info(): the last reader and writer are gone — every buffer is released. */
  free(k: Kernel | null): void {
    const bufs = this.bufs
    this.bufs = []
    for (const b of bufs) pipe_buf_release(k, b)
  }

  /** The frames this pipe holds references on (one entry per reference). */
  referencedPfns(): number[] {
    return this.bufs.filter((b) => b.kind === 'user_page').map((b) => b.pfn)
  }

  clone(): Pipe {
    const copy = new Pipe()
    copy.bufs = this.bufs.map((b) => ({ ...b, data: b.data ? b.data.slice() : null }))
    copy.maxUsage = this.maxUsage
    copy.readers = this.readers
    copy.writers = this.writers
    return copy
  }
}

/** The buffer's ->confirm + copy: its current bytes (a user page is read from the frame now). */
export function pipe_buf_copy(k: Kernel | null, buf: PipeBuffer, dst: Uint8Array): void {
  if (buf.kind === 'anon') {
    dst.set(buf.data!.subarray(buf.offset, buf.offset + dst.length))
    return
  }
  if (!k) return
  k.phys.contents.readBytes(buf.pfn, buf.offset, dst, 0, dst.length)
  if (k.tracing) k.emit({ type: 'pipe_buf', op: 'copy', pfn: buf.pfn, offset: buf.offset, len: dst.length })
}

/** pipe_buf_release(): a user page's reference goes back with put_page (page_cache_pipe_buf_release). */
export function pipe_buf_release(k: Kernel | null, buf: PipeBuffer): void {
  if (buf.kind !== 'user_page') return
  if (!k) return
  if (k.tracing) k.emit({ type: 'pipe_buf', op: 'release', pfn: buf.pfn, offset: buf.offset, len: buf.len })
  put_user_page(k, buf.pfn)
}
