/**
 * The RDMA driver stack at the kernel API level (electron/kernel/drivers/infiniband): ib_umem_get
 * per era (kernel-semantics.md §1.6), reg_mr errno (userspace-api.md §1.3 errno table), the RC
 * QP state machine (§1.5), loopback RDMA over the mlx5_0 model and the completion / error
 * semantics of §1.8. The HCA sees memory only through its MTT, so what it reads is asserted via
 * RDMA READ, never via the page tables.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { boot, expectConsistent, mmapAnon, pfnAt } from './helpers'
import {
  EFAULT, EINVAL, ENOMEM, EOPNOTSUPP, EPERM, FOLL_FORCE, FOLL_LONGTERM, FOLL_WRITE, Kernel, PROT_READ, RLIMIT_MEMLOCK,
  type TaskStruct, type TraceEvent
} from '../../../electron/kernel'
import { IbUcontext, ib_device_get, ib_uverbs_cdev } from '../../../electron/kernel/drivers/infiniband/core/uverbs'
import { Vfs } from '../../../electron/kernel/fs/vfs'
import { rdma_register } from '../../../electron/userland/os/rdma'
import {
  IB_ACCESS_LOCAL_WRITE, IB_ACCESS_ON_DEMAND, IB_ACCESS_REMOTE_ATOMIC, IB_ACCESS_REMOTE_READ, IB_ACCESS_REMOTE_WRITE, IB_ZERO_BASED, ib_umem_get
} from '../../../electron/kernel/drivers/infiniband/core/umem'
import {
  emptyQpAttr, IB_QP_ACCESS_FLAGS, IB_QP_AV, IB_QP_DEST_QPN, IB_QP_MAX_DEST_RD_ATOMIC, IB_QP_MAX_QP_RD_ATOMIC,
  IB_QP_MIN_RNR_TIMER, IB_QP_PATH_MTU, IB_QP_PKEY_INDEX, IB_QP_PORT, IB_QP_RETRY_CNT, IB_QP_RNR_RETRY, IB_QP_RQ_PSN,
  IB_QP_SQ_PSN, IB_QP_STATE, IB_QP_TIMEOUT, IB_QPS_ERR, IB_QPS_INIT, IB_QPS_RTR, IB_QPS_RTS, IB_QPT_RC, IB_SEND_SIGNALED,
  IB_WC_LOC_LEN_ERR, IB_WC_LOC_PROT_ERR, IB_WC_RDMA_READ, IB_WC_RECV, IB_WC_REM_ACCESS_ERR, IB_WC_REM_INV_REQ_ERR,
  IB_WC_RETRY_EXC_ERR, IB_WC_RNR_RETRY_EXC_ERR, IB_WC_SUCCESS, IB_WC_WR_FLUSH_ERR, IB_WR_RDMA_READ, IB_WR_RDMA_WRITE,
  IB_WR_SEND, IB_WR_ATOMIC_CMP_AND_SWP, IB_WR_ATOMIC_FETCH_AND_ADD, type IbMr, type IbQp, type IbSendWr
} from '../../../electron/kernel/drivers/infiniband/core/verbs'


const INIT_MASK = IB_QP_STATE | IB_QP_PKEY_INDEX | IB_QP_PORT | IB_QP_ACCESS_FLAGS
const RTR_MASK = IB_QP_STATE | IB_QP_AV | IB_QP_PATH_MTU | IB_QP_DEST_QPN | IB_QP_RQ_PSN | IB_QP_MAX_DEST_RD_ATOMIC | IB_QP_MIN_RNR_TIMER
const RTS_MASK = IB_QP_STATE | IB_QP_SQ_PSN | IB_QP_MAX_QP_RD_ATOMIC | IB_QP_RETRY_CNT | IB_QP_RNR_RETRY | IB_QP_TIMEOUT

function open(k: Kernel, t: TaskStruct): IbUcontext {
  return new IbUcontext(k, ib_device_get(k), t)
}

function mustMr(r: IbMr | number): IbMr {
  if (typeof r === 'number') throw new Error(`reg_mr failed ${r}`)
  return r
}

/** A PD, a CQ and an RC QP brought to RTS connected to `destQpn` (itself when omitted). */
function loopbackQp(ctx: IbUcontext, opts: { access?: number; rnrRetry?: number; destQpn?: number; dlid?: number } = {}) {
  const pd = ctx.alloc_pd()
  const cq = ctx.create_cq(16)
  if (typeof cq === 'number') throw new Error('cq')
  const qp = ctx.create_qp(pd.handle, cq.handle, cq.handle, { maxSendWr: 16, maxRecvWr: 16, maxSendSge: 1, maxRecvSge: 1, maxInlineData: 0 }, IB_QPT_RC, false)
  if (typeof qp === 'number') throw new Error('qp')
  connect(ctx, qp, opts.destQpn ?? qp.qpn, opts)
  return { pd, cq, qp }
}

function connect(ctx: IbUcontext, qp: IbQp, destQpn: number, opts: { access?: number; rnrRetry?: number; dlid?: number } = {}): void {
  const a = emptyQpAttr()
  a.qpState = IB_QPS_INIT
  a.portNum = 1
  a.qpAccessFlags = opts.access ?? (IB_ACCESS_REMOTE_READ | IB_ACCESS_REMOTE_WRITE | IB_ACCESS_LOCAL_WRITE)
  expect(ctx.modify_qp(qp.handle, a, INIT_MASK)).toBe(0)
  a.qpState = IB_QPS_RTR
  a.pathMtu = 5
  a.destQpNum = destQpn
  a.ahAttr.dlid = opts.dlid ?? 1
  a.ahAttr.portNum = 1
  a.maxDestRdAtomic = 1
  a.minRnrTimer = 12
  expect(ctx.modify_qp(qp.handle, a, RTR_MASK)).toBe(0)
  a.qpState = IB_QPS_RTS
  a.timeout = 14
  a.retryCnt = 7
  a.rnrRetry = opts.rnrRetry ?? 7
  a.maxRdAtomic = 1
  expect(ctx.modify_qp(qp.handle, a, RTS_MASK)).toBe(0)
}

