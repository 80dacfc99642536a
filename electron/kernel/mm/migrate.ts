/**
 * mm/migrate.c — move one order-0 folio to a new frame (used by FOLL_LONGTERM to get pages out of
 * ZONE_MOVABLE / CMA before pinning, reference §2.3).
 *
 * Contract: migration succeeds only if nobody but the page tables and the page cache holds a
 * reference (refcount == mapcount + cache ref); a GUP reference or pin makes it fail (-EAGAIN),
 * no free target frame gives -ENOMEM. Every PTE that maps the folio is invalidated
 * (MMU_NOTIFY_MIGRATE) and then pointed at the new frame with the same bits; contents, flags
 * (incl. PG_anon_exclusive), mapping, index and mapcount move along.
 */
import type { Kernel } from '../kernel'
import type { GfpKind } from './page_alloc'
import { EAGAIN, ENOMEM } from '../include/uapi/asm-generic/errno'
import { PG_allocated, PG_anon, PG_ksm } from '../include/linux/page-flags'
import { PTE_FLAGS_MASK, pfn_pte } from '../include/asm/pgtable'
import { rmap_walk } from './rmap'
import { mmu_notifier_invalidate_range_start } from './mmu_notifier'

/** migrate_pages() for one folio: returns the new pfn or a negative errno. */
export function migrate_folio(k: Kernel, pfn: number, gfp: GfpKind, reason: string): number {
  const p = k.phys
  const flags = p.flags.get(pfn)
  const anon = (flags & PG_anon) !== 0
  const mapping = anon ? undefined : k.mappings.get(p.mapping.get(pfn))
  const inCache = mapping !== undefined && mapping.i_pages.get(p.index.get(pfn)) === pfn + 1
  const expected = p.mapcount.get(pfn) + (inCache ? 1 : 0)
  if (p.refcount.get(pfn) !== expected || (flags & PG_ksm)) {
    k.vmstat.migrate_fail++
    if (k.traceNow('migrate')) k.emit({ type: 'migrate', oldPfn: pfn, newPfn: -1, ok: false, reason: `${reason}: extra references` })
    return -EAGAIN
  }
  const np = p.alloc(gfp)
  if (np < 0) {
    k.vmstat.migrate_fail++
    if (k.traceNow('migrate')) k.emit({ type: 'migrate', oldPfn: pfn, newPfn: -1, ok: false, reason: `${reason}: no memory` })
    return -ENOMEM
  }
  k.tick(1500)
  p.contents.copy(np, pfn)
  p.flags.set(np, flags | PG_allocated)
  p.mapping.set(np, p.mapping.get(pfn))
  p.index.set(np, p.index.get(pfn))
  p.mapcount.set(np, p.mapcount.get(pfn))
  p.refcount.set(np, p.refcount.get(pfn))
  for (const hit of rmap_walk(k, pfn)) {
    const addr = hit.vpn * 4096
    mmu_notifier_invalidate_range_start(k, hit.mm.id, 'MIGRATE', addr, addr + 4096)
    const pte = hit.mm.pgd.get(hit.vpn)
    hit.mm.pgd.set(hit.vpn, pfn_pte(np, pte & PTE_FLAGS_MASK))
  }
  if (inCache) mapping.i_pages.set(p.index.get(pfn), np + 1)
  p.mapcount.set(pfn, 0)
  p.refcount.set(pfn, 0)
  p.free(pfn)
  k.vmstat.migrate_success++
  if (k.traceNow('migrate')) k.emit({ type: 'migrate', oldPfn: pfn, newPfn: np, ok: true, reason })
  return np
}
