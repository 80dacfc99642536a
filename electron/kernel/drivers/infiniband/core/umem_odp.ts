/**
 * drivers/infiniband/core/umem_odp.c — on-demand paging MRs (kernel-semantics.md §2.11, §4f):
 * nothing is pinned and nothing is charged to pinned_vm; an mmu_interval_notifier over the range
 * tells the driver whenever the process's PTEs change, and the HCA resolves pages when it touches
 * them.
 *
 * Contract:
 *  - ib_umem_odp_get(k, task, addr, size, access): an IbUmemOdp with an empty device page table
 *    (pfns all -1) and a notifier on task's mm; -EINVAL for length 0 / overflow.
 *  - ib_umem_odp_map_dma_and_lock(k, odp, va, len, write): the device page fault. For every page
 *    of [va, va+len): if the process PTE is present (and writable when `write`) take its pfn,
 *    otherwise run the fault path (hmm_range_fault → handle_mm_fault: a write fault breaks COW
 *    or calls page_mkwrite) and look again; the whole walk retries if an invalidation ran
 *    meanwhile (mmu_interval_read_begin/retry). No page reference is held. Returns 0 or -EFAULT
 *    (no VMA, PROT_NONE, a write to a read-only VMA: the RDMA operation then fails).
 *  - the invalidate callback (the driver's, mlx5_ib_invalidate_range): zaps the device
 *    translations of the range (ib_umem_odp_unmap_dma_pages), dirtying pages that were mapped
 *    writable, so the next device access faults again and finds the process's current page.
 *  - ib_umem_odp_release: unmap everything, remove the notifier.
 * Trace: `ib_odp` (fault with the pfns installed, invalidate with the event and range).
 */
import type { Kernel } from '../../../kernel'
import type { TaskStruct } from '../../../include/linux/sched'
import type { MmStruct } from '../../../include/linux/mm_types'
import { EFAULT, EINVAL } from '../../../include/uapi/asm-generic/errno'
import { pte_pfn, pte_present, pte_write } from '../../../include/asm/pgtable'
import { __get_user_pages, set_page_dirty_lock } from '../../../mm/gup'
import { FOLL_TOUCH, FOLL_WRITE } from '../../../include/linux/mm'
import { mmu_interval_read_begin, mmu_interval_read_retry, type MmuIntervalNotifier } from '../../../mm/mmu_notifier'
import { ib_access_writable } from './umem'

const PAGE_SIZE = 4096

export interface IbUmemOdp {
  readonly odp: true
  readonly address: number
  readonly length: number
  readonly npages: number
  readonly writable: boolean
  /** Device page table: pfns[i] for the page at (address & ~4095) + i*4096, -1 when not mapped. */
  readonly pfns: number[]
  /** Mapped for device writes (ODP_WRITE_ALLOWED_BIT). */
  readonly mappedWritable: boolean[]
  readonly mm: MmStruct
  notifier: MmuIntervalNotifier | null
  released: boolean
}

function base(odp: IbUmemOdp): number {
  return odp.address - (odp.address % PAGE_SIZE)
}

/** ib_umem_odp_unmap_dma_pages: drop device translations of [start, end), dirtying writable ones. */
export function ib_umem_odp_unmap_dma_pages(k: Kernel, odp: IbUmemOdp, start: number, end: number): number {
  const b = base(odp)
  const first = Math.max(0, Math.floor((start - b) / PAGE_SIZE))
  const last = Math.min(odp.npages, Math.ceil((end - b) / PAGE_SIZE))
  let n = 0
  for (let i = first; i < last; i++) {
    const pfn = odp.pfns[i]!
    if (pfn < 0) continue
    if (odp.mappedWritable[i]) set_page_dirty_lock(k, pfn)
    odp.pfns[i] = -1
    odp.mappedWritable[i] = false
    n++
  }
  return n
}

