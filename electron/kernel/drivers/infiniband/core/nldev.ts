/**
 * drivers/infiniband/core/nldev.c — what RDMA netlink (RDMA_NL_NLDEV) sends for the restrack
 * resource commands that `rdma resource show` issues: the per-device summary
 * (RDMA_NLDEV_CMD_RES_GET → fill_res_info) and the per-object dumps (RES_QP_GET, RES_CQ_GET,
 * RES_PD_GET, RES_MR_GET → fill_res_{qp,cq,pd,mr}_entry).
 *
 * Each entry is the set of netlink attributes the kernel of this version puts in the message:
 * an absent property is an attribute the kernel does not send (iproute2 prints only what is
 * present). The rules modelled:
 *  - keys (MR rkey/lkey, PD local_dma_lkey and unsafe_global_rkey) only when the caller has
 *    CAP_NET_ADMIN (`has_cap_net_admin`, netlink_capable on the request);
 *  - restrack object ids (mrn, pdn, cqn, ctxn and the "ctx" summary entry) from 5.2
 *    (feature `rdmaResObjectIds`), CQ adaptive moderation (DEV_DIM) from 5.3 (`rdmaCqDimAttr`),
 *    the "srq" summary entry from 5.14 (`rdmaResSrq`);
 *  - a QP sends PORT_INDEX only once it has a port (from INIT; ib_query_qp reports port_num 0 in
 *    RESET), RQPN and RQ_PSN only for RC/UC, PATH_MIG_STATE for RC/UC/XRC, PDN for user QPs;
 *    POLL_CTX only for kernel CQs (none here); user objects carry PID (iproute2 reads the comm
 *    from /proc/PID/comm), kernel ones KERN_NAME.
 * Only user objects exist in this model: ib_core's own MAD PD/CQ/QPs (comm [ib_core]) are not
 * modelled. Objects are dumped in restrack-id order. A query changes nothing, so nothing is traced.
 * Kernels before 4.16 have no nldev resource commands; the tool layer decides what to do there.
 */
import type { Kernel } from '../../../kernel'
import { IB_QPT_RC } from './verbs'
import { ib_uverbs_cdev, type IbUcontext } from './uverbs'

/** include/rdma/ib_verbs.h enum ib_qp_type: UC = 3, XRC_INI = 9, XRC_TGT = 10. */
const IB_QPT_UC = 3
const IB_QPT_XRC_INI = 9
const IB_QPT_XRC_TGT = 10

export interface NldevResQp {
  port?: number
  lqpn: number
  rqpn?: number
  rqPsn?: number
  sqPsn: number
  pathMigState?: number
  type: number
  state: number
  pdn?: number
  pid: number
  comm: string
}

export interface NldevResCq {
  cqe: number
  users: number
  dim?: number
  cqn?: number
  ctxn?: number
  pid: number
  comm: string
}

export interface NldevResPd {
  localDmaLkey?: number
  users: number
  unsafeGlobalRkey?: number
  pdn?: number
  ctxn?: number
  pid: number
  comm: string
}

export interface NldevResMr {
  mrn?: number
  rkey?: number
  lkey?: number
  mrlen: number
  pdn?: number
  pid: number
  comm: string
}

export interface NldevRes {
  /** fill_res_info: [name, current count] in the kernel's names[] order. */
  summary: Array<[string, number]>
  qp: NldevResQp[]
  cq: NldevResCq[]
  pd: NldevResPd[]
  mr: NldevResMr[]
}

/**
 * The resource messages of the kernel's HCA for a caller with or without CAP_NET_ADMIN.
 * `has_cap_net_admin` is what netlink_capable(skb, CAP_NET_ADMIN) answers for the requester.
 */
