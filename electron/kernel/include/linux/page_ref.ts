/**
 * include/linux/page_ref.h + mm.h + mm/swap.c — reference counting of frames: get_page,
 * put_page (freeing at zero), folio_maybe_dma_pinned.
 *
 * Invariant (reference §6.2): refcount ≥ mapcount + page-cache ref + GET refs + 1024·pins. The
 * shared zero page (PG_reserved) is never freed.
 */
import type { Kernel } from '../../kernel'
import { GUP_PIN_COUNTING_BIAS } from './mm'
import { PG_reserved } from './page-flags'
import { ZERO_PFN } from '../../mm/page_alloc'

export function folio_ref_count(k: Kernel, pfn: number): number {
  return k.phys.refcount.get(pfn)
}

export function is_zero_pfn(pfn: number): boolean {
  return pfn === ZERO_PFN
}

export function get_page(k: Kernel, pfn: number, n = 1): void {
  k.phys.refcount.add(pfn, n)
}

/**
 * put_page(): drop `n` references; at zero the frame goes back to the allocator (the page must
 * then be unmapped and out of the page cache — otherwise that is a simulator bug, reported).
 */
export function put_page(k: Kernel, pfn: number, n = 1): void {
  const r = k.phys.refcount.add(pfn, -n)
  if (r > 0) return
  if (r < 0 || (k.phys.flags.get(pfn) & PG_reserved) !== 0) {
    k.oops(`page refcount underflow on pfn ${pfn} (refcount ${r})`)
    k.phys.refcount.set(pfn, Math.max(r, is_zero_pfn(pfn) ? 1 : 0))
    return
  }
  if (k.phys.mapcount.get(pfn) !== 0) k.oops(`freeing mapped page pfn ${pfn}`)
  k.phys.free(pfn)
}

/**
 * folio_maybe_dma_pinned() for a small folio: refcount ≥ GUP_PIN_COUNTING_BIAS. False positives
 * are possible (≥1024 ordinary references), false negatives are not (reference §2.1). Before
 * FOLL_PIN existed (< 5.6) nothing can be "maybe pinned" and callers do not ask.
 */
export function folio_maybe_dma_pinned(k: Kernel, pfn: number): boolean {
  return k.phys.refcount.get(pfn) >= GUP_PIN_COUNTING_BIAS
}
