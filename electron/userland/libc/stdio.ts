/**
 * stdio with glibc's buffering: stdout is line-buffered on a terminal and fully buffered (4096
 * bytes, the pipe's or file's st_blksize) otherwise; stderr is unbuffered; buffers are flushed
 * on fflush, exit() and when full, lost when a process dies of a signal, and duplicated by fork()
 * (the buffer is process memory) — the classic "printf before fork prints twice into a pipe".
 *
 * Output never blocks inside printf: bytes that a full pipe cannot take yet stay in the buffer;
 * fflush() and exit() wait (return BLOCK) until everything is written. Input refills block until
 * data arrives; nothing is consumed until a call can complete, so a retried call is idempotent.
 */
import type { Value } from '../cc/ast'
import { formatPrintf } from './format'
import { cstringLatin1, vaListArgs, valueArgs } from './printf-args'
import { BLOCK, type NativeContext, type NativeFn, type NativeResult } from '../cc/vm'
import { ERESTARTSYS, ERRNO } from '../../kernel/include/uapi/asm-generic/errno-base'
import { O_ACCMODE, O_APPEND, O_CREAT, O_EXCL, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY } from '../../kernel/fs/file'
import { SEEK_CUR, SEEK_END, SEEK_SET } from '../../kernel/fs/vfs'
import { getErrno, setErrno } from './errno'
import { strerrorText } from './errno-messages'
import { cbytes, cstring, int, machineOf, num, procOf } from './runtime'

export const _IOFBF = 0
export const _IOLBF = 1
export const _IONBF = 2
export const BUFSIZ = 8192
export const EOF = -1

/** FILE* values are opaque handles in a range that is never mapped. */
const FILE_BASE = 0x7f5a5a000000
const STDIN_HANDLE = FILE_BASE
const STDOUT_HANDLE = FILE_BASE + 0x100
const STDERR_HANDLE = FILE_BASE + 0x200

class Stream {
  /** Buffering mode; null until the first I/O decides it (isatty). */
  mode: number | null = null
  size = 4096
  out: number[] = []
  input: number[] = []
  eof = false
  err = false
  constructor(
    readonly handle: number,
    public fd: number,
    readonly readable: boolean,
    readonly writable: boolean
  ) {}

  clone(): Stream {
    const c = new Stream(this.handle, this.fd, this.readable, this.writable)
    c.mode = this.mode
    c.size = this.size
    c.out = this.out.slice()
    c.input = this.input.slice()
    c.eof = this.eof
    c.err = this.err
    return c
  }
}

/** The process's streams; lives in `proc.libc.stdio` and is copied by fork. */
export class StdioState {
  streams = new Map<number, Stream>()
  nextHandle = FILE_BASE + 0x300
  constructor() {
    this.streams.set(STDIN_HANDLE, new Stream(STDIN_HANDLE, 0, true, false))
    this.streams.set(STDOUT_HANDLE, new Stream(STDOUT_HANDLE, 1, false, true))
    const err = new Stream(STDERR_HANDLE, 2, false, true)
    err.mode = _IONBF
    this.streams.set(STDERR_HANDLE, err)
  }
  clone(): StdioState {
    const c = new StdioState()
    c.streams = new Map([...this.streams].map(([h, s]) => [h, s.clone()]))
    c.nextHandle = this.nextHandle
    return c
  }
}

function state(ctx: NativeContext): StdioState {
  let s = ctx.proc.libc.stdio as StdioState | undefined
  if (!s) ctx.proc.libc.stdio = s = new StdioState()
  return s
}

function streamOf(ctx: NativeContext, f: Value): Stream | null {
  return state(ctx).streams.get(num(f)) ?? null
}

/** Is `fd` the machine's terminal? (isatty) */
export function fdIsTty(ctx: NativeContext, fd: number): boolean {
  const m = machineOf(ctx)
  const file = m.vfs.file(procOf(ctx).pid, fd)
  return typeof file !== 'number' && file.inode.dev === m.tty
}

function decideMode(ctx: NativeContext, s: Stream): number {
  if (s.mode === null) s.mode = fdIsTty(ctx, s.fd) ? _IOLBF : _IOFBF
  return s.mode
}

const latin1 = (text: string): number[] => {
  const out = new Array<number>(text.length)
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff
  return out
}

