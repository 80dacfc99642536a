/**
 * The Kernel: one simulated Linux memory manager at one version. It owns all state (physical
 * memory, tasks, mms, address spaces, MMU notifiers, vmstat, the virtual clock, the PRNG and the
 * trace stream) so that `snapshot()` / `Kernel.restore()` capture everything.
 *
 * Contract: every entry point returns Linux's result convention (a value, or a negative errno);
 * bad user input never throws. Conditions where Linux would BUG/WARN become `oops` / `warn`
 * trace events (and, for our own inconsistencies, entries in `bugs`).
 */
import { DEFAULT_KERNEL, isKernelVersion, type KernelVersion } from '../../shared/kernel-versions'
import { featureSet, type Feature } from './version'
import { PhysMem, type MemoryConfig, type PhysMemSnapshot } from './mm/page_alloc'
import { MmStruct, PageTable, VmArea, type PageTableSnapshot } from './include/linux/mm_types'
import { TaskStruct, type Cred } from './include/linux/sched'
import { AddressSpace, type AddressSpaceOps, type AddressSpaceSnapshot, type KFile, type MappingKind } from './include/linux/fs'
import { BATCH_THRESHOLD, Tracer, type TracePayload, type TraceSubscriber } from './kernel/trace'
import { KERN_ERR, KERN_WARNING, PrintkRing, type PrintkLine } from './kernel/printk'
import type { MmuIntervalNotifier } from './mm/mmu_notifier'
import { init_rlimits } from './kernel/sys'
import { SUID_DUMP_USER } from './include/linux/sched/coredump'
import { sys_brk, sys_mmap, sys_munmap } from './mm/mmap'
import { sys_mprotect } from './mm/mprotect'
import { sys_madvise } from './mm/madvise'
import { sys_mlock, sys_mlock2, sys_mlockall, sys_munlock, sys_munlockall } from './mm/mlock'
import { sys_mremap } from './mm/mremap'
import { sys_mincore, sys_msync } from './mm/msync'
import { sys_fork, type ForkHooks } from './kernel/fork'
import { do_exit } from './kernel/exit'
import { sys_getrlimit, sys_setrlimit } from './kernel/sys'
import * as gup from './mm/gup'
import * as gupFast from './mm/gup_fast'
import { UserAccess } from './mm/uaccess'
import { checkInvariants } from './mm/debug'
import { shrink_page_cache } from './mm/vmscan'
import { dma_read, dma_write } from './kernel/dma/direct'
import { mmu_interval_notifier_insert, mmu_interval_notifier_remove, type MmuIntervalNotifierOps } from './mm/mmu_notifier'
import { CAP_IPC_LOCK, CAP_SYS_ADMIN, CAP_SYS_RESOURCE } from './include/linux/capability'

export interface KernelOptions {
  version?: KernelVersion
  /** PRNG seed (uint32). */
  seed?: number
  memory?: Partial<MemoryConfig>
}

/** Simulator-side bookkeeping of outstanding GUP references per pfn (for checks and unpin). */
export interface GupRefs {
  get: number
  pin: number
  longterm: number
  /** pins taken with FOLL_WRITE|FOLL_LONGTERM on a shared file mapping that needs dirty tracking */
  fileWriteLongterm: number
  /** pins taken in a COW mapping with FOLL_LONGTERM */
  cowLongterm: number
}

export interface VmStat {
  nr_foll_pin_acquired: number
  nr_foll_pin_released: number
  pgfault: number
  cow: number
  reuse: number
  unshare: number
  zap: number
  migrate_success: number
  migrate_fail: number
  /** Page-cache pages that became dirty / were written back (vmstat nr_dirtied / nr_written). */
  nr_dirtied?: number
  nr_written?: number
}

interface MmSnapshot {
  id: number
  vmas: VmArea[]
  pgd: PageTableSnapshot
  scalars: Omit<MmStruct, 'vmas' | 'pgd' | 'id'>
}

export interface KernelSnapshot {
  readonly version: KernelVersion
  readonly phys: PhysMemSnapshot
  readonly tasks: TaskStruct[]
  readonly mms: MmSnapshot[]
  readonly mappings: AddressSpaceSnapshot[]
  readonly notifiers: MmuIntervalNotifier[]
  readonly gup: [number, GupRefs][]
  readonly kernelRefs: [number, number][]
  readonly vmstat: VmStat
  readonly ids: { pid: number; mm: number; mapping: number; anonVma: number }
  readonly clock: number
  readonly prng: number
  readonly seq: number
  readonly bugs: string[]
  readonly log: PrintkLine[]
}

