/**
 * An in-memory implementation of the OS interface (os.ts): a file system, pipes, a terminal,
 * processes with descriptor tables and signals, users and rlimits, a virtual clock.
 *
 * It is the stand-in for the simulated kernel in the shell's and tools' tests, and lets the
 * shell run before the kernel implements `ProcessContext`. It is deliberately simple: no page
 * cache, no scheduler (programs are async functions interleaved by the host's event loop), and
 * permission checks only on the owner/other bits.
 */
import {
  EACCES, EBADF, ECHILD, ENOSPC, EEXIST, EINTR, EINVAL, EISDIR, ENOENT, ENOEXEC, ENOTDIR, ENOTTY, EPERM, EPIPE, ESRCH,
  O_ACCMODE, O_APPEND, O_CREAT, O_DIRECTORY, O_EXCL, O_RDONLY, O_TRUNC, O_WRONLY,
  RLIMIT_CORE, RLIMIT_CPU, RLIMIT_DATA, RLIMIT_FSIZE, RLIMIT_MEMLOCK, RLIMIT_MSGQUEUE, RLIMIT_NICE, RLIMIT_NOFILE,
  RLIMIT_NPROC, RLIMIT_RTPRIO, RLIMIT_RTTIME, RLIMIT_SIGPENDING, RLIMIT_STACK, RLIMIT_AS,
  S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, SIGINT, SIGKILL, SIGPIPE,
  getenv, utf8,
  type KernelLogLine, type NativeProgram, type Passwd, type ProcessContext, type SpawnOptions, type Stat,
  type SystemInfo, type Utsname, type WaitStatus
} from './os'
import { resolve } from './glob'

interface Inode {
  ino: number
  mode: number
  uid: number
  gid: number
  mtimeMs: number
  nlink: number
  data: Uint8Array
  children?: Map<string, Inode>
  program?: NativeProgram
  target?: string
  device?: 'tty' | 'null' | 'zero'
  rdev?: number
}

class Pipe {
  buffer: number[] = []
  readers = 0
  writers = 0
  private waiters: Array<() => void> = []
  static readonly CAPACITY = 65536
  notify(): void {
    const w = this.waiters
    this.waiters = []
    for (const f of w) f()
  }
  wait(): Promise<void> {
    return new Promise((r) => this.waiters.push(r))
  }
}

interface OpenFile {
  kind: 'file' | 'dir' | 'pipe-r' | 'pipe-w' | 'tty' | 'null' | 'zero'
  inode?: Inode
  pipe?: Pipe
  flags: number
  pos: number
  refs: number
}

/** The terminal: output accumulates (with \n → \r\n as the tty's ONLCR), input is queued. */
export class FakeTty {
  output = ''
  private input: number[] = []
  private eof = false
  private waiters: Array<() => void> = []
  fgpgrp = 0
  constructor(private readonly os: FakeOs) {}

  /** Keyboard input while a program reads the terminal; `\x03` sends SIGINT to the foreground group, `\x04` is end of file. */
  type(text: string): void {
    for (const ch of text) {
      if (ch === '\x03') {
        this.input = []
        this.output += '^C'
        if (this.fgpgrp > 0) this.os.signalGroup(this.fgpgrp, SIGINT)
      } else if (ch === '\x04') this.eof = true
      else {
        const c = ch === '\r' ? '\n' : ch
        this.input.push(...utf8(c))
        this.output += c === '\n' ? '\r\n' : c
      }
    }
    this.notify()
  }

  writeBytes(bytes: Uint8Array): void {
    this.output += new TextDecoder().decode(bytes).replace(/\r?\n/g, '\r\n')
  }

  async read(count: number, proc: FakeProcess): Promise<Uint8Array | number> {
    const caught = proc.caught
    for (;;) {
      if (proc.killed || proc.caught !== caught) return -EINTR
      const nl = this.input.indexOf(10)
      if (nl >= 0 || this.input.length >= count) {
        const n = Math.min(count, nl >= 0 ? nl + 1 : count)
        return Uint8Array.from(this.input.splice(0, n))
      }
      if (this.eof) {
        this.eof = false
        return Uint8Array.from(this.input.splice(0, count))
      }
      await proc.interruptible(new Promise<void>((r) => this.waiters.push(r)))
    }
  }

