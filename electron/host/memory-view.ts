/**
 * The producer of the memory picture (shared/view.ts): reads one machine's kernel state — tasks,
 * mms (VMAs and page tables), physical frames, the GUP bookkeeping, the page cache — and the
 * devices that hold frames (the HCA's MRs, io_uring registered buffers, in-flight O_DIRECT,
 * vmsplice'd pipe buffers, gup_test's long-term session), and turns it into runs.
 *
 * Read-only: nothing here changes kernel state (no faults, no allocation, no trace events), so a
 * view can be taken at any instant, even between two halves of a race. It never throws on any
 * machine state: unknown pfns and half-torn-down objects are shown as what they are.
 *
 * Cost: the page walk is over present PTEs (unpopulated ranges are one run each) and over the
 * frames shown; the output is proportional to runs, bounded by `maxRuns`.
 */
import type { Kernel } from '../kernel/kernel'
import type { Vfs } from '../kernel/fs/vfs'
import type { MmStruct, VmArea } from '../kernel/include/linux/mm_types'
import {
  VM_ACCOUNT, VM_DONTCOPY, VM_DONTDUMP, VM_DONTEXPAND, VM_EXEC, VM_GROWSDOWN, VM_HUGEPAGE, VM_HUGETLB, VM_IO, VM_LOCKED,
  VM_LOCKONFAULT, VM_MAYEXEC, VM_MAYREAD, VM_MAYSHARE, VM_MAYWRITE, VM_MERGEABLE, VM_MIXEDMAP, VM_NOHUGEPAGE, VM_NORESERVE,
  VM_PFNMAP, VM_RAND_READ, VM_READ, VM_SEQ_READ, VM_SHARED, VM_SOFTDIRTY, VM_SYNC, VM_UFFD_WP, VM_WIPEONFORK, VM_WRITE
} from '../kernel/include/linux/mm'
import { pte_dirty, pte_pfn, pte_present, pte_special, pte_write } from '../kernel/include/asm/pgtable'
import { PG_anon, PG_anon_exclusive, PG_dirty } from '../kernel/include/linux/page-flags'
import { folio_maybe_dma_pinned } from '../kernel/include/linux/page_ref'
import { MIGRATE_CMA, MIGRATE_MOVABLE, ZERO_PFN, ZONE_MOVABLE } from '../kernel/mm/page_alloc'
import { vma_name } from '../kernel/fs/proc/task_mmu'
import type { ProcSource } from '../kernel/fs/proc/internal'
import { ib_device_peek } from '../kernel/drivers/infiniband/core/uverbs'
import { io_uring_contexts } from '../kernel/io_uring/io_uring'
import { dio_inflight } from '../kernel/fs/direct-io'
import { gup_test_device } from '../kernel/mm/gup_test'
import type { Pipe } from '../kernel/fs/pipe'
import { Machine } from '../userland/os/machine'
import { machineProcSource } from '../userland/os/proc-source'
import {
  DEFAULT_MAX_RUNS, MAX_RUNS_LIMIT, MEMORY_VIEW_VERSION, type ExpandRange, type FrameRun, type HolderPageRun, type HolderView,
  type MemoryView, type ProcessView, type PteRun, type VmaView
} from '../../shared/view'

const PAGE = 4096

/** What a view is built from: a Machine, or a bare kernel and its file system (tests). */
export interface MemorySource {
  kernel: Kernel
  vfs: Vfs
}

export interface MemoryViewOptions {
  /** Only these processes (default: every process with an mm). */
  pids?: readonly number[]
  /** Cap on a run's length: 1 gives per-page detail (expandRange). Default: unlimited. */
  maxPagesPerRun?: number
  /** Budget of runs (PTE + frame + holder runs); past it the view is `truncated`. */
  maxRuns?: number
  /** Only the pages of [start, end) (VMAs outside are left out, VMAs across it are clipped). */
  range?: { start: number; end: number }
}

