/**
 * The operating-system interface the shell, its builtins and the tools are written against.
 *
 * A program on PinLab's machine — a builtin, a tool, later a compiled C binary — is a
 * `NativeProgram`: an async function given a `ProcessContext` (its process's system calls) that
 * resolves to its exit status. The kernel implements `ProcessContext` per task; `fake-os.ts`
 * implements it in memory for tests and for running the shell before the kernel is wired in.
 *
 * Conventions, as Linux's: numbers and paths are Linux's (O_ flags, signal numbers, errno, st_mode
 * bits); a call returns its value or a negative errno and never throws for bad input; paths may be
 * relative to the process's working directory (the shell always passes absolute ones). Bytes are
 * Uint8Array; `write` also takes a string, encoded as UTF-8.
 */

// errno (include/uapi/asm-generic/errno-base.h, errno.h)
export const EPERM = 1
export const ENOENT = 2
export const ESRCH = 3
export const EINTR = 4
export const EIO = 5
export const ENOEXEC = 8
export const EBADF = 9
export const ECHILD = 10
export const EAGAIN = 11
export const ENOMEM = 12
export const EACCES = 13
export const EEXIST = 17
export const ENOTDIR = 20
export const EISDIR = 21
export const EINVAL = 22
export const EMFILE = 24
export const ENOTTY = 25
export const ENOSPC = 28
export const ESPIPE = 29
export const EPIPE = 32
export const ENAMETOOLONG = 36
export const ENOSYS = 38
export const ENOTEMPTY = 39

/** glibc's strerror texts for the errno values above. */
export const ERRNO_TEXT: Readonly<Record<number, string>> = {
  [EPERM]: 'Operation not permitted',
  [ENOENT]: 'No such file or directory',
  [ESRCH]: 'No such process',
  [EINTR]: 'Interrupted system call',
  [EIO]: 'Input/output error',
  [ENOEXEC]: 'Exec format error',
  [EBADF]: 'Bad file descriptor',
  [ECHILD]: 'No child processes',
  [EAGAIN]: 'Resource temporarily unavailable',
  [ENOMEM]: 'Cannot allocate memory',
  [EACCES]: 'Permission denied',
  [EEXIST]: 'File exists',
  [ENOTDIR]: 'Not a directory',
  [EISDIR]: 'Is a directory',
  [EINVAL]: 'Invalid argument',
  [EMFILE]: 'Too many open files',
  [ENOTTY]: 'Inappropriate ioctl for device',
  [ENOSPC]: 'No space left on device',
  [ESPIPE]: 'Illegal seek',
  [EPIPE]: 'Broken pipe',
  [ENAMETOOLONG]: 'File name too long',
  [ENOSYS]: 'Function not implemented',
  [ENOTEMPTY]: 'Directory not empty'
}

export function strerror(errno: number): string {
  const e = Math.abs(errno)
  return ERRNO_TEXT[e] ?? `Unknown error ${e}`
}

// open(2) flags (x86-64)
export const O_RDONLY = 0
export const O_WRONLY = 1
export const O_RDWR = 2
export const O_ACCMODE = 3
export const O_CREAT = 0o100
export const O_EXCL = 0o200
export const O_NOCTTY = 0o400
export const O_TRUNC = 0o1000
export const O_APPEND = 0o2000
export const O_NONBLOCK = 0o4000
export const O_DIRECTORY = 0o200000
export const O_CLOEXEC = 0o2000000

// st_mode
export const S_IFMT = 0o170000
export const S_IFSOCK = 0o140000
export const S_IFLNK = 0o120000
export const S_IFREG = 0o100000
export const S_IFBLK = 0o060000
export const S_IFDIR = 0o040000
export const S_IFCHR = 0o020000
export const S_IFIFO = 0o010000
export const S_ISUID = 0o4000
export const S_ISGID = 0o2000
export const S_ISVTX = 0o1000

// signals (x86-64)
export const SIGHUP = 1
export const SIGINT = 2
export const SIGQUIT = 3
export const SIGILL = 4
export const SIGTRAP = 5
export const SIGABRT = 6
export const SIGBUS = 7
export const SIGFPE = 8
export const SIGKILL = 9
export const SIGUSR1 = 10
export const SIGSEGV = 11
export const SIGUSR2 = 12
export const SIGPIPE = 13
export const SIGALRM = 14
export const SIGTERM = 15
export const SIGCHLD = 17
export const SIGCONT = 18
export const SIGSTOP = 19
export const SIGTSTP = 20