export interface KernelHooks {
  gupAfterFault?(ctx: { mm: MmStruct; addr: number; ret: number; gupFlags: number }): void
  /**
   * need_resched(): set by the scheduler while a task runs — has its time slice been used up? A
   * preemptible kernel path (access_remote_vm_preemptible) then yields at its cond_resched().
   */
  need_resched?(): boolean
}

const ROOT_CAPS = [CAP_IPC_LOCK, CAP_SYS_ADMIN, CAP_SYS_RESOURCE]

export class Kernel {
  readonly version: KernelVersion
  readonly features: Readonly<Record<Feature, boolean>>
  phys: PhysMem
  tasks = new Map<number, TaskStruct>()
  mms = new Map<number, MmStruct>()
  mappings = new Map<number, AddressSpace>()
  notifiers: MmuIntervalNotifier[] = []
  gup = new Map<number, GupRefs>()
  /** References held by kernel code (driver pages from alloc_kernel_page). */
  kernelRefs = new Map<number, number>()
  vmstat: VmStat = {
    nr_foll_pin_acquired: 0, nr_foll_pin_released: 0, pgfault: 0, cow: 0, reuse: 0, unshare: 0, zap: 0,
    migrate_success: 0, migrate_fail: 0, nr_dirtied: 0, nr_written: 0
  }
  ids = { pid: 0, mm: 0, mapping: 0, anonVma: 0 }
  /** Virtual clock in nanoseconds. */
  clock = 0
  prng: number
  tracer = new Tracer()
  /** Internal inconsistencies found by the simulator itself (checkInvariants reports them). */
  bugs: string[] = []
  /**
   * Race-lab hook points (host-side, not part of snapshots). `gupAfterFault` runs inside
   * __get_user_pages after each faultin_page, before the retry — the Dirty COW window (4g).
   */
  hooks: KernelHooks = {}
  /** The kernel log ring (dmesg). */
  log = new PrintkRing()
  /** pid that trace events are attributed to when a caller does not say. */
  curPid = 0

  constructor(opts: KernelOptions = {}) {
    const v = opts.version ?? DEFAULT_KERNEL
    this.version = isKernelVersion(v) ? v : DEFAULT_KERNEL
    this.features = featureSet(this.version)
    this.prng = (opts.seed ?? 1) >>> 0 || 0x9e3779b9
    this.phys = new PhysMem({ normalPages: opts.memory?.normalPages ?? 16384, ...opts.memory })
    // Direct reclaim of clean, unmapped page cache when memory runs short (mm/vmscan.ts).
    this.phys.reclaim = () => shrink_page_cache(this, 32, false)
  }

  /** Does this kernel version have `feature` (electron/kernel/version.ts)? */
  has(feature: Feature): boolean {
    return this.features[feature]
  }

  get tracing(): boolean {
    return this.tracer.subscribers.length > 0
  }

  subscribe(fn: TraceSubscriber): () => void {
    return this.tracer.subscribe(fn)
  }

  emit(p: TracePayload, pid = this.curPid): void {
    this.tracer.deliver(this.clock, pid, p)
  }

  /** Open fault batch (see BATCH_THRESHOLD), or null. */
  batch: { op: string; start: number; end: number; counts: Record<string, number> } | null = null

  /**
   * Should a per-page event of `type` be emitted now? False (and counted) inside a batch, false
   * without subscribers.
   */
  traceNow(type: string): boolean {
    if (this.tracer.subscribers.length === 0) return false
    const b = this.batch
    if (b === null) return true
    b.counts[type] = (b.counts[type] ?? 0) + 1
    return false
  }

  /** Start batching per-page events of a bulk operation over `pages` pages (no-op if small or nested). */
  batchBegin(op: string, start: number, pages: number): boolean {
    if (pages <= BATCH_THRESHOLD || this.batch !== null || this.tracer.subscribers.length === 0) return false
    this.batch = { op, start, end: start + pages * 4096, counts: {} }
    return true
  }

  batchEnd(opened: boolean, pid = this.curPid): void {
    if (!opened || this.batch === null) return
    const b = this.batch
    this.batch = null
    if (this.tracing) this.emit({ type: 'fault_batch', op: b.op, start: b.start, end: b.end, counts: b.counts }, pid)
  }

