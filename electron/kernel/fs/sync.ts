/**
 * fs/sync.c + fs/open.c (vfs_fallocate) — fsync(2), fdatasync(2), sync(2), syncfs(2) and
 * fallocate(2) for the VFS's files (reference §2.9 for hole punching; errno per
 * userspace-api.md and fs/open.c).
 *
 * fsync/fdatasync: EBADF for a bad descriptor, EINVAL for files without ->fsync (pipes,
 * character devices, procfs); tmpfs has noop_fsync (0); ext4 writes the file's dirty page cache
 * back (filemap_write_and_wait_range → ext4_writepages). PinLab has no separate inode metadata
 * on disk, so fdatasync and fsync do the same. A filesystem BUG() during writeback kills the
 * caller: callers check take_task_death(k, pid) afterwards.
 *
 * fallocate (vfs_fallocate's order of checks): offset < 0 or len <= 0 → EINVAL; the mode checks
 * (fallocate_mode_check*, feature fallocateModeSwitch); not open for writing → EBADF; FIFO → ESPIPE; directory → EISDIR; not a regular
 * file → ENODEV; offset + len > s_maxbytes → EFBIG. ext4 supports mode 0, KEEP_SIZE,
 * PUNCH_HOLE|KEEP_SIZE and ZERO_RANGE; COLLAPSE_RANGE / INSERT_RANGE are not modelled
 * (EOPNOTSUPP). tmpfs supports mode 0, KEEP_SIZE and PUNCH_HOLE|KEEP_SIZE (others EOPNOTSUPP),
 * and honours memfd seals (EPERM).
 */
import type { Kernel } from '../kernel'
import type { AddressSpace } from '../include/linux/fs'
import type { Vfs } from './vfs'
import type { Inode } from './inode'
import type { File } from './file'
import { S_IFIFO, S_IFMT, S_ISDIR, S_ISREG } from './inode'
import { ERRNO } from '../include/uapi/asm-generic/errno-base'
import { filemap_write_and_wait_range } from '../mm/filemap'
import { unmap_mapping_range } from '../mm/truncate'
import { put_page } from '../include/linux/page_ref'
import { PG_dirty, PG_lru, PG_uptodate } from '../include/linux/page-flags'
import { ext4_blocks } from './ext4/inode'
import { dax_allocate, dax_remove_blocks, dax_setsize, dax_zero_range } from './dax'
import { inode_set_size } from './page-cache'
import { F_SEAL_FUTURE_WRITE, F_SEAL_GROW, F_SEAL_WRITE } from './memfd'

export const FALLOC_FL_KEEP_SIZE = 0x01
export const FALLOC_FL_PUNCH_HOLE = 0x02
export const FALLOC_FL_NO_HIDE_STALE = 0x04
export const FALLOC_FL_COLLAPSE_RANGE = 0x08
export const FALLOC_FL_ZERO_RANGE = 0x10
export const FALLOC_FL_INSERT_RANGE = 0x20
export const FALLOC_FL_UNSHARE_RANGE = 0x40
const FALLOC_FL_SUPPORTED_MASK = 0x7f
/** PUNCH_HOLE | COLLAPSE | ZERO | INSERT | UNSHARE (WRITE_ZEROES 0x80, 6.17, is not modelled). */
const FALLOC_FL_MODE_MASK = 0x7a
/** ext4's s_maxbytes with 4 KiB blocks (extents): 16 TiB - 4 KiB. */
const EXT4_MAXBYTES = 2 ** 44 - 4096
/** tmpfs's MAX_LFS_FILESIZE. */
const MAX_LFS_FILESIZE = Number.MAX_SAFE_INTEGER

function writebackInode(k: Kernel, vfs: Vfs, inode: Inode, reason: string): void {
  if (!inode.mappingId || inode.fsKind === 'shmem') return
  const m = vfs.mappingOf(inode)
  if (m) filemap_write_and_wait_range(k, m, 0, Infinity, reason)
}

/**
 * vfs_fsync_range(file, 0, LLONG_MAX, datasync): writes the file's dirty page cache back; files
 * without ->fsync (pipes, devices, procfs) give -EINVAL. Used by fsync(2) and io_uring's FSYNC.
 */