function wr(opcode: number, local: { addr: number; length: number; lkey: number }, remote = { addr: 0, rkey: 0 }, id = 1n): IbSendWr {
  return { wrId: id, sg: [local], opcode, sendFlags: IB_SEND_SIGNALED, imm: 0, remoteAddr: remote.addr, rkey: remote.rkey, compareAdd: 0n, swap: 0n, inline: null }
}

describe('ib_umem_get: the GUP call and flags of each era (§1.6 table)', () => {
  const table: Array<[string, string, number, number]> = [
    // version, call, R/O MR flags, RW MR flags
    ['3.2', 'get_user_pages', FOLL_WRITE | FOLL_FORCE, FOLL_WRITE],
    ['4.4', 'get_user_pages', FOLL_WRITE | FOLL_FORCE, FOLL_WRITE],
    ['4.19', 'get_user_pages_longterm', FOLL_WRITE | FOLL_FORCE, FOLL_WRITE],
    ['5.4', 'get_user_pages', FOLL_WRITE | FOLL_FORCE | FOLL_LONGTERM, FOLL_WRITE | FOLL_LONGTERM],
    ['5.8', 'pin_user_pages_fast', FOLL_WRITE | FOLL_FORCE | FOLL_LONGTERM, FOLL_WRITE | FOLL_LONGTERM],
    ['6.1', 'pin_user_pages_fast', FOLL_WRITE | FOLL_FORCE | FOLL_LONGTERM, FOLL_WRITE | FOLL_LONGTERM],
    ['6.6', 'pin_user_pages_fast', FOLL_LONGTERM, FOLL_WRITE | FOLL_LONGTERM],
    ['6.18', 'pin_user_pages_fast', FOLL_LONGTERM, FOLL_WRITE | FOLL_LONGTERM]
  ]
  for (const [version, call, ro, rw] of table) {
    it(`${version}: ${call}, R/O ${ro.toString(16)}, RW ${rw.toString(16)}; pinned_vm charged and given back`, () => {
      const { k, t } = boot({ version: version as never })
      const a = mmapAnon(k, t, 4)
      const u1 = ib_umem_get(k, t, a, 8192, IB_ACCESS_REMOTE_READ)
      const u2 = ib_umem_get(k, t, a + 8192, 8192, IB_ACCESS_LOCAL_WRITE)
      if (typeof u1 === 'number' || typeof u2 === 'number') throw new Error('umem')
      expect([u1.gup, u1.gupFlags]).toEqual([call, ro])
      expect([u2.gup, u2.gupFlags]).toEqual([call, rw])
      expect(t.mm!.pinned_vm).toBe(4)
      expectConsistent(k)
    })
  }
  it('3.2: ZERO_BASED alone makes the umem writable (any flag but REMOTE_READ); 4.4: it does not', () => {
    for (const [version, writable] of [['3.2', true], ['4.4', false]] as const) {
      const { k, t } = boot({ version })
      const a = mmapAnon(k, t, 1)
      const u = ib_umem_get(k, t, a, 4096, IB_ZERO_BASED)
      if (typeof u === 'number') throw new Error('umem')
      expect(u.writable).toBe(writable)
    }
  })
})

