/**
 * io_uring/io_uring.c (fs/io_uring.c before 5.19) — io_uring_setup(2), io_uring_enter(2), the
 * shared rings and their mmap. Reference: userspace-api.md §3 (offsets, features, errno tables
 * observed on 6.18), kernel-semantics.md §4c (the rings are kernel pages mapped MAP_SHARED: no
 * COW, no GUP), version.ts (the io_uring entries: what each kernel version has).
 *
 * Model (and why):
 * - The SQ/CQ rings and the SQE array are KERNEL pages (alloc_kernel_page) that the application
 *   maps with mmap(fd, IORING_OFF_SQ_RING | IORING_OFF_CQ_RING | IORING_OFF_SQES); the mmap
 *   handler is io_uring_mmap (remap_pfn_range, as 5.x did). The kernel side reads the SQEs and
 *   writes the CQEs through those frames (page contents by pfn), never through page tables —
 *   exactly like the real kernel's io_rings pointer, so what the program stores in the mapping
 *   is what the kernel sees.
 * - Completions are INLINE: io_uring_enter issues every SQE it consumes and posts its CQE before
 *   returning (what the real kernel does for a NOP, and for buffered file I/O that does not need
 *   to block — PinLab's files never wait for a disk). There is no io-wq and no SQPOLL thread.
 * - Fixed-buffer I/O (rsrc.ts, rw.ts) uses the pages pinned at registration, by pfn.
 * - A ring whose fd is closed while still mapped stays alive until the next io_uring call finds
 *   it unmapped (the real ctx lives until the last vm_file reference drops at munmap); process
 *   exit and execve tear the mm down before closing descriptors, so the ring is freed there.
 *
 * Not modelled (documented, each refused with -EINVAL and a KERN_INFO line naming it, never a
 * silent success): setup flags other than CQSIZE and CLAMP (SQPOLL, IOPOLL, ATTACH_WQ,
 * R_DISABLED, SQE128, CQE32, NO_MMAP, …), enter flags other than GETEVENTS/SQ_WAKEUP/SQ_WAIT,
 * opcodes other than NOP, READV, WRITEV, FSYNC, READ_FIXED, WRITE_FIXED, READ, WRITE,
 * IOSQE_BUFFER_SELECT, registration opcodes other than (UN)REGISTER_BUFFERS and
 * UNREGISTER_FILES (REGISTER_FILES itself is not modelled), and the 5.9–5.11 VmLck share of the
 * ring memory (the 5.1–5.11 RLIMIT_MEMLOCK charge of the rings is modelled).
 */
import type { Kernel } from '../kernel'
import { capable, type TaskStruct } from '../include/linux/sched'
import { CAP_IPC_LOCK } from '../include/linux/capability'
import type { MmStruct, VmArea } from '../include/linux/mm_types'
import type { AddressSpace } from '../include/linux/fs'
import type { CharDeviceOps } from '../fs/inode'
import type { Vfs } from '../fs/vfs'
import { File, O_RDWR } from '../fs/file'
import { ERRNO, ERESTARTSYS } from '../include/uapi/asm-generic/errno-base'
import { alloc_kernel_page, free_kernel_page, remap_pfn_range } from '../mm/memory_remap'
import { KERN_INFO } from '../kernel/printk'
import { io_account_user_pages, io_sqe_buffers_register, io_sqe_buffers_unregister, io_unaccount_user_pages, type IoMappedUbuf } from './rsrc'
import { io_issue_sqe } from './rw'

