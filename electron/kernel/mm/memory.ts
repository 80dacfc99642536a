/**
 * mm/memory.c — page faults (handle_mm_fault, do_anonymous_page, do_read/cow/shared_fault,
 * do_wp_page with the three reuse rules, wp_page_copy, FAULT_FLAG_UNSHARE) and zapping.
 *
 * The anon reuse rule on a write fault to a R/O-mapped anon page (reference §3 row 1, §2.5):
 *  - ≤5.8: reuse iff mapcount == 1 (reuse_swap_page); GUP references are ignored.
 *  - 5.9–5.18 (`refcountReuse`, "mm: do_wp_page() simplification"): reuse iff !KSM and
 *    refcount == 1, so any GUP reference or pin forces a copy.
 *  - 5.19+ (`anonExclusive`): reuse iff PG_anon_exclusive; otherwise the refcount check, which
 *    sets PG_anon_exclusive when it succeeds (wp_can_reuse_anon_folio).
 * Invariant: a COW copy or a zap is preceded by an MMU-notifier invalidation; FAULT_FLAG_UNSHARE
 * never maps a PTE writable (reference §6.10).
 */
import type { Kernel } from '../kernel'
import type { MmStruct, VmArea } from '../include/linux/mm_types'
import { vma_is_anonymous } from '../include/linux/mm_types'
import {
  FAULT_FLAG_UNSHARE, FAULT_FLAG_WRITE, VM_FAULT_OOM, VM_FAULT_SIGBUS, VM_FAULT_WRITE, VM_MAYSHARE, VM_SHARED,
  VM_WRITE, VM_LOCKED, VM_PFNMAP, is_cow_mapping, VM_FAULT_ERROR
} from '../include/linux/mm'
import {
  _PAGE_ACCESSED, _PAGE_DIRTY, _PAGE_SOFT_DIRTY, _PAGE_SPECIAL, pfn_pte, pte_dirty, pte_mkdirty, pte_mkwrite,
  pte_mkyoung, pte_none, pte_pfn, pte_special, pte_write
} from '../include/asm/pgtable'
import { ZERO_PFN } from './page_alloc'
import { get_page, put_page } from '../include/linux/page_ref'
import {
  folio_add_file_rmap, folio_add_new_anon_rmap, folio_remove_rmap, folio_test_anon, folio_test_ksm,
  PageAnonExclusive, SetPageAnonExclusive
} from './rmap'
import { mmu_notifier_invalidate_range_start } from './mmu_notifier'
import type { MmuNotifyEvent } from '../kernel/trace'
import { filemap_fault } from './filemap'
import { folio_mark_dirty } from './page-writeback'
import { vma_wants_writenotify } from './mmap'
import { PG_mlocked, PG_unevictable } from '../include/linux/page-flags'

/** maybe_mkwrite(): make the PTE writable only if the VMA is writable. */
function maybe_mkwrite(pte: number, vma: VmArea): number {
  return (vma.flags & VM_WRITE) !== 0 ? pte_mkwrite(pte) : pte
}

function mlock_new_folio(k: Kernel, vma: VmArea, pfn: number): void {
  if (vma.flags & VM_LOCKED) k.phys.flags.set(pfn, k.phys.flags.get(pfn) | PG_mlocked | PG_unevictable)
}

/**
 * handle_mm_fault(): resolve one fault at `addr` in `vma` (access permission already checked by
 * the caller: the arch fault handler in mm/uaccess.ts, or check_vma_flags in GUP). Returns
 * vm_fault_t bits: 0, VM_FAULT_WRITE (COW broken / reused for write, pre-6.0 semantics),
 * VM_FAULT_OOM, VM_FAULT_SIGBUS.
 */
export function handle_mm_fault(k: Kernel, mm: MmStruct, vma: VmArea, addr: number, flags: number): number {
  const vpn = Math.floor(addr / 4096)
  k.vmstat.pgfault++
  k.tick(500)
  if ((flags & FAULT_FLAG_UNSHARE) && (flags & FAULT_FLAG_WRITE)) {
    k.oops('FAULT_FLAG_UNSHARE together with FAULT_FLAG_WRITE')
    return VM_FAULT_SIGBUS
  }
  const pte = mm.pgd.get(vpn)
  let ret: number
  if (pte_none(pte)) {
    if (vma.flags & VM_PFNMAP) ret = VM_FAULT_SIGBUS // a PFN map has no ->fault: nothing to fault in
    else if (vma_is_anonymous(vma)) ret = do_anonymous_page(k, mm, vma, vpn, flags)
    else ret = do_fault(k, mm, vma, vpn, flags)
  } else if ((flags & (FAULT_FLAG_WRITE | FAULT_FLAG_UNSHARE)) !== 0 && !pte_write(pte)) {
    ret = do_wp_page(k, mm, vma, vpn, pte, flags)
  } else {
    let entry = pte_mkyoung(pte)
    if (flags & FAULT_FLAG_WRITE) entry = pte_mkdirty(entry)
    if (entry !== pte) mm.pgd.set(vpn, entry)
    ret = 0
  }
  if (k.traceNow('fault')) k.emit({ type: 'fault', addr, flags, ret })
  return ret
}

