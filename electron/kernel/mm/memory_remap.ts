/**
 * mm/memory.c remap_pfn_range + mm/page_alloc.c __get_free_page/free_page, for drivers that map
 * kernel pages into user space (a NIC's doorbell/UAR page, io_uring's SQ/CQ rings, which are
 * kernel pages mmap'ed MAP_SHARED — no COW, no GUP: reference §4c).
 *
 * Contract: alloc_kernel_page returns a zeroed pfn owned by kernel code (refcount 1, recorded in
 * k.kernelRefs so the invariant checker accounts for it) or -ENOMEM; free_kernel_page drops that
 * reference. remap_pfn_range(k, mm, vma, addr, pfn, size) marks the VMA VM_IO|VM_PFNMAP|
 * VM_DONTEXPAND|VM_DONTDUMP and installs special PTEs (no refcount, no mapcount; writable only in
 * a shared writable VMA) and returns 0, or -EINVAL for a range outside the VMA or unaligned.
 * GUP refuses such VMAs (-EFAULT); fork copies the PTEs; munmap just clears them.
 */
import type { Kernel } from '../kernel'
import type { MmStruct, VmArea } from '../include/linux/mm_types'
import { EINVAL, ENOMEM } from '../include/uapi/asm-generic/errno'
import { VM_DONTDUMP, VM_DONTEXPAND, VM_IO, VM_PFNMAP, VM_SHARED, VM_WRITE } from '../include/linux/mm'
import { _PAGE_ACCESSED, _PAGE_DIRTY, _PAGE_RW, _PAGE_SPECIAL, pfn_pte } from '../include/asm/pgtable'
import { put_page } from '../include/linux/page_ref'

export function alloc_kernel_page(k: Kernel): number {
  const pfn = k.phys.alloc('kernel')
  if (pfn < 0) return -ENOMEM
  k.kernelRefs.set(pfn, (k.kernelRefs.get(pfn) ?? 0) + 1)
  return pfn
}

export function free_kernel_page(k: Kernel, pfn: number): void {
  const n = k.kernelRefs.get(pfn) ?? 0
  if (n === 0) {
    k.warn(`free_page of pfn ${pfn} not owned by the kernel`)
    return
  }
  if (n === 1) k.kernelRefs.delete(pfn)
  else k.kernelRefs.set(pfn, n - 1)
  put_page(k, pfn)
}

export function remap_pfn_range(k: Kernel, mm: MmStruct, vma: VmArea, addr: number, pfn: number, size: number): number {
  if (addr % 4096 !== 0 || size % 4096 !== 0 || addr < vma.start || addr + size > vma.end || !Number.isInteger(pfn) || pfn < 0) return -EINVAL
  vma.flags |= VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP
  const writable = (vma.flags & (VM_SHARED | VM_WRITE)) === (VM_SHARED | VM_WRITE)
  for (let i = 0; i < size / 4096; i++) {
    mm.pgd.set(addr / 4096 + i, pfn_pte(pfn + i, _PAGE_SPECIAL | _PAGE_ACCESSED | (writable ? _PAGE_RW | _PAGE_DIRTY : 0)))
  }
  k.tick(100 + 20 * (size / 4096))
  return 0
}
