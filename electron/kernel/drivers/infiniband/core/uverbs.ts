/**
 * drivers/infiniband/core/uverbs_main.c + uverbs_cmd.c — /dev/infiniband/uverbs0 and the verbs
 * commands a user context issues: ALLOC_PD, REG_MR, DEREG_MR, CREATE_CQ, CREATE_QP, MODIFY_QP,
 * QUERY_QP, DESTROY_*, POST_SEND, POST_RECV, POLL_CQ (the last three are doorbells/CQ reads on
 * real mlx5 hardware; here they are calls into the device model).
 *
 * Contract: every command returns a value or a negative errno and never throws. One IbUcontext
 * per open file of the char device (ib_uverbs_open + GET_CONTEXT); the last close of that file
 * (process exit included) runs ib_uverbs_cleanup_ucontext: QPs, CQs and MRs are destroyed and
 * every MR's umem released (pages dirtied if writable, pins dropped, pinned_vm given back).
 *
 * Memory registration (ib_uverbs_reg_mr → mlx5_ib_reg_user_mr → ib_umem_get):
 *   start and hca_va with different page offsets → -EINVAL; ib_check_mr_access (-EINVAL);
 *   IB_ACCESS_ON_DEMAND from 3.19 (ibOdp): ib_umem_odp_get (no pinning, no pinned_vm), explicit
 *   ODP only (an implicit whole-address-space MR is not modelled: -EINVAL); before 3.19 the bit
 *   meant nothing and the range was pinned like any other MR; then ib_umem_get's errors.
 */
import type { Kernel } from '../../../kernel'
import type { TaskStruct } from '../../../include/linux/sched'
import type { CharDeviceOps } from '../../../fs/inode'
import { EBUSY, EINVAL, ENOMEM, EOPNOTSUPP } from '../../../include/uapi/asm-generic/errno'
import { ib_umem_odp_get, ib_umem_odp_map_dma_and_lock, ib_umem_odp_map_present, ib_umem_odp_release } from './umem_odp'
import { EFAULT, EPERM } from '../../../include/uapi/asm-generic/errno'
import { IB_ACCESS_ON_DEMAND, ib_check_mr_access, ib_umem_get, ib_umem_release, IB_ACCESS_SUPPORTED } from './umem'
import {
  emptyQpAttr, ib_modify_qp_is_ok, IB_QP_ACCESS_FLAGS, IB_QP_AV, IB_QP_CAP, IB_QP_DEST_QPN, IB_QP_MAX_DEST_RD_ATOMIC,
  IB_QP_MAX_QP_RD_ATOMIC, IB_QP_MIN_RNR_TIMER, IB_QP_PATH_MTU, IB_QP_PKEY_INDEX, IB_QP_PORT, IB_QP_RETRY_CNT,
  IB_QP_RNR_RETRY, IB_QP_RQ_PSN, IB_QP_SQ_PSN, IB_QP_STATE, IB_QP_TIMEOUT, IB_QPS_ERR, IB_QPS_RESET,
  IB_QPS_RTS, IB_QPT_RC, IB_SEND_INLINE, IB_WR_ATOMIC_CMP_AND_SWP, IB_WR_ATOMIC_FETCH_AND_ADD, IB_WR_RDMA_READ,
  IB_WR_SEND_WITH_IMM, IB_QP_CUR_STATE, IB_QP_PATH_MIG_STATE, IB_QP_ALT_PATH, IB_QP_QKEY, IB_QP_EN_SQD_ASYNC_NOTIFY,
  IB_QP_RATE_LIMIT,
  type IbCq, type IbMr, type IbPd, type IbQp, type IbQpAttr, type IbQpCap, type IbRecvWr, type IbSendWr, type IbWc
} from './verbs'
import { Mlx5IbDevice } from '../hw/mlx5/mlx5_ib'

const PAGE_SIZE = 4096

/** The HCA of a kernel (ib_register_device at boot: one mlx5_0 per simulated host). */
const devices = new WeakMap<Kernel, Mlx5IbDevice>()