describe('reg_mr errno (userspace-api §1.3 table)', () => {
  it('REMOTE_WRITE without LOCAL_WRITE, unknown bits, page-offset mismatch and length 0 are EINVAL', () => {
    const { k, t } = boot({ version: '6.18' })
    const ctx = open(k, t)
    const pd = ctx.alloc_pd()
    const a = mmapAnon(k, t, 2)
    expect(ctx.reg_mr(t, pd.handle, a, 4096, a, IB_ACCESS_REMOTE_WRITE)).toBe(-EINVAL)
    expect(ctx.reg_mr(t, pd.handle, a, 4096, a, 1 << 12)).toBe(-EINVAL)
    expect(ctx.reg_mr(t, pd.handle, a, 4096, a + 1, 0)).toBe(-EINVAL)
    expect(ctx.reg_mr(t, pd.handle, a, 0, a, 0)).toBe(-EINVAL)
    expect(t.mm!.pinned_vm).toBe(0)
  })
  it('unprivileged: over RLIMIT_MEMLOCK is ENOMEM (64 KiB at 5.10, 8 MiB at 6.1), RLIMIT_MEMLOCK 0 is EPERM', () => {
    for (const [version, ret] of [['5.10', -ENOMEM], ['6.1', 0]] as const) {
      const { k } = boot({ version })
      const u = k.createProcess({ comm: 'user', uid: 1000 })
      const ctx = open(k, u)
      const a = mmapAnon(k, u, 17)
      const r = ctx.reg_mr(u, ctx.alloc_pd().handle, a, 17 * 4096, a, IB_ACCESS_LOCAL_WRITE)
      expect(typeof r === 'number' ? r : 0).toBe(ret)
      expect(u.mm!.pinned_vm).toBe(ret === 0 ? 17 : 0)
    }
    const { k } = boot({ version: '6.18' })
    const u = k.createProcess({ comm: 'user', uid: 1000 })
    expect(k.setrlimit(u, RLIMIT_MEMLOCK, 0, 0)).toBe(0)
    const a = mmapAnon(k, u, 1)
    const ctx = open(k, u)
    expect(ctx.reg_mr(u, ctx.alloc_pd().handle, a, 4096, a, IB_ACCESS_LOCAL_WRITE)).toBe(-EPERM)
  })
  it('a writable MR on PROT_READ memory and an MR over an unmapped page are EFAULT; nothing stays pinned', () => {
    const { k, t } = boot({ version: '6.18' })
    const ctx = open(k, t)
    const pd = ctx.alloc_pd()
    const ro = mmapAnon(k, t, 1, PROT_READ)
    expect(ctx.reg_mr(t, pd.handle, ro, 4096, ro, IB_ACCESS_LOCAL_WRITE)).toBe(-EFAULT)
    expect(typeof ctx.reg_mr(t, pd.handle, ro, 4096, ro, IB_ACCESS_REMOTE_READ)).toBe('object')
    const two = mmapAnon(k, t, 2)
    expect(k.munmap(t, two + 4096, 4096)).toBe(0)
    expect(ctx.reg_mr(t, pd.handle, two, 8192, two, IB_ACCESS_LOCAL_WRITE)).toBe(-EFAULT)
    expect(t.mm!.pinned_vm).toBe(1)
    expect(k.vmstat.nr_foll_pin_acquired - k.vmstat.nr_foll_pin_released).toBe(1)
    expectConsistent(k)
  })
  it('closing the context deregisters: pins dropped, pinned_vm back to 0', () => {
    const { k, t } = boot({ version: '6.18' })
    const ctx = open(k, t)
    const pd = ctx.alloc_pd()
    const a = mmapAnon(k, t, 4)
    mustMr(ctx.reg_mr(t, pd.handle, a, 4 * 4096, a, IB_ACCESS_LOCAL_WRITE))
    loopbackQp(ctx)
    ctx.close()
    expect(t.mm!.pinned_vm).toBe(0)
    expect(k.vmstat.nr_foll_pin_acquired).toBe(k.vmstat.nr_foll_pin_released)
    expectConsistent(k)
  })
})

describe('RC QP state machine (§1.5)', () => {
  it('each transition needs its mask: a missing bit or an extra one is EINVAL and changes nothing', () => {
    const { k, t } = boot()
    const ctx = open(k, t)
    const pd = ctx.alloc_pd()
    const cq = ctx.create_cq(4)
    if (typeof cq === 'number') throw new Error('cq')
    expect(cq.cqe).toBe(7)
    const qp = ctx.create_qp(pd.handle, cq.handle, cq.handle, { maxSendWr: 4, maxRecvWr: 4, maxSendSge: 1, maxRecvSge: 1, maxInlineData: 0 }, IB_QPT_RC, false)
    if (typeof qp === 'number') throw new Error('qp')
    const a = emptyQpAttr()
    a.qpState = IB_QPS_INIT
    a.portNum = 1
    expect(ctx.modify_qp(qp.handle, a, INIT_MASK & ~IB_QP_ACCESS_FLAGS)).toBe(-EINVAL)
    expect(ctx.modify_qp(qp.handle, a, INIT_MASK | IB_QP_SQ_PSN)).toBe(-EINVAL)
    a.portNum = 2
    expect(ctx.modify_qp(qp.handle, a, INIT_MASK)).toBe(-EINVAL)
    expect(qp.state).toBe(0)
    a.portNum = 1
    expect(ctx.modify_qp(qp.handle, a, INIT_MASK)).toBe(0)
    a.qpState = IB_QPS_RTS
    expect(ctx.modify_qp(qp.handle, a, RTS_MASK)).toBe(-EINVAL)
    a.qpState = IB_QPS_RTR
    expect(ctx.modify_qp(qp.handle, a, RTR_MASK & ~IB_QP_MIN_RNR_TIMER)).toBe(-EINVAL)
    expect(qp.state).toBe(IB_QPS_INIT)
    const buf = mmapAnon(k, t, 1)
    const mr = mustMr(ctx.reg_mr(t, pd.handle, buf, 4096, buf, IB_ACCESS_LOCAL_WRITE))
    expect(ctx.post_send(qp.handle, [wr(IB_WR_SEND, { addr: buf, length: 8, lkey: mr.lkey })]).ret).toBe(-EINVAL)
    expect(ctx.post_recv(qp.handle, [{ wrId: 1n, sg: [{ addr: buf, length: 8, lkey: mr.lkey }] }]).ret).toBe(0)
  })
})