export function nldev_res_get(k: Kernel, has_cap_net_admin: boolean): NldevRes {
  const ids = k.has('rdmaResObjectIds')
  const ctxs: IbUcontext[] = ib_uverbs_cdev(k).contexts().sort((a, b) => a.resId - b.resId)
  // fill_res_name_pid sends the PID of a user object; iproute2's get_task_name reads the name
  // from /proc/PID/comm: the task's current comm, i.e. the last component of the executed path
  // cut to 15 characters (how PinLab's /proc shows a task whose comm holds a path).
  const commOf = (pid: number, fallback: string) => {
    const c = k.tasks.get(pid)?.comm ?? fallback
    return c.slice(c.lastIndexOf('/') + 1).slice(0, 15)
  }
  const owner = (c: IbUcontext) => ({ pid: c.owner.tgid, comm: commOf(c.owner.tgid, c.owner.comm) })

  // The restrack xarray order: ids are allocated per type in creation order on the device.
  const all = <T>(f: (c: IbUcontext) => Iterable<T>, id: (o: T) => number) =>
    ctxs.flatMap((c) => [...f(c)].map((o) => ({ c, o }))).sort((a, b) => id(a.o) - id(b.o))
  const qp: NldevResQp[] = []
  const cq: NldevResCq[] = []
  const pd: NldevResPd[] = []
  const mr: NldevResMr[] = []
  {
    for (const { c, o: q } of all((c) => c.qps.values(), (q) => q.qpn)) {
      const e: NldevResQp = { lqpn: q.qpn, sqPsn: q.attr.sqPsn, type: q.type, state: q.state, ...owner(c) }
      // ib_query_qp reports the port only after RESET→INIT set it.
      if (q.state !== 0 && q.attr.portNum) e.port = q.attr.portNum
      if (q.type === IB_QPT_RC || q.type === IB_QPT_UC) {
        e.rqpn = q.attr.destQpNum
        e.rqPsn = q.attr.rqPsn
      }
      if (q.type === IB_QPT_RC || q.type === IB_QPT_UC || q.type === IB_QPT_XRC_INI || q.type === IB_QPT_XRC_TGT) {
        e.pathMigState = q.attr.pathMigState
      }
      if (ids) e.pdn = q.pd.resId
      qp.push(e)
    }
    for (const { c, o: x } of all((c) => c.cqs.values(), (x) => x.resId)) {
      const e: NldevResCq = { cqe: x.cqe, users: x.usecnt, ...owner(c) }
      // cq->dim is only set up for kernel CQs allocated with ib_alloc_cq and use_cq_dim.
      if (k.has('rdmaCqDimAttr')) e.dim = 0
      if (ids) {
        e.cqn = x.resId
        e.ctxn = c.resId
      }
      cq.push(e)
    }
    for (const { c, o: p } of all((c) => c.pds.values(), (p) => p.resId)) {
      const e: NldevResPd = { users: p.usecnt, ...owner(c) }
      // A uverbs PD has no local_dma_lkey (only __ib_alloc_pd sets it for kernel PDs) and no
      // IB_PD_UNSAFE_GLOBAL_RKEY flag: root sees local_dma_lkey 0x0 and no unsafe_global_rkey.
      if (has_cap_net_admin) e.localDmaLkey = 0
      if (ids) {
        e.pdn = p.resId
        e.ctxn = c.resId
      }
      pd.push(e)
    }
    for (const { o: m } of all((c) => c.mrs.values(), (m) => m.mrn)) {
      const e: NldevResMr = { mrlen: m.length, pid: m.pid, comm: commOf(m.pid, m.comm) }
      if (has_cap_net_admin) {
        e.rkey = m.rkey
        e.lkey = m.lkey
      }
      if (ids) {
        e.mrn = m.mrn
        e.pdn = m.pd.resId
      }
      mr.push(e)
    }
  }

  const count = (f: (c: IbUcontext) => number) => ctxs.reduce((n, c) => n + f(c), 0)
  const summary: Array<[string, number]> = [
    ['pd', count((c) => c.pds.size)],
    ['cq', count((c) => c.cqs.size)],
    ['qp', count((c) => c.qps.size)],
    ['cm_id', 0],
    ['mr', count((c) => c.mrs.size)]
  ]
  if (ids) summary.push(['ctx', ctxs.length])
  if (k.has('rdmaResSrq')) summary.push(['srq', 0])
  return { summary, qp, cq, pd, mr }
}
