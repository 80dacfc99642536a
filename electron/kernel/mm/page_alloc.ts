/**
 * mm/page_alloc.c — physical memory: the struct page array (mem_map) as struct-of-arrays, zones
 * ZONE_NORMAL and ZONE_MOVABLE, MIGRATE_CMA pageblocks, and a deterministic page allocator.
 *
 * Layout (decision; Linux puts CMA inside a normal zone too): pfn 0 is the shared zero page
 * (PG_reserved, refcount pinned at ≥1). pfns [1, normalPages) are ZONE_NORMAL, of which the last
 * `cmaPages` are MIGRATE_CMA pageblocks; [normalPages, normalPages + movablePages) is
 * ZONE_MOVABLE. Per-pfn state lives in copy-on-write typed-array chunks (lib/cow_array.ts).
 *
 * Invariant: a free frame has refcount 0, mapcount 0, no flags, no mapping, no contents.
 */
import { CowArray, type CowArraySnapshot } from '../lib/cow_array'
import { PG_allocated, PG_reserved } from '../include/linux/page-flags'
import { PageContents, type PageContentsSnapshot } from './highmem'

export const ZONE_NORMAL = 0
export const ZONE_MOVABLE = 1
/* enum migratetype (include/linux/mmzone.h) */
export const MIGRATE_UNMOVABLE = 0
export const MIGRATE_MOVABLE = 1
export const MIGRATE_CMA = 4
export const MIGRATE_ISOLATE = 5

export const ZERO_PFN = 0

export type PoolName = 'normal' | 'cma' | 'movable'

/**
 * How a page is being allocated. `movable` = GFP_HIGHUSER_MOVABLE (user anon and page cache);
 * `pinnable` = allocation under memalloc_pin_save() (never ZONE_MOVABLE or CMA; used by
 * FOLL_LONGTERM migration targets and fork's early copy is a normal movable allocation).
 */
export type GfpKind = 'movable' | 'pinnable' | 'kernel'

export interface MemoryConfig {
  /** Frames in ZONE_NORMAL including the zero page and the CMA pageblocks. */
  normalPages: number
  movablePages?: number
  cmaPages?: number
  /** Order in which `movable` allocations try the pools (default movable → normal → cma). */
  movableOrder?: readonly PoolName[]
}

interface Pool {
  name: PoolName
  lo: number
  hi: number
  next: number
  free: CowArray<Int32Array>
  nfree: number
}

interface PoolSnapshot {
  name: PoolName
  lo: number
  hi: number
  next: number
  free: CowArraySnapshot<Int32Array>
  nfree: number
}

export interface PhysMemSnapshot {
  config: Required<MemoryConfig>
  refcount: CowArraySnapshot<Int32Array>
  mapcount: CowArraySnapshot<Int32Array>
  flags: CowArraySnapshot<Int32Array>
  mapping: CowArraySnapshot<Int32Array>
  index: CowArraySnapshot<Float64Array>
  bh?: CowArraySnapshot<Int32Array>
  pools: PoolSnapshot[]
  contents: PageContentsSnapshot
  nrAllocated: number
}

/** The struct page array and the allocator. All per-page state is reachable by pfn. */
export class PhysMem {
  readonly config: Required<MemoryConfig>
  /** folio_ref_count() */
  refcount: CowArray<Int32Array>
  /** Number of page-table mappings (Linux stores _mapcount as count-1; we store the count). */
  mapcount: CowArray<Int32Array>
  /** PG_* bits (include/linux/page-flags.ts). */
  flags: CowArray<Int32Array>
  /** anon_vma id (PG_anon set) or address_space id; 0 = none. */
  mapping: CowArray<Int32Array>
  /** page->index: linear page index (anon) or file page offset. */
  index: CowArray<Float64Array>
  /** Buffer-head state of a page-cache page with PG_private (fs/buffer.ts BH_* bits); 0 = none. */
  bh: CowArray<Int32Array>
  contents: PageContents
  pools: Pool[]
  nrAllocated: number
  /** memalloc_pin_save() depth: > 0 turns movable allocations into pinnable ones (transient). */
  pinScope = 0
  /**
   * Direct reclaim: called once when no pool allowed by the request has a free frame; returns
   * the number of frames it freed (the kernel frees clean, unmapped page cache, mm/vmscan.ts).
   */
  reclaim: (() => number) | null = null

