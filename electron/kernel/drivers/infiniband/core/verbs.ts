/**
 * drivers/infiniband/core/verbs.c + include/rdma/ib_verbs.h — the verbs objects a driver works
 * with (PD, MR, CQ, QP), the work request / work completion shapes, and ib_modify_qp_is_ok():
 * the QP state machine with the attributes each transition requires and allows
 * (userspace-api.md §1.5; the qp_state_table of verbs.c, read for RC/UC/UD).
 *
 * Values are the uapi ones (IBV_* = IB_* for everything here), so the libibverbs layer passes
 * them through unchanged.
 */
import type { IbUmem } from './umem'
import type { IbUmemOdp } from './umem_odp'

/* enum ib_qp_state */
export const IB_QPS_RESET = 0
export const IB_QPS_INIT = 1
export const IB_QPS_RTR = 2
export const IB_QPS_RTS = 3
export const IB_QPS_SQD = 4
export const IB_QPS_SQE = 5
export const IB_QPS_ERR = 6
export const QP_STATE_NAMES = ['RESET', 'INIT', 'RTR', 'RTS', 'SQD', 'SQE', 'ERR'] as const

/* enum ib_qp_type */
export const IB_QPT_RC = 2
export const IB_QPT_UC = 3
export const IB_QPT_UD = 4

/* enum ib_qp_attr_mask */
export const IB_QP_STATE = 1 << 0
export const IB_QP_CUR_STATE = 1 << 1
export const IB_QP_EN_SQD_ASYNC_NOTIFY = 1 << 2
export const IB_QP_ACCESS_FLAGS = 1 << 3
export const IB_QP_PKEY_INDEX = 1 << 4
export const IB_QP_PORT = 1 << 5
export const IB_QP_QKEY = 1 << 6
export const IB_QP_AV = 1 << 7
export const IB_QP_PATH_MTU = 1 << 8
export const IB_QP_TIMEOUT = 1 << 9
export const IB_QP_RETRY_CNT = 1 << 10
export const IB_QP_RNR_RETRY = 1 << 11
export const IB_QP_RQ_PSN = 1 << 12
export const IB_QP_MAX_QP_RD_ATOMIC = 1 << 13
export const IB_QP_ALT_PATH = 1 << 14
export const IB_QP_MIN_RNR_TIMER = 1 << 15
export const IB_QP_SQ_PSN = 1 << 16
export const IB_QP_MAX_DEST_RD_ATOMIC = 1 << 17
export const IB_QP_PATH_MIG_STATE = 1 << 18
export const IB_QP_CAP = 1 << 19
export const IB_QP_DEST_QPN = 1 << 20
export const IB_QP_RATE_LIMIT = 1 << 25

/* enum ib_wc_status */
export const IB_WC_SUCCESS = 0
export const IB_WC_LOC_LEN_ERR = 1
export const IB_WC_LOC_QP_OP_ERR = 2
export const IB_WC_LOC_PROT_ERR = 4
export const IB_WC_WR_FLUSH_ERR = 5
export const IB_WC_REM_INV_REQ_ERR = 9
export const IB_WC_REM_ACCESS_ERR = 10
export const IB_WC_REM_OP_ERR = 11
export const IB_WC_RETRY_EXC_ERR = 12
export const IB_WC_RNR_RETRY_EXC_ERR = 13

/* enum ib_wc_opcode */
export const IB_WC_SEND = 0
export const IB_WC_RDMA_WRITE = 1
export const IB_WC_RDMA_READ = 2
export const IB_WC_COMP_SWAP = 3
export const IB_WC_FETCH_ADD = 4
export const IB_WC_RECV = 128
export const IB_WC_RECV_RDMA_WITH_IMM = 129

/* enum ib_wc_flags */
export const IB_WC_WITH_IMM = 1 << 1

/* enum ib_wr_opcode (uapi ib_uverbs_wr_opcode) */
export const IB_WR_RDMA_WRITE = 0
export const IB_WR_RDMA_WRITE_WITH_IMM = 1
export const IB_WR_SEND = 2
export const IB_WR_SEND_WITH_IMM = 3
export const IB_WR_RDMA_READ = 4
export const IB_WR_ATOMIC_CMP_AND_SWP = 5
export const IB_WR_ATOMIC_FETCH_AND_ADD = 6

/* enum ib_send_flags */
export const IB_SEND_FENCE = 1 << 0
export const IB_SEND_SIGNALED = 1 << 1
export const IB_SEND_SOLICITED = 1 << 2
export const IB_SEND_INLINE = 1 << 3

