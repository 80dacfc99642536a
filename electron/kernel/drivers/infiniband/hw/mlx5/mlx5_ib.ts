/**
 * drivers/infiniband/hw/mlx5 — the simulated HCA: a ConnectX-class InfiniBand adapter `mlx5_0`
 * with one port (ACTIVE, LID 1, SM LID 1, IB link layer, 4X, MTU 4096), its memory-key table
 * (mkeys with their MTT: MR iova → physical frame) and the DMA engine that executes work requests.
 *
 * The point of the model: the HCA reaches memory ONLY through the MTT it was given at
 * registration time (the pfns ib_umem_get returned), via k.dma_read / k.dma_write — never the
 * process's page tables. So when the process's PTE later moves to another page (COW after fork,
 * munmap + mmap, MADV_DONTNEED), the HCA keeps reading and writing the old frame, exactly as real
 * hardware does. Every DMA is an `ib_dma` trace event (plus the dma_read/dma_write of the frame).
 *
 * Execution is synchronous: a posted send WR on an RTS QP is executed at once (requester and
 * responder checks, data movement, completions), in order; a SEND or RDMA WRITE WITH IMM that
 * finds no receive at the responder is an RNR NAK: with rnr_retry 7 ("retry forever") the WR
 * waits at the head of the send queue until the responder posts a receive, otherwise it completes
 * with IB_WC_RNR_RETRY_EXC_ERR. Error semantics are reference §1.8: the first failing WR
 * completes with its status (signaled or not), the QP goes to ERR and every other outstanding WR
 * (send and receive) completes with IB_WC_WR_FLUSH_ERR; remote access / invalid request errors put
 * the responder QP in ERR too. Connection: the destination is (dlid, dest_qp_num) of the QP's
 * RTR attributes; dlid 1 is this port (loopback, including a QP connected to itself), another
 * LID is the port of that HCA on the fabric (IbFabric: the second simulated host), whose HCA then
 * does the responder's part in its own kernel's memory. Anything else (no such LID or QPN, a
 * peer not in RTR/RTS or not connected back) never answers: IB_WC_RETRY_EXC_ERR.
 *
 * ODP MRs (3.19+, core/umem_odp.ts): the MTT entry of a page is filled by a device page fault on
 * first access and zapped by the mmu notifier; a fault that cannot be resolved (munmap'ed range,
 * write to a read-only VMA) fails the operation: IB_WC_REM_ACCESS_ERR on the responder side,
 * IB_WC_LOC_PROT_ERR on the requester's own SGEs (the exact status is UNVERIFIED, §4f step 6).
 * Not modelled: implicit ODP, memory windows, SRQ, UD/UC QPs, send-with-invalidate, local invalidate, flush and atomic-write
 * opcodes, fences, PSN/timeouts, a second host on the fabric.
 */
import type { Kernel } from '../../../../kernel'
import {
  IB_QPS_ERR, IB_QPS_RTR, IB_QPS_RTS, IB_SEND_INLINE, IB_SEND_SIGNALED, IB_WC_COMP_SWAP, IB_WC_FETCH_ADD, IB_WC_LOC_LEN_ERR,
  IB_WC_LOC_PROT_ERR, IB_WC_RDMA_READ, IB_WC_RDMA_WRITE, IB_WC_RECV, IB_WC_RECV_RDMA_WITH_IMM, IB_WC_REM_ACCESS_ERR,
  IB_WC_REM_INV_REQ_ERR, IB_WC_REM_OP_ERR, IB_WC_RETRY_EXC_ERR, IB_WC_RNR_RETRY_EXC_ERR, IB_WC_SEND, IB_WC_SUCCESS,
  IB_WC_WITH_IMM, IB_WC_WR_FLUSH_ERR, IB_WR_ATOMIC_CMP_AND_SWP, IB_WR_ATOMIC_FETCH_AND_ADD, IB_WR_RDMA_READ,
  IB_WR_RDMA_WRITE, IB_WR_RDMA_WRITE_WITH_IMM, IB_WR_SEND, IB_WR_SEND_WITH_IMM, QP_STATE_NAMES,
  type IbCq, type IbMr, type IbQp, type IbRecvWr, type IbSendWr, type IbSge, type IbWc
} from '../../core/verbs'
import {
  IB_ACCESS_LOCAL_WRITE, IB_ACCESS_REMOTE_ATOMIC, IB_ACCESS_REMOTE_READ, IB_ACCESS_REMOTE_WRITE
} from '../../core/umem'
import { EFAULT } from '../../../../include/uapi/asm-generic/errno'
import { ib_umem_odp_map_dma_and_lock } from '../../core/umem_odp'

