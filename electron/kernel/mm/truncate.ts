/**
 * mm/truncate.c — shrinking a file's page cache: unmap_mapping_range and truncate_pagecache
 * (reference §2.9), for the files layer.
 *
 * Contract: truncate_setsize(k, mapping, newsize) sets i_size, zaps every user PTE that maps a
 * page-cache page at or beyond the new EOF (unmap_mapping_range with even_cows = 1: private COW
 * copies in MAP_PRIVATE mappings of the file are zapped too) with MMU_NOTIFY_UNMAP... wait: the
 * kernel uses MMU_NOTIFY_CLEAR for unmap_mapping_range; then removes those pages from the page
 * cache. Pins are ignored: a pinned page becomes an orphan (mapping cleared) that stays alive
 * until the pin holder unpins (§6.18). Later accesses past EOF raise SIGBUS.
 * fs-DAX "break layouts" waiting is the files layer's job (it must not call this while a DAX page
 * is busy).
 */
import type { Kernel } from '../kernel'
import type { AddressSpace } from '../include/linux/fs'
import { mmu_notifier_invalidate_range_start } from './mmu_notifier'
import { zap_page_range } from './memory'
import { put_page } from '../include/linux/page_ref'
import { PG_anon, PG_dirty, PG_lru, PG_uptodate } from '../include/linux/page-flags'
import { VM_SHARED } from '../include/linux/mm'
import { pte_pfn, pte_special } from '../include/asm/pgtable'
import type { MmStruct, VmArea } from '../include/linux/mm_types'

/**
 * unmap_mapping_range(): zap PTEs of every VMA mapping `mapping` for file pages
 * [firstIndex, endIndex) (endIndex exclusive, Infinity = to the end). even_cows also zaps the
 * private anon copies in MAP_PRIVATE VMAs of the file.
 */
export function unmap_mapping_range(k: Kernel, mapping: AddressSpace, firstIndex: number, endIndex: number, evenCows: boolean): void {
  for (const mm of k.mms.values()) {
    for (const vma of mm.vmas.slice()) {
      if (vma.file === null || vma.file.mappingId !== mapping.id) continue
      const vFirst = vma.pgoff
      const vEnd = vma.pgoff + vma.pages
      const lo = Math.max(firstIndex, vFirst)
      const hi = Math.min(endIndex, vEnd)
      if (lo >= hi) continue
      const start = vma.start + (lo - vFirst) * 4096
      const end = vma.start + (hi - vFirst) * 4096
      mmu_notifier_invalidate_range_start(k, mm.id, 'CLEAR', start, end)
      if (evenCows || (vma.flags & VM_SHARED) !== 0) zap_page_range(k, mm, vma, start, end, null)
      else zapFileOnly(k, mm, vma, start, end, mapping.id)
    }
  }
}

/** Zap only PTEs that map page-cache pages of this mapping (not private COW copies). */
function zapFileOnly(k: Kernel, mm: MmStruct, vma: VmArea, start: number, end: number, mappingId: number): void {
  const vpns: number[] = []
  mm.pgd.forEach(start / 4096, end / 4096, (vpn, pte) => {
    const pfn = pte_pfn(pte)
    if (!pte_special(pte) && k.phys.mapping.get(pfn) === mappingId && !(k.phys.flags.get(pfn) & PG_anon)) vpns.push(vpn)
  })
  for (const vpn of vpns) zap_page_range(k, mm, vma, vpn * 4096, vpn * 4096 + 4096, null)
}

/** truncate_inode_pages_range(): drop page-cache pages with index ≥ firstIndex. */
export function truncate_inode_pages(k: Kernel, mapping: AddressSpace, firstIndex: number): number {
  const p = k.phys
  let n = 0
  const chunks = mapping.i_pages.chunks
  for (let c = 0; c < chunks.length; c++) {
    const ch = chunks[c]
    if (!ch) continue
    for (let i = 0; i < ch.length; i++) {
      const index = c * ch.length + i
      if (index < firstIndex || mapping.i_pages.get(index) === 0) continue
      const pfn = mapping.i_pages.get(index) - 1
      mapping.i_pages.set(index, 0)
      mapping.nrpages--
      const f = p.flags.get(pfn)
      if (f & PG_dirty) mapping.nrDirty--
      // The folio leaves the cache: no mapping any more (an orphan if someone still holds it).
      p.flags.set(pfn, f & ~(PG_dirty | PG_lru | PG_uptodate))
      p.mapping.set(pfn, 0)
      put_page(k, pfn)
      n++
    }
  }
  return n
}

/** truncate_setsize() + truncate_pagecache(): the page cache side of ftruncate(). */
export function truncate_setsize(k: Kernel, mapping: AddressSpace, newsize: number): void {
  const old = mapping.size
  mapping.size = newsize
  if (newsize >= old) return
  const first = Math.ceil(newsize / 4096)
  unmap_mapping_range(k, mapping, first, Infinity, true)
  truncate_inode_pages(k, mapping, first)
  k.tick(1000)
}
