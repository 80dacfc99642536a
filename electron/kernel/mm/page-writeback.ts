/**
 * mm/page-writeback.c — dirty accounting: folio_mark_dirty (set_page_dirty) and
 * folio_clear_dirty_for_io (clear_page_dirty_for_io, which write-protects mappings first).
 *
 * Pins are not consulted anywhere here — that is the long-running gup+DMA problem
 * (reference §2.8): a device may write a page after it was cleaned.
 */
import type { Kernel } from '../kernel'
import { PG_anon, PG_dirty } from '../include/linux/page-flags'
import { folio_mkclean } from './rmap_mkclean'

/** folio_mark_dirty(): returns true if the folio was clean before. */
export function folio_mark_dirty(k: Kernel, pfn: number): boolean {
  const f = k.phys.flags.get(pfn)
  if (f & PG_dirty) return false
  k.phys.flags.set(pfn, f | PG_dirty)
  if (!(f & PG_anon)) {
    const mapping = k.mappings.get(k.phys.mapping.get(pfn))
    if (mapping) {
      mapping.nrDirty++
      mapping.ops.dirty_folio?.(k, mapping, pfn)
    }
  }
  return true
}

/**
 * folio_clear_dirty_for_io(): before writeback, clean and write-protect every PTE mapping the
 * folio (folio_mkclean), then clear PG_dirty. Returns true if the folio was dirty.
 */
export function folio_clear_dirty_for_io(k: Kernel, pfn: number): boolean {
  const cleanedPtes = folio_mkclean(k, pfn)
  const f = k.phys.flags.get(pfn)
  const wasDirty = (f & PG_dirty) !== 0 || cleanedPtes > 0
  if (f & PG_dirty) {
    k.phys.flags.set(pfn, f & ~PG_dirty)
    const mapping = k.mappings.get(k.phys.mapping.get(pfn))
    if (mapping && !(f & PG_anon)) mapping.nrDirty--
  }
  return wasDirty
}