describe('loopback RDMA through the MTT', () => {
  it('4a at every era: 16 untouched pages registered REMOTE_READ, buf[0] = 2012, an RDMA READ returns 2012', () => {
    for (const version of ['3.2', '4.4', '4.19', '5.4', '5.8', '5.10', '6.1', '6.6', '6.18'] as const) {
      // root (CAP_IPC_LOCK): 17 pinned pages are over the 64 KiB RLIMIT_MEMLOCK of the older eras.
      const { k } = boot({ version })
      const t = k.createProcess({ comm: 'root', uid: 0 })
      const ctx = open(k, t)
      const { pd, cq, qp } = loopbackQp(ctx)
      const buf = mmapAnon(k, t, 16)
      const dst = mmapAnon(k, t, 1)
      const mr = mustMr(ctx.reg_mr(t, pd.handle, buf, 16 * 4096, buf, IB_ACCESS_REMOTE_READ))
      const lmr = mustMr(ctx.reg_mr(t, pd.handle, dst, 4096, dst, IB_ACCESS_LOCAL_WRITE))
      expect(k.uaccess(t).writeU32(buf, 2012)).toBe(0)
      expect(ctx.post_send(qp.handle, [wr(IB_WR_RDMA_READ, { addr: dst, length: 4, lkey: lmr.lkey }, { addr: buf, rkey: mr.rkey })]).ret).toBe(0)
      const wcs = ctx.poll_cq(cq.handle, 4)
      expect(wcs).toMatchObject([{ status: IB_WC_SUCCESS, opcode: IB_WC_RDMA_READ, byteLen: 4 }])
      expect(k.uaccess(t).readU32(dst)).toBe(2012)
      expectConsistent(k)
    }
  })

  it('4b: RW MR, fork, the parent writes — 5.8 the NIC keeps the old page, 5.10 it follows the parent', () => {
    for (const [version, seen] of [['5.8', 0x11], ['5.10', 0x22]] as const) {
      const { k, t } = boot({ version })
      const ctx = open(k, t)
      const { pd, cq, qp } = loopbackQp(ctx)
      const buf = mmapAnon(k, t, 1)
      const dst = mmapAnon(k, t, 1)
      k.uaccess(t).writeU8(buf, 0x11)
      const mr = mustMr(ctx.reg_mr(t, pd.handle, buf, 4096, buf, IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_READ))
      const lmr = mustMr(ctx.reg_mr(t, pd.handle, dst, 4096, dst, IB_ACCESS_LOCAL_WRITE))
      const child = k.fork(t)
      expect(typeof child).toBe('object')
      k.uaccess(t).writeU8(buf, 0x22)
      expect(pfnAt(k, t, buf) === mr.umem.pfns[0]).toBe(version === '5.10')
      ctx.post_send(qp.handle, [wr(IB_WR_RDMA_READ, { addr: dst, length: 1, lkey: lmr.lkey }, { addr: buf, rkey: mr.rkey })])
      expect(ctx.poll_cq(cq.handle, 1)).toMatchObject([{ status: IB_WC_SUCCESS }])
      expect(k.uaccess(t).readU8(dst)).toBe(seen)
      expectConsistent(k)
    }
  })

  it('every DMA is an ib_dma event naming a pfn of the MR\'s MTT', () => {
    const { k, t } = boot()
    const events: TraceEvent[] = []
    k.subscribe((e) => events.push(e))
    const ctx = open(k, t)
    const { pd, qp } = loopbackQp(ctx)
    const buf = mmapAnon(k, t, 2)
    const mr = mustMr(ctx.reg_mr(t, pd.handle, buf, 8192, buf, IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE))
    ctx.post_send(qp.handle, [wr(IB_WR_RDMA_WRITE, { addr: buf + 4000, length: 200, lkey: mr.lkey }, { addr: buf + 100, rkey: mr.rkey })])
    const dma = events.filter((e) => e.type === 'ib_dma')
    expect(dma.map((e) => e.type === 'ib_dma' && [e.dir, e.pfn, e.offset, e.len])).toEqual([
      ['read', mr.umem.pfns[0], 4000, 96], ['read', mr.umem.pfns[1], 0, 104], ['write', mr.umem.pfns[0], 100, 200]
    ])
  })
})

