/**
 * The second host on the InfiniBand fabric ("host2"): its own simulated kernel (same version,
 * its own memory), its own HCA on LID 2 cabled to the learner's mlx5_0 (LID 1) through an
 * IbFabric, and one process that owns a 4 KiB buffer registered LOCAL_WRITE | REMOTE_READ |
 * REMOTE_WRITE and an RC QP waiting in INIT. The `rdma_peer` command drives it from the shell:
 *
 *   rdma_peer [info]                  lid, qpn, buffer address, rkey and length (to connect to)
 *   rdma_peer connect QPN             host2's QP → RTR/RTS towards (LID 1, QPN)
 *   rdma_peer read ADDR RKEY LEN      host2 RDMA READs host1 memory into its buffer and prints it
 *   rdma_peer write ADDR RKEY TEXT    host2 RDMA WRITEs TEXT into host1 memory
 *   rdma_peer dump [LEN]              what host2's buffer holds now
 *
 * What host1's NIC reads or writes for host2 goes through host1's MTT, exactly as for loopback.
 */
import { Kernel } from '../../kernel/kernel'
import type { TaskStruct } from '../../kernel/include/linux/sched'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../kernel/include/uapi/asm-generic/mman-common'
import { IbUcontext, ib_device_get } from '../../kernel/drivers/infiniband/core/uverbs'
import { IbFabric, Mlx5IbDevice } from '../../kernel/drivers/infiniband/hw/mlx5/mlx5_ib'
import {
  emptyQpAttr, IB_QP_ACCESS_FLAGS, IB_QP_AV, IB_QP_DEST_QPN, IB_QP_MAX_DEST_RD_ATOMIC, IB_QP_MAX_QP_RD_ATOMIC,
  IB_QP_MIN_RNR_TIMER, IB_QP_PATH_MTU, IB_QP_PKEY_INDEX, IB_QP_PORT, IB_QP_RETRY_CNT, IB_QP_RNR_RETRY, IB_QP_RQ_PSN,
  IB_QP_SQ_PSN, IB_QP_STATE, IB_QP_TIMEOUT, IB_QPS_INIT, IB_QPS_RESET, IB_QPS_RTR, IB_QPS_RTS, IB_QPT_RC, IB_SEND_SIGNALED,
  IB_WR_RDMA_READ, IB_WR_RDMA_WRITE, QP_STATE_NAMES, type IbCq, type IbMr, type IbPd, type IbQp
} from '../../kernel/drivers/infiniband/core/verbs'

const BUF = 4096
const WC_STR = ['success', 'local length error', 'local QP operation error', 'local EE context operation error', 'local protection error',
  'Work Request Flushed Error', 'memory management operation error', 'bad response error', 'local access error',
  'remote invalid request error', 'remote access error', 'remote operation error', 'transport retry counter exceeded',
  'RNR retry counter exceeded']

export class RdmaPeerHost {
  readonly kernel: Kernel
  readonly dev: Mlx5IbDevice
  readonly task: TaskStruct
  readonly ctx: IbUcontext
  readonly pd: IbPd
  readonly cq: IbCq
  readonly qp: IbQp
  readonly buf: number
  readonly mr: IbMr