const PAGE_SIZE = 4096

/** struct ib_device_attr as mlx5_ib_query_device reports it for this adapter (ConnectX-6 class). */
export const MLX5_DEVICE_ATTR = {
  fwVer: '20.31.1014',
  nodeGuid: 0x248a0703009c5e10n,
  sysImageGuid: 0x248a0703009c5e10n,
  maxMrSize: 0xffffffffffffffffn,
  pageSizeCap: 0xfffffffffffff000n,
  vendorId: 0x02c9,
  vendorPartId: 4123,
  hwVer: 0,
  maxQp: 262144,
  maxQpWr: 32768,
  deviceCapFlags: 0xed721c36,
  maxSge: 30,
  maxSgeRd: 30,
  maxCq: 16777216,
  maxCqe: 4194303,
  maxMr: 16777216,
  maxPd: 16777216,
  maxQpRdAtom: 16,
  maxEeRdAtom: 0,
  maxResRdAtom: 4194304,
  maxQpInitRdAtom: 16,
  maxEeInitRdAtom: 0,
  atomicCap: 1, // IBV_ATOMIC_HCA
  maxEe: 0,
  maxRdd: 0,
  maxMw: 16777216,
  maxRawIpv6Qp: 0,
  maxRawEthyQp: 0,
  maxMcastGrp: 2097152,
  maxMcastQpAttach: 240,
  maxTotalMcastQpAttach: 503316480,
  maxAh: 2147483647,
  maxFmr: 0,
  maxMapPerFmr: 2147483647,
  maxSrq: 8388608,
  maxSrqWr: 32767,
  maxSrqSge: 31,
  maxPkeys: 128,
  localCaAckDelay: 16,
  physPortCnt: 1,
  numCompVectors: 8,
  maxInlineData: 256
} as const

/** struct ib_port_attr of port 1. */
export const MLX5_PORT_ATTR = {
  state: 4, // IB_PORT_ACTIVE
  maxMtu: 5, // IB_MTU_4096
  activeMtu: 5,
  gidTblLen: 8,
  portCapFlags: 0x2659e848,
  maxMsgSz: 0x40000000,
  badPkeyCntr: 0,
  qkeyViolCntr: 0,
  pkeyTblLen: 128,
  lid: 1,
  smLid: 1,
  lmc: 0,
  maxVlNum: 4,
  smSl: 0,
  subnetTimeout: 18,
  initTypeReply: 0,
  activeWidth: 2, // 4X
  activeSpeed: 64, // HDR (50 Gbps per lane)
  physState: 5, // LINK_UP
  linkLayer: 1, // IB_LINK_LAYER_INFINIBAND
  flags: 0,
  portCapFlags2: 0,
  subnetPrefix: 0xfe80000000000000n
} as const

/**
 * The extended attributes of ibv_query_device_ex (struct ibv_device_attr_ex beyond orig_attr), as
 * the kernel of each version returns them for this adapter. One table for the libibverbs native
 * and `ibv_devinfo -v`, so a C program and the tool always agree.
 *  - Before 3.19 there is no IB_USER_VERBS_EX_CMD_QUERY_DEVICE (it came with the ODP series,
 *    feature `ibOdp`): libibverbs falls back to ibv_query_device and zeroes the extension, so
 *    everything here reads 0 (`exQuery` false).
 *  - ODP caps from 3.19: explicit ODP for RC SEND/RECV/WRITE/READ — what this model implements
 *    (implicit ODP, UD/UC/XRC ODP and ODP atomics are not modelled, so they are not advertised;
 *    a real ConnectX also reports ODP_SUPPORT_IMPLICIT and more transport bits).
 *  - hca_core_clock (kHz) and completion_timestamp_mask from 4.5 (feature `mlx5CoreClock`,
 *    7c60bcbb6812); device_cap_flags_ex (the kernel's u64 device_cap_flags, so its low half is
 *    device_cap_flags) is sent from the same release in this model (UNVERIFIED, see the feature).
 */
