/**
 * strerror texts for the OS-facing half of libc (perror, %m). TEMPORARY: a few common texts
 * until errno-messages.ts (the full glibc table) lands; then this file re-exports it.
 */
const TEXTS: Record<number, string> = {
  0: 'Success', 1: 'Operation not permitted', 2: 'No such file or directory', 3: 'No such process',
  4: 'Interrupted system call', 5: 'Input/output error', 9: 'Bad file descriptor', 10: 'No child processes',
  11: 'Resource temporarily unavailable', 12: 'Cannot allocate memory', 13: 'Permission denied', 14: 'Bad address',
  16: 'Device or resource busy', 17: 'File exists', 19: 'No such device', 20: 'Not a directory', 21: 'Is a directory',
  22: 'Invalid argument', 24: 'Too many open files', 25: 'Inappropriate ioctl for device', 28: 'No space left on device',
  29: 'Illegal seek', 32: 'Broken pipe', 34: 'Numerical result out of range', 38: 'Function not implemented',
  95: 'Operation not supported'
}

export function strerrorText(errnum: number): string {
  return TEXTS[errnum] ?? `Unknown error ${errnum}`
}
