/**
 * Direct I/O on a block-backed file: fs/iomap/direct-io.c (__iomap_dio_rw, ext4 from 5.5),
 * fs/direct-io.c (__blockdev_direct_IO, ext4 before), block/bio.c (bio_iov_iter_get_pages,
 * bio_release_pages) and the O_DIRECT checks of fs/open.c (do_dentry_open) and fs/fcntl.c
 * (setfl). Reference: kernel-semantics.md §2.1, §2.6, scenario 4d; userspace-api.md §4.
 *
 * The point PinLab teaches: the device transfers straight to or from the user's pages, found by
 * GUP when the I/O is submitted and released when it completes. In between the calling thread
 * sleeps and the others run — they may fork, or store to the same page. Which pages the device
 * then writes, and who sees them, depends on how the pages were held:
 *   - before 6.3 (FOLL_GET, iov_iter_get_pages → get_user_pages_fast): fork does not copy the
 *     page for the child (only FOLL_PIN'ed pages are "maybe DMA pinned"), the parent's next store
 *     COWs away from it, and the device's data lands in the page only the child still maps;
 *   - from 6.3 (FOLL_PIN, iov_iter_extract_pages → pin_user_pages_fast): the page is maybe-DMA-
 *     pinned, MMF_HAS_PINNED is set, fork gives the child a copy and the data reaches the parent.
 *
 * Model of the disk: `DioFile.disk_read/disk_write` are the media (for a VFS inode, Inode.data);
 * the page cache may be newer, so a read first flushes the range (filemap_write_and_wait_range)
 * and a write flushes and invalidates it before and invalidates it again after.
 *
 * Latency model (documented, deterministic): a request completes DIO_BASE_LATENCY_NS + 1 ns per
 * byte after it is submitted (≈ a 100 µs NVMe/virtio command plus 1 GB/s). The DMA happens at
 * completion, in one go.
 *
 * Every function returns a value or a negative errno and never throws.
 */
import type { Kernel } from '../kernel'
import type { AddressSpace } from '../include/linux/fs'
import type { TaskStruct } from '../include/linux/sched'
import { FOLL_WRITE, TASK_SIZE } from '../include/linux/mm'
import { EFAULT, EINVAL } from '../include/uapi/asm-generic/errno'
import { ERRNO } from '../include/uapi/asm-generic/errno-base'
import { KERN_CRIT } from '../kernel/printk'
import { filemap_write_and_wait_range } from '../mm/filemap'
import { invalidate_inode_pages2_range } from '../mm/invalidate'
import { put_user_page, set_page_dirty_lock, unpin_user_page, unpin_user_pages_dirty_lock } from '../mm/gup'
import { get_user_pages_fast, pin_user_pages_fast } from '../mm/gup_fast'
import { O_DIRECT } from './file'
import { S_ISREG, type Inode } from './inode'
import { ext4_block_mapped, ext4_blocks } from './ext4/inode'
import { inode_mapping, inode_set_size } from './page-cache'

const PAGE_SIZE = 4096

/** bdev_logical_block_size() of PinLab's disk (a virtio disk: 512-byte sectors, as natively). */
export const DIO_LOGICAL_BLOCK_SIZE = 512
/** MAX_RW_COUNT = INT_MAX & PAGE_MASK: read/write never transfer more in one call. */
export const MAX_RW_COUNT = 0x7ffff000
/** The largest file PinLab's file systems hold (Vfs write() and ftruncate use the same bound). */
export const DIO_MAX_FILE_SIZE = 1 << 30
/** Fixed part of a request's device time (ns). */
export const DIO_BASE_LATENCY_NS = 100_000

/** The file a direct I/O works on: its page cache and its blocks on the disk. */
export interface DioFile {
  readonly mapping: AddressSpace
  /** Path for messages (dio_warn_stale_pagecache). */
  readonly path: string
  i_size(): number
  /** Copies disk bytes [pos, pos + dst.length) into dst; bytes past EOF read as zeros. */
  disk_read(pos: number, dst: Uint8Array): void
  /** Writes src to the disk at pos, growing i_size when the write ends past it. */
  disk_write(pos: number, src: Uint8Array): void
}

/** An I/O between submit and completion (struct iomap_dio + its bio). */
export interface DioRequest {
  readonly id: number
  readonly pid: number
  readonly dir: 'read' | 'write'
  readonly file: DioFile
  readonly pos: number
  readonly addr: number
  readonly len: number
  /** The user pages the device transfers to or from, in buffer order. */
  readonly pfns: number[]
  /** FOLL_PIN (BIO_PAGE_PINNED) or FOLL_GET references. */
  readonly pinned: boolean
  /** The value read()/write() returns once the I/O is done (bytes, or -errno). */
  readonly result: number
  /** Virtual time the device completes the request. */
  readonly doneAt: number
  completed: boolean
}

