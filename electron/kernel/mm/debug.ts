/**
 * mm/debug.c (in spirit: VM_BUG_ON checks) — checkInvariants(kernel) implements reference §6 over
 * the whole state. Empty result = consistent. Cost is O(allocated frames + PTEs): meant for tests.
 *
 * Checked: VMA list sanity and total_vm/locked_vm accounting; PTEs only inside VMAs and only to
 * allocated frames; the zero page only via special PTEs and never writable; mapcount equals the
 * number of mapping PTEs; exact refcount = mapcount + page-cache ref + GET refs + 1024·pins (§6.2,
 * zero page per era, §6.11); folio_maybe_dma_pinned for every pin (§6.3); MMF_HAS_PINNED /
 * has_pinned set iff the mm pinned (§6.4); a writable PTE in a private mapping maps an anon page
 * mapped once (no write can bypass COW, §6.9/§6.14); 5.19+: writable anon PTE ⇒ AE, AE ⇒
 * mapcount ≤ 1, mapped pinned anon page ⇒ AE (§6.5/§6.6/§6.7); pin vmstat balance (§6.16);
 * long-term pins never in MOVABLE/CMA where the version migrates (§6.12); 6.5+: no writable
 * long-term pin on a dirty-tracked shared file (§6.13); 6.2+: the zero page is never long-term
 * pinned in a COW mapping (§6.11); KSM pages never exclusive, never pinned from 5.19 (§6.6); free
 * frames are clean; no oops recorded.
 */
import type { Kernel } from '../kernel'
import { GUP_PIN_COUNTING_BIAS, TASK_SIZE, VM_LOCKED, VM_MIXEDMAP, VM_PFNMAP, VM_SHARED, VM_WRITE } from '../include/linux/mm'
import { pte_pfn, pte_special, pte_write } from '../include/asm/pgtable'
import { PG_anon, PG_anon_exclusive, PG_ksm } from '../include/linux/page-flags'
import { MMF_HAS_PINNED } from '../include/linux/sched/coredump'
import { ZERO_PFN } from './page_alloc'
import { folio_maybe_dma_pinned } from '../include/linux/page_ref'
import { folio_is_longterm_pinnable } from './gup'

