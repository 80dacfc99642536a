/**
 * The memory picture's data: a plain, serialisable model of one machine at one instant, produced
 * by the host (electron/host/memory-view.ts) and drawn by the renderer (issue 7).
 *
 * processes → VMAs → page-table entries → physical frames ← holders (the NIC's MTT, io_uring
 * registered buffers, in-flight O_DIRECT, vmsplice'd pipe buffers, gup_test's long-term session).
 *
 * Everything page-granular is a run: consecutive pages with identical facts are one record
 * `{ first, count, ...facts }` whose pfn advances by `pfnStep` per page (1 for consecutive frames,
 * 0 for the shared zero page repeated, -1 for frames handed out downwards), so a 262,144-page MR
 * is a handful of records. `expandRange` asks the host for per-page detail of one range.
 *
 * Types and pure helpers only: no imports from electron/, no DOM, no Node, no zod.
 */

/** Bumped when a field changes meaning, so a saved view is never misread. */
export const MEMORY_VIEW_VERSION = 1

/**
 * Default and maximal number of runs (PTE, frame and holder runs together) in one view: a run is
 * at most a few hundred bytes of JSON, so a view stays within a few MB on every transport.
 */
export const DEFAULT_MAX_RUNS = 10_000
export const MAX_RUNS_LIMIT = 20_000
/** At most this many pids in one request. */
export const MAX_VIEW_PIDS = 256

export interface MemoryView {
  version: typeof MEMORY_VIEW_VERSION
  /** The kernel version string, e.g. '6.18'. */
  kernel: string
  /** Virtual time of the snapshot (ns). */
  clock: number
  processes: ProcessView[]
  /** Every frame a shown PTE maps or a holder references, by ascending pfn. */
  frames: FrameRun[]
  holders: HolderView[]
  /** True when the view hit its run budget: later processes/holders are missing or cut short. */
  truncated: boolean
}

export interface ProcessView {
  pid: number
  comm: string
  uid: number
  /** mm id (threads and vfork children share one), or null for a process without memory. */
  mm: number | null
  exited: boolean
  vmas: VmaView[]
}

export interface VmaView {
  start: number
  end: number
  /** The permission column of /proc/PID/maps: `rw-p`, `r--s`, … */
  perms: string
  /** VM_* flag names set on the VMA, e.g. ['VM_READ', 'VM_WRITE', 'VM_DONTCOPY']. */
  flags: string[]
  /** What /proc/PID/maps names it: a path, [heap], [stack], or [anon] for an unnamed anonymous VMA. */
  name: string
  /** vm_pgoff (file VMAs: the file page offset of `start`). */
  pgoff: number
  /** The VMA's pages, including unpopulated ones (`present: false`, pfn -1). */
  ptes: PteRun[]
}

export interface PteFacts {
  present: boolean
  writable: boolean
  dirty: boolean
  /** pte_special: the zero page or a PFN map, not a normal page. */
  special: boolean
}

export interface PteRun extends PteFacts {
  /** First virtual page number (address / 4096). */
  first: number
  count: number
  /** pfn of the first page, -1 when not present. */
  pfn: number
  pfnStep: -1 | 0 | 1
}

export type Zone = 'Normal' | 'Movable'
export type Migratetype = 'Unmovable' | 'Movable' | 'CMA'

export interface FrameFacts {
  allocated: boolean
  refcount: number
  mapcount: number
  /** FOLL_PIN references outstanding (the kernel's bookkeeping: each is GUP_PIN_COUNTING_BIAS on refcount). */
  pincount: number
  /** FOLL_GET references outstanding (get_user_pages, vmsplice, pre-5.6 drivers). */
  gets: number
  /** folio_maybe_dma_pinned(): what the kernel itself can tell (refcount ≥ 1024 before 5.19's exact count, etc.). */
  maybeDmaPinned: boolean
  anon: boolean
  anonExclusive: boolean
  dirty: boolean
  zero: boolean
  /** A kernel page (ring, driver buffer) rather than user memory. */
  kernel: boolean
  /** Page cache: the file's name, or null. The index is `cacheIndex + i` within the run. */
  cache: string | null
  /** Pinned or referenced, but no longer in any mapping (truncated under a pin). */
  orphan: boolean
  zone: Zone
  migratetype: Migratetype
  /** Ids of the holders (HolderView.id) that reference this frame. */
  holders: string[]
}

