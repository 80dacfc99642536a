/**
 * mm/madvise.c — madvise.
 *
 * Contract (userspace-api.md §5.2): unknown advice → -EINVAL (checked first, per version);
 * unaligned start → -EINVAL; overflowing range → -EINVAL; length 0 → 0; holes → the mapped parts
 * are processed and -ENOMEM is returned; MADV_DONTNEED on VM_LOCKED/VM_PFNMAP → -EINVAL;
 * MADV_WIPEONFORK on anything but private anon → -EINVAL; MADV_DONTFORK/DOFORK on VM_IO → -EINVAL;
 * MADV_FREE on a file/shared mapping → -EINVAL; MADV_REMOVE on non-shared → -EINVAL.
 *
 * MADV_DONTNEED zaps with MMU_NOTIFY_CLEAR: pinned pages stay alive for the pin holder while the
 * process gets fresh zero-fill pages on its next touch (reference §2.10).
 * Not modelled: THP (HUGEPAGE/NOHUGEPAGE only set VM flags), KSM merging (MERGEABLE sets the flag),
 * reclaim (COLD/PAGEOUT/FREE/WILLNEED are no-ops), MADV_COLLAPSE (-EINVAL in every version: 6.1+ gives
 * -EINVAL without THP, older kernels do not know it), guard regions (MADV_GUARD_*: -EINVAL).
 */
import type { Kernel } from '../kernel'
import type { TaskStruct } from '../include/linux/sched'
import type { VmArea } from '../include/linux/mm_types'
import { vma_is_anonymous } from '../include/linux/mm_types'
import { EINVAL, ENOMEM } from '../include/uapi/asm-generic/errno'
import * as M from '../include/uapi/asm-generic/mman-common'
import {
  VM_DONTCOPY, VM_DONTDUMP, VM_HUGEPAGE, VM_HUGETLB, VM_IO, VM_LOCKED, VM_MERGEABLE, VM_NOHUGEPAGE, VM_PFNMAP,
  VM_RAND_READ, VM_SEQ_READ, VM_SHARED, VM_WIPEONFORK, VM_MAYSHARE
} from '../include/linux/mm'
import { PAGE_ALIGN } from './mmap'
import { vma_merge_all, vmas_in_range } from './vma'
import { zap_page_range } from './memory'
import { faultin_page_range } from './gup'

/**
 * madvise_behavior_valid(): which advice values this version knows (version.ts: MADV_WIPEONFORK
 * 4.14, MADV_COLD/PAGEOUT 5.4, MADV_POPULATE_* 5.14, MADV_DONTNEED_LOCKED 5.18).
 */
function madvise_behavior_valid(k: Kernel, adv: number): boolean {
  switch (adv) {
    case M.MADV_NORMAL: case M.MADV_RANDOM: case M.MADV_SEQUENTIAL: case M.MADV_WILLNEED: case M.MADV_DONTNEED:
    case M.MADV_FREE: case M.MADV_REMOVE: case M.MADV_DONTFORK: case M.MADV_DOFORK: case M.MADV_MERGEABLE:
    case M.MADV_UNMERGEABLE: case M.MADV_HUGEPAGE: case M.MADV_NOHUGEPAGE: case M.MADV_DONTDUMP: case M.MADV_DODUMP:
      return true
    case M.MADV_WIPEONFORK: case M.MADV_KEEPONFORK:
      return k.has('madvWipeOnFork')
    case M.MADV_COLD: case M.MADV_PAGEOUT:
      return k.has('madvColdPageout')
    case M.MADV_POPULATE_READ: case M.MADV_POPULATE_WRITE:
      return k.has('madvPopulate')
    case M.MADV_DONTNEED_LOCKED:
      return k.has('madvDontneedLocked')
    default:
      return false
  }
}

export function sys_madvise(k: Kernel, task: TaskStruct, start: number, len: number, advice: number): number {
  k.tick(300)
  const ret = do_madvise(k, task, start, len, advice)
  if (k.tracing) k.emit({ type: 'syscall', name: 'madvise', args: [start, len, advice], ret }, task.pid)
  return ret
}