interface DioQueue {
  nextId: number
  inflight: DioRequest[]
}

/** Requests in flight per kernel (the block queue). Not part of kernel snapshots. */
const queues = new WeakMap<Kernel, DioQueue>()

function queueOf(k: Kernel): DioQueue {
  let q = queues.get(k)
  if (!q) {
    q = { nextId: 1, inflight: [] }
    queues.set(k, q)
  }
  return q
}

/** Requests submitted and not yet completed (for views and tests). */
export function dio_inflight(k: Kernel): readonly DioRequest[] {
  return queueOf(k).inflight
}

/**
 * FMODE_CAN_ODIRECT (do_dentry_open; before 5.19 "a_ops->direct_IO != NULL"): which open files
 * accept O_DIRECT. Regular files of the block file systems do; tmpfs/shmem (and memfd) only from
 * 6.6; procfs files, devices, directories and pipes never.
 */
export function inode_can_odirect(k: Kernel, inode: Inode): boolean {
  if (!S_ISREG(inode.mode) || inode.dev !== null || inode.generate !== null || inode.dynamic !== null) return false
  switch (inode.fsKind) {
    case 'ext4':
    case 'xfs':
    case 'btrfs':
      return true
    case 'shmem':
      return k.has('tmpfsDirectIo')
    default:
      return false
  }
}

/**
 * Does a read/write on this open file take the block direct-I/O path? tmpfs accepts O_DIRECT
 * from 6.6 but keeps doing buffered I/O ("trivial support": no alignment, no GUP).
 */
export function file_uses_block_dio(inode: Inode, flags: number): boolean {
  // fs-DAX files take the DAX path even with O_DIRECT (ext4_file_read_iter tests IS_DAX before
  // IOCB_DIRECT): a synchronous copy to or from the pmem blocks, no GUP, no alignment rule.
  return (flags & O_DIRECT) !== 0 && S_ISREG(inode.mode) && (inode.fsKind === 'ext4' || inode.fsKind === 'xfs' || inode.fsKind === 'btrfs') &&
    inode.dev === null && inode.generate === null && !inode.dax
}

/** The DioFile of a VFS regular file: its page cache and Inode.data as the disk. */
export function inode_dio_file(k: Kernel, inode: Inode, path: string): DioFile {
  const mapping = inode_mapping(k, inode, path)
  return {
    mapping,
    path,
    i_size: () => inode.size,
    disk_read(pos, dst) {
      // Blocks that are not mapped (holes: never written, or punched) read as zeros.
      dst.fill(0)
      const end = Math.min(inode.size, pos + dst.length, inode.data.length)
      for (let at = pos; at < end; ) {
        const next = Math.min(end, (Math.floor(at / PAGE_SIZE) + 1) * PAGE_SIZE)
        if (ext4_block_mapped(inode, Math.floor(at / PAGE_SIZE))) dst.set(inode.data.subarray(at, next), at - pos)
        at = next
      }
    },
    disk_write(pos, src) {
      const end = pos + src.length
      if (end > inode.size) inode_set_size(k, inode, end)
      inode.reserve(end)
      inode.data.set(src, pos)
      // The direct write allocates the blocks it covers (ext4_map_blocks with create).
      const blocks = ext4_blocks(inode)
      for (let index = Math.floor(pos / PAGE_SIZE); index * PAGE_SIZE < end; index++) blocks.add(index)
      inode.mtime = k.clock
    }
  }
}

/**
 * The alignment iomap_dio_bio_iter / do_blockdev_direct_IO demand: file offset and length in
 * logical blocks; the buffer address too, until 6.18 — from then only each page-sized piece of
 * the buffer must hold whole blocks (the per-segment check done when the bio is split).
 */
function dio_aligned(k: Kernel, pos: number, addr: number, len: number): boolean {
  if (pos % DIO_LOGICAL_BLOCK_SIZE !== 0 || len % DIO_LOGICAL_BLOCK_SIZE !== 0) return false
  if (!k.has('dioUnalignedBufferAddress')) return addr % DIO_LOGICAL_BLOCK_SIZE === 0
  let at = addr
  const end = addr + len
  while (at < end) {
    const pieceEnd = Math.min(end, (Math.floor(at / PAGE_SIZE) + 1) * PAGE_SIZE)
    if ((pieceEnd - at) % DIO_LOGICAL_BLOCK_SIZE !== 0) return false
    at = pieceEnd
  }
  return true
}