  constructor(config: MemoryConfig, snap?: PhysMemSnapshot) {
    if (snap) {
      this.config = snap.config
      this.refcount = CowArray.restore(Int32Array, snap.refcount)
      this.mapcount = CowArray.restore(Int32Array, snap.mapcount)
      this.flags = CowArray.restore(Int32Array, snap.flags)
      this.mapping = CowArray.restore(Int32Array, snap.mapping)
      this.index = CowArray.restore(Float64Array, snap.index)
      this.bh = snap.bh ? CowArray.restore(Int32Array, snap.bh) : new CowArray(Int32Array)
      this.contents = new PageContents(snap.contents)
      this.pools = snap.pools.map((p) => ({ ...p, free: CowArray.restore(Int32Array, p.free) }))
      this.nrAllocated = snap.nrAllocated
      return
    }
    const normal = Math.max(2, Math.floor(config.normalPages))
    const movable = Math.max(0, Math.floor(config.movablePages ?? 0))
    const cma = Math.min(Math.max(0, Math.floor(config.cmaPages ?? 0)), normal - 1)
    this.config = {
      normalPages: normal,
      movablePages: movable,
      cmaPages: cma,
      movableOrder: config.movableOrder ?? ['movable', 'normal', 'cma']
    }
    this.refcount = new CowArray(Int32Array)
    this.mapcount = new CowArray(Int32Array)
    this.flags = new CowArray(Int32Array)
    this.mapping = new CowArray(Int32Array)
    this.index = new CowArray(Float64Array)
    this.bh = new CowArray(Int32Array)
    this.contents = new PageContents()
    const mk = (name: PoolName, lo: number, hi: number): Pool => ({ name, lo, hi, next: lo, free: new CowArray(Int32Array), nfree: 0 })
    this.pools = [mk('normal', 1, normal - cma), mk('cma', normal - cma, normal), mk('movable', normal, normal + movable)]
    // The shared zero page: reserved, never freed.
    this.flags.set(ZERO_PFN, PG_reserved | PG_allocated)
    this.refcount.set(ZERO_PFN, 1)
    this.nrAllocated = 1
  }

  get maxPfn(): number {
    return this.config.normalPages + this.config.movablePages
  }

  zone(pfn: number): number {
    return pfn >= this.config.normalPages ? ZONE_MOVABLE : ZONE_NORMAL
  }

  migratetype(pfn: number): number {
    if (pfn >= this.config.normalPages) return MIGRATE_MOVABLE
    if (pfn >= this.config.normalPages - this.config.cmaPages) return MIGRATE_CMA
    return MIGRATE_UNMOVABLE
  }

  isAllocated(pfn: number): boolean {
    return pfn >= 0 && pfn < this.maxPfn && (this.flags.get(pfn) & PG_allocated) !== 0
  }

  private pool(name: PoolName): Pool {
    return this.pools.find((p) => p.name === name)!
  }

  private takeFrom(p: Pool): number {
    if (p.nfree > 0) {
      p.nfree--
      return p.free.get(p.nfree)
    }
    if (p.next < p.hi) return p.next++
    return -1
  }

  /**
   * Allocate one order-0 frame with refcount 1 (alloc_page). Returns -1 when no pool allowed by
   * `gfp` has a free frame (the caller turns that into VM_FAULT_OOM / -ENOMEM).
   */
  alloc(gfp: GfpKind): number {
    const pfn = this._alloc(gfp)
    if (pfn >= 0 || this.reclaim === null) return pfn
    return this.reclaim() > 0 ? this._alloc(gfp) : -1
  }

  private _alloc(gfp: GfpKind): number {
    const order: readonly PoolName[] = gfp === 'movable' && this.pinScope === 0 ? this.config.movableOrder : ['normal']
    for (const name of order) {
      const pfn = this.takeFrom(this.pool(name))
      if (pfn >= 0) {
        this.refcount.set(pfn, 1)
        this.mapcount.set(pfn, 0)
        this.flags.set(pfn, PG_allocated)
        this.mapping.set(pfn, 0)
        this.index.set(pfn, 0)
        if (this.bh.get(pfn) !== 0) this.bh.set(pfn, 0)
        this.contents.clear(pfn)
        this.nrAllocated++
        return pfn
      }
    }
    return -1
  }

  /** Return a frame whose refcount reached 0 to its pool (free_unref_page). */
  free(pfn: number): void {
    this.refcount.set(pfn, 0)
    this.mapcount.set(pfn, 0)
    this.flags.set(pfn, 0)
    this.mapping.set(pfn, 0)
    this.index.set(pfn, 0)
    if (this.bh.get(pfn) !== 0) this.bh.set(pfn, 0)
    this.contents.clear(pfn)
    const p = this.pools.find((q) => pfn >= q.lo && pfn < q.hi)!
    p.free.set(p.nfree++, pfn)
    this.nrAllocated--
  }

  nrFree(): number {
    let n = 0
    for (const p of this.pools) n += p.nfree + (p.hi - p.next)
    return n
  }

  /** Free frames on the pool's free stack (for the invariant checker). */
  freeList(): number[] {
    const out: number[] = []
    for (const p of this.pools) for (let i = 0; i < p.nfree; i++) out.push(p.free.get(i))
    return out
  }

  snapshot(): PhysMemSnapshot {
    return {
      config: this.config,
      refcount: this.refcount.snapshot(),
      mapcount: this.mapcount.snapshot(),
      flags: this.flags.snapshot(),
      mapping: this.mapping.snapshot(),
      index: this.index.snapshot(),
      bh: this.bh.snapshot(),
      pools: this.pools.map((p) => ({ name: p.name, lo: p.lo, hi: p.hi, next: p.next, nfree: p.nfree, free: p.free.snapshot() })),
      contents: this.contents.snapshot(),
      nrAllocated: this.nrAllocated
    }
  }
}
