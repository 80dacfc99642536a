/**
 * The memory picture as rows: one pure function turns a MemoryView (shared/view.ts), the changes
 * of the last step and the frames other panels highlight into the rows both the picture
 * (MemoryPicture.vue) and the table (MemoryTable.vue) draw, so the two always show the same facts.
 *
 * Rows are runs, never pages: a 262,144-page MR is one holder row saying "262,144 pages"; per-page
 * detail comes from the host on request (the store's `expand`). Cost is proportional to the runs
 * of the view, never to its pages.
 *
 * No DOM, no Vue: unit-testable and cheap to recompute on every step.
 */
import {
  findRun, runPfn, type ChangeKind, type ChangeRecord, type ExpandRange, type FrameFacts, type FrameRun, type HolderPageRun, type HolderView, type MemoryView,
  type PteRun
} from '../../../../shared/view'

export const PAGE_SIZE = 4096

/** At most this many "mapped by" entries are listed on one frame row (the zero page is mapped everywhere). */
export const MAX_MAPPERS_LISTED = 4

/* ------------------------------------------------------------------ words */

const grouped = new Intl.NumberFormat('en-US')

export function hex(n: number): string {
  return `0x${n.toString(16)}`
}

export function pagesText(count: number): string {
  return `${grouped.format(count)} page${count === 1 ? '' : 's'}`
}

/** Virtual addresses of `count` pages from `vpn`, end exclusive as /proc/PID/maps writes them. */
export function addressRange(vpn: number, count: number): string {
  return count === 1 ? hex(vpn * PAGE_SIZE) : `${hex(vpn * PAGE_SIZE)}–${hex((vpn + count) * PAGE_SIZE)}`
}

/** The frames a run translates to, in words: "pfn 0x64", "pfns 0x64–0x67", "pfn 0x0 (all 4 pages)". */
export function pfnText(run: { pfn: number; pfnStep: number; count: number }): string {
  if (run.pfn < 0) return 'no frame'
  if (run.count === 1) return `pfn ${hex(run.pfn)}`
  if (run.pfnStep === 0) return `pfn ${hex(run.pfn)} (all ${grouped.format(run.count)} pages)`
  return `pfns ${hex(run.pfn)}–${hex(runPfn(run, run.count - 1))}`
}

/** Lowest and highest pfn of a run with a translation. */
function pfnSpan(run: { pfn: number; pfnStep: number; count: number }): [number, number] {
  const last = runPfn(run, run.count - 1)
  return [Math.min(run.pfn, last), Math.max(run.pfn, last)]
}

/** Words a badge shows for each change kind, so the highlight is never colour alone. */
export const CHANGE_LABELS: Record<ChangeKind, string> = {
  map: 'mapped',
  unmap: 'unmapped',
  cow: 'copied on write',
  unshare: 'unshared',
  remap: 'remapped',
  pin: 'pinned',
  unpin: 'unpinned',
  'holder-add': 'new holder',
  'holder-remove': 'released',
  invalidate: 'invalidated',
  divergence: 'diverged',
  orphan: 'orphaned'
}

/* ------------------------------------------------------------------ change lookup */

interface RangeChange {
  lo: number
  hi: number
  kind: ChangeKind
}

/** The changes of one step, indexed by what each touches: process pages, frames, holder pages. */
export interface ChangeIndex {
  pages: Map<number, RangeChange[]>
  frames: RangeChange[]
  /** Holder id → page-index ranges (lo -1 … hi MAX for the whole holder). */
  holders: Map<string, RangeChange[]>
}

function add<K>(map: Map<K, RangeChange[]>, key: K, change: RangeChange): void {
  const list = map.get(key)
  if (list) list.push(change)
  else map.set(key, [change])
}

/**
 * Which pages, frames and holder pages each change touches. A COW, an unshare, a map and a remap
 * mark the new frame (the copy is what the learner should look at); an unmap and an invalidation
 * the old one; divergence both the process's page and the frame the device still reaches.
 */