/** do_anonymous_page(): first touch of a private anonymous page. */
function do_anonymous_page(k: Kernel, mm: MmStruct, vma: VmArea, vpn: number, flags: number): number {
  const addr = vpn * 4096
  if ((flags & FAULT_FLAG_WRITE) === 0) {
    // Read fault: map the shared zero page, special and read-only (all eras, reference §3 row 2).
    mm.pgd.set(vpn, pfn_pte(ZERO_PFN, _PAGE_SPECIAL | _PAGE_ACCESSED))
    if (k.traceNow('zero_page_map')) k.emit({ type: 'zero_page_map', addr })
    return 0
  }
  const pfn = k.phys.alloc('movable')
  if (pfn < 0) return VM_FAULT_OOM
  k.tick(300)
  folio_add_new_anon_rmap(k, pfn, vma, addr)
  mlock_new_folio(k, vma, pfn)
  let entry = pfn_pte(pfn, _PAGE_ACCESSED)
  if (vma.flags & VM_WRITE) entry = pte_mkwrite(pte_mkdirty(entry))
  mm.pgd.set(vpn, entry)
  if (k.traceNow('anon_page')) k.emit({ type: 'anon_page', addr, pfn })
  return 0
}

/** Map a page-cache page into the PTE (finish_fault / do_set_pte), taking the mapping's ref. */
function map_file_page(k: Kernel, mm: MmStruct, vma: VmArea, vpn: number, pfn: number, writable: boolean, dirty: boolean): void {
  get_page(k, pfn)
  folio_add_file_rmap(k, pfn)
  mlock_new_folio(k, vma, pfn)
  let entry = pfn_pte(pfn, _PAGE_ACCESSED)
  if (dirty) entry = pte_mkdirty(entry)
  if (writable) entry = pte_mkwrite(entry)
  mm.pgd.set(vpn, entry)
  if (k.traceNow('file_page_map')) {
    k.emit({ type: 'file_page_map', addr: vpn * 4096, pfn, mapping: k.phys.mapping.get(pfn), index: k.phys.index.get(pfn), write: writable })
  }
}

/** do_fault(): first touch of a file-backed (or shmem) page: read, COW or shared. */
function do_fault(k: Kernel, mm: MmStruct, vma: VmArea, vpn: number, flags: number): number {
  const mapping = k.mappings.get(vma.file!.mappingId)
  if (!mapping) return VM_FAULT_SIGBUS
  const addr = vpn * 4096
  const index = vma.pgoff + (addr - vma.start) / 4096
  const pfn = filemap_fault(k, mapping, index)
  if (pfn < 0) return -pfn
  const write = (flags & FAULT_FLAG_WRITE) !== 0
  const shared = (vma.flags & VM_SHARED) !== 0
  if (!write || (shared && !k.has('forceWriteSharedRefused') && !(vma.flags & VM_WRITE))) {
    // do_read_fault. A shared writable mapping without write-notify maps writable at once.
    const writable = shared && (vma.flags & VM_WRITE) !== 0 && !vma_wants_writenotify(k, vma)
    map_file_page(k, mm, vma, vpn, pfn, writable, false)
    return 0
  }
  if (!shared) {
    // do_cow_fault: a private copy of the file page, dirty (mapped writable only with VM_WRITE).
    // The fault holds a reference on the file page (vmf->page) while allocating the copy, so
    // the allocator's direct reclaim cannot take it from the page cache meanwhile.
    get_page(k, pfn)
    const copy = k.phys.alloc('movable')
    put_page(k, pfn)
    if (copy < 0) return VM_FAULT_OOM
    k.phys.contents.copy(copy, pfn)
    folio_add_new_anon_rmap(k, copy, vma, addr)
    mlock_new_folio(k, vma, copy)
    mm.pgd.set(vpn, maybe_mkwrite(pfn_pte(copy, _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_SOFT_DIRTY), vma))
    if (k.traceNow('cow')) k.emit({ type: 'cow', addr, oldPfn: pfn, newPfn: copy, unshare: false })
    k.vmstat.cow++
    return 0
  }
  // do_shared_fault: ->page_mkwrite, then dirty and map writable.
  const r = mapping.ops.page_mkwrite?.(k, mapping, pfn, index) ?? 0
  if (r & VM_FAULT_ERROR) return r
  folio_mark_dirty(k, pfn)
  map_file_page(k, mm, vma, vpn, pfn, (vma.flags & VM_WRITE) !== 0, true)
  return 0
}

