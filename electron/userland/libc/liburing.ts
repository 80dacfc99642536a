/**
 * liburing 2.x (the library half; the inline half is C in /usr/include/liburing.h) and the raw
 * io_uring_setup/enter/register system calls.
 *
 * Split, and why: the helpers that only touch ring memory the application shares with the
 * kernel (io_uring_get_sqe, io_uring_prep_*, io_uring_cqe_seen, io_uring_peek_cqe's fast path)
 * are static inline C in liburing.h, as in real liburing, so their loads and stores go through
 * the simulated MMU like the program's own. The functions real liburing compiles into
 * liburing.so (queue init/exit, submit, the waiting path, registration) are natives here. They
 * follow liburing 2.3 (this machine's native liburing) step by step — reading and writing the
 * same struct io_uring fields and ring words — and return -errno, never -1/errno.
 *
 * struct io_uring (x86-64, 216 bytes): sq at 0 (struct io_uring_sq, 104 bytes), cq at 104
 * (struct io_uring_cq, 88 bytes), flags 192, ring_fd 196, features 200, enter_ring_fd 204,
 * int_flags 208 — checked against the native headers.
 */
import type { NativeContext, NativeFn, NativeResult } from '../cc/vm'
import { BLOCK } from '../cc/vm'
import { ERRNO, ERESTARTSYS } from '../../kernel/include/uapi/asm-generic/errno-base'
import { MAP_POPULATE, MAP_SHARED, PROT_READ, PROT_WRITE } from '../../kernel/include/uapi/asm-generic/mman-common'
import {
  IORING_ENTER_GETEVENTS, IORING_FEAT_SINGLE_MMAP, IORING_OFF_SQ_RING, IORING_OFF_CQ_RING, IORING_OFF_SQES,
  IORING_REGISTER_BUFFERS, IORING_UNREGISTER_BUFFERS, SIZEOF_CQE, SIZEOF_IO_URING_PARAMS, SIZEOF_SQE,
  io_uring_ctx_of, io_uring_enter, io_uring_register, io_uring_setup
} from '../../kernel/io_uring'
import { int, machineOf, num, procOf, threadHostOf } from './runtime'
import { killedByKernelBug } from './sync'

const IORING_REGISTER_FILES = 2
const IORING_UNREGISTER_FILES = 3
const IORING_SETUP_SQPOLL = 1 << 1
const IORING_SETUP_IOPOLL = 1 << 0
const IORING_SQ_CQ_OVERFLOW = 1 << 1
const IORING_SQ_TASKRUN = 1 << 2
const MADV_DONTFORK = 10
const LIBURING_UDATA_TIMEOUT = 0xffffffffffffffffn
const IORING_FEAT_EXT_ARG = 1 << 8

// struct io_uring_sq / io_uring_cq / io_uring field offsets
const SQ = 0
const CQ = 104
const RING_FLAGS = 192
const RING_FD = 196
const RING_FEATURES = 200
const RING_ENTER_FD = 204
const RING_INT_FLAGS = 208
const SIZEOF_IO_URING = 216
const SQ_KHEAD = 0, SQ_KTAIL = 8, SQ_KRING_MASK = 16, SQ_KRING_ENTRIES = 24, SQ_KFLAGS = 32, SQ_KDROPPED = 40
const SQ_ARRAY = 48, SQ_SQES = 56, SQ_SQE_HEAD = 64, SQ_SQE_TAIL = 68, SQ_RING_SZ = 72, SQ_RING_PTR = 80
const SQ_RING_MASK = 88, SQ_RING_ENTRIES = 92
const CQ_KHEAD = 0, CQ_KTAIL = 8, CQ_KRING_MASK = 16, CQ_KRING_ENTRIES = 24, CQ_KFLAGS = 32, CQ_KOVERFLOW = 40
const CQ_CQES = 48, CQ_RING_SZ = 56, CQ_RING_PTR = 64, CQ_RING_MASK = 72, CQ_RING_ENTRIES = 76

