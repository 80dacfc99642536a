/**
 * mm/mremap.c — mremap: shrink, grow in place, or move (MREMAP_MAYMOVE / MREMAP_FIXED).
 *
 * Contract: new address or a negative errno: -EINVAL (unknown flags, FIXED without MAYMOVE,
 * unaligned old_addr/new_addr, new_len 0, overlapping FIXED ranges), -EFAULT (old range not inside
 * one VMA), -ENOMEM (cannot grow in place and may not move, or no room), -EAGAIN (locked growth
 * over RLIMIT_MEMLOCK). Moving transfers the PTEs (MMU_NOTIFY_UNMAP on the old range first);
 * pages, pins and PG_anon_exclusive are unaffected. Decision: MREMAP_DONTUNMAP and old_len == 0
 * (duplicating a shared mapping) are not supported and return -EINVAL.
 */
import type { Kernel } from '../kernel'
import type { TaskStruct } from '../include/linux/sched'
import { EAGAIN, EFAULT, EINVAL, ENOMEM } from '../include/uapi/asm-generic/errno'
import { MREMAP_DONTUNMAP, MREMAP_FIXED, MREMAP_MAYMOVE } from '../include/uapi/asm-generic/mman-common'
import { TASK_SIZE, VM_LOCKED } from '../include/linux/mm'
import { do_munmap, get_unmapped_area, PAGE_ALIGN } from './mmap'
import { find_vma_intersection, split_vma, vma_insert, vma_lookup, vma_merge_all } from './vma'
import { mmu_notifier_invalidate_range_start } from './mmu_notifier'
import { mlock_future_ok } from './mlock'
import { __mm_populate } from './gup'

export function sys_mremap(k: Kernel, task: TaskStruct, oldAddr: number, oldLen: number, newLen: number, flags: number, newAddr = 0): number {
  k.tick(400)
  const ret = do_mremap(k, task, oldAddr, oldLen, newLen, flags, newAddr)
  if (k.tracing) k.emit({ type: 'syscall', name: 'mremap', args: [oldAddr, oldLen, newLen, flags, newAddr], ret }, task.pid)
  return ret
}

function do_mremap(k: Kernel, task: TaskStruct, oldAddr: number, oldLen: number, newLen: number, flags: number, newAddr: number): number {
  const mm = task.mm
  if (!mm) return -EINVAL
  if (!Number.isInteger(flags) || flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) return -EINVAL
  if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)) return -EINVAL
  if (flags & MREMAP_DONTUNMAP) return -EINVAL
  if (![oldAddr, oldLen, newLen, newAddr].every((x) => Number.isFinite(x) && x >= 0)) return -EINVAL
  if (oldAddr % 4096 !== 0) return -EINVAL
  oldLen = PAGE_ALIGN(oldLen)
  newLen = PAGE_ALIGN(newLen)
  if (newLen === 0 || oldLen === 0) return -EINVAL
  if (newLen > TASK_SIZE || oldLen > TASK_SIZE) return -EINVAL
  const vma = vma_lookup(mm, oldAddr)
  if (!vma || oldAddr + oldLen > vma.end) return -EFAULT

  if (flags & MREMAP_FIXED) {
    if (newAddr % 4096 !== 0) return -EINVAL
    if (newAddr + newLen > TASK_SIZE) return -EINVAL
    if (newAddr < oldAddr + oldLen && oldAddr < newAddr + newLen) return -EINVAL
    if ((vma.flags & VM_LOCKED) && newLen > oldLen && !mlock_future_ok(task, mm, newLen - oldLen)) return -EAGAIN
    do_munmap(k, mm, newAddr, newAddr + newLen)
    if (oldLen > newLen) {
      do_munmap(k, mm, oldAddr + newLen, oldAddr + oldLen)
      oldLen = newLen
    }
    return move_vma(k, task, oldAddr, oldLen, newLen, newAddr)
  }
  if (newLen <= oldLen) {
    do_munmap(k, mm, oldAddr + newLen, oldAddr + oldLen)
    return oldAddr
  }
  if ((vma.flags & VM_LOCKED) && !mlock_future_ok(task, mm, newLen - oldLen)) return -EAGAIN
  if (oldAddr + oldLen === vma.end && oldAddr + newLen <= TASK_SIZE && !find_vma_intersection(mm, vma.end, oldAddr + newLen)) {
    const delta = (oldAddr + newLen - vma.end) / 4096
    const oldEnd = vma.end
    vma.end = oldAddr + newLen
    mm.total_vm += delta
    if (vma.flags & VM_LOCKED) {
      mm.locked_vm += delta
      __mm_populate(k, task, oldEnd, vma.end - oldEnd)
    }
    vma_merge_all(mm)
    return oldAddr
  }
  if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM
  const dst = get_unmapped_area(mm, newLen, 0)
  if (dst < 0) return dst
  return move_vma(k, task, oldAddr, oldLen, newLen, dst)
}

/** move_vma(): new VMA at `dst` with the old one's pgoff, PTEs moved, old range removed. */
function move_vma(k: Kernel, task: TaskStruct, oldAddr: number, oldLen: number, newLen: number, dst: number): number {
  const mm = task.mm!
  split_vma(mm, oldAddr)
  split_vma(mm, oldAddr + oldLen)
  const old = vma_lookup(mm, oldAddr)!
  const nv = old.clone()
  nv.start = dst
  nv.end = dst + newLen
  mmu_notifier_invalidate_range_start(k, mm.id, 'UNMAP', oldAddr, oldAddr + oldLen)
  const moves: [number, number][] = []
  mm.pgd.forEach(oldAddr / 4096, (oldAddr + oldLen) / 4096, (vpn, pte) => moves.push([vpn, pte]))
  for (const [vpn] of moves) mm.pgd.set(vpn, 0)
  for (const [vpn, pte] of moves) mm.pgd.set(vpn - oldAddr / 4096 + dst / 4096, pte)
  mm.vmas.splice(mm.vmas.indexOf(old), 1)
  mm.total_vm -= old.pages
  if (old.flags & VM_LOCKED) mm.locked_vm -= old.pages
  vma_insert(mm, nv)
  mm.total_vm += nv.pages
  if (nv.flags & VM_LOCKED) {
    mm.locked_vm += nv.pages
    __mm_populate(k, task, dst, newLen)
  }
  vma_merge_all(mm)
  k.tick(40 * moves.length)
  return dst
}
