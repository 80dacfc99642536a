/**
 * mm/mlock.c — mlock, mlock2, munlock and the RLIMIT_MEMLOCK checks shared with mmap(MAP_LOCKED)
 * and drivers (ib_umem / io_uring account pinned_vm against the same limit).
 *
 * Errno (userspace-api.md §5.2): range with a hole → -ENOMEM; over RLIMIT_MEMLOCK (no
 * CAP_IPC_LOCK) → -ENOMEM; RLIMIT_MEMLOCK = 0 (no CAP_IPC_LOCK) → -EPERM; bad mlock2 flags →
 * -EINVAL. Decision: the hole check happens before any VMA is changed (Linux may have locked the
 * VMAs before the hole already — UNVERIFIED detail, not modelled).
 */
import type { Kernel } from '../kernel'
import type { MmStruct } from '../include/linux/mm_types'
import { capable, type TaskStruct } from '../include/linux/sched'
import { CAP_IPC_LOCK } from '../include/linux/capability'
import { RLIMIT_MEMLOCK } from '../include/uapi/linux/resource'
import { EINVAL, ENOMEM, EPERM } from '../include/uapi/asm-generic/errno'
import { TASK_SIZE, VM_LOCKED, VM_LOCKONFAULT } from '../include/linux/mm'
import { MCL_CURRENT, MCL_FUTURE, MCL_ONFAULT, MLOCK_ONFAULT } from '../include/uapi/asm-generic/mman-common'
import { vma_merge_all, vmas_in_range } from './vma'
import { __mm_populate } from './gup'
import { pte_pfn, pte_special } from '../include/asm/pgtable'

/**
 * PAGE_ALIGN() of an unsigned long: lengths are JS numbers (exact below 2^53, rounded above); a
 * value that would round past 2^64 - 4096 wraps to 0, as the 64-bit addition does.
 */
export function page_align_u64(x: number): number {
  if (x > 2 ** 64 - 4096) return 0
  return Math.ceil(x / 4096) * 4096
}
import { PG_mlocked, PG_unevictable } from '../include/linux/page-flags'

/** can_do_mlock(): RLIMIT_MEMLOCK != 0 or CAP_IPC_LOCK. */
export function can_do_mlock(task: TaskStruct): boolean {
  return task.rlim[RLIMIT_MEMLOCK]![0] !== 0 || capable(task, CAP_IPC_LOCK)
}

/** mlock_future_ok(): may `bytes` more be locked in this mm? */
export function mlock_future_ok(task: TaskStruct, mm: MmStruct, bytes: number): boolean {
  if (capable(task, CAP_IPC_LOCK)) return true
  const limitPages = Math.floor(task.rlim[RLIMIT_MEMLOCK]![0] / 4096)
  return mm.locked_vm + bytes / 4096 <= limitPages
}

/** True if [start, end) is covered by VMAs without holes. */
export function range_fully_mapped(mm: MmStruct, start: number, end: number): boolean {
  let cur = start
  for (const v of mm.vmas) {
    if (v.end <= cur) continue
    if (v.start > cur) return false
    cur = v.end
    if (cur >= end) return true
  }
  return cur >= end
}

function apply_vma_lock_flags(k: Kernel, mm: MmStruct, start: number, end: number, set: number, clear: number): void {
  for (const vma of vmas_in_range(mm, start, end)) {
    const was = (vma.flags & VM_LOCKED) !== 0
    vma.flags = (vma.flags & ~clear) | set
    const now = (vma.flags & VM_LOCKED) !== 0
    if (was === now) continue
    mm.locked_vm += (now ? 1 : -1) * vma.pages
    // mlock_folio / munlock_folio on the pages already mapped (PG_mlocked, unevictable LRU).
    mm.pgd.forEach(vma.start / 4096, vma.end / 4096, (_vpn, pte) => {
      if (pte_special(pte)) return
      const pfn = pte_pfn(pte)
      const f = k.phys.flags.get(pfn)
      k.phys.flags.set(pfn, now ? f | PG_mlocked | PG_unevictable : f & ~(PG_mlocked | PG_unevictable))
    })
  }
  vma_merge_all(mm)
}

