/**
 * POSIX threads on the machine's deterministic scheduler. A thread is a kernel task sharing the
 * process's mm (so GUP, COW and fork see every thread), a VM thread with its own stack mapping
 * and its own errno word in the process's TLS page.
 *
 * Mutexes keep their state where glibc does, in the pthread_mutex_t in user memory (__lock at
 * offset 0, __owner at offset 8), so an all-zero PTHREAD_MUTEX_INITIALIZER works and a mutex in
 * shared memory is seen by everyone. A contended lock parks the thread until something changes.
 * Condition variables count signals per address; a waiter wakes when the count moved (POSIX
 * allows spurious wake-ups, so broadcast and signal both wake every waiter).
 */
import { BLOCK, DONE, startThread, type NativeContext, type NativeFn, type NativeResult, type Thread } from '../cc/vm'
import type { Value } from '../cc/ast'
import { ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { MAP_ANONYMOUS, MAP_PRIVATE, MAP_STACK, PROT_READ, PROT_WRITE } from '../../kernel/include/uapi/asm-generic/mman-common'
import type { ThreadHost } from '../os/process'
import { machineOf, num, procOf, threadHostOf } from './runtime'

const DEFAULT_STACK = 8 * 1024 * 1024
const PTHREAD_CREATE_DETACHED = 1

interface PthreadInfo {
  thread: Thread
  /** Set once the start routine returned or pthread_exit ran. */
  done: boolean
  retval: Value
  detached: boolean
  joined: boolean
}

/** The process's threads by pthread_t (the kernel tid), kept in proc.libc. */
class PthreadTable {
  byId = new Map<number, PthreadInfo>()
  conds = new Map<number, number>()
  clone(): PthreadTable {
    // fork() copies only the calling thread: the child starts with an empty table.
    return new PthreadTable()
  }
}

function table(ctx: NativeContext): PthreadTable {
  let t = ctx.proc.libc.pthreads as PthreadTable | undefined
  if (!t) ctx.proc.libc.pthreads = t = new PthreadTable()
  return t
}

function selfId(ctx: NativeContext): number {
  return threadHostOf(ctx).task.pid
}

/** Locks a mutex for the calling thread if it is free. */
function tryLock(ctx: NativeContext, m: number): boolean {
  if (ctx.mem.load32(m) !== 0) return false
  ctx.mem.store32(m, 1)
  ctx.mem.store32(m + 8, selfId(ctx))
  return true
}

export const pthreadFunctions: Record<string, NativeFn> = {
  pthread_create: (ctx, a) => {
    const m = machineOf(ctx)
    const p = procOf(ctx)
    const leader = threadHostOf(ctx)
    const attr = num(a[1])
    const detached = attr !== 0 && ctx.mem.load32(attr) === PTHREAD_CREATE_DETACHED
    const stackSize = DEFAULT_STACK
    const stack = m.kernel.mmap(leader.task, 0, stackSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK)
    if (stack < 0) return ERRNO.EAGAIN
    const slot = p.threads.length
    if (slot >= 512 || m.procs.size >= 256) return ERRNO.EAGAIN
    const task = m.kernel.createThread(leader.task)
    const t = startThread(ctx.proc, num(a[2]), [a[3] ?? 0], stack + stackSize - 64, stack + 4096)
    const info: PthreadInfo = { thread: t, done: false, retval: 0, detached, joined: false }
    if (t.frame) {
      t.frame.onReturn = (v) => {
        info.done = true
        info.retval = v
      }
    } else {
      info.done = true
    }
    const host: ThreadHost = { machine: m, task, proc: p, wakeAt: 0, blockedGen: -1, errnoAddr: p.tlsBase ? p.tlsBase + 8 * slot : 0 }
    t.host = host
    p.threads.push(t)
    table(ctx).byId.set(task.pid, info)
    ctx.mem.store64(num(a[0]), task.pid)
    m.wake()
    return 0
  },
  pthread_join: (ctx, a): NativeResult => {
    const id = num(a[0])
    if (id === selfId(ctx)) return ERRNO.EDEADLK
    const info = table(ctx).byId.get(id)
    if (!info || info.detached || info.joined) return info ? ERRNO.EINVAL : ERRNO.ESRCH
    if (!info.done && info.thread.state !== 'exited') return BLOCK
    info.joined = true
    table(ctx).byId.delete(id)
    if (num(a[1]) !== 0) ctx.mem.store64(num(a[1]), info.retval)
    const m = machineOf(ctx)
    const task = m.kernel.task(id)
    if (task) {
      if (!task.exited) m.kernel.exit(task, 0)
      m.kernel.tasks.delete(id)
    }
    return 0
  },
  pthread_detach: (ctx, a) => {
    const info = table(ctx).byId.get(num(a[0]))
    if (!info) return ERRNO.ESRCH
    info.detached = true
    return 0
  },
  pthread_exit: (ctx, a) => {
    const info = table(ctx).byId.get(selfId(ctx))
    if (info) {
      info.done = true
      info.retval = a[0] ?? 0
    }
    // The main thread leaving with pthread_exit keeps the process alive for the others.
    ;(ctx.thread as { pthreadExited?: boolean }).pthreadExited = true
    ctx.thread.frame = null
    ctx.thread.state = 'exited'
    return DONE
  },
  pthread_self: (ctx) => selfId(ctx),
  pthread_equal: (_ctx, a) => (num(a[0]) === num(a[1]) ? 1 : 0),
  pthread_attr_init: (ctx, a) => {
    ctx.mem.fill(num(a[0]), 0, 56)
    return 0
  },
  pthread_attr_destroy: () => 0,
  pthread_attr_setdetachstate: (ctx, a) => {
    const v = num(a[1])
    if (v !== 0 && v !== 1) return ERRNO.EINVAL
    ctx.mem.store32(num(a[0]), v)
    return 0
  },
  pthread_attr_getdetachstate: (ctx, a) => {
    ctx.mem.store32(num(a[1]), ctx.mem.load32(num(a[0])))
    return 0
  },
  pthread_attr_setstacksize: (_ctx, a) => (num(a[1]) < 16384 ? ERRNO.EINVAL : 0),
  pthread_attr_getstacksize: (ctx, a) => {
    ctx.mem.store64(num(a[1]), DEFAULT_STACK)
    return 0
  },
  pthread_mutex_init: (ctx, a) => {
    ctx.mem.fill(num(a[0]), 0, 40)
    return 0
  },
  pthread_mutex_destroy: (ctx, a) => (ctx.mem.load32(num(a[0])) !== 0 ? ERRNO.EBUSY : 0),
  pthread_mutex_lock: (ctx, a): NativeResult => {
    const m = num(a[0])
    // Contended, or locked twice by its owner (a default mutex then deadlocks, as glibc's does).
    return tryLock(ctx, m) ? 0 : BLOCK
  },
  pthread_mutex_trylock: (ctx, a) => (tryLock(ctx, num(a[0])) ? 0 : ERRNO.EBUSY),
  pthread_mutex_unlock: (ctx, a) => {
    const m = num(a[0])
    ctx.mem.store32(m, 0)
    ctx.mem.store32(m + 8, 0)
    machineOf(ctx).wake()
    return 0
  },
  pthread_mutexattr_init: (ctx, a) => {
    ctx.mem.store32(num(a[0]), 0)
    return 0
  },
  pthread_mutexattr_destroy: () => 0,
  pthread_mutexattr_settype: (_ctx, a) => (num(a[1]) === 0 ? 0 : ERRNO.EINVAL),
  pthread_cond_init: (ctx, a) => {
    ctx.mem.fill(num(a[0]), 0, 48)
    return 0
  },
  pthread_cond_destroy: () => 0,
  pthread_cond_wait: (ctx, a): NativeResult => {
    const c = num(a[0])
    const m = num(a[1])
    const conds = table(ctx).conds
    const t = ctx.thread as { condWait?: { addr: number; seq: number } | null }
    if (!t.condWait) {
      t.condWait = { addr: c, seq: conds.get(c) ?? 0 }
      ctx.mem.store32(m, 0)
      ctx.mem.store32(m + 8, 0)
      machineOf(ctx).wake()
      return BLOCK
    }
    if ((conds.get(c) ?? 0) === t.condWait.seq) return BLOCK
    if (!tryLock(ctx, m)) return BLOCK
    t.condWait = null
    return 0
  },
  pthread_cond_signal: (ctx, a) => {
    const conds = table(ctx).conds
    conds.set(num(a[0]), (conds.get(num(a[0])) ?? 0) + 1)
    machineOf(ctx).wake()
    return 0
  },
  pthread_once: (ctx, a): NativeResult => {
    const once = num(a[0])
    if (ctx.mem.load32(once) !== 0) return 0
    ctx.mem.store32(once, 1)
    return { call: num(a[1]), args: [], then: () => 0 }
  }
}
pthreadFunctions.pthread_cond_broadcast = pthreadFunctions.pthread_cond_signal!