  private notify(): void {
    const w = this.waiters
    this.waiters = []
    for (const f of w) f()
  }
}

export interface FakeOsOptions {
  /** `uname -r`; default `6.18.0-pinlab`. */
  release?: string
  hostname?: string
  /** How a long loop lets the host run; tests pass a setTimeout-based one to deliver Ctrl-C. */
  yieldToHost?: () => Promise<void>
  /** Kernel versions `reboot --kernel` accepts. */
  kernels?: readonly string[]
  system?: SystemInfo
}

export class FakeProcess {
  fds = new Map<number, OpenFile>()
  status: WaitStatus | null = null
  killed = false
  private exitWaiters: Array<() => void> = []
  private interrupters = new Set<() => void>()
  readonly handlers = new Map<number, (signal: number) => void>()
  /** Counts caught signals: a blocking call that sees it change returns -EINTR (no SA_RESTART). */
  caught = 0
  savedUid: number
  rlimits: Map<number, [number, number]>
  constructor(
    readonly pid: number,
    readonly ppid: number,
    public pgid: number,
    public uid: number,
    public cwd: string,
    public argv: readonly string[],
    public env: readonly string[],
    rlimits: Map<number, [number, number]>
  ) {
    this.rlimits = new Map(rlimits)
    this.savedUid = uid
  }

  finish(status: WaitStatus): void {
    if (this.status !== null) return
    this.status = status
    const w = this.exitWaiters
    this.exitWaiters = []
    for (const f of w) f()
  }

  waitExit(): Promise<void> {
    if (this.status !== null) return Promise.resolve()
    return new Promise((r) => this.exitWaiters.push(r))
  }

  /** Awaits `p` unless a signal interrupts it first. */
  async interruptible(p: Promise<void>): Promise<void> {
    let cancel: () => void = () => {}
    const stop = new Promise<void>((r) => {
      cancel = r
    })
    this.interrupters.add(cancel)
    try {
      await Promise.race([p, stop])
    } finally {
      this.interrupters.delete(cancel)
    }
  }

  interrupt(): void {
    for (const f of this.interrupters) f()
  }
}

const DEFAULT_LIMITS: Array<[number, number, number]> = [
  [RLIMIT_CORE, 0, Infinity],
  [RLIMIT_DATA, Infinity, Infinity],
  [RLIMIT_FSIZE, Infinity, Infinity],
  [RLIMIT_SIGPENDING, 31_367, 31_367],
  [RLIMIT_MEMLOCK, 8 * 1024 * 1024, 8 * 1024 * 1024],
  [RLIMIT_NOFILE, 1024, 1_048_576],
  [RLIMIT_MSGQUEUE, 819_200, 819_200],
  [RLIMIT_RTPRIO, 0, 0],
  [RLIMIT_STACK, 8 * 1024 * 1024, Infinity],
  [RLIMIT_CPU, Infinity, Infinity],
  [RLIMIT_NPROC, 31_367, 31_367],
  [RLIMIT_AS, Infinity, Infinity],
  [RLIMIT_NICE, 0, 0],
  [RLIMIT_RTTIME, Infinity, Infinity]
]