describe('completion statuses and error semantics (§1.8)', () => {
  function setup(opts: Parameters<typeof loopbackQp>[1] = {}) {
    const { k, t } = boot()
    const ctx = open(k, t)
    const q = loopbackQp(ctx, opts)
    const buf = mmapAnon(k, t, 2)
    const mr = mustMr(ctx.reg_mr(t, q.pd.handle, buf, 4096, buf, IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE))
    const ro = mustMr(ctx.reg_mr(t, q.pd.handle, buf + 4096, 4096, buf + 4096, 0))
    return { k, t, ctx, ...q, buf, mr, ro }
  }
  it('a wrong lkey: LOC_PROT_ERR even unsignaled, the QP goes to ERR, the next WR and the posted receive flush', () => {
    const s = setup()
    expect(s.ctx.post_recv(s.qp.handle, [{ wrId: 9n, sg: [{ addr: s.buf, length: 8, lkey: s.mr.lkey }] }]).ret).toBe(0)
    const bad = wr(IB_WR_RDMA_WRITE, { addr: s.buf, length: 8, lkey: s.mr.lkey ^ 0x100 }, { addr: s.buf, rkey: s.mr.rkey }, 1n)
    bad.sendFlags = 0
    expect(s.ctx.post_send(s.qp.handle, [bad, wr(IB_WR_RDMA_WRITE, { addr: s.buf, length: 8, lkey: s.mr.lkey }, { addr: s.buf, rkey: s.mr.rkey }, 2n)]).ret).toBe(0)
    expect(s.qp.state).toBe(IB_QPS_ERR)
    expect(s.ctx.poll_cq(s.cq.handle, 8)).toMatchObject([
      { wrId: 1n, status: IB_WC_LOC_PROT_ERR }, { wrId: 9n, status: IB_WC_WR_FLUSH_ERR, opcode: IB_WC_RECV }, { wrId: 2n, status: IB_WC_WR_FLUSH_ERR }
    ])
  })
  it('an rkey range past the MR, and an MR without REMOTE_READ: REM_ACCESS_ERR at the requester', () => {
    const s = setup()
    s.ctx.post_send(s.qp.handle, [wr(IB_WR_RDMA_WRITE, { addr: s.buf, length: 8, lkey: s.mr.lkey }, { addr: s.buf + 4092, rkey: s.mr.rkey })])
    expect(s.ctx.poll_cq(s.cq.handle, 4)).toMatchObject([{ status: IB_WC_REM_ACCESS_ERR }])
    const t2 = setup()
    t2.ctx.post_send(t2.qp.handle, [wr(IB_WR_RDMA_READ, { addr: t2.buf, length: 8, lkey: t2.mr.lkey }, { addr: t2.buf + 4096, rkey: t2.ro.rkey })])
    expect(t2.ctx.poll_cq(t2.cq.handle, 4)).toMatchObject([{ status: IB_WC_REM_ACCESS_ERR }])
    expect(t2.qp.state).toBe(IB_QPS_ERR)
  })
  it('an RDMA READ into an MR without LOCAL_WRITE: LOC_PROT_ERR', () => {
    const s = setup()
    s.ctx.post_send(s.qp.handle, [wr(IB_WR_RDMA_READ, { addr: s.buf + 4096, length: 8, lkey: s.ro.lkey }, { addr: s.buf, rkey: s.mr.rkey })])
    expect(s.ctx.poll_cq(s.cq.handle, 4)).toMatchObject([{ status: IB_WC_LOC_PROT_ERR }])
  })
  it('the QP access flags gate incoming RDMA: no REMOTE_READ on the QP ⇒ REM_ACCESS_ERR', () => {
    const s = setup({ access: IB_ACCESS_REMOTE_WRITE })
    s.ctx.post_send(s.qp.handle, [wr(IB_WR_RDMA_READ, { addr: s.buf, length: 8, lkey: s.mr.lkey }, { addr: s.buf, rkey: s.mr.rkey })])
    expect(s.ctx.poll_cq(s.cq.handle, 4)).toMatchObject([{ status: IB_WC_REM_ACCESS_ERR }])
  })
  it('a QPN nobody has, or a LID that is not this port: RETRY_EXC_ERR', () => {
    for (const o of [{ destQpn: 0xabcdef }, { dlid: 7 }]) {
      const s = setup(o)
      s.ctx.post_send(s.qp.handle, [wr(IB_WR_RDMA_WRITE, { addr: s.buf, length: 8, lkey: s.mr.lkey }, { addr: s.buf, rkey: s.mr.rkey })])
      expect(s.ctx.poll_cq(s.cq.handle, 4)).toMatchObject([{ status: IB_WC_RETRY_EXC_ERR }])
    }
  })
  it('SEND without a receive: rnr_retry 0 ⇒ RNR_RETRY_EXC_ERR; rnr_retry 7 waits and completes when a receive is posted', () => {
    const s = setup({ rnrRetry: 0 })
    s.ctx.post_send(s.qp.handle, [wr(IB_WR_SEND, { addr: s.buf, length: 8, lkey: s.mr.lkey })])
    expect(s.ctx.poll_cq(s.cq.handle, 4)).toMatchObject([{ status: IB_WC_RNR_RETRY_EXC_ERR }])
    const w = setup()
    w.k.uaccess(w.t).writeU32(w.buf, 77)
    w.ctx.post_send(w.qp.handle, [wr(IB_WR_SEND, { addr: w.buf, length: 4, lkey: w.mr.lkey })])
    expect(w.ctx.poll_cq(w.cq.handle, 4)).toEqual([])
    w.ctx.post_recv(w.qp.handle, [{ wrId: 5n, sg: [{ addr: w.buf + 100, length: 64, lkey: w.mr.lkey }] }])
    expect(w.ctx.poll_cq(w.cq.handle, 4)).toMatchObject([{ wrId: 5n, status: IB_WC_SUCCESS, opcode: IB_WC_RECV, byteLen: 4, srcQp: w.qp.qpn }, { wrId: 1n, status: IB_WC_SUCCESS }])
    expect(w.k.uaccess(w.t).readU32(w.buf + 100)).toBe(77)
  })
  it('a SEND longer than the receive buffer: the receive gets LOC_LEN_ERR, the sender REM_INV_REQ_ERR', () => {
    const s = setup()
    s.ctx.post_recv(s.qp.handle, [{ wrId: 5n, sg: [{ addr: s.buf + 100, length: 4, lkey: s.mr.lkey }] }])
    s.ctx.post_send(s.qp.handle, [wr(IB_WR_SEND, { addr: s.buf, length: 8, lkey: s.mr.lkey })])
    expect(s.ctx.poll_cq(s.cq.handle, 4)).toMatchObject([{ wrId: 5n, status: IB_WC_LOC_LEN_ERR }, { wrId: 1n, status: IB_WC_REM_INV_REQ_ERR }])
  })
  it('two QPs on the same port: RTR needs the peer, the QP to RTS needs RTR first', () => {
    const { k, t } = boot()
    const ctx = open(k, t)
    const pd = ctx.alloc_pd()
    const cq = ctx.create_cq(8)
    if (typeof cq === 'number') throw new Error('cq')
    const mk = () => {
      const q = ctx.create_qp(pd.handle, cq.handle, cq.handle, { maxSendWr: 4, maxRecvWr: 4, maxSendSge: 1, maxRecvSge: 1, maxInlineData: 0 }, IB_QPT_RC, true)
      if (typeof q === 'number') throw new Error('qp')
      return q
    }
    const a = mk()
    const b = mk()
    connect(ctx, a, b.qpn)
    connect(ctx, b, a.qpn)
    const buf = mmapAnon(k, t, 1)
    const mr = mustMr(ctx.reg_mr(t, pd.handle, buf, 4096, buf, IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE))
    k.uaccess(t).writeU32(buf, 5)
    ctx.post_send(a.handle, [wr(IB_WR_RDMA_WRITE, { addr: buf, length: 4, lkey: mr.lkey }, { addr: buf + 8, rkey: mr.rkey })])
    expect(ctx.poll_cq(cq.handle, 4)).toMatchObject([{ status: IB_WC_SUCCESS, qpNum: a.qpn }])
    expect(k.uaccess(t).readU32(buf + 8)).toBe(5)
    expect(b.state).toBe(IB_QPS_RTS)
  })
})

