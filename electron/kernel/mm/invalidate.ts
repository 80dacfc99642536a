/**
 * mm/truncate.c, the invalidate_inode_pages2_range() half: what a direct write does to the page
 * cache around it (kiocb_invalidate_pages before, kiocb_invalidate_post_direct_write after).
 *
 * Contract: for every cached folio with index in [firstIndex, endIndex): unmap it from every
 * MAP_SHARED and MAP_PRIVATE mapping of the file (unmap_mapping_folio: even_cows = false, so a
 * private COW copy stays), then drop it from the cache unless it is dirty. A dirty folio — a
 * store through a MAP_SHARED mapping that raced with the I/O, its dirty PTE turned into a dirty
 * folio by the zap — cannot be invalidated (invalidate_complete_folio2 refuses it; ext4 has no
 * ->launder_folio) and the answer is -EBUSY. Pins and GET references are not consulted: a
 * pinned folio leaves the cache as an orphan that lives until it is unpinned, as with truncate.
 */
import type { Kernel } from '../kernel'
import type { AddressSpace } from '../include/linux/fs'
import { EBUSY } from '../include/uapi/asm-generic/errno'
import { put_page } from '../include/linux/page_ref'
import { PG_dirty, PG_lru, PG_uptodate } from '../include/linux/page-flags'
import { filemap_get_folio } from './filemap'
import { unmap_mapping_range } from './truncate'

/** invalidate_inode_pages2_range(): 0, or -EBUSY if some folio stayed (it was dirty). */
export function invalidate_inode_pages2_range(k: Kernel, mapping: AddressSpace, firstIndex: number, endIndex: number): number {
  const p = k.phys
  let dropped = 0
  let busy = 0
  for (let index = firstIndex; index < endIndex; index++) {
    const pfn = filemap_get_folio(mapping, index)
    if (pfn < 0) continue
    if (p.mapcount.get(pfn) > 0) unmap_mapping_range(k, mapping, index, index + 1, false)
    const f = p.flags.get(pfn)
    if (f & PG_dirty) {
      busy++
      continue
    }
    mapping.i_pages.set(index, 0)
    mapping.nrpages--
    p.flags.set(pfn, f & ~(PG_lru | PG_uptodate))
    p.mapping.set(pfn, 0)
    put_page(k, pfn)
    dropped++
  }
  if (k.tracing && (dropped > 0 || busy > 0)) k.emit({ type: 'invalidate', mapping: mapping.id, first: firstIndex, end: endIndex, dropped, busy })
  return busy > 0 ? -EBUSY : 0
}