export class FakeOs {
  /** Largest file the in-memory file system holds. */
  static readonly MAX_FILE_SIZE = 64 << 20
  readonly root: Inode
  readonly tty: FakeTty
  readonly processes = new Map<number, FakeProcess>()
  readonly rebootRequests: string[] = []
  readonly kernelLog: KernelLogLine[] = []
  readonly users: Passwd[] = [
    { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash' },
    { name: 'student', uid: 1000, gid: 1000, home: '/home/student', shell: '/bin/bash' }
  ]
  /** Virtual clock, milliseconds since boot. */
  clock = 0
  /** The wall-clock time of boot (2026-01-01T00:00:00Z unless set), for mtimes and `ls -l`. */
  epochMs = Date.UTC(2026, 0, 1)
  release: string
  hostname: string
  private nextIno = 1
  private nextPid = 1
  private readonly yieldToHost: () => Promise<void>
  private readonly kernels: readonly string[]
  readonly system: SystemInfo | undefined

  constructor(options: FakeOsOptions = {}) {
    this.release = options.release ?? '6.18.0-pinlab'
    this.hostname = options.hostname ?? 'pinlab'
    this.yieldToHost = options.yieldToHost ?? (() => Promise.resolve())
    this.kernels = options.kernels ?? ['3.2', '4.4', '4.19', '5.4', '5.8', '5.10', '6.1', '6.6', '6.18']
    this.system = options.system
    this.root = this.newInode(S_IFDIR | 0o755, 0)
    this.root.children = new Map()
    this.tty = new FakeTty(this)
    for (const d of ['/bin', '/usr', '/usr/bin', '/tmp', '/root', '/home', '/dev', '/etc', '/proc']) this.mkdir(d)
    this.lookup('/tmp')!.mode = S_IFDIR | 0o1777
    this.mkdir('/home/student', 0o755, 1000)
    const tty = this.mknod('/dev/tty', 'tty', (5 << 8) | 0)
    tty.mode = S_IFCHR | 0o666
    this.mknod('/dev/null', 'null', (1 << 8) | 3).mode = S_IFCHR | 0o666
    this.mknod('/dev/zero', 'zero', (1 << 8) | 5).mode = S_IFCHR | 0o666
  }

  private newInode(mode: number, uid: number): Inode {
    return { ino: this.nextIno++, mode, uid, gid: uid, mtimeMs: this.epochMs + this.clock, nlink: 1, data: new Uint8Array(0) }
  }

  // ---------- file system helpers for tests and set-up ----------

  lookup(path: string, follow = true, depth = 0): Inode | null {
    const r = this.walk(path, follow, depth)
    return typeof r === 'number' ? null : r
  }

  /** Resolves an absolute path; returns the inode or a positive errno. */
  private walk(path: string, follow = true, depth = 0): Inode | number {
    if (depth > 40) return 40
    const parts = path.split('/').filter((p) => p !== '' && p !== '.')
    let node = this.root
    const stack: Inode[] = []
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!
      if ((node.mode & S_IFMT) !== S_IFDIR) return ENOTDIR
      if (p === '..') {
        node = stack.pop() ?? this.root
        continue
      }
      const child = node.children!.get(p)
      if (child === undefined) return ENOENT
      if ((child.mode & S_IFMT) === S_IFLNK && (follow || i < parts.length - 1)) {
        const base = '/' + parts.slice(0, i).join('/')
        const target = resolve(base, child.target!)
        const rest = parts.slice(i + 1).join('/')
        return this.walk(rest === '' ? target : target + '/' + rest, follow, depth + 1)
      }
      stack.push(node)
      node = child
    }
    return node
  }

  private parentOf(path: string): { dir: Inode; name: string } | number {
    const abs = resolve('/', path)
    const slash = abs.lastIndexOf('/')
    const name = abs.slice(slash + 1)
    const dir = this.walk(abs.slice(0, slash) || '/')
    if (typeof dir === 'number') return dir
    if ((dir.mode & S_IFMT) !== S_IFDIR) return ENOTDIR
    if (name === '') return EEXIST
    return { dir, name }
  }

  mkdir(path: string, perm = 0o755, uid = 0): Inode {
    const existing = this.lookup(path)
    if (existing !== null) return existing
    const p = this.parentOf(path)
    if (typeof p === 'number') throw new Error(`mkdir ${path}: errno ${p}`)
    const node = this.newInode(S_IFDIR | perm, uid)
    node.children = new Map()
    node.nlink = 2
    p.dir.children!.set(p.name, node)
    p.dir.nlink++ // the new directory's `..`
    return node
  }

  writeFile(path: string, content: string | Uint8Array, perm = 0o644, uid = 0): Inode {
    const p = this.parentOf(path)
    if (typeof p === 'number') throw new Error(`writeFile ${path}: errno ${p}`)
    const node = p.dir.children!.get(p.name) ?? this.newInode(S_IFREG | perm, uid)
    node.data = typeof content === 'string' ? utf8(content) : content
    node.mtimeMs = this.epochMs + this.clock
    p.dir.children!.set(p.name, node)
    return node
  }

  readFile(path: string): string | null {
    const node = this.lookup(path)
    return node === null ? null : new TextDecoder().decode(node.data)
  }