const ptr = (v: number | bigint) => Number(v)

/** The raw syscalls, as liburing's __sys_io_uring_* wrappers: a value or -errno. */
function sysSetup(ctx: NativeContext, entries: number, params: number): number {
  const m = machineOf(ctx)
  return io_uring_setup(m.kernel, m.vfs, threadHostOf(ctx).task, procOf(ctx).pid, entries, params)
}

function sysEnter(ctx: NativeContext, fd: number, toSubmit: number, minComplete: number, flags: number): number {
  const m = machineOf(ctx)
  const r = io_uring_enter(m.kernel, m.vfs, threadHostOf(ctx).task, procOf(ctx).pid, fd, toSubmit, minComplete, flags)
  if (r > 0) m.wake()
  // An FSYNC issued inline may meet an ext4 BUG(): the submitter dies (its thread is signalled,
  // so the VM drops whatever this native returns).
  killedByKernelBug(ctx)
  return r
}

function sysRegister(ctx: NativeContext, fd: number, opcode: number, arg: number, nr: number): number {
  const m = machineOf(ctx)
  return io_uring_register(m.kernel, m.vfs, threadHostOf(ctx).task, procOf(ctx).pid, fd, opcode, arg, nr)
}

/** mmap of the ring fd (what liburing's io_uring_mmap calls): the address or -errno. */
function mmapRing(ctx: NativeContext, fd: number, len: number, off: number): number {
  const m = machineOf(ctx)
  const pid = procOf(ctx).pid
  const ring = io_uring_ctx_of(m.vfs, pid, fd)
  if (typeof ring === 'number') return ring === -ERRNO.EOPNOTSUPP ? -ERRNO.ENODEV : ring
  const kfile = m.kernel.openFile(ring.mmapMapping(), { read: true, write: true, path: 'anon_inode:[io_uring]' })
  return m.kernel.mmap(threadHostOf(ctx).task, 0, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, kfile, off)
}

function munmap(ctx: NativeContext, addr: number, len: number): void {
  if (addr && len) machineOf(ctx).kernel.munmap(threadHostOf(ctx).task, addr, len)
}

/** io_uring_unmap_rings */
function unmapRings(ctx: NativeContext, ring: number): void {
  const mem = ctx.mem
  const sqPtr = ptr(mem.load64(ring + SQ + SQ_RING_PTR))
  const cqPtr = ptr(mem.load64(ring + CQ + CQ_RING_PTR))
  munmap(ctx, sqPtr, ptr(mem.load64(ring + SQ + SQ_RING_SZ)))
  if (cqPtr && cqPtr !== sqPtr) munmap(ctx, cqPtr, ptr(mem.load64(ring + CQ + CQ_RING_SZ)))
}

/**
 * io_uring_queue_mmap(fd, p, ring) / io_uring_mmap(): map the rings and the SQEs, point the
 * struct io_uring fields at them. 0 or -errno (everything mapped so far unmapped again).
 */
