import { ERRNO } from '../include/uapi/asm-generic/errno-base'
import {
  File, O_ACCMODE, O_APPEND, O_CLOEXEC, O_CREAT, O_DIRECT, O_DIRECTORY, O_EXCL, O_NONBLOCK, O_RDONLY, O_TRUNC, O_WRONLY
} from './file'
import { Inode, S_IFCHR, S_IFDIR, S_IFIFO, S_IFMT, S_IFREG, S_ISCHR, S_ISDIR, S_ISREG, type CharDeviceOps } from './inode'
import { Pipe } from './pipe'
import { F_SEAL_EXEC, F_SEAL_FUTURE_WRITE, F_SEAL_GROW, F_SEAL_SHRINK, F_SEAL_WRITE } from './memfd'
import type { TaskStruct } from '../include/linux/sched'
import type { Kernel } from '../kernel'
import type { AddressSpace } from '../include/linux/fs'
import { inode_mapping, inode_set_size, page_cache_overlay } from './page-cache'
import { inode_can_odirect } from './direct-io'
import { dax_read, dax_setsize, dax_write } from './dax'
import { ext4_blocks, ext4_buffered_read, ext4_buffered_write, ext4_st_blocks } from './ext4/inode'

export const PATH_MAX = 4096
export const NAME_MAX = 255
/** RLIMIT_NOFILE's default soft limit. */
export const NR_OPEN_DEFAULT = 1024

export const SEEK_SET = 0
export const SEEK_CUR = 1
export const SEEK_END = 2

/** Who is asking: the credentials permission checks use. */
export interface FsCred {
  uid: number
  gid: number
  /** The calling process, for procfs (/proc/self); absent for the machine's own lookups. */
  pid?: number
}

/** struct kstat, as stat(2) reports it. */
export interface Kstat {
  dev: number
  ino: number
  mode: number
  nlink: number
  uid: number
  gid: number
  rdev: number
  size: number
  blksize: number
  blocks: number
  mtimeNs: number
}

/** One process's file-system context: its descriptor table (files_struct) and cwd (fs_struct). */
export class FilesStruct {
  fds: Array<File | null> = []
  cloexec = new Set<number>()
  constructor(public cwd: Inode) {}
}

const MAY_EXEC = 1
const MAY_WRITE = 2
const MAY_READ = 4

/**
 * The virtual file system: one root tree (ramfs-like), descriptor tables per process, pipes.
 *
 * Every entry point returns Linux's convention: a value or a negative errno; `-ERESTARTSYS` means
 * "would block" for the scheduler to park the caller. Nothing throws on bad input.
 */
export class Vfs {
  root: Inode
  private _nextIno = 1
  private _files = new Map<number, FilesStruct>()
  /** The virtual clock (ns), for timestamps; the machine advances it. */
  now: () => number = () => 0
  /**
   * The kernel whose page cache backs regular files once they are mapped (mmap) — from then on
   * read() and write() stay coherent with what the mapping sees. Null: files are plain bytes.
   */
  kernel: Kernel | null = null

  constructor() {
    this.root = this._newInode(S_IFDIR | 0o755, 0, 0)
    this.root.parent = this.root
  }

  // ------------------------------------------------------------------ processes

  /** Gives a new process (pid) a descriptor table with its cwd at `cwd`. */
  attach(pid: number, cwd = '/'): void {
    const dir = this.lookup(cwd, this.root, { uid: 0, gid: 0 })
    this._files.set(pid, new FilesStruct(typeof dir === 'number' ? this.root : dir))
  }

  /** fork(): the child shares every open file description (refcounts go up) and the cwd. */
  fork(parent: number, child: number): void {
    const p = this._files.get(parent)
    if (!p) return this.attach(child)
    const c = new FilesStruct(p.cwd)
    c.fds = p.fds.map((f) => {
      if (f) this._get(f)
      return f
    })
    c.cloexec = new Set(p.cloexec)
    this._files.set(child, c)
  }

  /** execve(): descriptors marked close-on-exec are closed. */
  exec(pid: number): void {
    const t = this._files.get(pid)
    if (!t) return
    for (const fd of [...t.cloexec]) this.close(pid, fd)
  }

  /** exit(): every descriptor is closed. */
  exit(pid: number): void {
    const t = this._files.get(pid)
    if (!t) return
    for (let fd = 0; fd < t.fds.length; fd++) if (t.fds[fd]) this.close(pid, fd)
    this._files.delete(pid)
  }