  symlink(target: string, path: string): void {
    const p = this.parentOf(path)
    if (typeof p === 'number') throw new Error(`symlink ${path}: errno ${p}`)
    const node = this.newInode(S_IFLNK | 0o777, 0)
    node.target = target
    node.data = utf8(target)
    p.dir.children!.set(p.name, node)
  }

  /** Installs a native program as an executable file (mode 0755 by default). */
  installProgram(path: string, program: NativeProgram, perm = 0o755): void {
    const node = this.writeFile(path, `#!native ${path}\n`, perm)
    node.program = program
  }

  private mknod(path: string, device: 'tty' | 'null' | 'zero', rdev: number): Inode {
    const p = this.parentOf(path)
    if (typeof p === 'number') throw new Error(`mknod ${path}`)
    const node = this.newInode(S_IFCHR | 0o620, 0)
    node.device = device
    node.rdev = rdev
    p.dir.children!.set(p.name, node)
    return node
  }

  // ---------- processes ----------

  /**
   * Creates a process whose descriptors 0, 1 and 2 are the terminal (a login shell, or a test's
   * program), and returns its system-call interface.
   */
  createProcess(options: { argv?: readonly string[]; env?: readonly string[]; cwd?: string; uid?: number } = {}): FakeContext {
    const pid = this.nextPid++
    const limits = new Map<number, [number, number]>(DEFAULT_LIMITS.map(([r, s, h]) => [r, [s, h]]))
    const proc = new FakeProcess(pid, 0, pid, options.uid ?? 0, options.cwd ?? '/root', options.argv ?? ['-bash'], options.env ?? [], limits)
    const ttyNode = this.lookup('/dev/tty')!
    const ttyFile: OpenFile = { kind: 'tty', inode: ttyNode, flags: 2, pos: 0, refs: 3 }
    for (const fd of [0, 1, 2]) proc.fds.set(fd, ttyFile)
    this.processes.set(pid, proc)
    this.tty.fgpgrp = pid
    return new FakeContext(this, proc)
  }

  /** Runs a program in a fresh process attached to the terminal and returns its wait status. */
  async run(program: NativeProgram, argv: readonly string[], options: { env?: readonly string[]; cwd?: string; uid?: number } = {}): Promise<WaitStatus> {
    const ctx = this.createProcess({ ...options, argv })
    await this.execute(ctx.proc, program)
    return ctx.proc.status!
  }

  /**
   * Runs a program with standard input from a pipe holding `stdin` (closed after it), and
   * standard output and error captured; for tests and for non-interactive runs.
   */
  async runCaptured(
    program: NativeProgram,
    argv: readonly string[],
    options: { stdin?: string | Uint8Array; env?: readonly string[]; cwd?: string; uid?: number } = {}
  ): Promise<{ stdout: Uint8Array; stderr: Uint8Array; status: WaitStatus }> {
    const ctx = this.createProcess({ ...options, argv })
    const proc = ctx.proc
    for (const fd of [0, 1, 2]) this.closeFd(proc, fd)
    const pipe = new Pipe()
    const input = options.stdin === undefined ? new Uint8Array(0) : typeof options.stdin === 'string' ? utf8(options.stdin) : options.stdin
    for (const b of input) pipe.buffer.push(b)
    pipe.readers = 1
    proc.fds.set(0, { kind: 'pipe-r', pipe, flags: O_RDONLY, pos: 0, refs: 1 })
    const out = this.newInode(S_IFREG | 0o600, 0)
    const err = this.newInode(S_IFREG | 0o600, 0)
    proc.fds.set(1, { kind: 'file', inode: out, flags: O_WRONLY, pos: 0, refs: 1 })
    proc.fds.set(2, { kind: 'file', inode: err, flags: O_WRONLY, pos: 0, refs: 1 })
    await this.execute(proc, program)
    return { stdout: out.data, stderr: err.data, status: proc.status! }
  }

  async execute(proc: FakeProcess, program: NativeProgram): Promise<void> {
    let code = 1
    try {
      code = await program(new FakeContext(this, proc))
    } catch (e) {
      // A program that throws is a bug in that program: the process dies as if it had crashed.
      this.kernelLog.push({ time: this.clock / 1000, level: 1, text: `${proc.argv[0] ?? '?'}: ${String(e)}` })
      if (proc.status === null) proc.finish({ kind: 'signaled', signal: 11, core: true })
    }
    this.exitProcess(proc, { kind: 'exited', code: code & 0xff })
  }