  constructor(host1: Kernel) {
    this.kernel = new Kernel({ version: host1.version, seed: 2, memory: { normalPages: 4096 } })
    this.dev = new Mlx5IbDevice(this.kernel, 2)
    const fabric = new IbFabric()
    fabric.attach(ib_device_get(host1))
    fabric.attach(this.dev)
    this.task = this.kernel.createProcess({ comm: 'rdma_peer', uid: 0 })
    this.ctx = new IbUcontext(this.kernel, this.dev, this.task)
    this.pd = this.ctx.alloc_pd()
    this.cq = this.ctx.create_cq(16) as IbCq
    this.qp = this.ctx.create_qp(this.pd.handle, this.cq.handle, this.cq.handle, { maxSendWr: 16, maxRecvWr: 16, maxSendSge: 1, maxRecvSge: 1, maxInlineData: 0 }, IB_QPT_RC, true) as IbQp
    this.buf = this.kernel.mmap(this.task, 0, BUF, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    this.kernel.uaccess(this.task).copy_to_user(this.buf, new TextEncoder().encode('hello from host2\0'), 17)
    this.mr = this.ctx.reg_mr(this.task, this.pd.handle, this.buf, BUF, this.buf, 1 | 2 | 4) as IbMr
    this.toInit()
  }

  private toInit(): void {
    const a = emptyQpAttr()
    a.qpState = IB_QPS_INIT
    a.portNum = 1
    a.qpAccessFlags = 1 | 2 | 4
    this.ctx.modify_qp(this.qp.handle, a, IB_QP_STATE | IB_QP_PKEY_INDEX | IB_QP_PORT | IB_QP_ACCESS_FLAGS)
  }

  info(): string {
    return `lid ${this.dev.port.lid} qpn 0x${this.qp.qpn.toString(16)} addr 0x${this.buf.toString(16)} rkey 0x${this.mr.rkey.toString(16)} len ${BUF} state ${QP_STATE_NAMES[this.qp.state]}\n`
  }

  connect(qpn: number): number {
    const a = emptyQpAttr()
    if (this.qp.state !== IB_QPS_INIT) {
      a.qpState = IB_QPS_RESET
      this.ctx.modify_qp(this.qp.handle, a, IB_QP_STATE)
      this.toInit()
    }
    a.qpState = IB_QPS_RTR
    a.pathMtu = 5
    a.destQpNum = qpn
    a.ahAttr.dlid = 1
    a.ahAttr.portNum = 1
    a.maxDestRdAtomic = 1
    a.minRnrTimer = 12
    const r = this.ctx.modify_qp(this.qp.handle, a, IB_QP_STATE | IB_QP_AV | IB_QP_PATH_MTU | IB_QP_DEST_QPN | IB_QP_RQ_PSN | IB_QP_MAX_DEST_RD_ATOMIC | IB_QP_MIN_RNR_TIMER)
    if (r < 0) return r
    a.qpState = IB_QPS_RTS
    a.timeout = 14
    a.retryCnt = 7
    a.rnrRetry = 7
    a.maxRdAtomic = 1
    return this.ctx.modify_qp(this.qp.handle, a, IB_QP_STATE | IB_QP_SQ_PSN | IB_QP_MAX_QP_RD_ATOMIC | IB_QP_RETRY_CNT | IB_QP_RNR_RETRY | IB_QP_TIMEOUT)
  }

  /** One RDMA READ/WRITE between host2's buffer and host1 memory; the completion status. */
  rdma(opcode: number, remote: number, rkey: number, len: number): number | string {
    if (this.qp.state !== IB_QPS_RTS) return `QP is ${QP_STATE_NAMES[this.qp.state]}, run rdma_peer connect QPN first`
    const r = this.ctx.post_send(this.qp.handle, [{
      wrId: 1n, sg: [{ addr: this.buf, length: len, lkey: this.mr.lkey }], opcode, sendFlags: IB_SEND_SIGNALED, imm: 0,
      remoteAddr: remote, rkey, compareAdd: 0n, swap: 0n, inline: null
    }])
    if (r.ret < 0) return `ibv_post_send: errno ${-r.ret}`
    const wc = this.ctx.poll_cq(this.cq.handle, 1)
    if (typeof wc === 'number' || wc.length === 0) return 'no completion'
    return wc[0]!.status
  }

  text(len: number): string {
    const b = new Uint8Array(Math.max(0, Math.min(len, BUF)))
    this.kernel.uaccess(this.task).copy_from_user(b, this.buf, b.length)
    const nul = b.indexOf(0)
    return new TextDecoder().decode(nul >= 0 ? b.subarray(0, nul) : b)
  }

  /** The rdma_peer command: its stdout, stderr and exit status. */
  command(argv: readonly string[]): { out: string; err: string; status: number } {
    const [cmd = 'info', ...rest] = argv.slice(1)
    const n = (s: string | undefined): number => (s === undefined ? Number.NaN : Number(s))
    const ok = (out: string) => ({ out, err: '', status: 0 })
    const fail = (err: string) => ({ out: '', err: `rdma_peer: ${err}\n`, status: 1 })
    switch (cmd) {
      case 'info':
        return ok(this.info())
      case 'connect': {
        const qpn = n(rest[0])
        if (!Number.isInteger(qpn) || qpn < 0) return fail('usage: rdma_peer connect QPN')
        const r = this.connect(qpn)
        return r < 0 ? fail(`ibv_modify_qp: errno ${-r}`) : ok(`host2 QP 0x${this.qp.qpn.toString(16)} -> lid 1 qpn 0x${qpn.toString(16)}: ${QP_STATE_NAMES[this.qp.state]}\n`)
      }
      case 'read':
      case 'write': {
        const addr = n(rest[0])
        const rkey = n(rest[1])
        if (!Number.isInteger(addr) || !Number.isInteger(rkey)) return fail(`usage: rdma_peer ${cmd} ADDR RKEY ${cmd === 'read' ? 'LEN' : 'TEXT'}`)
        let len: number
        if (cmd === 'read') {
          len = n(rest[2])
          if (!Number.isInteger(len) || len < 0 || len > BUF) return fail(`LEN must be 0..${BUF}`)
        } else {
          const bytes = new TextEncoder().encode(rest.slice(2).join(' '))
          if (bytes.length > BUF) return fail('TEXT too long')
          this.kernel.uaccess(this.task).copy_to_user(this.buf, bytes, bytes.length)
          len = bytes.length
        }
        const st = this.rdma(cmd === 'read' ? IB_WR_RDMA_READ : IB_WR_RDMA_WRITE, addr, rkey, len)
        if (typeof st === 'string') return fail(st)
        const what = cmd === 'read' ? `RDMA READ ${len} bytes: ${WC_STR[st] ?? st}` : `RDMA WRITE ${len} bytes: ${WC_STR[st] ?? st}`
        return ok(`host2 ${what}${cmd === 'read' && st === 0 ? ` "${this.text(len)}"` : ''}\n`)
      }
      case 'dump':
        return ok(`"${this.text(rest[0] === undefined ? BUF : n(rest[0]))}"\n`)
      default:
        return fail(`unknown command '${cmd}' (info, connect, read, write, dump)`)
    }
  }
}

const peers = new WeakMap<Kernel, RdmaPeerHost>()

/** Boots host2 next to `host1` (once per host1 kernel). */
export function rdma_peer_boot(host1: Kernel): RdmaPeerHost {
  let p = peers.get(host1)
  if (!p) {
    p = new RdmaPeerHost(host1)
    peers.set(host1, p)
  }
  return p
}

export function rdma_peer_of(host1: Kernel): RdmaPeerHost | null {
  return peers.get(host1) ?? null
}