export function indexChanges(changes: readonly ChangeRecord[], view: MemoryView): ChangeIndex {
  const index: ChangeIndex = { pages: new Map(), frames: [], holders: new Map() }
  const holders = new Map(view.holders.map((h) => [h.id, h]))
  for (const c of changes) {
    const n = Math.max(1, c.count)
    if (c.pid !== undefined && c.vpn !== undefined && c.kind !== 'invalidate') add(index.pages, c.pid, { lo: c.vpn, hi: c.vpn + n - 1, kind: c.kind })
    const framePfn =
      c.kind === 'cow' || c.kind === 'unshare' || c.kind === 'map' || c.kind === 'remap'
        ? c.newPfn
        : c.kind === 'unmap' || c.kind === 'invalidate'
          ? c.oldPfn
          : c.pfn
    if (framePfn !== undefined && framePfn >= 0) index.frames.push({ lo: framePfn, hi: framePfn + n - 1, kind: c.kind })
    if (c.holder !== undefined) {
      const h = holders.get(c.holder)
      const whole = c.kind === 'holder-add' || c.vpn === undefined || !h || h.va < 0
      const lo = whole ? -1 : c.vpn! - h.va / PAGE_SIZE
      add(index.holders, c.holder, { lo, hi: whole ? Number.MAX_SAFE_INTEGER : lo + n - 1, kind: c.kind })
    }
  }
  return index
}

function kindsIn(ranges: readonly RangeChange[] | undefined, lo: number, hi: number): ChangeKind[] {
  if (!ranges) return []
  const out: ChangeKind[] = []
  for (const r of ranges) if (r.lo <= hi && r.hi >= lo && !out.includes(r.kind)) out.push(r.kind)
  return out
}

/** Does any pfn of `highlight` fall in [lo, hi]? */
function touches(highlight: ReadonlySet<number>, lo: number, hi: number): boolean {
  if (lo < 0 || highlight.size === 0) return false
  if (hi - lo + 1 < highlight.size) {
    for (let p = lo; p <= hi; p++) if (highlight.has(p)) return true
    return false
  }
  for (const p of highlight) if (p >= lo && p <= hi) return true
  return false
}

/* ------------------------------------------------------------------ rows */

export interface PteRowModel {
  key: string
  pid: number
  /** First virtual page and page count. */
  first: number
  count: number
  address: string
  pages: string
  /** present / writable or read-only / dirty / special, or "not present". */
  bits: string[]
  present: boolean
  target: string
  /** The facts of the frames it maps when one frame run covers them, e.g. "refcount 2 · mapcount 2 · pincount 0". */
  frameFacts: string | null
  changes: ChangeKind[]
  highlighted: boolean
  /** The range to ask the host about for per-page rows; null for one page or an unpopulated run. */
  expand: ExpandRange | null
}

export interface VmaModel {
  key: string
  range: string
  perms: string
  flags: string[]
  name: string
  pages: string
  rows: PteRowModel[]
}

export interface ProcessModel {
  pid: number
  title: string
  detail: string
  vmas: VmaModel[]
}

export interface FrameRowModel {
  key: string
  first: number
  count: number
  target: string
  pages: string
  refcount: number
  mapcount: number
  pincount: number
  gets: number
  badges: string[]
  /** "page cache: /tmp/f, index 3" or null. */
  cache: string | null
  mappedBy: string[]
  heldBy: string[]
  changes: ChangeKind[]
  highlighted: boolean
}

export interface HolderRowModel {
  key: string
  holderId: string
  first: number
  count: number
  /** "page 0", "pages 0–3" within the holder. */
  pages: string
  address: string | null
  target: string
  agrees: boolean | null
  /** The divergence in words (agrees === false), else null. */
  divergence: string | null
  changes: ChangeKind[]
  highlighted: boolean
  /** The process range behind a run of several translated pages, to compare page by page; else null. */
  expand: ExpandRange | null
  /** The run itself, for per-page rows (holderPageRowsOf). */
  run: HolderPageRun
  /** The holder's start address (-1 when it has none). */
  va: number
}

export interface HolderModel {
  id: string
  kind: HolderView['kind']
  label: string
  facts: string[]
  pages: string
  changes: ChangeKind[]
  rows: HolderRowModel[]
}

