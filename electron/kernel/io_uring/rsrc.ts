/**
 * io_uring/rsrc.c (fs/io_uring.c before 5.19) — IORING_REGISTER_BUFFERS / UNREGISTER_BUFFERS:
 * fixed buffers, pinned once and then used by READ_FIXED / WRITE_FIXED by pfn.
 * Reference: userspace-api.md §3.2 (errno table observed on 6.18), kernel-semantics.md §4c and
 * §3 ("io_uring fixed buffer on such a file"), version.ts (ioUring*).
 *
 * How each version pins (io_sqe_buffer_register / io_pin_pages):
 * - 5.1: get_user_pages_longterm(FOLL_WRITE); 5.2–5.5 get_user_pages(FOLL_WRITE|FOLL_LONGTERM):
 *   FOLL_GET references, released with put_page.
 * - 5.6+: pin_user_pages(FOLL_WRITE|FOLL_LONGTERM) ("fs/io_uring: set FOLL_PIN via
 *   pin_user_pages()"), released with unpin_user_page — never dirtied on unregister.
 * - Until 6.5 io_uring then checks the VMAs itself: a vm_file that is not hugetlbfs is
 *   -EOPNOTSUPP (MAP_PRIVATE file mappings included); from 5.14 shmem (memfd, tmpfs,
 *   MAP_SHARED|MAP_ANONYMOUS) is allowed (40dad765c045 "io_uring: enable shmem/memfd memory
 *   registration"). From 6.5 ("io_uring: rsrc: delegate VMA file-backed check to GUP") GUP
 *   itself refuses writable long-term pins of dirty-tracked file mappings (-EFAULT) and
 *   MAP_PRIVATE file mappings register fine (COW).
 * - Accounting (io_account_mem): without CAP_IPC_LOCK at ring creation the pages are charged
 *   to the user's locked_vm against RLIMIT_MEMLOCK (-ENOMEM over it, also when the limit is 0);
 *   from 5.9 (309758254ea6 "io_uring: report pinned memory usage") they are also added to the
 *   ring's mm->pinned_vm, which /proc/PID/status shows as VmPin.
 *
 * Not modelled: huge-page coalescing and compound accounting (PinLab has no large folios), the
 * 6.3 "all VMAs of one buffer must share one file" -EINVAL, IORING_REGISTER_BUFFERS2/UPDATE.
 */
import type { Kernel } from '../kernel'
import type { TaskStruct } from '../include/linux/sched'
import type { IoRingCtx } from './io_uring'
import { ERRNO } from '../include/uapi/asm-generic/errno-base'
import { FOLL_LONGTERM, FOLL_WRITE } from '../include/linux/mm'
import { RLIMIT_MEMLOCK } from '../include/uapi/linux/resource'
import { find_vma } from '../mm/vma'

const PAGE_SIZE = 4096
const SZ_1G = 1 << 30
const UIO_MAXIOV = 1024
const IORING_MAX_REG_BUFFERS = 1 << 14
const TASK_SIZE = 2 ** 47

/** struct io_mapped_ubuf: one registered buffer; null slot = a sparse (empty) entry (5.13+). */
export interface IoMappedUbuf {
  ubuf: number
  len: number
  /** The pinned pages, in order (pfns). */
  pfns: number[]
  /** FOLL_PIN (5.6+) or FOLL_GET (5.1–5.5) references. */
  pinned: boolean
  /** Pages charged by io_account_mem. */
  acctPages: number
}

/** user_struct->locked_vm per uid, shared by every ring of that user (per simulated kernel). */
const userLockedVm = new WeakMap<Kernel, Map<number, number>>()

function lockedVmOf(k: Kernel): Map<number, number> {
  let m = userLockedVm.get(k)
  if (!m) userLockedVm.set(k, (m = new Map()))
  return m
}

/** The pages a user's io_uring rings have charged to RLIMIT_MEMLOCK (user->locked_vm). */
export function io_uring_user_locked_vm(k: Kernel, uid: number): number {
  return lockedVmOf(k).get(uid) ?? 0
}