/** VM_* names in bit order, as the picture labels a VMA. */
const VM_FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [VM_READ, 'VM_READ'], [VM_WRITE, 'VM_WRITE'], [VM_EXEC, 'VM_EXEC'], [VM_SHARED, 'VM_SHARED'],
  [VM_MAYREAD, 'VM_MAYREAD'], [VM_MAYWRITE, 'VM_MAYWRITE'], [VM_MAYEXEC, 'VM_MAYEXEC'], [VM_MAYSHARE, 'VM_MAYSHARE'],
  [VM_GROWSDOWN, 'VM_GROWSDOWN'], [VM_PFNMAP, 'VM_PFNMAP'], [VM_UFFD_WP, 'VM_UFFD_WP'], [VM_LOCKED, 'VM_LOCKED'],
  [VM_IO, 'VM_IO'], [VM_SEQ_READ, 'VM_SEQ_READ'], [VM_RAND_READ, 'VM_RAND_READ'], [VM_DONTCOPY, 'VM_DONTCOPY'],
  [VM_DONTEXPAND, 'VM_DONTEXPAND'], [VM_LOCKONFAULT, 'VM_LOCKONFAULT'], [VM_ACCOUNT, 'VM_ACCOUNT'],
  [VM_NORESERVE, 'VM_NORESERVE'], [VM_HUGETLB, 'VM_HUGETLB'], [VM_SYNC, 'VM_SYNC'], [VM_WIPEONFORK, 'VM_WIPEONFORK'],
  [VM_DONTDUMP, 'VM_DONTDUMP'], [VM_SOFTDIRTY, 'VM_SOFTDIRTY'], [VM_MIXEDMAP, 'VM_MIXEDMAP'], [VM_HUGEPAGE, 'VM_HUGEPAGE'],
  [VM_NOHUGEPAGE, 'VM_NOHUGEPAGE'], [VM_MERGEABLE, 'VM_MERGEABLE']
]

export function vmFlagNames(flags: number): string[] {
  return VM_FLAG_NAMES.filter(([bit]) => (flags & bit) >>> 0 !== 0).map(([, n]) => n)
}

/** Stable ids for pipes within a host process (a Pipe has no number of its own). */
const pipeIds = new WeakMap<Pipe, number>()
let nextPipeId = 1
function pipeId(p: Pipe): number {
  let id = pipeIds.get(p)
  if (id === undefined) pipeIds.set(p, (id = nextPipeId++))
  return id
}

/** Run budget shared by every part of one view. */
class Budget {
  used = 0
  truncated = false
  constructor(readonly max: number) {}
  take(): boolean {
    if (this.used >= this.max) {
      this.truncated = true
      return false
    }
    this.used++
    return true
  }
}

/**
 * Can `page` with `pfn` extend `last`? It must follow it, stay under the cap, and its pfn must
 * continue the run's progression (a run of one page takes its step from the second). The caller
 * has checked that the facts are equal. On success the run is extended.
 */
function extendRun(last: { first: number; count: number; pfn: number; pfnStep: -1 | 0 | 1 } | undefined, page: number, pfn: number, cap: number): boolean {
  if (!last || last.first + last.count !== page || last.count >= cap) return false
  if (last.pfn < 0 || pfn < 0) {
    if (last.pfn < 0 && pfn < 0) {
      last.count++
      return true
    }
    return false
  }
  if (last.count === 1) {
    const d = pfn - last.pfn
    if (d !== 1 && d !== 0 && d !== -1) return false
    last.pfnStep = d
    last.count++
    return true
  }
  if (pfn !== last.pfn + last.pfnStep * last.count) return false
  last.count++
  return true
}

interface Interval {
  lo: number
  hi: number
}

/** The pfns a run list references, as inclusive intervals. */
function pfnIntervals(runs: ReadonlyArray<{ count: number; pfn: number; pfnStep: number }>, out: Interval[]): void {
  for (const r of runs) {
    if (r.pfn < 0) continue
    const end = r.pfn + r.pfnStep * (r.count - 1)
    out.push({ lo: Math.min(r.pfn, end), hi: Math.max(r.pfn, end) })
  }
}

