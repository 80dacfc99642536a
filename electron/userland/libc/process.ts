/**
 * Processes, signals, time and limits: fork, waitpid, kill, signal, sleep, getrlimit, sysconf,
 * clock_gettime — thin wrappers over the machine and the kernel, with Linux's return values.
 */
import {
  BLOCK, DONE, cloneProcessForFork, cloneThreadForFork, completeCall, raiseSignal,
  type NativeContext, type NativeFn, type NativeResult
} from '../cc/vm'
import { MemoryFault } from '../cc/memory'
import { ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { setErrno } from './errno'
import { cstring, int, machineOf, num, procOf, sysret, threadHostOf } from './runtime'
import { signalName, SIGNALS } from '../os/signals'

const WNOHANG = 1
const SIG_DFL = 0
const SIG_IGN = 1
/** RLIM_INFINITY as an unsigned 64-bit value. */
const RLIM_INFINITY = (1n << 64n) - 1n

function tryStore(fn: () => void): boolean {
  try {
    fn()
    return true
  } catch (e) {
    if (e instanceof MemoryFault) return false
    throw e
  }
}

function waitFor(ctx: NativeContext, pid: number, statusAddr: number, options: number): NativeResult {
  const m = machineOf(ctx)
  const self = procOf(ctx)
  const kids = [...self.children].map((c) => m.procs.get(c)).filter((c) => c && (pid === -1 || pid === 0 ? c.pgid === self.pgid || pid === -1 : c.pid === pid))
  if (kids.length === 0) return sysret(ctx, -ERRNO.ECHILD)
  const done = kids.find((c) => c!.zombie)
  if (!done) return options & WNOHANG ? 0 : BLOCK
  const status = m.reap(self, done)
  if (statusAddr !== 0 && !tryStore(() => ctx.mem.store32(statusAddr, status))) return sysret(ctx, -ERRNO.EFAULT)
  return done.pid
}

export const processFunctions: Record<string, NativeFn> = {
  fork: (ctx) => {
    const m = machineOf(ctx)
    const parent = procOf(ctx)
    const child = m.forkC(parent, ctx.thread, (mem) => {
      const cproc = cloneProcessForFork(ctx.proc, mem)
      const thread = cloneThreadForFork(ctx.thread, cproc)
      completeCall(thread, 0)
      return { child: thread, cproc }
    })
    if (typeof child === 'number') return sysret(ctx, child)
    return child.pid
  },
  waitpid: (ctx, a) => waitFor(ctx, int(a[0]), num(a[1]), int(a[2])),
  wait: (ctx, a) => waitFor(ctx, -1, num(a[0]), 0),
  getpid: (ctx) => procOf(ctx).pid,
  getppid: (ctx) => procOf(ctx).ppid,
  gettid: (ctx) => threadHostOf(ctx).task.pid,
  getuid: (ctx) => procOf(ctx).uid,
  geteuid: (ctx) => procOf(ctx).task.cred.euid,
  getgid: (ctx) => procOf(ctx).uid,
  getegid: (ctx) => procOf(ctx).uid,
  getpgrp: (ctx) => procOf(ctx).pgid,
  kill: (ctx, a) => {
    const pid = int(a[0])
    const sig = int(a[1])
    const m = machineOf(ctx)
    const self = procOf(ctx)
    const target = m.procs.get(pid)
    if (pid > 0 && target && self.uid !== 0 && target.uid !== self.uid) return sysret(ctx, -ERRNO.EPERM)
    if (pid <= 0) {
      if (sig < 0 || sig > 64) return sysret(ctx, -ERRNO.EINVAL)
      m.killpg(pid === 0 ? self.pgid : -pid, sig)
      return 0
    }
    return sysret(ctx, m.kill(pid, sig))
  },
  raise: (ctx, a) => {
    const sig = int(a[0])
    const name = signalName(sig)
    if (!name) return sysret(ctx, -ERRNO.EINVAL)
    const self = procOf(ctx)
    const handler = self.handlers.get(sig)
    if (handler === SIG_IGN) return 0
    // The call parks itself with the signal pending; the scheduler delivers it (running the
    // handler, or killing), and the retried call then returns 0 — so a handler that returns
    // resumes after raise(), not at it.
    const t = ctx.thread as { raising?: boolean; pendingSignal: string | null }
    if (t.raising) {
      t.raising = false
      return 0
    }
    t.raising = true
    t.pendingSignal = name
    return BLOCK
  },
  pause: (ctx) => {
    // Sleeps until a signal arrives; a signal that kills ends it, one that is handled returns EINTR.
    const t = ctx.thread as { interrupted?: boolean }
    if (t.interrupted) {
      t.interrupted = false
      return sysret(ctx, -ERRNO.EINTR)
    }
    return BLOCK
  },
  abort: (ctx) => {
    procOf(ctx).handlers.delete(SIGNALS.SIGABRT)
    raiseSignal(ctx.thread, 'SIGABRT', 'SI_TKILL')
    return DONE
  },
  signal: (ctx, a) => {
    const sig = int(a[0])
    const handler = num(a[1])
    if (!signalName(sig) || sig === SIGNALS.SIGKILL || sig === SIGNALS.SIGSTOP) {
      setErrno(ctx, ERRNO.EINVAL)
      return -1 // SIG_ERR
    }
    const self = procOf(ctx)
    const old = self.handlers.get(sig) ?? SIG_DFL
    if (handler === SIG_DFL) self.handlers.delete(sig)
    else self.handlers.set(sig, handler)
    return old
  },
  sigaction: (ctx, a) => {
    // struct sigaction on x86-64: sa_handler at offset 0 (the rest is ignored here).
    const sig = int(a[0])
    if (!signalName(sig) || sig === SIGNALS.SIGKILL || sig === SIGNALS.SIGSTOP) return sysret(ctx, -ERRNO.EINVAL)
    const self = procOf(ctx)
    const oldAddr = num(a[2])
    if (oldAddr !== 0 && !tryStore(() => ctx.mem.store64(oldAddr, self.handlers.get(sig) ?? SIG_DFL))) return sysret(ctx, -ERRNO.EFAULT)
    const actAddr = num(a[1])
    if (actAddr !== 0) {
      let handler = 0
      if (!tryStore(() => (handler = num(ctx.mem.load64(actAddr))))) return sysret(ctx, -ERRNO.EFAULT)
      if (handler === SIG_DFL) self.handlers.delete(sig)
      else self.handlers.set(sig, handler)
    }
    return 0
  },
  sleep: (ctx, a) => sleepNs(ctx, num(a[0]) * 1e9, 0),
  usleep: (ctx, a) => sleepNs(ctx, num(a[0]) * 1e3, 0),
  nanosleep: (ctx, a) => {
    const req = num(a[0])
    let ns = 0
    if (!tryStore(() => (ns = num(ctx.mem.load64(req)) * 1e9 + num(ctx.mem.load64(req + 8))))) return sysret(ctx, -ERRNO.EFAULT)
    return sleepNs(ctx, ns, 0)
  },
  sched_yield: (ctx) => {
    // Ends the thread's turn: the scheduler runs the others before this call returns 0.
    const t = ctx.thread as { yielding?: string }
    if (t.yielding === 'requested') {
      t.yielding = undefined
      return 0
    }
    t.yielding = 'requested'
    return BLOCK
  },
  __errno_location: (ctx) => threadHostOf(ctx).errnoAddr,
  __assert_fail: (ctx, a) => {
    const p = procOf(ctx)
    const prog = p.argv[0] ?? 'a.out'
    const text = `${prog}: ${cstring(ctx, a[1]!)}:${int(a[2])}: ${cstring(ctx, a[3]!)}: Assertion \`${cstring(ctx, a[0]!)}' failed.\n`
    machineOf(ctx).vfs.write(p.pid, 2, new TextEncoder().encode(text))
    p.handlers.delete(SIGNALS.SIGABRT)
    raiseSignal(ctx.thread, 'SIGABRT', 'SI_TKILL')
    return DONE
  },
  getenv: (ctx, a) => {
    const name = cstring(ctx, a[0]!)
    const envp = procOf(ctx).envpAddr
    if (!envp) return 0
    for (let i = 0; i < 4096; i++) {
      const s = num(ctx.mem.load64(envp + i * 8))
      if (s === 0) return 0
      const entry = cstring(ctx, s)
      if (entry.startsWith(name + '=')) return s + new TextEncoder().encode(name).length + 1
    }
    return 0
  },
  sysconf: (ctx, a) => {
    switch (int(a[0])) {
      case 30: // _SC_PAGESIZE
        return 4096
      case 84: // _SC_NPROCESSORS_ONLN
      case 83: // _SC_NPROCESSORS_CONF
        return 2
      case 2: // _SC_CLK_TCK
        return 100
      case 4: // _SC_OPEN_MAX
        return 1024
      case 85: // _SC_PHYS_PAGES
        return machineOf(ctx).kernel.phys.config.normalPages + (machineOf(ctx).kernel.phys.config.movablePages ?? 0)
      default:
        return sysret(ctx, -ERRNO.EINVAL)
    }
  },
  getpagesize: () => 4096,
  getrlimit: (ctx, a) => {
    const r = machineOf(ctx).kernel.getrlimit(threadHostOf(ctx).task, int(a[0]))
    if (typeof r === 'number') return sysret(ctx, r)
    const addr = num(a[1])
    const enc = (v: number) => (v === Infinity ? RLIM_INFINITY : BigInt(v))
    if (!tryStore(() => {
      ctx.mem.store64(addr, enc(r[0]))
      ctx.mem.store64(addr + 8, enc(r[1]))
    })) return sysret(ctx, -ERRNO.EFAULT)
    return 0
  },
  setrlimit: (ctx, a) => {
    const addr = num(a[1])
    let soft = 0
    let hard = 0
    const dec = (v: number | bigint) => (BigInt(v) === RLIM_INFINITY ? Infinity : Number(v))
    if (!tryStore(() => {
      soft = dec(ctx.mem.load64(addr))
      hard = dec(ctx.mem.load64(addr + 8))
    })) return sysret(ctx, -ERRNO.EFAULT)
    return sysret(ctx, machineOf(ctx).kernel.setrlimit(threadHostOf(ctx).task, int(a[0]), soft, hard))
  },
  time: (ctx, a) => {
    const sec = Math.floor(wallNs(ctx) / 1e9)
    if (num(a[0]) !== 0) ctx.mem.store64(num(a[0]), sec)
    return sec
  },
  clock_gettime: (ctx, a) => {
    const clock = int(a[0])
    const ns = clock === 0 ? wallNs(ctx) : machineOf(ctx).now
    const addr = num(a[1])
    if (!tryStore(() => {
      ctx.mem.store64(addr, Math.floor(ns / 1e9))
      ctx.mem.store64(addr + 8, ns % 1e9)
    })) return sysret(ctx, -ERRNO.EFAULT)
    return 0
  },
  gettimeofday: (ctx, a) => {
    const ns = wallNs(ctx)
    const addr = num(a[0])
    if (addr !== 0 && !tryStore(() => {
      ctx.mem.store64(addr, Math.floor(ns / 1e9))
      ctx.mem.store64(addr + 8, Math.floor((ns % 1e9) / 1e3))
    })) return sysret(ctx, -ERRNO.EFAULT)
    return 0
  }
}

/** The machine boots at a fixed wall-clock time, so runs are reproducible. */
export const BOOT_EPOCH_NS = 1_767_225_600 * 1e9 // 2026-01-01T00:00:00Z

function wallNs(ctx: NativeContext): number {
  return BOOT_EPOCH_NS + machineOf(ctx).now
}

/**
 * Sleeping blocks the thread until the virtual clock reaches the wake time. The first call sets
 * the wake time; the retry after waking returns 0.
 */
function sleepNs(ctx: NativeContext, ns: number, ret: number): NativeResult {
  const h = threadHostOf(ctx)
  const st = ctx.thread as { sleepUntil?: number }
  if (st.sleepUntil === undefined) {
    if (!(ns > 0)) return ret
    st.sleepUntil = machineOf(ctx).now + Math.floor(ns)
  }
  if (machineOf(ctx).now >= st.sleepUntil) {
    st.sleepUntil = undefined
    return ret
  }
  h.wakeAt = st.sleepUntil
  return BLOCK
}
