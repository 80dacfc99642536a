/**
 * io_uring in the simulated kernel (electron/kernel/io_uring): setup/enter/register errno per
 * version, the ring layout and features, mmap of the rings, fixed-buffer pinning per era
 * (5.1 boundary 4.19|5.4, FOLL_PIN 5.4|5.8, VmPin 5.8|5.10, shmem 5.10|6.1, GUP's file check
 * 6.1|6.6), malformed SQEs and iovecs, teardown. References: userspace-api.md §3 (observed 6.18
 * values), kernel-semantics.md §3/§4c, version.ts.
 */
import { describe, expect, it } from 'vitest'
import {
  Kernel, type KernelOptions, type TaskStruct, MAP_ANONYMOUS, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE, RLIMIT_MEMLOCK,
  EBADF, EBUSY, EFAULT, EINVAL, ENOMEM, EOPNOTSUPP, EOVERFLOW, checkInvariants,
  IoRingCtx, io_uring_setup, io_uring_enter, io_uring_register, io_uring_ctx_of, io_uring_user_locked_vm,
  IORING_OFF_SQ_RING, IORING_OFF_SQES, IORING_ENTER_GETEVENTS, IORING_OP_NOP, IORING_OP_READ, IORING_OP_WRITE_FIXED,
  IORING_OP_READ_FIXED, IORING_REGISTER_BUFFERS, IORING_UNREGISTER_BUFFERS, IORING_SETUP_CQSIZE, IORING_SETUP_CLAMP
} from '../../../electron/kernel'
import { Vfs } from '../../../electron/kernel/fs/vfs'
import { O_CREAT, O_RDWR } from '../../../electron/kernel/fs/file'
import { ERESTARTSYS, ERRNO } from '../../../electron/kernel/include/uapi/asm-generic/errno-base'
import type { KernelVersion } from '../../../shared/kernel-versions'

const ENOSYS = ERRNO.ENOSYS
const ENXIO = ERRNO.ENXIO
const ECANCELED = ERRNO.ECANCELED

interface World {
  k: Kernel
  vfs: Vfs
  t: TaskStruct
  /** a scratch page for params, iovecs and data */
  scratch: number
}