/** __io_account_mem: charge the uid's locked_vm (null = CAP_IPC_LOCK at setup: not charged). */
export function io_account_user_pages(k: Kernel, user: number | null, task: TaskStruct, nrPages: number): number {
  if (user === null) return 0
  const m = lockedVmOf(k)
  const cur = m.get(user) ?? 0
  const limit = Math.floor(task.rlim[RLIMIT_MEMLOCK]![0] / PAGE_SIZE)
  if (cur + nrPages > limit) return -ERRNO.ENOMEM
  m.set(user, cur + nrPages)
  return 0
}

export function io_unaccount_user_pages(k: Kernel, user: number | null, nrPages: number): void {
  if (user === null) return
  const m = lockedVmOf(k)
  m.set(user, Math.max(0, (m.get(user) ?? 0) - nrPages))
}

/** io_account_mem for registered buffers: the user's locked_vm, and from 5.9 mm->pinned_vm. */
function io_account_mem(ctx: IoRingCtx, task: TaskStruct, nrPages: number): number {
  const r = io_account_user_pages(ctx.k, ctx.user, task, nrPages)
  if (r < 0) return r
  if (ctx.k.has('ioUringReportPinned')) ctx.mm.pinned_vm += nrPages
  return 0
}

function io_unaccount_mem(ctx: IoRingCtx, nrPages: number): void {
  io_unaccount_user_pages(ctx.k, ctx.user, nrPages)
  if (ctx.k.has('ioUringReportPinned')) ctx.mm.pinned_vm = Math.max(0, ctx.mm.pinned_vm - nrPages)
}

/** Drop the references io_pin_pages took. */
function io_release_pages(k: Kernel, pfns: readonly number[], pinned: boolean): void {
  if (pinned) k.unpin_user_pages(pfns)
  else for (const pfn of pfns) k.put_user_page(pfn)
}

/**
 * io_pin_pages(): take the references the version uses on [ubuf, ubuf + len) for writing,
 * long-term; a short result releases what was taken and is -EFAULT. Until 6.5 the VMA check
 * follows (see the file comment). Returns the pfns or -errno.
 */
function io_pin_pages(ctx: IoRingCtx, task: TaskStruct, ubuf: number, len: number): number[] | number {
  const k = ctx.k
  const start = Math.floor(ubuf / PAGE_SIZE)
  const end = Math.ceil((ubuf + len) / PAGE_SIZE)
  const nr = end - start
  const pfns: number[] = []
  const pinned = k.has('ioUringPinUserPages')
  let pret: number
  if (pinned) pret = k.pin_user_pages(task, start * PAGE_SIZE, nr, FOLL_WRITE | FOLL_LONGTERM, pfns)
  else if (k.has('follLongterm')) pret = k.get_user_pages(task, start * PAGE_SIZE, nr, FOLL_WRITE | FOLL_LONGTERM, pfns)
  else pret = k.get_user_pages_longterm(task, start * PAGE_SIZE, nr, FOLL_WRITE, pfns)
  if (pret !== nr) {
    if (pret > 0) io_release_pages(k, pfns.slice(0, pret), pinned)
    return pret < 0 ? pret : -ERRNO.EFAULT
  }
  if (!k.has('ioUringGupFileCheck') && task.mm) {
    // "don't support file backed memory": the vmas[] GUP filled in, page by page
    for (let i = 0; i < nr; i++) {
      const vma = find_vma(task.mm, (start + i) * PAGE_SIZE)
      const file = vma?.file
      if (!file) continue
      const kind = k.mappings.get(file.mappingId)?.kind
      if (kind === 'hugetlbfs') continue
      if (kind === 'shmem' && k.has('ioUringShmemBuffers')) continue
      io_release_pages(k, pfns, pinned)
      return -ERRNO.EOPNOTSUPP
    }
  }
  return pfns
}

/**
 * io_sqe_buffers_register(): copy and validate each iovec, pin and account it. -EBUSY if
 * buffers are registered already; nr 0 or above the limit (UIO_MAXIOV before 5.13,
 * IORING_MAX_REG_BUFFERS after) -EINVAL; a failing iovec unregisters those before it.
 */