export function ib_device_get(k: Kernel): Mlx5IbDevice {
  let d = devices.get(k)
  if (!d) {
    d = new Mlx5IbDevice(k)
    devices.set(k, d)
  }
  return d
}

/** The HCA of a kernel if one was registered, without creating it (memory views). */
export function ib_device_peek(k: Kernel): Mlx5IbDevice | null {
  return devices.get(k) ?? null
}

function roundupPow2(n: number): number {
  let p = 1
  while (p < n) p *= 2
  return p
}

/** The attribute bits ib_uverbs_modify_qp knows; anything else is -EINVAL. */
const QP_ATTR_KNOWN = (1 << 21) - 1 | IB_QP_RATE_LIMIT

export class IbUcontext {
  readonly pds = new Map<number, IbPd>()
  readonly mrs = new Map<number, IbMr>()
  readonly cqs = new Map<number, IbCq>()
  readonly qps = new Map<number, IbQp>()
  private _nextHandle = 0
  closed = false
  /** rdma restrack id of the context (`rdma resource`: ctxn). */
  readonly resId: number

  constructor(readonly k: Kernel, readonly dev: Mlx5IbDevice, readonly owner: TaskStruct) {
    this.resId = dev.restrackId('ctx')
  }

  private handle(): number {
    return this._nextHandle++
  }

  private trace(op: 'create' | 'destroy', obj: 'ucontext' | 'pd' | 'cq' | 'qp', id: number): void {
    if (this.k.tracing) this.k.emit({ type: 'ib_obj', op, dev: this.dev.name, obj, id }, this.owner.pid)
  }

  alloc_pd(): IbPd {
    const pd: IbPd = { handle: this.handle(), pdn: this.dev.allocPdn(), resId: this.dev.restrackId('pd'), usecnt: 0 }
    this.pds.set(pd.handle, pd)
    this.trace('create', 'pd', pd.pdn)
    return pd
  }

  dealloc_pd(handle: number): number {
    const pd = this.pds.get(handle)
    if (!pd) return -EINVAL
    if (pd.usecnt > 0) return -EBUSY
    this.pds.delete(handle)
    this.trace('destroy', 'pd', pd.pdn)
    return 0
  }

  /** ib_uverbs_reg_mr for `task` (current): an IbMr or -errno. */
  reg_mr(task: TaskStruct, pdHandle: number, start: number, length: number, hcaVa: number, access: number): IbMr | number {
    if (start % PAGE_SIZE !== hcaVa % PAGE_SIZE) return -EINVAL
    const acc = ib_check_mr_access(access)
    if (acc < 0) return acc
    const pd = this.pds.get(pdHandle)
    if (!pd) return -EINVAL
    const odp = (access & IB_ACCESS_ON_DEMAND) !== 0 && this.k.has('ibOdp')
    if (odp && start === 0 && length >= 2 ** 53) return -EINVAL
    const umem = odp ? ib_umem_odp_get(this.k, task, start, length, access) : ib_umem_get(this.k, task, start, length, access & IB_ACCESS_SUPPORTED)
    if (typeof umem === 'number') return umem
    const mr = this.dev.mkeyCreate((key) => ({
      handle: this.handle(), pd, lkey: key, rkey: key, iova: hcaVa, length, access, umem, mrn: this.dev.restrackId('mr'), pid: task.tgid, comm: task.comm
    }))
    pd.usecnt++
    this.mrs.set(mr.handle, mr)
    if (this.k.tracing) this.k.emit({ type: 'ib_mr', op: 'reg', dev: this.dev.name, lkey: mr.lkey, rkey: mr.rkey, addr: start, len: length, access }, task.pid)
    return mr
  }