function queueMmap(ctx: NativeContext, fd: number, p: number, ring: number): number {
  const mem = ctx.mem
  mem.fill(ring, 0, SIZEOF_IO_URING)
  const sqEntries = mem.load32(p)
  const cqEntries = mem.load32(p + 4)
  const features = mem.load32(p + 20)
  const sqOff = (i: number) => mem.load32(p + 40 + 4 * i)
  const cqOff = (i: number) => mem.load32(p + 80 + 4 * i)
  let sqSz = sqOff(6) + sqEntries * 4
  let cqSz = cqOff(5) + cqEntries * SIZEOF_CQE
  if (features & IORING_FEAT_SINGLE_MMAP) sqSz = cqSz = Math.max(sqSz, cqSz)
  mem.store64(ring + SQ + SQ_RING_SZ, sqSz)
  mem.store64(ring + CQ + CQ_RING_SZ, cqSz)
  const sqPtr = mmapRing(ctx, fd, sqSz, IORING_OFF_SQ_RING)
  if (sqPtr < 0) return sqPtr
  mem.store64(ring + SQ + SQ_RING_PTR, sqPtr)
  let cqPtr = sqPtr
  if (!(features & IORING_FEAT_SINGLE_MMAP)) {
    cqPtr = mmapRing(ctx, fd, cqSz, IORING_OFF_CQ_RING)
    if (cqPtr < 0) {
      unmapRings(ctx, ring)
      return cqPtr
    }
  }
  mem.store64(ring + CQ + CQ_RING_PTR, cqPtr)
  const sqesSz = SIZEOF_SQE * sqEntries
  const sqes = mmapRing(ctx, fd, sqesSz, IORING_OFF_SQES)
  if (sqes < 0) {
    unmapRings(ctx, ring)
    return sqes
  }
  const sq = ring + SQ
  mem.store64(sq + SQ_KHEAD, sqPtr + sqOff(0))
  mem.store64(sq + SQ_KTAIL, sqPtr + sqOff(1))
  mem.store64(sq + SQ_KRING_MASK, sqPtr + sqOff(2))
  mem.store64(sq + SQ_KRING_ENTRIES, sqPtr + sqOff(3))
  mem.store64(sq + SQ_KFLAGS, sqPtr + sqOff(4))
  mem.store64(sq + SQ_KDROPPED, sqPtr + sqOff(5))
  mem.store64(sq + SQ_ARRAY, sqPtr + sqOff(6))
  mem.store64(sq + SQ_SQES, sqes)
  mem.store32(sq + SQ_RING_MASK, mem.load32(sqPtr + sqOff(2)))
  mem.store32(sq + SQ_RING_ENTRIES, mem.load32(sqPtr + sqOff(3)))
  const cq = ring + CQ
  mem.store64(cq + CQ_KHEAD, cqPtr + cqOff(0))
  mem.store64(cq + CQ_KTAIL, cqPtr + cqOff(1))
  mem.store64(cq + CQ_KRING_MASK, cqPtr + cqOff(2))
  mem.store64(cq + CQ_KRING_ENTRIES, cqPtr + cqOff(3))
  mem.store64(cq + CQ_KOVERFLOW, cqPtr + cqOff(4))
  mem.store64(cq + CQ_CQES, cqPtr + cqOff(5))
  if (cqOff(6)) mem.store64(cq + CQ_KFLAGS, cqPtr + cqOff(6))
  mem.store32(cq + CQ_RING_MASK, mem.load32(cqPtr + cqOff(2)))
  mem.store32(cq + CQ_RING_ENTRIES, mem.load32(cqPtr + cqOff(3)))
  mem.store32(ring + RING_FLAGS, mem.load32(p + 8))
  mem.store32(ring + RING_FD, fd)
  mem.store32(ring + RING_ENTER_FD, fd)
  mem.store8(ring + RING_INT_FLAGS, 0)
  return 0
}

/** io_uring_queue_init_params: setup, map, identity-fill the SQ index array. */
function queueInitParams(ctx: NativeContext, entries: number, ring: number, p: number): number {
  const fd = sysSetup(ctx, entries, p)
  if (fd < 0) return fd
  const ret = queueMmap(ctx, fd, p, ring)
  if (ret) {
    machineOf(ctx).vfs.close(procOf(ctx).pid, fd)
    return ret
  }
  const mem = ctx.mem
  const array = ptr(mem.load64(ring + SQ + SQ_ARRAY))
  const n = mem.load32(ring + SQ + SQ_RING_ENTRIES)
  for (let i = 0; i < n; i++) mem.store32(array + 4 * i, i)
  mem.store32(ring + RING_FEATURES, mem.load32(p + 20))
  return 0
}