import {
  IORING_SETUP_IOPOLL, IORING_SETUP_SQPOLL, IORING_SETUP_SQ_AFF, IORING_SETUP_CQSIZE, IORING_SETUP_CLAMP,
  IORING_OFF_SQ_RING, IORING_OFF_CQ_RING, IORING_OFF_SQES, IORING_OFF_MMAP_MASK, IORING_ENTER_GETEVENTS,
  IORING_ENTER_SQ_WAKEUP, IORING_ENTER_SQ_WAIT, IOSQE_FIXED_FILE, IOSQE_IO_DRAIN, IOSQE_IO_LINK,
  IOSQE_IO_HARDLINK, IOSQE_ASYNC, IOSQE_BUFFER_SELECT, IOSQE_CQE_SKIP_SUCCESS, IORING_REGISTER_BUFFERS,
  IORING_UNREGISTER_BUFFERS, IORING_REGISTER_FILES, IORING_UNREGISTER_FILES, IORING_SQ_CQ_OVERFLOW,
  IORING_MAX_ENTRIES, IORING_MAX_CQ_ENTRIES, SIZEOF_IO_URING_PARAMS, SIZEOF_SQE, SIZEOF_CQE
} from '../include/uapi/linux/io_uring'
export {
  IORING_SETUP_IOPOLL, IORING_SETUP_SQPOLL, IORING_SETUP_SQ_AFF, IORING_SETUP_CQSIZE, IORING_SETUP_CLAMP,
  IORING_OFF_SQ_RING, IORING_OFF_CQ_RING, IORING_OFF_SQES, IORING_OFF_MMAP_MASK, IORING_ENTER_GETEVENTS,
  IORING_ENTER_SQ_WAKEUP, IORING_ENTER_SQ_WAIT, IORING_FEAT_SINGLE_MMAP, IORING_OP_NOP, IORING_OP_READV,
  IORING_OP_WRITEV, IORING_OP_FSYNC, IORING_OP_READ_FIXED, IORING_OP_WRITE_FIXED, IORING_OP_READ,
  IORING_OP_WRITE, IOSQE_FIXED_FILE, IOSQE_IO_DRAIN, IOSQE_IO_LINK, IOSQE_IO_HARDLINK, IOSQE_ASYNC,
  IOSQE_BUFFER_SELECT, IOSQE_CQE_SKIP_SUCCESS, IORING_REGISTER_BUFFERS, IORING_UNREGISTER_BUFFERS,
  IORING_REGISTER_FILES, IORING_UNREGISTER_FILES, IORING_SQ_CQ_OVERFLOW, IORING_MAX_ENTRIES,
  IORING_MAX_CQ_ENTRIES, SIZEOF_IO_URING_PARAMS, SIZEOF_SQE, SIZEOF_CQE
} from '../include/uapi/linux/io_uring'

const PAGE_SIZE = 4096

/** The setup flags this version knows (an unknown bit is -EINVAL), per version.ts. */
function io_uring_setup_known_flags(k: Kernel): number {
  let f = IORING_SETUP_IOPOLL | IORING_SETUP_SQPOLL | IORING_SETUP_SQ_AFF
  if (k.has('ioUringCqSize')) f |= IORING_SETUP_CQSIZE
  if (k.has('ioUringReadWrite')) f |= IORING_SETUP_CLAMP | (1 << 5) /* ATTACH_WQ */
  if (k.has('ioUringSetupRDisabled')) f |= 1 << 6
  if (k.has('ioUringSetup518to61')) f |= 0x7f << 7
  if (k.has('ioUringSetupNoMmap')) f |= (1 << 14) | (1 << 15)
  if (k.has('ioUringSetupNoSqArray')) f |= 1 << 16
  if (k.has('ioUringSetup613to618')) f |= (1 << 17) | (1 << 18)
  return f
}

/** IORING_FEAT_* that io_uring_setup reports, per version (6.18 observed: 0x3ffff). */
export function io_uring_features(k: Kernel): number {
  let f = 0
  if (k.has('ioUringSingleMmap')) f |= 1 << 0
  if (k.has('ioUringNoDrop')) f |= (1 << 1) | (1 << 2)
  if (k.has('ioUringReadWrite')) f |= (1 << 3) | (1 << 4)
  if (k.has('ioUringFastPoll')) f |= 1 << 5
  if (k.has('ioUringReportPinned')) f |= 1 << 6
  if (k.has('ioUringFeat511')) f |= (1 << 7) | (1 << 8)
  if (k.has('ioUringFeat512to517')) f |= 0xf << 9
  if (k.has('ioUringFeatRegRegRing')) f |= 1 << 13
  if (k.has('ioUringFeat610to615')) f |= 0xf << 14
  return f
}

/** The IOSQE_* flags this version knows. */
export function io_sqe_known_flags(k: Kernel): number {
  // FIXED_FILE 5.1, IO_DRAIN 5.2, IO_LINK 5.3, IO_HARDLINK 5.5, ASYNC 5.6, BUFFER_SELECT 5.7,
  // CQE_SKIP_SUCCESS 5.17 (grouped on the same version.ts boundaries as the feature bits)
  let f = IOSQE_FIXED_FILE | IOSQE_IO_DRAIN | IOSQE_IO_LINK
  if (k.has('ioUringNoDrop')) f |= IOSQE_IO_HARDLINK
  if (k.has('ioUringReadWrite')) f |= IOSQE_ASYNC
  if (k.has('ioUringFastPoll')) f |= IOSQE_BUFFER_SELECT
  if (k.has('ioUringFeat512to517')) f |= IOSQE_CQE_SKIP_SUCCESS
  return f
}

/**
 * Where the fields of struct io_rings are (the offsets io_uring_setup publishes in sq_off and
 * cq_off). Until the head/tail cacheline alignment went away (ioRingsPacked) each of sq.head,
 * sq.tail, cq.head, cq.tail sits on its own 64-byte line; cq_flags exists from 5.8
 * (IORING_CQ_EVENTFD_DISABLED). The CQEs start on a cacheline, the SQ index array on the next
 * cacheline after them (rings_size()).
 */
