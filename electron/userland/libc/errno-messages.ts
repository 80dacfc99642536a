/**
 * errno and signal texts, exactly as glibc 2.36 prints them (C locale), and the natives
 * strerror, strerror_l, strerror_r (GNU, returns char *), __xpg_strerror_r (the POSIX
 * int-returning variant glibc's <string.h> maps strerror_r to without _GNU_SOURCE),
 * strerrorname_np, strerrordesc_np, strsignal, sigabbrev_np and sigdescr_np.
 *
 * The tables are data ({@link ERRNO_TABLE}, {@link SIGNAL_TABLE}) with the helpers
 * {@link strerrorText}, {@link errnoName} and {@link strsignalText}, so perror and the shell can
 * print the same texts without going through C memory. Every entry was taken from, and is
 * re-verified in the tests against, the native glibc (strerror/strerrorname_np for -3..140,
 * strsignal/sigabbrev_np/sigdescr_np for -1..66).
 *
 * Where the returned strings live: glibc returns pointers into its read-only data; PinLab's
 * natives have no data segment of their own, so each distinct text is placed once per process
 * in memory from libc's own (injected) malloc — the program's malloc only when there is none,
 * see callMalloc in string.ts — and its address is cached (the cache is copied on fork). Repeated calls return the same pointer, as glibc does
 * for known errnos; unknown ones share one per-thread buffer that the next such call rewrites,
 * as glibc's. If no allocator is reachable the functions return NULL (errno ENOMEM).
 */
import type { Value } from '../cc/ast'
import type { NativeContext, NativeFn, NativeResult } from '../cc/vm'
import { callMalloc, StaticStrings, staticString } from './malloc-call'
import { int, ptr, size, writeCString } from './user-memory'
import { getErrno, setErrno } from './errno'