  dereg_mr(handle: number, pid = this.k.curPid): number {
    const mr = this.mrs.get(handle)
    if (!mr) return -EINVAL
    this.mrs.delete(handle)
    this.dev.mkeyDestroy(mr.lkey)
    mr.pd.usecnt--
    if ('odp' in mr.umem) ib_umem_odp_release(this.k, mr.umem)
    else ib_umem_release(this.k, mr.umem, true, pid)
    if (this.k.tracing) this.k.emit({ type: 'ib_mr', op: 'dereg', dev: this.dev.name, lkey: mr.lkey, rkey: mr.rkey, addr: mr.umem.address, len: mr.length, access: mr.access }, pid)
    return 0
  }

  /** mlx5_ib_create_cq: the real size is roundup_pow_of_two(cqe + 1) - 1. */
  create_cq(cqe: number): IbCq | number {
    if (!Number.isInteger(cqe) || cqe < 1 || cqe > this.dev.attr.maxCqe) return -EINVAL
    const cq: IbCq = { handle: this.handle(), cqn: this.dev.allocCqn(), resId: this.dev.restrackId('cq'), cqe: roundupPow2(cqe + 1) - 1, entries: [], overrun: false, usecnt: 0 }
    this.cqs.set(cq.handle, cq)
    this.trace('create', 'cq', cq.cqn)
    return cq
  }

  destroy_cq(handle: number): number {
    const cq = this.cqs.get(handle)
    if (!cq) return -EINVAL
    if (cq.usecnt > 0) return -EBUSY
    this.cqs.delete(handle)
    this.trace('destroy', 'cq', cq.cqn)
    return 0
  }

  poll_cq(handle: number, n: number): IbWc[] | number {
    const cq = this.cqs.get(handle)
    if (!cq) return -EINVAL
    return cq.entries.splice(0, Math.max(0, n))
  }

  create_qp(pdHandle: number, sendCqHandle: number, recvCqHandle: number, cap: IbQpCap, type: number, sqSigAll: boolean): IbQp | number {
    const pd = this.pds.get(pdHandle)
    const scq = this.cqs.get(sendCqHandle)
    const rcq = this.cqs.get(recvCqHandle)
    if (!pd || !scq || !rcq) return -EINVAL
    if (type !== IB_QPT_RC) return -EOPNOTSUPP
    const a = this.dev.attr
    if (cap.maxSendWr > a.maxQpWr || cap.maxRecvWr > a.maxQpWr || cap.maxSendSge > a.maxSge || cap.maxRecvSge > a.maxSge || cap.maxInlineData > a.maxInlineData) return -EINVAL
    const real: IbQpCap = {
      maxSendWr: roundupPow2(Math.max(1, cap.maxSendWr)),
      maxRecvWr: roundupPow2(Math.max(1, cap.maxRecvWr)),
      maxSendSge: Math.max(1, cap.maxSendSge),
      maxRecvSge: Math.max(1, cap.maxRecvSge),
      maxInlineData: cap.maxInlineData
    }
    const qp: IbQp = {
      handle: this.handle(), qpn: this.dev.allocQpn(), type, pd, sendCq: scq, recvCq: rcq, sqSigAll, cap: real,
      state: IB_QPS_RESET, attr: emptyQpAttr(), sq: [], rq: [], rnrWaiting: false
    }
    qp.attr.cap = { ...real }
    pd.usecnt++
    scq.usecnt++
    rcq.usecnt++
    this.qps.set(qp.handle, qp)
    this.dev.qps.set(qp.qpn, qp)
    this.trace('create', 'qp', qp.qpn)
    return qp
  }

  query_qp(handle: number): IbQp | number {
    return this.qps.get(handle) ?? -EINVAL
  }

