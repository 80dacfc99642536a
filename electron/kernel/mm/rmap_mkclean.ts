/**
 * mm/rmap.c folio_mkclean() (formerly page_mkclean): write-protect and clean every shared
 * mapping of a file folio so the next write faults into ->page_mkwrite. MMU notifiers get
 * PROTECTION_PAGE first. Returns the number of PTEs that were dirty or writable.
 */
import type { Kernel } from '../kernel'
import { VM_SHARED } from '../include/linux/mm'
import { pte_dirty, pte_mkclean, pte_write, pte_wrprotect } from '../include/asm/pgtable'
import { mmu_notifier_invalidate_range_start } from './mmu_notifier'
import { rmap_walk } from './rmap'

export function folio_mkclean(k: Kernel, pfn: number): number {
  let cleaned = 0
  for (const hit of rmap_walk(k, pfn)) {
    if ((hit.vma.flags & VM_SHARED) === 0) continue
    const pte = hit.mm.pgd.get(hit.vpn)
    if (!pte_dirty(pte) && !pte_write(pte)) continue
    const addr = hit.vpn * 4096
    mmu_notifier_invalidate_range_start(k, hit.mm.id, 'PROTECTION_PAGE', addr, addr + 4096)
    hit.mm.pgd.set(hit.vpn, pte_mkclean(pte_wrprotect(pte)))
    cleaned++
  }
  if (k.tracing) k.emit({ type: 'page_mkclean', pfn, cleaned })
  return cleaned
}