export interface PictureModel {
  kernel: string
  truncated: boolean
  processes: ProcessModel[]
  frames: FrameRowModel[]
  holders: HolderModel[]
}

export interface PictureOptions {
  changes?: readonly ChangeRecord[]
  /** pfns another panel (the timeline) asked to highlight. */
  highlight?: ReadonlySet<number>
  /** Show only this process, the frames it maps and the holders made from its addresses. */
  pid?: number | null
}

export function pteBits(run: { present: boolean; writable: boolean; dirty: boolean; special: boolean }): string[] {
  if (!run.present) return ['not present']
  const bits = ['present', run.writable ? 'writable' : 'read-only']
  if (run.dirty) bits.push('dirty')
  if (run.special) bits.push('special')
  return bits
}

/** The flags of a frame run a learner reads as badges (the counts are columns of their own). */
export function frameBadges(f: FrameFacts): string[] {
  const out: string[] = []
  if (!f.allocated) out.push('free')
  if (f.zero) out.push('zero page')
  if (f.kernel) out.push('kernel page')
  if (f.anon) out.push(f.anonExclusive ? 'anon-exclusive' : 'anon shared')
  if (f.dirty) out.push('dirty')
  if (f.maybeDmaPinned) out.push('maybe DMA-pinned')
  if (f.orphan) out.push('orphan')
  out.push(`${f.zone}/${f.migratetype}`)
  return out
}

function countsText(f: { refcount: number; mapcount: number; pincount: number; gets: number }): string {
  const parts = [`refcount ${f.refcount}`, `mapcount ${f.mapcount}`, `pincount ${f.pincount}`]
  if (f.gets > 0) parts.push(`gets ${f.gets}`)
  return parts.join(' · ')
}

/** Frame runs overlapping [lo, hi], by ascending pfn. */
function framesIn(frames: readonly FrameRun[], lo: number, hi: number): FrameRun[] {
  let a = 0
  let b = frames.length
  while (a < b) {
    const mid = (a + b) >> 1
    if (frames[mid]!.first + frames[mid]!.count - 1 < lo) a = mid + 1
    else b = mid
  }
  const out: FrameRun[] = []
  for (let i = a; i < frames.length && frames[i]!.first <= hi; i++) out.push(frames[i]!)
  return out
}

function cacheText(f: FrameRun): string | null {
  if (f.cache === null) return f.orphan ? 'orphan: left the page cache, still referenced' : null
  const index = f.count === 1 ? `index ${f.cacheIndex}` : `indexes ${f.cacheIndex}–${f.cacheIndex + f.count - 1}`
  return `page cache: ${f.cache}, ${index}`
}

/**
 * A holder run that disagrees with its process, in words: what the device reads and what the
 * process maps at the same address now.
 */
export function divergenceText(view: MemoryView, h: HolderView, run: HolderPageRun): string {
  const vpn = h.va / PAGE_SIZE + run.first
  const where = addressRange(vpn, run.count)
  const proc = view.processes.find((p) => p.pid === h.pid)
  let now: string
  if (!proc) now = `pid ${h.pid} is no longer in the picture`
  else {
    const vma = proc.vmas.find((v) => vpn >= v.start / PAGE_SIZE && vpn < v.end / PAGE_SIZE)
    const pte = vma ? findRun(vma.ptes, vpn) : null
    now =
      pte && pte.present
        ? `pid ${h.pid} now maps ${pfnText({ ...pte, pfn: runPfn(pte, vpn - pte.first), count: Math.min(run.count, pte.first + pte.count - vpn) })} there`
        : `pid ${h.pid} maps nothing there now`
  }
  return `${h.label} still reads ${pfnText(run)} at ${where}, but ${now}: the device and the CPU see different memory.`
}

function holderFacts(h: HolderView): string[] {
  const out: string[] = []
  if (h.device) out.push(`device ${h.device}`)
  if (h.lkey !== undefined) out.push(`lkey ${hex(h.lkey)}`)
  if (h.rkey !== undefined) out.push(`rkey ${hex(h.rkey)}`)
  if (h.dir) out.push(h.dir === 'read' ? 'device writes memory (read)' : 'device reads memory (write)')
  out.push(h.onDemand ? 'on demand (ODP)' : h.pinned ? 'FOLL_PIN' : 'FOLL_GET')
  if (h.pid >= 0) out.push(`pid ${h.pid}`)
  if (h.va >= 0) out.push(`from ${hex(h.va)}`)
  return out
}

