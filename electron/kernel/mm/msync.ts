/**
 * mm/msync.c + mm/mincore.c.
 *
 * msync contract (userspace-api.md §5.2): unknown flags, unaligned start, or MS_SYNC|MS_ASYNC →
 * -EINVAL; a hole or unmapped range → -ENOMEM (after processing the mapped parts);
 * MS_INVALIDATE on a VM_LOCKED range → -EBUSY; flags 0 → 0. MS_SYNC writes back the dirty
 * page-cache pages of shared file mappings in the range: folio_clear_dirty_for_io (write-protects
 * and cleans their PTEs), then ->writepage (the files layer persists the bytes).
 *
 * mincore contract: unaligned start → -EINVAL; a hole → -ENOMEM; vec[i] = 1 if the page is
 * resident: a present PTE (the zero page counts), or for file mappings a page-cache page.
 */
import type { Kernel } from '../kernel'
import type { TaskStruct } from '../include/linux/sched'
import { EBUSY, EINVAL, ENOMEM } from '../include/uapi/asm-generic/errno'
import { TASK_SIZE, VM_LOCKED, VM_SHARED } from '../include/linux/mm'
import { MS_ASYNC, MS_INVALIDATE, MS_SYNC } from '../include/uapi/asm-generic/mman-common'
import { pte_present } from '../include/asm/pgtable'
import { PAGE_ALIGN } from './mmap'
import { range_fully_mapped } from './mlock'
import { page_align_u64 } from './mlock'
import { filemap_write_and_wait_range } from './filemap'

export function sys_msync(k: Kernel, task: TaskStruct, start: number, len: number, flags: number): number {
  k.tick(500)
  const ret = do_msync(k, task, start, len, flags)
  if (k.tracing) k.emit({ type: 'syscall', name: 'msync', args: [start, len, flags], ret }, task.pid)
  return ret
}

function do_msync(k: Kernel, task: TaskStruct, start: number, len: number, flags: number): number {
  const mm = task.mm
  if (!mm || !Number.isInteger(flags) || flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) return -EINVAL
  if (!Number.isFinite(start) || !Number.isFinite(len) || start < 0 || len < 0 || start % 4096 !== 0) return -EINVAL
  if ((flags & MS_ASYNC) && (flags & MS_SYNC)) return -EINVAL
  // PAGE_ALIGN in 64 bits: a length near 2^64 wraps to 0 (an empty range, 0); an end past 2^64
  // (end < start) or past the address space (holes) is -ENOMEM.
  const end = start + page_align_u64(len)
  if (end > TASK_SIZE) return -ENOMEM
  if (end === start) return 0
  const unmapped = !range_fully_mapped(mm, start, end)
  for (const vma of mm.vmas) {
    if (vma.end <= start || vma.start >= end) continue
    if ((flags & MS_INVALIDATE) && (vma.flags & VM_LOCKED)) return -EBUSY
    if (!(flags & MS_SYNC) || vma.file === null || !(vma.flags & VM_SHARED)) continue
    const mapping = k.mappings.get(vma.file.mappingId)
    if (!mapping) continue
    const s = Math.max(start, vma.start)
    const e = Math.min(end, vma.end)
    filemap_write_and_wait_range(k, mapping, vma.pgoff + (s - vma.start) / 4096, vma.pgoff + (e - vma.start) / 4096)
  }
  return unmapped ? -ENOMEM : 0
}

export function sys_mincore(k: Kernel, task: TaskStruct, start: number, len: number, vec: Uint8Array): number {
  k.tick(300)
  const mm = task.mm
  if (!mm || !Number.isFinite(start) || !Number.isFinite(len) || start < 0 || len < 0 || start % 4096 !== 0) return -EINVAL
  const end = start + PAGE_ALIGN(len)
  if (end > TASK_SIZE) return -ENOMEM
  if (!range_fully_mapped(mm, start, end)) return -ENOMEM
  for (let a = start, i = 0; a < end; a += 4096, i++) {
    const pte = mm.pgd.get(a / 4096)
    let resident = pte_present(pte)
    if (!resident) {
      const vma = mm.vmas.find((v) => v.start <= a && v.end > a)!
      if (vma.file) {
        const mapping = k.mappings.get(vma.file.mappingId)
        resident = mapping !== undefined && mapping.i_pages.get(vma.pgoff + (a - vma.start) / 4096) !== 0
      }
    }
    if (i < vec.length) vec[i] = resident ? 1 : 0
  }
  return 0
}