/** __io_uring_flush_sq: publish the SQEs handed out since the last flush; SQEs pending. */
function flushSq(ctx: NativeContext, ring: number): number {
  const mem = ctx.mem
  const sq = ring + SQ
  const tail = mem.load32(sq + SQ_SQE_TAIL)
  if (mem.load32(sq + SQ_SQE_HEAD) !== tail) {
    mem.store32(sq + SQ_SQE_HEAD, tail)
    mem.store32(ptr(mem.load64(sq + SQ_KTAIL)), tail)
  }
  return (tail - mem.load32(ptr(mem.load64(sq + SQ_KHEAD)))) >>> 0
}

/** cq_ring_needs_flush: the kernel holds CQEs back (IORING_SQ_CQ_OVERFLOW / TASKRUN). */
function cqRingNeedsFlush(ctx: NativeContext, ring: number): boolean {
  const mem = ctx.mem
  return (mem.load32(ptr(mem.load64(ring + SQ + SQ_KFLAGS))) & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)) !== 0
}

/** cq_ring_needs_enter: IOPOLL, or CQEs to flush. */
function cqRingNeedsEnter(ctx: NativeContext, ring: number): boolean {
  return (ctx.mem.load32(ring + RING_FLAGS) & IORING_SETUP_IOPOLL) !== 0 || cqRingNeedsFlush(ctx, ring)
}

/**
 * __io_uring_submit (liburing 2.3): enter when there is something to submit, something to wait
 * for, or CQEs to flush; GETEVENTS whenever the completion side needs the kernel.
 */
function submit(ctx: NativeContext, ring: number, waitNr: number): NativeResult {
  const mem = ctx.mem
  const submitted = flushSq(ctx, ring)
  const cqNeedsEnter = waitNr > 0 || cqRingNeedsEnter(ctx, ring)
  const sqNeedsEnter = submitted > 0 || (mem.load32(ring + RING_FLAGS) & IORING_SETUP_SQPOLL) !== 0
  if (!sqNeedsEnter && !cqNeedsEnter) return submitted
  const r = sysEnter(ctx, mem.load32(ring + RING_ENTER_FD) | 0, submitted, waitNr, cqNeedsEnter ? IORING_ENTER_GETEVENTS : 0)
  if (r === -ERESTARTSYS) return BLOCK
  return r
}

/** __io_uring_peek_cqe, as the inline C in liburing.h does it: [err, cqe address, available]. */
function peekCqe(ctx: NativeContext, ring: number): [number, number, number] {
  const mem = ctx.mem
  const cq = ring + CQ
  const mask = mem.load32(cq + CQ_RING_MASK)
  for (;;) {
    const tail = mem.load32(ptr(mem.load64(cq + CQ_KTAIL)))
    const headAddr = ptr(mem.load64(cq + CQ_KHEAD))
    const head = mem.load32(headAddr)
    const available = (tail - head) >>> 0
    if (!available) return [0, 0, 0]
    const cqe = ptr(mem.load64(cq + CQ_CQES)) + ((head & mask) >>> 0) * SIZEOF_CQE
    if (!(mem.load32(ring + RING_FEATURES) & IORING_FEAT_EXT_ARG) && BigInt(mem.load64(cqe)) === LIBURING_UDATA_TIMEOUT) {
      const res = mem.load32(cqe + 8) | 0
      mem.store32(headAddr, head + 1)
      if (res < 0) return [res, 0, available]
      continue
    }
    return [0, cqe, available]
  }
}

/**
 * _io_uring_get_cqe (liburing 2.3): peek; if not enough CQEs, io_uring_enter(GETEVENTS) and
 * look again. Writes *cqe_ptr; returns 0 or -errno (-EAGAIN: nothing and nothing to wait for).
 */
