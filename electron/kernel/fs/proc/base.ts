/**
 * fs/proc/base.c — the /proc/PID directories (tgid_base_stuff), /proc/self, and the per-process
 * files that are not about memory layout: cmdline, comm, and mem (mem_rw).
 *
 * Ownership: every /proc/PID entry belongs to the process's uid (task_dump_owner for a dumpable
 * task). /proc/PID/mem is 0600 and, as a simplified ptrace check (PTRACE_MODE_ATTACH), only the
 * process itself or root may open it: for anyone else its inode is looked up with mode 0.
 */
import { ERESTARTSYS, ERRNO } from '../../include/uapi/asm-generic/errno-base'
import { FOLL_FORCE } from '../../include/linux/mm'
import { task_dump_owner } from '../../kernel/cred'
import { ACCESS_REMOTE_PREEMPTED, access_remote_vm, access_remote_vm_preemptible } from '../../mm/access_remote'
import { S_IFDIR, S_IFREG, type Inode } from '../inode'
import { bytes, type ProcContext } from './internal'
import { proc_pid_status } from './array'
import { mm_rss, pagemap_read, proc_pid_maps, proc_pid_smaps, proc_pid_smaps_rollup, proc_pid_statm } from './task_mmu'

/** mem_rw() copies through one kernel page at a time; a single read or write is capped here. */
const MEM_MAX_RW = 1 << 24

/**
 * mem_rw(): pread/pwrite at offset = address through access_remote_vm with FOLL_FORCE
 * (proc_mem.force_override=always, the default) — the kernel decides per version what a forced
 * write may do (kernel-semantics §1, §4g). Zero bytes transferred is -EIO.
 */
export function mem_rw(ctx: ProcContext, pid: number, pos: number, buf: Uint8Array, write: boolean): number {
  const task = ctx.k.task(pid)
  if (!task || task.exited || !task.mm) return 0
  if (!Number.isSafeInteger(pos) || pos < 0) return -ERRNO.EIO
  const len = Math.min(buf.length, MEM_MAX_RW)
  if (len === 0) return 0
  // The GUP loop's cond_resched() may yield to another thread (the Dirty COW window, §4g): the
  // task keeps the continuation and the syscall is retried (-ERESTARTSYS with current.preempted).
  const current = ctx.k.task(ctx.k.curPid)
  const n = current && !current.exited
    ? access_remote_vm_preemptible(ctx.k, current, task, pos, buf, len, write, FOLL_FORCE)
    : access_remote_vm(ctx.k, task, pos, buf, len, write, FOLL_FORCE)
  if (n === ACCESS_REMOTE_PREEMPTED) return -ERESTARTSYS
  return n === 0 ? -ERRNO.EIO : n
}

/**
 * mem_lseek() (fs/proc/base.c), the llseek of mem, pagemap, kpageflags and kpagecount: SEEK_SET
 * takes any position, SEEK_CUR adds in 64-bit arithmetic, anything else is -EINVAL; the result is
 * returned as a success even when negative (force_successful_syscall_return).
 */
export function mem_lseek(file: { pos: number }, offset: number, whence: number): number {
  if (whence === 0) file.pos = offset
  else if (whence === 1) file.pos = Number(BigInt.asIntN(64, BigInt(Math.trunc(file.pos)) + BigInt(Math.trunc(offset))))
  else return -ERRNO.EINVAL
  return file.pos
}

/**
 * `ptrace`: the access check proc_mem_open / mm_access make at open — 'read' (PTRACE_MODE_READ:
 * same uid or root) for maps, smaps, pagemap, environ; 'attach' (simplified: the process itself
 * or root) for mem. A caller that fails it sees an inode with mode 0, so open fails with EACCES.
 */
type Entry = { mode: number; ptrace?: 'read' | 'attach'; make: (ctx: ProcContext, pid: number, inode: Inode) => void }

const text = (fn: (ctx: ProcContext, pid: number) => string): Entry['make'] => (ctx, pid, inode) => {
  inode.generate = () => bytes(fn(ctx, pid))
}