/** [name, message] for errno 0..133; null where Linux has no errno (41, 58). */
export const ERRNO_TABLE: ReadonlyArray<readonly [string, string] | null> = [
  ['0', 'Success'], // 0
  ['EPERM', 'Operation not permitted'], // 1
  ['ENOENT', 'No such file or directory'], // 2
  ['ESRCH', 'No such process'], // 3
  ['EINTR', 'Interrupted system call'], // 4
  ['EIO', 'Input/output error'], // 5
  ['ENXIO', 'No such device or address'], // 6
  ['E2BIG', 'Argument list too long'], // 7
  ['ENOEXEC', 'Exec format error'], // 8
  ['EBADF', 'Bad file descriptor'], // 9
  ['ECHILD', 'No child processes'], // 10
  ['EAGAIN', 'Resource temporarily unavailable'], // 11
  ['ENOMEM', 'Cannot allocate memory'], // 12
  ['EACCES', 'Permission denied'], // 13
  ['EFAULT', 'Bad address'], // 14
  ['ENOTBLK', 'Block device required'], // 15
  ['EBUSY', 'Device or resource busy'], // 16
  ['EEXIST', 'File exists'], // 17
  ['EXDEV', 'Invalid cross-device link'], // 18
  ['ENODEV', 'No such device'], // 19
  ['ENOTDIR', 'Not a directory'], // 20
  ['EISDIR', 'Is a directory'], // 21
  ['EINVAL', 'Invalid argument'], // 22
  ['ENFILE', 'Too many open files in system'], // 23
  ['EMFILE', 'Too many open files'], // 24
  ['ENOTTY', 'Inappropriate ioctl for device'], // 25
  ['ETXTBSY', 'Text file busy'], // 26
  ['EFBIG', 'File too large'], // 27
  ['ENOSPC', 'No space left on device'], // 28
  ['ESPIPE', 'Illegal seek'], // 29
  ['EROFS', 'Read-only file system'], // 30
  ['EMLINK', 'Too many links'], // 31
  ['EPIPE', 'Broken pipe'], // 32
  ['EDOM', 'Numerical argument out of domain'], // 33
  ['ERANGE', 'Numerical result out of range'], // 34
  ['EDEADLK', 'Resource deadlock avoided'], // 35
  ['ENAMETOOLONG', 'File name too long'], // 36
  ['ENOLCK', 'No locks available'], // 37
  ['ENOSYS', 'Function not implemented'], // 38
  ['ENOTEMPTY', 'Directory not empty'], // 39
  ['ELOOP', 'Too many levels of symbolic links'], // 40
  null, // 41
  ['ENOMSG', 'No message of desired type'], // 42
  ['EIDRM', 'Identifier removed'], // 43
  ['ECHRNG', 'Channel number out of range'], // 44
  ['EL2NSYNC', 'Level 2 not synchronized'], // 45
  ['EL3HLT', 'Level 3 halted'], // 46
  ['EL3RST', 'Level 3 reset'], // 47
  ['ELNRNG', 'Link number out of range'], // 48
  ['EUNATCH', 'Protocol driver not attached'], // 49
  ['ENOCSI', 'No CSI structure available'], // 50
  ['EL2HLT', 'Level 2 halted'], // 51
  ['EBADE', 'Invalid exchange'], // 52
  ['EBADR', 'Invalid request descriptor'], // 53
  ['EXFULL', 'Exchange full'], // 54
  ['ENOANO', 'No anode'], // 55
  ['EBADRQC', 'Invalid request code'], // 56
  ['EBADSLT', 'Invalid slot'], // 57
  null, // 58
  ['EBFONT', 'Bad font file format'], // 59
  ['ENOSTR', 'Device not a stream'], // 60
  ['ENODATA', 'No data available'], // 61
  ['ETIME', 'Timer expired'], // 62
  ['ENOSR', 'Out of streams resources'], // 63
  ['ENONET', 'Machine is not on the network'], // 64
  ['ENOPKG', 'Package not installed'], // 65
  ['EREMOTE', 'Object is remote'], // 66
  ['ENOLINK', 'Link has been severed'], // 67
  ['EADV', 'Advertise error'], // 68
  ['ESRMNT', 'Srmount error'], // 69
  ['ECOMM', 'Communication error on send'], // 70
  ['EPROTO', 'Protocol error'], // 71
  ['EMULTIHOP', 'Multihop attempted'], // 72
  ['EDOTDOT', 'RFS specific error'], // 73
  ['EBADMSG', 'Bad message'], // 74
  ['EOVERFLOW', 'Value too large for defined data type'], // 75
  ['ENOTUNIQ', 'Name not unique on network'], // 76
  ['EBADFD', 'File descriptor in bad state'], // 77
  ['EREMCHG', 'Remote address changed'], // 78
  ['ELIBACC', 'Can not access a needed shared library'], // 79
  ['ELIBBAD', 'Accessing a corrupted shared library'], // 80
  ['ELIBSCN', '.lib section in a.out corrupted'], // 81
  ['ELIBMAX', 'Attempting to link in too many shared libraries'], // 82
  ['ELIBEXEC', 'Cannot exec a shared library directly'], // 83
  ['EILSEQ', 'Invalid or incomplete multibyte or wide character'], // 84
  ['ERESTART', 'Interrupted system call should be restarted'], // 85
  ['ESTRPIPE', 'Streams pipe error'], // 86
  ['EUSERS', 'Too many users'], // 87
  ['ENOTSOCK', 'Socket operation on non-socket'], // 88
  ['EDESTADDRREQ', 'Destination address required'], // 89
  ['EMSGSIZE', 'Message too long'], // 90
  ['EPROTOTYPE', 'Protocol wrong type for socket'], // 91
  ['ENOPROTOOPT', 'Protocol not available'], // 92
  ['EPROTONOSUPPORT', 'Protocol not supported'], // 93
  ['ESOCKTNOSUPPORT', 'Socket type not supported'], // 94
  ['EOPNOTSUPP', 'Operation not supported'], // 95
  ['EPFNOSUPPORT', 'Protocol family not supported'], // 96
  ['EAFNOSUPPORT', 'Address family not supported by protocol'], // 97
  ['EADDRINUSE', 'Address already in use'], // 98
  ['EADDRNOTAVAIL', 'Cannot assign requested address'], // 99
  ['ENETDOWN', 'Network is down'], // 100
  ['ENETUNREACH', 'Network is unreachable'], // 101
  ['ENETRESET', 'Network dropped connection on reset'], // 102
  ['ECONNABORTED', 'Software caused connection abort'], // 103
  ['ECONNRESET', 'Connection reset by peer'], // 104
  ['ENOBUFS', 'No buffer space available'], // 105
  ['EISCONN', 'Transport endpoint is already connected'], // 106
  ['ENOTCONN', 'Transport endpoint is not connected'], // 107
  ['ESHUTDOWN', 'Cannot send after transport endpoint shutdown'], // 108
  ['ETOOMANYREFS', 'Too many references: cannot splice'], // 109
  ['ETIMEDOUT', 'Connection timed out'], // 110
  ['ECONNREFUSED', 'Connection refused'], // 111
  ['EHOSTDOWN', 'Host is down'], // 112
  ['EHOSTUNREACH', 'No route to host'], // 113
  ['EALREADY', 'Operation already in progress'], // 114
  ['EINPROGRESS', 'Operation now in progress'], // 115
  ['ESTALE', 'Stale file handle'], // 116
  ['EUCLEAN', 'Structure needs cleaning'], // 117
  ['ENOTNAM', 'Not a XENIX named type file'], // 118
  ['ENAVAIL', 'No XENIX semaphores available'], // 119
  ['EISNAM', 'Is a named type file'], // 120
  ['EREMOTEIO', 'Remote I/O error'], // 121
  ['EDQUOT', 'Disk quota exceeded'], // 122
  ['ENOMEDIUM', 'No medium found'], // 123
  ['EMEDIUMTYPE', 'Wrong medium type'], // 124
  ['ECANCELED', 'Operation canceled'], // 125
  ['ENOKEY', 'Required key not available'], // 126
  ['EKEYEXPIRED', 'Key has expired'], // 127
  ['EKEYREVOKED', 'Key has been revoked'], // 128
  ['EKEYREJECTED', 'Key was rejected by service'], // 129
  ['EOWNERDEAD', 'Owner died'], // 130
  ['ENOTRECOVERABLE', 'State not recoverable'], // 131
  ['ERFKILL', 'Operation not possible due to RF-kill'], // 132
  ['EHWPOISON', 'Memory page has hardware error'], // 133
]