function pteRow(view: MemoryView, pid: number, r: PteRun, index: ChangeIndex, highlight: ReadonlySet<number>): PteRowModel {
  const [lo, hi] = r.present ? pfnSpan(r) : [-1, -1]
  const covering = r.present ? framesIn(view.frames, lo, hi) : []
  const one = covering.length === 1 && covering[0]!.first <= lo && covering[0]!.first + covering[0]!.count - 1 >= hi ? covering[0]! : null
  return {
    key: `${pid}:${r.first}`,
    pid,
    first: r.first,
    count: r.count,
    address: addressRange(r.first, r.count),
    pages: pagesText(r.count),
    bits: pteBits(r),
    present: r.present,
    target: pfnText(r),
    frameFacts: one ? countsText(one) : covering.length > 1 ? `${covering.length} frame runs (see Frames)` : null,
    changes: kindsIn(index.pages.get(pid), r.first, r.first + r.count - 1),
    highlighted: r.present && touches(highlight, lo, hi),
    expand: r.present && r.count > 1 ? { pid, start: r.first * PAGE_SIZE, end: (r.first + r.count) * PAGE_SIZE } : null
  }
}

/** Builds every row of the picture. Rows are in the view's order: processes by pid, frames by pfn. */
export function buildPictureModel(view: MemoryView, options: PictureOptions = {}): PictureModel {
  const index = indexChanges(options.changes ?? [], view)
  const highlight = options.highlight ?? new Set<number>()
  const only = options.pid ?? null
  const shownProcs = only === null ? view.processes : view.processes.filter((p) => p.pid === only)
  const shownHolders = only === null ? view.holders : view.holders.filter((h) => h.pid === only || h.pid < 0)

  // frame run → who maps it, from every shown process's PTE runs.
  const mappers = new Map<FrameRun, string[]>()
  const mapperCount = new Map<FrameRun, number>()
  for (const p of shownProcs) {
    for (const v of p.vmas) {
      for (const r of v.ptes) {
        if (!r.present) continue
        const [lo, hi] = pfnSpan(r)
        for (const f of framesIn(view.frames, lo, hi)) {
          const n = (mapperCount.get(f) ?? 0) + 1
          mapperCount.set(f, n)
          if (n > MAX_MAPPERS_LISTED) continue
          const pfn = Math.max(lo, f.first)
          const vpn = r.pfnStep === 0 ? r.first : r.pfnStep === 1 ? r.first + (pfn - r.pfn) : r.first + (r.pfn - Math.min(hi, f.first + f.count - 1))
          const list = mappers.get(f) ?? []
          list.push(`pid ${p.pid} at ${hex(vpn * PAGE_SIZE)}`)
          mappers.set(f, list)
        }
      }
    }
  }
  const shownHolderIds = new Set(shownHolders.map((h) => h.id))
  const labels = new Map(view.holders.map((h) => [h.id, h.label]))
  const frames = only === null ? view.frames : view.frames.filter((f) => mapperCount.has(f) || f.holders.some((id) => shownHolderIds.has(id)))

  return {
    kernel: view.kernel,
    truncated: view.truncated,
    processes: shownProcs.map((p) => ({
      pid: p.pid,
      title: `pid ${p.pid} · ${p.comm}`,
      detail: [`uid ${p.uid}`, p.mm === null ? 'no memory' : `mm ${p.mm}`, ...(p.exited ? ['exited'] : [])].join(' · '),
      vmas: p.vmas.map((v) => ({
        key: `${p.pid}:${v.start}`,
        range: `${hex(v.start)}–${hex(v.end)}`,
        perms: v.perms,
        flags: v.flags,
        name: v.name,
        pages: pagesText((v.end - v.start) / PAGE_SIZE),
        rows: v.ptes.map((r) => pteRow(view, p.pid, r, index, highlight))
      }))
    })),
    frames: frames.map((f) => {
      const n = mapperCount.get(f) ?? 0
      const mappedBy = mappers.get(f) ?? []
      if (n > mappedBy.length) mappedBy.push(`and ${n - mappedBy.length} more`)
      return {
        key: `f${f.first}`,
        first: f.first,
        count: f.count,
        target: pfnText({ pfn: f.first, pfnStep: 1, count: f.count }),
        pages: pagesText(f.count),
        refcount: f.refcount,
        mapcount: f.mapcount,
        pincount: f.pincount,
        gets: f.gets,
        badges: frameBadges(f),
        cache: cacheText(f),
        mappedBy,
        heldBy: f.holders.map((id) => labels.get(id) ?? id),
        changes: kindsIn(index.frames, f.first, f.first + f.count - 1),
        highlighted: touches(highlight, f.first, f.first + f.count - 1)
      }
    }),
    holders: shownHolders.map((h) => {
      const ranges = index.holders.get(h.id)
      return {
        id: h.id,
        kind: h.kind,
        label: h.label,
        facts: holderFacts(h),
        pages: pagesText(h.pages.reduce((n, r) => n + r.count, 0)),
        changes: kindsIn(ranges, -1, -1),
        rows: h.pages.map((r) => {
          const [lo, hi] = r.pfn >= 0 ? pfnSpan(r) : [-1, -1]
          return {
            key: `${h.id}:${r.first}`,
            holderId: h.id,
            first: r.first,
            count: r.count,
            pages: r.count === 1 ? `page ${r.first}` : `pages ${grouped.format(r.first)}–${grouped.format(r.first + r.count - 1)}`,
            address: h.va >= 0 ? addressRange(h.va / PAGE_SIZE + r.first, r.count) : null,
            target: r.pfn < 0 ? 'no translation' : pfnText(r),
            agrees: r.agrees,
            divergence: r.agrees === false ? divergenceText(view, h, r) : null,
            changes: kindsIn(ranges, r.first, r.first + r.count - 1),
            highlighted: touches(highlight, lo, hi),
            expand:
              h.va >= 0 && h.pid > 0 && r.pfn >= 0 && r.count > 1
                ? { pid: h.pid, start: h.va + r.first * PAGE_SIZE, end: h.va + (r.first + r.count) * PAGE_SIZE }
                : null,
            run: r,
            va: h.va
          }
        })
      }
    })
  }
}