export interface Mlx5DeviceAttrEx {
  readonly exQuery: boolean
  readonly odpGeneralCaps: bigint
  readonly rcOdpCaps: number
  readonly ucOdpCaps: number
  readonly udOdpCaps: number
  readonly xrcOdpCaps: number
  readonly completionTimestampMask: bigint
  readonly hcaCoreClock: bigint
  readonly deviceCapFlagsEx: bigint
}

/** IBV_ODP_SUPPORT, and SEND | RECV | WRITE | READ (verbs.h enum ibv_odp_*). */
const ODP_SUPPORT = 1n
const ODP_RC_CAPS = 0x1 | 0x2 | 0x4 | 0x8

/** mlx5_ib_query_device's extended part, per kernel version (see Mlx5DeviceAttrEx). */
export function mlx5_ib_query_device_ex(dev: Mlx5IbDevice): Mlx5DeviceAttrEx {
  const k = dev.k
  const ex = k.has('ibOdp')
  const clock = k.has('mlx5CoreClock')
  return {
    exQuery: ex,
    odpGeneralCaps: ex ? ODP_SUPPORT : 0n,
    rcOdpCaps: ex ? ODP_RC_CAPS : 0,
    ucOdpCaps: 0,
    udOdpCaps: 0,
    xrcOdpCaps: 0,
    completionTimestampMask: clock ? 0x7fffffffffffffffn : 0n,
    hcaCoreClock: clock ? 156250n : 0n,
    deviceCapFlagsEx: clock ? BigInt(dev.attr.deviceCapFlags >>> 0) : 0n
  }
}

/**
 * ib_query_gid on port 1: entry 0 is the port's default GID (subnet prefix + port GUID, which is
 * the node GUID on this one-port adapter); the other `gidTblLen - 1` entries are empty (zero).
 * Null for an index outside the table.
 */
export function mlx5_ib_query_gid(dev: Mlx5IbDevice, index: number): Uint8Array | null {
  if (!Number.isInteger(index) || index < 0 || index >= dev.port.gidTblLen) return null
  const b = new Uint8Array(16)
  if (index === 0) {
    const dv = new DataView(b.buffer)
    dv.setBigUint64(0, dev.port.subnetPrefix, false)
    dv.setBigUint64(8, dev.attr.nodeGuid, false)
  }
  return b
}

/** An mkey: the HCA's view of one MR (its MTT is the umem's pfn list). */
export interface Mlx5Mkey {
  readonly key: number
  readonly mr: IbMr
}

type KeyCheck = 'ok' | 'bad_key' | 'pd' | 'range' | 'access'

/**
 * The InfiniBand subnet: the HCAs reachable by LID (a switch with the subnet manager on LID 1's
 * host). A device alone is its own one-port fabric.
 */
export class IbFabric {
  readonly ports = new Map<number, Mlx5IbDevice>()

  attach(dev: Mlx5IbDevice): void {
    this.ports.set(dev.port.lid, dev)
    dev.fabric = this
  }
}

