/**
 * The event timeline's log: a category and a sentence for every trace type, the bounded ring,
 * step tagging, query filters, re-attaching on reboot, and `trace.events` over the host API.
 */
import { describe, expect, it } from 'vitest'
import { PinlabApiError, type ApiEvent } from '../../../shared/api'
import { TIMELINE_CATEGORIES, type TimelineCategory } from '../../../shared/timeline'
import { Tracer, type TracePayload } from '../../../electron/kernel/kernel/trace'
import { FOLL_LONGTERM, FOLL_PIN, FOLL_WRITE, FAULT_FLAG_USER, FAULT_FLAG_WRITE } from '../../../electron/kernel/include/linux/mm'
import {
  MAX_EVENT_PFNS,
  TraceLog,
  follFlagNames,
  summarizeTraceEvent,
  timelineCategory,
  traceAddress,
  tracePfns
} from '../../../electron/host/trace-log'
import { StaticLabCatalog } from '../../../electron/host/lab-catalog'
import { SessionHost, connectDirect } from '../../../electron/host/session-host'
import { MemorySettingsStore } from '../../../electron/host/settings-store'
import { Session } from '../../../electron/host/session'

type TraceType = TracePayload['type']

/** One example of every trace type with the group it belongs to (the type list must be complete). */
const EXAMPLES: { [T in TraceType]: [TimelineCategory, TracePayload & { type: T }] } = {
  fault: ['fault', { type: 'fault', addr: 0x7f0000001000, flags: FAULT_FLAG_WRITE | FAULT_FLAG_USER, ret: 0 }],
  anon_page: ['fault', { type: 'anon_page', addr: 0x7f0000002000, pfn: 0x1234 }],
  zero_page_map: ['fault', { type: 'zero_page_map', addr: 0x7f0000003000 }],
  file_page_map: ['fault', { type: 'file_page_map', addr: 0x7f0000004000, pfn: 0x99, mapping: 3, index: 0, write: false }],
  fault_batch: ['fault', { type: 'fault_batch', op: 'populate', start: 0x10000, end: 0x90000, counts: { anon_page: 128 } }],
  cow: ['cow', { type: 'cow', addr: 0x7f0000001000, oldPfn: 0x1234, newPfn: 0x1240, unshare: false }],
  reuse: ['cow', { type: 'reuse', addr: 0x7f0000001000, pfn: 0x1234, rule: 'mapcount', unshare: false }],
  gup: ['gup', { type: 'gup', api: 'pin_user_pages', start: 0x7f0000001000, nr: 2, gupFlags: FOLL_WRITE | FOLL_PIN | FOLL_LONGTERM, ret: 2, pfns: [0x10, 0x11] }],
  pin: ['gup', { type: 'pin', pfns: [0x10, 0x11], longterm: true }],
  unpin: ['gup', { type: 'unpin', pfns: [0x10], dirty: true }],
  put_page: ['gup', { type: 'put_page', pfns: [0x10] }],
  ib_umem: ['gup', { type: 'ib_umem', op: 'get', addr: 0x7f0000001000, len: 8192, writable: true, gup: 'pin_user_pages_fast', gupFlags: FOLL_WRITE | FOLL_LONGTERM, pfns: [0x20, 0x21], ret: 2 }],
  migrate: ['gup', { type: 'migrate', oldPfn: 0x30, newPfn: 0x31, ok: true, reason: 'compaction' }],
  fork: ['fork', { type: 'fork', child: 42, copied: 3, shared: 10, ret: 42 }],
  exit: ['fork', { type: 'exit', code: 0 }],
  signal: ['fork', { type: 'signal', signo: 11, code: 1, addr: 0xdead000 }],
  dma_read: ['dma', { type: 'dma_read', pfn: 0x40, offset: 0x10, len: 64 }],
  dma_write: ['dma', { type: 'dma_write', pfn: 0x40, offset: 0, len: 4096 }],
  ib_dma: ['dma', { type: 'ib_dma', dev: 'mlx5_0', dir: 'write', key: 0x1f00, iova: 0x7f0000001000, pfn: 0x20, offset: 0, len: 16 }],
  dio_submit: ['dma', { type: 'dio_submit', dir: 'write', file: '/data/f', pos: 0, addr: 0x7f0000001000, len: 4096, gup: 'FOLL_PIN', pfns: [0x50], doneAt: 100 }],
  dio_complete: ['dma', { type: 'dio_complete', dir: 'write', file: '/data/f', pos: 0, len: 4096, ret: 4096, pfns: [0x50] }],
  io_uring: ['dma', { type: 'io_uring', event: 'register_buffers', ctx: 1, pfns: [0x60] }],
  ib_mr: ['dma', { type: 'ib_mr', op: 'reg', dev: 'mlx5_0', lkey: 0x1f00, rkey: 0x1f00, addr: 0x7f0000001000, len: 8192, access: 7 }],
  ib_qp: ['dma', { type: 'ib_qp', dev: 'mlx5_0', qpn: 5, from: 'INIT', to: 'RTR' }],
  ib_wc: ['dma', { type: 'ib_wc', dev: 'mlx5_0', cqn: 1, qpn: 5, wrId: '7', status: 0, opcode: 0 }],
  ib_post: ['dma', { type: 'ib_post', dev: 'mlx5_0', qpn: 5, queue: 'sq', wrId: '7', opcode: 0 }],
  ib_obj: ['dma', { type: 'ib_obj', op: 'create', dev: 'mlx5_0', obj: 'pd', id: 1 }],
  pipe_buf: ['dma', { type: 'pipe_buf', op: 'add', pfn: 0x70, offset: 0, len: 4096 }],
  mmu_notifier_invalidate: ['notifier', { type: 'mmu_notifier_invalidate', event: 'CLEAR', mm: 2, start: 0x7f0000000000, end: 0x7f0000002000 }],
  ib_odp: ['notifier', { type: 'ib_odp', op: 'invalidate', addr: 0x7f0000001000, len: 4096, event: 'UNMAP', pfns: [], zapped: 1 }],
  zap: ['notifier', { type: 'zap', mm: 2, start: 0x7f0000000000, end: 0x7f0000002000, nrPages: 2 }],
  wrprotect: ['notifier', { type: 'wrprotect', mm: 2, start: 0x7f0000000000, end: 0x7f0000002000, nrPages: 2, reason: 'fork' }],
  pagecache: ['file', { type: 'pagecache', action: 'dirty', mapping: 3, index: 0, pfn: 0x99 }],
  writeback: ['file', { type: 'writeback', reason: 'fsync', mapping: 3, written: 1 }],
  page_mkclean: ['file', { type: 'page_mkclean', pfn: 0x99, cleaned: 1 }],
  invalidate: ['file', { type: 'invalidate', mapping: 3, first: 0, end: 4, dropped: 3, busy: 1 }],
  buffers: ['file', { type: 'buffers', pfn: 0x99, action: 'attach', state: 1 }],
  oops: ['oops', { type: 'oops', msg: 'BUG: unable to handle page fault' }],
  warn: ['oops', { type: 'warn', msg: 'WARN_ON(refcount < 0)' }],
  syscall: ['other', { type: 'syscall', name: 'mmap', args: [0, 4096], ret: 0x7f0000000000 }],
  preempt: ['other', { type: 'preempt', where: 'access_remote_vm', addr: 0x7f0000001000, gupFlags: FOLL_WRITE }],
  resume: ['other', { type: 'resume', where: 'access_remote_vm', addr: 0x7f0000001000, gupFlags: FOLL_WRITE, restarted: true }]
}

