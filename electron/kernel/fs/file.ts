import type { Inode } from './inode'
import type { Pipe } from './pipe'

/** include/uapi/asm-generic/fcntl.h (x86-64) */
export const O_ACCMODE = 0o3
export const O_RDONLY = 0o0
export const O_WRONLY = 0o1
export const O_RDWR = 0o2
export const O_CREAT = 0o100
export const O_EXCL = 0o200
export const O_NOCTTY = 0o400
export const O_TRUNC = 0o1000
export const O_APPEND = 0o2000
export const O_NONBLOCK = 0o4000
export const O_DSYNC = 0o10000
export const O_DIRECT = 0o40000
export const O_LARGEFILE = 0o100000
export const O_DIRECTORY = 0o200000
export const O_NOFOLLOW = 0o400000
export const O_NOATIME = 0o1000000
export const O_CLOEXEC = 0o2000000
export const O_SYNC = 0o4010000
export const O_PATH = 0o10000000
export const O_TMPFILE = 0o20200000

/** Flags open() accepts; any other bit is ignored by Linux (open does not validate unknown bits). */
export const VALID_OPEN_FLAGS =
  O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC | O_DIRECT | O_LARGEFILE |
  O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_SYNC | O_PATH | O_TMPFILE

/**
 * struct file — an open file description. Shared by dup() and by fork(); the file position and
 * status flags belong to it, not to the descriptor.
 */
export class File {
  pos = 0
  refcount = 1

  constructor(
    readonly inode: Inode,
    /** Status flags (O_APPEND, O_NONBLOCK, O_DIRECT, …) and the access mode. */
    public flags: number,
    /** Set for either end of a pipe. */
    readonly pipe: Pipe | null = null,
    readonly pipeEnd: 'read' | 'write' | null = null
  ) {}

  get readable(): boolean {
    return (this.flags & O_ACCMODE) !== O_WRONLY
  }

  get writable(): boolean {
    return (this.flags & O_ACCMODE) !== O_RDONLY
  }
}