export class Mlx5IbDevice {
  readonly name = 'mlx5_0'
  readonly uverbsName = 'uverbs0'
  readonly nodeType = 1 // IBV_NODE_CA
  readonly transportType = 0 // IBV_TRANSPORT_IB
  readonly attr: Omit<typeof MLX5_DEVICE_ATTR, 'nodeGuid' | 'sysImageGuid'> & { readonly nodeGuid: bigint; readonly sysImageGuid: bigint }
  readonly port: Omit<typeof MLX5_PORT_ATTR, 'lid'> & { readonly lid: number }
  /** The subnet this port is cabled to (null: only loopback). */
  fabric: IbFabric | null = null
  /** mkey index → mkey (index = key >> 8). */
  readonly mkeys = new Map<number, Mlx5Mkey>()
  /** QPs reachable on port 1 by QPN (the fabric's view). */
  readonly qps = new Map<number, IbQp>()
  private _nextMkeyIndex = 1
  private _mkeyVariant = 0x40
  private _nextQpn = 0x108
  private _nextCqn = 0x400
  private _nextPdn = 1
  /** rdma restrack ids per resource type (xa_alloc_cyclic from 0): what `rdma resource` prints. */
  private readonly _restrack: Record<'pd' | 'mr' | 'cq' | 'qp' | 'ctx', number> = { pd: 0, mr: 0, cq: 0, qp: 0, ctx: 0 }

  /** `lid`: the port's LID (1 on the learner's host; another host on the fabric gets its own). */
  constructor(readonly k: Kernel, lid = 1) {
    const guid = MLX5_DEVICE_ATTR.nodeGuid + BigInt((lid - 1) * 0x10000)
    this.attr = { ...MLX5_DEVICE_ATTR, nodeGuid: guid, sysImageGuid: guid }
    this.port = { ...MLX5_PORT_ATTR, lid }
  }

  restrackId(type: 'pd' | 'mr' | 'cq' | 'qp' | 'ctx'): number {
    return this._restrack[type]++
  }

  allocPdn(): number {
    return this._nextPdn++
  }

  allocCqn(): number {
    return this._nextCqn++
  }

  allocQpn(): number {
    return this._nextQpn++ & 0xffffff
  }

  /** mlx5_ib_reg_user_mr → create mkey: index from the table, the low byte a rolling variant. */
  mkeyCreate(makeMr: (key: number) => IbMr): IbMr {
    const index = this._nextMkeyIndex++
    const key = ((index << 8) | (this._mkeyVariant++ & 0xff)) >>> 0
    const mr = makeMr(key)
    this.mkeys.set(index, { key, mr })
    return mr
  }

  mkeyDestroy(key: number): void {
    this.mkeys.delete(key >>> 8)
  }

  lookup(key: number): IbMr | null {
    const m = this.mkeys.get(key >>> 8)
    return m && m.key === key >>> 0 ? m.mr : null
  }

  /** The HCA's mkey check: key valid, same PD as the QP, [iova, iova+len) inside, access. */
  checkKey(key: number, pdn: number, iova: number, len: number, need: number): KeyCheck {
    const mr = this.lookup(key)
    if (!mr) return 'bad_key'
    if (mr.pd.pdn !== pdn) return 'pd'
    if (iova < mr.iova || iova + len > mr.iova + mr.length) return 'range'
    if ((mr.access & need) !== need) return 'access'
    return 'ok'
  }

  /**
   * The DMA engine: move `len` bytes between `buf[bufOff..]` and the MR of `key` at `iova`,
   * page by page through the MTT (never the page tables). The key was checked by the caller.
   */
  dma(dir: 'read' | 'write', key: number, iova: number, buf: Uint8Array, bufOff: number, len: number): number {
    const mr = this.lookup(key)
    if (!mr) return -EFAULT
    const base = mr.umem.address - (mr.umem.address % PAGE_SIZE)
    let va = mr.umem.address + (iova - mr.iova)
    let done = 0
    const umem = mr.umem
    while (done < len) {
      const idx = Math.floor((va - base) / PAGE_SIZE)
      const off = (va - base) % PAGE_SIZE
      const n = Math.min(len - done, PAGE_SIZE - off)
      if ('odp' in umem && (umem.pfns[idx] === -1 || (dir === 'write' && !umem.mappedWritable[idx]))) {
        // ODP: no translation (or a read-only one for a write) → device page fault.
        const r = ib_umem_odp_map_dma_and_lock(this.k, umem, va, n, dir === 'write')
        if (r < 0) return r
      }
      const pfn = umem.pfns[idx]
      if (pfn === undefined || pfn < 0) return -EFAULT
      if (this.k.tracing) this.k.emit({ type: 'ib_dma', dev: this.name, dir, key, iova: iova + done, pfn, offset: off, len: n })
      const piece = buf.subarray(bufOff + done, bufOff + done + n)
      const r = dir === 'read' ? this.k.dma_read(pfn, off, piece, n) : this.k.dma_write(pfn, off, piece, n)
      if (r < 0) return r
      done += n
      va += n
    }
    return 0
  }

