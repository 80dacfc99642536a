/**
 * libibverbs (rdma-core) for the C runtime: <infiniband/verbs.h> with rdma-core's signatures,
 * struct layouts (checked against the real header by tests/programs/systems/verbs_layout.c) and
 * return conventions (userspace-api.md §1): pointer-returning verbs give NULL and set errno,
 * int-returning verbs give 0 or a POSITIVE errno value (ibv_post_send/recv also set *bad_wr),
 * ibv_poll_cq the number of completions.
 *
 * The library talks to the kernel's uverbs (electron/kernel/drivers/infiniband/core/uverbs.ts)
 * through its command descriptor: ibv_open_device opens /dev/infiniband/uverbsN (cmd_fd) and gets
 * a user context bound to that open file; each later verb finds the context again from
 * context->cmd_fd and the object from its `handle` field, as rdma-core does. Closing the device
 * (or exiting) closes the file, and the kernel destroys whatever is left.
 *
 * ibv_get_device_list reads /sys/class/infiniband_verbs: without it (no RDMA in the kernel) it
 * returns NULL with errno ENOSYS, as on this machine natively.
 *
 * Fork support (§1.9): ibv_fork_init turns on range tracking: every non-ODP registration
 * madvise(MADV_DONTFORK)s its page-aligned range, deregistration MADV_DOFORKs the pages no other
 * MR covers. It fails with EINVAL after the first registration; it is a no-op returning 0 when the
 * kernel reports copy-on-fork (rdmaCopyOnForkAttr, 5.13+; rdma-core ≥ v52), and
 * ibv_is_fork_initialized then returns IBV_FORK_UNNEEDED. RDMAV_FORK_SAFE / IBV_FORK_SAFE (set and
 * not "0") call ibv_fork_init at library initialisation (the first ibv_get_device_list).
 *
 * ODP: ibv_query_device_ex reports odp_caps from 3.19; IBV_ACCESS_ON_DEMAND MRs are not
 * dontfork'ed (as rdma-core); ibv_advise_mr goes to the kernel (EOPNOTSUPP before 5.0).
 *
 * Not provided (link errors, on purpose rather than stubs): completion channels and
 * ibv_req_notify_cq, async events, SRQ, address handles, memory windows, ibv_rereg_mr,
 * dmabuf MRs; QP types other than RC give EOPNOTSUPP.
 */