/**
 * Submits a direct read (the disk into user memory at `addr`) or write (user memory to the
 * disk) of `count` bytes at file offset `pos`, for `task`. Returns a DioRequest the caller
 * waits on (then calls dio_complete), a byte count when there is nothing to transfer (0 for a
 * zero-length I/O or a read at/after EOF), or a negative errno:
 *   -EINVAL negative or unaligned offset, unaligned length or buffer (per version);
 *   -EFAULT the buffer is not entirely user memory (access_ok), or GUP could not get the first
 *           page (unmapped, PROT_NONE, or read-only for a read into memory: FOLL_WRITE);
 *           a buffer whose later pages fail still transfers the pages got, then fails (a write
 *           then changes nothing on the disk — Linux may already have written leading blocks);
 *   -EFBIG  a write ending past the largest file size.
 * Order, as in vfs_read/vfs_write + ext4 + iomap: access_ok, rw_verify_area, MAX_RW_COUNT clamp,
 * the zero-length return, (5.5+ reads) the EOF return, the page-cache flush (+ invalidation for
 * writes), alignment, (before 5.5) the EOF return, GUP.
 */
export function dio_submit(k: Kernel, task: TaskStruct, file: DioFile, dir: 'read' | 'write', pos: number, addr: number, count: number): DioRequest | number {
  dio_complete_due(k)
  if (!Number.isSafeInteger(pos) || !Number.isSafeInteger(addr) || !(count >= 0)) return -EINVAL
  if (addr < 0 || addr + count > TASK_SIZE) return -EFAULT // access_ok (count may be any size_t)
  if (pos < 0) return -EINVAL // rw_verify_area
  const len = Math.min(count, MAX_RW_COUNT)
  if (len === 0) return 0
  // generic_write_checks: past the largest file the file system allows (PinLab's files stop at
  // 1 GiB, the limit vfs write() applies too) is EFBIG.
  if (dir === 'write' && pos + len > DIO_MAX_FILE_SIZE) return -ERRNO.EFBIG
  const iomap = k.has('ext4DioIomap')
  const size = file.i_size()
  // iomap_dio_rw returns 0 for a read at or past EOF before anything else ...
  if (iomap && dir === 'read' && pos >= size) return 0
  // ... then the generic code flushes the range (kiocb_write_and_wait; before 5.5
  // generic_file_read_iter / generic_file_direct_write did the same before ->direct_IO) ...
  const first = Math.floor(pos / PAGE_SIZE)
  const endIndex = Math.ceil((pos + len) / PAGE_SIZE)
  filemap_write_and_wait_range(k, file.mapping, first, endIndex)
  if (dir === 'write') {
    // kiocb_invalidate_pages: after the flush nothing in the range is dirty (PinLab's writeback is
    // synchronous), so this cannot fail here; 5.5+ ext4 would fall back to buffered I/O if it did.
    invalidate_inode_pages2_range(k, file.mapping, first, endIndex)
  }
  // ... and the block layer checks alignment (iomap_dio_bio_iter; do_blockdev_direct_IO does it
  // first of all and only then looks at i_size, so there an unaligned read at EOF is EINVAL).
  if (!dio_aligned(k, pos, addr, len)) return -EINVAL
  if (dir === 'read' && pos >= size) return 0

  // bio_iov_iter_get_pages: the user pages of [addr, addr + len).
  const startPage = Math.floor(addr / PAGE_SIZE)
  const nr = Math.ceil((addr + len) / PAGE_SIZE) - startPage
  const pinned = k.has('blockDioFollPin')
  const gupFlags = dir === 'read' ? FOLL_WRITE : 0
  const pfns: number[] = []
  const got = pinned
    ? pin_user_pages_fast(k, task, startPage * PAGE_SIZE, nr, gupFlags, pfns)
    : get_user_pages_fast(k, task, startPage * PAGE_SIZE, nr, gupFlags, pfns)
  if (got <= 0) return got < 0 ? got : -EFAULT
  pfns.length = got
  // A buffer that is only partly user memory: what was got still does I/O, the call fails.
  const result = got < nr ? -EFAULT : dir === 'read' ? Math.min(len, size - pos) : len
  const q = queueOf(k)
  const doneAt = k.clock + DIO_BASE_LATENCY_NS + len
  const req: DioRequest = { id: q.nextId++, pid: task.pid, dir, file, pos, addr, len, pfns, pinned, result, doneAt, completed: false }
  q.inflight.push(req)
  if (k.tracing) {
    k.emit({ type: 'dio_submit', dir, file: file.path, pos, addr, len, gup: pinned ? 'FOLL_PIN' : 'FOLL_GET', pfns: pfns.slice(), doneAt }, task.pid)
  }
  return req
}

