/**
 * What head and tail share (GNU coreutils): `-n N` / `-c N` (the last one wins; `sign` before N
 * flips the meaning: head's "all but the last N", tail's "from line N"), GNU size suffixes,
 * `==> name <==` headers with -v or several files, and the same messages for files that
 * cannot be read.
 */
import type { ProcessContext } from '../shell/os'
import { EISDIR } from '../shell/os'
import { Output, complain, parseArgs, quoteAlways, quoteLocale, strerror, usageError } from './lib'

/** Parses a GNU size (`10`, `1K`, `2b`, `1KB`, `1M`…); null when invalid. */
export function parseCount(s: string): number | null {
  const m = /^([0-9]+)(b|K|KB|KiB|k|kB|M|MB|MiB|G|GB|GiB)?$/.exec(s)
  if (m === null) return null
  const mult: Record<string, number> = { b: 512, K: 1024, k: 1024, KiB: 1024, KB: 1000, kB: 1000, M: 1 << 20, MiB: 1 << 20, MB: 1e6, G: 1 << 30, GiB: 1 << 30, GB: 1e9 }
  return Number(m[1]) * (m[2] === undefined ? 1 : mult[m[2]]!)
}

/** The count the command line chose: lines (`n`) or bytes (`c`), and whether it had `sign`. */
export interface HeadTailCount {
  mode: 'n' | 'c'
  count: number
  signed: boolean
}

/**
 * Runs head or tail: parses `argv` (already rewritten from the obsolete `-N` form), then for
 * each file (`-` = standard input) reads it with `read` and writes what `select` keeps.
 */
export async function runHeadTail(
  ctx: ProcessContext,
  tool: 'head' | 'tail',
  argv: string[],
  sign: '-' | '+',
  read: (name: string, c: HeadTailCount) => Promise<Uint8Array | number>,
  select: (data: Uint8Array, c: HeadTailCount) => Uint8Array
): Promise<number> {
  const args = parseArgs(argv, { withValue: 'nc', flags: 'qvz', long: { lines: 'n', bytes: 'c', quiet: 'q', silent: 'q', verbose: 'v' } })
  if (args.error !== undefined) return usageError(ctx, tool, args.error)
  const c: HeadTailCount = { mode: 'n', count: 10, signed: false }
  for (const [k, vs] of args.flags) {
    if (k !== 'n' && k !== 'c') continue
    const v = vs[vs.length - 1]!
    const n = parseCount(v.replace(/^[-+]/, ''))
    if (n === null) {
      await complain(ctx, tool, `invalid number of ${k === 'n' ? 'lines' : 'bytes'}: ${quoteLocale(v)}`)
      return 1
    }
    c.mode = k
    c.count = n
    c.signed = v.startsWith(sign)
  }
  const files = args.operands.length === 0 ? ['-'] : args.operands
  const headers = args.flags.has('v') || (files.length > 1 && !args.flags.has('q'))
  const out = new Output(ctx)
  let status = 0
  let first = true
  for (const name of files) {
    const data = await read(name, c)
    if (typeof data === 'number') {
      await out.flush()
      if (data === -EISDIR) {
        if (headers) {
          await out.write(`${first ? '' : '\n'}==> ${name} <==\n`)
          first = false
          await out.flush()
        }
        await complain(ctx, tool, `error reading ${quoteAlways(name)}: ${strerror(data)}`)
      } else await complain(ctx, tool, `cannot open ${quoteAlways(name)} for reading: ${strerror(data)}`)
      status = 1
      continue
    }
    if (headers) await out.write(`${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`)
    first = false
    await out.write(select(data, c))
  }
  await out.flush()
  return out.failed ? 1 : status
}