/** [signo, abbreviation (without SIG), description] for the signals glibc names. */
export const SIGNAL_TABLE: ReadonlyArray<readonly [number, string, string]> = [
  [1, 'HUP', 'Hangup'],
  [2, 'INT', 'Interrupt'],
  [3, 'QUIT', 'Quit'],
  [4, 'ILL', 'Illegal instruction'],
  [5, 'TRAP', 'Trace/breakpoint trap'],
  [6, 'ABRT', 'Aborted'],
  [7, 'BUS', 'Bus error'],
  [8, 'FPE', 'Floating point exception'],
  [9, 'KILL', 'Killed'],
  [10, 'USR1', 'User defined signal 1'],
  [11, 'SEGV', 'Segmentation fault'],
  [12, 'USR2', 'User defined signal 2'],
  [13, 'PIPE', 'Broken pipe'],
  [14, 'ALRM', 'Alarm clock'],
  [15, 'TERM', 'Terminated'],
  [16, 'STKFLT', 'Stack fault'],
  [17, 'CHLD', 'Child exited'],
  [18, 'CONT', 'Continued'],
  [19, 'STOP', 'Stopped (signal)'],
  [20, 'TSTP', 'Stopped'],
  [21, 'TTIN', 'Stopped (tty input)'],
  [22, 'TTOU', 'Stopped (tty output)'],
  [23, 'URG', 'Urgent I/O condition'],
  [24, 'XCPU', 'CPU time limit exceeded'],
  [25, 'XFSZ', 'File size limit exceeded'],
  [26, 'VTALRM', 'Virtual timer expired'],
  [27, 'PROF', 'Profiling timer expired'],
  [28, 'WINCH', 'Window changed'],
  [29, 'POLL', 'I/O possible'],
  [30, 'PWR', 'Power failure'],
  [31, 'SYS', 'Bad system call']
]

