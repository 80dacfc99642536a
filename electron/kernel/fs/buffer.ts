/**
 * fs/buffer.c — buffer heads, reduced to what the pinned-page problems need: a page-cache page
 * of a block filesystem either has buffers attached (PG_private, page->private = the buffer
 * ring) or not, and its one 4 KiB buffer (block size = page size) is mapped to a disk block,
 * delayed-allocated (ext4 delalloc) or neither, clean or dirty.
 *
 * State lives in `k.phys.bh` (one BH_* bit set per pfn, copy-on-write chunks like the rest of
 * struct page, so snapshots capture it); PG_private says buffers are attached. The page
 * allocator clears both when a frame is freed.
 *
 * Contract: attach_page_buffers / try_to_free_buffers are the only writers of PG_private for
 * file pages. try_to_free_buffers never looks at the page refcount (that is the caller's job:
 * mapping_evict_folio from 5.18, nobody before) — which is how a pinned page loses its buffers
 * (reference §2.8, Jan Kara 2018).
 */
import type { Kernel } from '../kernel'
import { PG_dirty, PG_private, PG_writeback } from '../include/linux/page-flags'

/* enum bh_state_bits (include/linux/buffer_head.h) */
export const BH_Uptodate = 1 << 0
export const BH_Dirty = 1 << 1
export const BH_Mapped = 1 << 4
export const BH_New = 1 << 5
export const BH_Delay = 1 << 8

export const BH_NAMES: ReadonlyArray<readonly [number, string]> = [
  [BH_Uptodate, 'uptodate'], [BH_Dirty, 'dirty'], [BH_Mapped, 'mapped'], [BH_New, 'new'], [BH_Delay, 'delay']
]

/** page_has_buffers() / folio_buffers() != NULL. */
export function page_has_buffers(k: Kernel, pfn: number): boolean {
  return (k.phys.flags.get(pfn) & PG_private) !== 0
}

/** The BH_* bits of the page's buffer (0 without buffers). */
export function page_buffer_state(k: Kernel, pfn: number): number {
  return page_has_buffers(k, pfn) ? k.phys.bh.get(pfn) : 0
}

/** create_empty_buffers() + map: attach one buffer with `state` (set PG_private). */
export function attach_page_buffers(k: Kernel, pfn: number, state: number): void {
  k.phys.flags.set(pfn, k.phys.flags.get(pfn) | PG_private)
  k.phys.bh.set(pfn, state)
  if (k.tracing) k.emit({ type: 'buffers', pfn, action: 'attach', state })
}

/** Update the buffer's bits (set, clear) on a page that has buffers. */
export function set_buffer_state(k: Kernel, pfn: number, set: number, clear = 0): void {
  if (!page_has_buffers(k, pfn)) return
  k.phys.bh.set(pfn, (k.phys.bh.get(pfn) & ~clear) | set)
}

/**
 * try_to_free_buffers(): drop the buffers of a page that is neither dirty nor under writeback
 * and whose buffers are clean. Returns true if the page has no buffers afterwards. The page's
 * refcount is not consulted (pins included).
 */
export function try_to_free_buffers(k: Kernel, pfn: number): boolean {
  const f = k.phys.flags.get(pfn)
  if (!(f & PG_private)) return true
  if (f & (PG_dirty | PG_writeback)) return false
  if (k.phys.bh.get(pfn) & BH_Dirty) return false
  k.phys.flags.set(pfn, f & ~PG_private)
  k.phys.bh.set(pfn, 0)
  if (k.tracing) k.emit({ type: 'buffers', pfn, action: 'release', state: 0 })
  return true
}

/** block_dirty_folio / __set_page_dirty_buffers: dirty the attached buffer (if any). */
export function block_dirty_folio(k: Kernel, pfn: number): void {
  set_buffer_state(k, pfn, BH_Dirty)
}
