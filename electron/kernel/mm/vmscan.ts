/**
 * mm/vmscan.c (shrink_folio_list, for clean page cache only) + mm/truncate.c
 * (invalidate_mapping_pages / mapping_evict_folio, formerly invalidate_inode_page) +
 * fs/drop_caches.c — how clean page-cache folios leave memory, and how a pinned one loses its
 * buffers on the way (reference §2.8, scenario 4e step 2):
 *
 * - drop_caches / invalidate_mapping_pages: dirty, writeback and (before 5.18) mapped folios
 *   are skipped. Before 5.18 (invalidate_complete_page) the buffers are released first and
 *   remove_mapping then fails on the extra reference of a pin — the pinned page stays cached
 *   without buffers. From 5.18 (feature invalidateRefcountCheck) a folio with more references
 *   than cache + private + the caller's is skipped before its buffers are touched.
 * - reclaim (shrink_page_cache, what shrink_folio_list does to a clean file folio): unmap it
 *   (try_to_unmap), release its buffers (filemap_release_folio), then __remove_mapping, which
 *   fails on a pinned folio — at every version the pinned page loses its buffers and PTEs.
 *
 * Contract: plain functions others can call (O_DIRECT, labs); they return how many folios were
 * freed from the page cache and never throw.
 */
import type { Kernel } from '../kernel'
import type { AddressSpace } from '../include/linux/fs'
import { PG_dirty, PG_lru, PG_private, PG_uptodate, PG_writeback } from '../include/linux/page-flags'
import { put_page } from '../include/linux/page_ref'
import { rmap_walk } from './rmap'
import { zap_page_range } from './memory'
import { mmu_notifier_invalidate_range_start } from './mmu_notifier'

/** filemap_release_folio(): ->release_folio if the folio has private data. */
export function filemap_release_folio(k: Kernel, mapping: AddressSpace, pfn: number): boolean {
  if (!(k.phys.flags.get(pfn) & PG_private)) return true
  return mapping.ops.release_folio ? mapping.ops.release_folio(k, mapping, pfn) : false
}

/**
 * remove_mapping() / __remove_mapping(): take a clean folio out of the page cache if nobody but
 * the cache holds it (refcount 1 here: the caller's own reference is not modelled). The cache's
 * reference goes with it and the frame is freed.
 */
export function remove_mapping(k: Kernel, mapping: AddressSpace, pfn: number): boolean {
  const p = k.phys
  if (p.refcount.get(pfn) !== 1 || p.mapcount.get(pfn) !== 0) return false
  const f = p.flags.get(pfn)
  if (f & (PG_dirty | PG_writeback)) return false
  const index = p.index.get(pfn)
  mapping.i_pages.set(index, 0)
  mapping.nrpages--
  p.flags.set(pfn, f & ~(PG_lru | PG_uptodate))
  p.mapping.set(pfn, 0)
  if (k.tracing) k.emit({ type: 'pagecache', action: 'evict', mapping: mapping.id, index, pfn })
  put_page(k, pfn)
  return true
}

/** mapping_evict_folio() (5.18+) / invalidate_inode_page() (before): 1 if the folio was freed. */
export function mapping_evict_folio(k: Kernel, mapping: AddressSpace, pfn: number): number {
  const p = k.phys
  const f = p.flags.get(pfn)
  if (f & (PG_dirty | PG_writeback)) return 0
  if (k.has('invalidateRefcountCheck')) {
    // Any reference beyond the page cache's (mapped, pinned, GUP'ed) — keep it, buffers intact.
    // (Linux compares with nr_pages + has_private + 1: buffers and the caller hold references
    // there; PinLab's buffers and lookups take none, so the cache's 1 is the whole budget.)
    if (p.refcount.get(pfn) > 1) return 0
  } else if (p.mapcount.get(pfn) > 0) {
    return 0
  }
  // invalidate_complete_page: buffers first, then remove_mapping (which a pin makes fail).
  if (!filemap_release_folio(k, mapping, pfn)) return 0
  return remove_mapping(k, mapping, pfn) ? 1 : 0
}

/** invalidate_mapping_pages(mapping, 0, -1): evict every clean, unused folio. */
export function invalidate_mapping_pages(k: Kernel, mapping: AddressSpace): number {
  let n = 0
  const chunks = mapping.i_pages.chunks
  for (let c = 0; c < chunks.length; c++) {
    const ch = chunks[c]
    if (!ch) continue
    for (let i = 0; i < ch.length; i++) {
      if (ch[i] === 0) continue
      n += mapping_evict_folio(k, mapping, ch[i]! - 1)
    }
  }
  return n
}

/**
 * drop_caches_sysctl_handler: writing 1 or 3 to /proc/sys/vm/drop_caches drops clean page cache
 * of every filesystem (drop_pagecache_sb; shmem pages are not "clean cache" and stay). Dirty
 * pages are not written first (the documented advice is to run sync before).
 */
export function drop_pagecache(k: Kernel): number {
  let n = 0
  for (const m of [...k.mappings.values()]) if (m.canWriteback && !m.isDax) n += invalidate_mapping_pages(k, m)
  k.tick(10000)
  return n
}

/** try_to_unmap() for a file folio: zap every PTE that maps it (MMU_NOTIFY_CLEAR first). */
function try_to_unmap_file(k: Kernel, pfn: number): void {
  for (const hit of rmap_walk(k, pfn)) {
    const addr = hit.vpn * 4096
    mmu_notifier_invalidate_range_start(k, hit.mm.id, 'CLEAR', addr, addr + 4096)
    zap_page_range(k, hit.mm, hit.vma, addr, addr + 4096, null)
  }
}

/**
 * shrink_folio_list() for clean page cache when memory runs short: up to `nrToScan` clean,
 * unlocked file folios of writeback-capable mappings are unmapped, stripped of buffers and freed.
 * A pinned folio keeps its frame (its refcount makes __remove_mapping fail) but loses its PTEs
 * and buffers. `unmap` false (direct reclaim from the page allocator, which may run in the middle
 * of a fault) leaves mapped folios alone. Returns the number of frames freed.
 */
export function shrink_page_cache(k: Kernel, nrToScan: number, unmap = true): number {
  if (reclaiming.has(k)) return 0 // no recursion from an allocation inside reclaim
  reclaiming.add(k)
  try {
    return shrink(k, nrToScan, unmap)
  } finally {
    reclaiming.delete(k)
  }
}

const reclaiming = new WeakSet<Kernel>()

function shrink(k: Kernel, nrToScan: number, unmap: boolean): number {
  let freed = 0
  let scanned = 0
  for (const m of [...k.mappings.values()]) {
    if (!m.canWriteback || m.isDax) continue
    const chunks = m.i_pages.chunks
    for (let c = 0; c < chunks.length && scanned < nrToScan; c++) {
      const ch = chunks[c]
      if (!ch) continue
      for (let i = 0; i < ch.length && scanned < nrToScan; i++) {
        if (ch[i] === 0) continue
        const pfn = ch[i]! - 1
        if (k.phys.flags.get(pfn) & (PG_dirty | PG_writeback)) continue
        if (!unmap && k.phys.mapcount.get(pfn) > 0) continue
        scanned++
        if (k.phys.mapcount.get(pfn) > 0) try_to_unmap_file(k, pfn)
        // A dirty PTE found while unmapping made the folio dirty: it needs writeback first.
        if (k.phys.flags.get(pfn) & PG_dirty) continue
        if (!filemap_release_folio(k, m, pfn)) continue
        if (remove_mapping(k, m, pfn)) freed++
      }
    }
    if (scanned >= nrToScan) break
  }
  return freed
}