  files(pid: number): FilesStruct | undefined {
    return this._files.get(pid)
  }

  // ------------------------------------------------------------------ names

  /** Resolves `path` (absolute, or relative to `cwd`) to an inode. */
  lookup(path: string, cwd: Inode, cred: FsCred): Inode | number {
    if (path.length === 0) return -ERRNO.ENOENT
    if (path.length >= PATH_MAX) return -ERRNO.ENAMETOOLONG
    let node = path.startsWith('/') ? this.root : cwd
    for (const part of path.split('/')) {
      if (part === '' || part === '.') continue
      if (!S_ISDIR(node.mode)) return -ERRNO.ENOTDIR
      if (!this._permitted(node, MAY_EXEC, cred)) return -ERRNO.EACCES
      if (part.length > NAME_MAX) return -ERRNO.ENAMETOOLONG
      if (part === '..') {
        node = node.parent ?? this.root
        continue
      }
      const next = node.dynamic ? node.dynamic.lookup(part, cred.pid ?? 0) : node.children!.get(part)
      if (!next) return -ERRNO.ENOENT
      if (node.dynamic && !next.parent) next.parent = node
      node = next
    }
    if (path.endsWith('/') && !S_ISDIR(node.mode)) return -ERRNO.ENOTDIR
    return node
  }

  /** Resolves everything but the last component: the parent directory and the final name. */
  lookupParent(path: string, cwd: Inode, cred: FsCred): { dir: Inode; name: string } | number {
    if (path.length === 0) return -ERRNO.ENOENT
    if (path.length >= PATH_MAX) return -ERRNO.ENAMETOOLONG
    const trimmed = path.replace(/\/+$/, '')
    if (trimmed === '') return -ERRNO.EEXIST // the root itself
    const slash = trimmed.lastIndexOf('/')
    const dirPath = slash < 0 ? '.' : slash === 0 ? '/' : trimmed.slice(0, slash)
    const name = trimmed.slice(slash + 1)
    if (name.length > NAME_MAX) return -ERRNO.ENAMETOOLONG
    const dir = this.lookup(dirPath, cwd, cred)
    if (typeof dir === 'number') return dir
    if (!S_ISDIR(dir.mode)) return -ERRNO.ENOTDIR
    return { dir, name }
  }

  /** The absolute path of a directory inode (for getcwd and /proc). */
  pathOf(inode: Inode): string {
    const parts: string[] = []
    let node = inode
    while (node !== this.root && node.parent) {
      const parent: Inode = node.parent
      let name = '?'
      for (const [n, child] of parent.children ?? []) if (child === node) name = n
      parts.push(name)
      node = parent
    }
    return '/' + parts.reverse().join('/')
  }

  // ------------------------------------------------------------------ building the tree

  /** mkdir -p for the machine's own setup (no permission checks). */
  mkdirs(path: string, mode = 0o755, uid = 0, gid = 0): Inode {
    let node = this.root
    for (const part of path.split('/').filter((p) => p !== '')) {
      let next = node.children!.get(part)
      if (!next) {
        next = this._link(node, part, this._newInode(S_IFDIR | mode, uid, gid))
      }
      node = next
    }
    return node
  }

  /** Creates or replaces a regular file for the machine's own setup. */
  writeFile(path: string, content: Uint8Array | string, mode = 0o644, uid = 0, gid = 0): Inode {
    const slash = path.lastIndexOf('/')
    const dir = this.mkdirs(path.slice(0, slash))
    const name = path.slice(slash + 1)
    let inode = dir.children!.get(name)
    if (!inode) inode = this._link(dir, name, this._newInode(S_IFREG | mode, uid, gid))
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content
    inode.data = bytes.slice()
    inode.size = bytes.length
    inode.mtime = this.now()
    return inode
  }

  /** Creates a character device node. */
  mknodChar(path: string, ops: CharDeviceOps, mode = 0o666, rdev = 0): Inode {
    const slash = path.lastIndexOf('/')
    const dir = this.mkdirs(path.slice(0, slash))
    const inode = this._link(dir, path.slice(slash + 1), this._newInode(S_IFCHR | mode, 0, 0))
    inode.dev = ops
    inode.rdev = rdev
    return inode
  }

  // ------------------------------------------------------------------ syscalls