  exitProcess(proc: FakeProcess, status: WaitStatus): void {
    if (proc.status !== null && status.kind === 'exited') {
      // already killed by a signal: keep that status, but release its descriptors
    } else proc.finish(status)
    for (const fd of [...proc.fds.keys()]) this.closeFd(proc, fd)
  }

  signal(proc: FakeProcess, signal: number): void {
    if (proc.status !== null) return
    const handler = proc.handlers.get(signal)
    if (handler !== undefined && signal !== SIGKILL) {
      proc.caught++
      proc.interrupt()
      handler(signal)
      return
    }
    proc.killed = true
    proc.finish({ kind: 'signaled', signal, core: signal === 11 || signal === 6 || signal === 7 || signal === 3 })
    proc.interrupt()
    for (const fd of [...proc.fds.keys()]) this.closeFd(proc, fd)
  }

  signalGroup(pgid: number, signal: number): number {
    let n = 0
    for (const p of this.processes.values()) {
      if (p.pgid === pgid && p.status === null) {
        this.signal(p, signal)
        n++
      }
    }
    return n
  }

  newPid(): number {
    return this.nextPid++
  }

  yield(): Promise<void> {
    return this.yieldToHost()
  }

  acceptsKernel(v: string): boolean {
    return this.kernels.includes(v)
  }

  // ---------- descriptors ----------

  closeFd(proc: FakeProcess, fd: number): number {
    const f = proc.fds.get(fd)
    if (f === undefined) return -EBADF
    proc.fds.delete(fd)
    f.refs--
    if (f.refs === 0 && f.pipe !== undefined) {
      if (f.kind === 'pipe-r') f.pipe.readers--
      else f.pipe.writers--
      f.pipe.notify()
    }
    return 0
  }

  canAccess(proc: FakeProcess, node: Inode, want: 4 | 2 | 1): boolean {
    if (proc.uid === 0) return want !== 1 || (node.mode & 0o111) !== 0 || (node.mode & S_IFMT) === S_IFDIR
    const bits = node.uid === proc.uid ? (node.mode >> 6) & 7 : node.mode & 7
    return (bits & want) !== 0
  }

  openFile(proc: FakeProcess, path: string, flags: number, mode: number): OpenFile | number {
    const abs = resolve(proc.cwd, path)
    let node = this.walk(abs)
    if (node === ENOENT && (flags & O_CREAT) !== 0) {
      const p = this.parentOf(abs)
      if (typeof p === 'number') return -p
      if (!this.canAccess(proc, p.dir, 2)) return -EACCES
      const created = this.newInode(S_IFREG | (mode & 0o777 & ~0o022), proc.uid)
      p.dir.children!.set(p.name, created)
      node = created
    } else if (typeof node !== 'number' && (flags & O_CREAT) !== 0 && (flags & O_EXCL) !== 0) return -EEXIST
    if (typeof node === 'number') return -node
    const acc = flags & O_ACCMODE
    const type = node.mode & S_IFMT
    if (type === S_IFDIR) {
      if (acc !== O_RDONLY) return -EISDIR
      return { kind: 'dir', inode: node, flags, pos: 0, refs: 1 }
    }
    if ((flags & O_DIRECTORY) !== 0) return -ENOTDIR
    if ((acc === O_RDONLY || acc === 2) && !this.canAccess(proc, node, 4)) return -EACCES
    if (acc !== O_RDONLY && !this.canAccess(proc, node, 2)) return -EACCES
    if (node.device !== undefined) return { kind: node.device, inode: node, flags, pos: 0, refs: 1 }
    if ((flags & O_TRUNC) !== 0 && acc !== O_RDONLY) {
      node.data = new Uint8Array(0)
      node.mtimeMs = this.epochMs + this.clock
    }
    return { kind: 'file', inode: node, flags, pos: 0, refs: 1 }
  }