export function vfs_fsync(k: Kernel, vfs: Vfs, file: File, datasync: boolean): number {
  const inode = file.inode
  k.tick(2000)
  if (file.pipe || inode.dev || inode.generate || inode.dynamic) return -ERRNO.EINVAL
  if (S_ISREG(inode.mode)) writebackInode(k, vfs, inode, datasync ? 'fdatasync' : 'fsync')
  return 0
}

/** fsync(2) / fdatasync(2). */
export function sys_fsync(k: Kernel, vfs: Vfs, pid: number, fd: number, datasync = false): number {
  const file = vfs.file(pid, fd)
  if (typeof file === 'number') return file
  const ret = vfs_fsync(k, vfs, file, datasync)
  if (k.tracing) k.emit({ type: 'syscall', name: datasync ? 'fdatasync' : 'fsync', args: [fd], ret }, pid)
  return ret
}

/** ksys_sync(): write back every filesystem's dirty page cache. Always succeeds. */
export function sys_sync(k: Kernel, pid: number): number {
  for (const m of [...k.mappings.values()]) if (m.canWriteback && m.nrDirty > 0) filemap_write_and_wait_range(k, m, 0, Infinity, 'sync')
  k.tick(20000)
  if (k.tracing) k.emit({ type: 'syscall', name: 'sync', args: [], ret: 0 }, pid)
  return 0
}

/** syncfs(fd): the filesystem the file lives on (ext4 root or tmpfs). */
export function sys_syncfs(k: Kernel, vfs: Vfs, pid: number, fd: number): number {
  const file = vfs.file(pid, fd)
  if (typeof file === 'number') return file
  if (file.inode.fsKind !== 'shmem' && !file.pipe) {
    for (const m of [...k.mappings.values()]) if (m.kind === file.inode.fsKind && m.canWriteback && m.nrDirty > 0) filemap_write_and_wait_range(k, m, 0, Infinity, 'syncfs')
  }
  k.tick(10000)
  if (k.tracing) k.emit({ type: 'syscall', name: 'syncfs', args: [fd], ret: 0 }, pid)
  return 0
}

/**
 * truncate_inode_pages_range() for whole pages [first, end): the folios leave the page cache;
 * pinned ones become orphans (mapping 0), kept alive by their pins (reference §2.9).
 */
export function truncate_inode_pages_range(k: Kernel, mapping: AddressSpace, first: number, end: number): number {
  const p = k.phys
  let n = 0
  for (let index = first; index < end && index <= Math.ceil(mapping.size / 4096); index++) {
    const slot = mapping.i_pages.get(index)
    if (slot === 0) continue
    const pfn = slot - 1
    mapping.i_pages.set(index, 0)
    mapping.nrpages--
    const f = p.flags.get(pfn)
    if (f & PG_dirty) mapping.nrDirty--
    p.flags.set(pfn, f & ~(PG_dirty | PG_lru | PG_uptodate))
    p.mapping.set(pfn, 0)
    if (k.tracing) k.emit({ type: 'pagecache', action: 'evict', mapping: mapping.id, index, pfn })
    put_page(k, pfn)
    n++
  }
  if (mapping.nrDirty === 0) mapping.dirtiedWhen = -1
  return n
}

/** Zero bytes [start, end) of the file in the page cache (cached pages) and on the disk. */
function zero_range(k: Kernel, inode: Inode, mapping: AddressSpace | null, start: number, end: number): void {
  end = Math.min(end, inode.size)
  if (start >= end) return
  inode.reserve(end)
  inode.data.fill(0, start, end)
  if (!mapping) return
  for (let pos = start; pos < end; ) {
    const index = Math.floor(pos / 4096)
    const off = pos % 4096
    const n = Math.min(4096 - off, end - pos)
    const slot = mapping.i_pages.get(index)
    if (slot !== 0) k.phys.contents.writeBytes(slot - 1, off, new Uint8Array(n), 0, n)
    pos += n
  }
}