function ptePages(k: Kernel, mm: MmStruct, vma: VmArea, lo: number, hi: number, cap: number, budget: Budget): PteRun[] {
  const runs: PteRun[] = []
  let next = lo
  const gap = (upTo: number): boolean => {
    if (upTo <= next) return true
    // A hole of unpopulated pages: one run (split only by the cap).
    while (next < upTo) {
      const n = Math.min(upTo - next, cap)
      const last = runs[runs.length - 1]
      if (last && !last.present && last.first + last.count === next && last.count + n <= cap) last.count += n
      else {
        if (!budget.take()) return false
        runs.push({ first: next, count: n, present: false, writable: false, dirty: false, special: false, pfn: -1, pfnStep: 0 })
      }
      next += n
    }
    return true
  }
  let ok = true
  mm.pgd.forEach(lo, hi, (vpn, pte) => {
    if (!ok) return
    if (!gap(vpn)) {
      ok = false
      return
    }
    const present = pte_present(pte)
    const writable = present && pte_write(pte)
    const dirty = present && pte_dirty(pte)
    const special = present && (pte_special(pte) || (vma.flags & VM_PFNMAP) !== 0)
    const pfn = present ? pte_pfn(pte) : -1
    next = vpn + 1
    const last = runs[runs.length - 1]
    if (last && last.present === present && last.writable === writable && last.dirty === dirty && last.special === special && extendRun(last, vpn, pfn, cap)) return
    if (!budget.take()) {
      ok = false
      return
    }
    runs.push({ first: vpn, count: 1, present, writable, dirty, special, pfn, pfnStep: 0 })
  })
  if (ok) gap(hi)
  return runs
}

function processView(k: Kernel, vfs: Vfs, pid: number, source: ProcSource | null, opts: MemoryViewOptions, cap: number, budget: Budget): ProcessView | null {
  const task = k.tasks.get(pid)
  if (!task) return null
  const mm = task.mm
  let comm = task.comm
  try {
    if (source && source.pids().includes(pid)) comm = source.comm(pid) || comm
  } catch {
    // The machine's own bookkeeping is optional here: the kernel's comm will do.
  }
  const view: ProcessView = { pid, comm, uid: task.cred.uid, mm: mm ? mm.id : null, exited: task.exited, vmas: [] }
  if (!mm) return view
  const ctx = source ? { vfs, k, source } : null
  for (const vma of mm.vmas) {
    if (budget.truncated) break
    let lo = vma.start / PAGE
    let hi = vma.end / PAGE
    if (opts.range) {
      lo = Math.max(lo, Math.floor(opts.range.start / PAGE))
      hi = Math.min(hi, Math.ceil(opts.range.end / PAGE))
      if (hi <= lo) continue
    }
    let name: string | null = null
    if (vma.file) name = vma.file.path
    else if (ctx) {
      try {
        name = vma_name(ctx, pid, mm, vma)
      } catch {
        name = null
      }
    } else if (vma.start < mm.brk && vma.end > mm.start_brk) name = '[heap]'
    const flags = vma.flags
    const v: VmaView = {
      start: vma.start,
      end: vma.end,
      perms: `${flags & VM_READ ? 'r' : '-'}${flags & VM_WRITE ? 'w' : '-'}${flags & VM_EXEC ? 'x' : '-'}${flags & VM_MAYSHARE ? 's' : 'p'}`,
      flags: vmFlagNames(flags),
      name: name ?? '[anon]',
      pgoff: vma.pgoff,
      ptes: ptePages(k, mm, vma, lo, hi, cap, budget)
    }
    view.vmas.push(v)
  }
  return view
}

/** Does `mm` map `pfn` at virtual page `vpn`? */
function mapsAt(mm: MmStruct | null, vpn: number, pfn: number): boolean {
  if (!mm) return false
  const pte = mm.pgd.get(vpn)
  return pte_present(pte) && pte_pfn(pte) === pfn
}

/** Page runs of a holder: pfns in order, -1 for no translation; `mm`/`va` decide `agrees`. */
function holderPages(pfns: readonly number[], mm: MmStruct | null, va: number, cap: number, budget: Budget): HolderPageRun[] {
  const runs: HolderPageRun[] = []
  const vpn0 = va / PAGE
  for (let i = 0; i < pfns.length; i++) {
    const pfn = pfns[i] ?? -1
    const agrees = pfn < 0 || va < 0 || mm === null ? null : mapsAt(mm, vpn0 + i, pfn)
    const last = runs[runs.length - 1]
    if (last && last.agrees === agrees && extendRun(last, i, pfn, cap)) continue
    if (!budget.take()) break
    runs.push({ first: i, count: 1, pfn, pfnStep: 0, agrees })
  }
  return runs
}

