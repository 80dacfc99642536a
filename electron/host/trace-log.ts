import type { TimelineCategory, TimelineEvent, TimelinePage } from '../../shared/timeline'
import type { TraceEvent, TracePayload } from '../kernel/kernel/trace'
import * as mm from '../kernel/include/linux/mm'
import { signalName } from '../userland/os/signals'

/** Events a session's log keeps before it forgets the oldest. */
export const DEFAULT_TRACE_LOG_CAPACITY = 20_000

/** Frames one timeline event lists at most (the memory picture highlights them). */
export const MAX_EVENT_PFNS = 64

/** Events one `trace.events` page holds when the request does not say. */
export const DEFAULT_TRACE_PAGE_LIMIT = 500

/** What a machine offers the log: the kernel's trace stream (Kernel.subscribe). */
export interface TraceSource {
  subscribe(fn: (event: TraceEvent) => void): () => void
}

export interface TraceQuery {
  categories?: readonly TimelineCategory[]
  step?: number
  afterId?: number
  limit?: number
}

/**
 * One remembered event: the kernel's own object (summaries are built only when asked), its
 * frame list cut to MAX_EVENT_PFNS so that a ring of big registrations stays small.
 */
interface Entry {
  id: number
  step: number
  category: TimelineCategory
  event: TraceEvent
  /** How many frames the event listed before the cut (set only when it was cut). */
  pfnCount?: number
}

/**
 * The event timeline of one session: every kernel trace event of the session's machine, kept in
 * a bounded ring, each tagged with a session-dense id and the history step that was running.
 *
 * The kernel builds trace events only while someone is subscribed, so the log costs one small
 * object per event; sentences and frame lists are built at query time, for the events asked
 * for. When the session replaces its machine (reboot, restore) it calls `attach` again: the
 * ids continue, so a renderer that asks `afterId` never sees an id twice.
 */
export class TraceLog {
  private readonly _ring: Array<Entry | undefined>
  /** Index in `_ring` of the oldest entry. */
  private _head = 0
  private _size = 0
  private _nextId = 1
  private _step = -1
  private _dropped = 0
  private _unsubscribe: (() => void) | null = null

  constructor(readonly capacity: number = DEFAULT_TRACE_LOG_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('A trace log holds at least one event.')
    this._ring = new Array<Entry | undefined>(capacity)
  }

  /** Listens to `source` from now on (and stops listening to the previous machine). */
  attach(source: TraceSource): void {
    this.detach()
    this._unsubscribe = source.subscribe((event) => this._record(event))
  }

  /** Stops listening; the kernel stops building trace events when nobody listens. */
  detach(): void {
    this._unsubscribe?.()
    this._unsubscribe = null
  }

  get attached(): boolean {
    return this._unsubscribe !== null
  }

  /**
   * The history step whose run emits the events from now on; -1 when the machine is idle. The
   * history keeper calls it when a step starts and when it ends.
   */
  setStep(step: number): void {
    this._step = Number.isInteger(step) && step >= -1 ? step : -1
  }

  get step(): number {
    return this._step
  }

  /** Events forgotten because the ring was full (plus those removed by `clear`). */
  get dropped(): number {
    return this._dropped
  }

  get size(): number {
    return this._size
  }

  /**
   * Forgets every event (a restore replays steps whose events the learner already saw). Ids keep
   * increasing; the forgotten events count as dropped.
   */
  clear(): void {
    this._dropped += this._size
    this._ring.fill(undefined)
    this._head = 0
    this._size = 0
  }

  /**
   * The events matching every given filter, oldest first; when more than `limit` match, the
   * newest `limit` of them (`total` counts all matches).
   */
  query(q: TraceQuery = {}): TimelinePage {
    const limit = Math.max(0, Math.min(q.limit ?? DEFAULT_TRACE_PAGE_LIMIT, this.capacity))
    const categories = q.categories && q.categories.length > 0 ? new Set(q.categories) : null
    const afterId = q.afterId ?? 0
    const matches: Entry[] = []
    let total = 0
    // Newest first, so only the returned entries are kept; ids increase along the ring.
    for (let i = this._size - 1; i >= 0; i--) {
      const entry = this._ring[(this._head + i) % this.capacity]!
      if (entry.id <= afterId) break
      if (q.step !== undefined && entry.step !== q.step) continue
      if (categories && !categories.has(entry.category)) continue
      total++
      if (matches.length < limit) matches.push(entry)
    }
    matches.reverse()
    return { events: matches.map(toTimelineEvent), total, dropped: this._dropped }
  }

  dispose(): void {
    this.detach()
  }