  /** WARN_ON: a trace event and a kernel log line, never an exception. */
  warn(msg: string, pid = this.curPid): void {
    this.printk(KERN_WARNING, msg)
    if (this.tracing) this.emit({ type: 'warn', msg }, pid)
  }

  /** A condition where Linux would BUG(): recorded as an oops and as a simulator bug. */
  oops(msg: string, pid = this.curPid): void {
    this.bugs.push(msg)
    this.printk(KERN_ERR, msg)
    if (this.tracing) this.emit({ type: 'oops', msg }, pid)
  }

  /** printk(): a line in the kernel log (dmesg), stamped with the virtual clock. */
  printk(level: number, text: string): void {
    for (const line of text.split('\n')) if (line !== '') this.log.push({ time: this.clock / 1e9, level, text: line })
  }

  tick(ns: number): void {
    this.clock += ns
  }

  /** xorshift32 in kernel state: deterministic and part of snapshots. */
  random(): number {
    let x = this.prng
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    this.prng = x
    return x
  }

  // ---------------------------------------------------------------- processes

  newMm(): MmStruct {
    const mm = new MmStruct(++this.ids.mm)
    mm.flags = SUID_DUMP_USER // a fresh exec is dumpable (kernel/cred.ts)
    mm.mmap_base = 0x7f0000000000
    mm.start_brk = mm.brk = 0x555555560000
    this.mms.set(mm.id, mm)
    return mm
  }

  /**
   * Create a process with a fresh, empty mm (the state right after execve). root (uid 0) gets
   * CAP_IPC_LOCK, CAP_SYS_ADMIN and CAP_SYS_RESOURCE.
   */
  createProcess(opts: { comm?: string; uid?: number; parent?: number } = {}): TaskStruct {
    const uid = opts.uid ?? 1000
    const cred: Cred = { uid, euid: uid, caps: uid === 0 ? ROOT_CAPS.slice() : [] }
    const pid = ++this.ids.pid
    const t = new TaskStruct(pid, pid, opts.comm ?? 'a.out', cred, this.newMm(), opts.parent ?? 0)
    init_rlimits(this, t)
    this.tasks.set(pid, t)
    return t
  }

  /** A thread of `leader`'s process: same mm, tgid and credentials. */
  createThread(leader: TaskStruct): TaskStruct {
    const pid = ++this.ids.pid
    const t = new TaskStruct(pid, leader.tgid, leader.comm, { ...leader.cred, caps: leader.cred.caps.slice() }, leader.mm, leader.pid)
    t.rlim = leader.rlim.map((r) => [r[0], r[1]] as [number, number])
    if (leader.mm) leader.mm.users++
    this.tasks.set(pid, t)
    return t
  }

  task(pid: number): TaskStruct | undefined {
    return this.tasks.get(pid)
  }

  // ---------------------------------------------------------------- files

  /**
   * Create an address_space (an inode's page cache). `kind` decides dirty tracking:
   * ext4/xfs/btrfs can write back (vma_needs_dirty_tracking true for shared writable maps),
   * shmem/hugetlbfs cannot.
   */
  createMapping(opts: { kind?: MappingKind; name?: string; size: number; dax?: boolean; ops?: AddressSpaceOps }): AddressSpace {
    const kind = opts.kind ?? 'ext4'
    const canWb = kind === 'ext4' || kind === 'xfs' || kind === 'btrfs' || kind === 'other'
    const m = new AddressSpace(++this.ids.mapping, kind, opts.name ?? `inode${this.ids.mapping}`, opts.size, canWb, opts.dax ?? false, opts.ops ?? {})
    this.mappings.set(m.id, m)
    return m
  }

  openFile(mapping: AddressSpace, mode: { read?: boolean; write?: boolean; path?: string } = {}): KFile {
    return { mappingId: mapping.id, readable: mode.read ?? true, writable: mode.write ?? true, path: mode.path ?? `/${mapping.name}` }
  }

  // ---------------------------------------------------------------- syscalls (Linux return conventions)