describe('ODP MRs (§2.11, scenario 4f)', () => {
  function odpSetup(version: string) {
    const { k } = boot({ version: version as never })
    const t = k.createProcess({ comm: 'odp', uid: 0 })
    const ctx = open(k, t)
    const q = loopbackQp(ctx)
    const buf = mmapAnon(k, t, 2)
    const dst = mmapAnon(k, t, 1)
    const mr = mustMr(ctx.reg_mr(t, q.pd.handle, buf, 8192, buf, IB_ACCESS_ON_DEMAND | IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_READ | IB_ACCESS_REMOTE_WRITE))
    const lmr = mustMr(ctx.reg_mr(t, q.pd.handle, dst, 4096, dst, IB_ACCESS_LOCAL_WRITE))
    const read = (): number => {
      ctx.post_send(q.qp.handle, [wr(IB_WR_RDMA_READ, { addr: dst, length: 4, lkey: lmr.lkey }, { addr: buf, rkey: mr.rkey })])
      const wc = ctx.poll_cq(q.cq.handle, 1)
      if (typeof wc === 'number' || wc[0]?.status !== IB_WC_SUCCESS) return -(typeof wc === 'number' ? 1 : wc[0]?.status ?? 1)
      return k.uaccess(t).readU32(dst)
    }
    return { k, t, ctx, ...q, buf, mr, read }
  }

  it('3.2 has no ODP: the ON_DEMAND bit is ignored and the range is pinned; 4.4 registers an ODP MR with nothing pinned', () => {
    const old = odpSetup('3.2')
    expect('odp' in old.mr.umem).toBe(false)
    expect(old.t.mm!.pinned_vm).toBe(3)
    const odp = odpSetup('4.4')
    expect('odp' in odp.mr.umem).toBe(true)
    expect(odp.t.mm!.pinned_vm).toBe(1)
    expect(odp.mr.umem.pfns).toEqual([-1, -1])
    expectConsistent(odp.k)
  })

  it('5.8: fork, then the parent writes — the ODP MR follows the parent (a pinned MR would keep the old page)', () => {
    const s = odpSetup('5.8')
    s.k.uaccess(s.t).writeU32(s.buf, 1)
    expect(s.read()).toBe(1)
    const child = s.k.fork(s.t)
    if (typeof child === 'number') throw new Error('fork')
    expect(s.mr.umem.pfns[0]).toBe(-1) // fork's PROTECTION_PAGE invalidation zapped it
    s.k.uaccess(s.t).writeU32(s.buf, 2)
    expect(s.read()).toBe(2)
    expect(s.mr.umem.pfns[0]).toBe(pfnAt(s.k, s.t, s.buf))
    expect(s.k.uaccess(child).readU32(s.buf)).toBe(1)
    expectConsistent(s.k)
  })

  it('an RDMA WRITE into untouched ODP memory write-faults a page in; munmap makes the next access a remote access error', () => {
    const s = odpSetup('6.18')
    const src = mmapAnon(s.k, s.t, 1)
    s.k.uaccess(s.t).writeU32(src, 77)
    const smr = mustMr(s.ctx.reg_mr(s.t, s.pd.handle, src, 4096, src, IB_ACCESS_LOCAL_WRITE))
    s.ctx.post_send(s.qp.handle, [wr(IB_WR_RDMA_WRITE, { addr: src, length: 4, lkey: smr.lkey }, { addr: s.buf + 4096, rkey: s.mr.rkey })])
    expect(s.ctx.poll_cq(s.cq.handle, 1)).toMatchObject([{ status: IB_WC_SUCCESS }])
    expect(s.k.uaccess(s.t).readU32(s.buf + 4096)).toBe(77)
    expect(s.k.munmap(s.t, s.buf, 8192)).toBe(0)
    expect(s.mr.umem.pfns).toEqual([-1, -1])
    expect(s.read()).toBe(-IB_WC_REM_ACCESS_ERR)
    expectConsistent(s.k)
  })

  it('advise_mr: EOPNOTSUPP at 4.19; at 5.4 PREFETCH maps the pages, PREFETCH_WRITE on a read-only ODP MR is EPERM', () => {
    const a = odpSetup('4.19')
    expect(a.ctx.advise_mr(a.pd.handle, 0, 1, [{ addr: a.buf, length: 8192, lkey: a.mr.lkey }])).toBe(-EOPNOTSUPP)
    const b = odpSetup('5.4')
    expect(b.ctx.advise_mr(b.pd.handle, 0, 1, [{ addr: b.buf, length: 8192, lkey: b.mr.lkey }])).toBe(0)
    expect(b.mr.umem.pfns.every((p) => p >= 0)).toBe(true)
    const ro = mustMr(b.ctx.reg_mr(b.t, b.pd.handle, b.buf, 4096, b.buf, IB_ACCESS_ON_DEMAND | IB_ACCESS_REMOTE_READ))
    expect(b.ctx.advise_mr(b.pd.handle, 1, 1, [{ addr: b.buf, length: 4096, lkey: ro.lkey }])).toBe(-EPERM)
  })
})