  private _record(event: TraceEvent): void {
    const entry: Entry = { id: this._nextId++, step: this._step, category: timelineCategory(event), event }
    if ('pfns' in event && event.pfns && event.pfns.length > MAX_EVENT_PFNS) {
      entry.pfnCount = event.pfns.length
      entry.event = { ...event, pfns: event.pfns.slice(0, MAX_EVENT_PFNS) } as TraceEvent
    }
    if (this._size < this.capacity) {
      this._ring[(this._head + this._size) % this.capacity] = entry
      this._size++
    } else {
      this._ring[this._head] = entry
      this._head = (this._head + 1) % this.capacity
      this._dropped++
    }
  }
}

function toTimelineEvent(entry: Entry): TimelineEvent {
  const { event } = entry
  const out: TimelineEvent = {
    id: entry.id,
    step: entry.step,
    time: event.time,
    pid: event.pid,
    category: entry.category,
    type: event.type,
    summary: summarizeTraceEvent(event, entry.pfnCount),
    pfns: tracePfns(event)
  }
  const addr = traceAddress(event)
  if (addr !== undefined) out.addr = addr
  return out
}

/**
 * The timeline group of a trace event. Exhaustive over TracePayload: a new trace type fails to
 * compile here until it is given a group.
 */
export function timelineCategory(p: TracePayload): TimelineCategory {
  switch (p.type) {
    case 'fault':
    case 'anon_page':
    case 'zero_page_map':
    case 'file_page_map':
    case 'fault_batch':
      return 'fault'
    case 'cow':
    case 'reuse':
      return 'cow'
    case 'gup':
    case 'pin':
    case 'unpin':
    case 'put_page':
    case 'ib_umem':
    case 'migrate':
      return 'gup'
    case 'fork':
    case 'exit':
    case 'signal':
      return 'fork'
    case 'dma_read':
    case 'dma_write':
    case 'ib_dma':
    case 'dio_submit':
    case 'dio_complete':
    case 'io_uring':
    case 'ib_mr':
    case 'ib_qp':
    case 'ib_wc':
    case 'ib_post':
    case 'ib_obj':
    case 'pipe_buf':
      return 'dma'
    case 'mmu_notifier_invalidate':
    case 'ib_odp':
    case 'zap':
    case 'wrprotect':
      return 'notifier'
    case 'pagecache':
    case 'writeback':
    case 'page_mkclean':
    case 'invalidate':
    case 'buffers':
      return 'file'
    case 'oops':
    case 'warn':
      return 'oops'
    case 'syscall':
    case 'preempt':
    case 'resume':
      return 'other'
    default:
      return assertNever(p)
  }
}

function assertNever(p: never): never {
  throw new Error(`unknown trace event ${JSON.stringify(p)}`)
}

const hex = (n: number): string => `0x${n.toString(16)}`

const FOLL_NAMES: Array<[number, string]> = [
  [mm.FOLL_WRITE, 'FOLL_WRITE'],
  [mm.FOLL_GET, 'FOLL_GET'],
  [mm.FOLL_DUMP, 'FOLL_DUMP'],
  [mm.FOLL_FORCE, 'FOLL_FORCE'],
  [mm.FOLL_NOWAIT, 'FOLL_NOWAIT'],
  [mm.FOLL_NOFAULT, 'FOLL_NOFAULT'],
  [mm.FOLL_HWPOISON, 'FOLL_HWPOISON'],
  [mm.FOLL_ANON, 'FOLL_ANON'],
  [mm.FOLL_LONGTERM, 'FOLL_LONGTERM'],
  [mm.FOLL_SPLIT_PMD, 'FOLL_SPLIT_PMD'],
  [mm.FOLL_PCI_P2PDMA, 'FOLL_PCI_P2PDMA'],
  [mm.FOLL_INTERRUPTIBLE, 'FOLL_INTERRUPTIBLE'],
  [mm.FOLL_HONOR_NUMA_FAULT, 'FOLL_HONOR_NUMA_FAULT'],
  [mm.FOLL_TOUCH, 'FOLL_TOUCH'],
  [mm.FOLL_TRIED, 'FOLL_TRIED'],
  [mm.FOLL_REMOTE, 'FOLL_REMOTE'],
  [mm.FOLL_PIN, 'FOLL_PIN'],
  [mm.FOLL_FAST_ONLY, 'FOLL_FAST_ONLY'],
  [mm.FOLL_UNLOCKABLE, 'FOLL_UNLOCKABLE'],
  [mm.FOLL_MADV_POPULATE, 'FOLL_MADV_POPULATE'],
  [mm.FOLL_COW, 'FOLL_COW']
]

