/**
 * mm/ksm.c — what ksmd does to two identical anonymous pages (try_to_merge_two_pages), so labs
 * can show why a pinned page is never merged (reference §3 "KSM merge of a pinned page").
 *
 * Contract: ksm_try_merge(k, t1, addr1, t2, addr2) merges the page at addr2 into the page at
 * addr1 (which becomes, or already is, the KSM page: PG_ksm, read-only everywhere, never
 * PG_anon_exclusive) and returns 0; -EFAULT if either address has no present anon page in a
 * VM_MERGEABLE private VMA, -EINVAL if the contents differ, -EBUSY if either page has references
 * beyond its mappings (write_protect_page's "page_mapcount + 1 != page_count" check: a GUP
 * reference or pin blocks merging in every era). From 5.19 sharing the page clears
 * PG_anon_exclusive (folio_try_share_anon_rmap_pte), which would also refuse maybe-pinned pages.
 * Both PTEs get MMU_NOTIFY_CLEAR before they change.
 * Decision: KSM pages are not migrated (migrate_folio refuses them) — PinLab's rmap does not
 * keep KSM's stable-tree reverse map.
 */
import type { Kernel } from '../kernel'
import type { TaskStruct } from '../include/linux/sched'
import { EBUSY, EFAULT, EINVAL } from '../include/uapi/asm-generic/errno'
import { VM_MERGEABLE, VM_SHARED } from '../include/linux/mm'
import { PG_ksm } from '../include/linux/page-flags'
import { pfn_pte, pte_mkold, pte_pfn, pte_present, pte_special, pte_wrprotect, PTE_FLAGS_MASK } from '../include/asm/pgtable'
import { ClearPageAnonExclusive, folio_remove_rmap, folio_test_anon } from './rmap'
import { get_page, put_page } from '../include/linux/page_ref'
import { mmu_notifier_invalidate_range_start } from './mmu_notifier'
import { vma_lookup } from './vma'

function mergeable(k: Kernel, t: TaskStruct, addr: number): number {
  const mm = t.mm
  if (!mm) return -EFAULT
  const vma = vma_lookup(mm, addr)
  if (!vma || !(vma.flags & VM_MERGEABLE) || (vma.flags & VM_SHARED)) return -EFAULT
  const pte = mm.pgd.get(Math.floor(addr / 4096))
  if (!pte_present(pte) || pte_special(pte) || !folio_test_anon(k, pte_pfn(pte))) return -EFAULT
  return pte_pfn(pte)
}

/** write_protect_page(): no references beyond the mappings, then share and write-protect. */
function write_protect_page(k: Kernel, t: TaskStruct, addr: number, pfn: number): number {
  if (k.phys.refcount.get(pfn) !== k.phys.mapcount.get(pfn)) return -EBUSY
  const mm = t.mm!
  const vpn = Math.floor(addr / 4096)
  const a = vpn * 4096
  mmu_notifier_invalidate_range_start(k, mm.id, 'CLEAR', a, a + 4096)
  ClearPageAnonExclusive(k, pfn)
  mm.pgd.set(vpn, pte_wrprotect(mm.pgd.get(vpn)))
  return 0
}

export function ksm_try_merge(k: Kernel, t1: TaskStruct, addr1: number, t2: TaskStruct, addr2: number): number {
  const kpfn = mergeable(k, t1, addr1)
  const pfn = mergeable(k, t2, addr2)
  if (kpfn < 0) return kpfn
  if (pfn < 0) return pfn
  if (kpfn === pfn) return 0
  if (!k.phys.contents.equal(kpfn, pfn)) return -EINVAL
  const isKsm = (k.phys.flags.get(kpfn) & PG_ksm) !== 0
  if (!isKsm) {
    const r = write_protect_page(k, t1, addr1, kpfn)
    if (r < 0) return r
    k.phys.flags.set(kpfn, k.phys.flags.get(kpfn) | PG_ksm)
  }
  if (k.phys.refcount.get(pfn) !== k.phys.mapcount.get(pfn)) return -EBUSY
  // replace_page(): point the second PTE at the KSM page.
  const mm = t2.mm!
  const vpn = Math.floor(addr2 / 4096)
  const a = vpn * 4096
  mmu_notifier_invalidate_range_start(k, mm.id, 'CLEAR', a, a + 4096)
  const old = mm.pgd.get(vpn)
  get_page(k, kpfn)
  k.phys.mapcount.add(kpfn, 1)
  mm.pgd.set(vpn, pte_mkold(pte_wrprotect(pfn_pte(kpfn, old & PTE_FLAGS_MASK))))
  folio_remove_rmap(k, pfn)
  put_page(k, pfn)
  k.tick(3000)
  return 0
}