function mmOfPid(k: Kernel, pid: number): MmStruct | null {
  return k.tasks.get(pid)?.mm ?? null
}

function pidOfMm(k: Kernel, mm: MmStruct): number {
  for (const t of k.tasks.values()) if (t.mm === mm && t.pid === t.tgid) return t.pid
  for (const t of k.tasks.values()) if (t.mm === mm) return t.pid
  return -1
}

function holders(src: MemorySource, cap: number, budget: Budget): HolderView[] {
  const k = src.kernel
  const out: HolderView[] = []
  const hex = (n: number) => `0x${(n >>> 0).toString(16)}`
  // The HCA: every MR's MTT (ib_umem pfn list, or the ODP device page table).
  const dev = ib_device_peek(k)
  if (dev) {
    for (const { mr } of dev.mkeys.values()) {
      const u = mr.umem
      if (u.released) continue
      const odp = 'odp' in u
      const mm = odp ? u.mm : u.owningMm
      const va = u.address - (u.address % PAGE)
      out.push({
        id: `mr:${dev.name}:${hex(mr.lkey)}`, kind: 'rdma-mr', label: `${dev.name} MR lkey ${hex(mr.lkey)}`, device: dev.name,
        lkey: mr.lkey, rkey: mr.rkey, pinned: odp ? false : u.pinned, pid: mr.pid, va, onDemand: odp,
        pages: holderPages(u.pfns, mm, va, cap, budget)
      })
    }
  }
  // io_uring fixed buffers (ctx->user_bufs).
  for (const ctx of io_uring_contexts(k)) {
    const bufs = ctx.userBufs ?? []
    const pid = pidOfMm(k, ctx.mm)
    bufs.forEach((b, i) => {
      if (!b) return
      const va = b.ubuf - (b.ubuf % PAGE)
      out.push({
        id: `io_uring:${ctx.id}:${i}`, kind: 'io_uring-buf', label: `io_uring ${ctx.id} buffer ${i}`, device: null, ctx: ctx.id, index: i,
        pinned: b.pinned, pid, va, onDemand: false, pages: holderPages(b.pfns, ctx.mm, va, cap, budget)
      })
    })
  }
  // Direct I/O between submit and completion: the block device DMAs to/from these frames.
  for (const r of dio_inflight(k)) {
    if (r.completed) continue
    const va = r.addr - (r.addr % PAGE)
    out.push({
      id: `dio:${r.id}`, kind: 'odirect', label: `O_DIRECT ${r.dir} of ${r.file.path}`, device: 'sda', dir: r.dir,
      pinned: r.pinned, pid: r.pid, va, onDemand: false, pages: holderPages(r.pfns, mmOfPid(k, r.pid), va, cap, budget)
    })
  }
  // vmsplice'd pages sitting in pipe buffers (FOLL_GET references).
  for (const p of src.vfs.pipes()) {
    const pfns = p.referencedPfns()
    if (pfns.length === 0) continue
    const id = pipeId(p)
    out.push({ id: `pipe:${id}`, kind: 'pipe', label: `pipe ${id}`, device: null, pinned: false, pid: -1, va: -1, onDemand: false, pages: holderPages(pfns, null, -1, cap, budget) })
  }
  // gup_test's PIN_LONGTERM_TEST_START session.
  const s = gup_test_device(k)?.longtermSession()
  if (s) {
    out.push({
      id: 'gup_test', kind: 'gup_test', label: 'gup_test long-term pin', device: null, pinned: true, pid: s.pid, va: s.addr, onDemand: false,
      pages: holderPages(s.pfns, mmOfPid(k, s.pid), s.addr, cap, budget)
    })
  }
  return out
}

/** The pfns with GUP references, as intervals of consecutive pfns (one per MR, not one per page). */
function gupIntervals(k: Kernel, out: Interval[]): void {
  if (k.gup.size === 0) return
  const pfns = Float64Array.from(k.gup.keys()).sort()
  let lo = pfns[0]!
  let hi = lo
  for (let i = 1; i < pfns.length; i++) {
    const pfn = pfns[i]!
    if (pfn === hi + 1) hi = pfn
    else {
      out.push({ lo, hi })
      lo = hi = pfn
    }
  }
  out.push({ lo, hi })
}

