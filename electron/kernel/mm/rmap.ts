/**
 * mm/rmap.c — reverse mapping: mapcount bookkeeping when PTEs are added/removed/duplicated, and
 * rmap_walk to find every PTE that maps a frame (for folio_mkclean, migration, truncate).
 *
 * Model: an anon page's `mapping` is its anon_vma id (a forked child's VMA keeps the parent's
 * anon_vma id: the anon_vma root), `index` is linear_page_index(vma, addr) = vm_pgoff +
 * (addr - vm_start) / PAGE_SIZE. A file page's mapping is its address_space id. So a page's
 * address in any VMA that can map it is vm_start + (index - vm_pgoff) * PAGE_SIZE.
 */
import type { Kernel } from '../kernel'
import type { MmStruct, VmArea } from '../include/linux/mm_types'
import { PG_anon, PG_anon_exclusive, PG_lru, PG_swapbacked, PG_ksm } from '../include/linux/page-flags'
import { pte_pfn, pte_present } from '../include/asm/pgtable'
import { EBUSY } from '../include/uapi/asm-generic/errno'
import { folio_maybe_dma_pinned } from '../include/linux/page_ref'
import { MMF_HAS_PINNED } from '../include/linux/sched/coredump'

export function linear_page_index(vma: VmArea, addr: number): number {
  return vma.pgoff + (addr - vma.start) / 4096
}

export function folio_test_anon(k: Kernel, pfn: number): boolean {
  return (k.phys.flags.get(pfn) & PG_anon) !== 0
}

export function PageAnonExclusive(k: Kernel, pfn: number): boolean {
  return (k.phys.flags.get(pfn) & PG_anon_exclusive) !== 0
}

export function SetPageAnonExclusive(k: Kernel, pfn: number): void {
  if (!k.has('anonExclusive')) return
  k.phys.flags.set(pfn, k.phys.flags.get(pfn) | PG_anon_exclusive)
}

export function ClearPageAnonExclusive(k: Kernel, pfn: number): void {
  const f = k.phys.flags.get(pfn)
  if (f & PG_anon_exclusive) k.phys.flags.set(pfn, f & ~PG_anon_exclusive)
}

export function folio_test_ksm(k: Kernel, pfn: number): boolean {
  return (k.phys.flags.get(pfn) & PG_ksm) !== 0
}

/** Ensure the VMA has an anon_vma (anon_vma_prepare). */
export function anon_vma_prepare(k: Kernel, vma: VmArea): number {
  if (vma.anonVma === 0) vma.anonVma = ++k.ids.anonVma
  return vma.anonVma
}

/**
 * folio_add_new_anon_rmap(): a freshly allocated anon page gets its first mapping. From 5.19 a
 * new anon page is always exclusive (RMAP_EXCLUSIVE) — "mm: remember exclusively mapped anonymous
 * pages with PG_anon_exclusive".
 */
export function folio_add_new_anon_rmap(k: Kernel, pfn: number, vma: VmArea, addr: number): void {
  const av = anon_vma_prepare(k, vma)
  const p = k.phys
  p.flags.set(pfn, p.flags.get(pfn) | PG_anon | PG_lru | PG_swapbacked)
  p.mapping.set(pfn, av)
  p.index.set(pfn, linear_page_index(vma, addr))
  p.mapcount.set(pfn, 1)
  SetPageAnonExclusive(k, pfn)
}

export function folio_add_file_rmap(k: Kernel, pfn: number): void {
  k.phys.mapcount.add(pfn, 1)
}

/** folio_remove_rmap_pte(): one PTE mapping went away. */
export function folio_remove_rmap(k: Kernel, pfn: number): void {
  const m = k.phys.mapcount.add(pfn, -1)
  if (m < 0) k.oops(`mapcount underflow on pfn ${pfn}`)
}

/**
 * folio_needs_cow_for_dma(): fork must copy instead of share — MMF_HAS_PINNED (has_pinned in
 * 5.9–5.13) on the source mm and folio_maybe_dma_pinned. 5.9–5.18 page_needs_cow_for_dma also
 * required is_cow_mapping; callers only reach here for COW mappings.
 */
export function folio_needs_cow_for_dma(k: Kernel, mm: MmStruct, pfn: number): boolean {
  if (!k.has('earlyCowPinnedOnFork')) return false
  const hasPinned = k.has('mmfHasPinnedBit') ? (mm.flags & (1 << MMF_HAS_PINNED)) !== 0 : mm.has_pinned
  return hasPinned && folio_maybe_dma_pinned(k, pfn)
}

/**
 * folio_try_dup_anon_rmap_pte() (5.19+; page_try_dup_anon_rmap in 5.19–6.4): fork shares an
 * anon page with the child. Returns -EBUSY if the page is exclusive and may be pinned (fork must
 * copy it); otherwise clears PG_anon_exclusive and adds the child's mapping.
 */
export function folio_try_dup_anon_rmap(k: Kernel, srcMm: MmStruct, pfn: number): number {
  if (PageAnonExclusive(k, pfn) && folio_needs_cow_for_dma(k, srcMm, pfn)) return -EBUSY
  ClearPageAnonExclusive(k, pfn)
  k.phys.mapcount.add(pfn, 1)
  return 0
}

export interface RmapHit {
  mm: MmStruct
  vma: VmArea
  vpn: number
}

/** rmap_walk(): every PTE (in any mm) that maps `pfn`. */
export function rmap_walk(k: Kernel, pfn: number): RmapHit[] {
  const p = k.phys
  const flags = p.flags.get(pfn)
  const mapping = p.mapping.get(pfn)
  if (mapping === 0) return []
  const anon = (flags & PG_anon) !== 0
  const index = p.index.get(pfn)
  const hits: RmapHit[] = []
  for (const mm of k.mms.values()) {
    for (const vma of mm.vmas) {
      if (anon ? vma.anonVma !== mapping : vma.file === null || vma.file.mappingId !== mapping) continue
      const addr = vma.start + (index - vma.pgoff) * 4096
      if (addr < vma.start || addr >= vma.end) continue
      const vpn = addr / 4096
      const pte = mm.pgd.get(vpn)
      if (pte_present(pte) && pte_pfn(pte) === pfn) hits.push({ mm, vma, vpn })
    }
  }
  return hits
}