export interface FrameRun extends FrameFacts {
  first: number
  count: number
  /** page->index of the first frame (page cache: file page offset; anon: linear index). */
  cacheIndex: number
}

export type HolderKind = 'rdma-mr' | 'io_uring-buf' | 'odirect' | 'pipe' | 'gup_test'

export interface HolderView {
  /** Stable within a machine: 'mr:mlx5_0:0x1234', 'io_uring:3:0', 'dio:7', 'pipe:2', 'gup_test'. */
  id: string
  kind: HolderKind
  /** Words for the picture, e.g. 'mlx5_0 MR lkey 0x1234'. */
  label: string
  /** The device that does DMA through this translation (mlx5_0, the block device, …), or null. */
  device: string | null
  /** MR keys (rdma-mr). */
  lkey?: number
  rkey?: number
  /** io_uring ring id and buffer index (io_uring-buf). */
  ctx?: number
  index?: number
  /** Direction of an O_DIRECT request. */
  dir?: 'read' | 'write'
  /** FOLL_PIN (true) or FOLL_GET references. */
  pinned: boolean
  /** The process whose addresses the translation was made from (-1 when unknown). */
  pid: number
  /** Start of the user range (page-aligned), or -1 when the holder has no address (pipe). */
  va: number
  /** ODP: translations are made on device faults and zapped by the MMU notifier. */
  onDemand: boolean
  pages: HolderPageRun[]
}

export interface HolderPageRun {
  /** First page index within the holder. */
  first: number
  count: number
  /** pfn of the first page; -1 = no translation (ODP not faulted in / zapped). */
  pfn: number
  pfnStep: -1 | 0 | 1
  /**
   * Does the process still map that pfn at va + i*4096? false = divergence: the device and the
   * CPU see different memory. null when not applicable (no address, or no translation).
   */
  agrees: boolean | null
}

/** A request for per-page detail of [start, end) in one process. */
export interface ExpandRange {
  pid: number
  start: number
  end: number
}

/* ------------------------------------------------------------------ run helpers */

/** pfn of page `i` (0-based) of a run. */
export function runPfn(run: { pfn: number; pfnStep: number }, i: number): number {
  return run.pfn < 0 ? -1 : run.pfn + run.pfnStep * i
}

/** Number of pages a list of runs covers. */
export function runPages(runs: ReadonlyArray<{ count: number }>): number {
  let n = 0
  for (const r of runs) n += r.count
  return n
}

/** The run containing `key` (by `first`/`count`) in runs sorted by `first`, or null. */
export function findRun<R extends { first: number; count: number }>(runs: readonly R[], key: number): R | null {
  let lo = 0
  let hi = runs.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const r = runs[mid]!
    if (key < r.first) hi = mid - 1
    else if (key >= r.first + r.count) lo = mid + 1
    else return r
  }
  return null
}

/** The facts of the frame `pfn` in a view, or null when the view does not show it. */
export function frameAt(view: MemoryView, pfn: number): (FrameFacts & { pfn: number; index: number }) | null {
  const r = findRun(view.frames, pfn)
  if (!r) return null
  const { first: _f, count: _c, cacheIndex, ...facts } = r
  return { ...facts, pfn, index: cacheIndex + (pfn - r.first) }
}

/** The PTE facts of virtual page `vpn` in process `pid`, or null when no VMA covers it. */
export function pteAt(view: MemoryView, pid: number, vpn: number): (PteFacts & { pfn: number }) | null {
  const p = view.processes.find((q) => q.pid === pid)
  if (!p) return null
  for (const v of p.vmas) {
    if (vpn < v.start / 4096 || vpn >= v.end / 4096) continue
    const r = findRun(v.ptes, vpn)
    if (!r) return null
    return { present: r.present, writable: r.writable, dirty: r.dirty, special: r.special, pfn: runPfn(r, vpn - r.first) }
  }
  return null
}

/** Per-page expansion of a run list (for a table view of a small range). */
export function expandRuns<R extends { first: number; count: number; pfn: number; pfnStep: -1 | 0 | 1 }>(runs: readonly R[]): R[] {
  const out: R[] = []
  for (const r of runs) for (let i = 0; i < r.count; i++) out.push({ ...r, first: r.first + i, count: 1, pfn: runPfn(r, i), pfnStep: 0 })
  return out
}