  // ------------------------------------------------------------------ queue pairs

  setState(qp: IbQp, to: number): void {
    if (qp.state === to) return
    const from = qp.state
    qp.state = to
    if (this.k.tracing) this.k.emit({ type: 'ib_qp', dev: this.name, qpn: qp.qpn, from: QP_STATE_NAMES[from] ?? String(from), to: QP_STATE_NAMES[to] ?? String(to) })
  }

  /** Write a completion; a full CQ overruns (IB_EVENT_CQ_ERR) and the entry is lost. */
  complete(cq: IbCq, qp: IbQp, wc: Omit<IbWc, 'qpNum' | 'vendorErr'> & { vendorErr?: number }): void {
    const full: IbWc = { vendorErr: 0, ...wc, qpNum: qp.qpn }
    if (this.k.tracing) this.k.emit({ type: 'ib_wc', dev: this.name, cqn: cq.cqn, qpn: qp.qpn, wrId: full.wrId.toString(), status: full.status, opcode: full.opcode })
    if (cq.entries.length >= cq.cqe) {
      if (!cq.overrun) this.k.warn(`mlx5_0: CQ ${cq.cqn} overrun (IB_EVENT_CQ_ERR)`)
      cq.overrun = true
      return
    }
    cq.entries.push(full)
  }

  /** modify to ERR: every outstanding WR completes with IB_WC_WR_FLUSH_ERR. */
  flush(qp: IbQp): void {
    this.setState(qp, IB_QPS_ERR)
    qp.rnrWaiting = false
    const sq = qp.sq.splice(0)
    for (const wr of sq) this.complete(qp.sendCq, qp, { wrId: wr.wrId, status: IB_WC_WR_FLUSH_ERR, opcode: sendWcOpcode(wr.opcode), byteLen: 0, imm: 0, srcQp: 0, wcFlags: 0, slid: 0 })
    const rq = qp.rq.splice(0)
    for (const wr of rq) this.complete(qp.recvCq, qp, { wrId: wr.wrId, status: IB_WC_WR_FLUSH_ERR, opcode: IB_WC_RECV, byteLen: 0, imm: 0, srcQp: 0, wcFlags: 0, slid: 0 })
  }

  /** Execute send WRs from the head of the send queue while the QP can make progress. */
  processSq(qp: IbQp): void {
    while (qp.state === IB_QPS_RTS && qp.sq.length > 0) {
      const wr = qp.sq[0]!
      const r = this.execute(qp, wr)
      if (r === 'rnr_wait') {
        qp.rnrWaiting = true
        return
      }
      qp.rnrWaiting = false
      qp.sq.shift()
      if (r.status === IB_WC_SUCCESS) {
        if (qp.sqSigAll || wr.sendFlags & IB_SEND_SIGNALED) {
          this.complete(qp.sendCq, qp, { wrId: wr.wrId, status: IB_WC_SUCCESS, opcode: sendWcOpcode(wr.opcode), byteLen: r.byteLen, imm: 0, srcQp: 0, wcFlags: 0, slid: 0 })
        }
        continue
      }
      // The first error completes with its status even if unsignaled; the QP goes to ERR.
      this.complete(qp.sendCq, qp, { wrId: wr.wrId, status: r.status, opcode: sendWcOpcode(wr.opcode), byteLen: 0, imm: 0, srcQp: 0, wcFlags: 0, slid: 0 })
      this.flush(qp)
      if (r.responderError && r.responder && r.responder !== qp) (r.responderDev ?? this).flush(r.responder)
      return
    }
  }