export interface IbSge {
  addr: number
  length: number
  lkey: number
}

export interface IbSendWr {
  wrId: bigint
  sg: IbSge[]
  opcode: number
  sendFlags: number
  /** imm_data as stored in the WR (already network order: passed through untouched). */
  imm: number
  remoteAddr: number
  rkey: number
  compareAdd: bigint
  swap: bigint
  /** IBV_SEND_INLINE: the payload copied at post time. */
  inline: Uint8Array | null
}

export interface IbRecvWr {
  wrId: bigint
  sg: IbSge[]
}

export interface IbWc {
  wrId: bigint
  status: number
  opcode: number
  vendorErr: number
  byteLen: number
  imm: number
  qpNum: number
  srcQp: number
  wcFlags: number
  slid: number
}

export interface IbPd {
  readonly handle: number
  readonly pdn: number
  /** rdma restrack id (`rdma resource show pd`: pdn). */
  readonly resId: number
  usecnt: number
}

export interface IbMr {
  readonly handle: number
  readonly pd: IbPd
  readonly lkey: number
  readonly rkey: number
  readonly iova: number
  readonly length: number
  readonly access: number
  /** The pinned pages (IbUmem) or, for an ON_DEMAND MR, the ODP umem (device page table). */
  readonly umem: IbUmem | IbUmemOdp
  /** rdma restrack id (`rdma resource show mr`: mrn). */
  readonly mrn: number
  /** The registering process (rdma resource show: pid/comm). */
  readonly pid: number
  readonly comm: string
}

export interface IbCq {
  readonly handle: number
  readonly cqn: number
  /** rdma restrack id (`rdma resource show cq`: cqn). */
  readonly resId: number
  /** The real size (≥ requested). */
  readonly cqe: number
  entries: IbWc[]
  /** A completion arrived when the CQ was full (IB_EVENT_CQ_ERR): the CQ is unusable. */
  overrun: boolean
  usecnt: number
}

export interface IbQpCap {
  maxSendWr: number
  maxRecvWr: number
  maxSendSge: number
  maxRecvSge: number
  maxInlineData: number
}

export interface IbAhAttr {
  dlid: number
  sl: number
  srcPathBits: number
  staticRate: number
  isGlobal: number
  portNum: number
}

/** struct ib_qp_attr, as far as modelled. */
export interface IbQpAttr {
  qpState: number
  curQpState: number
  pathMtu: number
  pathMigState: number
  qkey: number
  rqPsn: number
  sqPsn: number
  destQpNum: number
  qpAccessFlags: number
  cap: IbQpCap
  ahAttr: IbAhAttr
  pkeyIndex: number
  enSqdAsyncNotify: number
  sqDraining: number
  maxRdAtomic: number
  maxDestRdAtomic: number
  minRnrTimer: number
  portNum: number
  timeout: number
  retryCnt: number
  rnrRetry: number
}

export interface IbQp {
  readonly handle: number
  readonly qpn: number
  readonly type: number
  readonly pd: IbPd
  readonly sendCq: IbCq
  readonly recvCq: IbCq
  readonly sqSigAll: boolean
  readonly cap: IbQpCap
  state: number
  attr: IbQpAttr
  sq: IbSendWr[]
  rq: IbRecvWr[]
  /** The head send WR waits for a receive at the responder (RNR NAK with rnr_retry 7). */
  rnrWaiting: boolean
}

export function emptyQpAttr(): IbQpAttr {
  return {
    qpState: 0, curQpState: 0, pathMtu: 0, pathMigState: 0, qkey: 0, rqPsn: 0, sqPsn: 0, destQpNum: 0, qpAccessFlags: 0,
    cap: { maxSendWr: 0, maxRecvWr: 0, maxSendSge: 0, maxRecvSge: 0, maxInlineData: 0 },
    ahAttr: { dlid: 0, sl: 0, srcPathBits: 0, staticRate: 0, isGlobal: 0, portNum: 0 },
    pkeyIndex: 0, enSqdAsyncNotify: 0, sqDraining: 0, maxRdAtomic: 0, maxDestRdAtomic: 0, minRnrTimer: 0, portNum: 0,
    timeout: 0, retryCnt: 0, rnrRetry: 0
  }
}

interface Transition {
  req: number
  opt: number
}

