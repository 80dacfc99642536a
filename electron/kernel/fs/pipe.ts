import { ERESTARTSYS, ERRNO } from '../include/uapi/asm-generic/errno-base'

/** pipe_buf size × PIPE_DEF_BUFFERS: the default capacity of a pipe (fs/pipe.c). */
export const PIPE_DEF_CAPACITY = 65536
/** Writes up to this size are atomic (include/uapi/linux/limits.h PIPE_BUF). */
export const PIPE_BUF = 4096

/**
 * fs/pipe.c — a pipe's buffer and its reader/writer counts.
 *
 * read: data if any; end of file (empty) when no writer is left; otherwise block (or -EAGAIN
 * with O_NONBLOCK). write: -EPIPE (and SIGPIPE, raised by the caller) when no reader is left;
 * otherwise as much as fits, blocking when full.
 */
export class Pipe {
  private _chunks: Uint8Array[] = []
  private _length = 0
  readers = 0
  writers = 0

  get length(): number {
    return this._length
  }

  read(count: number, nonblock: boolean): Uint8Array | number {
    if (count === 0) return new Uint8Array(0)
    if (this._length === 0) {
      if (this.writers === 0) return new Uint8Array(0)
      return nonblock ? -ERRNO.EAGAIN : -ERESTARTSYS
    }
    const out = new Uint8Array(Math.min(count, this._length))
    let filled = 0
    while (filled < out.length) {
      const head = this._chunks[0]!
      const take = Math.min(head.length, out.length - filled)
      out.set(head.subarray(0, take), filled)
      filled += take
      if (take === head.length) this._chunks.shift()
      else this._chunks[0] = head.subarray(take)
    }
    this._length -= out.length
    return out
  }

  write(data: Uint8Array, nonblock: boolean): number {
    if (this.readers === 0) return -ERRNO.EPIPE
    if (data.length === 0) return 0
    const room = PIPE_DEF_CAPACITY - this._length
    // A write of at most PIPE_BUF bytes is atomic: all of it or (blocking) none of it.
    if (room === 0 || (data.length <= PIPE_BUF && room < data.length)) return nonblock ? -ERRNO.EAGAIN : -ERESTARTSYS
    const n = Math.min(room, data.length)
    this._chunks.push(data.slice(0, n))
    this._length += n
    return n
  }

  clone(): Pipe {
    const copy = new Pipe()
    copy._chunks = this._chunks.map((c) => c.slice())
    copy._length = this._length
    copy.readers = this.readers
    copy.writers = this.writers
    return copy
  }
}
