import { isKernelVersion } from '../../../shared/kernel-versions'
import { ERESTARTSYS, ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import type { Kstat } from '../../kernel/fs/vfs'
import { CAP_IPC_LOCK, CAP_SYS_ADMIN, CAP_SYS_RESOURCE } from '../../kernel/include/linux/capability'
import type {
  Passwd, ProcessContext, SpawnOptions, Stat, SystemInfo, Utsname, WaitStatus
} from '../shell/os'
import type { Machine } from './machine'
import type { UProcess } from './process'
import { USERS } from './rootfs'
import { BOOT_EPOCH_NS } from '../libc/process'

const encoder = new TextEncoder()

/**
 * The system calls of a native program (the shell, a tool) on the machine: the same VFS, pipes,
 * terminal, processes and signals a C program uses, with the blocking calls as promises that
 * resolve when the machine changes.
 */
export class MachineProcessContext implements ProcessContext {
  killed = false
  /** JS signal handlers (sigaction); absent means the default action. */
  readonly handlers = new Map<number, (signal: number) => void>()
  /** Pending interruptible waits: resolved early with -EINTR by a handled or fatal signal. */
  private readonly _interrupts = new Set<() => void>()
  /** The saved user ID: a process started as root may switch users and back (su). */
  private readonly _savedUid: number

  constructor(
    readonly machine: Machine,
    readonly proc: UProcess
  ) {
    this._savedUid = proc.uid
  }

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
    const cwd = this.machine.vfs.getcwd(this.proc.pid)
    return typeof cwd === 'string' ? cwd : '/'
  }

  private get _cred() {
    return { uid: this.proc.uid, gid: this.proc.uid }
  }

  // ------------------------------------------------------------------ descriptors

  async read(fd: number, count: number): Promise<Uint8Array | number> {
    for (;;) {
      if (this.killed) return -ERRNO.EINTR
      const r = this.machine.vfs.read(this.proc.pid, fd, count)
      if (r !== -ERESTARTSYS) {
        if (typeof r !== 'number' && r.length > 0) this.machine.wake()
        return r
      }
      if ((await this._interruptible(this.machine.nextChange())) === 'interrupted') return -ERRNO.EINTR
    }
  }

  async write(fd: number, data: Uint8Array | string): Promise<number> {
    let bytes = typeof data === 'string' ? encoder.encode(data) : data
    let total = 0
    while (bytes.length > 0) {
      if (this.killed) return total > 0 ? total : -ERRNO.EINTR
      const r = this.machine.vfs.write(this.proc.pid, fd, bytes)
      if (r === -ERESTARTSYS) {
        if ((await this._interruptible(this.machine.nextChange())) === 'interrupted') return total > 0 ? total : -ERRNO.EINTR
        continue
      }
      if (r === -ERRNO.EPIPE) {
        this.machine.kill(this.proc.pid, 13)
        return r
      }
      if (r < 0) return total > 0 ? total : r
      total += r
      bytes = bytes.subarray(r)
      this.machine.wake()
    }
    return total
  }

  async open(path: string, flags: number, mode = 0o666): Promise<number> {
    return this.machine.vfs.open(this.proc.pid, path, flags, mode, this._cred)
  }

  close(fd: number): number {
    const r = this.machine.vfs.close(this.proc.pid, fd)
    this.machine.wake()
    return r
  }

  dup(fd: number): number {
    return this.machine.vfs.dup(this.proc.pid, fd)
  }

  dup2(oldfd: number, newfd: number): number {
    return this.machine.vfs.dup2(this.proc.pid, oldfd, newfd)
  }

  pipe(): [number, number] | number {
    return this.machine.vfs.pipe(this.proc.pid)
  }

  isatty(fd: number): boolean {
    const file = this.machine.vfs.file(this.proc.pid, fd)
    return typeof file !== 'number' && file.inode.dev === this.machine.tty
  }

  // ------------------------------------------------------------------ file system

  /** chdir(2): the process's working directory (the shell's cd). */
  async chdir(path: string): Promise<number> {
    return this.machine.vfs.chdir(this.proc.pid, path, this._cred)
  }

  async stat(path: string): Promise<Stat | number> {
    const st = this.machine.vfs.stat(this.proc.pid, path, this._cred)
    return typeof st === 'number' ? st : toStat(st)
  }

  async lstat(path: string): Promise<Stat | number> {
    return this.stat(path)
  }

  async readdir(path: string): Promise<string[] | number> {
    const entries = this.machine.vfs.readdir(this.proc.pid, path, this._cred)
    if (typeof entries === 'number') return entries
    return entries.map((e) => e.name).filter((n) => n !== '.' && n !== '..')
  }

  async readlink(path: string): Promise<string | number> {
    const st = this.machine.vfs.stat(this.proc.pid, path, this._cred)
    return typeof st === 'number' ? st : -ERRNO.EINVAL
  }

  // ------------------------------------------------------------------ processes

  async spawn(options: SpawnOptions): Promise<number> {
    return this.machine.spawnPath(this.proc, options)
  }

  async wait(pid: number): Promise<WaitStatus | number> {
    const r = await this.machine.waitChild(this.proc, pid)
    if (typeof r === 'number') return r
    const status = r[1]
    const sig = status & 0x7f
    return sig === 0 ? { kind: 'exited', code: (status >> 8) & 0xff } : { kind: 'signaled', signal: sig, core: (status & 0x80) !== 0 }
  }

  kill(pid: number, signal: number): number {
    if (pid < 0) {
      this.machine.killpg(-pid, signal)
      return 0
    }
    const target = this.machine.procs.get(pid)
    if (target && this.proc.uid !== 0 && target.uid !== this.proc.uid) return -ERRNO.EPERM
    return this.machine.kill(pid, signal)
  }

  tcsetpgrp(pgid: number): number {
    this.machine.tty.foregroundPgrp = pgid
    return 0
  }

  tcgetpgrp(): number {
    return this.machine.tty.foregroundPgrp
  }

  sched_yield(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 0))
  }

  now(): number {
    return (BOOT_EPOCH_NS + this.machine.now) / 1e6
  }

  async sleep(ms: number): Promise<number> {
    const r = await this._interruptible(this.machine.sleepUntil(this.machine.now + Math.max(0, ms) * 1e6))
    return r === 'interrupted' ? -ERRNO.EINTR : 0
  }

  sigaction(signal: number, handler: ((signal: number) => void) | null): number {
    if (signal === 9 || signal === 19) return -ERRNO.EINVAL
    if (handler) this.handlers.set(signal, handler)
    else this.handlers.delete(signal)
    return 0
  }

  /** Called by the machine when a signal arrives for this process. */
  deliver(signal: number): void {
    const handler = this.handlers.get(signal)
    if (handler) {
      this._interruptAll()
      handler(signal)
      return
    }
    this.killed = true
    this._interruptAll()
  }

  // ------------------------------------------------------------------ identity and limits

  getuid(): number {
    return this.proc.uid
  }

  setuid(uid: number): number {
    if (this._savedUid !== 0 && uid !== this._savedUid) return -ERRNO.EPERM
    const cred = this.proc.task.cred
    cred.uid = cred.euid = uid
    cred.caps = uid === 0 ? [CAP_IPC_LOCK, CAP_SYS_ADMIN, CAP_SYS_RESOURCE] : []
    return 0
  }

  getpwnam(name: string): Passwd | undefined {
    const u = (USERS as Record<string, (typeof USERS)[keyof typeof USERS]>)[name]
    return u ? { name, uid: u.uid, gid: u.gid, home: u.home, shell: u.shell } : undefined
  }

  getpwuid(uid: number): Passwd | undefined {
    for (const [name, u] of Object.entries(USERS)) if (u.uid === uid) return { name, uid: u.uid, gid: u.gid, home: u.home, shell: u.shell }
    return undefined
  }

  getrlimit(resource: number): [number, number] | number {
    return this.machine.kernel.getrlimit(this.proc.task, resource)
  }

  setrlimit(resource: number, soft: number, hard: number): number {
    return this.machine.kernel.setrlimit(this.proc.task, resource, soft, hard)
  }

  // ------------------------------------------------------------------ the machine

  uname(): Utsname {
    return {
      sysname: 'Linux',
      nodename: this.machine.hostname,
      release: `${this.machine.version}.0-pinlab`,
      version: '#1 SMP PREEMPT_DYNAMIC PinLab',
      machine: 'x86_64',
      operatingSystem: 'GNU/Linux'
    }
  }

  requestReboot(kernelVersion: string): number {
    if (this.proc.uid !== 0) return -ERRNO.EPERM
    if (!isKernelVersion(kernelVersion)) return -ERRNO.EINVAL
    if (!this.machine.onRebootRequest) return -ERRNO.ENOSYS
    this.machine.onRebootRequest(kernelVersion)
    return 0
  }

  get system(): SystemInfo {
    return this.machine.systemInfo()
  }

  // ------------------------------------------------------------------ internals

  private async _interruptible(p: Promise<void>): Promise<'done' | 'interrupted'> {
    let cancel: () => void = () => {}
    const interrupted = new Promise<'interrupted'>((resolve) => {
      cancel = () => resolve('interrupted')
      this._interrupts.add(cancel)
    })
    try {
      return await Promise.race([p.then(() => 'done' as const), interrupted])
    } finally {
      this._interrupts.delete(cancel)
    }
  }

  private _interruptAll(): void {
    for (const cancel of [...this._interrupts]) cancel()
  }
}

function toStat(st: Kstat): Stat {
  return {
    ino: st.ino,
    mode: st.mode,
    nlink: st.nlink,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    mtimeMs: (BOOT_EPOCH_NS + st.mtimeNs) / 1e6,
    rdev: st.rdev,
    blocks: st.blocks
  }
}
