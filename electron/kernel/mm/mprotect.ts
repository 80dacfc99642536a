/**
 * mm/mprotect.c — mprotect and change_protection.
 *
 * Contract: 0, or -EINVAL (unaligned start, unknown prot bits, GROWSUP|GROWSDOWN together),
 * -ENOMEM (range overflow or hole), -EACCES (asking for a permission the VMA may not get, e.g.
 * PROT_WRITE on a MAP_SHARED mapping of a read-only fd). Decision: holes are detected before any
 * VMA changes (Linux changes the VMAs before the hole first).
 *
 * PTEs: removing write write-protects; adding write to a private mapping leaves PTEs read-only
 * (vm_page_prot is PAGE_COPY) except, from 5.19 (`mprotectWritableExclusive`, 64fe24a3e05e
 * "mm/mprotect: try avoiding write faults for exclusive anonymous pages when changing
 * protection"), exclusive anon pages become writable at once; shared mappings become writable
 * unless they need write-notify (then only dirty PTEs). MMU notifiers get PROTECTION_VMA.
 * The software TLB is flushed for the whole range (VMA permissions changed).
 */
import type { Kernel } from '../kernel'
import type { TaskStruct } from '../include/linux/sched'
import { EACCES, EINVAL, ENOMEM } from '../include/uapi/asm-generic/errno'
import { PROT_EXEC, PROT_GROWSDOWN, PROT_GROWSUP, PROT_READ, PROT_SEM, PROT_WRITE } from '../include/uapi/asm-generic/mman-common'
import { TASK_SIZE, VM_EXEC, VM_LOCKED, VM_READ, VM_SHARED, VM_WRITE } from '../include/linux/mm'
import { pte_dirty, pte_mkwrite, pte_pfn, pte_special, pte_wrprotect } from '../include/asm/pgtable'
import { calc_vm_prot_bits, PAGE_ALIGN, vma_wants_writenotify } from './mmap'
import { range_fully_mapped } from './mlock'
import { vma_merge_all, vmas_in_range } from './vma'
import { mmu_notifier_invalidate_range_start } from './mmu_notifier'
import { folio_test_anon, PageAnonExclusive } from './rmap'
import { __mm_populate } from './gup'

const VM_ACCESS_FLAGS = VM_READ | VM_WRITE | VM_EXEC

export function sys_mprotect(k: Kernel, task: TaskStruct, start: number, len: number, prot: number): number {
  k.tick(300)
  const ret = do_mprotect_pkey(k, task, start, len, prot)
  if (k.tracing) k.emit({ type: 'syscall', name: 'mprotect', args: [start, len, prot], ret }, task.pid)
  return ret
}

function do_mprotect_pkey(k: Kernel, task: TaskStruct, start: number, len: number, prot: number): number {
  const mm = task.mm
  if (!mm || !Number.isFinite(start) || !Number.isFinite(len) || start < 0 || len < 0 || !Number.isInteger(prot)) return -EINVAL
  const grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP)
  if (grows === (PROT_GROWSDOWN | PROT_GROWSUP)) return -EINVAL
  if (start % 4096 !== 0) return -EINVAL
  if (len === 0) return 0
  len = PAGE_ALIGN(len)
  const end = start + len
  if (end > TASK_SIZE) return -ENOMEM
  if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP)) return -EINVAL
  if (!range_fully_mapped(mm, start, end)) return -ENOMEM
  const want = calc_vm_prot_bits(prot)
  for (const v of mm.vmas) {
    if (v.end <= start || v.start >= end) continue
    const newflags = (v.flags & ~VM_ACCESS_FLAGS) | want
    if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS) return -EACCES
  }
  for (const vma of vmas_in_range(mm, start, end)) {
    const old = vma.flags
    const newflags = (old & ~VM_ACCESS_FLAGS) | want
    if (newflags === old) continue
    vma.flags = newflags
    change_protection(k, mm, vma)
    // mprotect_fixup: a locked private mapping that becomes writable is populated (COW broken).
    if ((old & (VM_WRITE | VM_SHARED | VM_LOCKED)) === VM_LOCKED && (newflags & VM_WRITE)) __mm_populate(k, task, vma.start, vma.end - vma.start)
  }
  vma_merge_all(mm)
  return 0
}

/** change_protection() / change_pte_range() for a whole VMA whose flags were just changed. */
function change_protection(k: Kernel, mm: NonNullable<TaskStruct['mm']>, vma: NonNullable<TaskStruct['mm']>['vmas'][number]): void {
  const s = vma.start / 4096
  const e = vma.end / 4096
  let any = false
  mm.pgd.forEach(s, e, () => { any = true })
  if (any) mmu_notifier_invalidate_range_start(k, mm.id, 'PROTECTION_VMA', vma.start, vma.end)
  const shared = (vma.flags & VM_SHARED) !== 0
  const writable = (vma.flags & VM_WRITE) !== 0
  const notify = shared && vma_wants_writenotify(k, vma)
  let changed = 0
  mm.pgd.forEach(s, e, (vpn, pte) => {
    let n = pte_wrprotect(pte)
    if (writable) {
      if (shared) {
        if (!notify || pte_dirty(pte)) n = pte_mkwrite(n)
      } else if (!pte_special(pte) && k.has('mprotectWritableExclusive')) {
        const pfn = pte_pfn(pte)
        if (folio_test_anon(k, pfn) && PageAnonExclusive(k, pfn)) n = pte_mkwrite(n)
      }
    }
    if (n !== pte) {
      mm.pgd.set(vpn, n)
      changed++
    } else mm.pgd.flush_tlb_page(vpn)
  })
  k.tick(30 * changed + 100)
  if (changed > 0 && k.tracing) k.emit({ type: 'wrprotect', mm: mm.id, start: vma.start, end: vma.end, nrPages: changed, reason: 'mprotect' })
}
