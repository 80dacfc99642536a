/**
 * mm/page-writeback.c + fs/fs-writeback.c — dirty accounting: folio_mark_dirty (set_page_dirty)
 * and folio_clear_dirty_for_io (clear_page_dirty_for_io, which write-protects mappings first);
 * do_writepages; and the flusher (wb_workfn): every dirty_writeback_centisecs of virtual time it
 * writes back the inodes that have been dirty for longer than dirty_expire_centisecs.
 *
 * Pins are not consulted anywhere here — that is the long-running gup+DMA problem
 * (reference §2.8): a device may write a page after it was cleaned.
 */
import type { Kernel } from '../kernel'
import type { AddressSpace } from '../include/linux/fs'
import { PG_anon, PG_dirty } from '../include/linux/page-flags'
import { folio_mkclean } from './rmap_mkclean'

/** /proc/sys/vm/dirty_expire_centisecs default (mm/page-writeback.c). */
export const DIRTY_EXPIRE_CENTISECS = 3000
/** /proc/sys/vm/dirty_writeback_centisecs default. */
export const DIRTY_WRITEBACK_CENTISECS = 500

/** ->writepage may return this: the filesystem hit BUG() and the writing task is dead. */
export const WRITEPAGE_BUG = -1

export interface WritebackResult {
  /** Folios written to the disk. */
  written: number
  /** The filesystem BUG()ed (kernel/bug.ts); writeback stopped there. */
  bug: boolean
}

/** folio_mark_dirty(): returns true if the folio was clean before. */
export function folio_mark_dirty(k: Kernel, pfn: number): boolean {
  const f = k.phys.flags.get(pfn)
  if (f & PG_dirty) return false
  k.phys.flags.set(pfn, f | PG_dirty)
  if (!(f & PG_anon)) {
    const mapping = k.mappings.get(k.phys.mapping.get(pfn))
    if (mapping) {
      if (mapping.nrDirty === 0 && mapping.dirtiedWhen < 0) mapping.dirtiedWhen = k.clock
      mapping.nrDirty++
      // folio_account_dirtied: only mappings that can write back count (shmem has no disk).
      if (mapping.canWriteback) k.vmstat.nr_dirtied = (k.vmstat.nr_dirtied ?? 0) + 1
      mapping.ops.dirty_folio?.(k, mapping, pfn)
      if (k.traceNow('pagecache')) k.emit({ type: 'pagecache', action: 'dirty', mapping: mapping.id, index: k.phys.index.get(pfn), pfn })
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
    if (mapping && !(f & PG_anon)) {
      mapping.nrDirty--
      if (mapping.nrDirty === 0) mapping.dirtiedWhen = -1
    }
  }
  return wasDirty
}

/**
 * do_writepages(): the filesystem's ->writepages, or the generic loop over cached folios of
 * [first, end): folio_clear_dirty_for_io then ->writepage. shmem has nothing to write to.
 */
export function do_writepages(k: Kernel, mapping: AddressSpace, first: number, end: number, reason = 'fsync'): WritebackResult {
  let res: WritebackResult = { written: 0, bug: false }
  if (mapping.ops.writepages) res = mapping.ops.writepages(k, mapping, first, end)
  else {
    const last = Math.min(end, Math.ceil(mapping.size / 4096) + 1)
    for (let index = first; index < last; index++) {
      const pfn = mapping.i_pages.get(index) - 1
      if (pfn < 0) continue
      if (!folio_clear_dirty_for_io(k, pfn)) continue
      const r = mapping.ops.writepage?.(k, mapping, pfn, index)
      if (r === WRITEPAGE_BUG) {
        res.bug = true
        break
      }
      if (mapping.canWriteback) k.vmstat.nr_written = (k.vmstat.nr_written ?? 0) + 1
      if (k.traceNow('pagecache')) k.emit({ type: 'pagecache', action: 'writeback', mapping: mapping.id, index, pfn })
      res.written++
    }
  }
  if (k.tracing && (res.written > 0 || res.bug)) k.emit({ type: 'writeback', reason, mapping: mapping.id, written: res.written })
  return res
}

/**
 * wb_workfn's periodic part (wb_check_old_data_flush + writeback_sb_inodes with
 * older_than_this = now - dirty_expire): call with the virtual clock before and after a stretch
 * of time; if a dirty_writeback_centisecs boundary was crossed, every mapping that can write back
 * and has been dirty for at least dirty_expire_centisecs is written back by the flusher (pid 0).
 * Returns the number of folios written.
 */
export function wb_timer_fn(k: Kernel, before: number, after = k.clock): number {
  const period = DIRTY_WRITEBACK_CENTISECS * 1e7
  if (Math.floor(after / period) === Math.floor(before / period)) return 0
  return wb_writeback_expired(k, after - DIRTY_EXPIRE_CENTISECS * 1e7, 'periodic')
}

/** Write back every writeback-capable mapping dirtied at or before `olderThan` (virtual ns). */
export function wb_writeback_expired(k: Kernel, olderThan: number, reason: string): number {
  let written = 0
  for (const m of [...k.mappings.values()]) {
    if (!m.canWriteback || m.nrDirty === 0 || m.dirtiedWhen < 0 || m.dirtiedWhen > olderThan) continue
    const saved = k.curPid
    k.curPid = 0
    written += do_writepages(k, m, 0, Infinity, reason).written
    k.curPid = saved
  }
  return written
}