/* ------------------------------------------------------------------ diff */

export type ChangeKind =
  | 'map' // a page became present
  | 'unmap' // a present page went away (munmap, MADV_DONTNEED, exit)
  | 'cow' // a write fault copied: the vpn maps a new pfn, the old one stays mapped elsewhere
  | 'unshare' // FAULT_FLAG_UNSHARE (5.19+): a R/O pin copied a shared anon page, the PTE stays read-only
  | 'remap' // the vpn maps another pfn and the old one is gone (migration, a fresh fault after zap)
  | 'pin' // pincount of frames grew
  | 'unpin'
  | 'holder-add' // a device got a translation (reg_mr, buffer registration, O_DIRECT submit)
  | 'holder-remove'
  | 'invalidate' // a device translation was zapped (ODP MMU notifier)
  | 'divergence' // a device translation points to a pfn the process no longer maps at that address
  | 'orphan' // a pinned frame lost its mapping (truncate under a pin)

export interface ChangeRecord {
  kind: ChangeKind
  /** The process (map/unmap/cow/unshare/remap) or the holder's process. */
  pid?: number
  /** First virtual page and page count (process changes, divergence). */
  vpn?: number
  count: number
  /** Frames before and after (first of the range; consecutive when count > 1). */
  oldPfn?: number
  newPfn?: number
  /** Frame changes: the first pfn. */
  pfn?: number
  /** Pin changes: pincount before/after. */
  before?: number
  after?: number
  /** Holder changes. */
  holder?: string
  holderLabel?: string
}

interface Segment<A, B> {
  first: number
  count: number
  a: A | null
  aOff: number
  b: B | null
  bOff: number
}

/** Split two sorted run lists at each other's boundaries: the pieces where both are constant. */
function align<A extends { first: number; count: number }, B extends { first: number; count: number }>(as: readonly A[], bs: readonly B[]): Segment<A, B>[] {
  const cuts = new Set<number>()
  for (const r of as) cuts.add(r.first).add(r.first + r.count)
  for (const r of bs) cuts.add(r.first).add(r.first + r.count)
  const points = [...cuts].sort((x, y) => x - y)
  const out: Segment<A, B>[] = []
  let ia = 0
  let ib = 0
  for (let i = 0; i + 1 < points.length; i++) {
    const lo = points[i]!
    const hi = points[i + 1]!
    while (ia < as.length && as[ia]!.first + as[ia]!.count <= lo) ia++
    while (ib < bs.length && bs[ib]!.first + bs[ib]!.count <= lo) ib++
    const a = ia < as.length && as[ia]!.first <= lo ? as[ia]! : null
    const b = ib < bs.length && bs[ib]!.first <= lo ? bs[ib]! : null
    if (a === null && b === null) continue
    out.push({ first: lo, count: hi - lo, a, aOff: a ? lo - a.first : 0, b, bOff: b ? lo - b.first : 0 })
  }
  return out
}

function allPtes(p: ProcessView): PteRun[] {
  const out: PteRun[] = []
  for (const v of p.vmas) for (const r of v.ptes) out.push(r)
  return out
}

/** Appends `rec`, merging it into the previous record when it continues it page for page. */
function push(out: ChangeRecord[], rec: ChangeRecord): void {
  const last = out[out.length - 1]
  if (
    last &&
    last.kind === rec.kind &&
    last.pid === rec.pid &&
    last.holder === rec.holder &&
    last.vpn !== undefined &&
    rec.vpn !== undefined &&
    last.vpn + last.count === rec.vpn &&
    (last.oldPfn === undefined || last.oldPfn < 0 || rec.oldPfn === last.oldPfn + last.count) &&
    (last.newPfn === undefined || last.newPfn < 0 || rec.newPfn === last.newPfn + last.count)
  ) {
    last.count += rec.count
    return
  }
  out.push(rec)
}

/**
 * A copy that left the PTE read-only is an unshare (FAULT_FLAG_UNSHARE, 5.19+) when the VMA is
 * writable (a write fault there maps the copy writable) or the copy is pinned (a R/O pin in a
 * read-only VMA); otherwise it is a forced write COW into a read-only VMA (FOLL_FORCE, ptrace).
 */
