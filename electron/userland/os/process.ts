import type { TaskStruct } from '../../kernel/include/linux/sched'
import type { CProcess, Thread } from '../cc/vm'
import type { TaskMemory } from './task-memory'
import type { Machine } from './machine'

/**
 * A process as the machine sees it: the kernel's task (identity, mm, limits), and what runs in
 * it — a C program on the virtual machine (one or more threads) or a native TypeScript program
 * (the shell, the tools), which runs as async code driven by its syscalls.
 */
export class UProcess {
  /** Set when the process has exited and waits to be reaped: a wait(2) status word. */
  zombie = false
  /** The thread running exit() (atexit handlers, the stdio flush), once it has begun. */
  exitThread: import('../cc/vm').Thread | null = null
  status = 0
  readonly children = new Set<number>()
  /** Resolvers of wait() calls from native programs. */
  readonly exitWaiters: Array<(status: number) => void> = []
  /** Installed signal handlers of a C program: signal number → handler address (SIG_IGN = 1). */
  readonly handlers = new Map<number, number>()
  /** The C program, when there is one. */
  cproc: CProcess | null = null
  threads: Thread[] = []
  mem: TaskMemory | null = null
  /** The environment (`NAME=value` strings), for exec and getenv. */
  env: string[] = []
  argv: string[] = []
  /** The system calls of a native program running in this process (the shell, a tool). */
  nativeCtx: import('./process-context').MachineProcessContext | null = null
  /** The thread-local page: thread k's errno word is at tlsBase + 8·k. */
  tlsBase = 0
  /** Address of the envp array on the C program's initial stack (getenv reads it). */
  envpAddr = 0

  constructor(
    readonly pid: number,
    public ppid: number,
    public pgid: number,
    public task: TaskStruct,
    public comm: string
  ) {}

  get uid(): number {
    return this.task.cred.uid
  }

  get isC(): boolean {
    return this.cproc !== null
  }
}

/** What the scheduler keeps per C thread (in `thread.host`). */
export interface ThreadHost {
  machine: Machine
  task: TaskStruct
  proc: UProcess
  /** Virtual time (ns) a sleeping thread wakes at; 0 when not sleeping. */
  wakeAt: number
  /** The machine's wake generation when the thread blocked; retried when it changes. */
  blockedGen: number
  /** Address of this thread's errno (for __errno_location). */
  errnoAddr: number
}

export function threadHost(t: Thread): ThreadHost {
  return t.host as ThreadHost
}