export function checkInvariants(k: Kernel): string[] {
  const errs: string[] = []
  const p = k.phys
  const maps = new Map<number, number>()
  const ae = k.has('anonExclusive')

  for (const mm of k.mms.values()) {
    let total = 0
    let locked = 0
    let prevEnd = 0
    for (const v of mm.vmas) {
      if (v.start % 4096 || v.end % 4096 || v.start >= v.end || v.end > TASK_SIZE) errs.push(`mm${mm.id}: bad vma [${v.start.toString(16)},${v.end.toString(16)})`)
      if (v.start < prevEnd) errs.push(`mm${mm.id}: overlapping vmas at ${v.start.toString(16)}`)
      prevEnd = v.end
      total += v.pages
      if (v.flags & VM_LOCKED) locked += v.pages
    }
    if (total !== mm.total_vm) errs.push(`mm${mm.id}: total_vm ${mm.total_vm} != ${total}`)
    if (locked !== mm.locked_vm) errs.push(`mm${mm.id}: locked_vm ${mm.locked_vm} != ${locked}`)
    const hasFlag = k.has('mmfHasPinnedBit') ? (mm.flags & (1 << MMF_HAS_PINNED)) !== 0 : mm.has_pinned
    if (k.has('hasPinned') && hasFlag !== mm.everPinned) errs.push(`mm${mm.id}: MMF_HAS_PINNED=${hasFlag} but pinned=${mm.everPinned}`)

    let vi = 0
    mm.pgd.forEach(0, TASK_SIZE / 4096, (vpn, pte) => {
      const addr = vpn * 4096
      while (vi < mm.vmas.length && mm.vmas[vi]!.end <= addr) vi++
      const vma = mm.vmas[vi]
      if (!vma || vma.start > addr) {
        errs.push(`mm${mm.id}: PTE outside any VMA at ${addr.toString(16)}`)
        return
      }
      const pfn = pte_pfn(pte)
      if (pfn === ZERO_PFN && !pte_special(pte)) errs.push(`mm${mm.id}: zero page mapped by a normal PTE at ${addr.toString(16)}`)
      if (pte_special(pte)) {
        if (pfn === ZERO_PFN) {
          if (pte_write(pte)) errs.push(`mm${mm.id}: writable zero-page PTE at ${addr.toString(16)}`)
        } else if (!(vma.flags & (VM_PFNMAP | VM_MIXEDMAP))) errs.push(`mm${mm.id}: special PTE outside a PFN map at ${addr.toString(16)}`)
        return
      }
      if (!p.isAllocated(pfn)) {
        errs.push(`mm${mm.id}: PTE at ${addr.toString(16)} maps free pfn ${pfn}`)
        return
      }
      maps.set(pfn, (maps.get(pfn) ?? 0) + 1)
      const anon = (p.flags.get(pfn) & PG_anon) !== 0
      if (pte_write(pte)) {
        if (!(vma.flags & VM_WRITE)) errs.push(`mm${mm.id}: writable PTE in !VM_WRITE vma at ${addr.toString(16)}`)
        if (!(vma.flags & VM_SHARED)) {
          if (!anon) errs.push(`mm${mm.id}: writable PTE maps a non-anon page in a private mapping at ${addr.toString(16)}`)
          else if (p.mapcount.get(pfn) !== 1) errs.push(`mm${mm.id}: writable PTE maps a shared anon page (mapcount ${p.mapcount.get(pfn)}) at ${addr.toString(16)}`)
          if (ae && anon && !(p.flags.get(pfn) & PG_anon_exclusive)) errs.push(`mm${mm.id}: writable anon PTE without PG_anon_exclusive at ${addr.toString(16)}`)
        }
      }
    })
  }

  let pinsCounted = 0
  for (const [pfn, r] of k.gup) {
    if (r.pin > 0 && !folio_maybe_dma_pinned(k, pfn) && !(pfn === ZERO_PFN && k.has('zeroPageNotRefcounted'))) {
      errs.push(`pfn ${pfn}: pinned but folio_maybe_dma_pinned is false`)
    }
    if (!(pfn === ZERO_PFN && k.has('zeroPageNotRefcounted'))) pinsCounted += r.pin
    if (r.longterm > 0 && !folio_is_longterm_pinnable(k, pfn)) errs.push(`pfn ${pfn}: long-term pinned in ZONE_MOVABLE/CMA`)
    if (r.fileWriteLongterm > 0 && k.has('longtermFileWriteRefused')) errs.push(`pfn ${pfn}: writable long-term pin of a dirty-tracked shared file page`)
    if (pfn === ZERO_PFN && r.cowLongterm > 0 && k.has('roLongtermUnshareNonAnon')) errs.push('zero page long-term pinned in a COW mapping')
    if (r.pin < 0 || r.get < 0 || r.longterm > r.pin) errs.push(`pfn ${pfn}: bad GUP bookkeeping`)
  }
  const balance = k.vmstat.nr_foll_pin_acquired - k.vmstat.nr_foll_pin_released
  if (balance !== pinsCounted) errs.push(`nr_foll_pin_acquired - released = ${balance}, outstanding pins ${pinsCounted}`)

  // Page cache ownership.
  const cached = new Set<number>()
  for (const m of k.mappings.values()) {
    let n = 0
    const chunks = m.i_pages.chunks
    for (let c = 0; c < chunks.length; c++) {
      const ch = chunks[c]
      if (!ch) continue
      for (let i = 0; i < ch.length; i++) {
        if (ch[i] === 0) continue
        const pfn = ch[i]! - 1
        const index = c * ch.length + i
        n++
        cached.add(pfn)
        if (!p.isAllocated(pfn) || p.mapping.get(pfn) !== m.id || p.index.get(pfn) !== index) errs.push(`mapping ${m.id}: page cache entry ${index} -> pfn ${pfn} inconsistent`)
      }
    }
    if (n !== m.nrpages) errs.push(`mapping ${m.id}: nrpages ${m.nrpages} != ${n}`)
  }

  for (let pfn = 0; pfn < p.maxPfn; pfn++) {
    if (!p.isAllocated(pfn)) continue
    const r = k.gup.get(pfn)
    const gets = r?.get ?? 0
    const pins = r?.pin ?? 0
    const mapcount = p.mapcount.get(pfn)
    const ref = p.refcount.get(pfn)
    if (pfn === ZERO_PFN) {
      const exp = 1 + gets + (k.has('zeroPageNotRefcounted') ? 0 : GUP_PIN_COUNTING_BIAS * pins)
      if (ref !== exp) errs.push(`zero page refcount ${ref} != ${exp}`)
      continue
    }
    const m = maps.get(pfn) ?? 0
    if (mapcount !== m) errs.push(`pfn ${pfn}: mapcount ${mapcount} but ${m} PTEs map it`)
    const kref = k.kernelRefs.get(pfn) ?? 0
    const exp = mapcount + (cached.has(pfn) ? 1 : 0) + gets + GUP_PIN_COUNTING_BIAS * pins + kref
    if (ref !== exp) errs.push(`pfn ${pfn}: refcount ${ref} != mapcount ${mapcount} + cache ${cached.has(pfn) ? 1 : 0} + get ${gets} + 1024*pin ${pins} + kernel ${kref}`)
    if (ref <= 0) errs.push(`pfn ${pfn}: allocated with refcount ${ref} (leak)`)
    const flags = p.flags.get(pfn)
    if (ae && (flags & PG_anon_exclusive)) {
      if (!(flags & PG_anon)) errs.push(`pfn ${pfn}: PG_anon_exclusive on a non-anon page`)
      if (mapcount > 1) errs.push(`pfn ${pfn}: PG_anon_exclusive but mapcount ${mapcount}`)
    }
    if (ae && pins > 0 && (flags & PG_anon) && mapcount > 0 && !(flags & PG_anon_exclusive)) errs.push(`pfn ${pfn}: pinned mapped anon page is not exclusive`)
    if (flags & PG_ksm) {
      if (flags & PG_anon_exclusive) errs.push(`pfn ${pfn}: KSM page marked exclusive`)
      if (ae && pins > 0) errs.push(`pfn ${pfn}: KSM page pinned (5.19+ unshares first)`)
    }
  }
  for (const pfn of p.freeList()) {
    if (p.isAllocated(pfn) || p.refcount.get(pfn) !== 0 || p.mapcount.get(pfn) !== 0) errs.push(`free pfn ${pfn} is not clean`)
  }
  for (const b of k.bugs) errs.push(`oops: ${b}`)
  return errs
}