  /**
   * ib_uverbs_modify_qp → ib_modify_qp_is_ok + attribute checks. On any error nothing changes.
   * RESET clears both queues without completions; ERR flushes them.
   */
  modify_qp(handle: number, attr: IbQpAttr, mask: number): number {
    const qp = this.qps.get(handle)
    if (!qp) return -EINVAL
    if (mask & ~QP_ATTR_KNOWN) return -EINVAL
    const cur = qp.state
    const next = mask & IB_QP_STATE ? attr.qpState : cur
    if (!ib_modify_qp_is_ok(cur, next, qp.type, mask)) return -EINVAL
    const port = this.dev.port
    if (mask & IB_QP_PORT && attr.portNum !== 1) return -EINVAL
    if (mask & IB_QP_PKEY_INDEX && attr.pkeyIndex >= port.pkeyTblLen) return -EINVAL
    if (mask & IB_QP_ACCESS_FLAGS && attr.qpAccessFlags & ~0xff) return -EINVAL
    if (mask & IB_QP_PATH_MTU && (attr.pathMtu < 1 || attr.pathMtu > port.activeMtu)) return -EINVAL
    if (mask & IB_QP_MAX_DEST_RD_ATOMIC && attr.maxDestRdAtomic > this.dev.attr.maxQpRdAtom) return -EINVAL
    if (mask & IB_QP_MAX_QP_RD_ATOMIC && attr.maxRdAtomic > this.dev.attr.maxQpInitRdAtom) return -EINVAL
    if (mask & IB_QP_AV && attr.ahAttr.portNum !== 0 && attr.ahAttr.portNum !== 1) return -EINVAL
    if (mask & IB_QP_CAP) return -EINVAL
    const a = qp.attr
    if (mask & IB_QP_PKEY_INDEX) a.pkeyIndex = attr.pkeyIndex
    if (mask & IB_QP_PORT) a.portNum = attr.portNum
    if (mask & IB_QP_ACCESS_FLAGS) a.qpAccessFlags = attr.qpAccessFlags
    if (mask & IB_QP_AV) a.ahAttr = { ...attr.ahAttr }
    if (mask & IB_QP_PATH_MTU) a.pathMtu = attr.pathMtu
    if (mask & IB_QP_DEST_QPN) a.destQpNum = attr.destQpNum & 0xffffff
    if (mask & IB_QP_RQ_PSN) a.rqPsn = attr.rqPsn & 0xffffff
    if (mask & IB_QP_SQ_PSN) a.sqPsn = attr.sqPsn & 0xffffff
    if (mask & IB_QP_MAX_DEST_RD_ATOMIC) a.maxDestRdAtomic = attr.maxDestRdAtomic
    if (mask & IB_QP_MAX_QP_RD_ATOMIC) a.maxRdAtomic = attr.maxRdAtomic
    if (mask & IB_QP_MIN_RNR_TIMER) a.minRnrTimer = attr.minRnrTimer & 0x1f
    if (mask & IB_QP_TIMEOUT) a.timeout = attr.timeout & 0x1f
    if (mask & IB_QP_RETRY_CNT) a.retryCnt = attr.retryCnt & 7
    if (mask & IB_QP_RNR_RETRY) a.rnrRetry = attr.rnrRetry & 7
    if (mask & IB_QP_QKEY) a.qkey = attr.qkey
    if (mask & IB_QP_PATH_MIG_STATE) a.pathMigState = attr.pathMigState
    if (mask & IB_QP_EN_SQD_ASYNC_NOTIFY) a.enSqdAsyncNotify = attr.enSqdAsyncNotify
    void IB_QP_CUR_STATE
    void IB_QP_ALT_PATH
    if (mask & IB_QP_STATE) {
      if (next === IB_QPS_RESET) {
        qp.sq.length = 0
        qp.rq.length = 0
        qp.rnrWaiting = false
        const keep = qp.attr.cap
        qp.attr = emptyQpAttr()
        qp.attr.cap = keep
        this.dev.setState(qp, IB_QPS_RESET)
      } else if (next === IB_QPS_ERR) {
        this.dev.flush(qp)
      } else {
        this.dev.setState(qp, next)
      }
      a.qpState = qp.state
    }
    return 0
  }

  destroy_qp(handle: number): number {
    const qp = this.qps.get(handle)
    if (!qp) return -EINVAL
    this.qps.delete(handle)
    this.dev.qps.delete(qp.qpn)
    qp.pd.usecnt--
    qp.sendCq.usecnt--
    qp.recvCq.usecnt--
    this.trace('destroy', 'qp', qp.qpn)
    return 0
  }