/** ext4_punch_hole / shmem_fallocate(PUNCH_HOLE): zap, drop whole pages, zero partial ones. */
function punch_hole(k: Kernel, vfs: Vfs, inode: Inode, offset: number, len: number): number {
  const end = Math.min(offset + len, inode.size)
  if (offset >= end) return 0
  if (inode.dax) {
    // ext4_punch_hole on DAX: break layouts first (may wait), then free the blocks (fs/dax.ts).
    const dm = vfs.mappingOf(inode)!
    const r = dax_remove_blocks(k, dm, Math.ceil(offset / 4096), end === inode.size ? Math.ceil(end / 4096) : Math.floor(end / 4096))
    if (r < 0) return r
    dax_zero_range(k, dm, offset, end)
    dax_allocate(k, dm, 0, Math.ceil(inode.size / 4096))
    return 0
  }
  const mapping = inode.mappingId ? vfs.mappingOf(inode) : null
  // ext4 writes dirty pages of the range out first (ext4_punch_hole → filemap_write_and_wait_range).
  if (mapping && inode.fsKind !== 'shmem') filemap_write_and_wait_range(k, mapping, Math.floor(offset / 4096), Math.ceil(end / 4096), 'punch_hole')
  const first = Math.ceil(offset / 4096)
  const last = end === inode.size ? Math.ceil(end / 4096) : Math.floor(end / 4096)
  if (mapping && first < last) {
    unmap_mapping_range(k, mapping, first, last, true)
    truncate_inode_pages_range(k, mapping, first, last)
  }
  zero_range(k, inode, mapping, offset, end)
  if (inode.fsKind !== 'shmem') {
    const blocks = ext4_blocks(inode)
    for (let i = first; i < last; i++) blocks.delete(i)
  }
  k.tick(2000)
  return 0
}

/** FALLOC_FL_SUPPORTED_MASK of the version: the mode bits vfs_fallocate knows. */
function falloc_supported_mask(k: Kernel): number {
  let mask = FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE
  if (k.has('fallocZeroCollapseRange')) mask |= FALLOC_FL_ZERO_RANGE | FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_NO_HIDE_STALE
  if (k.has('fallocInsertRange')) mask |= FALLOC_FL_INSERT_RANGE
  if (k.has('fallocUnshareRange')) mask |= FALLOC_FL_UNSHARE_RANGE
  return mask & FALLOC_FL_SUPPORTED_MASK
}

/**
 * vfs_fallocate's mode checks before "fs: sort out the fallocate mode mess": unknown bits →
 * EOPNOTSUPP; PUNCH_HOLE with ZERO_RANGE → EINVAL; PUNCH_HOLE without KEEP_SIZE → EOPNOTSUPP;
 * COLLAPSE_RANGE or INSERT_RANGE with any other bit → EINVAL.
 */
function fallocate_mode_check_old(mode: number, supported: number): number {
  if (mode & ~supported) return -ERRNO.EOPNOTSUPP
  if ((mode & (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE)) === (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE)) return -ERRNO.EINVAL
  if (mode & FALLOC_FL_PUNCH_HOLE && !(mode & FALLOC_FL_KEEP_SIZE)) return -ERRNO.EOPNOTSUPP
  if (mode & FALLOC_FL_COLLAPSE_RANGE && mode & ~FALLOC_FL_COLLAPSE_RANGE) return -ERRNO.EINVAL
  if (mode & FALLOC_FL_INSERT_RANGE && mode & ~FALLOC_FL_INSERT_RANGE) return -ERRNO.EINVAL
  return 0
}

/** The same checks from 6.12 on: one mode at a time (switch on mode & FALLOC_FL_MODE_MASK). */
function fallocate_mode_check(mode: number): number {
  if (mode & ~(FALLOC_FL_MODE_MASK | FALLOC_FL_KEEP_SIZE)) return -ERRNO.EOPNOTSUPP
  switch (mode & FALLOC_FL_MODE_MASK) {
    case 0:
    case FALLOC_FL_UNSHARE_RANGE:
    case FALLOC_FL_ZERO_RANGE:
      return 0
    case FALLOC_FL_PUNCH_HOLE:
      return mode & FALLOC_FL_KEEP_SIZE ? 0 : -ERRNO.EOPNOTSUPP
    case FALLOC_FL_COLLAPSE_RANGE:
    case FALLOC_FL_INSERT_RANGE:
      return mode & FALLOC_FL_KEEP_SIZE ? -ERRNO.EOPNOTSUPP : 0
    default:
      return -ERRNO.EOPNOTSUPP
  }
}