function getCqe(ctx: NativeContext, ring: number, cqePtr: number, submitN: number, waitNr: number): NativeResult {
  const mem = ctx.mem
  let looped = false
  let err = 0
  let toSubmit = submitN
  let cqe = 0
  for (;;) {
    let needEnter = false
    let flags = 0
    const [perr, found, available] = peekCqe(ctx, ring)
    cqe = found
    if (perr) {
      if (!err) err = perr
      break
    }
    if (!cqe && !waitNr && !toSubmit) {
      // nothing to submit or wait for: enter only to flush CQEs the kernel holds back
      if (looped || !cqRingNeedsEnter(ctx, ring)) {
        if (!err) err = -ERRNO.EAGAIN
        break
      }
      needEnter = true
    }
    if (waitNr > available || needEnter) {
      flags = IORING_ENTER_GETEVENTS
      needEnter = true
    }
    if (toSubmit && !(mem.load32(ring + RING_FLAGS) & IORING_SETUP_SQPOLL)) needEnter = true
    if (!needEnter) break
    const r = sysEnter(ctx, mem.load32(ring + RING_ENTER_FD) | 0, toSubmit, waitNr, flags)
    if (r === -ERESTARTSYS) return BLOCK
    if (r < 0) {
      if (!err) err = r
      break
    }
    toSubmit -= r
    if (cqe) break
    if (!looped) {
      looped = true
      err = r
    }
  }
  mem.store64(cqePtr, cqe)
  return err
}