/** glibc's SIGRTMIN as a program sees it (NPTL reserves 32 and 33) and SIGRTMAX. */
export const SIGRTMIN = 34
export const SIGRTMAX = 64

const SIG_BY_NUM = new Map<number, readonly [number, string, string]>(SIGNAL_TABLE.map((e) => [e[0], e]))

/** The message for errno e, or null when glibc has none (then it prints "Unknown error N"). */
export function errnoDescription(e: number): string | null {
  const x = e >= 0 && e < ERRNO_TABLE.length ? ERRNO_TABLE[e] : null
  return x ? x[1] : null
}

/** strerror(e) as glibc formats it. */
export function strerrorText(e: number): string {
  return errnoDescription(e) ?? `Unknown error ${e | 0}`
}

/** The symbolic name (strerrorname_np): "ENOENT", "0" for 0, null when unknown. */
export function errnoName(e: number): string | null {
  const x = e >= 0 && e < ERRNO_TABLE.length ? ERRNO_TABLE[e] : null
  return x ? x[0] : null
}

/** The errno value of a name such as "ENOENT" (aliases EWOULDBLOCK, EDEADLOCK, ENOTSUP included). */
export function errnoByName(name: string): number | null {
  const alias: Record<string, string> = { EWOULDBLOCK: 'EAGAIN', EDEADLOCK: 'EDEADLK', ENOTSUP: 'EOPNOTSUPP' }
  const n = alias[name] ?? name
  for (let i = 1; i < ERRNO_TABLE.length; i++) if (ERRNO_TABLE[i]?.[0] === n) return i
  return null
}

/** sigdescr_np: the description of a standard signal, or null. */
export function signalDescription(sig: number): string | null {
  return SIG_BY_NUM.get(sig)?.[2] ?? null
}

/** sigabbrev_np: "SEGV" for 11, null for unnamed numbers. */
export function signalAbbrev(sig: number): string | null {
  return SIG_BY_NUM.get(sig)?.[1] ?? null
}

/** strsignal(sig) as glibc formats it. */
export function strsignalText(sig: number): string {
  const d = signalDescription(sig)
  if (d !== null) return d
  if (sig >= SIGRTMIN && sig <= SIGRTMAX) return `Real-time signal ${sig - SIGRTMIN}`
  return `Unknown signal ${sig | 0}`
}

// ---------------------------------------------------------------------------------------------

export { StaticStrings, staticString }

/**
 * glibc formats an unknown errno/signal into a per-thread buffer that each such call frees and
 * re-allocates, so the previous "Unknown error N" pointer sees the newest text. PinLab keeps one
 * 32-byte buffer per thread and kind (long enough for "Unknown signal -2147483648") and rewrites it.
 */
function threadBuffer(ctx: NativeContext, kind: string, text: string, malloc?: NativeFn): NativeResult {
  let cache = ctx.proc.libc.staticStrings as StaticStrings | undefined
  if (!(cache instanceof StaticStrings)) ctx.proc.libc.staticStrings = cache = new StaticStrings()
  const key = `\0${kind}:${ctx.thread.tid}`
  const have = cache.map.get(key)
  if (have !== undefined) {
    writeCString(ctx.mem, have, text)
    return have
  }
  const c = cache
  const saved = getErrno(ctx)
  return callMalloc(ctx, 32, malloc, (p) => {
    setErrno(ctx, saved)
    writeCString(ctx.mem, p, text)
    c.map.set(key, p)
    return p
  })
}