const FAULT_FLAG_NAMES: Array<[number, string]> = [
  [mm.FAULT_FLAG_WRITE, 'WRITE'],
  [mm.FAULT_FLAG_MKWRITE, 'MKWRITE'],
  [mm.FAULT_FLAG_ALLOW_RETRY, 'ALLOW_RETRY'],
  [mm.FAULT_FLAG_RETRY_NOWAIT, 'RETRY_NOWAIT'],
  [mm.FAULT_FLAG_KILLABLE, 'KILLABLE'],
  [mm.FAULT_FLAG_TRIED, 'TRIED'],
  [mm.FAULT_FLAG_USER, 'USER'],
  [mm.FAULT_FLAG_REMOTE, 'REMOTE'],
  [mm.FAULT_FLAG_INSTRUCTION, 'INSTRUCTION'],
  [mm.FAULT_FLAG_INTERRUPTIBLE, 'INTERRUPTIBLE'],
  [mm.FAULT_FLAG_UNSHARE, 'UNSHARE']
]

const VM_FAULT_NAMES: Array<[number, string]> = [
  [mm.VM_FAULT_OOM, 'OOM'],
  [mm.VM_FAULT_SIGBUS, 'SIGBUS'],
  [mm.VM_FAULT_MAJOR, 'MAJOR'],
  [mm.VM_FAULT_WRITE, 'WRITE'],
  [mm.VM_FAULT_HWPOISON, 'HWPOISON'],
  [mm.VM_FAULT_SIGSEGV, 'SIGSEGV'],
  [mm.VM_FAULT_NOPAGE, 'NOPAGE'],
  [mm.VM_FAULT_LOCKED, 'LOCKED'],
  [mm.VM_FAULT_RETRY, 'RETRY']
]

function decodeFlags(value: number, names: Array<[number, string]>, prefix = ''): string {
  const parts: string[] = []
  let rest = value >>> 0
  for (const [bit, name] of names) {
    if (rest & bit) {
      parts.push(prefix + name)
      rest &= ~bit >>> 0
    }
  }
  if (rest) parts.push(hex(rest))
  return parts.length ? parts.join('|') : '0'
}