export function vfs_fallocate(k: Kernel, vfs: Vfs, pid: number, fd: number, mode: number, offset: number, len: number): number {
  const file = vfs.file(pid, fd)
  if (typeof file === 'number') return file
  if (!Number.isFinite(offset) || !Number.isFinite(len) || offset < 0 || len <= 0) return -ERRNO.EINVAL
  const modeErr = k.has('fallocateModeSwitch') ? fallocate_mode_check(mode) : fallocate_mode_check_old(mode, falloc_supported_mask(k))
  if (modeErr) return modeErr
  if (!file.writable) return -ERRNO.EBADF
  const inode = file.inode
  if (file.pipe || (inode.mode & S_IFMT) === S_IFIFO) return -ERRNO.ESPIPE
  if (S_ISDIR(inode.mode)) return -ERRNO.EISDIR
  if (!S_ISREG(inode.mode) || inode.dev || inode.generate) return -ERRNO.ENODEV
  const shmem = inode.fsKind === 'shmem'
  if (offset + len > (shmem ? MAX_LFS_FILESIZE : EXT4_MAXBYTES)) return -ERRNO.EFBIG
  // PinLab's VFS caps file sizes at 1 GiB (ftruncate/write give EFBIG beyond it).
  if (!(mode & (FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)) && offset + len > 1 << 30) return -ERRNO.EFBIG
  let ret = 0
  if (shmem) ret = shmem_fallocate(k, vfs, inode, mode, offset, len)
  else ret = ext4_fallocate(k, vfs, inode, mode, offset, len)
  if (ret === 0) inode.mtime = vfs.now()
  if (k.tracing) k.emit({ type: 'syscall', name: 'fallocate', args: [fd, mode, offset, len], ret }, pid)
  return ret
}

function ext4_fallocate(k: Kernel, vfs: Vfs, inode: Inode, mode: number, offset: number, len: number): number {
  if (mode & (FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_NO_HIDE_STALE)) return -ERRNO.EOPNOTSUPP
  if (mode & FALLOC_FL_PUNCH_HOLE) return punch_hole(k, vfs, inode, offset, len)
  if (mode & FALLOC_FL_ZERO_RANGE) {
    const r = punch_hole(k, vfs, inode, offset, len)
    if (r < 0) return r
  }
  const blocks = ext4_blocks(inode)
  for (let i = Math.floor(offset / 4096); i < Math.ceil((offset + len) / 4096); i++) blocks.add(i)
  if (!(mode & FALLOC_FL_KEEP_SIZE) && offset + len > inode.size) setSize(k, vfs, inode, offset + len)
  k.tick(3000)
  return 0
}

function shmem_fallocate(k: Kernel, vfs: Vfs, inode: Inode, mode: number, offset: number, len: number): number {
  if (!k.has('shmemFallocate')) return -ERRNO.EOPNOTSUPP // no ->fallocate before 3.5
  if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)) return -ERRNO.EOPNOTSUPP
  const seals = inode.seals ?? 0
  if (mode & FALLOC_FL_PUNCH_HOLE) {
    if (seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) return -ERRNO.EPERM
    return punch_hole(k, vfs, inode, offset, len)
  }
  if (seals & F_SEAL_GROW && !(mode & FALLOC_FL_KEEP_SIZE) && offset + len > inode.size) return -ERRNO.EPERM
  if (!(mode & FALLOC_FL_KEEP_SIZE) && offset + len > inode.size) setSize(k, vfs, inode, offset + len)
  k.tick(1000)
  return 0
}

function setSize(k: Kernel, vfs: Vfs, inode: Inode, size: number): void {
  const m = vfs.mappingOf(inode)
  if (inode.dax && m) dax_setsize(k, inode, m, size)
  else inode_set_size(k, inode, size)
}