/* ------------------------------------------------------------------ per-page detail */

export interface PageRowModel {
  key: string
  vpn: number
  /** -1 when not present. */
  pfn: number
  address: string
  bits: string[]
  target: string
  frameFacts: string | null
  badges: string[]
  highlighted: boolean
}

/**
 * Per-page rows of one process range from the host's `expand` answer (a view whose runs are one
 * page each), in address order.
 */
export function pageRowsOf(view: MemoryView, pid: number, start: number, end: number, highlight: ReadonlySet<number> = new Set()): PageRowModel[] {
  const proc = view.processes.find((p) => p.pid === pid)
  if (!proc) return []
  const out: PageRowModel[] = []
  for (const v of proc.vmas) {
    for (const r of v.ptes) {
      for (let i = 0; i < r.count; i++) {
        const vpn = r.first + i
        if (vpn * PAGE_SIZE < start || vpn * PAGE_SIZE >= end) continue
        const pfn = r.present ? runPfn(r, i) : -1
        const frame = pfn >= 0 ? findRun(view.frames, pfn) : null
        out.push({
          key: `${pid}:${vpn}`,
          vpn,
          pfn,
          address: hex(vpn * PAGE_SIZE),
          bits: pteBits(r),
          target: pfn >= 0 ? `pfn ${hex(pfn)}` : 'no frame',
          frameFacts: frame ? countsText(frame) : null,
          badges: frame ? frameBadges(frame) : [],
          highlighted: pfn >= 0 && highlight.has(pfn)
        })
      }
    }
  }
  return out.sort((a, b) => a.vpn - b.vpn)
}