export interface RingLayout {
  sqHead: number
  sqTail: number
  cqHead: number
  cqTail: number
  sqRingMask: number
  cqRingMask: number
  sqRingEntries: number
  cqRingEntries: number
  sqDropped: number
  sqFlags: number
  cqFlags: number
  cqOverflow: number
  cqes: number
  sqArray: number
  /** Bytes of the rings region (SQ array included). */
  size: number
}

const align64 = (n: number) => Math.ceil(n / 64) * 64

export function rings_size(k: Kernel, sqEntries: number, cqEntries: number): RingLayout {
  const packed = k.has('ioRingsPacked')
  const line = packed ? 4 : 64
  const base = 4 * line
  const hasCqFlags = k.has('ioUringCqFlags')
  const cqFlags = hasCqFlags ? base + 24 : 0
  const cqOverflow = hasCqFlags ? base + 28 : base + 24
  const cqes = align64(cqOverflow + 4)
  const sqArray = align64(cqes + SIZEOF_CQE * cqEntries)
  return {
    sqHead: 0, sqTail: line, cqHead: 2 * line, cqTail: 3 * line,
    sqRingMask: base, cqRingMask: base + 4, sqRingEntries: base + 8, cqRingEntries: base + 12,
    sqDropped: base + 16, sqFlags: base + 20, cqFlags, cqOverflow, cqes, sqArray,
    size: sqArray + 4 * sqEntries
  }
}

const roundup_pow_of_two = (n: number) => 2 ** Math.ceil(Math.log2(n))
/** get_order(bytes) in pages: the real rings are one physically contiguous power-of-two block. */
const pagesForOrder = (bytes: number) => roundup_pow_of_two(Math.max(1, Math.ceil(bytes / PAGE_SIZE)))

/** A CQE waiting for room in the CQ ring (IORING_FEAT_NODROP's overflow list). */
interface OverflowCqe {
  userData: bigint
  res: number
}

let nextCtxId = 1

/** The rings of each kernel that are not freed yet (memory views list their registered buffers). */
const liveRings = new WeakMap<Kernel, Set<IoRingCtx>>()

/** io_uring instances of `k` not yet freed, in creation order (read-only use). */
export function io_uring_contexts(k: Kernel): IoRingCtx[] {
  return [...(liveRings.get(k) ?? [])].filter((c) => !c.freed)
}

/**
 * struct io_ring_ctx — one io_uring instance, the private data of its anon-inode file.
 * It is the file's CharDeviceOps (read/write are -EINVAL, release tears it down) and owns the
 * address_space whose ->mmap maps the rings.
 */
export class IoRingCtx implements CharDeviceOps {
  readonly id = nextCtxId++
  readonly layout: RingLayout
  /** The rings region and the SQE array: kernel frames, one pfn per page. */
  readonly ringPfns: number[] = []
  readonly sqePfns: number[] = []
  readonly mapping: AddressSpace
  /** ctx->cached_sq_head and ctx->cached_cq_tail: the kernel's own copies of its ring indices. */
  cachedSqHead = 0
  cachedCqTail = 0
  overflowList: OverflowCqe[] = []
  /** Registered buffers (ctx->user_bufs); null when none are registered. */
  userBufs: IoMappedUbuf[] | null = null
  /** The file was released while its rings were still mapped: freed once they are unmapped. */
  released = false
  freed = false

  constructor(
    readonly k: Kernel,
    readonly vfs: Vfs,
    readonly sqEntries: number,
    readonly cqEntries: number,
    readonly flags: number,
    /** ctx->mm_account: the mm VmPin is charged to (5.9+). */
    readonly mm: MmStruct,
    /** ctx->user: the uid whose locked_vm is charged, or null with CAP_IPC_LOCK at setup. */
    readonly user: number | null
  ) {
    this.layout = rings_size(k, sqEntries, cqEntries)
    let live = liveRings.get(k)
    if (!live) liveRings.set(k, (live = new Set()))
    live.add(this)
    this.mapping = k.createMapping({ kind: 'other', name: 'anon_inode:[io_uring]', size: 0, ops: { mmap: (kk, mm, vma) => this.io_uring_mmap(mm, vma) } })
  }

  /** ring_pages(): what the rings cost in pages (each region a power-of-two block). */
  get ringPages(): number {
    return pagesForOrder(this.layout.size) + pagesForOrder(SIZEOF_SQE * this.sqEntries)
  }

  /** Pages charged for the ring memory (5.1–5.11), returned at free. */
  ringPagesCharged = 0