/**
 * wp_can_reuse_anon_folio() and its ancestors: may a write (or unshare) fault reuse this
 * non-exclusive anon page instead of copying it? The rule is per era (see file comment).
 */
export function wp_can_reuse_anon_folio(k: Kernel, pfn: number): { reuse: boolean; rule: 'mapcount' | 'refcount' } {
  if (k.has('refcountReuse')) {
    // 09854ba94c6a "mm: do_wp_page() simplification": !KSM && page_count == 1.
    return { reuse: !folio_test_ksm(k, pfn) && k.phys.refcount.get(pfn) === 1, rule: 'refcount' }
  }
  // ≤5.8 reuse_swap_page(): page_mapcount == 1 (no swap in PinLab); extra references ignored.
  return { reuse: !folio_test_ksm(k, pfn) && k.phys.mapcount.get(pfn) === 1, rule: 'mapcount' }
}

/**
 * do_wp_page(): write fault (or FAULT_FLAG_UNSHARE, 5.19+) on a present, non-writable PTE.
 * Shared mappings never copy (wp_page_shared); private mappings reuse or copy.
 */
export function do_wp_page(k: Kernel, mm: MmStruct, vma: VmArea, vpn: number, pte: number, flags: number): number {
  const addr = vpn * 4096
  const pfn = pte_pfn(pte)
  const unshare = (flags & FAULT_FLAG_UNSHARE) !== 0
  const special = pte_special(pte)
  const isZero = special && pfn === ZERO_PFN
  const anon = !special && folio_test_anon(k, pfn)

  if (special && !isZero) {
    // vm_normal_page() == NULL: a PFN map (remap_pfn_range). Shared: wp_pfn_shared makes it
    // writable; private: COW copies the raw pfn's contents. GUP never gets here (VM_PFNMAP).
    if (unshare) return 0
    if ((vma.flags & (VM_SHARED | VM_MAYSHARE)) !== 0) {
      mm.pgd.set(vpn, maybe_mkwrite(pte_mkdirty(pte_mkyoung(pte)), vma))
      return VM_FAULT_WRITE
    }
    return wp_page_copy(k, mm, vma, vpn, pte, false)
  }

  if (unshare) {
    if (!k.has('unshareFault')) {
      k.oops('FAULT_FLAG_UNSHARE before 5.19')
      return 0
    }
    if (!anon) {
      // "mm: extend FAULT_FLAG_UNSHARE support to anything in a COW mapping" (6.2): zero page and
      // page cache pages in COW mappings are replaced by an exclusive anon copy; before, no-op.
      if (k.has('roLongtermUnshareNonAnon') && is_cow_mapping(vma.flags)) return wp_page_copy(k, mm, vma, vpn, pte, true)
      return 0
    }
    if (PageAnonExclusive(k, pfn)) return 0
  }

  // Shared mapping: never COW. Before 3.15 the test was VM_WRITE|VM_SHARED both set, so a
  // FOLL_FORCE write to a R/O shared mapping took the COW path (cda540ace6a1 changed GUP).
  const sharedPath = k.has('forceWriteSharedRefused')
    ? (vma.flags & (VM_SHARED | VM_MAYSHARE)) !== 0
    : (vma.flags & (VM_SHARED | VM_WRITE)) === (VM_SHARED | VM_WRITE)
  if (sharedPath && !isZero && !anon) {
    const mapping = k.mappings.get(k.phys.mapping.get(pfn))
    if (mapping?.ops.page_mkwrite) {
      const r = mapping.ops.page_mkwrite(k, mapping, pfn, k.phys.index.get(pfn))
      if (r & VM_FAULT_ERROR) return r
    }
    folio_mark_dirty(k, pfn)
    mm.pgd.set(vpn, maybe_mkwrite(pte_mkdirty(pte_mkyoung(pte)), vma))
    k.vmstat.reuse++
    if (k.traceNow('reuse')) k.emit({ type: 'reuse', addr, pfn, rule: 'shared', unshare })
    return VM_FAULT_WRITE
  }

  if (anon) {
    let reuse = false
    let rule: 'mapcount' | 'refcount' | 'anon_exclusive' = 'anon_exclusive'
    if (k.has('anonExclusive') && PageAnonExclusive(k, pfn)) reuse = true
    else {
      const r = wp_can_reuse_anon_folio(k, pfn)
      reuse = r.reuse
      rule = r.rule
    }
    if (reuse) {
      SetPageAnonExclusive(k, pfn)
      k.vmstat.reuse++
      if (k.traceNow('reuse')) k.emit({ type: 'reuse', addr, pfn, rule, unshare })
      if (unshare) return 0
      // wp_page_reuse(): writable only if VM_WRITE (a FOLL_FORCE write leaves it R/O but dirty).
      mm.pgd.set(vpn, maybe_mkwrite(pte_mkdirty(pte_mkyoung(pte)), vma))
      return VM_FAULT_WRITE
    }
  }
  return wp_page_copy(k, mm, vma, vpn, pte, unshare)
}