/** A pfn interval a holder references, for the frame walk's sweep. */
interface HeldInterval {
  lo: number
  hi: number
  id: string
}

/**
 * The holders of each pfn, answered in ascending pfn order by a sweep over the holders'
 * intervals: the same array object is returned while the set does not change, so a long run
 * of frames held by one MR costs no allocation per page.
 */
class HolderSweep {
  private readonly _pending: HeldInterval[]
  private _next = 0
  private _active: HeldInterval[] = []
  private _ids: string[] = []

  constructor(held: HeldInterval[]) {
    this._pending = held.slice().sort((a, b) => a.lo - b.lo)
  }

  at(pfn: number): string[] {
    let changed = false
    if (this._active.length > 0 && this._active.some((h) => h.hi < pfn)) {
      this._active = this._active.filter((h) => h.hi >= pfn)
      changed = true
    }
    while (this._next < this._pending.length && this._pending[this._next]!.lo <= pfn) {
      const h = this._pending[this._next++]!
      if (h.hi >= pfn) {
        this._active.push(h)
        changed = true
      }
    }
    if (changed) {
      const ids: string[] = []
      for (const h of this._active) if (!ids.includes(h.id)) ids.push(h.id)
      this._ids = ids
    }
    return this._ids
  }
}

function frameRuns(k: Kernel, intervals: Interval[], held: HeldInterval[], cap: number, budget: Budget): FrameRun[] {
  intervals.sort((a, b) => a.lo - b.lo)
  const merged: Interval[] = []
  for (const iv of intervals) {
    const last = merged[merged.length - 1]
    if (last && iv.lo <= last.hi + 1) last.hi = Math.max(last.hi, iv.hi)
    else merged.push({ ...iv })
  }
  const p = k.phys
  const sweep = new HolderSweep(held)
  const runs: FrameRun[] = []
  for (const iv of merged) {
    for (let pfn = Math.max(0, iv.lo); pfn <= iv.hi && pfn < p.maxPfn; pfn++) {
      // Facts as scalars first: a new run object is built only where the facts change.
      const f = p.flags.get(pfn)
      const allocated = p.isAllocated(pfn)
      const mapping = p.mapping.get(pfn)
      const anon = (f & PG_anon) !== 0
      const zero = pfn === ZERO_PFN
      const kernel = k.kernelRefs.has(pfn)
      const refs = k.gup.get(pfn)
      const pincount = refs?.pin ?? 0
      const gets = refs?.get ?? 0
      const cache = !anon && mapping !== 0 ? (k.mappings.get(mapping)?.name ?? `mapping ${mapping}`) : null
      const orphan = allocated && !zero && !kernel && mapping === 0 && pincount + gets > 0
      const index = cache !== null ? p.index.get(pfn) : -1
      const refcount = p.refcount.get(pfn)
      const mapcount = p.mapcount.get(pfn)
      const maybeDmaPinned = allocated && folio_maybe_dma_pinned(k, pfn)
      const anonExclusive = (f & PG_anon_exclusive) !== 0
      const dirty = (f & PG_dirty) !== 0
      const zone: FrameRun['zone'] = p.zone(pfn) === ZONE_MOVABLE ? 'Movable' : 'Normal'
      const mt = p.migratetype(pfn)
      const migratetype: FrameRun['migratetype'] = mt === MIGRATE_CMA ? 'CMA' : mt === MIGRATE_MOVABLE ? 'Movable' : 'Unmovable'
      const holderIds = sweep.at(pfn)
      const last = runs[runs.length - 1]
      if (
        last && last.first + last.count === pfn && last.count < cap &&
        last.allocated === allocated && last.refcount === refcount && last.mapcount === mapcount && last.pincount === pincount &&
        last.gets === gets && last.maybeDmaPinned === maybeDmaPinned && last.anon === anon && last.anonExclusive === anonExclusive &&
        last.dirty === dirty && last.zero === zero && last.kernel === kernel && last.cache === cache && last.orphan === orphan &&
        last.zone === zone && last.migratetype === migratetype && sameIds(last.holders, holderIds) &&
        (cache === null || index === last.cacheIndex + last.count)
      ) {
        last.count++
        continue
      }
      if (!budget.take()) return runs
      runs.push({
        first: pfn, count: 1, cacheIndex: index, allocated, refcount, mapcount, pincount, gets, maybeDmaPinned, anon, anonExclusive,
        dirty, zero, kernel, cache, orphan, zone, migratetype, holders: [...holderIds]
      })
    }
  }
  return runs
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * The memory picture of `machine` now. `opts.pids` limits the processes (holders are always all
 * shown: they are few and they are the point); `maxRuns` bounds the size of the result.
 */
export function buildMemoryView(machine: MemorySource, opts: MemoryViewOptions = {}): MemoryView {
  const k = machine.kernel
  const cap = Math.max(1, Math.floor(opts.maxPagesPerRun ?? Number.MAX_SAFE_INTEGER))
  const budget = new Budget(Math.max(1, Math.min(MAX_RUNS_LIMIT, Math.floor(opts.maxRuns ?? DEFAULT_MAX_RUNS))))
  const source = machine instanceof Machine ? machineProcSource(machine) : null
  const pids = opts.pids
    ? [...new Set(opts.pids)].filter((pid) => k.tasks.has(pid))
    : [...k.tasks.values()].filter((t) => t.pid === t.tgid && t.mm !== null).map((t) => t.pid)
  pids.sort((a, b) => a - b)
  // An expansion (opts.range) asks for per-page detail of one process's range: holders keep their
  // runs and only the range's frames are listed, so a 262,144-page MR around the range does not
  // spend the run budget before the pages that were asked for.
  const hs = holders(machine, opts.range ? Number.MAX_SAFE_INTEGER : cap, budget)
  const processes: ProcessView[] = []
  for (const pid of pids) {
    if (budget.truncated) break
    const p = processView(k, machine.vfs, pid, source, opts, cap, budget)
    if (p) processes.push(p)
  }
  const intervals: Interval[] = []
  for (const p of processes) for (const v of p.vmas) pfnIntervals(v.ptes, intervals)
  const held: HeldInterval[] = []
  for (const h of hs) {
    const own: Interval[] = []
    pfnIntervals(h.pages, own)
    for (const iv of own) {
      // An expansion lists only the range's frames (the holder keeps its runs).
      if (!opts.range) intervals.push(iv)
      held.push({ lo: iv.lo, hi: iv.hi, id: h.id })
    }
  }
  // Frames with outstanding GUP references even when nothing maps them and no device the view
  // knows holds them: the orphans of a truncate under a pin, a driver's private pins.
  if (!opts.range) gupIntervals(k, intervals)
  const frames = frameRuns(k, intervals, held, cap, budget)
  return { version: MEMORY_VIEW_VERSION, kernel: k.version, clock: k.clock, processes, frames, holders: hs, truncated: budget.truncated }
}

/**
 * Per-page detail of one range of one process (the picture's "expand"): its PTEs and their frames
 * one page per run; holders stay runs (the whole of each, for the divergence check) and frames
 * outside the range are left out.
 */
export function expandRange(machine: MemorySource, range: ExpandRange, maxRuns?: number): MemoryView {
  return buildMemoryView(machine, { pids: [range.pid], range: { start: range.start, end: range.end }, maxPagesPerRun: 1, maxRuns })
}

/**
 * The facts of single frames whether or not anything maps them now (lab checks ask about a frame a
 * program printed before it exited), computed by the same code as the picture's frames; holders
 * are taken from `view`. A pfn outside physical memory has no entry.
 */
export function frameFactsOf(machine: MemorySource, pfns: readonly number[], view: MemoryView): FrameRun[] {
  const held: HeldInterval[] = []
  for (const h of view.holders) {
    const own: Interval[] = []
    pfnIntervals(h.pages, own)
    for (const iv of own) held.push({ lo: iv.lo, hi: iv.hi, id: h.id })
  }
  const intervals: Interval[] = pfns.map((pfn) => ({ lo: pfn, hi: pfn }))
  return frameRuns(machine.kernel, intervals, held, 1, new Budget(pfns.length + 1))
}
