/**
 * The trace event stream (the role of include/trace/events/*.h + ftrace): every state change of
 * the memory manager emits one typed event with a sequence number, the virtual time in ns and the
 * pid it was done for. Subscribers are called synchronously, in subscription order.
 *
 * Cheap by construction: emit sites test `k.tracing` before building an event object, and bulk
 * operations emit one range event (zap, mmu_notifier_invalidate, fork summary) instead of one
 * per page. `seq` is dense over delivered events.
 */
export type MmuNotifyEvent = 'UNMAP' | 'CLEAR' | 'PROTECTION_VMA' | 'PROTECTION_PAGE' | 'SOFT_DIRTY' | 'RELEASE' | 'MIGRATE' | 'EXCLUSIVE'

export type TracePayload =
  | { type: 'fault'; addr: number; flags: number; ret: number }
  | { type: 'anon_page'; addr: number; pfn: number }
  | { type: 'zero_page_map'; addr: number }
  | { type: 'file_page_map'; addr: number; pfn: number; mapping: number; index: number; write: boolean }
  | { type: 'cow'; addr: number; oldPfn: number; newPfn: number; unshare: boolean }
  | { type: 'reuse'; addr: number; pfn: number; rule: 'mapcount' | 'refcount' | 'anon_exclusive' | 'shared'; unshare: boolean }
  | { type: 'gup'; api: string; start: number; nr: number; gupFlags: number; ret: number; pfns: number[] }
  | { type: 'pin'; pfns: number[]; longterm: boolean }
  | { type: 'unpin'; pfns: number[]; dirty: boolean }
  | { type: 'put_page'; pfns: number[] }
  | { type: 'fork'; child: number; copied: number; shared: number; ret: number }
  | { type: 'exit'; code: number }
  | { type: 'syscall'; name: string; args: number[]; ret: number }
  | { type: 'mmu_notifier_invalidate'; event: MmuNotifyEvent; mm: number; start: number; end: number }
  | { type: 'migrate'; oldPfn: number; newPfn: number; ok: boolean; reason: string }
  | { type: 'zap'; mm: number; start: number; end: number; nrPages: number }
  | { type: 'wrprotect'; mm: number; start: number; end: number; nrPages: number; reason: string }
  | { type: 'page_mkclean'; pfn: number; cleaned: number }
  | { type: 'dma_read' | 'dma_write'; pfn: number; offset: number; len: number }
  | { type: 'signal'; signo: number; code: number; addr: number }
  /** Direct I/O (fs/direct-io.ts): submit = GUP of the user buffer + bio queued; complete = DMA + release. */
  | { type: 'dio_submit'; dir: 'read' | 'write'; file: string; pos: number; addr: number; len: number; gup: 'FOLL_GET' | 'FOLL_PIN'; pfns: number[]; doneAt: number }
  | { type: 'dio_complete'; dir: 'read' | 'write'; file: string; pos: number; len: number; ret: number; pfns: number[] }
  /** invalidate_inode_pages2_range: page-cache folios dropped, and those that could not be (dirty). */
  | { type: 'invalidate'; mapping: number; first: number; end: number; dropped: number; busy: number }
  | { type: 'oops' | 'warn'; msg: string }
  /**
   * A vmsplice'd user page in a pipe (fs/splice.c, fs/pipe.c): `add` queues a buffer holding a
   * FOLL_GET reference, `copy` reads the frame's bytes at read time, `release` drops the reference.
   */
  | { type: 'pipe_buf'; op: 'add' | 'copy' | 'release'; pfn: number; offset: number; len: number }
  /**
   * A kernel path yielded the CPU at cond_resched() (`preempt`) or continued after it (`resume`;
   * `restarted` when the VMA changed meanwhile and the page is walked again from its first flags).
   */
  | { type: 'preempt'; where: string; addr: number; gupFlags: number }
  | { type: 'resume'; where: string; addr: number; gupFlags: number; restarted: boolean }
  /** Buffer heads attached to / released from a page-cache page (fs/buffer.ts). */
  | { type: 'buffers'; pfn: number; action: 'attach' | 'release'; state: number }
  /**
   * Page-cache state changes of the files layer: add (read in / write), dirty (folio_mark_dirty),
   * writeback (written to disk, now clean), clean (cleaned without I/O: fs-DAX), evict
   * (drop_caches, reclaim, truncate), drop (a dirty page discarded unwritten: ext4 5.18+).
   */
  | { type: 'pagecache'; action: 'add' | 'dirty' | 'writeback' | 'clean' | 'evict' | 'drop'; mapping: number; index: number; pfn: number }
  /** A writeback pass (fsync, sync, flusher, drop_caches): what started it and how many pages it wrote. */
  | { type: 'writeback'; reason: string; mapping: number; written: number }
  /** io_uring (io_uring/): an SQE issued, a CQE posted or backlogged, buffers (un)registered, a ring freed. */
  | { type: 'io_uring'; event: 'submit' | 'complete' | 'overflow' | 'register_buffers' | 'unregister_buffers' | 'free'; ctx: number; opcode?: number; res?: number; userData?: string; pfns?: number[] }
  /**
   * RDMA (drivers/infiniband): ib_umem_get / ib_umem_release (the GUP call of the era, its flags
   * and the pinned pfns), an MR's key in the HCA's MTT, every DMA the HCA does through the MTT
   * (key + iova → pfn), QP state changes and completions written to a CQ.
   */
  | { type: 'ib_umem'; op: 'get' | 'release'; addr: number; len: number; writable: boolean; gup: string; gupFlags: number; pfns: number[]; ret: number; dirty?: boolean }
  | { type: 'ib_mr'; op: 'reg' | 'dereg'; dev: string; lkey: number; rkey: number; addr: number; len: number; access: number }
  | { type: 'ib_dma'; dev: string; dir: 'read' | 'write'; key: number; iova: number; pfn: number; offset: number; len: number }
  | { type: 'ib_qp'; dev: string; qpn: number; from: string; to: string }
  | { type: 'ib_wc'; dev: string; cqn: number; qpn: number; wrId: string; status: number; opcode: number }
  /** uverbs objects created and destroyed (user context, PD, CQ, QP), with their device number. */
  | { type: 'ib_obj'; op: 'create' | 'destroy'; dev: string; obj: 'ucontext' | 'pd' | 'cq' | 'qp'; id: number }
  /** A work request queued on a QP's send or receive queue (before the HCA executes it). */
  | { type: 'ib_post'; dev: string; qpn: number; queue: 'sq' | 'rq'; wrId: string; opcode: number }
  /** ODP (umem_odp.ts): a device page fault installing pfns, or an invalidation zapping them. */
  | { type: 'ib_odp'; op: 'fault' | 'invalidate'; addr: number; len: number; event: string; pfns: number[]; zapped: number }
  /** Per-page fault-path events of one bulk operation (> BATCH_THRESHOLD pages), counted by type. */
  | { type: 'fault_batch'; op: string; start: number; end: number; counts: Record<string, number> }

/** Bulk operations over more pages than this report their per-page events as one fault_batch. */
export const BATCH_THRESHOLD = 64

export type TraceEvent = TracePayload & { seq: number; time: number; pid: number }

export type TraceSubscriber = (ev: TraceEvent) => void

export class Tracer {
  seq = 0
  subscribers: TraceSubscriber[] = []

  get active(): boolean {
    return this.subscribers.length > 0
  }

  subscribe(fn: TraceSubscriber): () => void {
    this.subscribers.push(fn)
    return () => {
      const i = this.subscribers.indexOf(fn)
      if (i >= 0) this.subscribers.splice(i, 1)
    }
  }

  deliver(time: number, pid: number, p: TracePayload): void {
    const ev = { ...p, seq: ++this.seq, time, pid } as TraceEvent
    for (const s of this.subscribers.slice()) s(ev)
  }
}