  /** A receive was posted on `qp`: requesters waiting on an RNR for it may go on (any host). */
  kickWaiters(qp: IbQp): void {
    const devs = this.fabric ? [...this.fabric.ports.values()] : [this]
    for (const d of devs) {
      for (const other of d.qps.values()) {
        if (other.rnrWaiting && other.attr.destQpNum === qp.qpn && other.attr.ahAttr.dlid === this.port.lid) d.processSq(other)
      }
    }
  }

  /** The responder of an RC QP: (dlid, dest_qp_num) on this port or another port of the fabric. */
  private responderOf(qp: IbQp): { rd: Mlx5IbDevice; peer: IbQp } | null {
    const dlid = qp.attr.ahAttr.dlid
    const rd = dlid === this.port.lid ? this : this.fabric?.ports.get(dlid)
    if (!rd) return null
    const peer = rd.qps.get(qp.attr.destQpNum)
    if (!peer || (peer.state !== IB_QPS_RTR && peer.state !== IB_QPS_RTS)) return null
    if (peer.attr.destQpNum !== qp.qpn || peer.attr.ahAttr.dlid !== this.port.lid) return null
    return { rd, peer }
  }

  /** Gather the local SGEs of a send WR (or its inline copy) into one buffer. */
  private gather(qp: IbQp, wr: IbSendWr): Uint8Array | number {
    if (wr.inline) return wr.inline
    const total = wr.sg.reduce((s, g) => s + g.length, 0)
    const buf = new Uint8Array(total)
    let at = 0
    for (const g of wr.sg) {
      if (this.checkKey(g.lkey, qp.pd.pdn, g.addr, g.length, 0) !== 'ok') return IB_WC_LOC_PROT_ERR
      if (this.dma('read', g.lkey, g.addr, buf, at, g.length) < 0) return IB_WC_LOC_PROT_ERR
      at += g.length
    }
    return buf
  }

  /** Check that local SGEs may be written by the HCA (LOCAL_WRITE) — RDMA READ / atomic results. */
  checkLocalWrite(qp: IbQp, sg: IbSge[]): boolean {
    return sg.every((g) => this.checkKey(g.lkey, qp.pd.pdn, g.addr, g.length, IB_ACCESS_LOCAL_WRITE) === 'ok')
  }

  /** Scatter `data` over local SGEs; false when a DMA failed (an ODP page that cannot be faulted in). */
  scatter(sg: IbSge[], data: Uint8Array): boolean {
    let at = 0
    for (const g of sg) {
      if (at >= data.length) break
      const n = Math.min(g.length, data.length - at)
      if (this.dma('write', g.lkey, g.addr, data, at, n) < 0) return false
      at += n
    }
    return true
  }