/**
 * wp_page_copy(): replace the mapped page with a private exclusive anon copy (zero-filled when the
 * old PTE maps the zero page). MMU notifiers get CLEAR for the page first. For unshare the new
 * PTE keeps the VMA's protection minus write (never writable); for a write it is dirty and
 * writable if VM_WRITE.
 */
export function wp_page_copy(k: Kernel, mm: MmStruct, vma: VmArea, vpn: number, pte: number, unshare: boolean): number {
  const addr = vpn * 4096
  const old = pte_pfn(pte)
  const special = pte_special(pte)
  const isZero = special && old === ZERO_PFN
  mmu_notifier_invalidate_range_start(k, mm.id, 'CLEAR', addr, addr + 4096)
  const pfn = k.phys.alloc('movable')
  if (pfn < 0) return VM_FAULT_OOM
  k.tick(400)
  if (!isZero) k.phys.contents.copy(pfn, old)
  folio_add_new_anon_rmap(k, pfn, vma, addr)
  mlock_new_folio(k, vma, pfn)
  let entry = pfn_pte(pfn, _PAGE_ACCESSED)
  if (unshare) entry |= pte & _PAGE_SOFT_DIRTY
  else entry = maybe_mkwrite(pte_mkdirty(entry), vma)
  mm.pgd.set(vpn, entry)
  if (!special) {
    folio_remove_rmap(k, old)
    put_page(k, old)
  }
  k.vmstat.cow++
  if (unshare) k.vmstat.unshare++
  if (k.traceNow('cow')) k.emit({ type: 'cow', addr, oldPfn: isZero ? ZERO_PFN : old, newPfn: pfn, unshare })
  return unshare ? 0 : VM_FAULT_WRITE
}

/**
 * zap_page_range_single() / unmap_page_range(): clear every PTE in [start, end) of `vma`,
 * dropping mapcounts and the mappings' references (pinned pages stay alive for the pin holder).
 * Dirty file PTEs transfer their dirty bit to the folio. One MMU-notifier call and one trace
 * event for the whole range.
 */
export function zap_page_range(k: Kernel, mm: MmStruct, vma: VmArea, start: number, end: number, event: MmuNotifyEvent | null): number {
  // `event` null: the caller (unmap_vmas) already invalidated a range covering this one.
  if (event !== null) mmu_notifier_invalidate_range_start(k, mm.id, event, start, end)
  let n = 0
  mm.pgd.forEach(start / 4096, end / 4096, (vpn, pte) => {
    mm.pgd.set(vpn, 0)
    n++
    if (pte_special(pte)) return
    const pfn = pte_pfn(pte)
    if (pte_dirty(pte) && !folio_test_anon(k, pfn)) folio_mark_dirty(k, pfn)
    folio_remove_rmap(k, pfn)
    put_page(k, pfn)
  })
  k.vmstat.zap += n
  k.tick(50 * n + 100)
  if (k.tracing) k.emit({ type: 'zap', mm: mm.id, start, end, nrPages: n })
  return n
}

/**
 * unmap_vmas(): zap several VMAs under one MMU_NOTIFY_UNMAP range covering [start, end), as
 * munmap and exit_mmap do.
 */
export function unmap_vmas(k: Kernel, mm: MmStruct, vmas: readonly VmArea[], start: number, end: number): void {
  if (vmas.length === 0) return
  mmu_notifier_invalidate_range_start(k, mm.id, 'UNMAP', start, end)
  for (const vma of vmas) zap_page_range(k, mm, vma, Math.max(start, vma.start), Math.min(end, vma.end), null)
}

