/**
 * include/linux/fs.h (the inode half) — the in-memory inodes of PinLab's file systems.
 *
 * Regular files keep their bytes in a growable buffer for now (ramfs-like); the files issue puts
 * the page cache (an AddressSpace) behind the same inode. Directories keep their entries in
 * insertion order, as ramfs does (readdir order = creation order).
 */

import type { TaskStruct } from '../include/linux/sched'
import type { AddressSpace, MappingKind } from '../include/linux/fs'

export const S_IFMT = 0o170000
export const S_IFSOCK = 0o140000
export const S_IFLNK = 0o120000
export const S_IFREG = 0o100000
export const S_IFBLK = 0o060000
export const S_IFDIR = 0o040000
export const S_IFCHR = 0o020000
export const S_IFIFO = 0o010000

export const S_ISREG = (m: number) => (m & S_IFMT) === S_IFREG
export const S_ISDIR = (m: number) => (m & S_IFMT) === S_IFDIR
export const S_ISCHR = (m: number) => (m & S_IFMT) === S_IFCHR
export const S_ISFIFO = (m: number) => (m & S_IFMT) === S_IFIFO

/** A character device's file operations (/dev/null, /dev/zero, the terminal, debugfs files). */
export interface CharDeviceOps {
  /** Bytes read, an empty array at end of file, a negative errno, or -ERESTARTSYS to block. */
  read(count: number): Uint8Array | number
  /** Bytes written or a negative errno. */
  write(data: Uint8Array): number
  /**
   * Positional I/O for files whose offset means something (/proc/PID/pagemap, /proc/PID/mem,
   * /proc/kpageflags): when present, read/write/pread/pwrite go here with the file offset, and
   * the offset advances as for a regular file. `caller` is the process doing the I/O.
   */
  readAt?(caller: number, pos: number, count: number): Uint8Array | number
  writeAt?(caller: number, pos: number, data: Uint8Array): number
  /**
   * ->llseek: sets `file.pos` itself and returns the raw syscall value — for mem_lseek any
   * position, negative ones included (force_successful_syscall_return: glibc reads -1..-4095 as
   * an errno). Absent: the VFS's generic lseek.
   */
  llseek?(file: { pos: number }, offset: number, whence: number): number
  /** FMODE_UNSIGNED_OFFSET (/proc/PID/mem): read/write at a negative file position are allowed. */
  unsignedOffset?: boolean
  /** ioctl(2): a value or a negative errno (-ENOTTY when absent). User memory through `task`. */
  ioctl?(task: TaskStruct, cmd: number, arg: number): number
  /** The last close of an open file of this device (->release); `file` identifies the open file. */
  release?(file?: object): void
  /** A device whose ->mmap maps kernel memory (io_uring's rings): the address_space mmap uses. */
  mmapMapping?(): AddressSpace
}

/**
 * A directory whose entries are computed when looked at (procfs): `lookup` and `list` run for
 * the calling process, so /proc/self can name it.
 */
export interface DynamicDir {
  list(caller: number): string[]
  lookup(name: string, caller: number): Inode | null
}

export class Inode {
  /** Directory entries, in creation order. */
  children: Map<string, Inode> | null
  /** File bytes: `data.subarray(0, size)` is the content. */
  data: Uint8Array = new Uint8Array(0)
  size = 0
  nlink: number
  parent: Inode | null = null
  dev: CharDeviceOps | null = null
  /** The file system the inode lives on: 'ext4' for the root, 'shmem' for tmpfs (/tmp, /dev/shm). */
  fsKind: MappingKind = 'ext4'
  /** The page cache (kernel address_space id) of a regular file once it has one; 0 = none yet. */
  mappingId = 0
  /** memfd seals (F_SEAL_*); null for files that do not support sealing. */
  seals: number | null = null
  /** The NAME of memfd_create(NAME): /proc shows the file as `/memfd:NAME (deleted)`. */
  memfdName: string | null = null
  /** Entries computed on lookup (procfs directories). */
  dynamic: DynamicDir | null = null
  /**
   * Content computed when the file is opened (seq_file-like procfs files): the open file reads
   * a snapshot taken at open, as /proc/PID/maps does for each read() of a fresh open.
   */
  generate: ((caller: number) => Uint8Array) | null = null
  /** Major/minor of a device node, for stat. */
  rdev = 0
  /**
   * ext4 block map (fs/ext4/inode.ts): file page indexes that have a disk block allocated (the
   * bytes in `data` are then "on disk"). null = not tracked yet: every page below i_size has one
   * (files the machine wrote directly).
   */
  blocks: Set<number> | null = null
  /** fs-DAX (ext4 -o dax on pmem, fs/dax.ts): the file's pages are the storage blocks. */
  dax = false

  constructor(
    readonly ino: number,
    public mode: number,
    public uid: number,
    public gid: number,
    public mtime: number
  ) {
    this.children = S_ISDIR(mode) ? new Map() : null
    this.nlink = S_ISDIR(mode) ? 2 : 1
  }

  get atime(): number {
    return this.mtime
  }

  get ctime(): number {
    return this.mtime
  }

  /** Makes room for `size` bytes (zero-filled), growing the buffer geometrically. */
  reserve(size: number): void {
    if (size <= this.data.length) return
    const next = new Uint8Array(Math.max(size, this.data.length * 2, 64))
    next.set(this.data.subarray(0, this.size))
    this.data = next
  }

  /** Sets the size, zero-filling on growth (ftruncate semantics). */
  truncate(size: number): void {
    if (size > this.size) {
      this.reserve(size)
      this.data.fill(0, this.size, size)
    }
    this.size = size
  }

  /** A deep copy (for machine snapshots); children are copied by the caller. */
  cloneShallow(): Inode {
    const copy = new Inode(this.ino, this.mode, this.uid, this.gid, this.mtime)
    copy.data = this.data.slice(0, this.size)
    copy.size = this.size
    copy.nlink = this.nlink
    copy.dev = this.dev
    copy.rdev = this.rdev
    copy.fsKind = this.fsKind
    copy.mappingId = this.mappingId
    copy.blocks = this.blocks ? new Set(this.blocks) : null
    copy.dax = this.dax
    copy.seals = this.seals
    copy.memfdName = this.memfdName
    copy.dynamic = this.dynamic
    copy.generate = this.generate
    return copy
  }
}