function do_madvise(k: Kernel, task: TaskStruct, start: number, len: number, adv: number): number {
  const mm = task.mm
  if (!mm) return -EINVAL
  if (!madvise_behavior_valid(k, adv)) return -EINVAL
  if (!Number.isFinite(start) || !Number.isFinite(len) || start < 0 || len < 0 || start % 4096 !== 0) return -EINVAL
  const alen = PAGE_ALIGN(len)
  if (len > 0 && alen === 0) return -EINVAL
  const end = start + alen
  if (end > 2 ** 64) return -EINVAL
  if (end === start) return 0

  // Walk the VMAs in [start, end), remembering holes (-ENOMEM at the end).
  let unmapped = false
  let cur = start
  for (const v of mm.vmas) {
    if (v.end <= cur) continue
    if (v.start >= end) break
    if (v.start > cur) unmapped = true
    cur = v.end
  }
  if (cur < end) unmapped = true
  if (!mm.vmas.some((v) => v.end > start && v.start < end)) return -ENOMEM

  if (adv === M.MADV_POPULATE_READ || adv === M.MADV_POPULATE_WRITE) {
    if (unmapped) return -ENOMEM
    return faultin_page_range(k, mm, start, end, adv === M.MADV_POPULATE_WRITE)
  }
  let err = 0
  const vmas = vmas_in_range(mm, start, end)
  for (const vma of vmas) {
    const r = madvise_vma(k, task, vma, adv)
    if (r < 0) {
      err = r
      break
    }
  }
  vma_merge_all(mm)
  if (err < 0) return err
  return unmapped ? -ENOMEM : 0
}

function madvise_vma(k: Kernel, task: TaskStruct, vma: VmArea, adv: number): number {
  const mm = task.mm!
  switch (adv) {
    case M.MADV_DONTNEED:
    case M.MADV_DONTNEED_LOCKED:
      if (vma.flags & (VM_HUGETLB | VM_PFNMAP)) return -EINVAL
      if (adv === M.MADV_DONTNEED && (vma.flags & VM_LOCKED)) return -EINVAL
      zap_page_range(k, mm, vma, vma.start, vma.end, 'CLEAR')
      return 0
    case M.MADV_DONTFORK:
      if (vma.flags & VM_IO) return -EINVAL
      vma.flags |= VM_DONTCOPY
      return 0
    case M.MADV_DOFORK:
      if (vma.flags & VM_IO) return -EINVAL
      vma.flags &= ~VM_DONTCOPY
      return 0
    case M.MADV_WIPEONFORK:
      if (!vma_is_anonymous(vma) || (vma.flags & VM_SHARED)) return -EINVAL
      vma.flags |= VM_WIPEONFORK
      return 0
    case M.MADV_KEEPONFORK:
      vma.flags &= ~VM_WIPEONFORK
      return 0
    case M.MADV_HUGEPAGE:
      vma.flags = (vma.flags & ~VM_NOHUGEPAGE) | VM_HUGEPAGE
      return 0
    case M.MADV_NOHUGEPAGE:
      vma.flags = (vma.flags & ~VM_HUGEPAGE) | VM_NOHUGEPAGE
      return 0
    case M.MADV_NORMAL:
      vma.flags &= ~(VM_SEQ_READ | VM_RAND_READ)
      return 0
    case M.MADV_RANDOM:
      vma.flags = (vma.flags & ~VM_SEQ_READ) | VM_RAND_READ
      return 0
    case M.MADV_SEQUENTIAL:
      vma.flags = (vma.flags & ~VM_RAND_READ) | VM_SEQ_READ
      return 0
    case M.MADV_DONTDUMP:
      vma.flags |= VM_DONTDUMP
      return 0
    case M.MADV_DODUMP:
      vma.flags &= ~VM_DONTDUMP
      return 0
    case M.MADV_MERGEABLE:
      vma.flags |= VM_MERGEABLE
      return 0
    case M.MADV_UNMERGEABLE:
      vma.flags &= ~VM_MERGEABLE
      return 0
    case M.MADV_FREE:
      if (!vma_is_anonymous(vma) || (vma.flags & VM_SHARED)) return -EINVAL
      return 0
    case M.MADV_REMOVE:
      if (!(vma.flags & VM_SHARED) && !(vma.flags & VM_MAYSHARE)) return -EINVAL
      zap_page_range(k, mm, vma, vma.start, vma.end, 'CLEAR')
      return 0
    default:
      return 0
  }
}