/** Writes as much buffered output as the descriptor takes. 'blocked' when a pipe is full. */
function drain(ctx: NativeContext, s: Stream): 'done' | 'blocked' | 'error' {
  const m = machineOf(ctx)
  const pid = procOf(ctx).pid
  while (s.out.length > 0) {
    const r = m.vfs.write(pid, s.fd, Uint8Array.from(s.out))
    if (r === -ERESTARTSYS) return 'blocked'
    if (r < 0) {
      s.err = true
      s.out = []
      setErrno(ctx, -r)
      if (r === -ERRNO.EPIPE) m.kill(pid, 13)
      return 'error'
    }
    s.out.splice(0, r)
    m.wake()
  }
  return 'done'
}

/** Appends bytes to a stream and writes out what its buffering mode says must go now. */
function emit(ctx: NativeContext, s: Stream, bytes: number[]): void {
  if (!s.writable) {
    s.err = true
    setErrno(ctx, ERRNO.EBADF)
    return
  }
  const mode = decideMode(ctx, s)
  for (const b of bytes) s.out.push(b)
  if (mode === _IONBF) {
    drain(ctx, s)
  } else if (mode === _IOLBF) {
    const nl = s.out.lastIndexOf(0x0a)
    if (nl >= 0 || s.out.length >= s.size) drain(ctx, s)
  } else if (s.out.length >= s.size) {
    drain(ctx, s)
  }
}

/** Flushes every output stream (exit, and reads that refill line-buffered input). */
export function flushAll(ctx: NativeContext, onlyLineBuffered = false): 'done' | 'blocked' {
  let blocked = false
  for (const s of state(ctx).streams.values()) {
    if (!s.writable || s.out.length === 0) continue
    if (onlyLineBuffered && s.mode !== _IOLBF) continue
    if (drain(ctx, s) === 'blocked') blocked = true
  }
  return blocked ? 'blocked' : 'done'
}

/** Reads more input into a stream's buffer; 'blocked' when the descriptor has nothing yet. */
function fill(ctx: NativeContext, s: Stream): 'data' | 'eof' | 'blocked' | 'error' {
  if (s.eof) return 'eof'
  // glibc flushes line-buffered output before it waits for input, so a prompt shows.
  flushAll(ctx, true)
  const r = machineOf(ctx).vfs.read(procOf(ctx).pid, s.fd, 4096)
  if (r === -ERESTARTSYS) return 'blocked'
  if (typeof r === 'number') {
    s.err = true
    setErrno(ctx, -r)
    return 'error'
  }
  if (r.length === 0) {
    s.eof = true
    return 'eof'
  }
  for (const b of r) s.input.push(b)
  return 'data'
}

/** Stores a formatted byte-string into a user buffer of `size` bytes (snprintf rules). */
function storeFormatted(ctx: NativeContext, dst: Value, size: number, text: string): void {
  if (size <= 0) return
  const n = Math.min(text.length, size - 1)
  const bytes = new Uint8Array(n + 1)
  for (let i = 0; i < n; i++) bytes[i] = text.charCodeAt(i) & 0xff
  ctx.mem.write(num(dst), bytes)
}

const fmtOf = (ctx: NativeContext, v: Value) => cstringLatin1(ctx.mem, num(v))

/** %m: the message for the caller's errno. */
const errnoText = (ctx: NativeContext) => () => strerrorText(getErrno(ctx))

