/**
 * drivers/infiniband/core/umem.c — ib_umem_get() / ib_umem_release(): how an RDMA driver turns a
 * user virtual range into physical pages the HCA may DMA to (kernel-semantics.md §1.6,
 * userspace-api.md §1.3 "What registration does in the kernel").
 *
 * Contract: ib_umem_get returns an IbUmem holding exactly `npages` page references (FOLL_GET
 * before 5.6, FOLL_PIN from 5.6) plus `npages` added to the owning mm's pinned_vm (VmPin), or a
 * negative errno with nothing held and nothing accounted:
 *   -EINVAL  length 0 or addr+length overflows;
 *   -EPERM   can_do_mlock() is false (RLIMIT_MEMLOCK 0 and no CAP_IPC_LOCK);
 *   -ENOMEM  pinned_vm + npages > RLIMIT_MEMLOCK without CAP_IPC_LOCK (account_pinned_vm);
 *   any errno of the era's GUP call (-EFAULT unmapped / PROT_NONE / write to a read-only VMA /
 *   6.5+ writable long-term pin of a dirty-tracked shared file, -EOPNOTSUPP fs-DAX from 4.15,
 *   -ENOMEM failed long-term migration).
 * ON_DEMAND never reaches this function (the uverbs layer decides ODP; see uverbs.ts).
 *
 * The GUP call per era (the reference's table; the umem code of each release was read):
 *   ≤4.14      get_user_pages(write=1, force=!writable)  = FOLL_WRITE | (writable ? 0 : FOLL_FORCE)
 *   4.15–5.1   get_user_pages_longterm(same flags)        (fs-DAX refused)
 *   5.2–5.5    get_user_pages(same | FOLL_LONGTERM)       (932f4a630a69)
 *   5.6–6.1    pin_user_pages_fast(same | FOLL_LONGTERM)  (FOLL_PIN series)
 *   6.2+       pin_user_pages_fast(FOLL_LONGTERM | (writable ? FOLL_WRITE : 0)) (b40656aa7d55)
 * The historic write=1/force=1 for read-only MRs exists so that untouched memory gets private
 * pages instead of the shared zero page (Roland Dreier, 2012; scenario 4a).
 *
 * Release (__ib_umem_release): pages are dirtied when the umem is writable and `dirty` (a driver
 * passes dirty = true on dereg), then the reference is dropped: set_page_dirty_lock + put_page
 * before 5.6, unpin_user_page_range_dirty_lock over each physically contiguous run from 5.6 (5.6–
 * 5.10 called unpin_user_pages_dirty_lock; same effect). pinned_vm is given back.
 */
import type { Kernel } from '../../../kernel'
import type { TaskStruct } from '../../../include/linux/sched'
import type { MmStruct } from '../../../include/linux/mm_types'
import { FOLL_FORCE, FOLL_LONGTERM, FOLL_WRITE } from '../../../include/linux/mm'
import { EINVAL, EFAULT } from '../../../include/uapi/asm-generic/errno'
import { account_pinned_vm, unaccount_pinned_vm } from '../../../mm/util'
import { can_do_mlock } from '../../../mm/mlock'
import { EPERM } from '../../../include/uapi/asm-generic/errno'
import { set_page_dirty_lock } from '../../../mm/gup'

/* enum ib_access_flags (include/rdma/ib_verbs.h) = enum ib_uverbs_access_flags = IBV_ACCESS_*. */
export const IB_ACCESS_LOCAL_WRITE = 1 << 0
export const IB_ACCESS_REMOTE_WRITE = 1 << 1
export const IB_ACCESS_REMOTE_READ = 1 << 2
export const IB_ACCESS_REMOTE_ATOMIC = 1 << 3
export const IB_ACCESS_MW_BIND = 1 << 4
export const IB_ZERO_BASED = 1 << 5
export const IB_ACCESS_ON_DEMAND = 1 << 6
export const IB_ACCESS_HUGETLB = 1 << 7
export const IB_ACCESS_FLUSH_GLOBAL = 1 << 8
export const IB_ACCESS_FLUSH_PERSISTENT = 1 << 9
export const IB_ACCESS_OPTIONAL = 0x3ff00000
/** Bits 0–9 and the optional range; anything else is -EINVAL (ib_check_mr_access). */
export const IB_ACCESS_SUPPORTED = 0x3ff | IB_ACCESS_OPTIONAL