  /** io_mem_alloc for the rings and the SQEs; false when memory runs out. */
  allocRings(): boolean {
    const k = this.k
    for (let i = 0; i < pagesForOrder(this.layout.size); i++) {
      const pfn = alloc_kernel_page(k)
      if (pfn < 0) return false
      this.ringPfns.push(pfn)
    }
    for (let i = 0; i < pagesForOrder(SIZEOF_SQE * this.sqEntries); i++) {
      const pfn = alloc_kernel_page(k)
      if (pfn < 0) return false
      this.sqePfns.push(pfn)
    }
    const L = this.layout
    this.put32(L.sqRingMask, this.sqEntries - 1)
    this.put32(L.cqRingMask, this.cqEntries - 1)
    this.put32(L.sqRingEntries, this.sqEntries)
    this.put32(L.cqRingEntries, this.cqEntries)
    return true
  }

  // ---------------------------------------------------------------- kernel view of the rings

  get32(off: number): number {
    const b = new Uint8Array(4)
    this.k.phys.contents.readBytes(this.ringPfns[Math.floor(off / PAGE_SIZE)]!, off % PAGE_SIZE, b, 0, 4)
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0
  }

  put32(off: number, v: number): void {
    const b = new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff])
    this.k.phys.contents.writeBytes(this.ringPfns[Math.floor(off / PAGE_SIZE)]!, off % PAGE_SIZE, b, 0, 4)
  }

  /** READ_ONCE of one 64-byte SQE (entries never straddle a page: 64 divides 4096). */
  readSqe(index: number): DataView {
    const off = index * SIZEOF_SQE
    const b = new Uint8Array(SIZEOF_SQE)
    this.k.phys.contents.readBytes(this.sqePfns[Math.floor(off / PAGE_SIZE)]!, off % PAGE_SIZE, b, 0, SIZEOF_SQE)
    return new DataView(b.buffer)
  }

  // ---------------------------------------------------------------- file operations

  read(): number {
    return -ERRNO.EINVAL
  }

  write(): number {
    return -ERRNO.EINVAL
  }

  readAt(): number {
    return -ERRNO.EINVAL
  }

  writeAt(): number {
    return -ERRNO.EINVAL
  }

  /** The mapping whose ->mmap maps the rings (libc's mmap of an io_uring fd goes here). */
  mmapMapping(): AddressSpace {
    return this.mapping
  }

  /**
   * io_uring_release(): the last close of the file. The real ctx is freed only after every
   * vm_file reference (the ring mappings) is gone; here the ring stays until it is unmapped.
   */
  release(): void {
    this.released = true
    io_uring_reap(this.k)
    if (!this.freed && !this.isMapped()) this.io_ring_ctx_free()
    else if (!this.freed) pendingRelease(this.k).add(this)
  }

  /** Does any mm still map the rings? */
  isMapped(): boolean {
    for (const mm of this.k.mms.values()) for (const vma of mm.vmas) if (vma.file?.mappingId === this.mapping.id) return true
    return false
  }

  /**
   * io_ring_ctx_free(): unregister the buffers (unpinning them: no dirtying — the real code
   * never set dirty on unregister), free the ring pages.
   */
  io_ring_ctx_free(): void {
    if (this.freed) return
    this.freed = true
    liveRings.get(this.k)?.delete(this)
    io_sqe_buffers_unregister(this)
    io_unaccount_ring_pages(this)
    for (const pfn of this.ringPfns) free_kernel_page(this.k, pfn)
    for (const pfn of this.sqePfns) free_kernel_page(this.k, pfn)
    this.ringPfns.length = 0
    this.sqePfns.length = 0
    this.k.mappings.delete(this.mapping.id)
    if (this.k.tracing) this.k.emit({ type: 'io_uring', event: 'free', ctx: this.id })
  }

  /**
   * io_uring_mmap() / io_uring_validate_mmap_request(): the page offset selects the region
   * (SQ ring, CQ ring — the same memory since SINGLE_MMAP (5.4) — or the SQE array). Until 6.4
   * the offset must match exactly and a size beyond the region is -EINVAL; from 6.4 the offset
   * is masked with IORING_OFF_MMAP_MASK and failures come from io_uring_get_unmapped_area as
   * -ENOMEM; from the region rework (ioUringRegionMmap) a larger VMA is accepted and only the
   * region's pages are mapped (the rest faults with SIGBUS: a PFN map has no ->fault).
   */
  io_uring_mmap(mm: MmStruct, vma: VmArea): number {
    const masked = this.k.has('ioUringMmapMask')
    const fail = masked ? -ERRNO.ENOMEM : -ERRNO.EINVAL
    if (this.freed) return fail
    const offset = vma.pgoff * PAGE_SIZE
    let pfns: number[]
    switch (masked ? (offset & IORING_OFF_MMAP_MASK) >>> 0 : offset) {
      case IORING_OFF_SQ_RING:
      case IORING_OFF_CQ_RING:
        pfns = this.ringPfns
        break
      case IORING_OFF_SQES:
        pfns = this.sqePfns
        break
      default:
        return fail
    }
    let pages = (vma.end - vma.start) / PAGE_SIZE
    if (pages > pfns.length) {
      if (!this.k.has('ioUringRegionMmap')) return fail
      pages = pfns.length
    }
    for (let i = 0; i < pages; i++) {
      const r = remap_pfn_range(this.k, mm, vma, vma.start + i * PAGE_SIZE, pfns[i]!, PAGE_SIZE)
      if (r < 0) return r
    }
    return 0
  }

  // ---------------------------------------------------------------- completions

  /** Free CQ slots: the application moves cq.head, the kernel cq.tail. */
  private cqSpace(): number {
    const head = this.get32(this.layout.cqHead)
    return this.cqEntries - ((this.cachedCqTail - head) >>> 0)
  }

  /**
   * io_cqring_fill_event + io_commit_cqring: post one CQE {user_data, res, flags 0} and publish
   * the new tail. A full CQ ring drops it and counts cq_overflow before IORING_FEAT_NODROP (5.5);
   * from 5.5 it waits on the overflow list until the application makes room.
   */
  io_cqring_fill_event(userData: bigint, res: number): void {
    if (this.overflowList.length > 0 || this.cqSpace() <= 0) {
      if (this.k.has('ioUringNoDrop')) {
        this.overflowList.push({ userData, res })
        if (this.k.has('ioUringSqCqOverflow')) this.put32(this.layout.sqFlags, this.get32(this.layout.sqFlags) | IORING_SQ_CQ_OVERFLOW)
      } else this.put32(this.layout.cqOverflow, this.get32(this.layout.cqOverflow) + 1)
      if (this.k.tracing) this.k.emit({ type: 'io_uring', event: 'overflow', ctx: this.id, res, userData: userData.toString() })
      this.io_cqring_overflow_flush()
      return
    }
    this.writeCqe(userData, res)
  }

  private writeCqe(userData: bigint, res: number): void {
    const L = this.layout
    const off = L.cqes + ((this.cachedCqTail & (this.cqEntries - 1)) * SIZEOF_CQE)
    const b = new Uint8Array(SIZEOF_CQE)
    const dv = new DataView(b.buffer)
    dv.setBigUint64(0, BigInt.asUintN(64, userData), true)
    dv.setInt32(8, res, true)
    dv.setUint32(12, 0, true)
    this.k.phys.contents.writeBytes(this.ringPfns[Math.floor(off / PAGE_SIZE)]!, off % PAGE_SIZE, b, 0, SIZEOF_CQE)
    this.cachedCqTail = (this.cachedCqTail + 1) >>> 0
    this.put32(L.cqTail, this.cachedCqTail)
    if (this.k.tracing) this.k.emit({ type: 'io_uring', event: 'complete', ctx: this.id, res, userData: userData.toString() })
  }

  /**
   * __io_cqring_overflow_flush: move backlogged CQEs into the ring while there is room; clear
   * IORING_SQ_CQ_OVERFLOW once the list is empty.
   */
  io_cqring_overflow_flush(): void {
    if (this.overflowList.length === 0) return
    while (this.overflowList.length > 0 && this.cqSpace() > 0) {
      const c = this.overflowList.shift()!
      this.writeCqe(c.userData, c.res)
    }
    if (this.overflowList.length === 0) this.put32(this.layout.sqFlags, this.get32(this.layout.sqFlags) & ~IORING_SQ_CQ_OVERFLOW)
  }

  /** CQEs the application has not consumed yet (io_cqring_events). */
  io_cqring_events(): number {
    this.io_cqring_overflow_flush()
    return (this.cachedCqTail - this.get32(this.layout.cqHead)) >>> 0
  }

  // ---------------------------------------------------------------- submission

  /**
   * io_submit_sqes(): consume up to `toSubmit` SQEs between the kernel's cached head and the
   * tail the application published, issue each, commit the new SQ head. An index in the SQ
   * array beyond sq_entries is dropped (sq_dropped++) and ends the batch. Returns the number of
   * SQEs consumed (each one that was issued posts a CQE, success or -errno).
   *
   * Links (IOSQE_IO_LINK, 5.3): a member that fails — an error, or a read/write that moved fewer
   * bytes than asked — cancels the rest of its chain without issuing them; their -ECANCELED
   * CQEs are posted after the batch (the kernel fails them from task_work: observed on 6.18,
   * where an unlinked request submitted after the chain completes first; the ordering of older
   * versions is UNVERIFIED). IOSQE_IO_HARDLINK (5.5) chains do not break on failure.
   * IOSQE_CQE_SKIP_SUCCESS (5.17) posts no CQE for a success.
   */
  io_submit_sqes(task: TaskStruct, pid: number, toSubmit: number): number {
    const L = this.layout
    const tail = this.get32(L.sqTail)
    const available = (tail - this.cachedSqHead) >>> 0
    const nr = Math.min(toSubmit, available, this.sqEntries)
    let submitted = 0
    let chainFailed = false
    let inChain = false
    const cancelled: bigint[] = []
    for (let i = 0; i < nr; i++) {
      const slot = this.cachedSqHead & (this.sqEntries - 1)
      const index = this.get32(L.sqArray + 4 * slot)
      this.cachedSqHead = (this.cachedSqHead + 1) >>> 0
      if (index >= this.sqEntries) {
        this.put32(L.sqDropped, this.get32(L.sqDropped) + 1)
        break
      }
      submitted++
      const sqe = this.readSqe(index)
      const sqeFlags = sqe.getUint8(1)
      const userData = sqe.getBigUint64(32, true)
      const known = (sqeFlags & ~io_sqe_known_flags(this.k)) === 0
      const linked = known && (sqeFlags & (IOSQE_IO_LINK | IOSQE_IO_HARDLINK)) !== 0
      if (inChain && chainFailed) {
        cancelled.push(userData)
        if (this.k.tracing) this.k.emit({ type: 'io_uring', event: 'submit', ctx: this.id, opcode: sqe.getUint8(0), res: -ERRNO.ECANCELED, userData: userData.toString() })
        if (!linked) {
          inChain = false
          chainFailed = false
        }
        continue
      }
      const out = { short: false }
      const res = io_issue_sqe(this, task, pid, sqe, out)
      if (this.k.tracing) this.k.emit({ type: 'io_uring', event: 'submit', ctx: this.id, opcode: sqe.getUint8(0), res, userData: userData.toString() })
      if (linked) {
        if ((res < 0 || out.short) && (sqeFlags & IOSQE_IO_HARDLINK) === 0) chainFailed = true
        inChain = true
      } else {
        inChain = false
        chainFailed = false
      }
      const skip = known && (sqeFlags & IOSQE_CQE_SKIP_SUCCESS) !== 0 && res >= 0
      if (!skip) this.io_cqring_fill_event(userData, res)
    }
    for (const userData of cancelled) this.io_cqring_fill_event(userData, -ERRNO.ECANCELED)
    this.put32(L.sqHead, this.cachedSqHead)
    return submitted
  }
}

