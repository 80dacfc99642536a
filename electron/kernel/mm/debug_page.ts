/**
 * mm/debug.c dump_page() — a plain-data description of one frame for views, dmesg, /proc/kpage*
 * and lab checks. Read-only; costs nothing unless called.
 */
import type { Kernel } from '../kernel'
import { PAGE_FLAG_NAMES, PG_anon } from '../include/linux/page-flags'
import { folio_maybe_dma_pinned } from '../include/linux/page_ref'
import { ZONE_MOVABLE, MIGRATE_CMA, MIGRATE_MOVABLE, ZERO_PFN } from './page_alloc'

export interface PageInfo {
  pfn: number
  allocated: boolean
  refcount: number
  mapcount: number
  flags: string[]
  zone: 'Normal' | 'Movable'
  migratetype: 'Unmovable' | 'Movable' | 'CMA'
  /** 'anon' (anon_vma id), 'file' (address_space id), 'zero', or 'none' (free or orphaned). */
  kind: 'anon' | 'file' | 'zero' | 'none'
  mapping: number
  index: number
  maybeDmaPinned: boolean
  /** Simulator bookkeeping, not something Linux knows: outstanding GET refs / pins. */
  gupGets: number
  gupPins: number
}

export function dump_page(k: Kernel, pfn: number): PageInfo {
  const p = k.phys
  const f = p.flags.get(pfn)
  const mt = p.migratetype(pfn)
  const mapping = p.mapping.get(pfn)
  const anon = (f & PG_anon) !== 0
  const r = k.gup.get(pfn)
  return {
    pfn,
    allocated: p.isAllocated(pfn),
    refcount: p.refcount.get(pfn),
    mapcount: p.mapcount.get(pfn),
    flags: PAGE_FLAG_NAMES.filter(([bit]) => f & bit).map(([, n]) => n),
    zone: p.zone(pfn) === ZONE_MOVABLE ? 'Movable' : 'Normal',
    migratetype: mt === MIGRATE_CMA ? 'CMA' : mt === MIGRATE_MOVABLE ? 'Movable' : 'Unmovable',
    kind: pfn === ZERO_PFN ? 'zero' : mapping === 0 ? 'none' : anon ? 'anon' : 'file',
    mapping,
    index: p.index.get(pfn),
    maybeDmaPinned: folio_maybe_dma_pinned(k, pfn),
    gupGets: r?.get ?? 0,
    gupPins: r?.pin ?? 0
  }
}