// getrlimit(2) resources used by the shell's ulimit
export const RLIMIT_CPU = 0
export const RLIMIT_FSIZE = 1
export const RLIMIT_DATA = 2
export const RLIMIT_STACK = 3
export const RLIMIT_CORE = 4
export const RLIMIT_NPROC = 6
export const RLIMIT_NOFILE = 7
export const RLIMIT_MEMLOCK = 8
export const RLIMIT_AS = 9
export const RLIMIT_SIGPENDING = 11
export const RLIMIT_MSGQUEUE = 12
export const RLIMIT_NICE = 13
export const RLIMIT_RTPRIO = 14
export const RLIMIT_RTTIME = 15
/** RLIM_INFINITY: limits are byte counts (or counts); unlimited is Infinity. */
export const RLIM_INFINITY = Infinity

export interface Stat {
  ino: number
  /** File type and permission bits, as st_mode. */
  mode: number
  nlink: number
  uid: number
  gid: number
  size: number
  /** Modification time, milliseconds since the epoch on the machine's (virtual) clock. */
  mtimeMs: number
  /** Device number for character and block devices (major << 8 | minor, as old_encode_dev). */
  rdev?: number
  /** 512-byte blocks allocated. */
  blocks?: number
}

export type WaitStatus = { kind: 'exited'; code: number } | { kind: 'signaled'; signal: number; core: boolean }

/** Status as the shell reports it in `$?`: the exit code, or 128 + the signal number. */
export function shellStatus(w: WaitStatus): number {
  return w.kind === 'exited' ? w.code & 0xff : 128 + w.signal
}

export interface SpawnOptions {
  /** The executable file (absolute path); the kernel decides what it runs (a native tool or a binary). */
  path: string
  argv: readonly string[]
  /** `NAME=value` strings, in order, as execve's envp. */
  env: readonly string[]
  /** The child's working directory (absolute). */
  cwd: string
  /**
   * The child's descriptors: each pair is [child fd, parent fd]; the child gets a duplicate of the
   * parent's open file description. Descriptors not listed are not inherited.
   */
  fds: ReadonlyArray<readonly [number, number]>
  /** Process group to put the child in: 0 makes it the leader of a new group. Default: the parent's. */
  pgid?: number
  /**
   * Make the child's process group the terminal's foreground group before the child runs (what
   * bash does with setpgid + tcsetpgrp in both parent and child, here atomic), so Ctrl-C reaches
   * it even if it is typed at once.
   */
  foreground?: boolean
}

export interface Utsname {
  sysname: string
  nodename: string
  /** The kernel version as `uname -r` prints it, e.g. `6.18.0-pinlab`. */
  release: string
  version: string
  machine: string
  /** GNU `uname -o`. */
  operatingSystem: string
}

export interface Passwd {
  name: string
  uid: number
  gid: number
  home: string
  shell: string
}

/** One line of the kernel log, for `dmesg`. */
export interface KernelLogLine {
  /** Seconds since boot on the virtual clock. */
  time: number
  /** printk level 0..7. */
  level: number
  text: string
}

/** One task, for `ps`. */
export interface ProcessInfo {
  pid: number
  ppid: number
  pgid: number
  uid: number
  /** R S D T Z, as /proc/PID/stat. */
  state: string
  /** The command name (comm, at most 15 characters). */
  comm: string
  /** The full command line (empty for kernel threads). */
  args: readonly string[]
  /** Terminal name, e.g. `pts/0`, or null. */
  tty: string | null
  /** Virtual memory size and resident set size, KiB. */
  vszKiB: number
  rssKiB: number
  /** CPU time consumed, seconds. */
  cpuSeconds: number
  /** Start time, seconds since boot. */
  startSeconds: number
  /** Full STAT as ps aux shows it (`Ss`, `R+`, `Sl`), when the kernel knows more than `state`. */
  stat?: string
}

/** Memory figures in KiB, as /proc/meminfo names them (for `free` and `vmstat`). */
export interface MemInfo {
  MemTotal: number
  MemFree: number
  MemAvailable: number
  Buffers: number
  Cached: number
  SwapTotal: number
  SwapFree: number
  Shmem: number
  SReclaimable: number
  Active?: number
  Inactive?: number
}