function openFlags(mode: string): number | null {
  const plus = mode.includes('+')
  switch (mode[0]) {
    case 'r':
      return plus ? O_RDWR : O_RDONLY
    case 'w':
      return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC
    case 'a':
      return (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND
    default:
      return null
  }
}

function newStream(ctx: NativeContext, fd: number, flags: number): number {
  const st = state(ctx)
  const handle = st.nextHandle
  st.nextHandle += 0x100
  const acc = flags & O_ACCMODE
  st.streams.set(handle, new Stream(handle, fd, acc !== O_WRONLY, acc !== O_RDONLY))
  return handle
}

function putBytes(ctx: NativeContext, f: Value, bytes: number[]): number {
  const s = streamOf(ctx, f)
  if (!s) return -1
  emit(ctx, s, bytes)
  return s.err ? -1 : bytes.length
}

const stdoutOf = (ctx: NativeContext) => streamOf(ctx, STDOUT_HANDLE)!

export const stdioFunctions: Record<string, NativeFn> = {
  printf: (ctx, a) => {
    const text = formatPrintf(fmtOf(ctx, a[0]!), valueArgs(ctx, a, 1, errnoText(ctx)))
    emit(ctx, stdoutOf(ctx), latin1(text))
    return text.length
  },
  vprintf: (ctx, a) => {
    const text = formatPrintf(fmtOf(ctx, a[0]!), vaListArgs(ctx.mem, a[1]!, errnoText(ctx)))
    emit(ctx, stdoutOf(ctx), latin1(text))
    return text.length
  },
  fprintf: (ctx, a) => {
    const text = formatPrintf(fmtOf(ctx, a[1]!), valueArgs(ctx, a, 2, errnoText(ctx)))
    return putBytes(ctx, a[0]!, latin1(text)) < 0 ? -1 : text.length
  },
  vfprintf: (ctx, a) => {
    const text = formatPrintf(fmtOf(ctx, a[1]!), vaListArgs(ctx.mem, a[2]!, errnoText(ctx)))
    return putBytes(ctx, a[0]!, latin1(text)) < 0 ? -1 : text.length
  },
  dprintf: (ctx, a) => {
    const text = formatPrintf(fmtOf(ctx, a[1]!), valueArgs(ctx, a, 2, errnoText(ctx)))
    const r = machineOf(ctx).vfs.write(procOf(ctx).pid, int(a[0]), Uint8Array.from(latin1(text)))
    if (r < 0) {
      setErrno(ctx, -r)
      return -1
    }
    return r
  },
  sprintf: (ctx, a) => {
    const text = formatPrintf(fmtOf(ctx, a[1]!), valueArgs(ctx, a, 2, errnoText(ctx)))
    storeFormatted(ctx, a[0]!, text.length + 1, text)
    return text.length
  },
  vsprintf: (ctx, a) => {
    const text = formatPrintf(fmtOf(ctx, a[1]!), vaListArgs(ctx.mem, a[2]!, errnoText(ctx)))
    storeFormatted(ctx, a[0]!, text.length + 1, text)
    return text.length
  },
  snprintf: (ctx, a) => {
    const text = formatPrintf(fmtOf(ctx, a[2]!), valueArgs(ctx, a, 3, errnoText(ctx)))
    storeFormatted(ctx, a[0]!, num(a[1]), text)
    return text.length
  },
  vsnprintf: (ctx, a) => {
    const text = formatPrintf(fmtOf(ctx, a[2]!), vaListArgs(ctx.mem, a[3]!, errnoText(ctx)))
    storeFormatted(ctx, a[0]!, num(a[1]), text)
    return text.length
  },
  puts: (ctx, a) => {
    const bytes = [...cbytes(ctx, a[0]!), 0x0a]
    emit(ctx, stdoutOf(ctx), bytes)
    return stdoutOf(ctx).err ? EOF : bytes.length
  },
  fputs: (ctx, a) => (putBytes(ctx, a[1]!, [...cbytes(ctx, a[0]!)]) < 0 ? EOF : 1),
  putchar: (ctx, a) => {
    const c = int(a[0]) & 0xff
    emit(ctx, stdoutOf(ctx), [c])
    return stdoutOf(ctx).err ? EOF : c
  },
  fputc: (ctx, a) => (putBytes(ctx, a[1]!, [int(a[0]) & 0xff]) < 0 ? EOF : int(a[0]) & 0xff),
  putc: (ctx, a) => (putBytes(ctx, a[1]!, [int(a[0]) & 0xff]) < 0 ? EOF : int(a[0]) & 0xff),
  fwrite: (ctx, a) => {
    const size = num(a[1])
    const count = num(a[2])
    if (size === 0 || count === 0) return 0
    const bytes = ctx.mem.read(num(a[0]), size * count)
    return putBytes(ctx, a[3]!, [...bytes]) < 0 ? 0 : count
  },
  fflush: (ctx, a): NativeResult => {
    if (num(a[0]) === 0) return flushAll(ctx) === 'blocked' ? BLOCK : 0
    const s = streamOf(ctx, a[0]!)
    if (!s) {
      setErrno(ctx, ERRNO.EBADF)
      return EOF
    }
    const r = s.writable ? drain(ctx, s) : 'done'
    if (r === 'blocked') return BLOCK
    return r === 'error' ? EOF : 0
  },
  setvbuf: (ctx, a) => {
    const s = streamOf(ctx, a[0]!)
    const mode = int(a[2])
    if (!s || (mode !== _IOFBF && mode !== _IOLBF && mode !== _IONBF)) return -1
    s.mode = mode
    // glibc: unbuffered streams use a one-byte buffer, and a later _IOLBF/_IOFBF without a buffer
    // keeps whatever buffer the stream has — so after _IONBF, _IOLBF(NULL) still writes at once.
    if (mode === _IONBF) s.size = 1
    else if (num(a[1]) !== 0 && num(a[3]) > 0) s.size = num(a[3])
    return 0
  },
  setbuf: (ctx, a) => {
    const s = streamOf(ctx, a[0]!)
    if (s) s.mode = num(a[1]) === 0 ? _IONBF : _IOFBF
  },
  setlinebuf: (ctx, a) => {
    const s = streamOf(ctx, a[0]!)
    if (s) s.mode = _IOLBF
  },
  fopen: (ctx, a) => {
    const flags = openFlags(cstring(ctx, a[1]!))
    if (flags === null) {
      setErrno(ctx, ERRNO.EINVAL)
      return 0
    }
    const p = procOf(ctx)
    const fd = machineOf(ctx).vfs.open(p.pid, cstring(ctx, a[0]!), flags, 0o666, { uid: p.uid, gid: p.uid })
    if (fd < 0) {
      setErrno(ctx, -fd)
      return 0
    }
    return newStream(ctx, fd, flags)
  },
  /**
   * tmpfile(): glibc opens an unnamed file in P_tmpdir (/tmp, O_TMPFILE) and fdopens it "w+b".
   * PinLab's VFS has no O_TMPFILE, so the file is created under a unique name and unlinked at
   * once: the same result (a nameless regular file on /tmp's file system, gone at the last close).
   */
  tmpfile: (ctx) => {
    const p = procOf(ctx)
    const vfs = machineOf(ctx).vfs
    const cred = { uid: p.uid, gid: p.uid }
    for (let n = 0; n < 1000; n++) {
      const path = `/tmp/.tmpfile.${p.pid}.${n}`
      const fd = vfs.open(p.pid, path, O_RDWR | O_CREAT | O_EXCL, 0o600, cred)
      if (fd === -ERRNO.EEXIST) continue
      if (fd < 0) {
        setErrno(ctx, -fd)
        return 0
      }
      vfs.unlink(p.pid, path, cred)
      return newStream(ctx, fd, O_RDWR)
    }
    setErrno(ctx, ERRNO.EEXIST)
    return 0
  },
  fdopen: (ctx, a) => {
    const flags = openFlags(cstring(ctx, a[1]!))
    if (flags === null) {
      setErrno(ctx, ERRNO.EINVAL)
      return 0
    }
    if (typeof machineOf(ctx).vfs.file(procOf(ctx).pid, int(a[0])) === 'number') {
      setErrno(ctx, ERRNO.EBADF)
      return 0
    }
    return newStream(ctx, int(a[0]), flags)
  },
  fclose: (ctx, a): NativeResult => {
    const s = streamOf(ctx, a[0]!)
    if (!s) {
      setErrno(ctx, ERRNO.EBADF)
      return EOF
    }
    if (s.writable && drain(ctx, s) === 'blocked') return BLOCK
    state(ctx).streams.delete(s.handle)
    return machineOf(ctx).vfs.close(procOf(ctx).pid, s.fd) < 0 ? EOF : 0
  },
  fileno: (ctx, a) => {
    const s = streamOf(ctx, a[0]!)
    if (!s) {
      setErrno(ctx, ERRNO.EBADF)
      return -1
    }
    return s.fd
  },
  fgetc: (ctx, a) => getc(ctx, a[0]!),
  getc: (ctx, a) => getc(ctx, a[0]!),
  getchar: (ctx) => getc(ctx, STDIN_HANDLE),
  ungetc: (ctx, a) => {
    const s = streamOf(ctx, a[1]!)
    const c = int(a[0])
    if (!s || c === EOF) return EOF
    s.input.unshift(c & 0xff)
    s.eof = false
    return c & 0xff
  },
  fgets: (ctx, a): NativeResult => {
    const s = streamOf(ctx, a[2]!)
    const size = int(a[1])
    if (!s || size <= 0) return 0
    for (;;) {
      const nl = s.input.indexOf(0x0a)
      if (nl >= 0 || s.input.length >= size - 1 || s.eof) {
        const take = Math.min(nl >= 0 ? nl + 1 : s.input.length, size - 1)
        if (take === 0) return 0 // end of file, nothing read
        const line = s.input.splice(0, take)
        ctx.mem.write(num(a[0]), Uint8Array.from([...line, 0]))
        return a[0]!
      }
      const r = fill2(ctx, s)
      if (r === 'blocked') return BLOCK
      if (r === 'error') return 0
    }
  },
  fread: (ctx, a): NativeResult => {
    const s = streamOf(ctx, a[3]!)
    const size = num(a[1])
    const count = num(a[2])
    if (!s || size === 0 || count === 0) return 0
    const want = size * count
    while (s.input.length < want && !s.eof) {
      const r = fill2(ctx, s)
      if (r === 'blocked') return BLOCK
      if (r === 'error') break
    }
    const items = Math.floor(Math.min(want, s.input.length) / size)
    const bytes = s.input.splice(0, items * size)
    if (bytes.length > 0) ctx.mem.write(num(a[0]), Uint8Array.from(bytes))
    return items
  },
  feof: (ctx, a) => (streamOf(ctx, a[0]!)?.eof && streamOf(ctx, a[0]!)!.input.length === 0 ? 1 : 0),
  ferror: (ctx, a) => (streamOf(ctx, a[0]!)?.err ? 1 : 0),
  clearerr: (ctx, a) => {
    const s = streamOf(ctx, a[0]!)
    if (s) {
      s.eof = false
      s.err = false
    }
  },
  fseek: (ctx, a): NativeResult => {
    const s = streamOf(ctx, a[0]!)
    if (!s) return -1
    if (s.writable && drain(ctx, s) === 'blocked') return BLOCK
    const whence = int(a[2])
    let offset = num(a[1])
    if (whence === SEEK_CUR) offset -= s.input.length
    const r = machineOf(ctx).vfs.lseek(procOf(ctx).pid, s.fd, offset, whence === SEEK_END ? SEEK_END : whence === SEEK_CUR ? SEEK_CUR : SEEK_SET)
    if (r < 0) {
      setErrno(ctx, -r)
      return -1
    }
    s.input = []
    s.eof = false
    return 0
  },
  ftell: (ctx, a) => {
    const s = streamOf(ctx, a[0]!)
    if (!s) return -1
    const r = machineOf(ctx).vfs.lseek(procOf(ctx).pid, s.fd, 0, SEEK_CUR)
    if (r < 0) {
      setErrno(ctx, -r)
      return -1
    }
    return r - s.input.length + s.out.length
  },
  rewind: (ctx, a) => {
    const s = streamOf(ctx, a[0]!)
    if (!s) return
    if (s.writable) drain(ctx, s)
    machineOf(ctx).vfs.lseek(procOf(ctx).pid, s.fd, 0, SEEK_SET)
    s.input = []
    s.eof = false
    s.err = false
  },
  perror: (ctx, a) => {
    const msg = strerrorText(getErrno(ctx))
    const prefix = num(a[0]) !== 0 ? cstring(ctx, a[0]!) : ''
    const text = prefix ? `${prefix}: ${msg}\n` : `${msg}\n`
    emit(ctx, streamOf(ctx, STDERR_HANDLE)!, [...new TextEncoder().encode(text)])
  },
  remove: (ctx, a) => {
    const p = procOf(ctx)
    const path = cstring(ctx, a[0]!)
    const cred = { uid: p.uid, gid: p.uid }
    let r = machineOf(ctx).vfs.unlink(p.pid, path, cred)
    if (r === -ERRNO.EISDIR) r = machineOf(ctx).vfs.rmdir(p.pid, path, cred)
    if (r < 0) {
      setErrno(ctx, -r)
      return -1
    }
    return 0
  }
}

function getc(ctx: NativeContext, f: Value): NativeResult {
  const s = streamOf(ctx, f)
  if (!s) return EOF
  if (s.input.length > 0) return s.input.shift()!
  const r = fill2(ctx, s)
  if (r === 'blocked') return BLOCK
  if (r !== 'data') return EOF
  return s.input.shift()!
}

/** fill() that treats a descriptor that is not open for reading as an error. */
function fill2(ctx: NativeContext, s: Stream): 'data' | 'eof' | 'blocked' | 'error' {
  if (!s.readable) {
    s.err = true
    setErrno(ctx, ERRNO.EBADF)
    return 'error'
  }
  return fill(ctx, s)
}

/** The data objects stdin, stdout and stderr: pointers to the standard streams. */
export const stdioData = {
  stdin: { size: 8, align: 8, init: u64(STDIN_HANDLE) },
  stdout: { size: 8, align: 8, init: u64(STDOUT_HANDLE) },
  stderr: { size: 8, align: 8, init: u64(STDERR_HANDLE) }
}

function u64(v: number): Uint8Array {
  const b = new Uint8Array(8)
  let x = v
  for (let i = 0; i < 8; i++) {
    b[i] = x % 256
    x = Math.floor(x / 256)
  }
  return b
}
