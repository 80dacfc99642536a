/**
 * mm/filemap.c — the page cache: lookup/insert by index and filemap_fault.
 *
 * Contract: a page-cache frame holds one reference for the cache (so an unmapped, unpinned cached
 * page has refcount 1); `mapping` = address_space id, `index` = file page offset.
 * filemap_fault returns a pfn, or a negative VM_FAULT_* code (SIGBUS past EOF, OOM).
 */
import type { Kernel } from '../kernel'
import type { AddressSpace } from '../include/linux/fs'
import { VM_FAULT_OOM, VM_FAULT_SIGBUS } from '../include/linux/mm'
import { PG_lru, PG_uptodate } from '../include/linux/page-flags'
import { do_writepages } from './page-writeback'

/** filemap_get_folio(): the cached frame at `index`, or -1. */
export function filemap_get_folio(mapping: AddressSpace, index: number): number {
  return mapping.i_pages.get(index) - 1
}

/** Add a fresh frame to the page cache (filemap_add_folio). The cache's reference is the alloc's. */
export function filemap_add_folio(k: Kernel, mapping: AddressSpace, pfn: number, index: number): void {
  const p = k.phys
  p.flags.set(pfn, p.flags.get(pfn) | PG_lru | PG_uptodate)
  p.mapping.set(pfn, mapping.id)
  p.index.set(pfn, index)
  mapping.i_pages.set(index, pfn + 1)
  mapping.nrpages++
}

/** filemap_fault(): find or read in the page at `index`. */
export function filemap_fault(k: Kernel, mapping: AddressSpace, index: number): number {
  if (index * 4096 >= mapping.size) return -VM_FAULT_SIGBUS
  const cached = filemap_get_folio(mapping, index)
  if (cached >= 0) return cached
  const pfn = k.phys.alloc('movable')
  if (pfn < 0) return -VM_FAULT_OOM
  filemap_add_folio(k, mapping, pfn, index)
  mapping.ops.read_folio?.(k, mapping, pfn, index)
  k.tick(2000)
  return pfn
}

/**
 * filemap_write_and_wait_range(): write back every dirty cached folio with index in
 * [firstIndex, endIndex) — folio_clear_dirty_for_io (write-protects and cleans the PTEs mapping
 * it: folio_mkclean) then ->writepage — and return 0 (there is no I/O error model, and writeback
 * completes synchronously). What msync(MS_SYNC), fsync and O_DIRECT's flush before I/O call.
 * The actual loop is do_writepages (mm/page-writeback.ts).
 * Pins are not consulted: a device may still write the folio afterwards (reference §2.8).
 */
export function filemap_write_and_wait_range(k: Kernel, mapping: AddressSpace, firstIndex: number, endIndex: number, reason = 'fsync'): number {
  // do_writepages: the filesystem's ->writepages (ext4: fs/ext4/inode.ts) or the generic loop.
  // A filesystem BUG() kills the calling task (kernel/bug.ts take_task_death); the return stays 0.
  do_writepages(k, mapping, firstIndex, endIndex, reason)
  return 0
}
