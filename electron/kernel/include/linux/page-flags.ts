/**
 * Per-folio flag bits (include/linux/page-flags.h enum pageflags order for the real ones).
 * PG_anon / PG_ksm model the PAGE_MAPPING_ANON / PAGE_MAPPING_KSM bits that Linux keeps in
 * folio->mapping; PG_anon_exclusive is the 5.19 PG_anon_exclusive (it aliases PG_mappedtodisk in
 * Linux because it only applies to anon pages).
 */
export const PG_locked = 1 << 0
export const PG_writeback = 1 << 1
export const PG_referenced = 1 << 2
export const PG_uptodate = 1 << 3
export const PG_dirty = 1 << 4
export const PG_lru = 1 << 5
export const PG_head = 1 << 6
export const PG_active = 1 << 8
export const PG_reserved = 1 << 12
export const PG_private = 1 << 13
export const PG_reclaim = 1 << 15
export const PG_swapbacked = 1 << 16
export const PG_unevictable = 1 << 17
export const PG_mlocked = 1 << 18
export const PG_anon = 1 << 24
export const PG_anon_exclusive = 1 << 25
export const PG_ksm = 1 << 26
/** Simulator bookkeeping: the frame is allocated (not on a free list). */
export const PG_allocated = 1 << 30

export const PAGE_FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [PG_locked, 'locked'], [PG_writeback, 'writeback'], [PG_referenced, 'referenced'], [PG_uptodate, 'uptodate'],
  [PG_dirty, 'dirty'], [PG_lru, 'lru'], [PG_head, 'head'], [PG_active, 'active'], [PG_reserved, 'reserved'],
  [PG_private, 'private'], [PG_reclaim, 'reclaim'], [PG_swapbacked, 'swapbacked'], [PG_unevictable, 'unevictable'],
  [PG_mlocked, 'mlocked'], [PG_anon, 'anon'], [PG_anon_exclusive, 'anon_exclusive'], [PG_ksm, 'ksm']
]