  statOf(path: string, cwd: string, follow: boolean): Stat | number {
    const node = this.walk(resolve(cwd, path), follow)
    if (typeof node === 'number') return -node
    const size = (node.mode & S_IFMT) === S_IFDIR ? 4096 : node.data.length
    return {
      ino: node.ino,
      mode: node.mode,
      nlink: node.nlink,
      uid: node.uid,
      gid: node.gid,
      size,
      mtimeMs: node.mtimeMs,
      ...(node.rdev !== undefined ? { rdev: node.rdev } : {}),
      // short symlinks live in the inode (ext4 "fast symlinks") and take no blocks
      blocks: (node.mode & S_IFMT) === S_IFLNK && size < 60 ? 0 : Math.ceil(size / 4096) * 8
    }
  }

  readdirOf(path: string, cwd: string): string[] | number {
    const node = this.walk(resolve(cwd, path))
    if (typeof node === 'number') return -node
    if ((node.mode & S_IFMT) !== S_IFDIR) return -ENOTDIR
    return [...node.children!.keys()]
  }

  async spawn(parent: FakeProcess, options: SpawnOptions): Promise<number> {
    const node = this.walk(resolve(parent.cwd, options.path))
    if (typeof node === 'number') return -node
    if ((node.mode & S_IFMT) === S_IFDIR) return -EACCES
    if (!this.canAccess(parent, node, 1)) return -EACCES
    if (node.program === undefined) return -ENOEXEC
    for (const [, pfd] of options.fds) if (!parent.fds.has(pfd)) return -EBADF
    const pid = this.nextPid++
    const pgid = options.pgid === undefined ? parent.pgid : options.pgid === 0 ? pid : options.pgid
    const child = new FakeProcess(pid, parent.pid, pgid, parent.uid, options.cwd, options.argv, options.env, parent.rlimits)
    for (const [cfd, pfd] of options.fds) {
      const f = parent.fds.get(pfd)!
      f.refs++
      child.fds.set(cfd, f)
    }
    this.processes.set(pid, child)
    if (options.foreground === true && parent.fds.get(0)?.kind === 'tty') this.tty.fgpgrp = pgid
    void this.execute(child, node.program)
    return pid
  }

  async readFd(proc: FakeProcess, fd: number, count: number): Promise<Uint8Array | number> {
    const f = proc.fds.get(fd)
    if (f === undefined) return -EBADF
    if ((f.flags & O_ACCMODE) === O_WRONLY || f.kind === 'pipe-w') return -EBADF
    switch (f.kind) {
      case 'null':
        return new Uint8Array(0)
      case 'zero':
        return new Uint8Array(Math.min(count, 65536))
      case 'tty':
        return this.tty.read(count, proc)
      case 'dir':
        return -EISDIR
      case 'file': {
        const data = f.inode!.data
        const out = data.slice(f.pos, f.pos + count)
        f.pos += out.length
        return out
      }
      case 'pipe-r': {
        const pipe = f.pipe!
        const caught = proc.caught
        for (;;) {
          if (proc.killed || proc.caught !== caught) return -EINTR
          if (pipe.buffer.length > 0) {
            const out = Uint8Array.from(pipe.buffer.splice(0, count))
            pipe.notify()
            return out
          }
          if (pipe.writers === 0) return new Uint8Array(0)
          await proc.interruptible(pipe.wait())
        }
      }
    }
    return -EBADF
  }

  async writeFd(proc: FakeProcess, fd: number, data: Uint8Array): Promise<number> {
    const f = proc.fds.get(fd)
    if (f === undefined) return -EBADF
    if ((f.flags & O_ACCMODE) === O_RDONLY && f.kind !== 'tty' && f.kind !== 'pipe-w') return -EBADF
    switch (f.kind) {
      case 'null':
      case 'zero':
        return data.length
      case 'tty':
        this.tty.writeBytes(data)
        return data.length
      case 'dir':
      case 'pipe-r':
        return -EBADF
      case 'file': {
        const node = f.inode!
        if ((f.flags & O_APPEND) !== 0) f.pos = node.data.length
        const end = f.pos + data.length
        // The in-memory file system is small: a runaway writer gets ENOSPC, not the host's memory.
        if (end > FakeOs.MAX_FILE_SIZE) return -ENOSPC
        if (end > node.data.length) {
          // Grow geometrically inside a larger backing buffer, so appends are not quadratic.
          const backing = node.data.buffer
          if (node.data.byteOffset === 0 && backing.byteLength >= end && GROWN.has(backing)) {
            node.data = new Uint8Array(backing, 0, end)
          } else {
            const grown = new Uint8Array(Math.max(end, node.data.length * 2, 4096))
            grown.set(node.data)
            GROWN.add(grown.buffer)
            node.data = grown.subarray(0, end)
          }
        }
        node.data.set(data, f.pos)
        f.pos = end
        node.mtimeMs = this.epochMs + this.clock
        return data.length
      }
      case 'pipe-w': {
        const pipe = f.pipe!
        let off = 0
        const caught = proc.caught
        while (off < data.length) {
          if (proc.killed || proc.caught !== caught) return off > 0 ? off : -EINTR
          if (pipe.readers === 0) {
            this.signal(proc, SIGPIPE)
            return -EPIPE
          }
          const room = Pipe.CAPACITY - pipe.buffer.length
          if (room > 0) {
            const n = Math.min(room, data.length - off)
            for (let i = 0; i < n; i++) pipe.buffer.push(data[off + i]!)
            off += n
            pipe.notify()
            continue
          }
          await proc.interruptible(pipe.wait())
        }
        return data.length
      }
    }
    return -EBADF
  }