/** Kernel state for the inspection tools; a kernel without it answers undefined. */
export interface SystemInfo {
  dmesg(): readonly KernelLogLine[]
  processes(): readonly ProcessInfo[]
  meminfo(): MemInfo
  /** /proc/vmstat counters by name. */
  vmstat(): Readonly<Record<string, number>>
  /** Seconds since boot. */
  uptime(): number
  /** kernel.dmesg_restrict: only root may read the log. */
  readonly dmesgRestricted?: boolean
  /** sync(2) for process `pid`: write back every filesystem's dirty page cache. */
  sync?(pid: number): void
  /**
   * The RDMA devices and their resources (ibv_devices, ibv_devinfo, rdma); null without RDMA.
   * `pid`: the asking process — RDMA netlink sends keys only to a CAP_NET_ADMIN requester.
   */
  rdma?(opts?: { pid?: number }): RdmaInfo | null
  /** The rdma_peer command run on the second host of the fabric; null without RDMA. */
  rdmaPeer?(argv: readonly string[]): { out: string; err: string; status: number } | null
}

/** What libibverbs queries and RDMA netlink reports about one HCA (userspace-api.md §1.10–§1.11, §2.3). */
export interface RdmaDeviceInfo {
  name: string
  transport: number
  fwVer: string
  nodeGuid: bigint
  sysImageGuid: bigint
  vendorId: number
  vendorPartId: number
  hwVer: number
  boardId: string | null
  ports: Array<{ num: number; state: number; maxMtu: number; activeMtu: number; smLid: number; lid: number; lmc: number; linkLayer: number; physState: number; subnetPrefix: bigint } & RdmaPortVerbose>
  /** ibv_query_device(_ex): the verbose attributes (ibv_devinfo -v). */
  attr: RdmaDeviceAttr
  /** RDMA netlink resource messages; an absent property is an attribute the kernel did not send. */
  res: RdmaRes
}

/** struct ibv_device_attr (numbers) + the ibv_device_attr_ex extension ibv_devinfo -v prints. */
export interface RdmaDeviceAttr {
  maxMrSize: bigint
  pageSizeCap: bigint
  maxQp: number; maxQpWr: number; deviceCapFlags: number; maxSge: number; maxSgeRd: number; maxCq: number; maxCqe: number
  maxMr: number; maxPd: number; maxQpRdAtom: number; maxEeRdAtom: number; maxResRdAtom: number; maxQpInitRdAtom: number
  maxEeInitRdAtom: number; atomicCap: number; maxEe: number; maxRdd: number; maxMw: number; maxRawIpv6Qp: number
  maxRawEthyQp: number; maxMcastGrp: number; maxMcastQpAttach: number; maxTotalMcastQpAttach: number; maxAh: number
  maxFmr: number; maxMapPerFmr: number; maxSrq: number; maxSrqWr: number; maxSrqSge: number; maxPkeys: number
  localCaAckDelay: number; numCompVectors: number
  odpGeneralCaps: bigint; rcOdpCaps: number; ucOdpCaps: number; udOdpCaps: number; xrcOdpCaps: number
  completionTimestampMask: bigint; hcaCoreClock: bigint; deviceCapFlagsEx: bigint
}

/** struct ibv_port_attr fields of the verbose port block, and the port's GID table. */
export interface RdmaPortVerbose {
  maxMsgSz: number; portCapFlags: number; portCapFlags2: number; maxVlNum: number; badPkeyCntr: number; qkeyViolCntr: number
  smSl: number; pkeyTblLen: number; gidTblLen: number; subnetTimeout: number; initTypeReply: number; activeWidth: number
  activeSpeed: number
  /** ibv_query_gid for every index below gidTblLen (16 bytes each). */
  gids: Uint8Array[]
}

/** RDMA_NLDEV_CMD_RES_* answers (kernel drivers/infiniband/core/nldev.ts). */
export interface RdmaRes {
  summary: Array<[string, number]>
  qp: Array<{ port?: number; lqpn: number; rqpn?: number; rqPsn?: number; sqPsn: number; pathMigState?: number; type: number; state: number; pdn?: number; pid: number; comm: string }>
  cq: Array<{ cqe: number; users: number; dim?: number; cqn?: number; ctxn?: number; pid: number; comm: string }>
  pd: Array<{ localDmaLkey?: number; users: number; unsafeGlobalRkey?: number; pdn?: number; ctxn?: number; pid: number; comm: string }>
  mr: Array<{ mrn?: number; rkey?: number; lkey?: number; mrlen: number; pdn?: number; pid: number; comm: string }>
}