const PAGE_SIZE = 4096
/** User addresses are below 2^47 here (TASK_SIZE); a range past it cannot be mapped. */
const ADDR_LIMIT = 2 ** 64

/** The pages an MR holds: what the HCA's MTT is built from. */
export interface IbUmem {
  readonly address: number
  readonly length: number
  readonly npages: number
  readonly writable: boolean
  /** pfns, in virtual order: pfns[i] backs the page at (address & ~4095) + i*4096. */
  readonly pfns: number[]
  /** FOLL_PIN (5.6+) or FOLL_GET references. */
  readonly pinned: boolean
  readonly gupFlags: number
  readonly gup: string
  /** The mm whose pinned_vm was charged (umem->owning_mm). */
  readonly owningMm: MmStruct
  released: boolean
}

/**
 * ib_access_writable(): must the pages be taken for writing? From 3.19 LOCAL_WRITE,
 * REMOTE_WRITE, REMOTE_ATOMIC and MW_BIND (binding a window can grant write); before, any flag
 * other than REMOTE_READ (umemWritableAccessList).
 */
export function ib_access_writable(k: Kernel, access: number): boolean {
  if (k.has('umemWritableAccessList')) {
    return (access & (IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE | IB_ACCESS_REMOTE_ATOMIC | IB_ACCESS_MW_BIND)) !== 0
  }
  return (access & ~IB_ACCESS_REMOTE_READ) !== 0
}

/**
 * ib_check_mr_access(): REMOTE_WRITE or REMOTE_ATOMIC need LOCAL_WRITE, and no bit outside
 * IB_ACCESS_SUPPORTED. Returns 0 or -EINVAL. (The unknown-bit check is modern; whether 3.x/4.x
 * uverbs ignored unknown bits is UNVERIFIED, so it is applied at every version.)
 */
export function ib_check_mr_access(access: number): number {
  if (access & ~IB_ACCESS_SUPPORTED) return -EINVAL
  if (access & (IB_ACCESS_REMOTE_WRITE | IB_ACCESS_REMOTE_ATOMIC) && !(access & IB_ACCESS_LOCAL_WRITE)) return -EINVAL
  return 0
}

/** The era's GUP entry point and flags for a umem (the table in the file comment). */
export function ib_umem_gup_flags(k: Kernel, writable: boolean): { gup: string; flags: number; pin: boolean } {
  if (k.has('umemNoForce')) return { gup: 'pin_user_pages_fast', flags: FOLL_LONGTERM | (writable ? FOLL_WRITE : 0), pin: true }
  const base = FOLL_WRITE | (writable ? 0 : FOLL_FORCE)
  if (k.has('umemPinUserPages')) return { gup: 'pin_user_pages_fast', flags: base | FOLL_LONGTERM, pin: true }
  if (k.has('follLongterm')) return { gup: 'get_user_pages', flags: base | FOLL_LONGTERM, pin: false }
  if (k.has('gupLongtermApi')) return { gup: 'get_user_pages_longterm', flags: base, pin: false }
  return { gup: 'get_user_pages', flags: base, pin: false }
}

function callGup(k: Kernel, task: TaskStruct, gup: string, start: number, nr: number, flags: number, pages: number[]): number {
  switch (gup) {
    case 'pin_user_pages_fast': return k.pin_user_pages_fast(task, start, nr, flags, pages)
    case 'get_user_pages_longterm': return k.get_user_pages_longterm(task, start, nr, flags, pages)
    default: return k.get_user_pages(task, start, nr, flags, pages)
  }
}