  /**
   * Post send WRs in order. Returns { ret: 0 } or { ret: -errno, bad: index of the first WR not
   * posted } (the earlier ones were posted). Before RTS: -EINVAL (reference §1.6/§7 item 9, from
   * rxe's check; whether mlx5 hardware accepts and holds such WRs instead is UNVERIFIED); in ERR
   * the WR is accepted and flushed at once; a full send queue: -ENOMEM; more SGEs than
   * max_send_sge, an unknown opcode, an unaligned or short atomic, INLINE over max_inline_data
   * or on a READ/atomic: -EINVAL.
   */
  post_send(handle: number, wrs: IbSendWr[]): { ret: number; bad: number } {
    const qp = this.qps.get(handle)
    if (!qp) return { ret: -EINVAL, bad: 0 }
    for (let i = 0; i < wrs.length; i++) {
      const wr = wrs[i]!
      if (qp.state !== IB_QPS_RTS && qp.state !== IB_QPS_ERR) return { ret: -EINVAL, bad: i }
      if (wr.sg.length > qp.cap.maxSendSge) return { ret: -EINVAL, bad: i }
      if (wr.opcode < 0 || wr.opcode > IB_WR_ATOMIC_FETCH_AND_ADD) return { ret: -EINVAL, bad: i }
      const len = wr.sg.reduce((s, g) => s + g.length, 0)
      if (wr.opcode === IB_WR_ATOMIC_CMP_AND_SWP || wr.opcode === IB_WR_ATOMIC_FETCH_AND_ADD) {
        if (len < 8 || wr.remoteAddr % 8 !== 0) return { ret: -EINVAL, bad: i }
      }
      if (wr.sendFlags & IB_SEND_INLINE) {
        if (wr.opcode === IB_WR_RDMA_READ || wr.opcode > IB_WR_SEND_WITH_IMM) return { ret: -EINVAL, bad: i }
        if (len > qp.cap.maxInlineData) return { ret: -EINVAL, bad: i }
        if (!wr.inline) return { ret: -EINVAL, bad: i }
      }
      if (qp.sq.length >= qp.cap.maxSendWr) return { ret: -ENOMEM, bad: i }
      qp.sq.push(wr)
      if (this.k.tracing) this.k.emit({ type: 'ib_post', dev: this.dev.name, qpn: qp.qpn, queue: 'sq', wrId: wr.wrId.toString(), opcode: wr.opcode })
      if (qp.state === IB_QPS_ERR) this.dev.flush(qp)
      else this.dev.processSq(qp)
    }
    return { ret: 0, bad: -1 }
  }

  /** Post receive WRs: RESET → -EINVAL; a full receive queue → -ENOMEM; ERR flushes at once. */
  post_recv(handle: number, wrs: IbRecvWr[]): { ret: number; bad: number } {
    const qp = this.qps.get(handle)
    if (!qp) return { ret: -EINVAL, bad: 0 }
    for (let i = 0; i < wrs.length; i++) {
      const wr = wrs[i]!
      if (qp.state === IB_QPS_RESET) return { ret: -EINVAL, bad: i }
      if (wr.sg.length > qp.cap.maxRecvSge) return { ret: -EINVAL, bad: i }
      if (qp.rq.length >= qp.cap.maxRecvWr) return { ret: -ENOMEM, bad: i }
      qp.rq.push(wr)
      if (this.k.tracing) this.k.emit({ type: 'ib_post', dev: this.dev.name, qpn: qp.qpn, queue: 'rq', wrId: wr.wrId.toString(), opcode: -1 })
      if (qp.state === IB_QPS_ERR) this.dev.flush(qp)
      else this.dev.kickWaiters(qp)
    }
    return { ret: 0, bad: -1 }
  }