export interface RdmaInfo {
  devices: RdmaDeviceInfo[]
  /** RDMA_NLDEV_CMD_SYS_GET: which attributes the kernel sends (absent ones are not printed). */
  sys: { netnsShared: boolean | null; privilegedQkey: boolean | null; copyOnFork: boolean | null }
}

/**
 * The system calls of one process. Everything a NativeProgram may do goes through here.
 */
export interface ProcessContext {
  readonly pid: number
  readonly argv: readonly string[]
  /** The environment, `NAME=value` in order. */
  readonly env: readonly string[]
  /** Working directory (absolute). */
  readonly cwd: string

  // --- descriptors ---
  /** Reads up to `count` bytes; an empty array is end of file. */
  read(fd: number, count: number): Promise<Uint8Array | number>
  /** Writes all the bytes (blocking on a full pipe); returns the count. Writing to a pipe without readers raises SIGPIPE and returns -EPIPE. */
  write(fd: number, data: Uint8Array | string): Promise<number>
  open(path: string, flags: number, mode?: number): Promise<number>
  close(fd: number): number
  dup(fd: number): number
  dup2(oldfd: number, newfd: number): number
  /** [read end, write end] */
  pipe(): [number, number] | number
  isatty(fd: number): boolean

  // --- file system ---
  /** Changes the process's working directory (the shell keeps it in step with `cd`). */
  chdir(path: string): Promise<number>
  stat(path: string): Promise<Stat | number>
  lstat(path: string): Promise<Stat | number>
  /** Entry names without `.` and `..`, in directory order. */
  readdir(path: string): Promise<string[] | number>
  readlink(path: string): Promise<string | number>

  // --- processes ---
  /** fork + execve in one step (posix_spawn): returns the child's pid. ENOENT/EACCES/ENOEXEC as execve. */
  spawn(options: SpawnOptions): Promise<number>
  /** Waits for a child to end (waitpid). */
  wait(pid: number): Promise<WaitStatus | number>
  /** kill(2): a negative pid signals a process group. */
  kill(pid: number, signal: number): number
  /** tcsetpgrp on the controlling terminal: the group that gets Ctrl-C. */
  tcsetpgrp(pgid: number): number
  tcgetpgrp(): number
  /** Lets the host run (the scheduler's preemption point); long loops call it regularly. */
  sched_yield(): Promise<void>
  /** The machine's wall clock (virtual), milliseconds since the epoch, as clock_gettime(CLOCK_REALTIME). */
  now(): number
  /** Sleeps on the virtual clock; resolves 0, or -EINTR when a signal arrived. */
  sleep(ms: number): Promise<number>
  /** Set once the process has received a fatal signal: a long computation should stop. */
  readonly killed: boolean
  /**
   * sigaction, reduced: a handler replaces the default action (termination) for `signal`; null
   * restores the default. SIGKILL cannot be caught. The interactive shell catches SIGINT.
   */
  sigaction(signal: number, handler: ((signal: number) => void) | null): number

  // --- identity and limits ---
  getuid(): number
  /**
   * Switches the effective user (seteuid): a process whose saved user ID is root may switch to
   * any user and back, as `su` and its `exit` do; others get -EPERM.
   */
  setuid(uid: number): number
  getpwnam(name: string): Passwd | undefined
  getpwuid(uid: number): Passwd | undefined
  /** [soft, hard] in bytes (or counts), Infinity for unlimited. */
  getrlimit(resource: number): [number, number] | number
  setrlimit(resource: number, soft: number, hard: number): number

  // --- the machine ---
  uname(): Utsname
  /** Asks the runtime to reboot the machine with another kernel version; -EINVAL if unknown, -EPERM if not root. */
  requestReboot(kernelVersion: string): number
  /** Kernel state for ps/free/vmstat/dmesg; undefined when the kernel does not provide it. */
  readonly system?: SystemInfo
}

/** A program: resolves to its exit status (0..255). */
export type NativeProgram = (ctx: ProcessContext) => Promise<number>

/** Looks a variable up in an envp array. */
export function getenv(env: readonly string[], name: string): string | undefined {
  const prefix = name + '='
  for (let i = env.length - 1; i >= 0; i--) if (env[i]!.startsWith(prefix)) return env[i]!.slice(prefix.length)
  return undefined
}

const encoder = new TextEncoder()
export function utf8(text: string): Uint8Array {
  return encoder.encode(text)
}

export function isErr(v: unknown): v is number {
  return typeof v === 'number' && v < 0
}
