/**
 * Signal names and descriptions as bash prints them (strsignal texts of glibc) and `kill -l`.
 */
const DESCRIPTIONS: Readonly<Record<number, string>> = {
  1: 'Hangup',
  2: 'Interrupt',
  3: 'Quit',
  4: 'Illegal instruction',
  5: 'Trace/breakpoint trap',
  6: 'Aborted',
  7: 'Bus error',
  8: 'Floating point exception',
  9: 'Killed',
  10: 'User defined signal 1',
  11: 'Segmentation fault',
  12: 'User defined signal 2',
  13: 'Broken pipe',
  14: 'Alarm clock',
  15: 'Terminated',
  16: 'Stack fault',
  17: 'Child exited',
  18: 'Continued',
  19: 'Stopped (signal)',
  20: 'Stopped',
  21: 'Stopped (tty input)',
  22: 'Stopped (tty output)'
}

export const SIGNAL_NAMES: readonly string[] = [
  '', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM',
  'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS'
]

export function signalDescription(signal: number): string {
  return DESCRIPTIONS[signal] ?? `Unknown signal ${signal}`
}

/** Parses `9`, `KILL`, `SIGKILL` (any case); returns null for an unknown name. */
export function parseSignal(text: string): number | null {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text)
    return n >= 0 && n <= 64 ? n : null
  }
  const raw = text.toUpperCase().replace(/^SIG/, '')
  const name = raw === 'POLL' ? 'IO' : raw === 'IOT' ? 'ABRT' : raw
  const i = SIGNAL_NAMES.indexOf(name)
  return i > 0 ? i : null
}