  open(pid: number, path: string, flags: number, mode: number, cred: FsCred): number {
    cred = { ...cred, pid }
    const t = this._files.get(pid)
    if (!t) return -ERRNO.EBADF
    let inode = this.lookup(path, t.cwd, cred)
    if (typeof inode === 'number') {
      if (inode !== -ERRNO.ENOENT || !(flags & O_CREAT)) return inode
      const parent = this.lookupParent(path, t.cwd, cred)
      if (typeof parent === 'number') return parent
      if (path.endsWith('/')) return -ERRNO.EISDIR
      if (!this._permitted(parent.dir, MAY_WRITE | MAY_EXEC, cred)) return -ERRNO.EACCES
      inode = this._link(parent.dir, parent.name, this._newInode(S_IFREG | (mode & 0o7777 & ~0o022), cred.uid, cred.gid))
    } else {
      if (flags & O_CREAT && flags & O_EXCL) return -ERRNO.EEXIST
      if (flags & O_DIRECTORY && !S_ISDIR(inode.mode)) return -ERRNO.ENOTDIR
      const acc = flags & O_ACCMODE
      if (S_ISDIR(inode.mode) && (acc !== O_RDONLY || flags & O_CREAT)) return -ERRNO.EISDIR
      const want = (acc === O_RDONLY ? MAY_READ : acc === O_WRONLY ? MAY_WRITE : MAY_READ | MAY_WRITE) | (flags & O_TRUNC ? MAY_WRITE : 0)
      if (!this._permitted(inode, want, cred)) return -ERRNO.EACCES
      if (flags & O_DIRECT && this.kernel && !inode_can_odirect(this.kernel, inode)) return -ERRNO.EINVAL
      if (flags & O_TRUNC && S_ISREG(inode.mode) && acc !== O_RDONLY) {
        const r = this._setSize(inode, 0)
        if (r < 0) return r
        inode.mtime = this.now()
      }
    }
    // do_dentry_open: O_DIRECT needs FMODE_CAN_ODIRECT (a created file stays created).
    if (flags & O_DIRECT && this.kernel && !inode_can_odirect(this.kernel, inode)) return -ERRNO.EINVAL
    if (inode.generate) {
      // A procfs file: the open file reads a snapshot made now (a private copy of the inode).
      const snapshot = inode.cloneShallow()
      const data = inode.generate(pid)
      snapshot.data = data
      snapshot.size = data.length
      snapshot.generate = null
      inode = snapshot
    }
    return this.installFd(t, new File(inode, flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC)), (flags & O_CLOEXEC) !== 0)
  }

  close(pid: number, fd: number): number {
    const t = this._files.get(pid)
    const file = t?.fds[fd]
    if (!t || !file) return -ERRNO.EBADF
    t.fds[fd] = null
    t.cloexec.delete(fd)
    this._put(file)
    return 0
  }

  /** read(2) at the file position: the bytes read, or a negative errno (-ERESTARTSYS: block). */
  read(pid: number, fd: number, count: number): Uint8Array | number {
    const file = this.file(pid, fd)
    if (typeof file === 'number') return file
    if (!file.readable) return -ERRNO.EBADF
    if (count < 0) return -ERRNO.EINVAL
    // rw_verify_area(): a negative position only with FMODE_UNSIGNED_OFFSET
    if (file.pos < 0 && !file.inode.dev?.unsignedOffset) return -ERRNO.EINVAL
    const result = this._readAt(file, file.pos, count, pid)
    if (typeof result !== 'number' && (S_ISREG(file.inode.mode) || file.inode.dev?.readAt)) file.pos += result.length
    return result
  }

  pread(pid: number, fd: number, count: number, offset: number): Uint8Array | number {
    const file = this.file(pid, fd)
    if (typeof file === 'number') return file
    if (!file.readable) return -ERRNO.EBADF
    if (file.pipe || (S_ISCHR(file.inode.mode) && !file.inode.dev?.readAt)) return -ERRNO.ESPIPE
    if (offset < 0 || count < 0) return -ERRNO.EINVAL
    return this._readAt(file, offset, count, pid)
  }

  /** write(2): the count written or a negative errno (-EPIPE: the caller raises SIGPIPE). */
  write(pid: number, fd: number, data: Uint8Array): number {
    const file = this.file(pid, fd)
    if (typeof file === 'number') return file
    if (!file.writable) return -ERRNO.EBADF
    if (file.flags & O_APPEND && S_ISREG(file.inode.mode)) file.pos = file.inode.size
    if (file.pos < 0 && !file.inode.dev?.unsignedOffset) return -ERRNO.EINVAL
    const n = this._writeAt(file, file.pos, data, pid)
    if (n > 0 && (S_ISREG(file.inode.mode) || file.inode.dev?.writeAt)) file.pos += n
    return n
  }

  pwrite(pid: number, fd: number, data: Uint8Array, offset: number): number {
    const file = this.file(pid, fd)
    if (typeof file === 'number') return file
    if (!file.writable) return -ERRNO.EBADF
    if (file.pipe || (S_ISCHR(file.inode.mode) && !file.inode.dev?.writeAt)) return -ERRNO.ESPIPE
    if (offset < 0) return -ERRNO.EINVAL
    return this._writeAt(file, offset, data, pid)
  }

  lseek(pid: number, fd: number, offset: number, whence: number): number {
    const file = this.file(pid, fd)
    if (typeof file === 'number') return file
    if (file.pipe || S_IFIFO === (file.inode.mode & S_IFMT)) return -ERRNO.ESPIPE
    if (S_ISCHR(file.inode.mode) && !file.inode.dev?.readAt) return 0
    if (file.inode.dev?.llseek) return file.inode.dev.llseek(file, offset, whence)
    const base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? file.pos : whence === SEEK_END ? file.inode.size : NaN
    if (Number.isNaN(base)) return -ERRNO.EINVAL
    const pos = base + offset
    if (pos < 0 || !Number.isSafeInteger(pos)) return -ERRNO.EINVAL
    file.pos = pos
    return pos
  }

  ftruncate(pid: number, fd: number, length: number): number {
    const file = this.file(pid, fd)
    if (typeof file === 'number') return file
    if (!S_ISREG(file.inode.mode)) return -ERRNO.EINVAL
    if (!file.writable) return -ERRNO.EINVAL
    if (length < 0) return -ERRNO.EINVAL
    if (length > 1 << 30) return -ERRNO.EFBIG
    const seals = file.inode.seals ?? 0
    if ((seals & F_SEAL_SHRINK && length < file.inode.size) || (seals & F_SEAL_GROW && length > file.inode.size)) return -ERRNO.EPERM
    // fs-DAX truncate may have to wait for a busy page (-ERESTARTSYS, fs/dax.ts).
    const r = this._setSize(file.inode, length)
    if (r < 0) return r
    file.inode.mtime = this.now()
    return 0
  }

  stat(pid: number, path: string, cred: FsCred): Kstat | number {
    cred = { ...cred, pid }
    const t = this._files.get(pid)
    if (!t) return -ERRNO.EBADF
    const inode = this.lookup(path, t.cwd, cred)
    return typeof inode === 'number' ? inode : this._kstat(inode)
  }

  fstat(pid: number, fd: number): Kstat | number {
    const file = this.file(pid, fd)
    return typeof file === 'number' ? file : this._kstat(file.inode)
  }

  /** chmod(2): the owner or root may change the permission bits (chmod_common). */
  chmod(pid: number, path: string, mode: number, cred: FsCred): number {
    const t = this._files.get(pid)
    if (!t) return -ERRNO.EBADF
    const inode = this.lookup(path, t.cwd, { ...cred, pid })
    return typeof inode === 'number' ? inode : this._chmodInode(inode, mode, cred)
  }

  /**
   * fchmod(2). On a memfd sealed with F_SEAL_EXEC the exec bits cannot change (EPERM;
   * "mm/memfd: add F_SEAL_EXEC", 6.3: memfd_file_seals_ptr checked in shmem_setattr).
   */
  fchmod(pid: number, fd: number, mode: number, cred: FsCred): number {
    const file = this.file(pid, fd)
    return typeof file === 'number' ? file : this._chmodInode(file.inode, mode, cred)
  }

  private _chmodInode(inode: Inode, mode: number, cred: FsCred): number {
    if (cred.uid !== 0 && cred.uid !== inode.uid) return -ERRNO.EPERM
    const perms = mode & 0o7777
    if (inode.seals !== null && inode.seals & F_SEAL_EXEC && (perms ^ inode.mode) & 0o111) return -ERRNO.EPERM
    inode.mode = (inode.mode & ~0o7777) | perms
    return 0
  }

  mkdir(pid: number, path: string, mode: number, cred: FsCred): number {
    const t = this._files.get(pid)
    if (!t) return -ERRNO.EBADF
    const parent = this.lookupParent(path, t.cwd, cred)
    if (typeof parent === 'number') return parent
    if (parent.name === '.' || parent.name === '..' || parent.dir.children!.has(parent.name)) return -ERRNO.EEXIST
    if (!this._permitted(parent.dir, MAY_WRITE | MAY_EXEC, cred)) return -ERRNO.EACCES
    this._link(parent.dir, parent.name, this._newInode(S_IFDIR | (mode & 0o7777 & ~0o022), cred.uid, cred.gid))
    return 0
  }

  unlink(pid: number, path: string, cred: FsCred): number {
    const t = this._files.get(pid)
    if (!t) return -ERRNO.EBADF
    const parent = this.lookupParent(path, t.cwd, cred)
    if (typeof parent === 'number') return parent
    const inode = parent.dir.children!.get(parent.name)
    if (!inode) return -ERRNO.ENOENT
    if (S_ISDIR(inode.mode)) return -ERRNO.EISDIR
    if (!this._permitted(parent.dir, MAY_WRITE | MAY_EXEC, cred)) return -ERRNO.EACCES
    parent.dir.children!.delete(parent.name)
    inode.nlink--
    return 0
  }

  rmdir(pid: number, path: string, cred: FsCred): number {
    const t = this._files.get(pid)
    if (!t) return -ERRNO.EBADF
    const parent = this.lookupParent(path, t.cwd, cred)
    if (typeof parent === 'number') return parent
    if (parent.name === '.') return -ERRNO.EINVAL
    if (parent.name === '..') return -ERRNO.ENOTEMPTY
    const inode = parent.dir.children!.get(parent.name)
    if (!inode) return -ERRNO.ENOENT
    if (!S_ISDIR(inode.mode)) return -ERRNO.ENOTDIR
    if (inode.children!.size > 0) return -ERRNO.ENOTEMPTY
    if (inode === t.cwd || inode === this.root) return -ERRNO.EBUSY
    if (!this._permitted(parent.dir, MAY_WRITE | MAY_EXEC, cred)) return -ERRNO.EACCES
    parent.dir.children!.delete(parent.name)
    parent.dir.nlink--
    return 0
  }

  chdir(pid: number, path: string, cred: FsCred): number {
    cred = { ...cred, pid }
    const t = this._files.get(pid)
    if (!t) return -ERRNO.EBADF
    const inode = this.lookup(path, t.cwd, cred)
    if (typeof inode === 'number') return inode
    if (!S_ISDIR(inode.mode)) return -ERRNO.ENOTDIR
    if (!this._permitted(inode, MAY_EXEC, cred)) return -ERRNO.EACCES
    t.cwd = inode
    return 0
  }

  getcwd(pid: number): string | number {
    const t = this._files.get(pid)
    return t ? this.pathOf(t.cwd) : -ERRNO.EBADF
  }

  /** readdir: the names in a directory, with "." and ".." first as getdents gives them. */
  readdir(pid: number, path: string, cred: FsCred): Array<{ name: string; inode: Inode }> | number {
    cred = { ...cred, pid }
    const t = this._files.get(pid)
    if (!t) return -ERRNO.EBADF
    const dir = this.lookup(path, t.cwd, cred)
    if (typeof dir === 'number') return dir
    if (!S_ISDIR(dir.mode)) return -ERRNO.ENOTDIR
    if (!this._permitted(dir, MAY_READ, cred)) return -ERRNO.EACCES
    const entries = dir.dynamic
      ? dir.dynamic.list(pid).flatMap((name) => {
          const inode = dir.dynamic!.lookup(name, pid)
          return inode ? [{ name, inode }] : []
        })
      : [...dir.children!].map(([name, inode]) => ({ name, inode }))
    return [{ name: '.', inode: dir }, { name: '..', inode: dir.parent ?? dir }, ...entries]
  }

  dup(pid: number, fd: number): number {
    const t = this._files.get(pid)
    const file = t?.fds[fd]
    if (!t || !file) return -ERRNO.EBADF
    return this.installFd(t, this._get(file), false)
  }

  dup2(pid: number, oldfd: number, newfd: number): number {
    const t = this._files.get(pid)
    const file = t?.fds[oldfd]
    if (!t || !file) return -ERRNO.EBADF
    if (newfd < 0 || newfd >= NR_OPEN_DEFAULT) return -ERRNO.EBADF
    if (oldfd === newfd) return newfd
    if (t.fds[newfd]) this.close(pid, newfd)
    while (t.fds.length <= newfd) t.fds.push(null)
    t.fds[newfd] = this._get(file)
    t.cloexec.delete(newfd)
    return newfd
  }

  /** pipe2(): [read end, write end] or a negative errno. */
  pipe(pid: number, flags = 0): [number, number] | number {
    const t = this._files.get(pid)
    if (!t) return -ERRNO.EBADF
    const pipe = new Pipe()
    const inode = this._newInode(S_IFIFO | 0o600, 0, 0)
    const cloexec = (flags & O_CLOEXEC) !== 0
    const nonblock = flags & O_NONBLOCK
    const r = this.installFd(t, this._pipeEnd(inode, pipe, 'read', nonblock), cloexec)
    if (r < 0) return r
    const w = this.installFd(t, this._pipeEnd(inode, pipe, 'write', nonblock), cloexec)
    if (w < 0) {
      this.close(pid, r)
      return w
    }
    return [r, w]
  }

  /** The name a descriptor shows in /proc/PID/fd and maps (memfd:NAME, or the file's path). */
  nameOf(inode: Inode): string {
    return inode.memfdName !== null ? `/memfd:${inode.memfdName} (deleted)` : this.pathOf(inode)
  }

  /** ioctl(2) on a descriptor: the device's handler, or -ENOTTY for anything that is not a device. */
  ioctl(pid: number, fd: number, task: TaskStruct, cmd: number, arg: number): number {
    const file = this.file(pid, fd)
    if (typeof file === 'number') return file
    const dev = file.inode.dev
    if (!dev || !dev.ioctl) return -ERRNO.ENOTTY
    return dev.ioctl(task, cmd, arg)
  }

  /** Every pipe some descriptor still refers to (each once), for invariant checks and views. */
  pipes(): Pipe[] {
    const out = new Set<Pipe>()
    for (const t of this._files.values()) for (const f of t.fds) if (f?.pipe) out.add(f.pipe)
    return [...out]
  }

  file(pid: number, fd: number): File | number {
    if (!Number.isInteger(fd) || fd < 0) return -ERRNO.EBADF
    return this._files.get(pid)?.fds[fd] ?? -ERRNO.EBADF
  }

  // ------------------------------------------------------------------ snapshots

  /**
   * A deep copy of the whole file system state (tree, pipes, descriptor tables) that shares
   * nothing mutable with this one, for machine snapshots.
   */
  clone(): Vfs {
    const copy = new Vfs()
    copy._nextIno = this._nextIno
    copy.now = this.now
    const inodes = new Map<Inode, Inode>()
    const cloneTree = (node: Inode, parent: Inode | null): Inode => {
      const c = node.cloneShallow()
      inodes.set(node, c)
      c.parent = parent ?? c
      if (node.children) for (const [name, child] of node.children) c.children!.set(name, cloneTree(child, c))
      return c
    }
    copy.root = cloneTree(this.root, null)
    const pipes = new Map<Pipe, Pipe>()
    const files = new Map<File, File>()
    const cloneFile = (f: File): File => {
      let c = files.get(f)
      if (!c) {
        let inode = inodes.get(f.inode)
        if (!inode) {
          // an unlinked file (a memfd, a deleted file still open): one copy for all its descriptors
          inode = f.inode.cloneShallow()
          inodes.set(f.inode, inode)
        }
        let pipe: Pipe | null = null
        if (f.pipe) {
          pipe = pipes.get(f.pipe) ?? f.pipe.clone()
          pipes.set(f.pipe, pipe)
        }
        c = new File(inode, f.flags, pipe, f.pipeEnd)
        c.pos = f.pos
        c.refcount = f.refcount
        files.set(f, c)
      }
      return c
    }
    for (const [pid, t] of this._files) {
      const c = new FilesStruct(inodes.get(t.cwd) ?? copy.root)
      c.fds = t.fds.map((f) => (f ? cloneFile(f) : null))
      c.cloexec = new Set(t.cloexec)
      copy._files.set(pid, c)
    }
    return copy
  }

  /**
   * The page cache of a regular file (created on first use): its frames are filled from the
   * file's bytes (->read_folio) and written back to them (->writepage, msync and writeback).
   * Reads prefer a cached frame and writes update it, so read(), write() and a MAP_SHARED
   * mapping always agree. Returns null when there is no kernel or the inode is not a regular file.
   */
  mappingOf(inode: Inode): AddressSpace | null {
    return this.kernel && S_ISREG(inode.mode) ? inode_mapping(this.kernel, inode, this.nameOf(inode)) : null
  }


  /** A free-standing inode (procfs builds its files and directories from these). */
  createInode(mode: number, uid = 0, gid = 0): Inode {
    return this._newInode(mode, uid, gid)
  }

  // ------------------------------------------------------------------ internals

  private _newInode(mode: number, uid: number, gid: number): Inode {
    return new Inode(this._nextIno++, mode, uid, gid, this.now())
  }

  private _link(dir: Inode, name: string, inode: Inode): Inode {
    dir.children!.set(name, inode)
    inode.parent = dir
    inode.fsKind = dir.fsKind
    inode.dax = dir.dax
    if (S_ISDIR(inode.mode)) dir.nlink++
    dir.mtime = this.now()
    return inode
  }

  private _permitted(inode: Inode, mask: number, cred: FsCred): boolean {
    if (cred.uid === 0) {
      // root may do anything except execute a file that has no execute bit at all
      return !(mask & MAY_EXEC) || S_ISDIR(inode.mode) || (inode.mode & 0o111) !== 0
    }
    const bits = cred.uid === inode.uid ? (inode.mode >> 6) & 7 : cred.gid === inode.gid ? (inode.mode >> 3) & 7 : inode.mode & 7
    return (bits & mask) === mask
  }

  /**
   * fd_install: puts `file` (whose reference the caller hands over) in the lowest free slot at or
   * above `lowest`. With no slot left the reference is dropped and the answer is -EMFILE.
   */
  installFd(t: FilesStruct, file: File, cloexec: boolean, lowest = 0): number {
    let fd = lowest
    while (fd < t.fds.length && t.fds[fd]) fd++
    if (fd >= NR_OPEN_DEFAULT) {
      this._put(file)
      return -ERRNO.EMFILE
    }
    while (t.fds.length <= fd) t.fds.push(null)
    t.fds[fd] = file
    if (cloexec) t.cloexec.add(fd)
    else t.cloexec.delete(fd)
    return fd
  }


  private _pipeEnd(inode: Inode, pipe: Pipe, end: 'read' | 'write', nonblock: number): File {
    if (end === 'read') pipe.readers++
    else pipe.writers++
    return new File(inode, (end === 'read' ? O_RDONLY : O_WRONLY) | nonblock, pipe, end)
  }

  private _get(file: File): File {
    file.refcount++
    return file
  }

  private _put(file: File): void {
    if (--file.refcount > 0) return
    file.inode.dev?.release?.(file)
    if (file.pipe) {
      if (file.pipeEnd === 'read') file.pipe.readers--
      else file.pipe.writers--
      // pipe_release → free_pipe_info: vmsplice'd pages' references go back with the pipe.
      if (file.pipe.readers === 0 && file.pipe.writers === 0) file.pipe.free(this.kernel)
    }
  }

  private _readAt(file: File, offset: number, count: number, caller: number): Uint8Array | number {
    const inode = file.inode
    if (file.pipe) return file.pipe.read(count, (file.flags & O_NONBLOCK) !== 0, this.kernel)
    if (inode.dev?.readAt) return inode.dev.readAt(caller, offset, count)
    if (S_ISDIR(inode.mode)) return -ERRNO.EISDIR
    if (S_ISCHR(inode.mode)) return inode.dev ? inode.dev.read(count) : -ERRNO.ENXIO
    if (offset >= inode.size) return new Uint8Array(0)
    if (this.kernel && inode.dax) return dax_read(this.kernel, inode, this.mappingOf(inode)!, offset, count)
    // ext4: read through the page cache (fs/ext4/inode.ts); Inode.data is the disk.
    const m = this._diskBacked(inode) ? this.mappingOf(inode) : null
    if (m) return ext4_buffered_read(this.kernel!, inode, m, offset, count)
    const out = inode.data.slice(offset, Math.min(inode.size, offset + count))
    if (this.kernel) page_cache_overlay(this.kernel, inode, offset, out, 'read')
    return out
  }

  private _writeAt(file: File, offset: number, data: Uint8Array, caller: number): number {
    const inode = file.inode
    if (file.pipe) return file.pipe.write(data, (file.flags & O_NONBLOCK) !== 0)
    if (inode.dev?.writeAt) return inode.dev.writeAt(caller, offset, data)
    if (S_ISCHR(inode.mode)) return inode.dev ? inode.dev.write(data) : -ERRNO.ENXIO
    if (!S_ISREG(inode.mode)) return -ERRNO.EINVAL
    const end = offset + data.length
    if (end > 1 << 30) return -ERRNO.EFBIG
    if (inode.seals !== null && inode.seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) return -ERRNO.EPERM
    if (inode.seals !== null && inode.seals & F_SEAL_GROW && end > inode.size) return -ERRNO.EPERM
    if (this.kernel && inode.dax) {
      // fs-DAX: straight into the pmem blocks (fs/dax.ts).
      const dm = this.mappingOf(inode)!
      if (end > inode.size) {
        const r = dax_setsize(this.kernel, inode, dm, end)
        if (r < 0) return r
      }
      inode.mtime = this.now()
      return dax_write(this.kernel, dm, offset, data)
    }
    if (this._diskBacked(inode)) ext4_blocks(inode)
    if (end > inode.size) this._setSize(inode, end)
    inode.mtime = this.now()
    // ext4: buffered write into dirty page-cache folios; the disk changes at writeback.
    const m = this._diskBacked(inode) ? this.mappingOf(inode) : null
    if (m) return ext4_buffered_write(this.kernel!, inode, m, offset, data)
    inode.data.set(data, offset)
    if (this.kernel) page_cache_overlay(this.kernel, inode, offset, data, 'write')
    return data.length
  }

  /** A regular file on the ext4 root with a kernel: its bytes go through the page cache. */
  private _diskBacked(inode: Inode): boolean {
    return this.kernel !== null && S_ISREG(inode.mode) && inode.fsKind !== 'shmem' && inode.memfdName === null && !inode.dax &&
      inode.dev === null && inode.generate === null
  }

  /**
   * The whole file as the machine itself reads it (exec, the compiler's sources): the disk bytes
   * with every cached page laid over them — without filling the page cache.
   */
  contentsOf(inode: Inode): Uint8Array {
    const out = inode.data.slice(0, inode.size)
    if (out.length < inode.size) {
      const full = new Uint8Array(inode.size)
      full.set(out)
      if (this.kernel) page_cache_overlay(this.kernel, inode, 0, full, 'read')
      return full
    }
    if (this.kernel) page_cache_overlay(this.kernel, inode, 0, out, 'read')
    return out
  }

  /** i_size changes: the page cache learns the new size; shrinking unmaps and drops pages past it. */
  private _setSize(inode: Inode, size: number): number {
    if (this.kernel && inode.dax && S_ISREG(inode.mode)) return dax_setsize(this.kernel, inode, this.mappingOf(inode)!, size)
    if (this._diskBacked(inode)) {
      // ext4 keeps a block map from the first size change on: growth allocates nothing (a sparse
      // tail), shrinking frees the blocks past the new end.
      const blocks = ext4_blocks(inode)
      for (const b of [...blocks]) if (b * 4096 >= size) blocks.delete(b)
    }
    if (this.kernel) inode_set_size(this.kernel, inode, size)
    else inode.truncate(size)
    return 0
  }


  private _kstat(inode: Inode): Kstat {
    const tracked = this.kernel && S_ISREG(inode.mode) && inode.blocks !== null ? ext4_st_blocks(this.kernel, inode) : -1
    const blocks = tracked >= 0 ? tracked : S_ISREG(inode.mode) ? Math.ceil(inode.size / 4096) * 8 : S_ISDIR(inode.mode) ? 8 : 0
    return {
      dev: S_ISCHR(inode.mode) ? 5 : 0x803, ino: inode.ino, mode: inode.mode, nlink: inode.nlink, uid: inode.uid,
      gid: inode.gid, rdev: inode.rdev, size: S_ISDIR(inode.mode) ? 4096 : inode.size, blksize: 4096, blocks,
      mtimeNs: inode.mtime
    }
  }
}

