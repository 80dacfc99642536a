/**
 * include/linux/mm_types.h — vm_area_struct, mm_struct and the page table.
 *
 * Page tables are per-mm maps of 512-entry leaf tables (Int32Array of packed PTEs, see
 * include/asm/pgtable.ts) keyed by `vpn / 512` — the role of the PMD level; the upper levels are
 * folded into the key. Leaves are copy-on-write across snapshots (owner token per leaf).
 *
 * Every PTE write goes through `PageTable.set`, which also invalidates the software TLB entry
 * (the flush_tlb_page of mm/uaccess.ts), so no cached translation survives a PTE change.
 */
import { newToken } from '../../lib/cow_array'
import type { KFile } from './fs'

export const PTRS_PER_PTE = 512
export const TLB_ENTRIES = 64

export class VmArea {
  constructor(
    public start: number,
    public end: number,
    /** VM_* flags */
    public flags: number,
    /** vm_pgoff: file page offset, or (for anon) the linear page index of `start` at creation. */
    public pgoff: number,
    public file: KFile | null,
    /** anon_vma id (0 = none yet); pages faulted into this VMA's private COW get it as mapping. */
    public anonVma: number
  ) {}

  get pages(): number {
    return (this.end - this.start) / 4096
  }

  clone(): VmArea {
    return new VmArea(this.start, this.end, this.flags, this.pgoff, this.file, this.anonVma)
  }
}

/** Anonymous VMA: no file (a MAP_SHARED|MAP_ANONYMOUS mapping is shmem and has a file). */
export function vma_is_anonymous(vma: VmArea): boolean {
  return vma.file === null
}

interface Leaf {
  e: Int32Array
  owner: number
}

export interface PageTableSnapshot {
  leaves: ReadonlyMap<number, Leaf>
}

/** The page table of one mm plus its software TLB (not part of snapshots). */
export class PageTable {
  leaves: Map<number, Leaf>
  token: number
  /** Software TLB, direct-mapped by vpn % TLB_ENTRIES; tag -1 = empty. */
  tlbTag: Float64Array
  tlbPfn: Int32Array
  /** 1 if the cached translation allows writes (only filled when the PTE was writable + dirty). */
  tlbWrite: Uint8Array
  nrTlbFlush = 0

  constructor(snap?: PageTableSnapshot) {
    this.leaves = snap ? new Map(snap.leaves) : new Map()
    this.token = newToken()
    this.tlbTag = new Float64Array(TLB_ENTRIES).fill(-1)
    this.tlbPfn = new Int32Array(TLB_ENTRIES)
    this.tlbWrite = new Uint8Array(TLB_ENTRIES)
  }

  get(vpn: number): number {
    const leaf = this.leaves.get(Math.floor(vpn / PTRS_PER_PTE))
    return leaf === undefined ? 0 : leaf.e[vpn % PTRS_PER_PTE]!
  }

  /** set_pte_at + flush_tlb_page: write one PTE and drop any cached translation for it. */
  set(vpn: number, pte: number): void {
    const key = Math.floor(vpn / PTRS_PER_PTE)
    let leaf = this.leaves.get(key)
    if (leaf === undefined) {
      if (pte === 0) return
      leaf = { e: new Int32Array(PTRS_PER_PTE), owner: this.token }
      this.leaves.set(key, leaf)
    } else if (leaf.owner !== this.token) {
      leaf = { e: leaf.e.slice(), owner: this.token }
      this.leaves.set(key, leaf)
    }
    leaf.e[vpn % PTRS_PER_PTE] = pte
    this.flush_tlb_page(vpn)
  }

  flush_tlb_page(vpn: number): void {
    const slot = vpn % TLB_ENTRIES
    if (this.tlbTag[slot] === vpn) {
      this.tlbTag[slot] = -1
      this.nrTlbFlush++
    }
  }

  flush_tlb_all(): void {
    this.tlbTag.fill(-1)
    this.nrTlbFlush++
  }

  /**
   * Visit present (non-zero) PTEs with vpn in [startVpn, endVpn) in address order. The callback
   * may change the visited PTE through `set`.
   */
  forEach(startVpn: number, endVpn: number, fn: (vpn: number, pte: number) => void): void {
    if (endVpn <= startVpn) return
    const k0 = Math.floor(startVpn / PTRS_PER_PTE)
    const k1 = Math.floor((endVpn - 1) / PTRS_PER_PTE)
    const keys: number[] = []
    if (k1 - k0 + 1 <= this.leaves.size * 4) {
      for (let k = k0; k <= k1; k++) if (this.leaves.has(k)) keys.push(k)
    } else {
      for (const k of this.leaves.keys()) if (k >= k0 && k <= k1) keys.push(k)
      keys.sort((a, b) => a - b)
    }
    for (const k of keys) {
      const base = k * PTRS_PER_PTE
      const lo = Math.max(startVpn, base) - base
      const hi = Math.min(endVpn, base + PTRS_PER_PTE) - base
      for (let i = lo; i < hi; i++) {
        const e = this.leaves.get(k)!.e[i]!
        if (e !== 0) fn(base + i, e)
      }
    }
  }

  snapshot(): PageTableSnapshot {
    const snap = { leaves: new Map(this.leaves) }
    this.token = newToken()
    return snap
  }
}

export class MmStruct {
  /** Sorted, non-overlapping VMAs. */
  vmas: VmArea[] = []
  pgd: PageTable
  /** mm->flags (MMF_* bits, include/linux/sched/coredump.ts). */
  flags = 0
  /** mm->has_pinned (5.9..5.13); from 5.14 MMF_HAS_PINNED in `flags`. Both kept by mm_set_has_pinned. */
  has_pinned = false
  total_vm = 0
  locked_vm = 0
  /** Pages accounted by drivers (ib_umem, io_uring) against RLIMIT_MEMLOCK. */
  pinned_vm = 0
  /** mm->write_protect_seq (5.11+): odd while fork write-protects COW VMAs. */
  write_protect_seq = 0
  /** mm->def_flags: VM_LOCKED (| VM_LOCKONFAULT) for every new VMA after mlockall(MCL_FUTURE). */
  def_flags = 0
  start_brk = 0
  brk = 0
  mmap_base = 0
  /** Number of tasks using this mm (mm_users). */
  users = 1
  /** Simulator-side: the mm ever took a FOLL_PIN (for invariant 4, independent of version). */
  everPinned = false

  constructor(
    public readonly id: number,
    pgd?: PageTable
  ) {
    this.pgd = pgd ?? new PageTable()
  }
}