  private execute(qp: IbQp, wr: IbSendWr): 'rnr_wait' | { status: number; byteLen: number; responder?: IbQp; responderDev?: Mlx5IbDevice; responderError?: boolean } {
    this.k.tick(500)
    const localLen = wr.inline ? wr.inline.length : wr.sg.reduce((s, g) => s + g.length, 0)
    if (localLen > this.port.maxMsgSz) return { status: IB_WC_LOC_LEN_ERR, byteLen: 0 }
    const isRead = wr.opcode === IB_WR_RDMA_READ
    const isAtomic = wr.opcode === IB_WR_ATOMIC_CMP_AND_SWP || wr.opcode === IB_WR_ATOMIC_FETCH_AND_ADD
    // Requester-side local checks: lkeys valid, inside their MR, same PD; LOCAL_WRITE where the
    // HCA writes (RDMA READ and atomic responses).
    if (isRead || isAtomic) {
      if (!this.checkLocalWrite(qp, wr.sg)) return { status: IB_WC_LOC_PROT_ERR, byteLen: 0 }
    } else if (!wr.inline) {
      for (const g of wr.sg) if (this.checkKey(g.lkey, qp.pd.pdn, g.addr, g.length, 0) !== 'ok') return { status: IB_WC_LOC_PROT_ERR, byteLen: 0 }
    }
    const resp = this.responderOf(qp)
    if (!resp) return { status: IB_WC_RETRY_EXC_ERR, byteLen: 0 }
    // Everything on the responder side (rkey checks, its DMA, its receive queue and CQ) is done
    // by the responder's HCA — this one for loopback, the remote one across the fabric.
    const { rd, peer } = resp
    const remoteErr = (status: number) => ({ status, byteLen: 0, responder: peer, responderDev: rd, responderError: true })
    const needsRecv = wr.opcode === IB_WR_SEND || wr.opcode === IB_WR_SEND_WITH_IMM || wr.opcode === IB_WR_RDMA_WRITE_WITH_IMM
    switch (wr.opcode) {
      case IB_WR_RDMA_WRITE:
      case IB_WR_RDMA_WRITE_WITH_IMM: {
        if (!(peer.attr.qpAccessFlags & IB_ACCESS_REMOTE_WRITE)) return remoteErr(IB_WC_REM_ACCESS_ERR)
        if (localLen > 0 && rd.checkKey(wr.rkey, peer.pd.pdn, wr.remoteAddr, localLen, IB_ACCESS_REMOTE_WRITE) !== 'ok') return remoteErr(IB_WC_REM_ACCESS_ERR)
        if (needsRecv && peer.rq.length === 0) return this.rnr(qp)
        const data = this.gather(qp, wr)
        if (typeof data === 'number') return { status: data, byteLen: 0 }
        if (data.length > 0 && rd.dma('write', wr.rkey, wr.remoteAddr, data, 0, data.length) < 0) return remoteErr(IB_WC_REM_ACCESS_ERR)
        if (wr.opcode === IB_WR_RDMA_WRITE_WITH_IMM) {
          const rwr = peer.rq.shift()!
          rd.complete(peer.recvCq, peer, { wrId: rwr.wrId, status: IB_WC_SUCCESS, opcode: IB_WC_RECV_RDMA_WITH_IMM, byteLen: data.length, imm: wr.imm, srcQp: qp.qpn, wcFlags: IB_WC_WITH_IMM, slid: this.port.lid })
        }
        return { status: IB_WC_SUCCESS, byteLen: data.length }
      }
      case IB_WR_SEND:
      case IB_WR_SEND_WITH_IMM: {
        if (peer.rq.length === 0) return this.rnr(qp)
        const data = this.gather(qp, wr)
        if (typeof data === 'number') return { status: data, byteLen: 0 }
        const rwr = peer.rq[0]!
        const room = rwr.sg.reduce((s, g) => s + g.length, 0)
        if (data.length > room) {
          // Responder: local length error on its receive; requester: remote invalid request.
          peer.rq.shift()
          rd.complete(peer.recvCq, peer, { wrId: rwr.wrId, status: IB_WC_LOC_LEN_ERR, opcode: IB_WC_RECV, byteLen: 0, imm: 0, srcQp: 0, wcFlags: 0, slid: 0 })
          return remoteErr(IB_WC_REM_INV_REQ_ERR)
        }
        if (!rd.checkLocalWrite(peer, rwr.sg)) {
          // Responder: its receive buffer is not writable (LOC_PROT); requester: remote operation error.
          peer.rq.shift()
          rd.complete(peer.recvCq, peer, { wrId: rwr.wrId, status: IB_WC_LOC_PROT_ERR, opcode: IB_WC_RECV, byteLen: 0, imm: 0, srcQp: 0, wcFlags: 0, slid: 0 })
          return remoteErr(IB_WC_REM_OP_ERR)
        }
        peer.rq.shift()
        if (!rd.scatter(rwr.sg, data)) {
          rd.complete(peer.recvCq, peer, { wrId: rwr.wrId, status: IB_WC_LOC_PROT_ERR, opcode: IB_WC_RECV, byteLen: 0, imm: 0, srcQp: 0, wcFlags: 0, slid: 0 })
          return remoteErr(IB_WC_REM_OP_ERR)
        }
        const withImm = wr.opcode === IB_WR_SEND_WITH_IMM
        rd.complete(peer.recvCq, peer, { wrId: rwr.wrId, status: IB_WC_SUCCESS, opcode: IB_WC_RECV, byteLen: data.length, imm: withImm ? wr.imm : 0, srcQp: qp.qpn, wcFlags: withImm ? IB_WC_WITH_IMM : 0, slid: this.port.lid })
        return { status: IB_WC_SUCCESS, byteLen: data.length }
      }
      case IB_WR_RDMA_READ: {
        if (!(peer.attr.qpAccessFlags & IB_ACCESS_REMOTE_READ)) return remoteErr(IB_WC_REM_ACCESS_ERR)
        if (localLen > 0 && rd.checkKey(wr.rkey, peer.pd.pdn, wr.remoteAddr, localLen, IB_ACCESS_REMOTE_READ) !== 'ok') return remoteErr(IB_WC_REM_ACCESS_ERR)
        const data = new Uint8Array(localLen)
        if (localLen > 0 && rd.dma('read', wr.rkey, wr.remoteAddr, data, 0, localLen) < 0) return remoteErr(IB_WC_REM_ACCESS_ERR)
        if (!this.scatter(wr.sg, data)) return { status: IB_WC_LOC_PROT_ERR, byteLen: 0 }
        return { status: IB_WC_SUCCESS, byteLen: localLen }
      }
      case IB_WR_ATOMIC_CMP_AND_SWP:
      case IB_WR_ATOMIC_FETCH_AND_ADD: {
        if (!(peer.attr.qpAccessFlags & IB_ACCESS_REMOTE_ATOMIC)) return remoteErr(IB_WC_REM_ACCESS_ERR)
        if (rd.checkKey(wr.rkey, peer.pd.pdn, wr.remoteAddr, 8, IB_ACCESS_REMOTE_ATOMIC) !== 'ok') return remoteErr(IB_WC_REM_ACCESS_ERR)
        const old = new Uint8Array(8)
        if (rd.dma('read', wr.rkey, wr.remoteAddr, old, 0, 8) < 0) return remoteErr(IB_WC_REM_ACCESS_ERR)
        const view = new DataView(old.buffer)
        const orig = view.getBigUint64(0, true)
        let next = orig
        if (wr.opcode === IB_WR_ATOMIC_CMP_AND_SWP) {
          if (orig === wr.compareAdd) next = wr.swap
        } else next = BigInt.asUintN(64, orig + wr.compareAdd)
        const nb = new Uint8Array(8)
        new DataView(nb.buffer).setBigUint64(0, next, true)
        if (next !== orig && rd.dma('write', wr.rkey, wr.remoteAddr, nb, 0, 8) < 0) return remoteErr(IB_WC_REM_ACCESS_ERR)
        if (!this.scatter(wr.sg, old)) return { status: IB_WC_LOC_PROT_ERR, byteLen: 0 }
        return { status: IB_WC_SUCCESS, byteLen: 8 }
      }
      default:
        return remoteErr(IB_WC_REM_INV_REQ_ERR)
    }
  }

  /** RNR NAK: rnr_retry 7 retries forever (wait for a receive), otherwise the retries run out. */
  private rnr(qp: IbQp): 'rnr_wait' | { status: number; byteLen: number } {
    if (qp.attr.rnrRetry === 7) return 'rnr_wait'
    return { status: IB_WC_RNR_RETRY_EXC_ERR, byteLen: 0 }
  }
}

export function sendWcOpcode(op: number): number {
  switch (op) {
    case IB_WR_RDMA_WRITE:
    case IB_WR_RDMA_WRITE_WITH_IMM: return IB_WC_RDMA_WRITE
    case IB_WR_RDMA_READ: return IB_WC_RDMA_READ
    case IB_WR_ATOMIC_CMP_AND_SWP: return IB_WC_COMP_SWAP
    case IB_WR_ATOMIC_FETCH_AND_ADD: return IB_WC_FETCH_ADD
    default: return IB_WC_SEND
  }
}

export { IB_SEND_INLINE, type IbRecvWr }