import type { Value } from '../cc/ast'
import type { NativeContext, NativeFn, NativeResult } from '../cc/vm'
import { ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { MADV_DOFORK, MADV_DONTFORK } from '../../kernel/include/uapi/asm-generic/mman-common'
import { RLIMIT_MEMLOCK } from '../../kernel/include/uapi/linux/resource'
import { ib_uverbs_cdev, type IbUcontext } from '../../kernel/drivers/infiniband/core/uverbs'
import { IB_ACCESS_ON_DEMAND } from '../../kernel/drivers/infiniband/core/umem'
import { mlx5_ib_query_device_ex, mlx5_ib_query_gid } from '../../kernel/drivers/infiniband/hw/mlx5/mlx5_ib'
import { emptyQpAttr, IB_QPT_RC, IB_SEND_INLINE, IB_WR_ATOMIC_CMP_AND_SWP, IB_WR_ATOMIC_FETCH_AND_ADD, type IbQp, type IbQpAttr, type IbRecvWr, type IbSendWr, type IbSge } from '../../kernel/drivers/infiniband/core/verbs'
import { freeBytes, mallocBytes } from './alloc'
import { setErrno } from './errno'
import { staticString } from './malloc-call'
import { allocFunctions } from './alloc'
import { cstring, int, machineOf, num, procOf, threadHostOf } from './runtime'
import { writeCString } from './user-memory'

const O_RDWR = 2
const O_CLOEXEC = 0o2000000
const PAGE = 4096
const UVERBS_SYSFS = '/sys/class/infiniband_verbs'

/* struct sizes and offsets (x86-64; rdma-core's verbs.h, see verbs_layout.c) */
const SZ_DEVICE = 664
const SZ_CONTEXT = 328
const SZ_PD = 16
const SZ_MR = 48
const SZ_CQ = 128
const SZ_QP = 160

/** Per-process library state (copied on fork, as the child inherits the library's memory). */
class VerbsState {
  constructor(
    public initialized = false,
    public forkTracking = false,
    /** "too_late": a registration happened without tracking, ibv_fork_init now fails. */
    public tooLate = false,
    /** Fork tracking: MRs covering each page (page index → count). */
    public pageRefs: Map<number, number> = new Map()
  ) {}

  clone(): VerbsState {
    return new VerbsState(this.initialized, this.forkTracking, this.tooLate, new Map(this.pageRefs))
  }
}

function state(ctx: NativeContext): VerbsState {
  let s = ctx.proc.libc.verbs as VerbsState | undefined
  if (!(s instanceof VerbsState)) ctx.proc.libc.verbs = s = new VerbsState()
  return s
}

function ptrOf(v: Value | undefined): number {
  return num(v)
}

function calloc(ctx: NativeContext, n: number): number {
  const p = mallocBytes(ctx, n)
  if (p !== 0) ctx.mem.fill(p, 0, n)
  return p
}

function stderr(ctx: NativeContext, text: string): void {
  machineOf(ctx).vfs.write(procOf(ctx).pid, 2, new TextEncoder().encode(text))
}

/** Does this machine's kernel have RDMA (the uverbs class in sysfs)? */
function haveRdma(ctx: NativeContext): boolean {
  return typeof machineOf(ctx).vfs.stat(procOf(ctx).pid, UVERBS_SYSFS, { uid: 0, gid: 0 }) !== 'number'
}

/** The kernel context behind a struct ibv_context * (its cmd_fd's open file), or null. */
function ucontextOf(ctx: NativeContext, ibctx: number): IbUcontext | null {
  if (ibctx === 0) return null
  const m = machineOf(ctx)
  const fd = ctx.mem.load32(ibctx + 264) | 0
  const file = m.vfs.file(procOf(ctx).pid, fd)
  if (typeof file === 'number') return null
  return ib_uverbs_cdev(m.kernel).contextOf(file)
}

/** The context of an object whose first field is `struct ibv_context *context`. */
function ucontextOfObj(ctx: NativeContext, obj: number): IbUcontext | null {
  if (obj === 0) return null
  return ucontextOf(ctx, Number(ctx.mem.load64(obj)))
}

/**
 * ibv_post_send / ibv_post_recv's return: 0, or the errno value with *bad_wr set to the work
 * request the kernel refused (`ptrs` are the chain's request addresses in order).
 */
function postResult(ctx: NativeContext, r: { ret: number; bad: number }, ptrs: readonly number[], badWr: number): number {
  if (r.ret >= 0) return 0
  ctx.mem.store64(badWr, ptrs[r.bad] ?? 0)
  return -r.ret
}

/**
 * ibv_dealloc_pd / ibv_destroy_cq / ibv_destroy_qp: the object's kernel handle is the u32 at
 * `handleAt` in its struct; the kernel destroys it (or refuses: EBUSY while in use), then the
 * struct is freed. Returns 0 or an errno value, as libibverbs does.
 */
function destroyObject(ctx: NativeContext, obj: number, handleAt: number, destroy: (uc: IbUcontext, handle: number) => number): number {
  const uc = ucontextOfObj(ctx, obj)
  if (!uc) return ERRNO.EINVAL
  const r = destroy(uc, ctx.mem.load32(obj + handleAt))
  if (r < 0) return -r
  freeBytes(ctx, obj)
  return 0
}

function fail(ctx: NativeContext, errno: number): number {
  setErrno(ctx, errno)
  return 0
}

// ------------------------------------------------------------------ fork support (memory.c)

function forkInit(ctx: NativeContext): number {
  const s = state(ctx)
  const k = machineOf(ctx).kernel
  if (s.forkTracking) return 0
  // rdma-core ≥ v52: nothing to do when the kernel copies pinned pages at fork.
  if (haveRdma(ctx) && k.has('rdmaCopyOnForkAttr')) return 0
  if (s.tooLate) return ERRNO.EINVAL
  s.forkTracking = true
  return 0
}

function libraryInit(ctx: NativeContext): void {
  const s = state(ctx)
  if (s.initialized) return
  s.initialized = true
  const p = procOf(ctx)
  const task = threadHostOf(ctx).task
  const soft = task.rlim[RLIMIT_MEMLOCK]![0]
  if (task.cred.euid !== 0 && soft <= 32768) {
    stderr(ctx, `libibverbs: Warning: RLIMIT_MEMLOCK is ${soft} bytes.\n    This will severely limit memory registrations.\n`)
  }
  for (const name of ['RDMAV_FORK_SAFE', 'IBV_FORK_SAFE']) {
    const v = getenv(ctx, p.envpAddr, name)
    if (v !== null && v !== '0') {
      if (forkInit(ctx) !== 0) stderr(ctx, 'libibverbs: Warning: fork()-safety requested but init failed\n')
      break
    }
  }
}

function getenv(ctx: NativeContext, envp: number, name: string): string | null {
  if (!envp) return null
  for (let i = 0; i < 4096; i++) {
    const s = num(ctx.mem.load64(envp + i * 8))
    if (s === 0) return null
    const entry = cstring(ctx, s)
    if (entry.startsWith(name + '=')) return entry.slice(name.length + 1)
  }
  return null
}

function madvisePages(ctx: NativeContext, first: number, count: number, advice: number): number {
  if (count === 0) return 0
  return machineOf(ctx).kernel.madvise(threadHostOf(ctx).task, first * PAGE, count * PAGE, advice)
}

/** ibv_dontfork_range: MADV_DONTFORK the pages newly covered (tracking on), else mark too_late. */
function dontforkRange(ctx: NativeContext, addr: number, len: number): number {
  const s = state(ctx)
  if (!s.forkTracking) {
    s.tooLate = true
    return 0
  }
  const first = Math.floor(addr / PAGE)
  const end = Math.ceil((addr + Math.max(len, 1)) / PAGE)
  const r = madvisePages(ctx, first, end - first, MADV_DONTFORK)
  if (r < 0) return -r
  for (let p = first; p < end; p++) s.pageRefs.set(p, (s.pageRefs.get(p) ?? 0) + 1)
  return 0
}

/** ibv_dofork_range: MADV_DOFORK the pages no other MR covers any more (page by page on failure). */
function doforkRange(ctx: NativeContext, addr: number, len: number): void {
  const s = state(ctx)
  if (!s.forkTracking) return
  const first = Math.floor(addr / PAGE)
  const end = Math.ceil((addr + Math.max(len, 1)) / PAGE)
  for (let p = first; p < end; p++) {
    const n = (s.pageRefs.get(p) ?? 1) - 1
    if (n > 0) {
      s.pageRefs.set(p, n)
      continue
    }
    s.pageRefs.delete(p)
    madvisePages(ctx, p, 1, MADV_DOFORK)
  }
}

// ------------------------------------------------------------------ struct codecs

/**
 * The SGE array of a WR. At most 64 are read: more than the QP's max_*_sge (≤ 30) is EINVAL in
 * the kernel anyway, and a wild num_sge must not make the library walk gigabytes.
 */
function readSges(ctx: NativeContext, list: number, n: number): IbSge[] {
  const out: IbSge[] = []
  for (let i = 0; i < Math.min(n, 64); i++) {
    const p = list + i * 16
    out.push({ addr: num(ctx.mem.load64(p)), length: ctx.mem.load32(p + 8) >>> 0, lkey: ctx.mem.load32(p + 12) >>> 0 })
  }
  return out
}

function u64(v: number | bigint): bigint {
  return typeof v === 'bigint' ? BigInt.asUintN(64, v) : BigInt.asUintN(64, BigInt(v))
}

function readQpAttr(ctx: NativeContext, p: number): IbQpAttr {
  const m = ctx.mem
  const a = emptyQpAttr()
  a.qpState = m.load32(p) | 0
  a.curQpState = m.load32(p + 4) | 0
  a.pathMtu = m.load32(p + 8) | 0
  a.pathMigState = m.load32(p + 12) | 0
  a.qkey = m.load32(p + 16) >>> 0
  a.rqPsn = m.load32(p + 20) >>> 0
  a.sqPsn = m.load32(p + 24) >>> 0
  a.destQpNum = m.load32(p + 28) >>> 0
  a.qpAccessFlags = m.load32(p + 32) >>> 0
  a.cap = { maxSendWr: m.load32(p + 36) >>> 0, maxRecvWr: m.load32(p + 40) >>> 0, maxSendSge: m.load32(p + 44) >>> 0, maxRecvSge: m.load32(p + 48) >>> 0, maxInlineData: m.load32(p + 52) >>> 0 }
  const ah = p + 56
  a.ahAttr = { dlid: m.load16(ah + 24), sl: m.load8(ah + 26), srcPathBits: m.load8(ah + 27), staticRate: m.load8(ah + 28), isGlobal: m.load8(ah + 29), portNum: m.load8(ah + 30) }
  a.pkeyIndex = m.load16(p + 120)
  a.enSqdAsyncNotify = m.load8(p + 124)
  a.maxRdAtomic = m.load8(p + 126)
  a.maxDestRdAtomic = m.load8(p + 127)
  a.minRnrTimer = m.load8(p + 128)
  a.portNum = m.load8(p + 129)
  a.timeout = m.load8(p + 130)
  a.retryCnt = m.load8(p + 131)
  a.rnrRetry = m.load8(p + 132)
  return a
}

function writeQpAttr(ctx: NativeContext, p: number, qp: IbQp): void {
  const m = ctx.mem
  const a = qp.attr
  m.fill(p, 0, 144)
  m.store32(p, qp.state)
  m.store32(p + 4, qp.state)
  m.store32(p + 8, a.pathMtu)
  m.store32(p + 12, a.pathMigState)
  m.store32(p + 16, a.qkey)
  m.store32(p + 20, a.rqPsn)
  m.store32(p + 24, a.sqPsn)
  m.store32(p + 28, a.destQpNum)
  m.store32(p + 32, a.qpAccessFlags)
  writeCap(ctx, p + 36, qp)
  const ah = p + 56
  m.store16(ah + 24, a.ahAttr.dlid)
  m.store8(ah + 26, a.ahAttr.sl)
  m.store8(ah + 27, a.ahAttr.srcPathBits)
  m.store8(ah + 28, a.ahAttr.staticRate)
  m.store8(ah + 29, a.ahAttr.isGlobal)
  m.store8(ah + 30, a.ahAttr.portNum)
  m.store16(p + 120, a.pkeyIndex)
  m.store8(p + 124, a.enSqdAsyncNotify)
  m.store8(p + 126, a.maxRdAtomic)
  m.store8(p + 127, a.maxDestRdAtomic)
  m.store8(p + 128, a.minRnrTimer)
  m.store8(p + 129, a.portNum)
  m.store8(p + 130, a.timeout)
  m.store8(p + 131, a.retryCnt)
  m.store8(p + 132, a.rnrRetry)
}

function writeCap(ctx: NativeContext, p: number, qp: IbQp): void {
  const c = qp.cap
  ctx.mem.store32(p, c.maxSendWr)
  ctx.mem.store32(p + 4, c.maxRecvWr)
  ctx.mem.store32(p + 8, c.maxSendSge)
  ctx.mem.store32(p + 12, c.maxRecvSge)
  ctx.mem.store32(p + 16, c.maxInlineData)
}

function writeDeviceAttr(ctx: NativeContext, p: number, uc: IbUcontext): void {
  const m = ctx.mem
  const a = uc.dev.attr
  m.fill(p, 0, 232)
  writeCString(m, p, a.fwVer)
  const be = (v: bigint) => {
    const b = new Uint8Array(8)
    new DataView(b.buffer).setBigUint64(0, v, false)
    return b
  }
  m.write(p + 64, be(a.nodeGuid))
  m.write(p + 72, be(a.sysImageGuid))
  m.store64(p + 80, a.maxMrSize)
  m.store64(p + 88, a.pageSizeCap)
  const ints: Array<[number, number]> = [
    [96, a.vendorId], [100, a.vendorPartId], [104, a.hwVer], [108, a.maxQp], [112, a.maxQpWr], [116, a.deviceCapFlags],
    [120, a.maxSge], [124, a.maxSgeRd], [128, a.maxCq], [132, a.maxCqe], [136, a.maxMr], [140, a.maxPd],
    [144, a.maxQpRdAtom], [148, a.maxEeRdAtom], [152, a.maxResRdAtom], [156, a.maxQpInitRdAtom], [160, a.maxEeInitRdAtom],
    [164, a.atomicCap], [168, a.maxEe], [172, a.maxRdd], [176, a.maxMw], [180, a.maxRawIpv6Qp], [184, a.maxRawEthyQp],
    [188, a.maxMcastGrp], [192, a.maxMcastQpAttach], [196, a.maxTotalMcastQpAttach], [200, a.maxAh], [204, a.maxFmr],
    [208, a.maxMapPerFmr], [212, a.maxSrq], [216, a.maxSrqWr], [220, a.maxSrqSge]
  ]
  for (const [off, v] of ints) m.store32(p + off, v >>> 0)
  m.store16(p + 224, a.maxPkeys)
  m.store8(p + 226, a.localCaAckDelay)
  m.store8(p + 227, a.physPortCnt)
}

// ------------------------------------------------------------------ strings (enum_strs.c)

const WC_STATUS_STR = [
  'success', 'local length error', 'local QP operation error', 'local EE context operation error', 'local protection error',
  'Work Request Flushed Error', 'memory management operation error', 'bad response error', 'local access error',
  'remote invalid request error', 'remote access error', 'remote operation error', 'transport retry counter exceeded',
  'RNR retry counter exceeded', 'local RDD violation error', 'remote invalid RD request', 'aborted error',
  'invalid EE context number', 'invalid EE context state', 'fatal error', 'response timeout error', 'general error',
  'TM error', 'TM software rendezvous'
]
const NODE_TYPE_STR: Record<number, string> = {
  1: 'InfiniBand channel adapter', 2: 'InfiniBand switch', 3: 'InfiniBand router', 4: 'iWARP NIC', 5: 'usNIC', 6: 'usNIC UDP', 7: 'unspecified'
}
const PORT_STATE_STR = ['no state change (NOP)', 'down', 'init', 'armed', 'active', 'active defer']
const WR_OPCODE_STR: Record<number, string> = {
  0: 'rdma-write', 1: 'rdma-write-with-imm', 2: 'send', 3: 'send-with-imm', 4: 'rdma-read', 5: 'atomic-cmp-and-swp',
  6: 'atomic-fetch-and-add', 7: 'local-inv', 8: 'bind-mw', 9: 'send-with-inv', 10: 'tso', 11: 'driver1', 14: 'flush', 15: 'atomic-write'
}

const str = (ctx: NativeContext, text: string): NativeResult => staticString(ctx, text, allocFunctions.malloc)

// ------------------------------------------------------------------ the verbs

export const verbsFunctions: Record<string, NativeFn> = {
  ibv_get_device_list: (ctx, a) => {
    const numOut = ptrOf(a[0])
    if (numOut) ctx.mem.store32(numOut, 0)
    libraryInit(ctx)
    const m = machineOf(ctx)
    const pid = procOf(ctx).pid
    const entries = m.vfs.readdir(pid, UVERBS_SYSFS, { uid: 0, gid: 0 })
    if (typeof entries === 'number') return fail(ctx, ERRNO.ENOSYS)
    const dev = ib_uverbs_cdev(m.kernel).dev
    const names = entries.map((e) => e.name).filter((n) => n === dev.uverbsName)
    const list = calloc(ctx, 8 * (names.length + 1))
    if (list === 0) return 0
    for (let i = 0; i < names.length; i++) {
      const d = calloc(ctx, SZ_DEVICE)
      if (d === 0) return 0
      ctx.mem.store32(d + 16, dev.nodeType)
      ctx.mem.store32(d + 20, dev.transportType)
      writeCString(ctx.mem, d + 24, dev.name)
      writeCString(ctx.mem, d + 88, dev.uverbsName)
      writeCString(ctx.mem, d + 152, `${UVERBS_SYSFS}/${dev.uverbsName}`)
      writeCString(ctx.mem, d + 408, `/sys/class/infiniband/${dev.name}`)
      ctx.mem.store64(list + 8 * i, d)
    }
    if (numOut) ctx.mem.store32(numOut, names.length)
    return list
  },
  ibv_free_device_list: (ctx, a) => {
    const list = ptrOf(a[0])
    if (list === 0) return 0
    // Devices stay valid while a context is open on them (rdma-core refcounts); these are small
    // and stay allocated, only the array goes.
    freeBytes(ctx, list)
    return 0
  },
  ibv_get_device_name: (ctx, a) => (ptrOf(a[0]) === 0 ? 0 : ptrOf(a[0]) + 24),
  ibv_get_device_guid: (ctx, a) => {
    if (ptrOf(a[0]) === 0) return 0
    // __be64: the bytes in memory are the GUID in network order.
    const g = ib_uverbs_cdev(machineOf(ctx).kernel).dev.attr.nodeGuid
    const b = new Uint8Array(8)
    new DataView(b.buffer).setBigUint64(0, g, false)
    return new DataView(b.buffer).getBigUint64(0, true)
  },
  ibv_open_device: (ctx, a) => {
    const d = ptrOf(a[0])
    if (d === 0) return fail(ctx, ERRNO.EINVAL)
    const m = machineOf(ctx)
    const pid = procOf(ctx).pid
    const task = threadHostOf(ctx).task
    const name = cstring(ctx, d + 88, 64)
    const cred = { uid: task.cred.euid, gid: task.cred.euid }
    const fd = m.vfs.open(pid, `/dev/infiniband/${name}`, O_RDWR | O_CLOEXEC, 0, cred)
    if (fd < 0) return fail(ctx, -fd)
    const file = m.vfs.file(pid, fd)
    const cdev = ib_uverbs_cdev(m.kernel)
    const uc = typeof file === 'number' ? file : cdev.get_context(file, task)
    if (typeof uc === 'number') {
      m.vfs.close(pid, fd)
      return fail(ctx, -uc)
    }
    // The async event file (an anonymous inode in Linux): a second descriptor.
    const afd = m.vfs.open(pid, `/dev/infiniband/${name}`, O_RDWR | O_CLOEXEC, 0, cred)
    const c = calloc(ctx, SZ_CONTEXT)
    if (c === 0) {
      m.vfs.close(pid, fd)
      if (afd >= 0) m.vfs.close(pid, afd)
      return 0
    }
    ctx.mem.store64(c, d)
    ctx.mem.store32(c + 264, fd)
    ctx.mem.store32(c + 268, afd)
    ctx.mem.store32(c + 272, uc.dev.attr.numCompVectors)
    return c
  },
  ibv_close_device: (ctx, a) => {
    const c = ptrOf(a[0])
    if (c === 0) return ERRNO.EINVAL
    const m = machineOf(ctx)
    const pid = procOf(ctx).pid
    m.vfs.close(pid, ctx.mem.load32(c + 268) | 0)
    m.vfs.close(pid, ctx.mem.load32(c + 264) | 0)
    freeBytes(ctx, c)
    return 0
  },
  ibv_query_device: (ctx, a) => {
    const uc = ucontextOf(ctx, ptrOf(a[0]))
    if (!uc) return ERRNO.EINVAL
    writeDeviceAttr(ctx, ptrOf(a[1]), uc)
    return 0
  },
  ibv_query_device_ex: (ctx, a) => {
    const uc = ucontextOf(ctx, ptrOf(a[0]))
    if (!uc) return ERRNO.EINVAL
    const input = ptrOf(a[1])
    if (input !== 0 && ctx.mem.load32(input) !== 0) return ERRNO.EINVAL
    const p = ptrOf(a[2])
    ctx.mem.fill(p, 0, 400)
    writeDeviceAttr(ctx, p, uc)
    // The driver's extended attributes per kernel version (mlx5_ib_query_device_ex: no ex
    // command before 3.19 → all zero, ODP caps from 3.19, clock/timestamp mask from 4.5), the
    // same table ibv_devinfo -v prints.
    const ex = mlx5_ib_query_device_ex(uc.dev)
    ctx.mem.store64(p + 240, ex.odpGeneralCaps)
    ctx.mem.store32(p + 248, ex.rcOdpCaps)
    ctx.mem.store32(p + 252, ex.ucOdpCaps)
    ctx.mem.store32(p + 256, ex.udOdpCaps)
    ctx.mem.store64(p + 264, ex.completionTimestampMask)
    ctx.mem.store64(p + 272, ex.hcaCoreClock)
    ctx.mem.store64(p + 280, ex.deviceCapFlagsEx)
    ctx.mem.store32(p + 392, ex.xrcOdpCaps)
    ctx.mem.store32(p + 396, uc.dev.attr.physPortCnt)
    return 0
  },
  ibv_query_port: (ctx, a) => {
    const uc = ucontextOf(ctx, ptrOf(a[0]))
    if (!uc) return ERRNO.EINVAL
    if ((int(a[1]) & 0xff) !== 1) return ERRNO.EINVAL
    const p = ptrOf(a[2])
    const m = ctx.mem
    const s = uc.dev.port
    m.fill(p, 0, 56)
    m.store32(p, s.state)
    m.store32(p + 4, s.maxMtu)
    m.store32(p + 8, s.activeMtu)
    m.store32(p + 12, s.gidTblLen)
    m.store32(p + 16, s.portCapFlags)
    m.store32(p + 20, s.maxMsgSz)
    m.store32(p + 24, s.badPkeyCntr)
    m.store32(p + 28, s.qkeyViolCntr)
    m.store16(p + 32, s.pkeyTblLen)
    m.store16(p + 34, s.lid)
    m.store16(p + 36, s.smLid)
    m.store8(p + 38, s.lmc)
    m.store8(p + 39, s.maxVlNum)
    m.store8(p + 40, s.smSl)
    m.store8(p + 41, s.subnetTimeout)
    m.store8(p + 42, s.initTypeReply)
    m.store8(p + 43, s.activeWidth)
    m.store8(p + 44, s.activeSpeed)
    m.store8(p + 45, s.physState)
    m.store8(p + 46, s.linkLayer)
    m.store8(p + 47, s.flags)
    m.store16(p + 48, s.portCapFlags2)
    return 0
  },
  ibv_query_gid: (ctx, a) => {
    const uc = ucontextOf(ctx, ptrOf(a[0]))
    if (!uc) return ERRNO.EINVAL
    const index = int(a[2])
    const b = (int(a[1]) & 0xff) === 1 ? mlx5_ib_query_gid(uc.dev, index) : null
    if (!b) return ERRNO.EINVAL
    ctx.mem.write(ptrOf(a[3]), b)
    return 0
  },
  ibv_query_pkey: (ctx, a) => {
    const uc = ucontextOf(ctx, ptrOf(a[0]))
    if (!uc) return ERRNO.EINVAL
    const index = int(a[2])
    if ((int(a[1]) & 0xff) !== 1 || index < 0 || index >= uc.dev.port.pkeyTblLen) return ERRNO.EINVAL
    ctx.mem.store16(ptrOf(a[3]), index === 0 ? 0xffff : 0)
    return 0
  },

  ibv_alloc_pd: (ctx, a) => {
    const c = ptrOf(a[0])
    const uc = ucontextOf(ctx, c)
    if (!uc) return fail(ctx, ERRNO.EINVAL)
    const p = calloc(ctx, SZ_PD)
    if (p === 0) return 0
    const pd = uc.alloc_pd()
    ctx.mem.store64(p, c)
    ctx.mem.store32(p + 8, pd.handle)
    return p
  },
  ibv_dealloc_pd: (ctx, a) => destroyObject(ctx, ptrOf(a[0]), 8, (uc, h) => uc.dealloc_pd(h)),

  ibv_reg_mr: (ctx, a) => regMr(ctx, a[0], num(a[1]), num(a[2]), num(a[1]), int(a[3])),
  ibv_reg_mr_iova: (ctx, a) => regMr(ctx, a[0], num(a[1]), num(a[2]), num(a[3]), int(a[4])),
  ibv_reg_mr_iova2: (ctx, a) => regMr(ctx, a[0], num(a[1]), num(a[2]), num(a[3]), int(a[4])),
  ibv_dereg_mr: (ctx, a) => {
    const p = ptrOf(a[0])
    const uc = ucontextOfObj(ctx, p)
    if (!uc) return ERRNO.EINVAL
    const handle = ctx.mem.load32(p + 32)
    const mr = uc.mrs.get(handle)
    const r = uc.dereg_mr(handle, procOf(ctx).pid)
    if (r < 0) return -r
    if (mr && !(mr.access & IB_ACCESS_ON_DEMAND)) doforkRange(ctx, num(ctx.mem.load64(p + 16)), num(ctx.mem.load64(p + 24)))
    freeBytes(ctx, p)
    return 0
  },

  ibv_create_cq: (ctx, a) => {
    const c = ptrOf(a[0])
    const uc = ucontextOf(ctx, c)
    if (!uc) return fail(ctx, ERRNO.EINVAL)
    const vector = int(a[4])
    if (vector < 0 || vector >= uc.dev.attr.numCompVectors) return fail(ctx, ERRNO.EINVAL)
    if (ptrOf(a[3]) !== 0) return fail(ctx, ERRNO.EOPNOTSUPP) // completion channels are not modelled
    const cq = uc.create_cq(int(a[1]))
    if (typeof cq === 'number') return fail(ctx, -cq)
    const p = calloc(ctx, SZ_CQ)
    if (p === 0) {
      uc.destroy_cq(cq.handle)
      return 0
    }
    ctx.mem.store64(p, c)
    ctx.mem.store64(p + 16, ptrOf(a[2]))
    ctx.mem.store32(p + 24, cq.handle)
    ctx.mem.store32(p + 28, cq.cqe)
    return p
  },
  ibv_destroy_cq: (ctx, a) => destroyObject(ctx, ptrOf(a[0]), 24, (uc, h) => uc.destroy_cq(h)),
  ibv_poll_cq: (ctx, a) => {
    const p = ptrOf(a[0])
    const uc = ucontextOfObj(ctx, p)
    if (!uc) return -1
    const wcs = uc.poll_cq(ctx.mem.load32(p + 24), int(a[1]))
    if (typeof wcs === 'number') return -1
    const out = ptrOf(a[2])
    wcs.forEach((wc, i) => {
      const w = out + i * 48
      ctx.mem.fill(w, 0, 48)
      ctx.mem.store64(w, wc.wrId)
      ctx.mem.store32(w + 8, wc.status)
      ctx.mem.store32(w + 12, wc.opcode)
      ctx.mem.store32(w + 16, wc.vendorErr)
      ctx.mem.store32(w + 20, wc.byteLen)
      ctx.mem.store32(w + 24, wc.imm)
      ctx.mem.store32(w + 28, wc.qpNum)
      ctx.mem.store32(w + 32, wc.srcQp)
      ctx.mem.store32(w + 36, wc.wcFlags)
      ctx.mem.store16(w + 42, wc.slid)
    })
    return wcs.length
  },

  ibv_create_qp: (ctx, a) => {
    const pdp = ptrOf(a[0])
    const uc = ucontextOfObj(ctx, pdp)
    if (!uc) return fail(ctx, ERRNO.EINVAL)
    const ia = ptrOf(a[1])
    const m = ctx.mem
    const scqp = num(m.load64(ia + 8))
    const rcqp = num(m.load64(ia + 16))
    if (num(m.load64(ia + 24)) !== 0) return fail(ctx, ERRNO.EOPNOTSUPP) // SRQ not modelled
    const type = m.load32(ia + 52) | 0
    if (type !== IB_QPT_RC) return fail(ctx, ERRNO.EOPNOTSUPP)
    if (scqp === 0 || rcqp === 0) return fail(ctx, ERRNO.EINVAL)
    const cap = { maxSendWr: m.load32(ia + 32) >>> 0, maxRecvWr: m.load32(ia + 36) >>> 0, maxSendSge: m.load32(ia + 40) >>> 0, maxRecvSge: m.load32(ia + 44) >>> 0, maxInlineData: m.load32(ia + 48) >>> 0 }
    const qp = uc.create_qp(m.load32(pdp + 8), m.load32(scqp + 24), m.load32(rcqp + 24), cap, type, (m.load32(ia + 56) | 0) !== 0)
    if (typeof qp === 'number') return fail(ctx, -qp)
    const p = calloc(ctx, SZ_QP)
    if (p === 0) {
      uc.destroy_qp(qp.handle)
      return 0
    }
    writeCap(ctx, ia + 32, qp)
    m.store64(p, num(m.load64(pdp)))
    m.store64(p + 8, num(m.load64(ia)))
    m.store64(p + 16, pdp)
    m.store64(p + 24, scqp)
    m.store64(p + 32, rcqp)
    m.store32(p + 48, qp.handle)
    m.store32(p + 52, qp.qpn)
    m.store32(p + 56, qp.state)
    m.store32(p + 60, type)
    return p
  },
  ibv_modify_qp: (ctx, a) => {
    const p = ptrOf(a[0])
    const uc = ucontextOfObj(ctx, p)
    if (!uc) return ERRNO.EINVAL
    const mask = int(a[2])
    const attr = readQpAttr(ctx, ptrOf(a[1]))
    const r = uc.modify_qp(ctx.mem.load32(p + 48), attr, mask)
    if (r < 0) return -r
    if (mask & 1) ctx.mem.store32(p + 56, attr.qpState)
    return 0
  },
  ibv_query_qp: (ctx, a) => {
    const p = ptrOf(a[0])
    const uc = ucontextOfObj(ctx, p)
    if (!uc) return ERRNO.EINVAL
    const qp = uc.query_qp(ctx.mem.load32(p + 48))
    if (typeof qp === 'number') return -qp
    writeQpAttr(ctx, ptrOf(a[1]), qp)
    const ia = ptrOf(a[3])
    if (ia !== 0) {
      const m = ctx.mem
      m.fill(ia, 0, 64)
      m.store64(ia, num(m.load64(p + 8)))
      m.store64(ia + 8, num(m.load64(p + 24)))
      m.store64(ia + 16, num(m.load64(p + 32)))
      writeCap(ctx, ia + 32, qp)
      m.store32(ia + 52, qp.type)
      m.store32(ia + 56, qp.sqSigAll ? 1 : 0)
    }
    ctx.mem.store32(p + 56, qp.state)
    return 0
  },
  ibv_destroy_qp: (ctx, a) => destroyObject(ctx, ptrOf(a[0]), 48, (uc, h) => uc.destroy_qp(h)),
  ibv_post_send: (ctx, a) => {
    const p = ptrOf(a[0])
    const uc = ucontextOfObj(ctx, p)
    if (!uc) return ERRNO.EINVAL
    const m = ctx.mem
    const ptrs: number[] = []
    const wrs: IbSendWr[] = []
    for (let w = ptrOf(a[1]); w !== 0 && ptrs.length < 1 << 16; w = num(m.load64(w + 8))) {
      const nsge = m.load32(w + 24) | 0
      const sg = readSges(ctx, num(m.load64(w + 16)), Math.max(0, nsge))
      const flags = m.load32(w + 32) >>> 0
      let inline: Uint8Array | null = null
      if (flags & IB_SEND_INLINE) {
        // Copied at post time from the process's memory (the lkey is not checked).
        // Beyond 64 KiB it is over any max_inline_data: the kernel refuses it by the SGE lengths.
        const total = sg.reduce((s, g) => s + g.length, 0)
        inline = new Uint8Array(total <= 1 << 16 ? total : 0)
        let at = 0
        for (const g of sg) {
          if (total <= 1 << 16) inline.set(m.read(g.addr, g.length), at)
          at += g.length
        }
      }
      ptrs.push(w)
      const opcode = m.load32(w + 28) | 0
      // wr.rdma.rkey is at +48; for atomics wr.atomic.rkey is at +64 (after compare_add, swap).
      const atomic = opcode === IB_WR_ATOMIC_CMP_AND_SWP || opcode === IB_WR_ATOMIC_FETCH_AND_ADD
      wrs.push({
        wrId: u64(m.load64(w)), sg, opcode, sendFlags: flags, imm: m.load32(w + 36) >>> 0,
        remoteAddr: num(m.load64(w + 40)), rkey: m.load32(atomic ? w + 64 : w + 48) >>> 0,
        compareAdd: atomic ? u64(m.load64(w + 48)) : 0n, swap: atomic ? u64(m.load64(w + 56)) : 0n, inline
      })
    }
    return postResult(ctx, uc.post_send(m.load32(p + 48), wrs), ptrs, ptrOf(a[2]))
  },
  ibv_post_recv: (ctx, a) => {
    const p = ptrOf(a[0])
    const uc = ucontextOfObj(ctx, p)
    if (!uc) return ERRNO.EINVAL
    const m = ctx.mem
    const ptrs: number[] = []
    const wrs: IbRecvWr[] = []
    for (let w = ptrOf(a[1]); w !== 0 && ptrs.length < 1 << 16; w = num(m.load64(w + 8))) {
      ptrs.push(w)
      wrs.push({ wrId: u64(m.load64(w)), sg: readSges(ctx, num(m.load64(w + 16)), Math.max(0, m.load32(w + 24) | 0)) })
    }
    return postResult(ctx, uc.post_recv(m.load32(p + 48), wrs), ptrs, ptrOf(a[2]))
  },

  ibv_advise_mr: (ctx, a) => {
    const pdp = ptrOf(a[0])
    const uc = ucontextOfObj(ctx, pdp)
    if (!uc) return ERRNO.EINVAL
    const sges = readSges(ctx, ptrOf(a[3]), Math.min(num(a[4]) >>> 0, 1 << 16))
    const r = uc.advise_mr(ctx.mem.load32(pdp + 8), int(a[1]), num(a[2]) >>> 0, sges)
    return r < 0 ? -r : 0
  },
  ibv_fork_init: (ctx) => forkInit(ctx),
  ibv_is_fork_initialized: (ctx) => {
    const k = machineOf(ctx).kernel
    // RDMA_NLDEV_SYS_ATTR_COPY_ON_FORK over RDMA netlink (needs RDMA in the kernel).
    if (haveRdma(ctx) && k.has('rdmaCopyOnForkAttr')) return 2
    return state(ctx).forkTracking ? 1 : 0
  },

  ibv_wc_status_str: (ctx, a) => str(ctx, WC_STATUS_STR[int(a[0])] ?? 'unknown'),
  ibv_node_type_str: (ctx, a) => str(ctx, NODE_TYPE_STR[int(a[0])] ?? 'unknown'),
  ibv_port_state_str: (ctx, a) => str(ctx, PORT_STATE_STR[int(a[0])] ?? 'unknown'),
  ibv_wr_opcode_str: (ctx, a) => str(ctx, WR_OPCODE_STR[int(a[0])] ?? 'unknown')
}

/** ibv_reg_mr_iova2 (verbs.c): dontfork the range, REG_MR, fill struct ibv_mr; undo on failure. */
function regMr(ctx: NativeContext, pdv: Value | undefined, addr: number, length: number, iova: number, access: number): NativeResult {
  const pdp = ptrOf(pdv)
  const uc = ucontextOfObj(ctx, pdp)
  if (!uc) return fail(ctx, ERRNO.EINVAL)
  const odp = (access & IB_ACCESS_ON_DEMAND) !== 0
  if (!odp) {
    const r = dontforkRange(ctx, addr, length)
    if (r !== 0) return fail(ctx, r)
  }
  const mr = uc.reg_mr(threadHostOf(ctx).task, ctx.mem.load32(pdp + 8), addr, length, iova, access)
  if (typeof mr === 'number') {
    if (!odp) doforkRange(ctx, addr, length)
    return fail(ctx, -mr)
  }
  const p = calloc(ctx, SZ_MR)
  if (p === 0) {
    uc.dereg_mr(mr.handle)
    return 0
  }
  ctx.mem.store64(p, num(ctx.mem.load64(pdp)))
  ctx.mem.store64(p + 8, pdp)
  ctx.mem.store64(p + 16, addr)
  ctx.mem.store64(p + 24, length)
  ctx.mem.store32(p + 32, mr.handle)
  ctx.mem.store32(p + 36, mr.lkey)
  ctx.mem.store32(p + 40, mr.rkey)
  return p
}