/** tgid_base_stuff: name → mode and content. */
const PID_ENTRIES: Record<string, Entry> = {
  cmdline: { mode: 0o444, make: (ctx, pid, inode) => void (inode.generate = () => ctx.source.cmdline(pid).slice()) },
  environ: { mode: 0o400, ptrace: 'read', make: (ctx, pid, inode) => void (inode.generate = () => ctx.source.environ?.(pid).slice() ?? new Uint8Array(0)) },
  comm: { mode: 0o644, make: text((ctx, pid) => `${ctx.source.comm(pid).slice(0, 15)}\n`) },
  maps: { mode: 0o444, ptrace: 'read', make: text(proc_pid_maps) },
  mem: {
    mode: 0o600,
    ptrace: 'attach',
    make: (ctx, pid, inode) => {
      inode.dev = {
        read: () => -ERRNO.EINVAL,
        write: () => -ERRNO.EINVAL,
        readAt: (_caller, pos, count) => {
          const buf = new Uint8Array(Math.max(0, Math.min(count, MEM_MAX_RW)))
          const n = mem_rw(ctx, pid, pos, buf, false)
          return n < 0 ? n : buf.subarray(0, n)
        },
        writeAt: (_caller, pos, data) => mem_rw(ctx, pid, pos, data, true),
        llseek: mem_lseek,
        // mem_open sets FMODE_UNSIGNED_OFFSET: addresses above 2^63 are negative positions
        unsignedOffset: true
      }
    }
  },
  pagemap: {
    mode: 0o400,
    ptrace: 'read',
    make: (ctx, pid, inode) => {
      inode.dev = {
        read: () => -ERRNO.EINVAL,
        write: () => -ERRNO.EINVAL,
        readAt: (caller, pos, count) => pagemap_read(ctx, pid, caller, pos, count),
        writeAt: () => -ERRNO.EINVAL,
        llseek: mem_lseek
      }
    }
  },
  smaps: { mode: 0o444, ptrace: 'read', make: text(proc_pid_smaps) },
  smaps_rollup: { mode: 0o444, ptrace: 'read', make: text(proc_pid_smaps_rollup) },
  stat: { mode: 0o444, make: text(proc_pid_stat) },
  statm: { mode: 0o444, make: text(proc_pid_statm) },
  status: { mode: 0o444, make: text(proc_pid_status) }
}

/** proc_pid_stat(): the first fields of /proc/PID/stat (the rest are zero). */
function proc_pid_stat(ctx: ProcContext, pid: number): string {
  const mm = ctx.k.task(pid)?.mm
  const vsize = mm ? mm.total_vm * 4096 : 0
  const rss = mm ? mm_rss(ctx.k, mm) : { anon: 0, file: 0, shmem: 0 }
  const fields = [pid, `(${ctx.source.comm(pid)})`, ctx.source.state(pid), ctx.source.ppid(pid)]
  const rest = new Array<number>(48).fill(0)
  rest[0] = ctx.source.pgid?.(pid) ?? 0 // field 5, pgrp
  rest[18] = vsize // field 23
  rest[19] = rss.anon + rss.file + rss.shmem // field 24, rss in pages
  return `${[...fields, ...rest].join(' ')}\n`
}

/** The /proc/PID directory of one process, its entries cached for stable inode numbers. */
export class PidDir {
  readonly dir: Inode
  private readonly entries = new Map<string, Inode>()
  private denied: Inode | null = null

  constructor(
    private readonly ctx: ProcContext,
    readonly pid: number
  ) {
    this.dir = ctx.vfs.createInode(S_IFDIR | 0o555, 0, 0)
    this.dir.dynamic = {
      list: () => Object.keys(PID_ENTRIES),
      lookup: (name, caller) => this.lookup(name, caller)
    }
  }

  /** task_dump_owner(): root owns the files of a non-dumpable process (e.g. after setuid). */
  private owner(): number {
    const t = this.ctx.k.task(this.pid)
    return t ? task_dump_owner(t) : 0
  }

  /** ptrace_may_access(), simplified: see `Entry.ptrace`. Callers without a task are the machine (root). */
  private mayAccess(mode: 'read' | 'attach', caller: number): boolean {
    const who = this.ctx.k.task(caller)
    if (!who || who.cred.uid === 0 || caller === this.pid) return true
    return mode === 'read' && who.cred.uid === this.owner()
  }

  lookup(name: string, caller: number): Inode | null {
    const e = PID_ENTRIES[name]
    if (!e) return null
    const uid = this.owner()
    if (e.ptrace && !this.mayAccess(e.ptrace, caller)) {
      this.denied ??= this.ctx.vfs.createInode(S_IFREG | 0, uid, uid)
      this.denied.parent = this.dir
      this.denied.uid = this.denied.gid = uid
      return this.denied
    }
    let inode = this.entries.get(name)
    if (!inode) {
      inode = this.ctx.vfs.createInode(S_IFREG | e.mode, uid, uid)
      inode.parent = this.dir
      e.make(this.ctx, this.pid, inode)
      this.entries.set(name, inode)
    }
    inode.uid = inode.gid = uid
    this.dir.uid = this.dir.gid = uid
    return inode
  }
}
