/**
 * Helpers shared by the tools: buffered output, reading whole inputs, GNU-style messages.
 */
import { O_RDONLY, S_IFDIR, S_IFMT, isErr, strerror, type ProcessContext } from '../shell/os'

const encoder = new TextEncoder()

/** Buffers a program's writes to one descriptor and flushes them in large chunks. */
export class Output {
  private chunks: Uint8Array[] = []
  private size = 0
  /** Set when a write failed (EPIPE, EBADF): the program should stop. */
  failed = false
  constructor(
    private readonly ctx: ProcessContext,
    private readonly fd = 1,
    private readonly limit = 65536
  ) {}

  async write(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data
    if (bytes.length === 0) return
    this.chunks.push(bytes)
    this.size += bytes.length
    if (this.size >= this.limit) await this.flush()
  }

  async flush(): Promise<boolean> {
    if (this.size === 0 || this.failed) return !this.failed
    const all = concat(this.chunks, this.size)
    this.chunks = []
    this.size = 0
    const r = await this.ctx.write(this.fd, all)
    if (r < 0) this.failed = true
    return !this.failed
  }
}

export function concat(chunks: readonly Uint8Array[], total?: number): Uint8Array {
  const size = total ?? chunks.reduce((n, c) => n + c.length, 0)
  const out = new Uint8Array(size)
  let off = 0
  for (const c of chunks) {
    out.set(c, off)
    off += c.length
  }
  return out
}

/** Writes `program: message\n` to standard error. */
export async function complain(ctx: ProcessContext, program: string, message: string): Promise<void> {
  await ctx.write(2, `${program}: ${message}\n`)
}

export type Opened = { fd: number; close: boolean } | { error: number }

/** Opens an input operand (`-` is standard input). A directory opens, and fails on read with EISDIR. */
export async function openInput(ctx: ProcessContext, name: string): Promise<Opened> {
  if (name === '-') return { fd: 0, close: false }
  const fd = await ctx.open(name, O_RDONLY)
  if (fd < 0) return { error: fd }
  return { fd, close: true }
}

/** Reads a descriptor to the end; returns the bytes or a negative errno. */
export async function readAll(ctx: ProcessContext, fd: number, limit = 256 << 20): Promise<Uint8Array | number> {
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const r = await ctx.read(fd, 65536)
    if (isErr(r)) return r
    if (r.length === 0) break
    chunks.push(r)
    total += r.length
    if (total > limit) break
  }
  return concat(chunks, total)
}

/** Reads a whole named input; on failure returns the errno (for the caller's message). */
export async function readInput(ctx: ProcessContext, name: string): Promise<Uint8Array | number> {
  const o = await openInput(ctx, name)
  if ('error' in o) return o.error
  const data = await readAll(ctx, o.fd)
  if (o.close) ctx.close(o.fd)
  return data
}

export async function isDirectory(ctx: ProcessContext, name: string): Promise<boolean> {
  const st = await ctx.stat(name)
  return !isErr(st) && (st.mode & S_IFMT) === S_IFDIR
}

export { strerror }

/** GNU quoting of a file name in messages (`'name'`), shell-escaped when it needs it. */
export function quoteName(name: string): string {
  if (/^[A-Za-z0-9_./:@%+,=-]+$/.test(name) && name !== '') return name
  if (!name.includes("'")) return `'${name}'`
  return `"${name.replace(/(["\\$`])/g, '\\$1')}"`
}

/** As quoteName, but always in quotes (`cannot open 'x' for reading`). */
export function quoteAlways(name: string): string {
  if (!name.includes("'")) return `'${name}'`
  return `"${name.replace(/(["\\$`])/g, '\\$1')}"`
}

/** gnulib's quote() in a UTF-8 locale: ‘name’ (used in "invalid number" messages). */
export function quoteLocale(s: string): string {
  return `\u2018${s}\u2019`
}

/** Splits bytes into lines, keeping the newline on each (the last may lack it). */
export function splitLines(data: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = []
  let start = 0
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 10) {
      lines.push(data.subarray(start, i + 1))
      start = i + 1
    }
  }
  if (start < data.length) lines.push(data.subarray(start))
  return lines
}

/**
 * GNU getopt-style parsing of short options: `-abc`, `-n5`, `-n 5`, `--` ends options, and
 * long options mapped to short ones. Options may follow operands (GNU permutation).
 */
export interface ParsedArgs {
  flags: Map<string, string[]>
  operands: string[]
  error?: string
}

export function parseArgs(
  argv: readonly string[],
  spec: { withValue: string; flags: string; long?: Readonly<Record<string, string>> },
  permute = true
): ParsedArgs {
  const flags = new Map<string, string[]>()
  const operands: string[] = []
  const add = (k: string, v: string): void => {
    const cur = flags.get(k) ?? []
    cur.push(v)
    flags.set(k, cur)
  }
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') {
      operands.push(...argv.slice(i + 1))
      break
    }
    if (a.startsWith('--') && spec.long !== undefined) {
      const eq = a.indexOf('=')
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq)
      const matches = Object.keys(spec.long).filter((k) => k.startsWith(name))
      const exact = Object.hasOwn(spec.long, name) ? name : matches.length === 1 ? matches[0] : undefined
      if (exact === undefined) {
        return { flags, operands, error: matches.length > 1 ? `option '${a}' is ambiguous` : `unrecognized option '${a}'` }
      }
      const short = spec.long[exact]!
      if (spec.withValue.includes(short)) {
        const v = eq >= 0 ? a.slice(eq + 1) : argv[++i]
        if (v === undefined) return { flags, operands, error: `option '--${exact}' requires an argument` }
        add(short, v)
      } else add(short, '')
      continue
    }
    if (a.startsWith('-') && a !== '-') {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!
        if (spec.withValue.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i]
          if (v === undefined) return { flags, operands, error: `option requires an argument -- '${c}'` }
          add(c, v)
          break
        }
        if (!spec.flags.includes(c)) return { flags, operands, error: `invalid option -- '${c}'` }
        add(c, '')
      }
      continue
    }
    if (!permute) {
      operands.push(...argv.slice(i))
      break
    }
    operands.push(a)
  }
  return { flags, operands }
}

/** Prints GNU's usage error (`prog: invalid option -- 'x'` + the try line) and returns 1 (or `status`). */
export async function usageError(ctx: ProcessContext, program: string, error: string, status = 1): Promise<number> {
  await ctx.write(2, `${program}: ${error}\nTry '${program} --help' for more information.\n`)
  return status
}

export function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes)
}
