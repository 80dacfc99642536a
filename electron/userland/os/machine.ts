import { DEFAULT_KERNEL, type KernelVersion } from '../../../shared/kernel-versions'
import { Emitter, type IDisposable } from '../../../shared/event'
import { Kernel } from '../../kernel/kernel'
import { ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { Vfs } from '../../kernel/fs/vfs'
import { O_RDWR } from '../../kernel/fs/file'
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../kernel/include/uapi/asm-generic/mman-common'
import type { ProgramImage } from '../cc/link'
import { spawnProgram } from '../cc/loader'
import { deliverSignal, run, type Thread } from '../cc/vm'
import { UProcess, threadHost, type ThreadHost } from './process'
import { defaultAction, signalName, signalNumber, waitStatus } from './signals'
import { TaskMemory } from './task-memory'
import { mmput } from '../../kernel/kernel/exit'
import { continueExit, exitCodeOf } from '../libc/exit'
import { Tty } from './tty'
import { GupTestDevice } from '../../kernel/mm/gup_test'
import { rdma_register } from './rdma'
import { finishDirectIo } from '../libc/direct-io'
import { buildRootFs } from './rootfs'
import { MachineProcessContext } from './process-context'
import { machineSystemInfo } from './system-info'
import { mountProcfs } from '../../kernel/fs/proc'
import { machineProcSource } from './proc-source'
import { wb_timer_fn } from '../../kernel/mm/page-writeback'
import type { NativeProgram, SystemInfo } from '../shell/os'

export interface MachineOptions {
  kernel?: KernelVersion
  seed?: number
  hostname?: string
  /** Hands control back to the host between scheduler slices (setImmediate in Node). */
  yieldToHost?: () => Promise<void>
  /** Host wall-clock in ms — only to decide when to yield; it never affects the simulation. */
  hostNow?: () => number
  /** The texts of /usr/include (path → text). */
  headers?: Record<string, string>
  /**
   * When every thread sleeps, wait for the wall clock instead of jumping virtual time to the
   * next wake-up (interactive sessions); batch runs and tests jump.
   */
  realtimeIdle?: boolean
  /** RAM in 4 KiB pages (default 1,048,576 = 4 GiB). */
  memoryPages?: number
  /** An RDMA HCA (mlx5_0, os/rdma.ts) and its uverbs device and sysfs entries (default true). */
  rdma?: boolean
}

/** Steps a C thread runs before the scheduler moves on (1 step = 1 ns of virtual time). */
export const SLICE_STEPS = 20_000
/** How long the machine computes before it lets the host breathe (host milliseconds). */
const HOST_SLICE_MS = 8
/** At most this many processes exist at once (the fork-bomb brake, like RLIMIT_NPROC). */
export const MAX_PROCESSES = 256

/** A file that names a compiled program: the machine's stand-in for an ELF executable. */
const EXEC_MAGIC = '\x7fELF\x02\x01\x01PINLAB-IMAGE '

export interface SpawnOptions {
  argv: string[]
  envp?: string[]
  /** The parent process (its descriptors are inherited; it gets SIGCHLD and wait()s). */
  parent: UProcess
  uid?: number
  pgid?: number
  /** Descriptors of the parent to install as the child's 0, 1, 2 … (default: the parent's own). */
  stdio?: number[]
  /** Or explicit [child fd, parent fd] pairs (posix_spawn file actions). */
  fds?: ReadonlyArray<readonly [number, number]>
  /** The child's working directory (default: the parent's). */
  cwd?: string
  /** Make the child's group the terminal's foreground group before it runs (tcsetpgrp). */
  foreground?: boolean
}

/** What an executable file holds: a compiled program, or a native tool installed at a path. */
const NATIVE_MAGIC = '\x7fELF\x02\x01\x01PINLAB-NATIVE '

/**
 * One simulated computer: the kernel, the file system, the terminal and the processes, with a
 * deterministic scheduler.
 *
 * Determinism: the order in which threads run, and every virtual-time value, depends only on
 * the seed, the programs and the input — never on the host's speed. The host only decides *when*
 * the next slice runs.
 */
export class Machine implements IDisposable {
  readonly kernel: Kernel
  readonly vfs: Vfs
  readonly tty: Tty
  readonly hostname: string
  readonly procs = new Map<number, UProcess>()
  /** Compiled programs by id; an executable file's content names its id. */
  readonly images = new Map<number, ProgramImage>()
  readonly init: UProcess
  /** The kernel log (dmesg): boot messages; the kernel's own printk ring arrives with the files work. */
  readonly kernelLog: Array<{ time: number; level: number; text: string }> = []

  private _nextImage = 1
  private _gen = 0
  private _schedRng: number
  /**
   * How threads interleave: `sliceSteps` instructions per turn, in pid order (`round-robin`), or
   * in a seeded random order with turns of a random length up to `sliceSteps` (`random`) — race
   * labs pick a seed and a small slice to choose an interleaving, and the same seed replays it.
   */
  readonly scheduler: { policy: 'round-robin' | 'random'; sliceSteps: number } = { policy: 'round-robin', sliceSteps: SLICE_STEPS }
  private _idleToken = 0
  private _realtimeIdle: boolean
  /** Clock-triggered injections (replay of recorded keystrokes), earliest first. */
  private _injections: Array<{ at: number; deliver: () => void }> = []
  /**
   * Replay only: virtual time may not pass this clock (the recorded clock of the next step). The
   * scheduler parks at the first round boundary at or past it, and idle time jumps to timers at
   * or before it and no further, so neither a background job still computing nor a background
   * sleeper runs ahead of the moment the learner typed the next command. Infinity: no limit.
   */
  private _clockLimit = Infinity
  private _changeWaiters: Array<() => void> = []
  private _timers: Array<{ at: number; resolve: () => void }> = []
  private _pumping = false
  private _disposed = false
  private readonly _yield: () => Promise<void>
  private readonly _hostNow: () => number
  private readonly _onExit = new Emitter<UProcess>()
  /** A process became a zombie. */
  readonly onExit = this._onExit.event

  constructor(opts: MachineOptions = {}) {
    // 4 GiB of RAM: frames cost nothing until used, and programs may map what a small server would.
    this.kernel = new Kernel({ version: opts.kernel ?? DEFAULT_KERNEL, seed: opts.seed ?? 1, memory: { normalPages: opts.memoryPages ?? 1 << 20 } })
    this.hostname = opts.hostname ?? 'pinlab'
    this.vfs = new Vfs()
    this.vfs.now = () => this.kernel.clock
    this.vfs.kernel = this.kernel
    this.tty = new Tty()
    this.tty.onSignal(({ pgrp, signo }) => this.killpg(pgrp, signo))
    this.tty.onInput(() => this.wake())
    // A macrotask, so the host's timers and I/O run between slices (a microtask would starve them).
    this._yield = opts.yieldToHost ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
    this._hostNow = opts.hostNow ?? (() => Date.now())
    this._realtimeIdle = opts.realtimeIdle ?? false
    this._schedRng = ((opts.seed ?? 1) * 2654435761) >>> 0 || 0x9e3779b9
    this.tty.kernel = this.kernel
    // mm/gup_test.c: the debugfs file exists from 5.11 ("mm/gup_benchmark: rename to mm/gup_test").
    const gupTest = this.kernel.has('gupTestDebugfs') ? new GupTestDevice(this.kernel) : null
    buildRootFs(this.vfs, this.tty, { hostname: this.hostname, headers: opts.headers, gupTest })
    mountProcfs(this.vfs, this.kernel, machineProcSource(this))
    if (opts.rdma !== false) rdma_register(this.vfs, this.kernel)
    this.kernelLog.push({ time: 0, level: 5, text: `Linux version ${this.kernel.version}.0-pinlab (PinLab simulated kernel)` })
    this.init = this._newProcess('init', 0, null)
    this.vfs.attach(this.init.pid, '/')
  }

  get version(): KernelVersion {
    return this.kernel.version
  }

  /**
   * Whether idle virtual time follows the wall clock (interactive) or jumps to the next wake-up
   * (batch runs, history replay). Switchable on a live machine: a restored session replays with
   * jumps and then goes back to realtime for the learner.
   */
  get realtimeIdle(): boolean {
    return this._realtimeIdle
  }

  set realtimeIdle(on: boolean) {
    if (on === this._realtimeIdle) return
    this._realtimeIdle = on
    this._idleToken++ // a pending idle timer belongs to the old mode
    this._kick()
  }

  /** See `_clockLimit`; raising it lets a parked machine continue (without waking blocked threads). */
  get clockLimit(): number {
    return this._clockLimit
  }

  set clockLimit(at: number) {
    this._clockLimit = at
    this._kick()
  }

  /**
   * Calls `deliver` at the first scheduler round boundary where the virtual clock is at or past
   * `at` (replay of keystrokes recorded with their clock); the clock is never moved to reach it.
   * Injections still pending are dropped by `clearInjections()`.
   */
  injectAtClock(at: number, deliver: () => void): void {
    this._injections.push({ at, deliver })
    this._injections.sort((a, b) => a.at - b.at)
    this._kick()
  }

  clearInjections(): void {
    this._injections = []
  }

  /** Some C thread could run now (the scheduler is parked at the clock limit, or busy). */
  get hasRunnableThreads(): boolean {
    return this._hasRunnable()
  }

  get pendingInjections(): number {
    return this._injections.length
  }

  /**
   * Moves the machine's clock forward to `at` as waiting would have (history replay): threads
   * still running (a background job) run up to the round boundary at `at`, timers due on the way
   * fire in order and the writeback flusher runs at the boundaries it crosses. A clock already
   * past `at` stays where it is.
   */
  async advanceIdleClockTo(at: number): Promise<void> {
    const limit = this._clockLimit
    this.clockLimit = at
    // Run until parked at `at` or until nothing can run before it.
    for (let i = 0; i < 100_000 && !this._disposed; i++) {
      if (!this._pumping && (this.now >= at || !this._hasRunnable())) break
      await this._yield()
      this._kick()
    }
    if (at > this.now && this._nextWakeTime() > at) {
      const clockBefore = this.kernel.clock
      this.kernel.tick(at - this.now)
      wb_timer_fn(this.kernel, clockBefore)
    }
    this.clockLimit = limit
  }

  /** Virtual time in nanoseconds since boot. */
  get now(): number {
    return this.kernel.clock
  }

  // ------------------------------------------------------------------ processes

  /** A process for native (TypeScript) code, e.g. the shell: its descriptors 0–2 are the terminal. */
  spawnNative(comm: string, uid: number, parent: UProcess = this.init, cwd = '/'): UProcess {
    const p = this._newProcess(comm, uid, parent)
    this.vfs.attach(p.pid, cwd)
    const cred = { uid: 0, gid: 0 }
    for (let fd = 0; fd < 3; fd++) this.vfs.open(p.pid, '/dev/tty', O_RDWR, 0, cred)
    return p
  }

  /** Stores a compiled program and returns the bytes of an executable file that names it. */
  registerImage(image: ProgramImage): Uint8Array {
    const id = this._nextImage++
    this.images.set(id, image)
    return new TextEncoder().encode(`${EXEC_MAGIC}${id}\n`)
  }

  /** The program an executable file names, or null when the bytes are not one of ours. */
  imageOf(bytes: Uint8Array): ProgramImage | null {
    const text = new TextDecoder().decode(bytes.subarray(0, 64))
    if (!text.startsWith(EXEC_MAGIC)) return null
    return this.images.get(Number.parseInt(text.slice(EXEC_MAGIC.length), 10)) ?? null
  }

  /**
   * fork + exec in one step (posix_spawn): a new process running `image`, inheriting the
   * parent's descriptors as its stdio. Returns the process or a negative errno.
   */
  spawnImage(image: ProgramImage, opts: SpawnOptions): UProcess | number {
    if (this.procs.size >= MAX_PROCESSES) return -ERRNO.EAGAIN
    const parent = opts.parent
    const p = this._newProcess(opts.argv[0] ?? 'a.out', opts.uid ?? parent.uid, parent, opts.pgid)
    if (opts.pgid === 0) p.pgid = p.pid
    if (opts.foreground) this.tty.foregroundPgrp = p.pgid
    this._inherit(parent, p, opts)
    if (!this._loadImage(p, image, opts.argv, opts.envp ?? [])) {
      this._exitProcess(p, waitStatus({ signo: signalNumber('SIGSEGV') }))
      return p
    }
    this.wake()
    return p
  }

  /**
   * Maps `image` into p's (empty) mm and makes its main thread p's only thread: the second half of
   * both posix_spawn and execve. False when the image cannot be mapped (the caller kills p).
   */
  private _loadImage(p: UProcess, image: ProgramImage, argv: readonly string[], envp: readonly string[]): boolean {
    const mem = new TaskMemory(this.kernel, p.task)
    let spawned
    try {
      spawned = spawnProgram(image, mem, { argv: [...argv], envp: [...envp] })
    } catch {
      return false
    }
    p.mem = mem
    p.cproc = spawned.proc
    p.cproc.host = p
    p.threads = []
    p.argv = argv.slice()
    p.env = envp.slice()
    p.envpAddr = spawned.load.envp
    // The heap starts right after the program's .bss (the kernel's brk follows the image).
    const mm = p.task.mm!
    mm.start_brk = mm.brk = spawned.load.brk
    // The thread-local block (glibc's TLS): one page, whose first word is the main thread's errno.
    const tls = this.kernel.mmap(p.task, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS)
    p.tlsBase = tls > 0 ? tls : 0
    this._adoptThread(p, spawned.thread, p.task, p.tlsBase)
    return true
  }

  /** What an executable file runs: a compiled image or an installed native tool; or an errno. */
  private _resolveExecutable(caller: UProcess, path: string): { image: ProgramImage } | { program: NativeProgram } | number {
    const cred = { uid: caller.uid, gid: caller.uid }
    const cwd = this.vfs.files(caller.pid)?.cwd ?? this.vfs.root
    const inode = this.vfs.lookup(path, cwd, cred)
    if (typeof inode === 'number') return inode
    if (inode.children || !(inode.mode & 0o111)) return -ERRNO.EACCES
    const bits = caller.uid === 0 ? 0o111 : caller.uid === inode.uid ? (inode.mode >> 6) & 1 : inode.mode & 1
    if (!bits) return -ERRNO.EACCES
    const bytes = this.vfs.contentsOf(inode)
    const header = new TextDecoder().decode(bytes.subarray(0, 128))
    if (header.startsWith(NATIVE_MAGIC)) {
      const program = this.nativePrograms.get(header.slice(NATIVE_MAGIC.length).trim())
      return program ? { program } : -ERRNO.ENOEXEC
    }
    const image = this.imageOf(bytes)
    return image ? { image } : -ERRNO.ENOEXEC
  }

  /**
   * execve() from a C thread: on success the process keeps its pid, descriptors (less
   * close-on-exec) and ignored signals, and runs the new program in a fresh mm; the calling
   * thread and every other thread are gone. Returns 0, or a negative errno with nothing changed.
   */
  execve(p: UProcess, caller: Thread, path: string, argv: readonly string[], envp: readonly string[]): number {
    const target = this._resolveExecutable(p, path)
    if (typeof target === 'number') return target
    // The point of no return (de_thread, exec_mmap, do_close_on_exec).
    for (const t of p.threads) {
      t.state = 'exited'
      ;(t as { replaced?: boolean }).replaced = true
      const task = threadHost(t)?.task
      if (task && task !== p.task && !task.exited) this.kernel.exit(task, 0)
    }
    void caller
    const task = p.task
    const old = task.mm
    task.mm = this.kernel.newMm()
    if (old) mmput(this.kernel, old)
    // do_close_on_exec comes after exec_mmap (begin_new_exec): a file whose last reference was a
    // mapping of the old mm (an io_uring ring) is released with nothing mapping it any more
    this.vfs.exec(p.pid)
    for (const [sig, h] of [...p.handlers]) if (h !== 1) p.handlers.delete(sig)
    p.comm = path.slice(path.lastIndexOf('/') + 1).slice(0, 15)
    task.comm = p.comm
    if ('image' in target) {
      if (!this._loadImage(p, target.image, argv, envp)) this._exitProcess(p, waitStatus({ signo: signalNumber('SIGSEGV') }))
    } else {
      p.cproc = null
      p.mem = null
      p.threads = []
      p.argv = argv.slice()
      p.env = envp.slice()
      this.startNative(p, target.program)
    }
    this.wake()
    return 0
  }

  /** Gives a new child its working directory and the parent's descriptors it should inherit. */
  private _inherit(parent: UProcess, p: UProcess, opts: Pick<SpawnOptions, 'stdio' | 'fds' | 'cwd'>): void {
    const cwd = opts.cwd ?? this.vfs.getcwd(parent.pid)
    this.vfs.attach(p.pid, typeof cwd === 'string' ? cwd : '/')
    const pairs = opts.fds ?? (opts.stdio ?? [0, 1, 2]).map((pfd, fd) => [fd, pfd] as const)
    const files = this.vfs.files(p.pid)!
    const parentFiles = this.vfs.files(parent.pid)
    for (const [fd, pfd] of pairs) {
      const f = parentFiles?.fds[pfd]
      while (files.fds.length <= fd) files.fds.push(null)
      if (f) {
        f.refcount++
        files.fds[fd] = f
      }
    }
  }

  /** Native programs by the path they are installed at. */
  readonly nativePrograms = new Map<string, NativeProgram>()

  /** Installs a native tool as an executable file (the shell finds it through $PATH). */
  installNative(path: string, program: NativeProgram, mode = 0o755): void {
    this.nativePrograms.set(path, program)
    this.vfs.writeFile(path, `${NATIVE_MAGIC}${path}\n`, mode)
  }

  /** Runs native code as process `p` (already attached to the VFS). */
  startNative(p: UProcess, program: NativeProgram): void {
    const ctx = new MachineProcessContext(this, p)
    p.nativeCtx = ctx
    program(ctx).then(
      (code) => {
        if (!p.zombie) this.exitNative(p, code & 0xff)
      },
      (error: unknown) => {
        this.tty.print(`pinlab: internal error in ${p.comm}: ${error instanceof Error ? error.message : String(error)}\n`)
        if (!p.zombie) this.exitNative(p, 70)
      }
    )
  }

  /**
   * execve of a path on behalf of `parent` (posix_spawn): a compiled program or an installed
   * tool. Returns the child's pid or a negative errno (ENOENT, EACCES, ENOEXEC, EAGAIN).
   */
  spawnPath(
    parent: UProcess,
    opts: { path: string; argv: readonly string[]; env: readonly string[]; cwd: string; fds: ReadonlyArray<readonly [number, number]>; pgid?: number; foreground?: boolean }
  ): number {
    const target = this._resolveExecutable(parent, opts.path)
    if (typeof target === 'number') return target
    for (const [, pfd] of opts.fds) if (typeof this.vfs.file(parent.pid, pfd) === 'number') return -ERRNO.EBADF
    const pgidFor = (pid: number) => (opts.pgid === undefined ? parent.pgid : opts.pgid === 0 ? pid : opts.pgid)
    if ('program' in target) {
      if (this.procs.size >= MAX_PROCESSES) return -ERRNO.EAGAIN
      const name = opts.path.slice(opts.path.lastIndexOf('/') + 1)
      const p = this._newProcess(name, parent.uid, parent)
      p.pgid = pgidFor(p.pid)
      p.argv = opts.argv.slice()
      p.env = opts.env.slice()
      this._inherit(parent, p, { fds: opts.fds, cwd: opts.cwd })
      // tcsetpgrp before the child runs, so Ctrl-C reaches it from its first instruction.
      if (opts.foreground) this.tty.foregroundPgrp = p.pgid
      this.startNative(p, target.program)
      return p.pid
    }
    const p = this.spawnImage(target.image, {
      parent,
      argv: [...opts.argv],
      envp: [...opts.env],
      fds: opts.fds,
      cwd: opts.cwd,
      pgid: opts.pgid,
      foreground: opts.foreground
    })
    return typeof p === 'number' ? p : p.pid
  }

  /** Called when a program asks for `reboot --kernel V` (the session swaps the machine). */
  onRebootRequest: ((kernel: KernelVersion) => void) | null = null

  /** Kernel state for ps, free, vmstat and dmesg. */
  systemInfo(): SystemInfo {
    return machineSystemInfo(this)
  }

  /** The C side of fork(): clones the process (the kernel copies the mm per its version). */
  forkC(parent: UProcess, thread: Thread, cloneProc: (mem: TaskMemory) => { child: Thread; cproc: NonNullable<UProcess['cproc']> }): UProcess | number {
    if (this.procs.size >= MAX_PROCESSES) return -ERRNO.EAGAIN
    const task = this.kernel.fork(threadHost(thread).task)
    if (typeof task === 'number') return task
    const p = new UProcess(task.pid, parent.pid, parent.pgid, task, parent.comm)
    this.procs.set(p.pid, p)
    parent.children.add(p.pid)
    this.vfs.fork(parent.pid, p.pid)
    p.mem = new TaskMemory(this.kernel, task)
    const { child, cproc } = cloneProc(p.mem)
    p.cproc = cproc
    cproc.host = p
    p.env = parent.env.slice()
    p.argv = parent.argv.slice()
    p.envpAddr = parent.envpAddr
    p.tlsBase = parent.tlsBase
    for (const [sig, h] of parent.handlers) p.handlers.set(sig, h)
    const errnoAddr = threadHost(thread).errnoAddr
    this._adoptThread(p, child, task, errnoAddr)
    this.wake()
    return p
  }

  /** Sends a signal to one process. Returns 0 or a negative errno. */
  kill(pid: number, signo: number): number {
    const p = this.procs.get(pid)
    if (!p || p.zombie) return -ERRNO.ESRCH
    if (signo === 0) return 0
    if (!signalName(signo)) return -ERRNO.EINVAL
    const handler = p.handlers.get(signo)
    if (signo !== 9 && handler === 1) return 0 // SIG_IGN
    if (p.isC) {
      if (!handler && defaultAction(signo) === 'ignore') return 0
      const name = signalName(signo)!
      for (const t of p.threads) {
        if (t.state === 'exited') continue
        t.pendingSignal = name
        break
      }
      if (signo === 9) this._exitProcess(p, waitStatus({ signo: 9 }))
    } else if (defaultAction(signo) !== 'ignore' && p.pid !== this.init.pid) {
      this._nativeSignal(p, signo)
    }
    this.wake()
    return 0
  }

  /** Sends a signal to every process of a group. */
  killpg(pgid: number, signo: number): void {
    for (const p of [...this.procs.values()]) if (p.pgid === pgid && !p.zombie) this.kill(p.pid, signo)
  }

  /**
   * Waits for a child to exit (native callers). Resolves with [pid, wait status] and reaps it,
   * or with a negative errno when there is no such child.
   */
  waitChild(parent: UProcess, pid: number): Promise<[number, number] | number> {
    const candidates = [...parent.children].map((c) => this.procs.get(c)!).filter((c) => c && (pid === -1 || c.pid === pid))
    if (candidates.length === 0) return Promise.resolve(-ERRNO.ECHILD)
    const done = candidates.find((c) => c.zombie)
    if (done) return Promise.resolve([done.pid, this.reap(parent, done)])
    return new Promise((resolve) => {
      const onExit = () => {
        const z = candidates.find((c) => c.zombie)
        if (!z) return
        for (const c of candidates) c.exitWaiters.splice(c.exitWaiters.indexOf(onExit), 1)
        resolve([z.pid, this.reap(parent, z)])
      }
      for (const c of candidates) c.exitWaiters.push(onExit)
    })
  }

  /** Removes a zombie child and returns its wait status. */
  reap(parent: UProcess, child: UProcess): number {
    parent.children.delete(child.pid)
    this.procs.delete(child.pid)
    const task = this.kernel.task(child.pid)
    if (task) this.kernel.tasks.delete(task.pid)
    return child.status
  }

  /** Ends a process of native code (the shell's exit, a tool's return). */
  exitNative(p: UProcess, code: number): void {
    this._exitProcess(p, waitStatus({ code }))
  }

  /** Exits a C process with `status` (a wait status word). */
  exitC(p: UProcess, status: number): void {
    this._exitProcess(p, status)
  }

  // ------------------------------------------------------------------ time

  /** Resolves when the virtual clock reaches `at` (sleep for native code). */
  sleepUntil(at: number): Promise<void> {
    if (at <= this.now) return Promise.resolve()
    return new Promise((resolve) => {
      this._timers.push({ at, resolve })
      this.wake()
    })
  }

  /**
   * Runs the scheduler if it is not running, WITHOUT telling blocked threads that something
   * changed (wake() does): each retry of a blocked thread costs it virtual time, so history
   * replay's own bookkeeping (clock limits, injections, mode switches) must not cause any.
   */
  private _kick(): void {
    if (!this._pumping && !this._disposed) void this._pump()
  }

  /** Something changed that a blocked thread may be waiting for: retry blocked threads. */
  wake(): void {
    this._bump()
    if (!this._pumping && !this._disposed) void this._pump()
  }

  /**
   * Resolves at the next change that may unblock someone (data in a pipe or on the terminal, a
   * process exit, a signal, a timer): native programs wait on it where a C thread would block.
   */
  nextChange(): Promise<void> {
    return new Promise((resolve) => this._changeWaiters.push(resolve))
  }

  private _bump(): void {
    this._gen++
    if (this._changeWaiters.length === 0) return
    const waiters = this._changeWaiters
    this._changeWaiters = []
    for (const resolve of waiters) queueMicrotask(resolve)
  }

  /** Resolves when no thread can run any more (every process blocked or gone). */
  async settle(): Promise<void> {
    for (let i = 0; i < 1000 && (this._pumping || this._hasRunnable()); i++) {
      await this._yield()
      if (!this._pumping && this._hasRunnable()) void this._pump()
    }
  }

  dispose(): void {
    this._disposed = true
    this.tty.dispose()
    this._onExit.dispose()
  }

  // ------------------------------------------------------------------ scheduler

  private async _pump(): Promise<void> {
    this._pumping = true
    try {
      let sliceStart = this._hostNow()
      for (;;) {
        if (this._disposed) return
        this._deliverDueInjections()
        if (this.now >= this._clockLimit) return // replay: parked where the next step begins
        const ran = this._runRound()
        if (!ran) {
          await Promise.resolve() // let native programs react (a resolved wait, a woken reader)
          if (this._hasRunnable()) continue
          if (this._deliverDueInjections()) continue
          if (this._realtimeIdle) {
            // Interactive: while everyone sleeps, virtual time follows the wall clock, so a
            // background `sleep 100` does not finish while the learner is still typing.
            this._armIdleTimer()
            return
          }
          if (!this._advanceToNextTimer()) return
          continue
        }
        if (this._hostNow() - sliceStart >= HOST_SLICE_MS) {
          await this._yield()
          sliceStart = this._hostNow()
        }
      }
    } finally {
      this._pumping = false
    }
  }

  /**
   * Delivers the injections whose clock has come (see injectAtClock); true when it delivered
   * any. The clock never jumps to an injection: in the recording, keystrokes reached an idle
   * machine at the clock it stood at (idle time only moves at timers), so a replayed one is due
   * exactly when the replay reaches the same point.
   */
  private _deliverDueInjections(): boolean {
    let delivered = false
    while (this._injections.length > 0 && this._injections[0]!.at <= this.now) {
      const { deliver } = this._injections.shift()!
      deliver() // what it delivers wakes whom it concerns (tty input bumps, as typing does)
      delivered = true
    }
    return delivered
  }

  /**
   * Runs each runnable C thread for one slice. The order is pid then thread order, or — with the
   * `random` policy — a shuffle drawn from the scheduler's seeded generator, so a seed names one
   * interleaving and replays it.
   */
  private _runRound(): boolean {
    const order: Array<[UProcess, Thread]> = []
    for (const p of [...this.procs.values()].sort((a, b) => a.pid - b.pid)) {
      if (p.zombie || !p.isC) continue
      for (const t of p.threads) if (this._runnable(t)) order.push([p, t])
    }
    if (this.scheduler.policy === 'random') {
      for (let i = order.length - 1; i > 0; i--) {
        const j = this._nextRandom() % (i + 1)
        const tmp = order[i]!
        order[i] = order[j]!
        order[j] = tmp
      }
    }
    for (const [p, t] of order) {
      if (p.zombie || !this._runnable(t)) continue
      this._runSlice(p, t)
    }
    return order.length > 0
  }

  /** xorshift32 for scheduling decisions (separate from the kernel's, so it never shifts them). */
  private _nextRandom(): number {
    let x = this._schedRng
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    this._schedRng = x
    return x
  }

  private _runnable(t: Thread): boolean {
    const h = threadHost(t)
    const exiting = h.proc.exitThread
    if (exiting) return t === exiting && (t.state !== 'blocked' || h.blockedGen !== this._gen)
    if (t.state === 'exited') return false
    if (t.pendingSignal) return true
    if (h.wakeAt > 0) return h.wakeAt <= this.now
    if (t.state === 'blocked') return h.blockedGen !== this._gen
    return true
  }

  private _hasRunnable(): boolean {
    for (const p of this.procs.values()) if (!p.zombie && p.isC && p.threads.some((t) => this._runnable(t))) return true
    return false
  }

  private _runSlice(p: UProcess, t: Thread): void {
    const h = threadHost(t)
    h.wakeAt = 0
    this.kernel.curPid = h.task.pid
    if (p.exitThread === t && t.state !== 'ready') {
      this._continueExit(p, t)
      return
    }
    const before = t.steps
    let status
    const k = this.kernel
    try {
      // The random policy also preempts at a random point of the slice, as a timer interrupt would.
      const budget = this.scheduler.policy === 'random' ? 1 + (this._nextRandom() % this.scheduler.sliceSteps) : this.scheduler.sliceSteps
      // need_resched() for the kernel's cond_resched() points: the slice is used up once the
      // thread's instructions before the syscall (Thread.sliceUsed, accounted at syscall entry)
      // plus the kernel time of this slice reach the budget.
      const clock0 = k.clock
      k.hooks.need_resched = () => t.sliceUsed + (k.clock - clock0) >= budget
      status = run(t, budget)
    } catch {
      // The VM promises not to throw; if it ever does, the program dies, not the host.
      status = 'signaled' as const
      t.signal = { signo: 'SIGILL', code: 'ILL_ILLOPC', sync: true }
      t.state = 'signaled'
    } finally {
      k.hooks.need_resched = undefined
    }
    const clockBefore = this.kernel.clock
    this.kernel.tick(Math.max(1, t.steps - before))
    // The flusher (wb_workfn) runs when a dirty_writeback_centisecs boundary passes.
    wb_timer_fn(this.kernel, clockBefore)
    if (p.zombie || (t as { replaced?: boolean }).replaced) return
    switch (status) {
      case 'blocked': {
        // sched_yield() and a syscall preempted in the kernel (cond_resched) park only until the
        // next round; anything else until the machine changes.
        const y = t as { yielding?: string }
        h.blockedGen = y.yielding === 'requested' || y.yielding === 'preempted' ? -1 : this._gen
        if (y.yielding === 'preempted') y.yielding = undefined
        break
      }
      case 'exited': {
        // Another thread may be joining this one.
        this._bump()
        const leftWithPthreadExit = (t as { pthreadExited?: boolean }).pthreadExited === true
        if (p.exitThread === t || (t.isMain && !leftWithPthreadExit) || t.proc.libc.exiting !== undefined || p.threads.every((x) => x.state === 'exited')) {
          // The last thread after main's pthread_exit ends the process with status 0.
          if (t.proc.libc.exiting === undefined && (!t.isMain || leftWithPthreadExit)) t.exitStatus = 0
          p.exitThread = t
          for (const other of p.threads) if (other !== t) other.state = 'exited'
          this._continueExit(p, t)
        }
        break
      }
      case 'signaled':
        this._handleSignal(p, t)
        break
      default:
        break
    }
  }

  /** exit(): atexit handlers, then the stdio flush (which may wait for a pipe), then the end. */
  private _continueExit(p: UProcess, t: Thread): void {
    const r = continueExit(t, t.exitStatus ?? 0)
    if (r === 'running') return
    if (r === 'blocked') {
      threadHost(t).blockedGen = this._gen
      t.state = 'blocked'
      return
    }
    this._exitProcess(p, waitStatus({ code: exitCodeOf(t) }))
  }

  private _handleSignal(p: UProcess, t: Thread): void {
    const info = t.signal!
    // A kernel oops in this task's syscall (kernel/bug.ts): make_task_dead(SIGSEGV) — no handler
    // runs, the exit status is 11 without the core bit.
    if (info.code === 'KERNEL_OOPS') {
      this._exitProcess(p, 11)
      return
    }
    const signo = signalNumber(info.signo) || 11
    const handler = p.handlers.get(signo)
    if (handler && handler !== 1 && signo !== 9) {
      if (deliverSignal(t, handler, signo)) {
        // A blocking call the handler interrupted returns EINTR (pause, sigsuspend).
        ;(t as { interrupted?: boolean }).interrupted = true
        return
      }
    }
    if (handler === 1 && !info.sync) {
      t.state = 'ready'
      t.signal = null
      return
    }
    if (!handler && defaultAction(signo) === 'ignore' && !info.sync) {
      t.state = 'ready'
      t.signal = null
      return
    }
    this._exitProcess(p, waitStatus({ signo }))
  }

  /** Sets a host timer for the next virtual wake-up; when it fires the clock jumps there. */
  private _armIdleTimer(): void {
    const next = this._nextWakeTime()
    if (next === Infinity) return
    const token = ++this._idleToken
    const delayMs = Math.max(0, (next - this.now) / 1e6)
    setTimeout(() => {
      if (token !== this._idleToken || this._disposed || this._pumping || this._hasRunnable()) return
      this._advanceToNextTimer()
      this.wake()
    }, Math.min(delayMs, 2 ** 31 - 1))
  }

  /** The earliest virtual time a sleeping thread or a native timer wakes at (Infinity: none). */
  private _nextWakeTime(): number {
    let next = Infinity
    for (const timer of this._timers) next = Math.min(next, timer.at)
    for (const p of this.procs.values()) {
      if (p.zombie || !p.isC) continue
      for (const t of p.threads) {
        const h = threadHost(t)
        if (t.state !== 'exited' && h.wakeAt > 0) next = Math.min(next, h.wakeAt)
      }
    }
    return next
  }

  /** Jumps the virtual clock to the next wake-up and fires what is due; false when none is pending. */
  private _advanceToNextTimer(): boolean {
    const next = this._nextWakeTime()
    if (next === Infinity || next > this._clockLimit) return false
    // Replay: keystrokes recorded before that timer are delivered first (the machine parks
    // until whatever they wait for — the shell starting the program — happens).
    if (this._injections.length > 0 && this._injections[0]!.at < next) return false
    const clockBefore = this.kernel.clock
    if (next > this.now) this.kernel.tick(next - this.now)
    wb_timer_fn(this.kernel, clockBefore)
    const due = this._timers.filter((timer) => timer.at <= this.now)
    this._timers = this._timers.filter((timer) => timer.at > this.now)
    for (const timer of due) timer.resolve()
    this._bump()
    return true
  }

  // ------------------------------------------------------------------ internals

  private _newProcess(comm: string, uid: number, parent: UProcess | null, pgid?: number): UProcess {
    const task = this.kernel.createProcess({ comm, uid, parent: parent?.pid ?? 0 })
    const p = new UProcess(task.pid, parent?.pid ?? 0, pgid ?? parent?.pgid ?? task.pid, task, comm)
    this.procs.set(p.pid, p)
    parent?.children.add(p.pid)
    return p
  }

  private _adoptThread(p: UProcess, t: Thread, task: ThreadHost['task'], errnoAddr?: number): void {
    const host: ThreadHost = {
      machine: this,
      task,
      proc: p,
      wakeAt: 0,
      blockedGen: -1,
      errnoAddr: errnoAddr ?? 0
    }
    t.host = host
    p.threads.push(t)
  }

  private _nativeSignal(p: UProcess, signo: number): void {
    const ctx = p.nativeCtx
    if (!ctx) return
    ctx.deliver(signo)
    if (ctx.killed && !p.zombie) this._exitProcess(p, waitStatus({ signo }))
  }

  private _exitProcess(p: UProcess, status: number): void {
    if (p.zombie) return
    p.zombie = true
    p.status = status
    for (const t of p.threads) finishDirectIo(this.kernel, t)
    for (const t of p.threads) t.state = 'exited'
    for (const t of p.threads) {
      const task = threadHost(t)?.task
      if (task && task !== p.task && !task.exited) this.kernel.exit(task, status)
    }
    if (!p.task.exited) this.kernel.exit(p.task, status)
    this.vfs.exit(p.pid)
    // Orphans are re-parented to init, which reaps them.
    for (const c of p.children) {
      const child = this.procs.get(c)
      if (!child) continue
      child.ppid = this.init.pid
      this.init.children.add(c)
      if (child.zombie) this.reap(this.init, child)
    }
    p.children.clear()
    const parent = this.procs.get(p.ppid)
    if (!parent || parent === this.init) this.reap(this.init, p)
    for (const waiter of p.exitWaiters.slice()) waiter(status)
    this._onExit.fire(p)
    this._bump()
  }
}