describe('atomics and the uverbs file lifetime', () => {
  it('CMP_AND_SWP swaps only on a match, FETCH_AND_ADD adds; both return the original value', () => {
    const { k, t } = boot()
    const ctx = open(k, t)
    const { pd, cq, qp } = loopbackQp(ctx, { access: IB_ACCESS_REMOTE_ATOMIC | IB_ACCESS_LOCAL_WRITE })
    const buf = mmapAnon(k, t, 1)
    const mr = mustMr(ctx.reg_mr(t, pd.handle, buf, 4096, buf, IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_ATOMIC))
    const ua = k.uaccess(t)
    ua.writeU64(buf, 5n)
    const atomic = (opcode: number, compareAdd: bigint, swap: bigint) => {
      const w = wr(opcode, { addr: buf + 64, length: 8, lkey: mr.lkey }, { addr: buf, rkey: mr.rkey })
      w.compareAdd = compareAdd
      w.swap = swap
      expect(ctx.post_send(qp.handle, [w]).ret).toBe(0)
      expect(ctx.poll_cq(cq.handle, 1)).toMatchObject([{ status: IB_WC_SUCCESS }])
      return [ua.readU64(buf + 64), ua.readU64(buf)]
    }
    expect(atomic(IB_WR_ATOMIC_CMP_AND_SWP, 4n, 9n)).toEqual([5n, 5n])
    expect(atomic(IB_WR_ATOMIC_CMP_AND_SWP, 5n, 9n)).toEqual([5n, 9n])
    expect(atomic(IB_WR_ATOMIC_FETCH_AND_ADD, 3n, 0n)).toEqual([9n, 12n])
    const bad = wr(IB_WR_ATOMIC_FETCH_AND_ADD, { addr: buf + 64, length: 8, lkey: mr.lkey }, { addr: buf + 4, rkey: mr.rkey })
    expect(ctx.post_send(qp.handle, [bad]).ret).toBe(-EINVAL)
  })

  it('the last close of /dev/infiniband/uverbs0 (process exit) destroys the context: pins dropped, VmPin 0', () => {
    const { k } = boot({ version: '6.18' })
    const t = k.createProcess({ comm: 'rdma', uid: 0 })
    const vfs = new Vfs()
    vfs.kernel = k
    vfs.attach(t.pid)
    rdma_register(vfs, k)
    const fd = vfs.open(t.pid, '/dev/infiniband/uverbs0', 2, 0, { uid: 0, gid: 0 })
    const file = vfs.file(t.pid, fd)
    if (typeof file === 'number') throw new Error('open')
    const uc = ib_uverbs_cdev(k).get_context(file, t)
    if (typeof uc === 'number') throw new Error('context')
    expect(ib_uverbs_cdev(k).get_context(file, t)).toBe(-EINVAL)
    const a = mmapAnon(k, t, 4)
    mustMr(uc.reg_mr(t, uc.alloc_pd().handle, a, 4 * 4096, a, IB_ACCESS_LOCAL_WRITE))
    expect(t.mm!.pinned_vm).toBe(4)
    const dup = vfs.dup(t.pid, fd)
    expect(vfs.close(t.pid, fd)).toBe(0)
    expect(t.mm!.pinned_vm).toBe(4) // another descriptor still refers to the open file
    vfs.exit(t.pid)
    expect(dup).toBeGreaterThan(0)
    expect(t.mm!.pinned_vm).toBe(0)
    expect(k.vmstat.nr_foll_pin_acquired).toBe(k.vmstat.nr_foll_pin_released)
    expect(ib_uverbs_cdev(k).contexts()).toEqual([])
    expectConsistent(k)
  })
})