/**
 * The device finishes `req` (bio end_io + iomap_dio_complete): a read DMAs the disk blocks into
 * the user pages by pfn (whatever process maps them now), marks them dirty and releases them
 * (bio_check_pages_dirty / bio_release_pages: set_page_dirty_lock then put_page, or
 * unpin_user_pages_dirty_lock); a write DMAs the pages to the disk, releases them, and
 * invalidates the page cache range again — a folio dirtied meanwhile cannot be dropped, which
 * 4.15+ reports with dio_warn_stale_pagecache. Returns what read()/write() returns. Completing
 * a request twice returns its result again without touching anything.
 */
export function dio_complete(k: Kernel, req: DioRequest): number {
  if (req.completed) return req.result
  req.completed = true
  const q = queueOf(k)
  const i = q.inflight.indexOf(req)
  if (i >= 0) q.inflight.splice(i, 1)
  const { file, pos, addr, len, pfns } = req
  const pageOff = addr % PAGE_SIZE
  const transfer = Math.min(len, pfns.length * PAGE_SIZE - pageOff)
  // Page by page (a request may be up to MAX_RW_COUNT bytes: no buffer of that size).
  const chunk = new Uint8Array(PAGE_SIZE)
  let done = 0
  for (let p = 0; p < pfns.length && done < transfer; p++) {
    const off = p === 0 ? pageOff : 0
    const n = Math.min(PAGE_SIZE - off, transfer - done)
    const piece = chunk.subarray(0, n)
    if (req.dir === 'read') {
      file.disk_read(pos + done, piece)
      k.dma_write(pfns[p]!, off, chunk, n)
    } else {
      k.dma_read(pfns[p]!, off, chunk, n)
      if (req.result >= 0) file.disk_write(pos + done, piece)
    }
    done += n
  }
  bio_release_pages(k, pfns, req.pinned, req.dir === 'read')
  if (req.dir === 'write' && req.result > 0) {
    const first = Math.floor(pos / PAGE_SIZE)
    const end = Math.ceil((pos + len) / PAGE_SIZE)
    if (invalidate_inode_pages2_range(k, file.mapping, first, end) < 0 && k.has('dioWarnStalePagecache')) {
      dio_warn_stale_pagecache(k, file, req.pid)
    }
  }
  if (k.tracing) k.emit({ type: 'dio_complete', dir: req.dir, file: file.path, pos, len, ret: req.result, pfns: pfns.slice() }, req.pid)
  return req.result
}

/** Completes every in-flight request whose device time has come (the completion interrupt). */
export function dio_complete_due(k: Kernel): void {
  const q = queues.get(k)
  if (!q) return
  for (const req of q.inflight.slice()) if (req.doneAt <= k.clock) dio_complete(k, req)
}

/**
 * bio_release_pages(): reads into memory dirty the pages first (bio_check_pages_dirty), then
 * each page is released the way it was taken: unpin_user_page (BIO_PAGE_PINNED) or put_page.
 */
export function bio_release_pages(k: Kernel, pfns: readonly number[], pinned: boolean, markDirty: boolean): void {
  if (pinned) {
    if (markDirty) unpin_user_pages_dirty_lock(k, pfns, pfns.length, true)
    else for (const pfn of pfns) unpin_user_page(k, pfn)
    return
  }
  for (const pfn of pfns) {
    if (markDirty) set_page_dirty_lock(k, pfn)
    put_user_page(k, pfn)
  }
}

/** dio_warn_stale_pagecache(): the two pr_crit lines a failed post-write invalidation prints. */
export function dio_warn_stale_pagecache(k: Kernel, file: DioFile, pid: number): void {
  const comm = k.tasks.get(pid)?.comm ?? '?'
  k.printk(KERN_CRIT, 'Page cache invalidation failure on direct I/O.  Possible data corruption due to collision with buffered I/O!')
  k.printk(KERN_CRIT, `File: ${file.path} PID: ${pid} Comm: ${comm.slice(0, 20)}`)
  if (k.tracing) k.emit({ type: 'warn', msg: `dio_warn_stale_pagecache: ${file.path}` }, pid)
}