function isUnshare(next: MemoryView, proc: ProcessView | null, vpn: number, newPfn: number): boolean {
  const vma = proc?.vmas.find((v) => vpn >= v.start / 4096 && vpn < v.end / 4096)
  if (vma && vma.flags.includes('VM_WRITE')) return true
  return (frameAt(next, newPfn)?.pincount ?? 0) > 0
}

/** No frame run of the view touches [min(x, y), max(x, y)]. */
function noFrameBetween(view: MemoryView, x: number, y: number): boolean {
  const lo = Math.min(x, y)
  const hi = Math.max(x, y)
  for (const r of view.frames) if (r.first <= hi && r.first + r.count - 1 >= lo) return false
  return true
}

/** Splits a segment of two PTE runs with steps into pieces where old/new pfn advance together. */
function pteChanges(out: ChangeRecord[], pid: number, prev: MemoryView, next: MemoryView, s: Segment<PteRun, PteRun>, proc: ProcessView | null): void {
  const a = s.a && s.a.present ? s.a : null
  const b = s.b && s.b.present ? s.b : null
  if (!a && !b) return
  // Same translation throughout: nothing changed for these pages.
  if (a && b && a.pfnStep === b.pfnStep && runPfn(a, s.aOff) === runPfn(b, s.bOff)) return
  for (let i = 0; i < s.count; i++) {
    const vpn = s.first + i
    const oldPfn = a ? runPfn(a, s.aOff + i) : -1
    const newPfn = b ? runPfn(b, s.bOff + i) : -1
    if (oldPfn === newPfn) continue
    if (oldPfn < 0) push(out, { kind: 'map', pid, vpn, count: 1, newPfn })
    else if (newPfn < 0) push(out, { kind: 'unmap', pid, vpn, count: 1, oldPfn })
    else {
      // The shared zero page is always in use, even when no shown process maps it any more.
      const old = frameAt(next, oldPfn)
      const stillUsed = frameAt(prev, oldPfn)?.zero === true || (old !== null && old.allocated && (old.zero || old.mapcount > 0))
      const kind: ChangeKind = !stillUsed ? 'remap' : b!.writable || !isUnshare(next, proc, vpn, newPfn) ? 'cow' : 'unshare'
      push(out, { kind, pid, vpn, count: 1, oldPfn, newPfn })
    }
    // Both sides advance frame by frame upwards (records say "consecutive") and every old frame
    // has the same facts (one frame run):
    // the whole segment is the same change, so a 1 GiB COW costs one step, not 262,144.
    if (i === 0 && s.count > 1 && a && b && a.pfnStep === 1 && b.pfnStep === 1 && oldPfn >= 0 && newPfn >= 0) {
      const lastOld = oldPfn + a.pfnStep * (s.count - 1)
      const run = findRun(next.frames, oldPfn)
      const uniform = run === null ? findRun(next.frames, lastOld) === null && noFrameBetween(next, oldPfn, lastOld) : run === findRun(next.frames, lastOld)
      if (uniform) {
        // The first page was pushed (or merged into the record before it): add the rest.
        out[out.length - 1]!.count += s.count - 1
        return
      }
    }
  }
}

/**
 * What changed between two views of the same machine, as records the UI can highlight and put
 * into words (`describeChange`). Pure; cost proportional to the runs of both views.
 */