/**
 * 5.1–5.11 io_uring_create: io_account_mem(ring_pages) — the uid's locked_vm against
 * RLIMIT_MEMLOCK without CAP_IPC_LOCK (-ENOMEM). Not modelled: 5.9–5.11 also added the ring
 * pages to mm->locked_vm (VmLck), which PinLab keeps equal to the VM_LOCKED VMAs (mm/debug.ts).
 */
function io_account_ring_pages(ctx: IoRingCtx, task: TaskStruct): number {
  const k = ctx.k
  if (!k.has('ioUringRingMemlock')) return 0
  const n = ctx.ringPages
  const r = io_account_user_pages(k, ctx.user, task, n)
  if (r < 0) return r
  ctx.ringPagesCharged = n
  return 0
}

function io_unaccount_ring_pages(ctx: IoRingCtx): void {
  const n = ctx.ringPagesCharged
  if (n === 0) return
  ctx.ringPagesCharged = 0
  io_unaccount_user_pages(ctx.k, ctx.user, n)
}

// ---------------------------------------------------------------- deferred release

const pending = new WeakMap<Kernel, Set<IoRingCtx>>()

function pendingRelease(k: Kernel): Set<IoRingCtx> {
  let s = pending.get(k)
  if (!s) pending.set(k, (s = new Set()))
  return s
}