export interface HolderPageRowModel {
  key: string
  /** Page index within the holder. */
  index: number
  address: string
  /** What the device reads. */
  device: string
  /** What the process maps at the same address now. */
  process: string
  agrees: boolean
  highlighted: boolean
}

/**
 * Per-page rows of one holder run next to what the process maps at each address, from the host's
 * `expand` answers (one view per loaded chunk) for the process range behind the run
 * (`HolderRowModel.expand`). Only pages of [start, end) — what has been loaded so far — are listed.
 */
export function holderPageRowsOf(
  views: readonly MemoryView[], row: Pick<HolderRowModel, 'run' | 'va' | 'holderId'>, pid: number, start: number, end: number,
  highlight: ReadonlySet<number> = new Set()
): HolderPageRowModel[] {
  const procPfn = new Map<number, number>()
  for (const view of views) for (const p of pageRowsOf(view, pid, start, end)) procPfn.set(p.vpn, p.pfn)
  const out: HolderPageRowModel[] = []
  const base = row.va / PAGE_SIZE
  for (let i = 0; i < row.run.count; i++) {
    const vpn = base + row.run.first + i
    if (vpn * PAGE_SIZE < start || vpn * PAGE_SIZE >= end) continue
    const devicePfn = runPfn(row.run, i)
    const mapped = procPfn.get(vpn) ?? -1
    out.push({
      key: `${row.holderId}:${row.run.first + i}`,
      index: row.run.first + i,
      address: hex(vpn * PAGE_SIZE),
      device: devicePfn < 0 ? 'no translation' : `pfn ${hex(devicePfn)}`,
      process: mapped < 0 ? 'nothing mapped' : `pfn ${hex(mapped)}`,
      agrees: devicePfn >= 0 && devicePfn === mapped,
      highlighted: devicePfn >= 0 && highlight.has(devicePfn)
    })
  }
  return out
}

/* ------------------------------------------------------------------ text export */

const tsvCell = (s: string | number) => String(s).replace(/[\t\n\r]+/g, ' ')
const tsvLine = (cells: Array<string | number>) => cells.map(tsvCell).join('\t')

/**
 * The whole picture (every row, not only the ones on screen) as tab-separated text: one block per
 * table with its title line and header row, blocks separated by a blank line.
 */
export function pictureToTsv(model: PictureModel): string {
  const changes = (c: ChangeKind[]) => c.map((k) => CHANGE_LABELS[k]).join(', ')
  const blocks: string[][] = []
  blocks.push([
    `Page table entries (Linux ${model.kernel})${model.truncated ? ' — truncated' : ''}`,
    tsvLine(['Process', 'VMA', 'Addresses', 'Pages', 'PTE', 'Frames', 'Frame counts', 'Changed']),
    ...model.processes.flatMap((p) =>
      p.vmas.flatMap((v) =>
        v.rows.map((r) => tsvLine([p.title, `${v.range} ${v.perms} ${v.name}`, r.address, r.count, r.bits.join(' '), r.target, r.frameFacts ?? '', changes(r.changes)]))
      )
    )
  ])
  blocks.push([
    'Physical frames',
    tsvLine(['Frames', 'Pages', 'refcount', 'mapcount', 'pincount', 'gets', 'Facts', 'Page cache', 'Mapped by', 'Held by', 'Changed']),
    ...model.frames.map((f) =>
      tsvLine([f.target, f.count, f.refcount, f.mapcount, f.pincount, f.gets, f.badges.join(', '), f.cache ?? '', f.mappedBy.join('; '), f.heldBy.join('; '), changes(f.changes)])
    )
  ])
  blocks.push([
    'Holders',
    tsvLine(['Holder', 'Facts', 'Pages', 'Addresses', 'Frames', 'Agrees with the process', 'Changed']),
    ...model.holders.flatMap((h) =>
      h.rows.map((r) =>
        tsvLine([h.label, h.facts.join(', '), r.pages, r.address ?? '', r.target, r.agrees === null ? 'n/a' : r.agrees ? 'yes' : `no: ${r.divergence}`, changes([...h.changes, ...r.changes])])
      )
    )
  ])
  return blocks.map((b) => b.join('\n')).join('\n\n') + '\n'
}
