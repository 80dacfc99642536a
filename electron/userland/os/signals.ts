/**
 * Signal numbers (x86-64, include/uapi/asm-generic/signal.h), their default actions (signal(7))
 * and the words bash prints when a foreground job dies of one.
 */
export const SIGNALS = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
  SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGSTKFLT: 16, SIGCHLD: 17,
  SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25,
  SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPWR: 30, SIGSYS: 31
} as const

export type SignalName = keyof typeof SIGNALS

const BY_NUMBER = new Map<number, SignalName>(Object.entries(SIGNALS).map(([n, v]) => [v, n as SignalName]))

export function signalNumber(name: string): number {
  return (SIGNALS as Record<string, number>)[name] ?? 0
}

export function signalName(signo: number): SignalName | null {
  return BY_NUMBER.get(signo) ?? null
}

/** Default action "core": terminate and dump core (signal(7)). */
const CORE = new Set<number>([3, 4, 5, 6, 7, 8, 11, 24, 25, 31])
/** Default action "ignore". */
const IGNORE = new Set<number>([17, 23, 28])

export type DefaultAction = 'term' | 'core' | 'ignore' | 'stop' | 'cont'

export function defaultAction(signo: number): DefaultAction {
  if (CORE.has(signo)) return 'core'
  if (IGNORE.has(signo)) return 'ignore'
  if (signo === 19 || signo === 20 || signo === 21 || signo === 22) return 'stop'
  if (signo === 18) return 'cont'
  return 'term'
}

/** strsignal(3) texts, as glibc (and so bash) print them. */
const DESCRIPTIONS: Record<number, string> = {
  1: 'Hangup', 2: 'Interrupt', 3: 'Quit', 4: 'Illegal instruction', 5: 'Trace/breakpoint trap', 6: 'Aborted',
  7: 'Bus error', 8: 'Floating point exception', 9: 'Killed', 10: 'User defined signal 1', 11: 'Segmentation fault',
  12: 'User defined signal 2', 13: 'Broken pipe', 14: 'Alarm clock', 15: 'Terminated', 16: 'Stack fault',
  17: 'Child exited', 18: 'Continued', 19: 'Stopped (signal)', 20: 'Stopped', 21: 'Stopped (tty input)',
  22: 'Stopped (tty output)', 23: 'Urgent I/O condition', 24: 'CPU time limit exceeded', 25: 'File size limit exceeded',
  26: 'Virtual timer expired', 27: 'Profiling timer expired', 28: 'Window changed', 29: 'I/O possible',
  30: 'Power failure', 31: 'Bad system call'
}

export function strsignal(signo: number): string {
  return DESCRIPTIONS[signo] ?? `Unknown signal ${signo}`
}

/**
 * What an interactive bash prints when a foreground job dies of `signo`: nothing for SIGINT and
 * SIGPIPE, otherwise the description, with "(core dumped)" for core-dumping signals (PinLab's
 * machine dumps core, as systems with systemd-coredump do).
 */
export function shellDeathMessage(signo: number): string {
  if (signo === SIGNALS.SIGINT || signo === SIGNALS.SIGPIPE) return ''
  return defaultAction(signo) === 'core' ? `${strsignal(signo)} (core dumped)` : strsignal(signo)
}

/** A wait(2) status word: exited with `code`, or killed by `signo` (with the core bit). */
export function waitStatus(exit: { code: number } | { signo: number }): number {
  if ('code' in exit) return (exit.code & 0xff) << 8
  return (exit.signo & 0x7f) | (defaultAction(exit.signo) === 'core' ? 0x80 : 0)
}

/** The shell's $? for a wait status: the exit code, or 128 + the signal. */
export function shellStatus(status: number): number {
  const sig = status & 0x7f
  return sig === 0 ? (status >> 8) & 0xff : 128 + sig
}