/** Frees released rings that are no longer mapped anywhere (the final fput of the ring file). */
export function io_uring_reap(k: Kernel): void {
  const s = pending.get(k)
  if (!s) return
  for (const ctx of [...s]) {
    if (!ctx.isMapped()) {
      s.delete(ctx)
      ctx.io_ring_ctx_free()
    }
  }
}

/** The io_uring instance behind a descriptor, or a negative errno (-EBADF, -EOPNOTSUPP). */
export function io_uring_ctx_of(vfs: Vfs, pid: number, fd: number): IoRingCtx | number {
  const file = vfs.file(pid, fd)
  if (typeof file === 'number') return file
  const dev = file.inode.dev
  return dev instanceof IoRingCtx ? dev : -ERRNO.EOPNOTSUPP
}

function notModelled(k: Kernel, what: string): number {
  k.printk(KERN_INFO, `pinlab: io_uring: ${what} is not modelled`)
  return -ERRNO.EINVAL
}

// ---------------------------------------------------------------- syscalls

/**
 * io_uring_setup(2): validate params, size the rings (entries rounded up to a power of two,
 * CQ twice the SQ unless IORING_SETUP_CQSIZE), allocate them, fill in sq_off/cq_off/features,
 * copy params back and return a new O_RDWR|O_CLOEXEC descriptor. -ENOSYS before 5.1.
 */
