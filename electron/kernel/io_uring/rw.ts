/**
 * io_uring/rw.c, nop.c, sync.c (fs/io_uring.c before 5.19) — issuing one SQE: NOP, READV, WRITEV,
 * FSYNC, READ_FIXED, WRITE_FIXED (5.1) and READ, WRITE (5.6, with offset -1 = the file position:
 * IORING_FEAT_RW_CUR_POS). Returns the CQE result: bytes transferred or -errno.
 *
 * Fixed buffers are read and written through the pages pinned at registration, by pfn
 * (k.dma_read / k.dma_write — what the kernel's bvec iterator does), never through the process's
 * page tables: if the process's PTE has moved on to another page (COW after fork, or after an
 * mprotect R→RW in E5), the kernel still uses the pinned one. That is reference §4c / cow.c tests
 * 7 and 8. Non-fixed reads and writes copy from and to user memory as read(2)/write(2) do.
 *
 * File I/O goes through the Vfs of the submitting process (its descriptor table); PinLab's files
 * complete at once, so every request completes inline. A read that would block (an empty pipe)
 * is not modelled: the real kernel punts it to io-wq; here it completes with -EAGAIN.
 */
import type { TaskStruct } from '../include/linux/sched'
import type { IoRingCtx } from './io_uring'
import { io_sqe_known_flags } from './io_uring'
import {
  IOSQE_BUFFER_SELECT, IOSQE_FIXED_FILE, IORING_OP_FSYNC, IORING_OP_NOP, IORING_OP_READ, IORING_OP_READ_FIXED,
  IORING_OP_READV, IORING_OP_WRITE, IORING_OP_WRITE_FIXED, IORING_OP_WRITEV
} from '../include/uapi/linux/io_uring'
import { io_import_fixed } from './rsrc'
import { ERRNO, ERESTARTSYS } from '../include/uapi/asm-generic/errno-base'
import { KERN_INFO } from '../kernel/printk'
import { vfs_fsync } from '../fs/sync'

const PAGE_SIZE = 4096
const UIO_MAXIOV = 1024
/** MAX_RW_COUNT: one read/write moves at most INT_MAX rounded down to a page. */
const MAX_RW_COUNT = 0x7ffff000
const U64_MAX = 2n ** 64n - 1n
const IORING_FSYNC_DATASYNC = 1

/** The fields of a 64-byte SQE io_issue_sqe uses. */
interface Sqe {
  opcode: number
  flags: number
  ioprio: number
  fd: number
  off: bigint
  addr: bigint
  len: number
  rwFlags: number
  bufIndex: number
  personality: number
}

function parseSqe(dv: DataView): Sqe {
  return {
    opcode: dv.getUint8(0),
    flags: dv.getUint8(1),
    ioprio: dv.getUint16(2, true),
    fd: dv.getInt32(4, true),
    off: dv.getBigUint64(8, true),
    addr: dv.getBigUint64(16, true),
    len: dv.getUint32(24, true),
    rwFlags: dv.getUint32(28, true),
    bufIndex: dv.getUint16(40, true),
    personality: dv.getUint16(42, true)
  }
}

/** The opcodes that take a file (io_op_defs[].needs_file). */
const NEEDS_FILE = new Set([IORING_OP_READV, IORING_OP_WRITEV, IORING_OP_FSYNC, IORING_OP_READ_FIXED, IORING_OP_WRITE_FIXED, IORING_OP_READ, IORING_OP_WRITE])

/**
 * io_init_req + io_issue_sqe: validate the SQE (flags this version knows, opcode, personality,
 * the file) and run it. Never throws; every failure is a -errno result. `out.short` tells the
 * link logic that a read or write moved fewer bytes than asked (which fails a link).
 */