/** Writes `text` into buf[0..buflen) as snprintf does (truncated, NUL-terminated if buflen > 0). */
function putTruncated(ctx: NativeContext, buf: number, buflen: number, text: string): void {
  if (buflen === 0) return
  writeCString(ctx.mem, buf, text.slice(0, Math.min(text.length, buflen - 1)))
}

const EINVAL = 22
const ERANGE = 34

export interface ErrnoMessageOptions {
  /** native malloc used when the program links no `malloc` symbol */
  malloc?: NativeFn
}

export function makeErrnoMessageFunctions(opts: ErrnoMessageOptions = {}): Record<string, NativeFn> {
  const stat = (ctx: NativeContext, text: string | null): NativeResult => (text === null ? 0 : staticString(ctx, text, opts.malloc))
  const e32 = (v: Value): number => int(v)
  return {
    strerror: (ctx, a) => {
      const e = e32(a[0])
      return errnoDescription(e) !== null ? stat(ctx, strerrorText(e)) : threadBuffer(ctx, 'strerror', strerrorText(e), opts.malloc)
    },
    strerror_l: (ctx, a) => {
      const e = e32(a[0])
      return errnoDescription(e) !== null ? stat(ctx, strerrorText(e)) : threadBuffer(ctx, 'strerror', strerrorText(e), opts.malloc)
    },
    strerror_r: (ctx, a) => {
      // GNU: a known errno returns the static text (buf untouched); otherwise
      // snprintf(buf, buflen, "Unknown error N") and return buf
      const e = e32(a[0])
      const d = errnoDescription(e)
      if (d !== null) return stat(ctx, d)
      const buf = ptr(a[1], 'write')
      putTruncated(ctx, buf, size(a[2]), strerrorText(e))
      return buf
    },
    __xpg_strerror_r: (ctx, a) => {
      // POSIX: copy (truncated) into buf; EINVAL for an unknown errno, ERANGE when it did not fit
      const e = e32(a[0])
      const buf = ptr(a[1], 'write')
      const n = size(a[2])
      const d = errnoDescription(e)
      if (d === null) {
        putTruncated(ctx, buf, n, strerrorText(e))
        return EINVAL
      }
      putTruncated(ctx, buf, n, d)
      return n <= d.length ? ERANGE : 0
    },
    strerrorname_np: (ctx, a) => stat(ctx, errnoName(e32(a[0]))),
    strerrordesc_np: (ctx, a) => stat(ctx, errnoDescription(e32(a[0]))),
    strsignal: (ctx, a) => {
      const sig = e32(a[0])
      return signalDescription(sig) !== null ? stat(ctx, strsignalText(sig)) : threadBuffer(ctx, 'strsignal', strsignalText(sig), opts.malloc)
    },
    sigabbrev_np: (ctx, a) => stat(ctx, signalAbbrev(e32(a[0]))),
    sigdescr_np: (ctx, a) => stat(ctx, signalDescription(e32(a[0])))
  }
}

/** The natives with allocation through the program's malloc symbol only. */
export const errnoMessageFunctions: Record<string, NativeFn> = makeErrnoMessageFunctions()

/**
 * The line perror(s) writes to stderr for errno e, as glibc: "s: message\n", or just
 * "message\n" when s is NULL or empty.
 */
export function perrorLine(s: string | null, e: number): string {
  const msg = strerrorText(e)
  return s === null || s === '' ? `${msg}\n` : `${s}: ${msg}\n`
}

/**
 * The line psignal(sig, s) writes to stderr, as glibc 2.36: the sigdescr_np text, or
 * "Unknown signal N" for any other number (real-time signals included, unlike strsignal).
 */
export function psignalLine(sig: number, s: string | null): string {
  const d = signalDescription(sig) ?? `Unknown signal ${sig | 0}`
  return s === null || s === '' ? `${d}\n` : `${s}: ${d}\n`
}