  mmap(t: TaskStruct, addr: number, len: number, prot: number, flags: number, file: KFile | null = null, off = 0): number {
    return sys_mmap(this, t, addr, len, prot, flags, file, off)
  }
  munmap(t: TaskStruct, addr: number, len: number): number {
    return sys_munmap(this, t, addr, len)
  }
  mprotect(t: TaskStruct, addr: number, len: number, prot: number): number {
    return sys_mprotect(this, t, addr, len, prot)
  }
  madvise(t: TaskStruct, addr: number, len: number, advice: number): number {
    return sys_madvise(this, t, addr, len, advice)
  }
  mlock(t: TaskStruct, addr: number, len: number): number {
    return sys_mlock(this, t, addr, len)
  }
  mlock2(t: TaskStruct, addr: number, len: number, flags: number): number {
    return sys_mlock2(this, t, addr, len, flags)
  }
  munlock(t: TaskStruct, addr: number, len: number): number {
    return sys_munlock(this, t, addr, len)
  }
  mlockall(t: TaskStruct, flags: number): number {
    return sys_mlockall(this, t, flags)
  }
  munlockall(t: TaskStruct): number {
    return sys_munlockall(this, t)
  }
  msync(t: TaskStruct, addr: number, len: number, flags: number): number {
    return sys_msync(this, t, addr, len, flags)
  }
  mincore(t: TaskStruct, addr: number, len: number, vec: Uint8Array): number {
    return sys_mincore(this, t, addr, len, vec)
  }
  brk(t: TaskStruct, addr: number): number {
    return sys_brk(this, t, addr)
  }
  mremap(t: TaskStruct, oldAddr: number, oldLen: number, newLen: number, flags: number, newAddr = 0): number {
    return sys_mremap(this, t, oldAddr, oldLen, newLen, flags, newAddr)
  }
  /** fork(): the child task, or a negative errno. `hooks` lets a race lab interleave (4h). */
  fork(t: TaskStruct, hooks?: ForkHooks): TaskStruct | number {
    return sys_fork(this, t, hooks)
  }
  exit(t: TaskStruct, code = 0): void {
    do_exit(this, t, code)
  }
  getrlimit(t: TaskStruct, resource: number): [number, number] | number {
    return sys_getrlimit(this, t, resource)
  }
  setrlimit(t: TaskStruct, resource: number, soft: number, hard: number): number {
    return sys_setrlimit(this, t, resource, soft, hard)
  }

  // ---------------------------------------------------------------- GUP (pages receive pfns)

  get_user_pages(t: TaskStruct, start: number, nr: number, flags: number, pages: number[] | null): number {
    return gup.get_user_pages(this, t, start, nr, flags, pages)
  }
  get_user_pages_remote(target: TaskStruct, start: number, nr: number, flags: number, pages: number[] | null): number {
    return gup.get_user_pages_remote(this, target, start, nr, flags, pages)
  }
  get_user_pages_fast(t: TaskStruct, start: number, nr: number, flags: number, pages: number[] | null): number {
    return gupFast.get_user_pages_fast(this, t, start, nr, flags, pages)
  }
  get_user_pages_longterm(t: TaskStruct, start: number, nr: number, flags: number, pages: number[] | null): number {
    return gup.get_user_pages_longterm(this, t, start, nr, flags, pages)
  }
  pin_user_pages(t: TaskStruct, start: number, nr: number, flags: number, pages: number[] | null): number {
    return gup.pin_user_pages(this, t, start, nr, flags, pages)
  }
  pin_user_pages_fast(t: TaskStruct, start: number, nr: number, flags: number, pages: number[] | null): number {
    return gupFast.pin_user_pages_fast(this, t, start, nr, flags, pages)
  }
  pin_user_pages_remote(target: TaskStruct, start: number, nr: number, flags: number, pages: number[] | null): number {
    return gup.pin_user_pages_remote(this, target, start, nr, flags, pages)
  }
  unpin_user_page(pfn: number): void {
    gup.unpin_user_page(this, pfn)
  }
  unpin_user_pages(pages: readonly number[], n = pages.length): void {
    gup.unpin_user_pages(this, pages, n)
  }
  unpin_user_pages_dirty_lock(pages: readonly number[], n: number, makeDirty: boolean): void {
    gup.unpin_user_pages_dirty_lock(this, pages, n, makeDirty)
  }
  unpin_user_page_range_dirty_lock(pfn: number, n: number, makeDirty: boolean): void {
    gup.unpin_user_page_range_dirty_lock(this, pfn, n, makeDirty)
  }
  put_user_page(pfn: number): void {
    gup.put_user_page(this, pfn)
  }

  // ---------------------------------------------------------------- devices, notifiers, access