function world(version: KernelVersion, opts: { uid?: number } & KernelOptions = {}): World {
  const k = new Kernel({ version, memory: { normalPages: 8192 }, ...opts })
  const t = k.createProcess({ comm: 'uring', uid: opts.uid ?? 0 })
  const vfs = new Vfs()
  vfs.kernel = k
  vfs.mkdirs('/root', 0o700)
  vfs.mkdirs('/dev/shm', 0o777).fsKind = 'shmem'
  vfs.attach(t.pid, '/root')
  const scratch = k.mmap(t, 0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
  return { k, vfs, t, scratch }
}

/** struct io_uring_params as setup leaves it. */
interface Params {
  sqEntries: number
  cqEntries: number
  features: number
  sqOff: number[]
  cqOff: number[]
}

function setup(w: World, entries: number, init: { flags?: number; cqEntries?: number; resv?: number } = {}): { fd: number; p: Params } {
  const ua = w.k.uaccess(w.t)
  const raw = new Uint8Array(120)
  const dv = new DataView(raw.buffer)
  dv.setUint32(4, init.cqEntries ?? 0, true)
  dv.setUint32(8, init.flags ?? 0, true)
  if (init.resv) dv.setUint32(32, init.resv, true)
  expect(ua.copy_to_user(w.scratch, raw, 120)).toBe(0)
  const fd = io_uring_setup(w.k, w.vfs, w.t, w.t.pid, entries, w.scratch)
  ua.copy_from_user(raw, w.scratch, 120)
  const u = (o: number) => dv.getUint32(o, true)
  return {
    fd,
    p: {
      sqEntries: u(0), cqEntries: u(4), features: u(20),
      sqOff: Array.from({ length: 7 }, (_, i) => u(40 + 4 * i)),
      cqOff: Array.from({ length: 7 }, (_, i) => u(80 + 4 * i))
    }
  }
}

function ctxOf(w: World, fd: number): IoRingCtx {
  const c = io_uring_ctx_of(w.vfs, w.t.pid, fd)
  if (typeof c === 'number') throw new Error(`no ring: ${c}`)
  return c
}

/** Maps the rings and SQEs of `fd` as liburing does; returns their addresses. */
function mapRings(w: World, fd: number, p: Params): { rings: number; sqes: number } {
  const ctx = ctxOf(w, fd)
  const f = w.k.openFile(ctx.mmapMapping())
  const size = Math.max(p.sqOff[6]! + 4 * p.sqEntries, p.cqOff[5]! + 16 * p.cqEntries)
  const rings = w.k.mmap(w.t, 0, size, PROT_READ | PROT_WRITE, MAP_SHARED, f, IORING_OFF_SQ_RING)
  const sqes = w.k.mmap(w.t, 0, 64 * p.sqEntries, PROT_READ | PROT_WRITE, MAP_SHARED, f, IORING_OFF_SQES)
  expect(rings).toBeGreaterThan(0)
  expect(sqes).toBeGreaterThan(0)
  return { rings, sqes }
}

/** A ring ready for SQEs, driven through user memory like a program would. */
class Ring {
  tail = 0
  head = 0
  constructor(readonly w: World, readonly fd: number, readonly p: Params, readonly rings: number, readonly sqes: number) {
    const ua = w.k.uaccess(w.t)
    for (let i = 0; i < p.sqEntries; i++) ua.writeU32(rings + p.sqOff[6]! + 4 * i, i)
  }

  static create(w: World, entries = 4, flags = 0): Ring {
    const { fd, p } = setup(w, entries, { flags })
    expect(fd).toBeGreaterThanOrEqual(0)
    const { rings, sqes } = mapRings(w, fd, p)
    return new Ring(w, fd, p, rings, sqes)
  }

  /** Writes one SQE into the next slot and publishes the SQ tail. */
  push(sqe: { opcode: number; flags?: number; fd?: number; off?: bigint; addr?: number; len?: number; userData?: bigint; bufIndex?: number; rwFlags?: number }): void {
    const b = new Uint8Array(64)
    const dv = new DataView(b.buffer)
    dv.setUint8(0, sqe.opcode)
    dv.setUint8(1, sqe.flags ?? 0)
    dv.setInt32(4, sqe.fd ?? -1, true)
    dv.setBigUint64(8, sqe.off ?? 0n, true)
    dv.setBigUint64(16, BigInt(sqe.addr ?? 0), true)
    dv.setUint32(24, sqe.len ?? 0, true)
    dv.setUint32(28, sqe.rwFlags ?? 0, true)
    dv.setBigUint64(32, sqe.userData ?? 0n, true)
    dv.setUint16(40, sqe.bufIndex ?? 0, true)
    const ua = this.w.k.uaccess(this.w.t)
    expect(ua.copy_to_user(this.sqes + 64 * (this.tail & (this.p.sqEntries - 1)), b, 64)).toBe(0)
    this.tail++
    ua.writeU32(this.rings + this.p.sqOff[1]!, this.tail)
  }

  enter(toSubmit: number, minComplete = 0, flags = 0): number {
    return io_uring_enter(this.w.k, this.w.vfs, this.w.t, this.w.t.pid, this.fd, toSubmit, minComplete, flags)
  }

  /** Reaps every posted CQE (moving cq.head like io_uring_cqe_seen). */
  reap(): Array<{ userData: bigint; res: number }> {
    const ua = this.w.k.uaccess(this.w.t)
    const tail = ua.readU32(this.rings + this.p.cqOff[1]!)
    const out: Array<{ userData: bigint; res: number }> = []
    while (this.head !== tail) {
      const at = this.rings + this.p.cqOff[5]! + 16 * (this.head & (this.p.cqEntries - 1))
      out.push({ userData: ua.readU64(at) as bigint, res: ua.readU32(at + 8) | 0 })
      this.head = (this.head + 1) >>> 0
    }
    ua.writeU32(this.rings + this.p.cqOff[0]!, this.head)
    return out
  }

  register(iovs: Array<[number | bigint, number | bigint]>, at = this.w.scratch + 8192): number {
    const ua = this.w.k.uaccess(this.w.t)
    iovs.forEach(([base, len], i) => {
      ua.writeU64(at + 16 * i, BigInt(base))
      ua.writeU64(at + 16 * i + 8, BigInt(len))
    })
    return io_uring_register(this.w.k, this.w.vfs, this.w.t, this.w.t.pid, this.fd, IORING_REGISTER_BUFFERS, at, iovs.length)
  }

  unregister(): number {
    return io_uring_register(this.w.k, this.w.vfs, this.w.t, this.w.t.pid, this.fd, IORING_UNREGISTER_BUFFERS, 0, 0)
  }
}

describe('io_uring_setup', () => {
  it('is -ENOSYS before 5.1 (4.19) and a descriptor from 5.1 (5.4), as are enter and register', () => {
    const old = world('4.19')
    expect(setup(old, 4).fd).toBe(-ENOSYS)
    expect(io_uring_enter(old.k, old.vfs, old.t, old.t.pid, 0, 0, 0, 0)).toBe(-ENOSYS)
    expect(io_uring_register(old.k, old.vfs, old.t, old.t.pid, 0, 0, 0, 0)).toBe(-ENOSYS)
    expect(setup(world('5.4'), 4).fd).toBeGreaterThanOrEqual(0)
  })

  it('rounds entries up to a power of two, CQ twice the SQ; features per version (6.18 observed 0x3ffff)', () => {
    const expected: Record<string, number> = { '5.4': 0x1, '5.8': 0x3f, '5.10': 0x7f, '6.1': 0x1fff, '6.6': 0x3fff, '6.18': 0x3ffff }
    for (const [v, features] of Object.entries(expected)) {
      const { fd, p } = setup(world(v as KernelVersion), 5)
      expect(fd, v).toBeGreaterThanOrEqual(0)
      expect([p.sqEntries, p.cqEntries, p.features], v).toEqual([8, 16, features])
    }
  })

  it('publishes the observed 6.18 ring offsets, and the cacheline-aligned layout before (6.6, 5.4)', () => {
    // observed on 6.18 with 4 entries: sq head 0 tail 4 mask 16 entries 24 flags 36 dropped 32 array 192;
    // cq head 8 tail 12 mask 20 entries 28 overflow 44 cqes 64 flags 40
    expect(setup(world('6.18'), 4).p.sqOff).toEqual([0, 4, 16, 24, 36, 32, 192])
    expect(setup(world('6.18'), 4).p.cqOff).toEqual([8, 12, 20, 28, 44, 64, 40])
    expect(setup(world('6.6'), 4).p.sqOff).toEqual([0, 64, 256, 264, 276, 272, 448])
    expect(setup(world('6.6'), 4).p.cqOff).toEqual([128, 192, 260, 268, 284, 320, 280])
    // 5.4: no cq_flags yet, cq_overflow right after sq_flags
    expect(setup(world('5.4'), 4).p.cqOff).toEqual([128, 192, 260, 268, 280, 320, 0])
  })

  it('validates entries, CQSIZE, CLAMP, resv and the params pointer', () => {
    const w = world('6.18')
    expect(setup(w, 0).fd).toBe(-EINVAL)
    expect(setup(w, 32769).fd).toBe(-EINVAL)
    expect(setup(w, 32768).p.sqEntries).toBe(32768)
    const clamped = setup(w, 40000, { flags: IORING_SETUP_CLAMP })
    expect([clamped.p.sqEntries, clamped.p.cqEntries]).toEqual([32768, 65536])
    expect(setup(w, 8, { flags: IORING_SETUP_CQSIZE, cqEntries: 0 }).fd).toBe(-EINVAL)
    expect(setup(w, 8, { flags: IORING_SETUP_CQSIZE, cqEntries: 4 }).fd).toBe(-EINVAL)
    expect(setup(w, 8, { flags: IORING_SETUP_CQSIZE, cqEntries: 100 }).p.cqEntries).toBe(128)
    expect(setup(w, 4, { resv: 1 }).fd).toBe(-EINVAL)
    expect(setup(w, 4, { flags: 1 << 19 }).fd).toBe(-EINVAL) // unknown at 6.18 (observed)
    expect(io_uring_setup(w.k, w.vfs, w.t, w.t.pid, 4, 0x10)).toBe(-EFAULT)
    // 5.4 knows neither CQSIZE (5.5) nor CLAMP (5.6)
    const old = world('5.4')
    expect(setup(old, 8, { flags: IORING_SETUP_CQSIZE, cqEntries: 32 }).fd).toBe(-EINVAL)
    expect(setup(old, 40000, { flags: IORING_SETUP_CLAMP }).fd).toBe(-EINVAL)
    expect(checkInvariants(w.k)).toEqual([])
  })
})

describe('the rings are kernel pages mapped into the process', () => {
  it('bad offsets and oversized maps: -EINVAL until 6.4 (6.1), -ENOMEM after (6.6), oversized accepted from the region rework (6.18)', () => {
    for (const [v, badOff, big] of [['6.1', -EINVAL, -EINVAL], ['6.6', -ENOMEM, -ENOMEM], ['6.18', -ENOMEM, 'ok']] as const) {
      const w = world(v)
      const { fd } = setup(w, 4)
      const f = w.k.openFile(ctxOf(w, fd).mmapMapping())
      expect(w.k.mmap(w.t, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0x40000000), v).toBe(badOff)
      const r = w.k.mmap(w.t, 0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, f, IORING_OFF_SQES)
      if (big === 'ok') {
        expect(r, v).toBeGreaterThan(0)
        const ua = w.k.uaccess(w.t)
        expect(ua.readU8(r)).toBe(0)
        expect(ua.readU8(r + 4096)).toBe(-1) // beyond the region: nothing mapped
        expect(ua.lastFault?.signo).toBe(7) // SIGBUS
      } else expect(r, v).toBe(big)
      // the low offset bits: an exact match before 6.4, masked after
      expect(w.k.mmap(w.t, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0x1000) > 0, v).toBe(v !== '6.1')
      expect(checkInvariants(w.k)).toEqual([])
    }
  })

  it('mmap of the SQ ring shows the kernel-written ring fields; GUP refuses the rings', () => {
    const w = world('6.18')
    const { fd, p } = setup(w, 4)
    const { rings } = mapRings(w, fd, p)
    const ua = w.k.uaccess(w.t)
    expect(ua.readU32(rings + p.sqOff[3]!)).toBe(4) // sq_ring_entries written by the kernel
    expect(ua.readU32(rings + p.cqOff[3]!)).toBe(8)
    expect(w.k.pin_user_pages(w.t, rings, 1, 1, [])).toBe(-EFAULT) // VM_PFNMAP
    expect(checkInvariants(w.k)).toEqual([])
  })
})

describe('io_uring_enter', () => {
  it('NOP round trip; bad fd -EBADF, a non-ring fd -EOPNOTSUPP, unknown flags -EINVAL', () => {
    const w = world('6.18')
    const r = Ring.create(w)
    r.push({ opcode: IORING_OP_NOP, userData: 7n })
    expect(r.enter(1, 1, IORING_ENTER_GETEVENTS)).toBe(1)
    expect(r.reap()).toEqual([{ userData: 7n, res: 0 }])
    expect(io_uring_enter(w.k, w.vfs, w.t, w.t.pid, 99, 0, 0, 0)).toBe(-EBADF)
    const plain = w.vfs.open(w.t.pid, 'plain', O_CREAT | O_RDWR, 0o600, { uid: 0, gid: 0 })
    expect(io_uring_enter(w.k, w.vfs, w.t, w.t.pid, plain, 0, 0, 0)).toBe(-EOPNOTSUPP)
    expect(r.enter(0, 0, 1 << 31)).toBe(-EINVAL)
  })

  it('waiting for a completion that cannot come blocks (-ERESTARTSYS to the scheduler)', () => {
    const r = Ring.create(world('6.18'))
    expect(r.enter(0, 1, IORING_ENTER_GETEVENTS)).toBe(-ERESTARTSYS)
    // one NOP submitted, two completions wanted: the NOP completes, the wait sleeps; the restart
    // finds the SQ empty and does not submit it again
    r.push({ opcode: IORING_OP_NOP, userData: 1n })
    expect(r.enter(1, 2, IORING_ENTER_GETEVENTS)).toBe(-ERESTARTSYS)
    expect(r.enter(1, 2, IORING_ENTER_GETEVENTS)).toBe(-ERESTARTSYS)
    expect(r.reap()).toEqual([{ userData: 1n, res: 0 }])
    expect(r.enter(0, 0, IORING_ENTER_GETEVENTS)).toBe(0)
  })

  it('malformed SQEs: unknown opcode, unknown flag bits, rw_flags, bad SQ index (dropped), FIXED_FILE without a table', () => {
    const w = world('6.18')
    const r = Ring.create(w)
    const fd = w.vfs.open(w.t.pid, 'plain', O_CREAT | O_RDWR, 0o600, { uid: 0, gid: 0 })
    r.push({ opcode: 200, userData: 1n })
    r.push({ opcode: IORING_OP_NOP, flags: 1 << 7, userData: 2n })
    r.push({ opcode: IORING_OP_READ, fd, addr: w.scratch, len: 8, rwFlags: 0x80, userData: 3n })
    r.push({ opcode: IORING_OP_READ, fd, flags: 1 /* FIXED_FILE */, addr: w.scratch, len: 8, userData: 4n })
    expect(r.enter(4)).toBe(4)
    expect(r.reap().map((c) => c.res)).toEqual([-EINVAL, -EINVAL, -EOPNOTSUPP, -EBADF])
    // an SQ array slot naming SQE 9 of 4: dropped, counted in sq_dropped
    const ua = w.k.uaccess(w.t)
    ua.writeU32(r.rings + r.p.sqOff[6]! + 4 * (r.tail & 3), 9)
    r.push({ opcode: IORING_OP_NOP })
    expect(r.enter(1)).toBe(0)
    expect(ua.readU32(r.rings + r.p.sqOff[5]!)).toBe(1)
    expect(checkInvariants(w.k)).toEqual([])
  })

  it('IOSQE_IO_LINK: a failed request cancels the rest of its chain', () => {
    const w = world('6.18')
    const r = Ring.create(w)
    r.push({ opcode: 200, flags: 1 << 2, userData: 1n })
    r.push({ opcode: IORING_OP_NOP, flags: 1 << 2, userData: 2n })
    r.push({ opcode: IORING_OP_NOP, userData: 3n })
    r.push({ opcode: IORING_OP_NOP, userData: 4n })
    expect(r.enter(4)).toBe(4)
    // the cancelled members complete after the batch (task_work), as observed on 6.18
    expect(r.reap()).toEqual([
      { userData: 1n, res: -EINVAL }, { userData: 4n, res: 0 }, { userData: 2n, res: -ECANCELED }, { userData: 3n, res: -ECANCELED }
    ])
    // a short read fails the link too; a hard link does not break
    const fd = w.vfs.open(w.t.pid, 'short', O_CREAT | O_RDWR, 0o600, { uid: 0, gid: 0 })
    w.vfs.write(w.t.pid, fd, new TextEncoder().encode('hello'))
    r.push({ opcode: IORING_OP_READ, fd, addr: w.scratch, len: 100, flags: 1 << 2, userData: 5n })
    r.push({ opcode: IORING_OP_NOP, userData: 6n })
    r.push({ opcode: 200, flags: 1 << 3, userData: 7n })
    r.push({ opcode: IORING_OP_NOP, userData: 8n })
    expect(r.enter(4)).toBe(4)
    expect(r.reap().map((c) => [c.userData, c.res])).toEqual([[5n, 5], [7n, -EINVAL], [8n, 0], [6n, -ECANCELED]])
  })

  it('a full CQ ring drops and counts before IORING_FEAT_NODROP (5.4), backlogs and flushes from 5.5 (5.8)', () => {
    for (const [v, nodrop] of [['5.4', false], ['5.8', true]] as const) {
      const w = world(v)
      const r = Ring.create(w, 2) // 2 SQ, 4 CQ entries
      for (let round = 0; round < 3; round++) {
        r.push({ opcode: IORING_OP_NOP, userData: BigInt(2 * round) })
        r.push({ opcode: IORING_OP_NOP, userData: BigInt(2 * round + 1) })
        expect(r.enter(2)).toBe(2)
      }
      const ua = w.k.uaccess(w.t)
      expect(ua.readU32(r.rings + r.p.cqOff[4]!), v).toBe(nodrop ? 0 : 2)
      expect(ua.readU32(r.rings + r.p.sqOff[4]!) & 2, v).toBe(nodrop ? 2 : 0) // IORING_SQ_CQ_OVERFLOW (5.8)
      expect(r.reap().map((c) => c.userData), v).toEqual([0n, 1n, 2n, 3n])
      expect(r.enter(0, 0, IORING_ENTER_GETEVENTS)).toBe(0) // flushes the backlog into the ring
      expect(r.reap().map((c) => c.userData), v).toEqual(nodrop ? [4n, 5n] : [])
      expect(ua.readU32(r.rings + r.p.sqOff[4]!) & 2, v).toBe(0)
    }
  })

  it('IORING_OP_READ exists from 5.6: -EINVAL at 5.4, bytes at 5.8', () => {
    for (const [v, res] of [['5.4', -EINVAL], ['5.8', 5]] as const) {
      const w = world(v)
      const fd = w.vfs.open(w.t.pid, 'f', O_CREAT | O_RDWR, 0o600, { uid: 0, gid: 0 })
      w.vfs.write(w.t.pid, fd, new TextEncoder().encode('hello'))
      const r = Ring.create(w)
      r.push({ opcode: IORING_OP_READ, fd, addr: w.scratch, len: 16 })
      r.enter(1)
      expect(r.reap()[0]!.res, v).toBe(res)
    }
  })
})

describe('IORING_REGISTER_BUFFERS per version', () => {
  it('5.4 takes FOLL_GET references (get_user_pages FOLL_LONGTERM), 5.8 FOLL_PIN (pin_user_pages)', () => {
    for (const [v, pinned] of [['5.4', false], ['5.8', true]] as const) {
      const w = world(v)
      const r = Ring.create(w)
      const buf = w.k.mmap(w.t, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
      const before = w.k.vmstat.nr_foll_pin_acquired
      expect(r.register([[buf, 8192]])).toBe(0)
      expect(w.k.vmstat.nr_foll_pin_acquired - before, v).toBe(pinned ? 2 : 0)
      const pfns = ctxOf(w, r.fd).userBufs![0]!.pfns
      expect(pfns.every((pfn) => (w.k.gup.get(pfn)?.pin ?? 0) === (pinned ? 1 : 0)), v).toBe(true)
      expect(checkInvariants(w.k)).toEqual([])
      expect(r.unregister()).toBe(0)
      expect(pfns.every((pfn) => !w.k.gup.get(pfn)), v).toBe(true)
      expect(checkInvariants(w.k)).toEqual([])
    }
  })

  it('VmPin (mm->pinned_vm) counts registered pages from 5.9: 5.8 stays 0, 5.10 counts them', () => {
    for (const [v, pinnedVm] of [['5.8', 0], ['5.10', 3]] as const) {
      const w = world(v)
      const r = Ring.create(w)
      const buf = w.k.mmap(w.t, 0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
      expect(r.register([[buf, 3 * 4096]])).toBe(0)
      expect(w.t.mm!.pinned_vm, v).toBe(pinnedVm)
      r.unregister()
      expect(w.t.mm!.pinned_vm, v).toBe(0)
    }
  })

  it('file mappings: 6.1 io_uring refuses ext4 (EOPNOTSUPP, MAP_PRIVATE too), 6.6 GUP refuses shared ext4 (EFAULT) and private works', () => {
    for (const [v, shared, priv] of [['6.1', -EOPNOTSUPP, -EOPNOTSUPP], ['6.6', -EFAULT, 0]] as const) {
      const w = world(v)
      const r = Ring.create(w)
      const m = w.k.createMapping({ kind: 'ext4', size: 8192 })
      const f = w.k.openFile(m)
      const s = w.k.mmap(w.t, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0)
      const p = w.k.mmap(w.t, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, f, 4096)
      expect(r.register([[s, 4096]]), v).toBe(shared)
      expect(r.register([[p, 4096]]), v).toBe(priv)
      expect(checkInvariants(w.k)).toEqual([])
    }
  })

  it('shmem (MAP_SHARED|MAP_ANONYMOUS) is EOPNOTSUPP before 5.14 (5.10) and allowed after (6.1); hugetlbfs always', () => {
    for (const [v, res] of [['5.10', -EOPNOTSUPP], ['6.1', 0]] as const) {
      const w = world(v)
      const r = Ring.create(w)
      const a = w.k.mmap(w.t, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS)
      expect(r.register([[a, 4096]]), v).toBe(res)
      if (res === 0) r.unregister()
      const h = w.k.mmap(w.t, 0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, w.k.openFile(w.k.createMapping({ kind: 'hugetlbfs', size: 4096 })), 0)
      expect(r.register([[h, 4096]]), v).toBe(0)
    }
  })

  it('the observed 6.18 errno table; 5.10 has no sparse slots and the UIO_MAXIOV limit', () => {
    const w = world('6.18')
    const r = Ring.create(w)
    const buf = w.k.mmap(w.t, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    const ro = w.k.mmap(w.t, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS)
    expect(r.register([[buf, 0]])).toBe(-EFAULT)
    expect(r.register([[0, 4096]])).toBe(-EFAULT)
    expect(r.register([[buf, 2 ** 30 + 1]])).toBe(-EFAULT)
    expect(r.register([[0x10000, 4096]])).toBe(-EFAULT)
    expect(r.register([[ro, 4096]])).toBe(-EFAULT)
    expect(r.register([[2n ** 64n - 4096n, 8192]])).toBe(-EOVERFLOW)
    expect(io_uring_register(w.k, w.vfs, w.t, w.t.pid, r.fd, IORING_REGISTER_BUFFERS, 0x10, 1)).toBe(-EFAULT)
    expect(io_uring_register(w.k, w.vfs, w.t, w.t.pid, r.fd, IORING_REGISTER_BUFFERS, w.scratch, 0)).toBe(-EINVAL)
    expect(io_uring_register(w.k, w.vfs, w.t, w.t.pid, r.fd, IORING_REGISTER_BUFFERS, w.scratch, 16385)).toBe(-EINVAL)
    expect(io_uring_register(w.k, w.vfs, w.t, w.t.pid, r.fd, 999, 0, 0)).toBe(-EINVAL)
    expect(r.unregister()).toBe(-ENXIO)
    // a failing second iovec releases the first
    expect(r.register([[buf, 4096], [0x10000, 4096]])).toBe(-EFAULT)
    expect(w.k.gup.size).toBe(0)
    expect(r.register([[0, 0], [buf, 8192]])).toBe(0) // sparse slot 0 (5.13+)
    expect(r.register([[buf, 8192]])).toBe(-EBUSY)
    expect(r.unregister()).toBe(0)
    const old = world('5.10')
    const r2 = Ring.create(old)
    const b2 = old.k.mmap(old.t, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    expect(r2.register([[0, 0], [b2, 4096]])).toBe(-EFAULT)
    expect(io_uring_register(old.k, old.vfs, old.t, old.t.pid, r2.fd, IORING_REGISTER_BUFFERS, old.scratch, 1025)).toBe(-EINVAL)
    expect(checkInvariants(w.k)).toEqual([])
  })

  it('RLIMIT_MEMLOCK: a user is charged per uid across rings (-ENOMEM past it, also at limit 0); CAP_IPC_LOCK is not', () => {
    const w = world('6.18', { uid: 1000 })
    expect(w.k.getrlimit(w.t, RLIMIT_MEMLOCK)).toEqual([8 << 20, 8 << 20])
    w.k.setrlimit(w.t, RLIMIT_MEMLOCK, 64 << 10, 64 << 10)
    const a = Ring.create(w)
    const b = Ring.create(w)
    const buf = w.k.mmap(w.t, 0, 32 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    expect(a.register([[buf, 32 * 4096]])).toBe(-ENOMEM)
    expect(w.k.gup.size).toBe(0)
    expect(a.register([[buf, 8 * 4096]])).toBe(0)
    expect(io_uring_user_locked_vm(w.k, 1000)).toBe(8)
    expect(b.register([[buf + 8 * 4096, 12 * 4096]])).toBe(-ENOMEM) // 8 + 12 > 16 pages
    expect(b.register([[buf + 8 * 4096, 8 * 4096]])).toBe(0)
    a.unregister()
    b.unregister()
    expect(io_uring_user_locked_vm(w.k, 1000)).toBe(0)
    w.k.setrlimit(w.t, RLIMIT_MEMLOCK, 0, 0)
    expect(a.register([[buf, 4096]])).toBe(-ENOMEM)
    const root = world('6.18', { uid: 0 })
    root.k.setrlimit(root.t, RLIMIT_MEMLOCK, 64 << 10, 64 << 10)
    const rr = Ring.create(root)
    const big = root.k.mmap(root.t, 0, 256 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    expect(rr.register([[big, 256 * 4096]])).toBe(0)
    expect(root.t.mm!.pinned_vm).toBe(256)
  })
})

describe('ring memory accounting (5.1–5.11)', () => {
  it('5.10 charges the ring pages to the uid (-ENOMEM under a 1-page RLIMIT_MEMLOCK); 6.1 does not', () => {
    for (const [v, res] of [['5.10', -ENOMEM], ['6.1', 'fd']] as const) {
      const w = world(v, { uid: 1000 })
      w.k.setrlimit(w.t, RLIMIT_MEMLOCK, 4096, 4096)
      const { fd } = setup(w, 4)
      if (res === 'fd') expect(fd, v).toBeGreaterThanOrEqual(0)
      else expect(fd, v).toBe(res)
      expect(io_uring_user_locked_vm(w.k, 1000), v).toBe(0)
    }
    const w = world('5.10', { uid: 1000 })
    const { fd } = setup(w, 4)
    expect(io_uring_user_locked_vm(w.k, 1000)).toBe(2) // one page of rings, one of SQEs
    w.vfs.close(w.t.pid, fd)
    expect(io_uring_user_locked_vm(w.k, 1000)).toBe(0)
    const root = world('5.10', { uid: 0 })
    root.k.setrlimit(root.t, RLIMIT_MEMLOCK, 0, 0)
    expect(setup(root, 4).fd).toBeGreaterThanOrEqual(0) // CAP_IPC_LOCK: not charged
  })
})

describe('fixed-buffer I/O uses the pinned pages, not the page tables', () => {
  it('after MADV_DONTNEED the ring still writes the old page; READ_FIXED lands in it', () => {
    const w = world('6.18')
    const r = Ring.create(w)
    const ua = w.k.uaccess(w.t)
    const buf = w.k.mmap(w.t, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    ua.fill_user(buf, 0x41, 4096)
    expect(r.register([[buf, 4096]])).toBe(0)
    w.k.madvise(w.t, buf, 4096, 4 /* MADV_DONTNEED */)
    const fd = w.vfs.open(w.t.pid, 'out', O_CREAT | O_RDWR, 0o600, { uid: 0, gid: 0 })
    r.push({ opcode: IORING_OP_WRITE_FIXED, fd, addr: buf, len: 8 })
    r.enter(1)
    expect(r.reap()[0]!.res).toBe(8)
    expect(new TextDecoder().decode(w.vfs.pread(w.t.pid, fd, 8, 0) as Uint8Array)).toBe('AAAAAAAA')
    expect(ua.readU8(buf)).toBe(0) // the process sees a fresh zero page
    w.vfs.pwrite(w.t.pid, fd, new TextEncoder().encode('zz'), 100)
    r.push({ opcode: IORING_OP_READ_FIXED, fd, addr: buf, len: 2, off: 100n })
    r.enter(1)
    expect(r.reap()[0]!.res).toBe(2)
    expect(ua.readU8(buf)).toBe(0) // still not visible to the process
    const pfn = ctxOf(w, r.fd).userBufs![0]!.pfns[0]!
    const b = new Uint8Array(2)
    w.k.dma_read(pfn, 0, b, 2)
    expect(new TextDecoder().decode(b)).toBe('zz')
    expect(checkInvariants(w.k)).toEqual([])
  })
})

describe('teardown', () => {
  it('close while mapped keeps the ring until munmap; exit frees rings and unpins buffers', () => {
    const w = world('6.18')
    const kernelPages = w.k.kernelRefs.size
    const r = Ring.create(w)
    const buf = w.k.mmap(w.t, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    expect(r.register([[buf, 4096]])).toBe(0)
    const ctx = ctxOf(w, r.fd)
    expect(w.vfs.close(w.t.pid, r.fd)).toBe(0)
    expect(ctx.freed).toBe(false) // still mapped: the ring file lives on in vm_file
    expect(w.k.gup.size).toBe(1)
    w.k.exit(w.t, 0) // exit_mmap drops the ring mappings ...
    w.vfs.exit(w.t.pid)
    // ... and the next io_uring call on this kernel reaps the released ring
    const t2 = w.k.createProcess({ uid: 0 })
    w.vfs.attach(t2.pid, '/root')
    io_uring_enter(w.k, w.vfs, t2, t2.pid, 99, 0, 0, 0)
    expect(ctx.freed).toBe(true)
    expect(w.k.gup.size).toBe(0) // unpinned (the pages outlived the mm until now)
    expect(w.k.kernelRefs.size).toBe(kernelPages)
    expect(checkInvariants(w.k)).toEqual([])
  })

  it('close of an unmapped ring frees it at once and unpins without dirtying', () => {
    const w = world('5.10')
    const { fd } = setup(w, 4)
    const ctx = ctxOf(w, fd)
    const buf = w.k.mmap(w.t, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    const ua = w.k.uaccess(w.t)
    ua.writeU64(w.scratch, BigInt(buf))
    ua.writeU64(w.scratch + 8, 4096n)
    expect(io_uring_register(w.k, w.vfs, w.t, w.t.pid, fd, IORING_REGISTER_BUFFERS, w.scratch, 1)).toBe(0)
    const released = w.k.vmstat.nr_foll_pin_released
    w.vfs.close(w.t.pid, fd)
    expect(ctx.freed).toBe(true)
    expect(w.k.vmstat.nr_foll_pin_released - released).toBe(1)
    expect(w.t.mm!.pinned_vm).toBe(0)
    expect(checkInvariants(w.k)).toEqual([])
  })
})

describe('visibility', () => {
  it('the trace shows the syscalls, each SQE issued and each CQE posted, and the buffer pins', () => {
    const w = world('6.18')
    const r = Ring.create(w)
    const events: Array<{ type: string; event?: string; name?: string }> = []
    const off = w.k.subscribe((ev) => events.push(ev as never))
    const buf = w.k.mmap(w.t, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    r.register([[buf, 4096]])
    r.push({ opcode: IORING_OP_NOP, userData: 5n })
    r.enter(1)
    r.unregister()
    off()
    const seen = events.map((e) => (e.type === 'io_uring' ? `io_uring:${e.event}` : e.type === 'syscall' ? `syscall:${e.name}` : e.type))
    expect(seen.filter((x) => x.startsWith('io_uring') || x.startsWith('syscall:io_uring') || x === 'pin' || x === 'unpin')).toEqual([
      'pin', 'io_uring:register_buffers', 'syscall:io_uring_register', 'io_uring:submit', 'io_uring:complete',
      'syscall:io_uring_enter', 'unpin', 'io_uring:unregister_buffers', 'syscall:io_uring_register'
    ])
  })

  it('what PinLab does not model is refused with -EINVAL and says so in dmesg', () => {
    const w = world('6.18')
    expect(setup(w, 4, { flags: 1 << 1 /* SQPOLL */ }).fd).toBe(-EINVAL)
    expect(w.k.log.lines.at(-1)?.text).toContain('io_uring: setup flags 0x2 is not modelled')
    const r = Ring.create(w)
    r.push({ opcode: 30 /* IORING_OP_SPLICE */ })
    r.enter(1)
    expect(r.reap()[0]!.res).toBe(-EINVAL)
    expect(w.k.log.lines.at(-1)?.text).toContain('opcode 30 is not modelled')
  })
})

describe('resource exhaustion', () => {
  it('registering more memory than the machine has fails with an errno, releases what it pinned, never throws', () => {
    const w = world('6.18')
    const r = Ring.create(w)
    const big = w.k.mmap(w.t, 0, 512 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | 0x4000 /* MAP_NORESERVE */)
    expect(big).toBeGreaterThan(0)
    let ret = 0
    expect(() => (ret = r.register([[big, 512 << 20]]))).not.toThrow()
    expect(ret).toBeLessThan(0)
    expect(w.k.gup.size).toBe(0)
    expect(w.t.mm!.pinned_vm).toBe(0)
    expect(checkInvariants(w.k)).toEqual([])
  })
})

describe('snapshots', () => {
  it('a kernel with a ring and registered buffers snapshots and restores consistently', () => {
    const w = world('6.18')
    const r = Ring.create(w)
    const buf = w.k.mmap(w.t, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    expect(r.register([[buf, 4096]])).toBe(0)
    const k2 = Kernel.restore(w.k.snapshot())
    expect(checkInvariants(k2)).toEqual([])
    expect(k2.kernelRefs.size).toBe(w.k.kernelRefs.size) // the ring frames
    expect(k2.gup.size).toBe(1) // the pinned buffer page
  })
})

describe('fuzz: random SQEs never throw and keep the kernel consistent', () => {
  it('fixed seed', () => {
    let seed = Number(process.env.PINLAB_PROPERTY_SEED ?? 20120209) >>> 0 || 1
    const rnd = () => {
      seed ^= seed << 13
      seed >>>= 0
      seed ^= seed >>> 17
      seed ^= seed << 5
      seed >>>= 0
      return seed
    }
    for (const v of ['5.4', '5.10', '6.18'] as const) {
      const w = world(v)
      const r = Ring.create(w, 8)
      const fd = w.vfs.open(w.t.pid, 'fz', O_CREAT | O_RDWR, 0o600, { uid: 0, gid: 0 })
      const buf = w.k.mmap(w.t, 0, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
      expect(r.register([[buf, 8192]])).toBe(0)
      for (let i = 0; i < 300; i++) {
        const pick = [0, 1, 2, 3, 4, 5, 22, 23, rnd() & 0xff][rnd() % 9]!
        r.push({
          opcode: pick, flags: rnd() % 4 === 0 ? rnd() & 0xff : 0, fd: [fd, -1, 99, r.fd][rnd() % 4]!,
          off: [0n, BigInt(rnd() % 10000), 2n ** 64n - 1n, 2n ** 63n][rnd() % 4]!,
          addr: [buf, buf + (rnd() % 8192), 0, 0x10000, w.scratch][rnd() % 5]!, len: [0, 1, 4096, 8192, rnd()][rnd() % 5]!,
          bufIndex: rnd() % 3, rwFlags: rnd() % 5 === 0 ? rnd() : 0, userData: BigInt(i)
        })
        expect(() => r.enter(1)).not.toThrow()
        for (const c of r.reap()) expect(c.res).toBeGreaterThanOrEqual(-4095)
      }
      expect(checkInvariants(w.k), v).toEqual([])
    }
  })
})
