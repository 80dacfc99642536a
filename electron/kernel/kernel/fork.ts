/**
 * kernel/fork.c (dup_mmap) + mm/memory.c (copy_page_range, copy_present_pte, copy_present_page).
 *
 * Contract: sys_fork returns the child task (the userland clones its own register state), or a
 * negative errno (-ENOMEM when an early copy cannot be allocated; the child is torn down).
 *
 * Per VMA: VM_DONTCOPY (MADV_DONTFORK) → absent in the child; VM_WIPEONFORK → present but empty;
 * VM_LOCKED is not inherited; shared file VMAs without anon pages are not copied (the child
 * refaults). COW VMAs: MMU_NOTIFY_PROTECTION_PAGE over the VMA, write_protect_seq odd during the
 * copy (5.11+, "mm/gup: prevent gup_fast from racing with COW during fork").
 *
 * Per present anon PTE (reference §2.6, §3 "fork with pinned anon page"):
 *  - ≤5.8: share (mapcount++, refcount++), write-protect parent and child.
 *  - 5.9+ ("mm: Do early cow for pinned pages during fork() for ptes"): if the parent mm has
 *    has_pinned/MMF_HAS_PINNED and the page is maybe-pinned → the child gets an immediate copy,
 *    the parent PTE is untouched.
 *  - 5.19+: the same decided by folio_try_dup_anon_rmap (-EBUSY for an exclusive maybe-pinned
 *    page); sharing clears PG_anon_exclusive.
 * Not modelled: the ≈6.16 transient parent write-protect during the copy (merge UNVERIFIED).
 *
 * Race hook: `hooks.afterPinCheck` runs inside copy_present_pte after the maybe-pinned decision
 * and before the write-protect, the window in which GUP-fast could pin a still-writable PTE
 * (scenario 4h). Use it to call gup_fast_begin from mm/gup.ts.
 */
import type { Kernel } from '../kernel'
import { MmStruct, type VmArea } from '../include/linux/mm_types'
import type { TaskStruct } from '../include/linux/sched'
import { TaskStruct as Task } from '../include/linux/sched'
import { EINVAL, ENOMEM } from '../include/uapi/asm-generic/errno'
import { VM_DONTCOPY, VM_LOCKED, VM_LOCKONFAULT, VM_PFNMAP, VM_SHARED, VM_WIPEONFORK, VM_WRITE, VM_MIXEDMAP, is_cow_mapping } from '../include/linux/mm'
import {
  _PAGE_ACCESSED, _PAGE_DIRTY, _PAGE_SOFT_DIRTY, pfn_pte, pte_mkclean, pte_mkold, pte_mkwrite, pte_pfn, pte_special, pte_write,
  pte_wrprotect
} from '../include/asm/pgtable'
import { get_page } from '../include/linux/page_ref'
import { folio_add_file_rmap, folio_add_new_anon_rmap, folio_needs_cow_for_dma, folio_test_anon, folio_try_dup_anon_rmap } from '../mm/rmap'
import { mmu_notifier_invalidate_range_start } from '../mm/mmu_notifier'
import { exit_mmap } from './exit'
import { MMF_HAS_PINNED } from '../include/linux/sched/coredump'

export interface ForkHookContext {
  parent: TaskStruct
  addr: number
  pfn: number
  decision: 'share' | 'copy'
}

export interface ForkHooks {
  /** Called per anon PTE after the pin check, before the write-protect (race window of 4h). */
  afterPinCheck?(ctx: ForkHookContext): void
}

interface CopyStats {
  copied: number
  shared: number
}

export function sys_fork(k: Kernel, parent: TaskStruct, hooks: ForkHooks = {}): TaskStruct | number {
  // An exited task cannot fork; a kernel thread (no mm) is not modelled. Decision: -EINVAL.
  if (parent.exited || !parent.mm) return -EINVAL
  k.tick(20000)
  const src = parent.mm
  const pid = ++k.ids.pid
  const child = new Task(pid, pid, parent.comm, { ...parent.cred, caps: parent.cred.caps.slice() }, null, parent.pid)
  child.rlim = parent.rlim.map((r) => [r[0], r[1]] as [number, number])
  const stats: CopyStats = { copied: 0, shared: 0 }
  let ret = 0
  if (src) {
    const b = k.batchBegin('fork', 0, src.total_vm)
    const mm = dup_mmap(k, parent, src, hooks, stats)
    k.batchEnd(b, parent.pid)
    if (typeof mm === 'number') ret = mm
    else child.mm = mm
  }
  if (ret === 0) k.tasks.set(pid, child)
  if (k.tracing) k.emit({ type: 'fork', child: ret === 0 ? pid : -1, copied: stats.copied, shared: stats.shared, ret }, parent.pid)
  return ret === 0 ? child : ret
}

/** vma_needs_copy(): must fork copy page tables now (anon pages or PFN maps), or can the child refault? */
function vma_needs_copy(vma: VmArea): boolean {
  if (vma.flags & (VM_PFNMAP | VM_MIXEDMAP)) return true
  return vma.anonVma !== 0
}