function dropPages(k: Kernel, pfns: readonly number[], pinned: boolean, dirty: boolean): void {
  if (pinned) {
    // unpin_user_page_range_dirty_lock over each physically contiguous run (sg entry).
    let i = 0
    while (i < pfns.length) {
      let j = i + 1
      while (j < pfns.length && pfns[j] === pfns[j - 1]! + 1) j++
      k.unpin_user_page_range_dirty_lock(pfns[i]!, j - i, dirty)
      i = j
    }
    return
  }
  for (const pfn of pfns) {
    if (dirty) set_page_dirty_lock(k, pfn)
    k.put_user_page(pfn)
  }
}

/** ib_umem_get(device, addr, size, access) for the calling task. */
export function ib_umem_get(k: Kernel, task: TaskStruct, addr: number, size: number, access: number): IbUmem | number {
  const mm = task.mm
  if (!mm) return -EFAULT
  const trace = (ret: number, writable: boolean, gup: string, flags: number, pfns: number[]): void => {
    if (k.tracing) k.emit({ type: 'ib_umem', op: 'get', addr, len: size, writable, gup, gupFlags: flags, pfns: pfns.slice(), ret }, task.pid)
  }
  // "If the combination of the addr and size requested for this memory region causes an integer
  // overflow, return error." Also a zero-length region has no pages.
  if (!Number.isFinite(addr) || !Number.isFinite(size) || addr < 0 || size <= 0 || addr + size >= ADDR_LIMIT) return -EINVAL
  const first = Math.floor(addr / PAGE_SIZE)
  const end = Math.ceil((addr + size) / PAGE_SIZE)
  if (end * PAGE_SIZE >= ADDR_LIMIT) return -EINVAL
  if (!can_do_mlock(task)) return -EPERM
  const npages = end - first
  const writable = ib_access_writable(k, access)
  const { gup, flags, pin } = ib_umem_gup_flags(k, writable)
  const acc = account_pinned_vm(k, task, mm, npages)
  if (acc < 0) {
    trace(acc, writable, gup, flags, [])
    return acc
  }
  const pfns: number[] = []
  let cur = first * PAGE_SIZE
  while (pfns.length < npages) {
    const got: number[] = []
    const ret = callGup(k, task, gup, cur, npages - pfns.length, flags, got)
    if (ret <= 0) {
      // Umem get failed: give back what was taken and the accounting (umem_release path).
      dropPages(k, pfns, pin, false)
      unaccount_pinned_vm(mm, npages)
      const err = ret < 0 ? ret : -EFAULT
      trace(err, writable, gup, flags, pfns)
      return err
    }
    for (let i = 0; i < ret; i++) pfns.push(got[i]!)
    cur += ret * PAGE_SIZE
  }
  trace(npages, writable, gup, flags, pfns)
  return { address: addr, length: size, npages, writable, pfns, pinned: pin, gupFlags: flags, gup, owningMm: mm, released: false }
}

/**
 * ib_umem_release(): drop the page references (dirtying them first when the umem is writable
 * and `dirty`) and give back pinned_vm. Idempotent: a second release is a WARN and does nothing.
 */
export function ib_umem_release(k: Kernel, umem: IbUmem, dirty = true, pid = k.curPid): void {
  if (umem.released) {
    k.warn('ib_umem_release: umem already released', pid)
    return
  }
  umem.released = true
  const makeDirty = umem.writable && dirty
  dropPages(k, umem.pfns, umem.pinned, makeDirty)
  unaccount_pinned_vm(umem.owningMm, umem.npages)
  if (k.tracing) {
    k.emit({ type: 'ib_umem', op: 'release', addr: umem.address, len: umem.length, writable: umem.writable, gup: umem.pinned ? 'unpin_user_page_range_dirty_lock' : 'put_page', gupFlags: umem.gupFlags, pfns: umem.pfns.slice(), ret: 0, dirty: makeDirty }, pid)
  }
}