  /** Fast user-memory accessor for the C runtime (mm/uaccess.ts). */
  uaccess(t: TaskStruct): UserAccess {
    return new UserAccess(this, t)
  }
  dma_read(pfn: number, offset: number, dst: Uint8Array, len: number): number {
    return dma_read(this, pfn, offset, dst, len)
  }
  dma_write(pfn: number, offset: number, src: Uint8Array, len: number): number {
    return dma_write(this, pfn, offset, src, len)
  }
  mmu_interval_notifier_insert(mm: MmStruct, start: number, length: number, ops: MmuIntervalNotifierOps): MmuIntervalNotifier | number {
    return mmu_interval_notifier_insert(this, mm.id, start, length, ops)
  }
  mmu_interval_notifier_remove(sub: MmuIntervalNotifier): void {
    mmu_interval_notifier_remove(this, sub)
  }
  /** Reference §6 invariants; empty array = consistent. */
  checkInvariants(): string[] {
    return checkInvariants(this)
  }

  // ---------------------------------------------------------------- snapshot

  /**
   * Capture the whole kernel state in O(chunks + VMAs + tasks): typed-array chunks, page-table
   * leaves and page contents are shared copy-on-write with the live kernel.
   */
  snapshot(): KernelSnapshot {
    return {
      version: this.version,
      phys: this.phys.snapshot(),
      tasks: [...this.tasks.values()].map(cloneTask),
      mms: [...this.mms.values()].map((mm) => snapMm(mm)),
      mappings: [...this.mappings.values()].map((m) => m.snapshot()),
      notifiers: this.notifiers.map((n) => ({ ...n })),
      gup: [...this.gup.entries()].map(([pfn, r]) => [pfn, { ...r }]),
      kernelRefs: [...this.kernelRefs.entries()],
      vmstat: { ...this.vmstat },
      ids: { ...this.ids },
      clock: this.clock,
      prng: this.prng,
      seq: this.tracer.seq,
      bugs: this.bugs.slice(),
      log: this.log.lines.map((l) => ({ ...l }))
    }
  }

  /** A new kernel in exactly the captured state (no trace subscribers, empty TLBs). */
  static restore(s: KernelSnapshot): Kernel {
    const k = new Kernel({ version: s.version, memory: { normalPages: 2 } })
    k.phys = new PhysMem(s.phys.config, s.phys)
    k.phys.reclaim = () => shrink_page_cache(k, 32, false)
    for (const ms of s.mms) {
      const mm = new MmStruct(ms.id, new PageTable(ms.pgd))
      Object.assign(mm, ms.scalars)
      mm.vmas = ms.vmas.map((v) => v.clone())
      k.mms.set(mm.id, mm)
    }
    for (const t of s.tasks) {
      const c = cloneTask(t)
      c.mm = t.mm ? k.mms.get(t.mm.id)! : null
      k.tasks.set(c.pid, c)
    }
    for (const m of s.mappings) k.mappings.set(m.id, AddressSpace.restore(m))
    k.notifiers = s.notifiers.map((n) => ({ ...n }))
    k.gup = new Map(s.gup.map(([pfn, r]) => [pfn, { ...r }]))
    k.kernelRefs = new Map(s.kernelRefs)
    k.vmstat = { ...s.vmstat }
    k.ids = { ...s.ids }
    k.clock = s.clock
    k.prng = s.prng
    k.tracer.seq = s.seq
    k.bugs = s.bugs.slice()
    k.log.lines = s.log.map((l) => ({ ...l }))
    return k
  }
}

function cloneTask(t: TaskStruct): TaskStruct {
  const c = new TaskStruct(t.pid, t.tgid, t.comm, { ...t.cred, caps: t.cred.caps.slice() }, t.mm, t.parent)
  c.rlim = t.rlim.map((r) => [r[0], r[1]] as [number, number])
  c.signal_pending = t.signal_pending.slice()
  c.exited = t.exited
  c.exit_code = t.exit_code
  c.preempted = t.preempted && { ...t.preempted, buf: t.preempted.buf.slice(), gup: t.preempted.gup && { ...t.preempted.gup } }
  return c
}

function snapMm(mm: MmStruct): MmSnapshot {
  const { vmas, pgd, id, ...scalars } = mm
  return { id, vmas: vmas.map((v) => v.clone()), pgd: pgd.snapshot(), scalars: { ...scalars } }
}