function feed(tracer: Tracer, payloads: TracePayload[]): void {
  for (const p of payloads) tracer.deliver(1000, 7, p)
}

describe('timeline categories and sentences', () => {
  it('puts every trace type in its group and says what happened in one line', () => {
    const seen = new Set<TimelineCategory>()
    for (const [type, [category, payload]] of Object.entries(EXAMPLES)) {
      expect({ type, category: timelineCategory(payload) }).toEqual({ type, category })
      const summary = summarizeTraceEvent(payload)
      expect(summary.length, type).toBeGreaterThan(10)
      expect(summary, type).not.toMatch(/undefined|NaN|\[object/)
      expect(summary, type).not.toContain('\n')
      seen.add(category)
    }
    expect([...seen].sort()).toEqual([...TIMELINE_CATEGORIES].sort())
  })

  it('writes addresses in hex and flags by name', () => {
    expect(summarizeTraceEvent(EXAMPLES.cow[1])).toBe('write fault at 0x7f0000001000 copied pfn 0x1234 to 0x1240 (COW)')
    expect(summarizeTraceEvent(EXAMPLES.gup[1])).toBe('pin_user_pages(0x7f0000001000, 2 pages, FOLL_WRITE|FOLL_LONGTERM|FOLL_PIN) returned 2')
    expect(summarizeTraceEvent(EXAMPLES.fault[1])).toBe('write fault at 0x7f0000001000 (FAULT_FLAG_WRITE|FAULT_FLAG_USER) handled')
    expect(summarizeTraceEvent(EXAMPLES.signal[1])).toContain('SIGSEGV')
    expect(follFlagNames(0)).toBe('0')
    expect(follFlagNames(FOLL_PIN | (1 << 30))).toBe('FOLL_PIN|0x40000000')
  })

  it('lists the frames touched (at most 64) and the user address', () => {
    expect(tracePfns(EXAMPLES.cow[1])).toEqual([0x1234, 0x1240])
    expect(tracePfns(EXAMPLES.exit[1])).toEqual([])
    const many = Array.from({ length: 200 }, (_, i) => i + 1)
    expect(tracePfns({ type: 'pin', pfns: many, longterm: false })).toEqual(many.slice(0, MAX_EVENT_PFNS))
    expect(traceAddress(EXAMPLES.cow[1])).toBe(0x7f0000001000)
    expect(traceAddress(EXAMPLES.zap[1])).toBe(0x7f0000000000)
    expect(traceAddress(EXAMPLES.writeback[1])).toBeUndefined()
  })
})

describe('TraceLog', () => {
  it('keeps the newest events in a bounded ring and counts the forgotten ones', () => {
    const tracer = new Tracer()
    const log = new TraceLog(5)
    log.attach(tracer)
    feed(tracer, Array.from({ length: 8 }, (_, i) => ({ type: 'exit', code: i }) as TracePayload))
    const page = log.query()
    expect(page.events.map((e) => e.id)).toEqual([4, 5, 6, 7, 8])
    expect(page.events.map((e) => e.summary)).toEqual([3, 4, 5, 6, 7].map((c) => `process exited with code ${c}`))
    expect(page).toMatchObject({ total: 5, dropped: 3 })
    expect(page.events[0]).toMatchObject({ time: 1000, pid: 7, category: 'fork', type: 'exit', step: -1, pfns: [] })
  })

  it('tags events with the running step and filters by step, category, afterId and limit', () => {
    const tracer = new Tracer()
    const log = new TraceLog()
    log.attach(tracer)
    feed(tracer, [EXAMPLES.fault[1]])
    log.setStep(0)
    feed(tracer, [EXAMPLES.cow[1], EXAMPLES.pin[1]])
    log.setStep(1)
    feed(tracer, [EXAMPLES.cow[1], EXAMPLES.zap[1], EXAMPLES.warn[1]])
    log.setStep(-1)
    feed(tracer, [EXAMPLES.exit[1]])
    expect(log.query().events.map((e) => [e.id, e.step])).toEqual([[1, -1], [2, 0], [3, 0], [4, 1], [5, 1], [6, 1], [7, -1]])
    expect(log.query({ step: 1 }).events.map((e) => e.type)).toEqual(['cow', 'zap', 'warn'])
    expect(log.query({ categories: ['cow'] }).events.map((e) => e.id)).toEqual([2, 4])
    expect(log.query({ categories: ['cow', 'oops'], step: 1 }).events.map((e) => e.id)).toEqual([4, 6])
    expect(log.query({ afterId: 5 }).events.map((e) => e.id)).toEqual([6, 7])
    const limited = log.query({ limit: 2 })
    expect(limited.events.map((e) => e.id)).toEqual([6, 7])
    expect(limited.total).toBe(7)
    expect(log.query({ categories: [] }).total).toBe(7)
    // A bad step number means idle, never a bogus tag.
    log.setStep(2.5)
    expect(log.step).toBe(-1)
  })

  it('stops listening when detached, so the kernel stops tracing', () => {
    const tracer = new Tracer()
    const log = new TraceLog()
    log.attach(tracer)
    expect(tracer.active).toBe(true)
    log.dispose()
    expect(tracer.active).toBe(false)
    feed(tracer, [EXAMPLES.exit[1]])
    expect(log.query().total).toBe(0)
  })

  it('keeps at most 64 frames of a big event, and still says how many there were', () => {
    const tracer = new Tracer()
    const log = new TraceLog()
    log.attach(tracer)
    const pfns = Array.from({ length: 100_000 }, (_, i) => 0x1000 + i)
    feed(tracer, [{ type: 'pin', pfns, longterm: true }])
    const [event] = log.query().events
    expect(event!.pfns).toEqual(pfns.slice(0, MAX_EVENT_PFNS))
    expect(event!.summary).toBe('pinned 100000 pages with FOLL_PIN|FOLL_LONGTERM: 100000 frames from pfn 0x1000')
  })

  it('clear forgets everything, counts it as dropped, and ids keep increasing', () => {
    const tracer = new Tracer()
    const log = new TraceLog()
    log.attach(tracer)
    feed(tracer, [EXAMPLES.exit[1], EXAMPLES.exit[1]])
    log.clear()
    feed(tracer, [EXAMPLES.exit[1]])
    expect(log.query()).toMatchObject({ total: 1, dropped: 2, events: [{ id: 3 }] })
  })
})

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('a session owns a trace log', () => {
  it('records the machine’s events and re-attaches to the new machine after a reboot, ids continuing', async () => {
    const session = new Session({ id: 's1', kernel: '6.18', seed: 1, user: 'root', cols: 120, rows: 40 })
    let out = ''
    session.onOutput((d) => (out += d))
    session.start()
    try {
      await waitFor(() => out.endsWith('# '), 'the prompt')
      const first = session.machine!
      expect(first.kernel.tracing).toBe(true)
      session.input(`echo 'int main(void) { static char b[8192]; b[0] = 1; b[4096] = 2; return 0; }' > t.c && cc t.c && ./a.out\r`)
      await waitFor(() => /\.\/a\.out\r\n.*# $/s.test(out), 'the program to finish')
      const before = session.traceLog.query({ limit: 1000 })
      expect(before.total).toBeGreaterThan(0)
      expect(before.events.some((e) => e.category === 'fault')).toBe(true)
      const lastId = before.events[before.events.length - 1]!.id

      out = ''
      session.input('reboot --kernel 5.10\r')
      await waitFor(() => session.machine !== first && out.endsWith('# '), 'the reboot')
      expect(first.kernel.tracing).toBe(false)
      expect(session.machine!.kernel.tracing).toBe(true)
      out = ''
      session.input('./a.out; cc t.c && ./a.out\r')
      await waitFor(() => out.endsWith('# '), 'the program on 5.10')
      const after = session.traceLog.query({ afterId: lastId, limit: 1000 })
      expect(after.total).toBeGreaterThan(0)
      expect(after.events[0]!.id).toBeGreaterThan(lastId)
    } finally {
      session.dispose()
    }
    expect(session.traceLog.attached).toBe(false)
  })
})

describe('trace.events over the host API', () => {
  it('answers the filters and refuses hostile parameters with a sentence', async () => {
    const host = new SessionHost({ settings: new MemorySettingsStore(), labs: new StaticLabCatalog([]) })
    const { api, connection } = connectDirect(host)
    let out = ''
    api.onEvent((e: ApiEvent) => {
      if (e.event === 'terminal.output') out += e.payload.data
    })
    const errorOf = async (p: Promise<unknown>) => {
      const e = await p.then(() => null, (err: unknown) => err)
      expect(e).toBeInstanceOf(PinlabApiError)
      return e as PinlabApiError
    }
    expect((await errorOf(api.request('trace.events', { sessionId: 's42' }))).code).toBe('no-session')
    const { sessionId } = await api.request('session.create', {})
    await waitFor(() => out.endsWith('# '), 'the prompt')
    api.request('terminal.input', { sessionId, data: `echo 'int main(void){static char b[4096]; b[0]=1; return 0;}' > t.c && cc t.c && ./a.out\r` })
    await waitFor(() => /\.\/a\.out\r\n.*# $/s.test(out), 'the program')
    const page = await api.request('trace.events', { sessionId, categories: ['fault'], limit: 3 })
    expect(page.events.length).toBeLessThanOrEqual(3)
    expect(page.events.length).toBeGreaterThan(0)
    expect(page.events.every((e) => e.category === 'fault')).toBe(true)
    expect(page.total).toBeGreaterThanOrEqual(page.events.length)
    for (const bad of [
      { sessionId, categories: ['faults'] },
      { sessionId, categories: 'fault' },
      { sessionId, limit: 0 },
      { sessionId, limit: 1001 },
      { sessionId, limit: 2.5 },
      { sessionId, step: -2 },
      { sessionId, afterId: -1 },
      { sessionId, afterId: '3' },
      { sessionId, extra: 1 },
      { sessionId: 'S1' }
    ]) {
      const e = await errorOf(api.request('trace.events', bad as never))
      expect(e.code).toBe('invalid-params')
      expect(e.message).toMatch(/^Invalid parameters for trace\.events: .+\.$/)
    }
    // The session is unharmed.
    expect((await api.request('trace.events', { sessionId })).total).toBeGreaterThan(0)
    connection.dispose()
  })
})
