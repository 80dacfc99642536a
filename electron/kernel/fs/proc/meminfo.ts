/**
 * fs/proc/meminfo.c — /proc/meminfo in Linux 6.18's field order (observed on the native
 * machine): `%-16s%8lu kB` (show_val_kb), HugePages_* as `%5lu`. The values come from a scan of
 * the struct page array (O(frames)) and the mms' page tables; fields PinLab has no state for
 * (slab, vmalloc, swap, THP) read 0 or a fixed machine constant.
 */
import type { Kernel } from '../../kernel'
import { PG_anon, PG_dirty, PG_mlocked, PG_unevictable, PG_writeback } from '../../include/linux/page-flags'
import { VM_ACCOUNT } from '../../include/linux/mm'
import { ZERO_PFN } from '../../mm/page_alloc'
import { mm_pgtables_bytes } from './task_mmu'

export interface MemCounters {
  total: number
  free: number
  anon: number
  fileCache: number
  shmem: number
  mapped: number
  dirty: number
  writeback: number
  mlocked: number
  unevictable: number
  pageTables: number
  committed: number
}

/** global_node_page_state() et al., in pages (pageTables in bytes). */
export function mem_counters(k: Kernel): MemCounters {
  const p = k.phys
  const c: MemCounters = {
    total: p.config.normalPages + p.config.movablePages, free: p.nrFree(), anon: 0, fileCache: 0, shmem: 0, mapped: 0,
    dirty: 0, writeback: 0, mlocked: 0, unevictable: 0, pageTables: 0, committed: 0
  }
  for (let pfn = 0; pfn < p.maxPfn; pfn++) {
    if (pfn === ZERO_PFN || !p.isAllocated(pfn)) continue
    const f = p.flags.get(pfn)
    const mapped = p.mapcount.get(pfn) > 0
    if (f & PG_anon) {
      if (mapped) c.anon++
    } else {
      const m = k.mappings.get(p.mapping.get(pfn))
      if (m) {
        c.fileCache++
        if (m.isShmem) c.shmem++
        if (mapped) c.mapped++
        // NR_FILE_DIRTY: only mappings that write back are accounted (folio_account_dirtied;
        // tmpfs pages are always "dirty" but never counted), truncated orphans no longer.
        if (f & PG_dirty && m.canWriteback) c.dirty++
      }
    }
    if (f & PG_writeback) c.writeback++
    if (f & PG_mlocked) c.mlocked++
    if (f & PG_unevictable) c.unevictable++
  }
  for (const mm of k.mms.values()) {
    if (mm.users <= 0) continue
    c.pageTables += mm_pgtables_bytes(mm)
    for (const v of mm.vmas) if (v.flags & VM_ACCOUNT || (v.file && k.mappings.get(v.file.mappingId)?.isShmem)) c.committed += v.pages
  }
  return c
}

const row = (label: string, kb: number) => `${(label + ':').padEnd(16)}${String(kb).padStart(8)} kB\n`

export function proc_meminfo(k: Kernel): string {
  const c = mem_counters(k)
  const kb = (pages: number) => pages * 4
  const cached = c.fileCache
  const available = c.free + Math.max(0, cached - c.shmem)
  let s = ''
  s += row('MemTotal', kb(c.total))
  s += row('MemFree', kb(c.free))
  s += row('MemAvailable', kb(available))
  s += row('Buffers', 0)
  s += row('Cached', kb(cached))
  s += row('SwapCached', 0)
  s += row('Active', kb(c.anon + cached))
  s += row('Inactive', 0)
  s += row('Active(anon)', kb(c.anon + c.shmem))
  s += row('Inactive(anon)', 0)
  s += row('Active(file)', kb(cached - c.shmem))
  s += row('Inactive(file)', 0)
  s += row('Unevictable', kb(c.unevictable))
  s += row('Mlocked', kb(c.mlocked))
  s += row('SwapTotal', 0)
  s += row('SwapFree', 0)
  s += row('Zswap', 0)
  s += row('Zswapped', 0)
  s += row('Dirty', kb(c.dirty))
  s += row('Writeback', kb(c.writeback))
  s += row('AnonPages', kb(c.anon))
  s += row('Mapped', kb(c.mapped))
  s += row('Shmem', kb(c.shmem))
  s += row('KReclaimable', 0)
  s += row('Slab', 0)
  s += row('SReclaimable', 0)
  s += row('SUnreclaim', 0)
  s += row('KernelStack', 0)
  s += row('PageTables', c.pageTables / 1024)
  s += row('SecPageTables', 0)
  s += row('NFS_Unstable', 0)
  s += row('Bounce', 0)
  s += row('WritebackTmp', 0)
  s += row('CommitLimit', kb(Math.floor(c.total / 2)))
  s += row('Committed_AS', kb(c.committed))
  s += row('VmallocTotal', 34359738367)
  s += row('VmallocUsed', 0)
  s += row('VmallocChunk', 0)
  s += row('Percpu', 0)
  s += row('AnonHugePages', 0)
  s += row('ShmemHugePages', 0)
  s += row('ShmemPmdMapped', 0)
  s += row('FileHugePages', 0)
  s += row('FilePmdMapped', 0)
  s += row('Balloon', 0)
  for (const h of ['HugePages_Total', 'HugePages_Free', 'HugePages_Rsvd', 'HugePages_Surp']) s += `${(h + ':').padEnd(19)}${'0'.padStart(5)}\n`
  s += row('Hugepagesize', 2048)
  s += row('Hugetlb', 0)
  s += row('DirectMap4k', kb(c.total))
  s += row('DirectMap2M', 0)
  s += row('DirectMap1G', 0)
  return s
}