  makePipe(proc: FakeProcess): [number, number] | number {
    const pipe = new Pipe()
    pipe.readers = 1
    pipe.writers = 1
    const r = lowestFree(proc)
    proc.fds.set(r, { kind: 'pipe-r', pipe, flags: O_RDONLY, pos: 0, refs: 1 })
    const w = lowestFree(proc)
    proc.fds.set(w, { kind: 'pipe-w', pipe, flags: O_WRONLY, pos: 0, refs: 1 })
    return [r, w]
  }

  installFd(proc: FakeProcess, f: OpenFile): number {
    const fd = lowestFree(proc)
    proc.fds.set(fd, f)
    return fd
  }

  isPipe(f: OpenFile): boolean {
    return f.kind === 'pipe-r' || f.kind === 'pipe-w'
  }

  fifoMode(): number {
    return S_IFIFO
  }
}

/** Backing buffers the file writes allocated (and may therefore extend in place). */
const GROWN = new WeakSet<ArrayBufferLike>()

function lowestFree(proc: FakeProcess): number {
  let fd = 0
  while (proc.fds.has(fd)) fd++
  return fd
}

/** The ProcessContext of one FakeProcess. */
export class FakeContext implements ProcessContext {
  constructor(
    readonly os: FakeOs,
    readonly proc: FakeProcess
  ) {}

  get pid(): number {
    return this.proc.pid
  }
  get argv(): readonly string[] {
    return this.proc.argv
  }
  get env(): readonly string[] {
    return this.proc.env
  }
  get cwd(): string {
    return this.proc.cwd
  }
  get killed(): boolean {
    return this.proc.killed
  }
  get system(): SystemInfo | undefined {
    return this.os.system
  }