export const liburingFunctions: Record<string, NativeFn> = {
  io_uring_setup: (ctx, a) => sysSetup(ctx, num(a[0]) >>> 0, num(a[1])),
  io_uring_enter: (ctx, a) => {
    const r = sysEnter(ctx, int(a[0]), num(a[1]) >>> 0, num(a[2]) >>> 0, num(a[3]) >>> 0)
    return r === -ERESTARTSYS ? BLOCK : r
  },
  io_uring_register: (ctx, a) => sysRegister(ctx, int(a[0]), num(a[1]) >>> 0, num(a[2]), num(a[3]) >>> 0),

  io_uring_queue_init: (ctx, a) => {
    // liburing allocates the params on its stack; a scratch copy below the program's stack does
    const p = scratchParams(ctx)
    ctx.mem.fill(p, 0, SIZEOF_IO_URING_PARAMS)
    ctx.mem.store32(p + 8, num(a[2]) >>> 0)
    return queueInitParams(ctx, num(a[0]) >>> 0, num(a[1]), p)
  },
  io_uring_queue_init_params: (ctx, a) => queueInitParams(ctx, num(a[0]) >>> 0, num(a[1]), num(a[2])),
  io_uring_queue_mmap: (ctx, a) => queueMmap(ctx, int(a[0]), num(a[1]), num(a[2])),
  io_uring_queue_exit: (ctx, a) => {
    const ring = num(a[0])
    const mem = ctx.mem
    const sqes = ptr(mem.load64(ring + SQ + SQ_SQES))
    munmap(ctx, sqes, SIZEOF_SQE * mem.load32(ring + SQ + SQ_RING_ENTRIES))
    unmapRings(ctx, ring)
    machineOf(ctx).vfs.close(procOf(ctx).pid, mem.load32(ring + RING_FD) | 0)
    return 0
  },
  io_uring_ring_dontfork: (ctx, a) => {
    const ring = num(a[0])
    const mem = ctx.mem
    const k = machineOf(ctx).kernel
    const task = threadHostOf(ctx).task
    const sqPtr = ptr(mem.load64(ring + SQ + SQ_RING_PTR))
    const sqes = ptr(mem.load64(ring + SQ + SQ_SQES))
    if (!sqPtr || !sqes) return -ERRNO.EINVAL
    let r = k.madvise(task, sqes, SIZEOF_SQE * mem.load32(ring + SQ + SQ_RING_ENTRIES), MADV_DONTFORK)
    if (r < 0) return r
    r = k.madvise(task, sqPtr, ptr(mem.load64(ring + SQ + SQ_RING_SZ)), MADV_DONTFORK)
    if (r < 0) return r
    const cqPtr = ptr(mem.load64(ring + CQ + CQ_RING_PTR))
    if (cqPtr !== sqPtr) r = k.madvise(task, cqPtr, ptr(mem.load64(ring + CQ + CQ_RING_SZ)), MADV_DONTFORK)
    return r < 0 ? r : 0
  },
  io_uring_submit: (ctx, a) => submit(ctx, num(a[0]), 0),
  io_uring_submit_and_wait: (ctx, a) => submit(ctx, num(a[0]), num(a[1]) >>> 0),
  __io_uring_get_cqe: (ctx, a) => getCqe(ctx, num(a[0]), num(a[1]), num(a[2]) >>> 0, num(a[3]) >>> 0),
  io_uring_wait_cqes: (ctx, a) => {
    if (num(a[3]) !== 0) {
      machineOf(ctx).kernel.printk(6, 'pinlab: liburing: io_uring_wait_cqes with a timeout is not modelled')
      return -ERRNO.EINVAL
    }
    // without a timeout liburing submits nothing here: __io_uring_get_cqe(ring, cqe_ptr, 0, wait_nr)
    return getCqe(ctx, num(a[0]), num(a[1]), 0, num(a[2]) >>> 0)
  },
  io_uring_peek_batch_cqe: (ctx, a) => {
    // liburing 2.3: the ready CQEs; with none ready but IORING_SQ_CQ_OVERFLOW set, enter once
    // (GETEVENTS) to flush the backlog and look again
    const ring = num(a[0])
    const out = num(a[1])
    const count = num(a[2]) >>> 0
    const mem = ctx.mem
    const cq = ring + CQ
    for (let pass = 0; pass < 2; pass++) {
      const head = mem.load32(ptr(mem.load64(cq + CQ_KHEAD)))
      const ready = (mem.load32(ptr(mem.load64(cq + CQ_KTAIL))) - head) >>> 0
      if (ready) {
        const n = Math.min(ready, count)
        const mask = mem.load32(cq + CQ_RING_MASK)
        for (let i = 0; i < n; i++) mem.store64(out + 8 * i, ptr(mem.load64(cq + CQ_CQES)) + (((head + i) & mask) >>> 0) * SIZEOF_CQE)
        return n
      }
      if (pass > 0 || !cqRingNeedsFlush(ctx, ring)) return 0
      sysEnter(ctx, mem.load32(ring + RING_ENTER_FD) | 0, 0, 0, IORING_ENTER_GETEVENTS)
    }
    return 0
  },
  io_uring_register_buffers: (ctx, a) => {
    const r = sysRegister(ctx, ctx.mem.load32(num(a[0]) + RING_ENTER_FD) | 0, IORING_REGISTER_BUFFERS, num(a[1]), num(a[2]) >>> 0)
    return r < 0 ? r : 0
  },
  io_uring_unregister_buffers: (ctx, a) => {
    const r = sysRegister(ctx, ctx.mem.load32(num(a[0]) + RING_ENTER_FD) | 0, IORING_UNREGISTER_BUFFERS, 0, 0)
    return r < 0 ? r : 0
  },
  io_uring_register_files: (ctx, a) => {
    const r = sysRegister(ctx, ctx.mem.load32(num(a[0]) + RING_ENTER_FD) | 0, IORING_REGISTER_FILES, num(a[1]), num(a[2]) >>> 0)
    return r < 0 ? r : 0
  },
  io_uring_unregister_files: (ctx, a) => {
    const r = sysRegister(ctx, ctx.mem.load32(num(a[0]) + RING_ENTER_FD) | 0, IORING_UNREGISTER_FILES, 0, 0)
    return r < 0 ? r : 0
  }
}

/**
 * Scratch memory for io_uring_queue_init's struct io_uring_params (liburing keeps it on its own
 * stack frame): the 120 bytes under the caller's stack pointer, past the red zone (free while the native runs).
 */
function scratchParams(ctx: NativeContext): number {
  return Math.floor((ctx.thread.sp - 512) / 16) * 16
}