export function io_uring_setup(k: Kernel, vfs: Vfs, task: TaskStruct, pid: number, entries: number, params: number): number {
  const ret = io_uring_setup_inner(k, vfs, task, pid, entries >>> 0, params)
  if (k.tracing) k.emit({ type: 'syscall', name: 'io_uring_setup', args: [entries, params], ret }, task.pid)
  return ret
}

function io_uring_setup_inner(k: Kernel, vfs: Vfs, task: TaskStruct, pid: number, entries: number, params: number): number {
  if (!k.has('ioUring')) return -ERRNO.ENOSYS
  k.tick(2000)
  io_uring_reap(k)
  const ua = k.uaccess(task)
  const raw = new Uint8Array(SIZEOF_IO_URING_PARAMS)
  if (ua.copy_from_user(raw, params, SIZEOF_IO_URING_PARAMS) !== 0) return -ERRNO.EFAULT
  const p = new DataView(raw.buffer)
  // resv[] must be zero; before 5.6 wq_fd was resv[0] too
  for (let off = 28; off < 40; off += 4) if (p.getUint32(off, true) !== 0) return -ERRNO.EINVAL
  if (!k.has('ioUringReadWrite') && p.getUint32(24, true) !== 0) return -ERRNO.EINVAL
  const flags = p.getUint32(8, true)
  if (flags & ~io_uring_setup_known_flags(k)) return -ERRNO.EINVAL
  if (flags & ~(IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP)) return notModelled(k, `setup flags 0x${(flags & ~(IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP)).toString(16)}`)

  // io_uring_create(): entry counts
  if (entries === 0) return -ERRNO.EINVAL
  if (entries > IORING_MAX_ENTRIES) {
    if (!(flags & IORING_SETUP_CLAMP)) return -ERRNO.EINVAL
    entries = IORING_MAX_ENTRIES
  }
  const sqEntries = roundup_pow_of_two(entries)
  let cqEntries: number
  if (flags & IORING_SETUP_CQSIZE) {
    let cq = p.getUint32(4, true)
    if (cq === 0) return -ERRNO.EINVAL
    if (cq > IORING_MAX_CQ_ENTRIES) {
      if (!(flags & IORING_SETUP_CLAMP)) return -ERRNO.EINVAL
      cq = IORING_MAX_CQ_ENTRIES
    }
    cqEntries = roundup_pow_of_two(cq)
    if (cqEntries < sqEntries) return -ERRNO.EINVAL
  } else {
    cqEntries = 2 * sqEntries
  }

  const files = vfs.files(pid)
  if (!files || !task.mm) return -ERRNO.EBADF
  const user = capable(task, CAP_IPC_LOCK) ? null : task.cred.uid
  const ctx = new IoRingCtx(k, vfs, sqEntries, cqEntries, flags, task.mm, user)
  // 5.1–5.11: the ring memory itself is charged (ring_pages), -ENOMEM over RLIMIT_MEMLOCK
  const r = io_account_ring_pages(ctx, task)
  if (r < 0) {
    ctx.io_ring_ctx_free()
    return r
  }
  if (!ctx.allocRings()) {
    ctx.io_ring_ctx_free()
    return -ERRNO.ENOMEM
  }

  // io_uring_fill_params(): what the application needs to map the rings
  const L = ctx.layout
  p.setUint32(0, sqEntries, true)
  p.setUint32(4, cqEntries, true)
  p.setUint32(20, io_uring_features(k), true)
  const sqOff = [L.sqHead, L.sqTail, L.sqRingMask, L.sqRingEntries, L.sqFlags, L.sqDropped, L.sqArray, 0]
  sqOff.forEach((v, i) => p.setUint32(40 + 4 * i, v, true))
  p.setBigUint64(72, 0n, true)
  const cqOff = [L.cqHead, L.cqTail, L.cqRingMask, L.cqRingEntries, L.cqOverflow, L.cqes, L.cqFlags, 0]
  cqOff.forEach((v, i) => p.setUint32(80 + 4 * i, v, true))
  p.setBigUint64(112, 0n, true)
  if (ua.copy_to_user(params, raw, SIZEOF_IO_URING_PARAMS) !== 0) {
    ctx.io_ring_ctx_free()
    return -ERRNO.EFAULT
  }

  // io_uring_install_fd(): an anon inode file, O_RDWR | O_CLOEXEC
  const inode = vfs.createInode(0o600, task.cred.uid, task.cred.uid)
  inode.dev = ctx
  const fd = vfs.installFd(files, new File(inode, O_RDWR), true /* O_CLOEXEC: a descriptor flag */)
  if (fd < 0) ctx.io_ring_ctx_free()
  return fd
}