export function io_issue_sqe(ctx: IoRingCtx, task: TaskStruct, pid: number, dv: DataView, out?: { short: boolean }): number {
  const k = ctx.k
  const sqe = parseSqe(dv)
  const modelledOps = [IORING_OP_NOP, IORING_OP_READV, IORING_OP_WRITEV, IORING_OP_FSYNC, IORING_OP_READ_FIXED, IORING_OP_WRITE_FIXED]
  if (k.has('ioUringReadWrite')) modelledOps.push(IORING_OP_READ, IORING_OP_WRITE)
  if (sqe.flags & ~io_sqe_known_flags(k)) return -ERRNO.EINVAL
  // 5.4: io_req_set_file before the opcode switch; any opcode but NOP needs a file (POLL_REMOVE
  // and TIMEOUT do not either, and are not modelled)
  if (!k.has('ioUringInitReq') && sqe.opcode !== IORING_OP_NOP && !(sqe.flags & IOSQE_FIXED_FILE) && typeof ctx.vfs.file(pid, sqe.fd) === 'number') return -ERRNO.EBADF
  if (!modelledOps.includes(sqe.opcode)) {
    // opcodes past IORING_OP_LAST are -EINVAL in the real kernel; the ones PinLab lacks say so
    if (sqe.opcode < 64) k.printk(KERN_INFO, `pinlab: io_uring: opcode ${sqe.opcode} is not modelled (or unknown to ${k.version})`)
    return -ERRNO.EINVAL
  }
  if (sqe.flags & IOSQE_BUFFER_SELECT) {
    k.printk(KERN_INFO, 'pinlab: io_uring: IOSQE_BUFFER_SELECT is not modelled')
    return -ERRNO.EINVAL
  }
  if (sqe.personality !== 0) return -ERRNO.EINVAL // no personality is ever registered
  if (NEEDS_FILE.has(sqe.opcode)) {
    // io_file_get: fixed files index a registered table, which PinLab never has (nr_user_files 0)
    if (sqe.flags & IOSQE_FIXED_FILE) return -ERRNO.EBADF
    const f = ctx.vfs.file(pid, sqe.fd)
    if (typeof f === 'number') return -ERRNO.EBADF
  }
  k.tick(200)
  switch (sqe.opcode) {
    case IORING_OP_NOP:
      return 0
    case IORING_OP_FSYNC:
    {
      // io_fsync_prep: no buffer fields; only IORING_FSYNC_DATASYNC. Then vfs_fsync_range, as
      // fsync(2): ext4 writes its dirty page cache back (a BUG() there kills the submitter).
      if (sqe.addr !== 0n || sqe.ioprio !== 0 || sqe.bufIndex !== 0) return -ERRNO.EINVAL
      if (sqe.rwFlags & ~IORING_FSYNC_DATASYNC) return -ERRNO.EINVAL
      const f = ctx.vfs.file(pid, sqe.fd)
      return typeof f === 'number' ? f : vfs_fsync(k, ctx.vfs, f, (sqe.rwFlags & IORING_FSYNC_DATASYNC) !== 0)
    }
    case IORING_OP_READ_FIXED:
    case IORING_OP_WRITE_FIXED:
      return short(io_rw_fixed(ctx, pid, sqe), sqe.len, out)
    case IORING_OP_READ:
    case IORING_OP_WRITE:
      return short(io_rw_user(ctx, task, pid, sqe, [{ base: sqe.addr, len: sqe.len }]), sqe.len, out)
    case IORING_OP_READV:
    case IORING_OP_WRITEV: {
      const iov = io_import_iovec(ctx, task, sqe)
      if (typeof iov === 'number') return iov
      return short(io_rw_user(ctx, task, pid, sqe, iov), iov.reduce((a, v) => a + v.len, 0), out)
    }
    default:
      return -ERRNO.EINVAL
  }
}

/** A read/write result below what was asked (req->cqe.res != the requested length). */
function short(res: number, asked: number, out?: { short: boolean }): number {
  if (out && res >= 0 && res < asked) out.short = true
  return res
}

/** kiocb_set_rw_flags: RWF_* in sqe->rw_flags; PinLab knows none of them (-EOPNOTSUPP). */
function io_prep_rw(sqe: Sqe): number {
  if (sqe.rwFlags !== 0) return -ERRNO.EOPNOTSUPP
  return 0
}

/** The file position an SQE names: its offset, or (offset -1, 5.6+) the file's current position. */
function rwPosition(ctx: IoRingCtx, sqe: Sqe): number | null | -1 {
  if (sqe.off === U64_MAX && ctx.k.has('ioUringReadWrite')) return null
  if (sqe.off > BigInt(Number.MAX_SAFE_INTEGER)) return -1
  return Number(sqe.off)
}

/** vfs read/write at a position or (null) at the file position; -ESPIPE files use the stream. */
function fileRead(ctx: IoRingCtx, pid: number, fd: number, pos: number | null, count: number): Uint8Array | number {
  let r = pos === null ? ctx.vfs.read(pid, fd, count) : ctx.vfs.pread(pid, fd, count, pos)
  if (r === -ERRNO.ESPIPE) r = ctx.vfs.read(pid, fd, count) // non-seekable files ignore the offset
  if (r === -ERESTARTSYS) return -ERRNO.EAGAIN
  return r
}

function fileWrite(ctx: IoRingCtx, pid: number, fd: number, pos: number | null, data: Uint8Array): number {
  let r = pos === null ? ctx.vfs.write(pid, fd, data) : ctx.vfs.pwrite(pid, fd, data, pos)
  if (r === -ERRNO.ESPIPE) r = ctx.vfs.write(pid, fd, data)
  if (r === -ERESTARTSYS) return -ERRNO.EAGAIN
  return r
}

/**
 * READ_FIXED / WRITE_FIXED: io_import_fixed, then the file I/O into or out of the pinned pages.
 */