/**
 * qp_state_table of verbs.c for RC (the required and optional attribute masks per transition;
 * IB_QP_STATE itself is implied). Any state may go to RESET or ERR with IB_QP_STATE alone.
 */
const RC_TABLE: Record<number, Record<number, Transition>> = {
  [IB_QPS_RESET]: {
    [IB_QPS_RESET]: { req: 0, opt: 0 },
    [IB_QPS_INIT]: { req: IB_QP_PKEY_INDEX | IB_QP_PORT | IB_QP_ACCESS_FLAGS, opt: 0 }
  },
  [IB_QPS_INIT]: {
    [IB_QPS_INIT]: { req: 0, opt: IB_QP_PKEY_INDEX | IB_QP_PORT | IB_QP_ACCESS_FLAGS },
    [IB_QPS_RTR]: {
      req: IB_QP_AV | IB_QP_PATH_MTU | IB_QP_DEST_QPN | IB_QP_RQ_PSN | IB_QP_MAX_DEST_RD_ATOMIC | IB_QP_MIN_RNR_TIMER,
      opt: IB_QP_ALT_PATH | IB_QP_ACCESS_FLAGS | IB_QP_PKEY_INDEX
    }
  },
  [IB_QPS_RTR]: {
    [IB_QPS_RTS]: {
      req: IB_QP_SQ_PSN | IB_QP_MAX_QP_RD_ATOMIC | IB_QP_RETRY_CNT | IB_QP_RNR_RETRY | IB_QP_TIMEOUT,
      opt: IB_QP_CUR_STATE | IB_QP_ALT_PATH | IB_QP_ACCESS_FLAGS | IB_QP_MIN_RNR_TIMER | IB_QP_PATH_MIG_STATE
    }
  },
  [IB_QPS_RTS]: {
    [IB_QPS_RTS]: { req: 0, opt: IB_QP_CUR_STATE | IB_QP_ACCESS_FLAGS | IB_QP_ALT_PATH | IB_QP_PATH_MIG_STATE | IB_QP_MIN_RNR_TIMER },
    [IB_QPS_SQD]: { req: 0, opt: IB_QP_EN_SQD_ASYNC_NOTIFY }
  },
  [IB_QPS_SQD]: {
    [IB_QPS_RTS]: { req: 0, opt: IB_QP_CUR_STATE | IB_QP_ACCESS_FLAGS | IB_QP_ALT_PATH | IB_QP_PATH_MIG_STATE | IB_QP_MIN_RNR_TIMER },
    [IB_QPS_SQD]: {
      req: 0,
      opt: IB_QP_AV | IB_QP_TIMEOUT | IB_QP_RETRY_CNT | IB_QP_RNR_RETRY | IB_QP_MAX_QP_RD_ATOMIC | IB_QP_MAX_DEST_RD_ATOMIC |
        IB_QP_CUR_STATE | IB_QP_ALT_PATH | IB_QP_ACCESS_FLAGS | IB_QP_PKEY_INDEX | IB_QP_MIN_RNR_TIMER | IB_QP_PATH_MIG_STATE
    }
  },
  [IB_QPS_SQE]: {},
  [IB_QPS_ERR]: {}
}

/**
 * ib_modify_qp_is_ok(cur, next, type, mask): is `mask` (with IB_QP_STATE when the state changes)
 * exactly a legal transition's required bits plus some of its optional ones? Only RC is modelled.
 */
export function ib_modify_qp_is_ok(cur: number, next: number, type: number, mask: number): boolean {
  if (type !== IB_QPT_RC) return false
  if (cur < 0 || cur > IB_QPS_ERR || next < 0 || next > IB_QPS_ERR) return false
  if (mask & IB_QP_CUR_STATE && cur !== IB_QPS_RTR && cur !== IB_QPS_RTS && cur !== IB_QPS_SQD && cur !== IB_QPS_SQE) return false
  if (next === IB_QPS_RESET || next === IB_QPS_ERR) {
    // "Any state → RESET or → ERR needs only IB_QP_STATE" (other bits are not allowed).
    return (mask & ~(IB_QP_STATE | IB_QP_CUR_STATE)) === 0 && (mask & IB_QP_STATE) !== 0
  }
  const t = RC_TABLE[cur]?.[next]
  if (!t) return false
  if (cur !== next && !(mask & IB_QP_STATE)) return false
  const rest = mask & ~IB_QP_STATE
  if ((rest & t.req) !== t.req) return false
  if (rest & ~(t.req | t.opt)) return false
  return true
}