  read(fd: number, count: number): Promise<Uint8Array | number> {
    return this.os.readFd(this.proc, fd, count)
  }
  write(fd: number, data: Uint8Array | string): Promise<number> {
    return this.os.writeFd(this.proc, fd, typeof data === 'string' ? utf8(data) : data)
  }
  async open(path: string, flags: number, mode = 0o666): Promise<number> {
    const f = this.os.openFile(this.proc, path, flags, mode)
    if (typeof f === 'number') return f
    return this.os.installFd(this.proc, f)
  }
  close(fd: number): number {
    return this.os.closeFd(this.proc, fd)
  }
  dup(fd: number): number {
    const f = this.proc.fds.get(fd)
    if (f === undefined) return -EBADF
    f.refs++
    return this.os.installFd(this.proc, f)
  }
  dup2(oldfd: number, newfd: number): number {
    const f = this.proc.fds.get(oldfd)
    if (f === undefined || newfd < 0) return -EBADF
    if (oldfd === newfd) return newfd
    if (this.proc.fds.has(newfd)) this.os.closeFd(this.proc, newfd)
    f.refs++
    this.proc.fds.set(newfd, f)
    return newfd
  }
  pipe(): [number, number] | number {
    return this.os.makePipe(this.proc)
  }
  isatty(fd: number): boolean {
    return this.proc.fds.get(fd)?.kind === 'tty'
  }
  async stat(path: string): Promise<Stat | number> {
    return this.os.statOf(path, this.proc.cwd, true)
  }
  async chdir(path: string): Promise<number> {
    const abs = resolve(this.proc.cwd, path)
    const st = this.os.statOf(abs, '/', true)
    if (typeof st === 'number') return st
    if ((st.mode & S_IFMT) !== S_IFDIR) return -ENOTDIR
    this.proc.cwd = abs
    return 0
  }
  async lstat(path: string): Promise<Stat | number> {
    return this.os.statOf(path, this.proc.cwd, false)
  }
  async readdir(path: string): Promise<string[] | number> {
    return this.os.readdirOf(path, this.proc.cwd)
  }
  async readlink(path: string): Promise<string | number> {
    const node = this.os.lookup(resolve(this.proc.cwd, path), false)
    if (node === null) return -ENOENT
    return node.target ?? -EINVAL
  }
  spawn(options: SpawnOptions): Promise<number> {
    return this.os.spawn(this.proc, options)
  }
  async wait(pid: number): Promise<WaitStatus | number> {
    const child = this.os.processes.get(pid)
    if (child === undefined || child.ppid !== this.proc.pid) return -ECHILD
    await child.waitExit()
    this.os.processes.delete(pid)
    return child.status!
  }
  kill(pid: number, signal: number): number {
    if (pid < 0) return this.os.signalGroup(-pid, signal) > 0 ? 0 : -ESRCH
    const p = this.os.processes.get(pid)
    if (p === undefined || p.status !== null) return -ESRCH
    if (this.proc.uid !== 0 && p.uid !== this.proc.uid) return -EPERM
    if (signal === 0) return 0
    this.os.signal(p, signal)
    return 0
  }
  tcsetpgrp(pgid: number): number {
    if (!this.isatty(0)) return -ENOTTY
    this.os.tty.fgpgrp = pgid
    return 0
  }
  tcgetpgrp(): number {
    return this.os.tty.fgpgrp
  }
  sched_yield(): Promise<void> {
    return this.os.yield()
  }
  now(): number {
    return this.os.epochMs + this.os.clock
  }
  async sleep(ms: number): Promise<number> {
    // The virtual clock advances by the requested time unless a signal arrives first.
    await this.os.yield()
    if (this.proc.killed) return -EINTR
    this.os.clock += Math.max(0, ms)
    return 0
  }
  getuid(): number {
    return this.proc.uid
  }
  sigaction(signal: number, handler: ((signal: number) => void) | null): number {
    if (signal === SIGKILL || signal <= 0 || signal > 64) return -EINVAL
    if (handler === null) this.proc.handlers.delete(signal)
    else this.proc.handlers.set(signal, handler)
    return 0
  }
  setuid(uid: number): number {
    if (this.proc.uid !== 0 && this.proc.savedUid !== 0 && uid !== this.proc.uid) return -EPERM
    this.proc.uid = uid
    return 0
  }
  getpwnam(name: string): Passwd | undefined {
    return this.os.users.find((u) => u.name === name)
  }
  getpwuid(uid: number): Passwd | undefined {
    return this.os.users.find((u) => u.uid === uid)
  }
  getrlimit(resource: number): [number, number] | number {
    return this.proc.rlimits.get(resource) ?? -EINVAL
  }
  setrlimit(resource: number, soft: number, hard: number): number {
    const cur = this.proc.rlimits.get(resource)
    if (cur === undefined || soft > hard) return -EINVAL
    if (hard > cur[1] && this.proc.uid !== 0) return -EPERM
    this.proc.rlimits.set(resource, [soft, hard])
    return 0
  }
  uname(): Utsname {
    return {
      sysname: 'Linux',
      nodename: this.os.hostname,
      release: this.os.release,
      version: '#1 SMP PREEMPT_DYNAMIC PinLab',
      machine: 'x86_64',
      operatingSystem: 'GNU/Linux'
    }
  }
  requestReboot(kernelVersion: string): number {
    if (this.proc.uid !== 0) return -EPERM
    if (!this.os.acceptsKernel(kernelVersion)) return -EINVAL
    this.os.rebootRequests.push(kernelVersion)
    return 0
  }
  getenv(name: string): string | undefined {
    return getenv(this.proc.env, name)
  }
}