function io_rw_fixed(ctx: IoRingCtx, pid: number, sqe: Sqe): number {
  const k = ctx.k
  const prep = io_prep_rw(sqe)
  if (prep < 0) return prep
  const imp = io_import_fixed(ctx, sqe.bufIndex, sqe.addr, sqe.len)
  if (typeof imp === 'number') return imp
  const pos = rwPosition(ctx, sqe)
  if (pos === -1) return -ERRNO.EINVAL
  const len = Math.min(sqe.len, MAX_RW_COUNT)
  if (sqe.opcode === IORING_OP_READ_FIXED) {
    const data = fileRead(ctx, pid, sqe.fd, pos, len)
    if (typeof data === 'number') return data
    for (let done = 0; done < data.length;) {
      const at = imp.offset + done
      const chunk = Math.min(PAGE_SIZE - (at % PAGE_SIZE), data.length - done)
      const r = k.dma_write(imp.pfns[Math.floor(at / PAGE_SIZE)]!, at % PAGE_SIZE, data.subarray(done, done + chunk), chunk)
      if (r < 0) return done > 0 ? done : r
      done += chunk
    }
    return data.length
  }
  const data = new Uint8Array(len)
  for (let done = 0; done < len;) {
    const at = imp.offset + done
    const chunk = Math.min(PAGE_SIZE - (at % PAGE_SIZE), len - done)
    const tmp = new Uint8Array(chunk)
    const r = k.dma_read(imp.pfns[Math.floor(at / PAGE_SIZE)]!, at % PAGE_SIZE, tmp, chunk)
    if (r < 0) return r
    data.set(tmp, done)
    done += chunk
  }
  return fileWrite(ctx, pid, sqe.fd, pos, data)
}

interface Iov {
  base: bigint
  len: number
}

/** io_import_iovec: sqe->len iovecs at sqe->addr (more than UIO_MAXIOV: -EINVAL). */
function io_import_iovec(ctx: IoRingCtx, task: TaskStruct, sqe: Sqe): Iov[] | number {
  if (sqe.len > UIO_MAXIOV) return -ERRNO.EINVAL
  const ua = ctx.k.uaccess(task)
  const out: Iov[] = []
  let total = 0n
  for (let i = 0; i < sqe.len; i++) {
    const at = Number(sqe.addr) + 16 * i
    const base = sqe.addr > BigInt(2 ** 47) ? -1n : ua.readU64(at)
    const len = sqe.addr > BigInt(2 ** 47) ? -1n : ua.readU64(at + 8)
    if (base < 0n || len < 0n) return -ERRNO.EFAULT
    if (len > BigInt(MAX_RW_COUNT) * 2n) return -ERRNO.EINVAL // a negative ssize_t
    total += len
    out.push({ base, len: Number(len) })
  }
  if (total > BigInt(2 ** 63 - 1)) return -ERRNO.EINVAL
  return out
}

/**
 * READ/WRITE/READV/WRITEV: file I/O through user memory (copy_to_user / copy_from_user on the
 * process's current page tables). A fault before any byte moved is -EFAULT, else a short count.
 */
function io_rw_user(ctx: IoRingCtx, task: TaskStruct, pid: number, sqe: Sqe, iov: Iov[]): number {
  const prep = io_prep_rw(sqe)
  if (prep < 0) return prep
  const pos0 = rwPosition(ctx, sqe)
  if (pos0 === -1) return -ERRNO.EINVAL
  const ua = ctx.k.uaccess(task)
  const read = sqe.opcode === IORING_OP_READ || sqe.opcode === IORING_OP_READV
  let done = 0
  let pos = pos0
  for (const v of iov) {
    if (v.len === 0) continue
    const len = Math.min(v.len, MAX_RW_COUNT - done)
    if (len <= 0) break
    if (v.base > BigInt(2 ** 47)) return done > 0 ? done : -ERRNO.EFAULT
    const base = Number(v.base)
    let n: number
    if (read) {
      const data = fileRead(ctx, pid, sqe.fd, pos, len)
      if (typeof data === 'number') return done > 0 ? done : data
      const left = ua.copy_to_user(base, data, data.length)
      n = data.length - left
      if (n === 0 && data.length > 0) return done > 0 ? done : -ERRNO.EFAULT
      done += n
      if (pos !== null) pos += n
      if (n < len) break
    } else {
      const data = new Uint8Array(len)
      const left = ua.copy_from_user(data, base, len)
      const avail = len - left
      if (avail === 0) return done > 0 ? done : -ERRNO.EFAULT
      n = fileWrite(ctx, pid, sqe.fd, pos, data.subarray(0, avail))
      if (n < 0) return done > 0 ? done : n
      done += n
      if (pos !== null) pos += n
      if (n < len) break
    }
  }
  return done
}