describe('property: random verbs never throw and leave the kernel consistent', () => {
  const op = fc.oneof(
    fc.record({ k: fc.constant('reg' as const), page: fc.integer({ min: -1, max: 8 }), off: fc.integer({ min: 0, max: 5000 }), len: fc.integer({ min: 0, max: 20000 }), access: fc.integer({ min: 0, max: 0x7f }) }),
    fc.record({ k: fc.constant('dereg' as const), i: fc.nat(7) }),
    fc.record({ k: fc.constant('send' as const), opcode: fc.integer({ min: -1, max: 7 }), i: fc.nat(7), j: fc.nat(7), off: fc.integer({ min: -8, max: 9000 }), len: fc.integer({ min: 0, max: 9000 }), wild: fc.boolean(), flags: fc.integer({ min: 0, max: 15 }) }),
    fc.record({ k: fc.constant('recv' as const), i: fc.nat(7), len: fc.integer({ min: 0, max: 5000 }) }),
    fc.record({ k: fc.constant('state' as const), to: fc.integer({ min: 0, max: 6 }) }),
    fc.record({ k: fc.constant('fork' as const) }),
    fc.record({ k: fc.constant('write' as const), page: fc.nat(7), v: fc.nat(255) }),
    fc.record({ k: fc.constant('munmap' as const), page: fc.nat(7) })
  )
  for (const version of ['4.4', '5.8', '6.18'] as const) {
    it(`${version}: 60 random sequences`, () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
          const { k } = boot({ version })
          const t = k.createProcess({ comm: 'fuzz', uid: 0 })
          const ctx = open(k, t)
          const q = loopbackQp(ctx)
          const base = mmapAnon(k, t, 8)
          const mrs: IbMr[] = []
          for (const o of ops) {
            switch (o.k) {
              case 'reg': {
                const addr = o.page < 0 ? 0x1000 : base + o.page * 4096 + o.off
                const r = ctx.reg_mr(t, q.pd.handle, addr, o.len, addr, o.access)
                if (typeof r !== 'number') mrs.push(r)
                break
              }
              case 'dereg': {
                const mr = mrs.splice(o.i % Math.max(1, mrs.length), 1)[0]
                if (mr) expect(ctx.dereg_mr(mr.handle)).toBe(0)
                break
              }
              case 'send': {
                const a = mrs[o.i % Math.max(1, mrs.length)]
                const b = mrs[o.j % Math.max(1, mrs.length)]
                const lkey = o.wild || !a ? 0xdead00 : a.lkey
                const rkey = o.wild || !b ? 0xbeef00 : b.rkey
                const w = wr(o.opcode, { addr: (a?.iova ?? base) + o.off, length: o.len, lkey }, { addr: (b?.iova ?? base) + (o.off & ~7), rkey })
                w.sendFlags = o.flags & ~8
                ctx.post_send(q.qp.handle, [w])
                break
              }
              case 'recv': {
                const a = mrs[o.i % Math.max(1, mrs.length)]
                ctx.post_recv(q.qp.handle, [{ wrId: 3n, sg: [{ addr: a?.iova ?? base, length: o.len, lkey: a?.lkey ?? 1 }] }])
                break
              }
              case 'state': {
                const at = emptyQpAttr()
                at.qpState = o.to
                if (ctx.modify_qp(q.qp.handle, at, IB_QP_STATE) === 0 && o.to === 0) connect(ctx, q.qp, q.qp.qpn)
                break
              }
              case 'fork': {
                const c = k.fork(t)
                if (typeof c !== 'number') k.exit(c)
                break
              }
              case 'write':
                k.uaccess(t).writeU8(base + o.page * 4096, o.v)
                break
              case 'munmap':
                k.munmap(t, base + o.page * 4096, 4096)
                break
            }
            ctx.poll_cq(q.cq.handle, 64)
          }
          expect(k.checkInvariants()).toEqual([])
          ctx.close()
          expect(t.mm!.pinned_vm).toBe(0)
          expect(k.vmstat.nr_foll_pin_acquired).toBe(k.vmstat.nr_foll_pin_released)
          expect(k.bugs).toEqual([])
          expect(k.checkInvariants()).toEqual([])
        }),
        { numRuns: 60 }
      )
    })
  }
})

describe('trace', () => {
  it('objects, posted WRs, state changes, umem pins, DMA and completions are all events, in order', () => {
    const { k } = boot()
    const t = k.createProcess({ comm: 'tr', uid: 0 })
    const seen: string[] = []
    k.subscribe((e) => {
      if (e.type === 'ib_obj') seen.push(`${e.op} ${e.obj}`)
      else if (e.type === 'ib_qp') seen.push(`qp ${e.from}->${e.to}`)
      else if (e.type === 'ib_post') seen.push(`post ${e.queue}`)
      else if (e.type === 'ib_umem') seen.push(`umem ${e.op} ${e.gup}`)
      else if (e.type === 'ib_mr') seen.push(`mr ${e.op}`)
      else if (e.type === 'ib_dma') seen.push(`dma ${e.dir}`)
      else if (e.type === 'ib_wc') seen.push(`wc ${e.status}`)
    })
    const ctx = open(k, t)
    const { pd, qp } = loopbackQp(ctx)
    const buf = mmapAnon(k, t, 1)
    const mr = mustMr(ctx.reg_mr(t, pd.handle, buf, 4096, buf, IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE))
    ctx.post_send(qp.handle, [wr(IB_WR_RDMA_WRITE, { addr: buf, length: 8, lkey: mr.lkey }, { addr: buf + 8, rkey: mr.rkey })])
    ctx.close()
    expect(seen).toEqual([
      'create pd', 'create cq', 'create qp', 'qp RESET->INIT', 'qp INIT->RTR', 'qp RTR->RTS',
      'umem get pin_user_pages_fast', 'mr reg', 'post sq', 'dma read', 'dma write', 'wc 0',
      'destroy qp', 'umem release unpin_user_page_range_dirty_lock', 'mr dereg', 'destroy cq', 'destroy pd', 'destroy ucontext'
    ])
  })
})

describe('snapshots', () => {
  it('a restored kernel\'s copy of an ODP notifier does not zap the live HCA\'s translations', () => {
    const { k } = boot({ version: '6.18' })
    const t = k.createProcess({ comm: 'snap', uid: 0 })
    const ctx = open(k, t)
    const pd = ctx.alloc_pd()
    const buf = mmapAnon(k, t, 1)
    k.uaccess(t).writeU8(buf, 1)
    const mr = mustMr(ctx.reg_mr(t, pd.handle, buf, 4096, buf, IB_ACCESS_ON_DEMAND | IB_ACCESS_REMOTE_READ))
    expect(ctx.advise_mr(pd.handle, 0, 1, [{ addr: buf, length: 4096, lkey: mr.lkey }])).toBe(0)
    const mapped = mr.umem.pfns[0]
    const k2 = Kernel.restore(k.snapshot())
    expect(k2.munmap(k2.task(t.pid)!, buf, 4096)).toBe(0)
    expect(mr.umem.pfns[0]).toBe(mapped)
    expect(k.munmap(t, buf, 4096)).toBe(0)
    expect(mr.umem.pfns[0]).toBe(-1)
  })
})
