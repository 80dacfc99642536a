/**
 * The syscall wrappers of unistd.h, fcntl.h and sys/stat.h: file descriptors, paths and
 * directories. Each returns the syscall's value, or -1 with errno set; a bad user buffer gives
 * EFAULT (the kernel's copy_to_user/copy_from_user fails), never a host exception. Blocking reads
 * and writes (an empty pipe, the terminal) return BLOCK and are retried by the scheduler.
 */
import { BLOCK, SYSCALL_ENTRY_NATIVES, type NativeContext, type NativeFn, type NativeResult } from '../cc/vm'
import { MemoryFault } from '../cc/memory'
import { ERESTARTSYS, ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { O_CREAT, O_TRUNC, O_WRONLY } from '../../kernel/fs/file'
import type { Kstat } from '../../kernel/fs/vfs'
import { setErrno } from './errno'
import { directIo, directIoPending } from './direct-io'
import { fdIsTty } from './stdio'
import { credOf, cstring, int, machineOf, num, procOf, putCString, sysret, threadHostOf, ulong } from './runtime'

/** Runs a user-memory access; a fault becomes -EFAULT (as a syscall sees it), not a signal. */
function userAccess<T>(fn: () => T): T | number {
  try {
    return fn()
  } catch (e) {
    if (e instanceof MemoryFault) return -ERRNO.EFAULT
    throw e
  }
}

/**
 * -ERESTARTSYS: the thread sleeps until something changes — or, when the kernel preempted the
 * syscall at a cond_resched() (the task keeps a continuation, e.g. /proc/PID/mem's GUP loop), it
 * stays runnable and the scheduler retries the call at its next turn, which continues it.
 */
function restart(ctx: NativeContext): NativeResult {
  if (threadHostOf(ctx).task.preempted) (ctx.thread as { yielding?: string }).yielding = 'preempted'
  return BLOCK
}

/** x86-64 TASK_SIZE_MAX: the end of the user address space access_ok() accepts. */
const TASK_SIZE_MAX = 2 ** 47 - 4096
/** MAX_RW_COUNT (INT_MAX & PAGE_MASK): rw_verify_area clamps every read and write to it. */
const MAX_RW_COUNT = 0x7ffff000

/**
 * The checks ksys_pread64/ksys_pwrite64 and vfs_read/vfs_write make before the file's own code:
 * a negative position → EINVAL (before the descriptor), a bad descriptor → EBADF, a buffer range
 * outside the user address space (access_ok) → EFAULT. Returns
 * 0 or a negative errno; `count` is the size_t as an unsigned number.
 */
function rw_precheck(ctx: NativeContext, fd: number, buf: number, count: number, offset: number | null, write: boolean): number {
  if (offset !== null && offset < 0) return -ERRNO.EINVAL
  const file = machineOf(ctx).vfs.file(procOf(ctx).pid, fd)
  if (typeof file === 'number') return file
  // not open for this direction: the VFS reports EBADF (or ESPIPE for pread on a pipe) in its order
  if (!(write ? file.writable : file.readable)) return 0
  if (count > 0 && (buf < 0 || buf + count > TASK_SIZE_MAX)) return -ERRNO.EFAULT
  return 0
}

function doRead(ctx: NativeContext, fd: number, buf: number, count: number, offset: number | null): NativeResult {
  if (!Number.isFinite(count)) return sysret(ctx, -ERRNO.EINVAL)
  // a retried call whose O_DIRECT request is in flight completes it, whatever happened to fd
  const bad = directIoPending(ctx) ? 0 : rw_precheck(ctx, fd, buf, count, offset, false)
  if (bad < 0) return sysret(ctx, bad)
  const direct = directIo(ctx, fd, buf, Math.min(count, MAX_RW_COUNT), offset, 'read')
  if (direct !== null) return direct
  const m = machineOf(ctx)
  const pid = procOf(ctx).pid
  const want = Math.min(count, MAX_RW_COUNT, 1 << 20)
  const r = offset === null ? m.vfs.read(pid, fd, want) : m.vfs.pread(pid, fd, want, offset)
  if (r === -ERESTARTSYS) return restart(ctx)
  if (typeof r === 'number') return sysret(ctx, r)
  if (r.length === 0) return 0
  const w = userAccess(() => ctx.mem.write(buf, r))
  if (typeof w === 'number') return sysret(ctx, w)
  return r.length
}

function doWrite(ctx: NativeContext, fd: number, buf: number, count: number, offset: number | null): NativeResult {
  if (!Number.isFinite(count)) return sysret(ctx, -ERRNO.EINVAL)
  // a retried call whose O_DIRECT request is in flight completes it, whatever happened to fd
  const bad = directIoPending(ctx) ? 0 : rw_precheck(ctx, fd, buf, count, offset, true)
  if (bad < 0) return sysret(ctx, bad)
  const direct = directIo(ctx, fd, buf, Math.min(count, MAX_RW_COUNT), offset, 'write')
  if (direct !== null) return direct
  const data = userAccess(() => ctx.mem.read(buf, Math.min(count, MAX_RW_COUNT, 1 << 24)))
  if (typeof data === 'number') return sysret(ctx, data)
  const m = machineOf(ctx)
  const pid = procOf(ctx).pid
  const r = offset === null ? m.vfs.write(pid, fd, data) : m.vfs.pwrite(pid, fd, data, offset)
  if (r === -ERESTARTSYS) return restart(ctx)
  if (r === -ERRNO.EPIPE) m.kill(pid, 13)
  if (r > 0) m.wake()
  return sysret(ctx, r)
}

/** struct stat on x86-64 (144 bytes). */
function storeStat(ctx: NativeContext, addr: number, st: Kstat): number {
  const b = new Uint8Array(144)
  const dv = new DataView(b.buffer)
  dv.setBigUint64(0, BigInt(st.dev), true)
  dv.setBigUint64(8, BigInt(st.ino), true)
  dv.setBigUint64(16, BigInt(st.nlink), true)
  dv.setUint32(24, st.mode, true)
  dv.setUint32(28, st.uid, true)
  dv.setUint32(32, st.gid, true)
  dv.setBigUint64(40, BigInt(st.rdev), true)
  dv.setBigInt64(48, BigInt(st.size), true)
  dv.setBigInt64(56, BigInt(st.blksize), true)
  dv.setBigInt64(64, BigInt(st.blocks), true)
  const sec = BigInt(Math.floor(st.mtimeNs / 1e9))
  const nsec = BigInt(st.mtimeNs % 1e9)
  for (const off of [72, 88, 104]) {
    dv.setBigInt64(off, sec, true)
    dv.setBigInt64(off + 8, nsec, true)
  }
  const w = userAccess(() => ctx.mem.write(addr, b))
  return typeof w === 'number' ? w : 0
}

function path(ctx: NativeContext, addr: unknown): string | number {
  if (num(addr as number) === 0) return -ERRNO.EFAULT
  const s = userAccess(() => cstring(ctx, addr as number, 4096))
  return s
}

export const unistdFunctions: Record<string, NativeFn> = {
  read: (ctx, a) => doRead(ctx, int(a[0]), num(a[1]), ulong(a[2]), null),
  write: (ctx, a) => doWrite(ctx, int(a[0]), num(a[1]), ulong(a[2]), null),
  pread: (ctx, a) => doRead(ctx, int(a[0]), num(a[1]), ulong(a[2]), num(a[3])),
  pwrite: (ctx, a) => doWrite(ctx, int(a[0]), num(a[1]), ulong(a[2]), num(a[3])),
  open: (ctx, a) => {
    const p = path(ctx, a[0])
    if (typeof p === 'number') return sysret(ctx, p)
    // O_TRUNC of a fs-DAX file may wait for a busy page (-ERESTARTSYS: retried when woken).
    const r = machineOf(ctx).vfs.open(procOf(ctx).pid, p, int(a[1]), int(a[2] ?? 0), credOf(ctx))
    return r === -ERESTARTSYS ? BLOCK : sysret(ctx, r)
  },
  creat: (ctx, a) => {
    const p = path(ctx, a[0])
    if (typeof p === 'number') return sysret(ctx, p)
    const r = machineOf(ctx).vfs.open(procOf(ctx).pid, p, O_CREAT | O_WRONLY | O_TRUNC, int(a[1]), credOf(ctx))
    return r === -ERESTARTSYS ? BLOCK : sysret(ctx, r)
  },
  close: (ctx, a) => {
    const r = machineOf(ctx).vfs.close(procOf(ctx).pid, int(a[0]))
    machineOf(ctx).wake()
    return sysret(ctx, r)
  },
  lseek: (ctx, a) => {
    // glibc's syscall rule: only -4095..-1 are errors; /proc/PID/mem may return other negative
    // positions as successes (mem_lseek's force_successful_syscall_return).
    const r = machineOf(ctx).vfs.lseek(procOf(ctx).pid, int(a[0]), num(a[1]), int(a[2]))
    return r < 0 && r >= -4095 ? sysret(ctx, r) : r
  },
  ftruncate: (ctx, a) => {
    // fs-DAX truncate waits while a page of the range is busy (-ERESTARTSYS: retried when woken).
    const r = machineOf(ctx).vfs.ftruncate(procOf(ctx).pid, int(a[0]), num(a[1]))
    return r === -ERESTARTSYS ? BLOCK : sysret(ctx, r)
  },
  truncate: (ctx, a) => {
    const p = path(ctx, a[0])
    if (typeof p === 'number') return sysret(ctx, p)
    const m = machineOf(ctx)
    const pid = procOf(ctx).pid
    const fd = m.vfs.open(pid, p, O_WRONLY, 0, credOf(ctx))
    if (fd < 0) return sysret(ctx, fd)
    const r = m.vfs.ftruncate(pid, fd, num(a[1]))
    m.vfs.close(pid, fd)
    return r === -ERESTARTSYS ? BLOCK : sysret(ctx, r)
  },
  unlink: (ctx, a) => {
    const p = path(ctx, a[0])
    return sysret(ctx, typeof p === 'number' ? p : machineOf(ctx).vfs.unlink(procOf(ctx).pid, p, credOf(ctx)))
  },
  mkdir: (ctx, a) => {
    const p = path(ctx, a[0])
    return sysret(ctx, typeof p === 'number' ? p : machineOf(ctx).vfs.mkdir(procOf(ctx).pid, p, int(a[1]), credOf(ctx)))
  },
  rmdir: (ctx, a) => {
    const p = path(ctx, a[0])
    return sysret(ctx, typeof p === 'number' ? p : machineOf(ctx).vfs.rmdir(procOf(ctx).pid, p, credOf(ctx)))
  },
  chdir: (ctx, a) => {
    const p = path(ctx, a[0])
    return sysret(ctx, typeof p === 'number' ? p : machineOf(ctx).vfs.chdir(procOf(ctx).pid, p, credOf(ctx)))
  },
  getcwd: (ctx, a) => {
    const cwd = machineOf(ctx).vfs.getcwd(procOf(ctx).pid)
    if (typeof cwd === 'number') return sysret(ctx, cwd) && 0
    const size = num(a[1])
    if (new TextEncoder().encode(cwd).length + 1 > size) {
      setErrno(ctx, ERRNO.ERANGE)
      return 0
    }
    const w = userAccess(() => putCString(ctx, num(a[0]), cwd))
    if (typeof w === 'number') {
      setErrno(ctx, -w)
      return 0
    }
    return a[0]!
  },
  dup: (ctx, a) => sysret(ctx, machineOf(ctx).vfs.dup(procOf(ctx).pid, int(a[0]))),
  dup2: (ctx, a) => sysret(ctx, machineOf(ctx).vfs.dup2(procOf(ctx).pid, int(a[0]), int(a[1]))),
  pipe: (ctx, a) => pipe2(ctx, num(a[0]), 0),
  pipe2: (ctx, a) => pipe2(ctx, num(a[0]), int(a[1])),
  isatty: (ctx, a) => {
    const fd = int(a[0])
    if (typeof machineOf(ctx).vfs.file(procOf(ctx).pid, fd) === 'number') return sysret(ctx, -ERRNO.EBADF) && 0
    if (fdIsTty(ctx, fd)) return 1
    setErrno(ctx, ERRNO.ENOTTY)
    return 0
  },
  stat: (ctx, a) => {
    const p = path(ctx, a[0])
    if (typeof p === 'number') return sysret(ctx, p)
    const st = machineOf(ctx).vfs.stat(procOf(ctx).pid, p, credOf(ctx))
    return sysret(ctx, typeof st === 'number' ? st : storeStat(ctx, num(a[1]), st))
  },
  fstat: (ctx, a) => {
    const st = machineOf(ctx).vfs.fstat(procOf(ctx).pid, int(a[0]))
    return sysret(ctx, typeof st === 'number' ? st : storeStat(ctx, num(a[1]), st))
  },
  chmod: (ctx, a) => {
    const p = path(ctx, a[0])
    if (typeof p === 'number') return sysret(ctx, p)
    return sysret(ctx, machineOf(ctx).vfs.chmod(procOf(ctx).pid, p, int(a[1]) >>> 0, credOf(ctx)))
  },
  fchmod: (ctx, a) => sysret(ctx, machineOf(ctx).vfs.fchmod(procOf(ctx).pid, int(a[0]), int(a[1]) >>> 0, credOf(ctx))),
  ioctl: (ctx, a) => {
    const task = threadHostOf(ctx).task
    return sysret(ctx, machineOf(ctx).vfs.ioctl(procOf(ctx).pid, int(a[0]), task, num(a[1]) >>> 0, num(a[2] ?? 0)))
  },
  access: (ctx, a) => {
    const p = path(ctx, a[0])
    if (typeof p === 'number') return sysret(ctx, p)
    const st = machineOf(ctx).vfs.stat(procOf(ctx).pid, p, credOf(ctx))
    if (typeof st === 'number') return sysret(ctx, st)
    const mode = int(a[1])
    const uid = procOf(ctx).uid
    if (uid === 0 || mode === 0) return 0
    const bits = uid === st.uid ? (st.mode >> 6) & 7 : st.mode & 7
    return (bits & mode) === mode ? 0 : sysret(ctx, -ERRNO.EACCES)
  }
}
unistdFunctions.lstat = unistdFunctions.stat!
unistdFunctions.open64 = unistdFunctions.open!

function pipe2(ctx: NativeContext, addr: number, flags: number): number {
  const r = machineOf(ctx).vfs.pipe(procOf(ctx).pid, flags)
  if (typeof r === 'number') return sysret(ctx, r)
  const w = userAccess(() => {
    ctx.mem.store32(addr, r[0])
    ctx.mem.store32(addr + 4, r[1])
  })
  if (typeof w === 'number') {
    machineOf(ctx).vfs.close(procOf(ctx).pid, r[0])
    machineOf(ctx).vfs.close(procOf(ctx).pid, r[1])
    return sysret(ctx, w)
  }
  return 0
}

// read/write may be preempted inside the kernel (/proc/PID/mem's GUP loop): account the slice at entry.
for (const name of ['read', 'write', 'pread', 'pwrite']) SYSCALL_ENTRY_NATIVES.add(unistdFunctions[name]!)