export function io_sqe_buffers_register(ctx: IoRingCtx, task: TaskStruct, arg: number, nrArgs: number): number {
  const k = ctx.k
  if (ctx.userBufs) return -ERRNO.EBUSY
  const max = k.has('ioUringMaxRegBuffers16k') ? IORING_MAX_REG_BUFFERS : UIO_MAXIOV
  if (nrArgs === 0 || nrArgs > max) return -ERRNO.EINVAL
  const ua = k.uaccess(task)
  const bufs: IoMappedUbuf[] = []
  ctx.userBufs = bufs
  for (let i = 0; i < nrArgs; i++) {
    const base = ua.readU64(arg + 16 * i)
    const len = ua.readU64(arg + 16 * i + 8)
    let ret = 0
    if (base < 0n || len < 0n) ret = -ERRNO.EFAULT
    else if (base === 0n) {
      // 5.13+: NULL base with length 0 is an empty slot; any other NULL base is -EFAULT
      if (len !== 0n || !k.has('ioUringMaxRegBuffers16k')) ret = -ERRNO.EFAULT
      else {
        bufs.push({ ubuf: 0, len: 0, pfns: [], pinned: false, acctPages: 0 })
        continue
      }
    } else if (len === 0n || len > BigInt(SZ_1G)) ret = -ERRNO.EFAULT
    else if (base + len > 2n ** 64n - 1n) ret = k.has('ioUringMaxRegBuffers16k') ? -ERRNO.EOVERFLOW : -ERRNO.EFAULT
    else if (base + len > BigInt(TASK_SIZE)) ret = -ERRNO.EFAULT
    if (ret === 0) {
      const ubuf = Number(base)
      const n = Number(len)
      const pfns = io_pin_pages(ctx, task, ubuf, n)
      if (typeof pfns === 'number') ret = pfns
      else {
        const pinned = k.has('ioUringPinUserPages')
        ret = io_account_mem(ctx, task, pfns.length)
        if (ret < 0) io_release_pages(k, pfns, pinned)
        else {
          bufs.push({ ubuf, len: n, pfns, pinned, acctPages: pfns.length })
          if (k.tracing) k.emit({ type: 'io_uring', event: 'register_buffers', ctx: ctx.id, pfns })
        }
      }
    }
    if (ret < 0) {
      io_sqe_buffers_unregister(ctx)
      return ret
    }
  }
  return 0
}

/**
 * io_sqe_buffers_unregister(): release every buffer's references (unpin_user_page from 5.6,
 * put_page before; no dirtying) and its accounting. -ENXIO when none are registered.
 */
export function io_sqe_buffers_unregister(ctx: IoRingCtx): number {
  const bufs = ctx.userBufs
  if (!bufs) return -ERRNO.ENXIO
  ctx.userBufs = null
  for (const b of bufs) {
    if (b.pfns.length === 0) continue
    io_release_pages(ctx.k, b.pfns, b.pinned)
    io_unaccount_mem(ctx, b.acctPages)
    if (ctx.k.tracing) ctx.k.emit({ type: 'io_uring', event: 'unregister_buffers', ctx: ctx.id, pfns: b.pfns })
  }
  return 0
}

/**
 * io_import_fixed(): the registered buffer `bufIndex` must contain [addr, addr + len).
 * Returns the pages and the byte offset of addr in the first, or -EFAULT.
 */
export function io_import_fixed(ctx: IoRingCtx, bufIndex: number, addr: bigint, len: number): { pfns: number[]; offset: number } | number {
  const bufs = ctx.userBufs
  if (!bufs || bufIndex >= bufs.length) return -ERRNO.EFAULT
  const imu = bufs[bufIndex]!
  const end = addr + BigInt(len)
  if (imu.pfns.length === 0 || addr < BigInt(imu.ubuf) || end > BigInt(imu.ubuf + imu.len)) return -ERRNO.EFAULT
  const offset = Number(addr) - Math.floor(imu.ubuf / PAGE_SIZE) * PAGE_SIZE
  return { pfns: imu.pfns, offset }
}