export function diffMemoryViews(prev: MemoryView, next: MemoryView): ChangeRecord[] {
  const out: ChangeRecord[] = []
  // Process pages: map / unmap / cow / unshare / remap.
  const prevProcs = new Map(prev.processes.map((p) => [p.pid, p]))
  for (const p of next.processes) {
    const q = prevProcs.get(p.pid)
    const segs = align(q ? allPtes(q) : [], allPtes(p))
    for (const s of segs) pteChanges(out, p.pid, prev, next, s, p)
  }
  for (const q of prev.processes) {
    if (next.processes.some((p) => p.pid === q.pid)) continue
    for (const s of align(allPtes(q), [] as PteRun[])) pteChanges(out, q.pid, prev, next, s, null)
  }
  // Frames: pin / unpin / orphan.
  for (const s of align(prev.frames, next.frames)) {
    if (!s.a || !s.b) continue
    if (s.a.pincount !== s.b.pincount) {
      out.push({ kind: s.b.pincount > s.a.pincount ? 'pin' : 'unpin', pfn: s.first, count: s.count, before: s.a.pincount, after: s.b.pincount })
    }
    if (s.b.orphan && !s.a.orphan) out.push({ kind: 'orphan', pfn: s.first, count: s.count })
  }
  // Frames shown on one side only: a pinned frame that appeared, or one that went away pinned.
  for (const s of align(prev.frames, next.frames)) {
    if (s.a === null && s.b !== null && s.b.pincount > 0) out.push({ kind: 'pin', pfn: s.first, count: s.count, before: 0, after: s.b.pincount })
    if (s.b === null && s.a !== null && s.a.pincount > 0) out.push({ kind: 'unpin', pfn: s.first, count: s.count, before: s.a.pincount, after: 0 })
  }
  // Holders: add / remove / invalidate / divergence.
  const prevHolders = new Map(prev.holders.map((h) => [h.id, h]))
  for (const h of next.holders) {
    const g = prevHolders.get(h.id)
    if (!g) out.push({ kind: 'holder-add', holder: h.id, holderLabel: h.label, pid: h.pid, count: runPages(h.pages) })
    for (const s of align(g ? g.pages : [], h.pages)) {
      if (!s.b) continue
      const wasMapped = s.a !== null && s.a.pfn >= 0
      if (wasMapped && s.b.pfn < 0) {
        out.push({ kind: 'invalidate', holder: h.id, holderLabel: h.label, pid: h.pid, count: s.count, oldPfn: runPfn(s.a!, s.aOff), vpn: h.va >= 0 ? h.va / 4096 + s.first : undefined })
      }
      const wasDiverged = s.a !== null && s.a.agrees === false
      if (s.b.agrees === false && !wasDiverged) {
        out.push({
          kind: 'divergence', holder: h.id, holderLabel: h.label, pid: h.pid, count: s.count, pfn: runPfn(s.b, s.bOff),
          vpn: h.va >= 0 ? h.va / 4096 + s.first : undefined
        })
      }
    }
  }
  for (const g of prev.holders) {
    if (!next.holders.some((h) => h.id === g.id)) out.push({ kind: 'holder-remove', holder: g.id, holderLabel: g.label, pid: g.pid, count: runPages(g.pages) })
  }
  return out
}

const hexAddr = (vpn: number) => `0x${(vpn * 4096).toString(16)}`
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`

/** One sentence for a change record, for the picture's callouts and the screen-reader table. */
export function describeChange(c: ChangeRecord): string {
  const where = c.vpn !== undefined ? ` at ${hexAddr(c.vpn)}` : ''
  const pages = plural(c.count, 'page')
  switch (c.kind) {
    case 'map':
      return `Process ${c.pid} now maps ${pages}${where} (frame ${c.newPfn}).`
    case 'unmap':
      return `Process ${c.pid} no longer maps ${pages}${where} (frame ${c.oldPfn}).`
    case 'cow':
      return `Copy on write: process ${c.pid} got a private copy of ${pages}${where} (frame ${c.oldPfn} → ${c.newPfn}); the old frame is still shared.`
    case 'unshare':
      return `Unshare: a read-only pin copied ${pages}${where} of process ${c.pid} into frame ${c.newPfn}; the page stays read-only and the old frame ${c.oldPfn} stays shared.`
    case 'remap':
      return `Process ${c.pid} maps ${pages}${where} to another frame (${c.oldPfn} → ${c.newPfn}).`
    case 'pin':
      return `Frame ${c.pfn}${c.count > 1 ? ` and ${c.count - 1} more` : ''} pinned: pincount ${c.before} → ${c.after}.`
    case 'unpin':
      return `Frame ${c.pfn}${c.count > 1 ? ` and ${c.count - 1} more` : ''} unpinned: pincount ${c.before} → ${c.after}.`
    case 'holder-add':
      return `${c.holderLabel} now holds ${pages}.`
    case 'holder-remove':
      return `${c.holderLabel} released its ${pages}.`
    case 'invalidate':
      return `${c.holderLabel}: the device translation of ${pages}${where} was invalidated.`
    case 'divergence':
      return `${c.holderLabel} still points to frame ${c.pfn}, but process ${c.pid} no longer maps it${where}: the device and the CPU see different memory.`
    case 'orphan':
      return `Frame ${c.pfn}${c.count > 1 ? ` and ${c.count - 1} more` : ''} left the page cache but stays pinned: an orphan only the device can reach.`
  }
}