/** FOLL_* flags by name, e.g. `FOLL_WRITE|FOLL_PIN|FOLL_LONGTERM`; unknown bits in hex. */
export function follFlagNames(flags: number): string {
  return decodeFlags(flags, FOLL_NAMES)
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

function pfnList(pfns: readonly number[], count = pfns.length): string {
  if (count === 0) return 'no frames'
  if (count <= 3) return `pfn ${pfns.map(hex).join(', ')}`
  return `${count} frames from pfn ${hex(pfns[0]!)}`
}

function range(start: number, end: number): string {
  return `${hex(start)}–${hex(end)}`
}

function errno(ret: number): string {
  return ret < 0 ? `error ${ret}` : String(ret)
}

/**
 * One sentence saying what the event was, addresses in hex and flags by name. `pfnCount` is the
 * length of the event's frame list when the list given was cut short.
 */
export function summarizeTraceEvent(p: TracePayload, pfnCount?: number): string {
  const frames = (pfns: readonly number[]): number => pfnCount ?? pfns.length
  switch (p.type) {
    case 'fault': {
      const kind = p.flags & mm.FAULT_FLAG_UNSHARE ? 'unshare' : p.flags & mm.FAULT_FLAG_WRITE ? 'write' : 'read'
      const result = p.ret === 0 ? 'handled' : `returned ${decodeFlags(p.ret, VM_FAULT_NAMES, 'VM_FAULT_')}`
      return `${kind} fault at ${hex(p.addr)} (${decodeFlags(p.flags, FAULT_FLAG_NAMES, 'FAULT_FLAG_')}) ${result}`
    }
    case 'anon_page':
      return `new anonymous page pfn ${hex(p.pfn)} mapped at ${hex(p.addr)}`
    case 'zero_page_map':
      return `read fault at ${hex(p.addr)} mapped the shared zero page`
    case 'file_page_map':
      return `file page ${p.index} of mapping ${p.mapping} (pfn ${hex(p.pfn)}) mapped at ${hex(p.addr)} ${p.write ? 'writable' : 'read-only'}`
    case 'fault_batch': {
      const counts = Object.entries(p.counts)
        .map(([type, n]) => `${n} ${type}`)
        .join(', ')
      return `${p.op} over ${range(p.start, p.end)}: ${counts || 'no page events'}`
    }
    case 'cow':
      return `${p.unshare ? 'unshare' : 'write fault'} at ${hex(p.addr)} copied pfn ${hex(p.oldPfn)} to ${hex(p.newPfn)} (COW)`
    case 'reuse':
      return `${p.unshare ? 'unshare' : 'write fault'} at ${hex(p.addr)} reused pfn ${hex(p.pfn)} in place (${p.rule} rule, no copy)`
    case 'gup':
      return `${p.api}(${hex(p.start)}, ${plural(p.nr, 'page')}, ${follFlagNames(p.gupFlags)}) returned ${errno(p.ret)}`
    case 'pin':
      return `pinned ${plural(frames(p.pfns), 'page')} with FOLL_PIN${p.longterm ? '|FOLL_LONGTERM' : ''}: ${pfnList(p.pfns, frames(p.pfns))}`
    case 'unpin':
      return `unpinned ${plural(frames(p.pfns), 'page')}${p.dirty ? ' and marked them dirty' : ''}: ${pfnList(p.pfns, frames(p.pfns))}`
    case 'put_page':
      return `dropped ${plural(frames(p.pfns), 'page reference')} (put_page): ${pfnList(p.pfns, frames(p.pfns))}`
    case 'fork':
      return p.ret < 0
        ? `fork failed with error ${p.ret}`
        : `fork created pid ${p.child}: ${plural(p.copied, 'page')} copied, ${plural(p.shared, 'page')} shared copy-on-write`
    case 'exit':
      return `process exited with code ${p.code}`
    case 'signal': {
      const name = signalName(p.signo) ?? `signal ${p.signo}`
      return `${name} delivered (code ${p.code})${p.addr ? ` for address ${hex(p.addr)}` : ''}`
    }
    case 'syscall':
      return `${p.name}(${p.args.map(hex).join(', ')}) = ${errno(p.ret)}`
    case 'mmu_notifier_invalidate':
      return `mmu notifier invalidate (${p.event}) of ${range(p.start, p.end)} in mm ${p.mm}`
    case 'migrate':
      return p.ok
        ? `migrated pfn ${hex(p.oldPfn)} to ${hex(p.newPfn)} (${p.reason})`
        : `could not migrate pfn ${hex(p.oldPfn)} (${p.reason})`
    case 'zap':
      return `zapped ${plural(p.nrPages, 'page')} of ${range(p.start, p.end)} in mm ${p.mm}`
    case 'wrprotect':
      return `write-protected ${plural(p.nrPages, 'page')} of ${range(p.start, p.end)} in mm ${p.mm} (${p.reason})`
    case 'page_mkclean':
      return `page_mkclean of pfn ${hex(p.pfn)} cleaned ${plural(p.cleaned, 'mapping')}`
    case 'dma_read':
    case 'dma_write':
      return `device DMA ${p.type === 'dma_read' ? 'read' : 'write'} of ${plural(p.len, 'byte')} at pfn ${hex(p.pfn)} + ${hex(p.offset)}`
    case 'dio_submit':
      return `direct I/O ${p.dir} of ${plural(p.len, 'byte')} of ${p.file} at offset ${p.pos} submitted from ${hex(p.addr)} (${p.gup} on ${plural(frames(p.pfns), 'page')})`
    case 'dio_complete':
      return `direct I/O ${p.dir} of ${p.file} at offset ${p.pos} completed: ${errno(p.ret)}`
    case 'invalidate':
      return `page cache of mapping ${p.mapping} invalidated (pages ${p.first}–${p.end}): ${p.dropped} dropped, ${p.busy} busy`
    case 'oops':
      return `kernel oops: ${p.msg}`
    case 'warn':
      return `kernel warning: ${p.msg}`
    case 'pipe_buf':
      return p.op === 'add'
        ? `pipe buffer holds pfn ${hex(p.pfn)} + ${hex(p.offset)} (${plural(p.len, 'byte')}, FOLL_GET reference)`
        : p.op === 'copy'
          ? `pipe read copied ${plural(p.len, 'byte')} from pfn ${hex(p.pfn)} + ${hex(p.offset)}`
          : `pipe buffer released pfn ${hex(p.pfn)}`
    case 'preempt':
      return `${p.where} yielded the CPU at ${hex(p.addr)} (${follFlagNames(p.gupFlags)})`
    case 'resume':
      return `${p.where} resumed at ${hex(p.addr)}${p.restarted ? ', VMA changed: page walked again' : ''} (${follFlagNames(p.gupFlags)})`
    case 'buffers':
      return `buffer heads ${p.action === 'attach' ? 'attached to' : 'released from'} pfn ${hex(p.pfn)} (state ${hex(p.state)})`
    case 'pagecache':
      return `page cache ${p.action}: page ${p.index} of mapping ${p.mapping} (pfn ${hex(p.pfn)})`
    case 'writeback':
      return `writeback (${p.reason}) of mapping ${p.mapping} wrote ${plural(p.written, 'page')}`
    case 'io_uring': {
      const parts = [`io_uring ${p.event.replace('_', ' ')} on ring ${p.ctx}`]
      if (p.opcode !== undefined) parts.push(`opcode ${p.opcode}`)
      if (p.res !== undefined) parts.push(`res ${errno(p.res)}`)
      if (p.pfns?.length) parts.push(pfnList(p.pfns, frames(p.pfns)))
      return parts.join(', ')
    }
    case 'ib_umem':
      return p.op === 'get'
        ? `ib_umem_get(${hex(p.addr)}, ${plural(p.len, 'byte')}, ${p.writable ? 'writable' : 'read-only'}) via ${p.gup} (${follFlagNames(p.gupFlags)}) returned ${errno(p.ret)}: ${pfnList(p.pfns, frames(p.pfns))}`
        : `ib_umem_release of ${hex(p.addr)} (${plural(frames(p.pfns), 'page')}${p.dirty ? ', marked dirty' : ''})`
    case 'ib_mr':
      return `${p.dev}: memory region ${p.op === 'reg' ? 'registered' : 'deregistered'} at ${hex(p.addr)} (${plural(p.len, 'byte')}), lkey ${hex(p.lkey)}, rkey ${hex(p.rkey)}`
    case 'ib_dma':
      return `${p.dev}: HCA DMA ${p.dir} of ${plural(p.len, 'byte')} through key ${hex(p.key)} at iova ${hex(p.iova)} → pfn ${hex(p.pfn)} + ${hex(p.offset)}`
    case 'ib_qp':
      return `${p.dev}: QP ${p.qpn} moved from ${p.from} to ${p.to}`
    case 'ib_wc':
      return `${p.dev}: completion for work request ${p.wrId} on QP ${p.qpn} (CQ ${p.cqn}): status ${p.status}, opcode ${p.opcode}`
    case 'ib_obj':
      return `${p.dev}: ${p.obj} ${p.id} ${p.op === 'create' ? 'created' : 'destroyed'}`
    case 'ib_post':
      return `${p.dev}: work request ${p.wrId} (opcode ${p.opcode}) posted on QP ${p.qpn}'s ${p.queue === 'sq' ? 'send' : 'receive'} queue`
    case 'ib_odp':
      return p.op === 'fault'
        ? `ODP device fault on ${hex(p.addr)} (${plural(p.len, 'byte')}) installed ${pfnList(p.pfns, frames(p.pfns))}`
        : `ODP invalidation (${p.event}) of ${hex(p.addr)} (${plural(p.len, 'byte')}) zapped ${plural(p.zapped, 'page')}`
    default:
      return assertNever(p)
  }
}

/** The frames an event touched, at most MAX_EVENT_PFNS of them. */
export function tracePfns(p: TracePayload): number[] {
  let pfns: readonly number[]
  switch (p.type) {
    case 'anon_page':
    case 'file_page_map':
    case 'reuse':
    case 'page_mkclean':
    case 'dma_read':
    case 'dma_write':
    case 'pipe_buf':
    case 'buffers':
    case 'pagecache':
    case 'ib_dma':
      pfns = [p.pfn]
      break
    case 'cow':
      pfns = [p.oldPfn, p.newPfn]
      break
    case 'migrate':
      pfns = p.ok ? [p.oldPfn, p.newPfn] : [p.oldPfn]
      break
    case 'gup':
    case 'pin':
    case 'unpin':
    case 'put_page':
    case 'dio_submit':
    case 'dio_complete':
    case 'ib_umem':
    case 'ib_odp':
      pfns = p.pfns
      break
    case 'io_uring':
      pfns = p.pfns ?? []
      break
    default:
      pfns = []
  }
  return pfns.slice(0, MAX_EVENT_PFNS)
}

/** The user address an event concerns, when it has one. */
export function traceAddress(p: TracePayload): number | undefined {
  switch (p.type) {
    case 'fault':
    case 'anon_page':
    case 'zero_page_map':
    case 'file_page_map':
    case 'cow':
    case 'reuse':
    case 'dio_submit':
    case 'ib_umem':
    case 'ib_mr':
    case 'ib_odp':
    case 'preempt':
    case 'resume':
      return p.addr
    case 'signal':
      return p.addr || undefined
    case 'gup':
    case 'mmu_notifier_invalidate':
    case 'zap':
    case 'wrprotect':
    case 'fault_batch':
      return p.start
    default:
      return undefined
  }
}