/**
 * io_uring_enter(2): submit up to `toSubmit` SQEs (each completes inline), then with
 * IORING_ENTER_GETEVENTS wait until `minComplete` CQEs are there. Returns the number of SQEs
 * consumed, or -errno. Nothing is ever in flight after submission, so a wait that the CQ ring
 * cannot satisfy blocks (-ERESTARTSYS: the caller sleeps, as Linux would, until a signal).
 */
export function io_uring_enter(k: Kernel, vfs: Vfs, task: TaskStruct, pid: number, fd: number, toSubmit: number, minComplete: number, flags: number): number {
  const ret = io_uring_enter_inner(k, vfs, task, pid, fd, toSubmit >>> 0, minComplete >>> 0, flags >>> 0)
  if (k.tracing && ret !== -ERESTARTSYS) k.emit({ type: 'syscall', name: 'io_uring_enter', args: [fd, toSubmit, minComplete, flags], ret }, task.pid)
  return ret
}

function io_uring_enter_inner(k: Kernel, vfs: Vfs, task: TaskStruct, pid: number, fd: number, toSubmit: number, minComplete: number, flags: number): number {
  if (!k.has('ioUring')) return -ERRNO.ENOSYS
  k.tick(500)
  io_uring_reap(k)
  let known = IORING_ENTER_GETEVENTS | IORING_ENTER_SQ_WAKEUP
  if (k.has('ioUringFeat511')) known |= IORING_ENTER_SQ_WAIT | (1 << 3) /* EXT_ARG */
  if (k.has('ioUringSetup518to61')) known |= 1 << 4 /* REGISTERED_RING */
  if (k.has('ioUringFeat610to615')) known |= (1 << 5) | (1 << 6) | (1 << 7) /* ABS_TIMER, EXT_ARG_REG, NO_IOWAIT */
  if (flags & ~known) return -ERRNO.EINVAL
  const ctx = io_uring_ctx_of(vfs, pid, fd)
  if (typeof ctx === 'number') return ctx
  const modelled = IORING_ENTER_GETEVENTS | IORING_ENTER_SQ_WAKEUP | IORING_ENTER_SQ_WAIT
  if (flags & ~modelled) return notModelled(k, `enter flags 0x${(flags & ~modelled).toString(16)}`)
  let submitted = 0
  if (toSubmit > 0) submitted = ctx.io_submit_sqes(task, pid, toSubmit)
  if (flags & IORING_ENTER_GETEVENTS) {
    const want = Math.min(minComplete, ctx.cqEntries)
    // io_cqring_wait: nothing is in flight after an inline submission, so a shortfall can only
    // end with a signal — sleep. (Consumed SQEs stay consumed: a restart submits nothing new.)
    if (ctx.io_cqring_events() < want) return -ERESTARTSYS
  }
  return submitted
}

/**
 * io_uring_register(2): REGISTER_BUFFERS / UNREGISTER_BUFFERS (rsrc.ts); UNREGISTER_FILES with
 * no file table is -ENXIO. Unknown opcodes are -EINVAL.
 */
export function io_uring_register(k: Kernel, vfs: Vfs, task: TaskStruct, pid: number, fd: number, opcode: number, arg: number, nrArgs: number): number {
  const ret = io_uring_register_inner(k, vfs, task, pid, fd, opcode >>> 0, arg, nrArgs >>> 0)
  if (k.tracing) k.emit({ type: 'syscall', name: 'io_uring_register', args: [fd, opcode, arg, nrArgs], ret }, task.pid)
  return ret
}

function io_uring_register_inner(k: Kernel, vfs: Vfs, task: TaskStruct, pid: number, fd: number, opcode: number, arg: number, nrArgs: number): number {
  if (!k.has('ioUring')) return -ERRNO.ENOSYS
  k.tick(1000)
  io_uring_reap(k)
  const ctx = io_uring_ctx_of(vfs, pid, fd)
  if (typeof ctx === 'number') return ctx
  switch (opcode) {
    case IORING_REGISTER_BUFFERS:
      return io_sqe_buffers_register(ctx, task, arg, nrArgs)
    case IORING_UNREGISTER_BUFFERS:
      if (arg !== 0 || nrArgs !== 0) return -ERRNO.EINVAL
      return io_sqe_buffers_unregister(ctx)
    case IORING_REGISTER_FILES:
      return notModelled(k, 'IORING_REGISTER_FILES')
    case IORING_UNREGISTER_FILES:
      if (arg !== 0 || nrArgs !== 0) return -ERRNO.EINVAL
      return -ERRNO.ENXIO // no file table is ever registered
    default:
      // unknown to this version, or one of the later registration opcodes PinLab does not model
      return -ERRNO.EINVAL
  }
}