function dup_mmap(k: Kernel, parent: TaskStruct, src: MmStruct, hooks: ForkHooks, stats: CopyStats): MmStruct | number {
  const dst = k.newMm()
  dst.start_brk = src.start_brk
  dst.brk = src.brk
  dst.mmap_base = src.mmap_base
  // mm_init(): def_flags are not inherited (mlockall(MCL_FUTURE) is per process).
  dst.def_flags = 0
  // MMF_INIT_MASK does not contain MMF_HAS_PINNED: the child starts unpinned (reference §6.4).
  dst.flags = src.flags & ~(1 << MMF_HAS_PINNED)
  for (const vma of src.vmas) {
    if (vma.flags & VM_DONTCOPY) continue
    const nv = vma.clone()
    nv.flags &= ~(VM_LOCKED | VM_LOCKONFAULT)
    if (vma.flags & VM_WIPEONFORK) nv.anonVma = 0
    dst.vmas.push(nv)
    dst.total_vm += nv.pages
    if (vma.flags & VM_WIPEONFORK) continue
    if (!vma_needs_copy(vma)) continue
    const r = copy_page_range(k, parent, dst, src, nv, vma, hooks, stats)
    if (r < 0) {
      exit_mmap(k, dst)
      return r
    }
  }
  return dst
}

function copy_page_range(k: Kernel, parent: TaskStruct, dst: MmStruct, src: MmStruct, dstVma: VmArea, srcVma: VmArea, hooks: ForkHooks, stats: CopyStats): number {
  const cow = is_cow_mapping(srcVma.flags)
  if (cow) {
    mmu_notifier_invalidate_range_start(k, src.id, 'PROTECTION_PAGE', srcVma.start, srcVma.end)
    if (k.has('gupFastSeqcount')) src.write_protect_seq++
  }
  let ret = 0
  let wp = 0
  const entries: [number, number][] = []
  src.pgd.forEach(srcVma.start / 4096, srcVma.end / 4096, (vpn, pte) => entries.push([vpn, pte]))
  for (const [vpn, pte] of entries) {
    const r = copy_present_pte(k, parent, dst, src, dstVma, srcVma, vpn, pte, cow, hooks, stats)
    if (r < 0) {
      ret = r
      break
    }
    wp += r
  }
  if (cow && k.has('gupFastSeqcount')) src.write_protect_seq++
  k.tick(60 * entries.length)
  if (wp > 0 && k.tracing) k.emit({ type: 'wrprotect', mm: src.id, start: srcVma.start, end: srcVma.end, nrPages: wp, reason: 'fork' }, parent.pid)
  return ret
}

/** Returns 1 if the parent PTE was write-protected, 0 otherwise, or a negative errno. */
function copy_present_pte(
  k: Kernel, parent: TaskStruct, dst: MmStruct, src: MmStruct, dstVma: VmArea, srcVma: VmArea, vpn: number, pte: number,
  cow: boolean, hooks: ForkHooks, stats: CopyStats
): number {
  const addr = vpn * 4096
  if (pte_special(pte)) {
    // The zero page: nothing to account; the PTE is read-only already.
    dst.pgd.set(vpn, pte_mkold(pte))
    return 0
  }
  const pfn = pte_pfn(pte)
  if (folio_test_anon(k, pfn)) {
    let mustCopy: boolean
    if (k.has('anonExclusive')) {
      mustCopy = folio_try_dup_anon_rmap(k, src, pfn) < 0
    } else {
      mustCopy = cow && folio_needs_cow_for_dma(k, src, pfn)
      if (!mustCopy) k.phys.mapcount.add(pfn, 1)
    }
    if (mustCopy) {
      hooks.afterPinCheck?.({ parent, addr, pfn, decision: 'copy' })
      return copy_present_page(k, dst, dstVma, vpn, pfn, stats)
    }
    get_page(k, pfn)
  } else {
    get_page(k, pfn)
    folio_add_file_rmap(k, pfn)
  }
  stats.shared++
  hooks.afterPinCheck?.({ parent, addr, pfn, decision: 'share' })
  let wp = 0
  let child = pte
  if (cow && pte_write(pte)) {
    // Re-read: the parent's PTE bits may have changed in the hook (young/dirty), not its pfn.
    src.pgd.set(vpn, pte_wrprotect(src.pgd.get(vpn)))
    child = pte_wrprotect(child)
    wp = 1
  }
  if (srcVma.flags & VM_SHARED) child = pte_mkclean(child)
  dst.pgd.set(vpn, pte_mkold(child))
  return wp
}

/**
 * copy_present_page(): the child gets its own copy of a maybe-pinned exclusive anon page, mapped
 * writable (if VM_WRITE) and dirty; the parent keeps the original (still pinned, still writable).
 */
function copy_present_page(k: Kernel, dst: MmStruct, dstVma: VmArea, vpn: number, pfn: number, stats: CopyStats): number {
  const np = k.phys.alloc('movable')
  if (np < 0) return -ENOMEM
  k.phys.contents.copy(np, pfn)
  folio_add_new_anon_rmap(k, np, dstVma, vpn * 4096)
  let e = pfn_pte(np, _PAGE_DIRTY | _PAGE_SOFT_DIRTY | _PAGE_ACCESSED)
  if (dstVma.flags & VM_WRITE) e = pte_mkwrite(e)
  dst.pgd.set(vpn, e)
  stats.copied++
  k.vmstat.cow++
  if (k.traceNow('cow')) k.emit({ type: 'cow', addr: vpn * 4096, oldPfn: pfn, newPfn: np, unshare: false })
  return 0
}