  /**
   * ib_uverbs_advise_mr → mlx5_ib_advise_mr (ODP prefetch): advice 0 PREFETCH (fault in for read),
   * 1 PREFETCH_WRITE, 2 PREFETCH_NO_FAULT (map only pages already present). -EOPNOTSUPP before
   * 5.0 (ibAdviseMr), -EINVAL for a bad advice, flags other than FLUSH, or an lkey that is not an
   * ODP MR of this PD; -EPERM PREFETCH_WRITE on an MR without write access; -EFAULT range outside
   * the MR or not mappable. Synchronous whether or not IB_UVERBS_ADVISE_MR_FLAG_FLUSH is given.
   */
  advise_mr(pdHandle: number, advice: number, flags: number, sges: Array<{ addr: number; length: number; lkey: number }>): number {
    if (!this.k.has('ibAdviseMr')) return -EOPNOTSUPP
    const pd = this.pds.get(pdHandle)
    if (!pd || advice < 0 || advice > 2 || flags & ~1 || sges.length === 0) return -EINVAL
    for (const g of sges) {
      const mr = this.dev.lookup(g.lkey)
      if (!mr || mr.pd !== pd || !('odp' in mr.umem)) return -EINVAL
      if (advice === 1 && !mr.umem.writable) return -EPERM
      if (g.addr < mr.iova || g.addr + g.length > mr.iova + mr.length) return -EFAULT
      const va = mr.umem.address + (g.addr - mr.iova)
      if (advice === 2) {
        ib_umem_odp_map_present(this.k, mr.umem, va, g.length)
        continue
      }
      const r = ib_umem_odp_map_dma_and_lock(this.k, mr.umem, va, g.length, advice === 1)
      if (r < 0) return r
    }
    return 0
  }

  /** ib_uverbs_cleanup_ucontext: destroy QPs, then MRs (releasing their umems), CQs and PDs. */
  close(pid = this.k.curPid): void {
    if (this.closed) return
    this.closed = true
    for (const h of [...this.qps.keys()]) this.destroy_qp(h)
    for (const h of [...this.mrs.keys()]) this.dereg_mr(h, pid)
    for (const cq of this.cqs.values()) this.trace('destroy', 'cq', cq.cqn)
    for (const pd of this.pds.values()) this.trace('destroy', 'pd', pd.pdn)
    this.cqs.clear()
    this.pds.clear()
    this.trace('destroy', 'ucontext', 0)
  }
}

/**
 * The char device /dev/infiniband/uverbs0: a user context per open file, cleaned up at the last
 * close of that file (fork shares it, exit closes it).
 */
export class IbUverbsCdev implements CharDeviceOps {
  private readonly _contexts = new Map<object, IbUcontext>()

  constructor(readonly k: Kernel, readonly dev: Mlx5IbDevice) {}

  read(): number {
    return -EINVAL
  }

  write(): number {
    return -EINVAL
  }

  /** IB_USER_VERBS_CMD_GET_CONTEXT on an open file: one context per file (-EINVAL if it has one). */
  get_context(file: object, task: TaskStruct): IbUcontext | number {
    if (this._contexts.has(file)) return -EINVAL
    const ctx = new IbUcontext(this.k, this.dev, task)
    this._contexts.set(file, ctx)
    if (this.k.tracing) this.k.emit({ type: 'ib_obj', op: 'create', dev: this.dev.name, obj: 'ucontext', id: 0 }, task.pid)
    return ctx
  }

  contextOf(file: object): IbUcontext | null {
    return this._contexts.get(file) ?? null
  }

  /** All live contexts (rdma resource show). */
  contexts(): IbUcontext[] {
    return [...this._contexts.values()]
  }

  release(file?: object): void {
    if (!file) return
    const ctx = this._contexts.get(file)
    if (!ctx) return
    this._contexts.delete(file)
    ctx.close(ctx.owner.pid)
  }
}

const cdevs = new WeakMap<Kernel, IbUverbsCdev>()

/** The uverbs char device of a kernel's HCA (created with the device). */
export function ib_uverbs_cdev(k: Kernel): IbUverbsCdev {
  let c = cdevs.get(k)
  if (!c) {
    c = new IbUverbsCdev(k, ib_device_get(k))
    cdevs.set(k, c)
  }
  return c
}