export function ib_umem_odp_get(k: Kernel, task: TaskStruct, addr: number, size: number, access: number): IbUmemOdp | number {
  const mm = task.mm
  if (!mm) return -EFAULT
  if (!Number.isFinite(addr) || !Number.isFinite(size) || addr < 0 || size <= 0 || addr + size >= 2 ** 64) return -EINVAL
  const first = Math.floor(addr / PAGE_SIZE)
  const end = Math.ceil((addr + size) / PAGE_SIZE)
  const npages = end - first
  const odp: IbUmemOdp = {
    odp: true, address: addr, length: size, npages, writable: ib_access_writable(k, access),
    pfns: new Array<number>(npages).fill(-1), mappedWritable: new Array<boolean>(npages).fill(false), mm, notifier: null, released: false
  }
  const sub = k.mmu_interval_notifier_insert(mm, first * PAGE_SIZE, npages * PAGE_SIZE, {
    invalidate: (sub, range) => {
      // A kernel restored from a snapshot carries a copy of this registration (Kernel.snapshot
      // copies notifiers) but not the HCA: its invalidations must not touch this umem.
      if (sub !== odp.notifier) return
      const zapped = ib_umem_odp_unmap_dma_pages(k, odp, range.start, range.end)
      if (k.tracing) k.emit({ type: 'ib_odp', op: 'invalidate', addr: range.start, len: range.end - range.start, event: range.event, pfns: [], zapped })
    }
  })
  if (typeof sub === 'number') return sub
  odp.notifier = sub
  return odp
}

/** The device page fault for [va, va+len) (va is a process virtual address inside the umem). */
export function ib_umem_odp_map_dma_and_lock(k: Kernel, odp: IbUmemOdp, va: number, len: number, write: boolean): number {
  if (odp.released || !odp.notifier) return -EFAULT
  if (write && !odp.writable) return -EFAULT
  const b = base(odp)
  const first = Math.floor((va - b) / PAGE_SIZE)
  const last = Math.ceil((va + Math.max(len, 1) - b) / PAGE_SIZE)
  if (first < 0 || last > odp.npages) return -EFAULT
  for (let attempt = 0; attempt < 8; attempt++) {
    const seq = mmu_interval_read_begin(k, odp.notifier)
    const got: number[] = []
    for (let i = first; i < last; i++) {
      const addr = b + i * PAGE_SIZE
      const vpn = addr / PAGE_SIZE
      let pte = odp.mm.pgd.get(vpn)
      if (!pte_present(pte) || (write && !pte_write(pte))) {
        // hmm_range_fault: HMM_PFN_REQ_FAULT (+ REQ_WRITE) → handle_mm_fault, with the VMA
        // checks of the slow GUP walk and no page reference (pages = null).
        const r = __get_user_pages(k, odp.mm, addr, 1, FOLL_TOUCH | (write ? FOLL_WRITE : 0), null)
        if (r < 0) return -EFAULT
        pte = odp.mm.pgd.get(vpn)
        if (!pte_present(pte) || (write && !pte_write(pte))) return -EFAULT
      }
      got.push(pte_pfn(pte))
    }
    // Under umem_mutex: an invalidation since read_begin means the pfns may be stale.
    if (mmu_interval_read_retry(k, odp.notifier, seq)) continue
    for (let i = first; i < last; i++) {
      odp.pfns[i] = got[i - first]!
      odp.mappedWritable[i] = odp.mappedWritable[i]! || write
    }
    if (k.tracing) k.emit({ type: 'ib_odp', op: 'fault', addr: b + first * PAGE_SIZE, len: (last - first) * PAGE_SIZE, event: write ? 'write' : 'read', pfns: got, zapped: 0 })
    return 0
  }
  return -EFAULT
}

/** PREFETCH_NO_FAULT: install translations only for pages the process already has present. */
export function ib_umem_odp_map_present(k: Kernel, odp: IbUmemOdp, va: number, len: number): void {
  const b = base(odp)
  const first = Math.max(0, Math.floor((va - b) / PAGE_SIZE))
  const last = Math.min(odp.npages, Math.ceil((va + Math.max(len, 1) - b) / PAGE_SIZE))
  const got: number[] = []
  for (let i = first; i < last; i++) {
    const pte = odp.mm.pgd.get(b / PAGE_SIZE + i)
    if (!pte_present(pte)) continue
    odp.pfns[i] = pte_pfn(pte)
    got.push(odp.pfns[i]!)
  }
  if (k.tracing && got.length > 0) k.emit({ type: 'ib_odp', op: 'fault', addr: b + first * PAGE_SIZE, len: (last - first) * PAGE_SIZE, event: 'no_fault', pfns: got, zapped: 0 })
}

export function ib_umem_odp_release(k: Kernel, odp: IbUmemOdp): void {
  if (odp.released) return
  odp.released = true
  ib_umem_odp_unmap_dma_pages(k, odp, base(odp), base(odp) + odp.npages * PAGE_SIZE)
  if (odp.notifier) k.mmu_interval_notifier_remove(odp.notifier)
  odp.notifier = null
}