function do_mlock(k: Kernel, task: TaskStruct, start: number, len: number, flags: number): number {
  const mm = task.mm
  if (!mm || !Number.isFinite(start) || !Number.isFinite(len) || start < 0 || len < 0) return -EINVAL
  if (!can_do_mlock(task)) return -EPERM
  // len = PAGE_ALIGN(len + offset_in_page(start)) in 64 bits: a length near 2^64 wraps to 0 and
  // apply_vma_lock_flags() returns 0 for an empty range; an end past 2^64 is -EINVAL.
  const alen = page_align_u64(len + (start % 4096))
  start = Math.floor(start / 4096) * 4096
  const end = start + alen
  if (alen === 0) return 0
  if (end >= 2 ** 64) return -EINVAL
  if (end > TASK_SIZE) return -ENOMEM
  let already = 0
  for (const v of mm.vmas) if ((v.flags & VM_LOCKED) && v.end > start && v.start < end) already += (Math.min(v.end, end) - Math.max(v.start, start)) / 4096
  if (!mlock_future_ok(task, mm, end - start - already * 4096)) return -ENOMEM
  if (!range_fully_mapped(mm, start, end)) return -ENOMEM
  apply_vma_lock_flags(k, mm, start, end, VM_LOCKED | (flags & MLOCK_ONFAULT ? VM_LOCKONFAULT : 0), 0)
  if (!(flags & MLOCK_ONFAULT)) __mm_populate(k, task, start, end - start)
  return 0
}

export function sys_mlock(k: Kernel, task: TaskStruct, start: number, len: number): number {
  k.tick(300)
  const ret = do_mlock(k, task, start, len, 0)
  if (k.tracing) k.emit({ type: 'syscall', name: 'mlock', args: [start, len], ret }, task.pid)
  return ret
}

export function sys_mlock2(k: Kernel, task: TaskStruct, start: number, len: number, flags: number): number {
  k.tick(300)
  const ret = flags & ~MLOCK_ONFAULT ? -EINVAL : do_mlock(k, task, start, len, flags)
  if (k.tracing) k.emit({ type: 'syscall', name: 'mlock2', args: [start, len, flags], ret }, task.pid)
  return ret
}

export function sys_munlock(k: Kernel, task: TaskStruct, start: number, len: number): number {
  k.tick(300)
  let ret = 0
  const mm = task.mm
  if (!mm || !Number.isFinite(start) || !Number.isFinite(len) || start < 0 || len < 0) ret = -EINVAL
  else {
    const s = Math.floor(start / 4096) * 4096
    const end = s + page_align_u64(len + (start % 4096))
    if (end >= 2 ** 64) ret = -EINVAL
    else if (end > TASK_SIZE) ret = -ENOMEM
    else if (end > s) {
      if (!range_fully_mapped(mm, s, end)) ret = -ENOMEM
      else apply_vma_lock_flags(k, mm, s, end, 0, VM_LOCKED | VM_LOCKONFAULT)
    }
  }
  if (k.tracing) k.emit({ type: 'syscall', name: 'munlock', args: [start, len], ret }, task.pid)
  return ret
}

/**
 * mlockall(): MCL_CURRENT locks (and populates, unless MCL_ONFAULT) every VMA; MCL_FUTURE sets
 * mm->def_flags so later mmap/brk VMAs are locked. -EINVAL for no/unknown flags or MCL_ONFAULT
 * alone, -EPERM without RLIMIT_MEMLOCK/CAP_IPC_LOCK, -ENOMEM if MCL_CURRENT would exceed
 * RLIMIT_MEMLOCK (total_vm against the limit, as Linux does).
 */
export function sys_mlockall(k: Kernel, task: TaskStruct, flags: number): number {
  k.tick(300)
  const ret = do_mlockall(k, task, flags)
  if (k.tracing) k.emit({ type: 'syscall', name: 'mlockall', args: [flags], ret }, task.pid)
  return ret
}

function do_mlockall(k: Kernel, task: TaskStruct, flags: number): number {
  const mm = task.mm
  if (!mm || !Number.isInteger(flags) || !flags || flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) || flags === MCL_ONFAULT) return -EINVAL
  if (!can_do_mlock(task)) return -EPERM
  const limitPages = Math.floor(task.rlim[RLIMIT_MEMLOCK]![0] / 4096)
  if ((flags & MCL_CURRENT) && mm.total_vm > limitPages && !capable(task, CAP_IPC_LOCK)) return -ENOMEM
  const lockFlags = VM_LOCKED | (flags & MCL_ONFAULT ? VM_LOCKONFAULT : 0)
  mm.def_flags = flags & MCL_FUTURE ? lockFlags : 0
  if (flags & MCL_CURRENT) {
    const ranges = mm.vmas.map((v) => [v.start, v.end] as const)
    for (const [s, e] of ranges) apply_vma_lock_flags(k, mm, s, e, lockFlags, 0)
    if (!(flags & MCL_ONFAULT)) for (const [s, e] of ranges) __mm_populate(k, task, s, e - s)
  }
  return 0
}

export function sys_munlockall(k: Kernel, task: TaskStruct): number {
  k.tick(300)
  const mm = task.mm
  if (!mm) return -EINVAL
  mm.def_flags = 0
  for (const [s, e] of mm.vmas.map((v) => [v.start, v.end] as const)) apply_vma_lock_flags(k, mm, s, e, 0, VM_LOCKED | VM_LOCKONFAULT)
  if (k.tracing) k.emit({ type: 'syscall', name: 'munlockall', args: [], ret: 0 }, task.pid)
  return 0
}
